import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Role } from '../../../src/shared/common.js';
import { startHub, type Hub, type HubOptions } from '../../../src/main/hub/server.js';
import { prepareStoreDir, testMin, testSerial } from './bir-setup.js';
import { httpsFetcher, type Fetcher } from './raw-http.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON is read loosely in tests; its shape is what they assert
export type Json = any;

export const ADMIN = { username: 'admin', password: 'admin-pass-1' };

export interface ApiAnswer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client over fetch: JSON in, JSON (or nothing) out, never throws on 4xx/5xx. */
export function apiClient(baseUrl: string, fetcher: Fetcher = fetch) {
  return async function api<T = Json>(
    method: string,
    path: string,
    opts: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetcher(baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}
export type Api = ReturnType<typeof apiClient>;

export interface Staff {
  id: string;
  username: string;
  role: Role;
  token: string;
}

export interface TestHub {
  hub: Hub;
  url: string;
  dataDir: string;
  api: Api;
  admin: Staff;
  login(username: string, password: string): Promise<Staff>;
  /** Creates a staff account through the API and signs it in. */
  staff(role: Role, username: string): Promise<Staff>;
  customer(token: string, name?: string): Promise<string>;
  /** A transaction of `amount` centavos (one line) created by `token`'s user. */
  transaction(token: string, customerId: string, amount: number): Promise<Json>;
  /** POST /settlements with a fresh Idempotency-Key. */
  settle(token: string, body: unknown, key?: string): Promise<ApiAnswer>;
  close(): Promise<void>;
}

let keySeq = 0;
export function idemKey(): string {
  keySeq += 1;
  return `test-${process.pid}-${Date.now()}-${keySeq}`;
}

export async function startTestHub(overrides: Partial<HubOptions> & { birSetup?: boolean } = {}): Promise<TestHub> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'kahera-hub-'));
  const { birSetup = true, ...hubOverrides } = overrides;
  // A store in service: TIN, registered name, address, C1's MIN and serial (bir-setup.ts).
  if (birSetup) prepareStoreDir(dataDir, hubOverrides.storeId ?? hubOverrides.env?.KAHERA_STORE_ID);
  const hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'silent' }),
    env: { KAHERA_ADMIN_USER: ADMIN.username, KAHERA_ADMIN_PASSWORD: ADMIN.password },
    rendererDir: join(dataDir, 'no-renderer'),
    loginLimits: { perAddress: 10_000, perUsername: 10_000 },
    ...hubOverrides,
    dataDir,
  });
  // A hub on HTTPS is called as a terminal that trusts its certificate would.
  const api = apiClient(hub.url, hub.tls ? httpsFetcher(hub.tls.cert) : fetch);
  const login = async (username: string, password: string): Promise<Staff> => {
    const r = await api('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return { id: r.body.user.id, username, role: r.body.user.role, token: r.body.token };
  };
  const admin = await login(ADMIN.username, ADMIN.password);
  const t: TestHub = {
    hub,
    url: hub.url,
    dataDir,
    api,
    admin,
    login,
    async staff(role, username) {
      const password = `${username}-password`;
      const r = await api('POST', '/api/v1/staff', { token: admin.token, body: { username, password, role, displayName: username } });
      if (r.status !== 201) throw new Error(`create ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      const user = await login(username, password);
      // The first cashier opens at C1 (the store's own register, whose series tests read);
      // each later one at a register of its own (one open shift per register).
      if (role === 'cashier' && !(await tryOpenShift(api, user.token, 'C1'))) {
        await openShift(api, user.token, await ensureRegister(api, admin.token, username));
      }
      return user;
    },
    async customer(token, name = 'Customer') {
      const r = await api('POST', '/api/v1/customers', { token, body: { name } });
      if (r.status !== 201) throw new Error(`customer: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.customer.id as string;
    },
    async transaction(token, customerId, amount) {
      const r = await api('POST', '/api/v1/transactions', {
        token,
        body: { customerId, lines: [{ description: 'Job order', quantity: 1, unitPrice: amount }] },
      });
      if (r.status !== 201) throw new Error(`transaction: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.transaction;
    },
    settle(token, body, key = idemKey()) {
      return api('POST', '/api/v1/settlements', { token, body, headers: { 'idempotency-key': key } });
    },
    async close() {
      await hub.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/**
 * A cashier's settlements need an open shift (protocol.md). Opens one where the hub
 * has the shifts module; a hub without it answers 404 and cashiers settle freely.
 */
export async function openShift(api: Api, token: string, counter: string): Promise<void> {
  const r = await api('POST', '/api/v1/shifts', { token, body: { counter, openingFloat: 0 } });
  if (r.status !== 201 && r.status !== 404) throw new Error(`open shift: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Opens a shift at `counter` unless that register is taken (false); a hub without shifts (404) counts as open. */
async function tryOpenShift(api: Api, token: string, counter: string): Promise<boolean> {
  const r = await api('POST', '/api/v1/shifts', { token, body: { counter, openingFloat: 0 } });
  if (r.status === 201 || r.status === 404) return true;
  if (r.status === 409 && r.body?.error?.code === 'conflict') return false;
  throw new Error(`open shift: ${r.status} ${JSON.stringify(r.body)}`);
}

/**
 * A register for `name` (protocol.md v1 additions: a shift opens at a register), made by
 * the admin if the hub has none by that code yet; returns its code. A hub without the
 * registers module (404) gets the name back as it is.
 */
export async function ensureRegister(api: Api, adminToken: string, name: string): Promise<string> {
  let code = name.replace(/[^A-Za-z0-9_-]/g, '-');
  if (code.length > 16) code = `${code.slice(0, 9)}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
  const r = await api('POST', '/api/v1/registers', { token: adminToken, body: { code, name, min: testMin(code), serialNo: testSerial(code) } });
  if (r.status !== 201 && r.status !== 409 && r.status !== 404) throw new Error(`register ${code}: ${r.status} ${JSON.stringify(r.body)}`);
  return code;
}

/** Settlement body: cash, oldest first. */
export function cash(customerId: string, amount: number, extra: Record<string, unknown> = {}) {
  return { customerId, amount, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' }, ...extra };
}

/** Every event of the caller's /events feed after `after`, following hasMore. */
export async function feed(api: Api, token: string, after = 0): Promise<{ events: Json[]; lastSeq: number }> {
  const events: Json[] = [];
  let cursor = after;
  for (;;) {
    const r = await api('GET', `/api/v1/events?after=${cursor}&limit=200`, { token });
    if (r.status !== 200) throw new Error(`events: ${r.status} ${JSON.stringify(r.body)}`);
    events.push(...r.body.events);
    cursor = r.body.lastSeq;
    if (!r.body.hasMore) return { events, lastSeq: cursor };
  }
}
