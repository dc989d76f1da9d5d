import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InitialAdmin } from '../../src/main/services/staff.service.js';
import { apiClient, startTestHub, type TestHub } from './support/hub-harness.js';

const hubs: TestHub[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const h of hubs) await h.hub.close().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function hub(opts: Parameters<typeof startTestHub>[0] = {}): Promise<TestHub> {
  const h = await startTestHub(opts);
  hubs.push(h);
  return h;
}

describe('first start', () => {
  it('without KAHERA_ADMIN_*, generates an admin password, shows it once, and it works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kahera-first-'));
    dirs.push(dataDir);
    const shown: InitialAdmin[] = [];
    const { startHub } = await import('../../src/main/hub/server.js');
    const pino = (await import('pino')).default;
    const first = await startHub({ dataDir, port: 0, host: '127.0.0.1', env: {}, logger: pino({ level: 'silent' }), onInitialAdmin: (a) => shown.push(a) });
    expect(shown).toEqual([{ username: 'admin', generatedPassword: expect.stringMatching(/^.{12,}$/) }]);
    const api = apiClient(first.url);
    const login = await api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: shown[0]!.generatedPassword } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'admin', role: 'admin' });
    // Kept only as a hash; the token secret is private to the hub's user.
    const row = first.store.q.users.byUsername('admin')!;
    expect(row.password_hash).not.toContain(shown[0]!.generatedPassword!);
    expect(statSync(join(dataDir, 'hub-token.key')).mode & 0o777).toBe(0o600);
    await first.close();

    // A restart neither shows nor changes it; the old token still signs in.
    const second = await startHub({ dataDir, port: 0, host: '127.0.0.1', env: { KAHERA_ADMIN_PASSWORD: 'ignored-now' }, logger: pino({ level: 'silent' }), onInitialAdmin: (a) => shown.push(a) });
    expect(shown).toHaveLength(1);
    const me = await apiClient(second.url)('GET', '/api/v1/auth/me', { token: login.body.token });
    expect(me.body.user.username).toBe('admin');
    await second.close();
  });
});

describe('login', () => {
  it('answers {token, user}; a wrong password or unknown user is 401 with the same message', async () => {
    const h = await hub();
    const ok = await h.api('POST', '/api/v1/auth/login', { body: { username: 'ADMIN', password: 'admin-pass-1' } });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['token', 'user']);
    expect(Object.keys(ok.body.user).sort()).toEqual(['displayName', 'id', 'role', 'username']);
    const wrong = await h.api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'nope-nope' } });
    const unknown = await h.api('POST', '/api/v1/auth/login', { body: { username: 'ghost', password: 'nope-nope' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('is rate-limited per username: after 5 failures even the right password waits (429, Retry-After)', async () => {
    const h = await hub({ loginLimits: { perUsername: 5, perAddress: 1000, windowMs: 60_000 } });
    for (let i = 0; i < 5; i++) {
      expect((await h.api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: `guess-${i}` } })).status).toBe(401);
    }
    const blocked = await h.api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'admin-pass-1' } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another user from the same address is not blocked.
    await h.staff('sales', 'sales-1');
  });

  it('is rate-limited per address whatever username it tries', async () => {
    const h = await hub({ loginLimits: { perUsername: 1000, perAddress: 8, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await h.api('POST', '/api/v1/auth/login', { body: { username: `user${i}`, password: 'whatever1' } })).status);
    // Failed attempts count (the harness's own successful admin sign-in does not).
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
  });

  it('tokens expire: a token past its lifetime is 401', async () => {
    let offset = 0;
    const h = await hub({ now: () => new Date(Date.now() + offset), tokenTtlMs: 60_000 });
    expect((await h.api('GET', '/api/v1/transactions', { token: h.admin.token })).status).toBe(200);
    offset = 61_000;
    const r = await h.api('GET', '/api/v1/transactions', { token: h.admin.token });
    expect([r.status, r.body.error.code]).toEqual([401, 'unauthorized']);
  });
});

describe('browser terminals', () => {
  it('connect over HTTP long-polling (what a browser tries first) and receive updates', async () => {
    const { io } = await import('socket.io-client');
    const h = await hub();
    const s = io(h.url, { auth: { token: h.admin.token }, transports: ['polling'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    const ack = await s.emitWithAck('subscribe:payment_status', undefined);
    expect(ack).toEqual({ ok: true, seq: 0 });
    const got = new Promise<{ payment_status: string; seq: number }>((resolve) => s.once('payment_status_updated', resolve));
    const c = await h.customer(h.admin.token);
    await h.transaction(h.admin.token, c, 100_00);
    expect(await got).toMatchObject({ payment_status: 'unpaid', seq: 2 });
    s.close();
  });
});

describe('the terminal UI at /', () => {
  it('serves the built renderer with SPA fallback, and never falls back for /api', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kahera-renderer-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Kahera terminal</title><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("kahera")');
    const h = await hub({ rendererDir: dir });
    const res = (path: string) => fetch(h.url + path);
    const root = await res('/');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('Kahera terminal');
    const asset = await res('/assets/app-abc123.js');
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    const deep = await res('/cashier/counter-2');
    expect([deep.status, (await deep.text()).includes('Kahera terminal')]).toEqual([200, true]);
    const api = await res('/api/v1/nope');
    expect([api.status, (await api.json()).error.code]).toEqual([404, 'not_found']);
  });

  it('says how to build it when it is not built', async () => {
    const h = await hub();
    const root = await fetch(h.url + '/');
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('npm run build:web');
  });
});
