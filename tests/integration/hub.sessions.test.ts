import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { TokenSigner } from '../../src/main/services/auth.js';
import { startTestHub, type Json, type TestHub } from './support/hub-harness.js';

// Sessions end when they should: signing out, deactivating, reactivating, a new password
// or a new role stop the old token at once — on HTTP and on sockets already open with it.

const hubs: TestHub[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const h of hubs) await h.close().catch(() => undefined);
});

async function hub(opts: Parameters<typeof startTestHub>[0] = {}): Promise<TestHub> {
  const h = await startTestHub(opts);
  hubs.push(h);
  return h;
}

/** A connected socket.io-client with `token`, its closes and session notices recorded. */
async function terminal(url: string, token: string) {
  const s = connect(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(s);
  const notices: Json[] = [];
  let closedAt: number | null = null;
  s.on('session_expired', (n) => notices.push(n));
  s.on('disconnect', () => (closedAt = Date.now()));
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return {
    socket: s,
    notices,
    /** Milliseconds from `since` until the hub closed it; rejects after `within` ms. */
    closedWithin: (since: number, within: number) =>
      new Promise<number>((resolve, reject) => {
        const check = setInterval(() => {
          if (closedAt !== null) {
            clearInterval(check);
            resolve(closedAt - since);
          } else if (Date.now() - since > within) {
            clearInterval(check);
            reject(new Error(`still connected after ${within} ms`));
          }
        }, 10);
      }),
  };
}

/** The message of the connect_error a fresh handshake with `token` gets, or 'connected'. */
async function handshake(url: string, token: string): Promise<string> {
  const s = connect(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(s);
  const answer = await new Promise<string>((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', (e) => resolve(e.message));
  });
  s.close();
  return answer;
}

const me = (h: TestHub, token: string) => h.api('GET', '/api/v1/auth/me', { token });

describe('POST /api/v1/auth/logout', () => {
  it('answers 204 and ends that token at once: 401 on HTTP, its sockets closed within 1 s, no new handshake', async () => {
    const h = await hub();
    const clerk = await h.staff('sales', 'sales-out');
    const other = await h.login('sales-out', 'sales-out-password'); // the same clerk on a second terminal
    const t1 = await terminal(h.url, clerk.token);
    const t2 = await terminal(h.url, other.token);

    const at = Date.now();
    const out = await h.api('POST', '/api/v1/auth/logout', { token: clerk.token });
    expect([out.status, out.body]).toEqual([204, null]);
    expect(await t1.closedWithin(at, 1000)).toBeLessThanOrEqual(1000);
    expect(t1.notices).toEqual([{ reason: 'logout' }]);

    const after = await me(h, clerk.token);
    expect([after.status, after.body.error.code]).toEqual([401, 'unauthorized']);
    expect(await handshake(h.url, clerk.token)).toBe('unauthorized');
    // Signing out twice is just another request with a dead token.
    expect((await h.api('POST', '/api/v1/auth/logout', { token: clerk.token })).status).toBe(401);

    // Only that session ended: the clerk's other terminal carries on.
    expect((await me(h, other.token)).status).toBe(200);
    expect(t2.socket.connected).toBe(true);
    expect((await t2.socket.emitWithAck('subscribe:payment_status', undefined)).ok).toBe(true);
  });

  it('needs a signed-in caller', async () => {
    const h = await hub();
    const r = await h.api('POST', '/api/v1/auth/logout');
    expect([r.status, r.body.error.code]).toEqual([401, 'unauthorized']);
  });

  it('survives a restart: a signed-out token stays dead, a live one stays alive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kahera-sessions-'));
    try {
      const first = await startTestHub({ dataDir });
      const keep = await first.login('admin', 'admin-pass-1');
      expect((await first.api('POST', '/api/v1/auth/logout', { token: first.admin.token })).status).toBe(204);
      await first.close();
      const second = await startTestHub({ dataDir });
      expect((await me(second, first.admin.token)).status).toBe(401);
      expect((await me(second, keep.token)).status).toBe(200);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('account changes end older sessions', () => {
  it('deactivating closes the sockets; after reactivation the old token still does not work', async () => {
    const h = await hub();
    const cashier = await h.staff('cashier', 'cashier-back');
    const t = await terminal(h.url, cashier.token);
    const at = Date.now();
    expect((await h.api('POST', `/api/v1/staff/${cashier.id}/deactivate`, { token: h.admin.token })).status).toBe(200);
    await t.closedWithin(at, 1000);
    expect((await me(h, cashier.token)).status).toBe(401);

    expect((await h.api('POST', `/api/v1/staff/${cashier.id}/activate`, { token: h.admin.token })).status).toBe(200);
    expect((await me(h, cashier.token)).status).toBe(401);
    expect(await handshake(h.url, cashier.token)).toBe('unauthorized');
    // A fresh sign-in works.
    const again = await h.login('cashier-back', 'cashier-back-password');
    expect((await me(h, again.token)).status).toBe(200);
  });

  it('the back-office toggle does the same', async () => {
    const h = await hub();
    const clerk = await h.staff('sales', 'sales-toggle');
    for (const active of [false, true]) {
      expect((await h.api('PUT', `/api/v1/backoffice/staff/${clerk.id}/active`, { token: h.admin.token, body: { active } })).status).toBe(200);
    }
    expect((await me(h, clerk.token)).status).toBe(401);
  });
});

describe('PATCH /api/v1/staff/:id', () => {
  it('resets a password: {user} back, every older token dead and its sockets closed; the new password signs in', async () => {
    const h = await hub();
    const clerk = await h.staff('sales', 'sales-reset');
    const t = await terminal(h.url, clerk.token);
    const at = Date.now();
    const r = await h.api('PATCH', `/api/v1/staff/${clerk.id}`, { token: h.admin.token, body: { password: 'brand-new-pass' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ user: { id: clerk.id, username: 'sales-reset', role: 'sales', displayName: 'sales-reset' } });
    await t.closedWithin(at, 1000);
    expect(t.notices).toEqual([{ reason: 'password_changed' }]);
    expect((await me(h, clerk.token)).status).toBe(401);
    expect((await h.api('POST', '/api/v1/auth/login', { body: { username: 'sales-reset', password: 'sales-reset-password' } })).status).toBe(401);
    expect((await me(h, (await h.login('sales-reset', 'brand-new-pass')).token)).status).toBe(200);
  });

  it('changes a role: the old token is dead (also if the role is changed back), the new sign-in has the new role', async () => {
    const h = await hub();
    const clerk = await h.staff('sales', 'sales-promoted');
    const r = await h.api('PATCH', `/api/v1/staff/${clerk.id}`, { token: h.admin.token, body: { role: 'cashier' } });
    expect([r.status, r.body.user.role]).toEqual([200, 'cashier']);
    const asCashier = await h.login('sales-promoted', 'sales-promoted-password');
    expect(asCashier.role).toBe('cashier');
    await h.api('PATCH', `/api/v1/staff/${clerk.id}`, { token: h.admin.token, body: { role: 'sales' } });
    expect((await me(h, clerk.token)).status).toBe(401);
    expect((await me(h, asCashier.token)).status).toBe(401);
  });

  it('a sign-in with the old password that was being checked while the reset committed does not outlive it', async () => {
    const h = await hub();
    const clerk = await h.staff('sales', 'sales-racing');
    for (let i = 0; i < 4; i++) {
      const oldPassword = i === 0 ? 'sales-racing-password' : `racing-pass-${i - 1}`;
      const reset = h.api('PATCH', `/api/v1/staff/${clerk.id}`, { token: h.admin.token, body: { password: `racing-pass-${i}` } });
      // Starts while the reset hashes the new password, so its own (equally slow) check ends after the reset commits.
      await new Promise((r) => setTimeout(r, 5));
      const signIn = h.api('POST', '/api/v1/auth/login', { body: { username: 'sales-racing', password: oldPassword } });
      const [r, s] = await Promise.all([reset, signIn]);
      expect(r.status).toBe(200);
      if (s.status === 200) expect([i, (await me(h, s.body.token)).status]).toEqual([i, 401]);
      else expect([i, s.status]).toEqual([i, 401]);
    }
  });

  it('renaming alone keeps the sessions', async () => {
    const h = await hub();
    const clerk = await h.staff('sales', 'sales-renamed');
    const r = await h.api('PATCH', `/api/v1/staff/${clerk.id}`, { token: h.admin.token, body: { displayName: 'Desk 2' } });
    expect([r.status, r.body.user.displayName]).toEqual([200, 'Desk 2']);
    expect((await me(h, clerk.token)).body.user.displayName).toBe('Desk 2');
  });

  it('an admin changing their own password keeps this session and ends their others; their own role is not theirs to change', async () => {
    const h = await hub();
    const elsewhere = await h.login('admin', 'admin-pass-1');
    const r = await h.api('PATCH', `/api/v1/staff/${h.admin.id}`, { token: h.admin.token, body: { password: 'admin-pass-2' } });
    expect(r.status).toBe(200);
    expect((await me(h, h.admin.token)).status).toBe(200);
    expect((await me(h, elsewhere.token)).status).toBe(401);
    const own = await h.api('PATCH', `/api/v1/staff/${h.admin.id}`, { token: h.admin.token, body: { role: 'sales' } });
    expect([own.status, own.body.error.code]).toEqual([409, 'conflict']);
  });

  it('validates: short password names the minimum, empty or unknown fields, bad role, unknown user, non-admin', async () => {
    const h = await hub();
    const clerk = await h.staff('sales', 'sales-checked');
    const patch = (body: unknown, token = h.admin.token, id = clerk.id) => h.api('PATCH', `/api/v1/staff/${id}`, { token, body });
    const short = await patch({ password: 'short' });
    expect([short.status, short.body.error.code]).toEqual([400, 'validation_failed']);
    expect(short.body.error.message).toMatch(/password must be at least 8 characters/);
    expect(short.body.error.details).toEqual([{ path: 'password', message: 'must be at least 8 characters' }]);
    // The same rule as creating an account.
    const create = await h.api('POST', '/api/v1/staff', { token: h.admin.token, body: { username: 'newbie', password: 'short', role: 'sales', displayName: 'N' } });
    expect(create.body.error.message).toMatch(/at least 8 characters/);
    for (const body of [{}, { username: 'renamed' }, { role: 'owner' }, null, 'x']) {
      expect([JSON.stringify(body), (await patch(body)).status]).toEqual([JSON.stringify(body), 400]);
    }
    expect((await patch({ displayName: 'X' }, h.admin.token, 'usr_nobody')).status).toBe(404);
    expect((await patch({ displayName: 'X' }, clerk.token)).status).toBe(403);
    // Nothing failed changed anything: the clerk still signs in with the old password.
    expect((await me(h, (await h.login('sales-checked', 'sales-checked-password')).token)).status).toBe(200);
  });
});

describe('login throttling', () => {
  it('counts failed sign-ins only: a counter signing in all day is never locked out', async () => {
    const h = await hub({ loginLimits: { perAddress: 3, perUsername: 1000, windowMs: 60_000 } });
    const clerk = await h.staff('cashier', 'cashier-busy');
    for (let i = 0; i < 10; i++) await h.login('cashier-busy', 'cashier-busy-password');
    await h.login('admin', 'admin-pass-1');
    // Two failures still leave room for the clerk; the third blocks the address.
    for (let i = 0; i < 2; i++) expect((await h.api('POST', '/api/v1/auth/login', { body: { username: 'ghost', password: `guess-${i}` } })).status).toBe(401);
    expect((await me(h, (await h.login('cashier-busy', 'cashier-busy-password')).token)).status).toBe(200);
    expect((await h.api('POST', '/api/v1/auth/login', { body: { username: 'ghost', password: 'guess-3' } })).status).toBe(401);
    const blocked = await h.api('POST', '/api/v1/auth/login', { body: { username: clerk.username, password: 'cashier-busy-password' } });
    expect([blocked.status, blocked.body.error.code]).toEqual([429, 'rate_limited']);
    // It says how long to wait, in the header, the details and the message alike.
    const wait = Number(blocked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expect(blocked.body.error.details).toEqual({ retryAfterSeconds: wait });
    expect(blocked.body.error.message).toMatch(new RegExp(`Try again in (${wait}|${wait - 1}) seconds`));
  });

  it('says minutes for a long wait', async () => {
    const h = await hub({ loginLimits: { perAddress: 1000, perUsername: 1, windowMs: 5 * 60_000 } });
    await h.api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'wrong-one' } });
    const blocked = await h.api('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'admin-pass-1' } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toBe('Too many failed sign-in attempts. Try again in 5 minutes.');
  });
});

describe('migration 0005_sessions', () => {
  it('keeps every account, adds an empty sessions table, and tokens from before it are refused', async () => {
    const migrations = loadMigrations(defaultStoreMigrationsDir());
    const v5 = migrations.findIndex((m) => m.name === 'sessions') + 1;
    expect(v5).toBe(5);
    const dir = mkdtempSync(join(tmpdir(), 'kahera-mig5-'));
    try {
      const db = openDatabase(join(dir, 'store.sqlite'));
      migrate(db, migrations.slice(0, v5 - 1));
      db.exec(`INSERT INTO users (id, username, password_hash, role, display_name, active, created_at) VALUES
        ('usr_a', 'alice', 'scrypt$x', 'admin', 'Alice', 1, '2026-01-05T02:00:00.000Z'),
        ('usr_b', 'bob', 'scrypt$y', 'cashier', 'Bob', 0, '2026-01-05T02:00:00.000Z')`);
      const before = db.prepare('SELECT * FROM users ORDER BY id').all();
      expect(migrate(db, migrations.slice(0, v5))).toEqual([5]);
      expect(db.prepare('SELECT * FROM users ORDER BY id').all()).toEqual(before);
      expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
      db.prepare('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run('s1', 'usr_a', 1, 2);
      // A session belongs to an account, and an ended one says why.
      expect(() => db.prepare('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run('s2', 'usr_zz', 1, 2)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("UPDATE sessions SET revoked_at = 5 WHERE id = 's1'").run()).toThrow(/CHECK/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A token signed before sessions existed names none: well signed, unexpired, refused.
    const { createHmac } = await import('node:crypto');
    const secret = Buffer.alloc(32, 7);
    const body = Buffer.from(JSON.stringify({ sub: 'usr_a', role: 'admin', iat: Date.now(), exp: Date.now() + 60_000 })).toString('base64url');
    const old = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    const signer = new TokenSigner(secret, 60_000, Date.now);
    expect(signer.verify(old)).toBeNull();
    expect(signer.verify(signer.sign('usr_a', 'admin').token)).toMatchObject({ sub: 'usr_a', sid: expect.any(String) });
  });
});
