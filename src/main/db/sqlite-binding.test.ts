import { describe, expect, it } from 'vitest';
import { cachedBindingPath, chooseSqliteBinding, type BindingFacts } from './sqlite-binding.js';

const facts = (over: Partial<BindingFacts> = {}, files: string[] = []): BindingFacts => ({
  runtime: 'electron',
  electronVersion: '40.10.2',
  sqliteVersion: '12.11.1',
  platform: 'linux',
  arch: 'x64',
  cacheRoot: '/app/.cache/electron-sqlite',
  exists: (p) => new Set(files).has(p),
  env: {},
  ...over,
});
const CACHED = '/app/.cache/electron-sqlite/40.10.2-linux-x64/better-sqlite3-12.11.1/better_sqlite3.node';

describe('chooseSqliteBinding', () => {
  it('Node (tests, the headless hub) always loads npm’s own build, whatever the cache or env says', () => {
    expect(chooseSqliteBinding(facts({ runtime: 'node', env: { KAHERA_SQLITE_BINDING: '/x.node' } }, [CACHED, '/x.node'])).kind).toBe('default');
    expect(chooseSqliteBinding(facts({ runtime: 'node', electronVersion: null })).kind).toBe('default');
  });

  it('Electron with an empty cache builds into a path keyed by Electron version, platform, arch and better-sqlite3 version', () => {
    expect(chooseSqliteBinding(facts())).toEqual({ kind: 'build', path: CACHED, reason: expect.stringContaining('40.10.2') });
    expect(cachedBindingPath(facts({ platform: 'win32', arch: 'arm64' }), '41.0.0')).toBe(
      '/app/.cache/electron-sqlite/41.0.0-win32-arm64/better-sqlite3-12.11.1/better_sqlite3.node',
    );
  });

  it('a cached build is used until Electron (or better-sqlite3) changes version', () => {
    expect(chooseSqliteBinding(facts({}, [CACHED]))).toEqual({ kind: 'use', path: CACHED, reason: expect.any(String) });
    expect(chooseSqliteBinding(facts({ electronVersion: '40.11.0' }, [CACHED]))).toMatchObject({ kind: 'build', path: expect.stringContaining('/40.11.0-linux-x64/') });
    expect(chooseSqliteBinding(facts({ sqliteVersion: '12.12.0' }, [CACHED]))).toMatchObject({ kind: 'build', path: expect.stringContaining('better-sqlite3-12.12.0') });
  });

  it('a failed build starts the headless hub and says why; no Electron at all does too', () => {
    const r = chooseSqliteBinding(facts({ buildError: 'no prebuilt binary and no compiler' }));
    expect(r).toEqual({ kind: 'headless', reason: 'better-sqlite3 could not be built for Electron 40.10.2: no prebuilt binary and no compiler' });
    expect(chooseSqliteBinding(facts({ buildError: 'x' }, [CACHED])).kind).toBe('use'); // a build made by another start meanwhile
    expect(chooseSqliteBinding(facts({ electronVersion: null }))).toMatchObject({ kind: 'headless', reason: expect.stringContaining('not installed') });
  });

  it('KAHERA_SQLITE_BINDING wins under Electron when the file exists, and is reported when it does not', () => {
    expect(chooseSqliteBinding(facts({ env: { KAHERA_SQLITE_BINDING: '/opt/b.node' } }, ['/opt/b.node', CACHED]))).toMatchObject({ kind: 'use', path: '/opt/b.node' });
    expect(chooseSqliteBinding(facts({ env: { KAHERA_SQLITE_BINDING: '/opt/gone.node' } }, [CACHED]))).toMatchObject({ kind: 'headless', reason: expect.stringContaining('/opt/gone.node') });
  });

  it('a packaged app loads the binding electron-builder rebuilt into it', () => {
    expect(chooseSqliteBinding(facts({ packaged: true })).kind).toBe('default');
  });
});

describe('openDatabase and the binding', () => {
  it('loads the binding file it is handed (nativeBinding), and only under Electron reads KAHERA_SQLITE_BINDING', async () => {
    const { createRequire } = await import('node:module');
    const { dirname, join } = await import('node:path');
    const { openDatabase, nativeBindingFromEnv } = await import('./connection.js');
    const nodeBuild = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    const db = openDatabase(':memory:', { nativeBinding: nodeBuild });
    expect(db.prepare('SELECT 1 + 1 AS n').get()).toEqual({ n: 2 });
    db.close();
    expect(() => openDatabase(':memory:', { nativeBinding: '/nonexistent/better_sqlite3.node' })).toThrow(/Cannot find module|nonexistent/);
    const env = { KAHERA_SQLITE_BINDING: '/e/b.node' };
    expect(nativeBindingFromEnv(env, { ...process.versions, electron: '40.10.2' } as NodeJS.ProcessVersions)).toBe('/e/b.node');
    expect(nativeBindingFromEnv(env, { ...process.versions, electron: undefined } as unknown as NodeJS.ProcessVersions)).toBeUndefined();
  });
});
