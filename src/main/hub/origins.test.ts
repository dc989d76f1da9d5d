import { describe, expect, it } from 'vitest';
import { originPolicy, parseAllowedOrigins } from './origins.js';

describe('KAHERA_ALLOWED_ORIGINS', () => {
  it('takes comma-separated origins, normalised', () => {
    expect(parseAllowedOrigins(' http://10.0.0.5:5173 ,HTTPS://Till.Example:8443/,')).toEqual(['http://10.0.0.5:5173', 'https://till.example:8443']);
    expect(parseAllowedOrigins(undefined)).toEqual([]);
  });

  it('refuses anything that is not a bare origin, naming the entry', () => {
    for (const bad of ['10.0.0.5:5173', 'http://x/path', 'http://x?q', 'ftp://x', 'http://user@x', '*', 'null']) {
      expect(() => parseAllowedOrigins(`http://ok.example,${bad}`), bad).toThrow(/KAHERA_ALLOWED_ORIGINS/);
    }
  });
});

describe('origin policy', () => {
  const p = originPolicy('http', ['http://10.0.0.5:5173']);
  it('allows the hub\'s own origin by Host, the listed ones, and requests without Origin', () => {
    expect(p.allows('http://192.168.1.20:8090', '192.168.1.20:8090')).toBe(true);
    expect(p.allows('http://Kahera-Hub:8090', 'kahera-hub:8090')).toBe(true);
    expect(p.allows('http://[fe80::1]:8090', '[fe80::1]:8090')).toBe(true);
    expect(p.allows('http://10.0.0.5:5173', '192.168.1.20:8090')).toBe(true);
    expect(p.allows(undefined, '192.168.1.20:8090')).toBe(true);
  });
  it('refuses every other origin, another scheme or port of the same host, and "null"', () => {
    expect(p.allows('http://evil.example', '192.168.1.20:8090')).toBe(false);
    expect(p.allows('https://192.168.1.20:8090', '192.168.1.20:8090')).toBe(false);
    expect(p.allows('http://192.168.1.20:8091', '192.168.1.20:8090')).toBe(false);
    expect(p.allows('null', '192.168.1.20:8090')).toBe(false);
    expect(p.allows('http://192.168.1.20:8090', undefined)).toBe(false);
  });
});
