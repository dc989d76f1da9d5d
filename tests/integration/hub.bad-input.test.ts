import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../src/main/services/auth.js';
import { cash, idemKey, startTestHub, type Json, type Staff, type TestHub } from './support/hub-harness.js';
import { Terminal } from './support/hub-terminal.js';

// Bad input of every kind is answered with protocol.md's status and error shape, and
// changes nothing: no event, no OR number, no account, no broadcast.

let h: TestHub;
let sales: Staff, cashier: Staff;
let customerId: string;
let txId: string;
let watcher: Terminal;
const tokens: Record<string, string> = {};

function snapshot() {
  const q = h.hub.store.q;
  return { seq: h.hub.store.lastSeq(), or: q.registers.series('reg_c1', 'or')?.last_number, users: q.users.count() };
}

beforeAll(async () => {
  h = await startTestHub();
  sales = await h.staff('sales', 'sales-1');
  cashier = await h.staff('cashier', 'cashier-1');
  customerId = await h.customer(sales.token, 'Maria');
  txId = (await h.transaction(sales.token, customerId, 1000_00)).id;
  watcher = await Terminal.connect(h.url, h.admin.token);

  const secret = Buffer.from(readFileSync(join(h.dataDir, 'hub-token.key'), 'utf8'), 'base64url');
  tokens.expired = new TokenSigner(secret, 3600_000, () => Date.now() - 2 * 3600_000).sign(cashier.id, 'cashier').token;
  tokens.otherSecret = new TokenSigner(randomBytes(32), 3600_000, Date.now).sign(h.admin.id, 'admin').token;
  // A cashier's token with its claims rewritten to admin: the signature no longer matches.
  const [body, mac] = cashier.token.split('.');
  const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
  tokens.forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${mac}`;
});

afterAll(async () => {
  watcher?.close();
  await h?.close();
});

const line = (o: Record<string, unknown> = {}) => ({ description: 'Tarpaulin printing', quantity: 1, unitPrice: 100_00, ...o });

interface Case {
  name: string;
  method: 'GET' | 'POST';
  path: string | (() => string);
  as?: 'admin' | 'sales' | 'cashier' | 'none' | keyof typeof tokens | 'garbage';
  body?: unknown | (() => unknown);
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const tx = (body: unknown): Pick<Case, 'method' | 'path' | 'as' | 'body'> => ({ method: 'POST', path: '/api/v1/transactions', as: 'sales', body });
const settle = (body: unknown, headers: Record<string, string> = { 'idempotency-key': 'k-' + 'x'.repeat(10) }): Pick<Case, 'method' | 'path' | 'as' | 'body' | 'headers'> => ({
  method: 'POST',
  path: '/api/v1/settlements',
  as: 'cashier',
  body,
  headers,
});

const cases: Case[] = [
  // wrong types and missing fields
  { name: 'quantity as a string', ...tx(() => ({ customerId, lines: [line({ quantity: '2' })] })), status: 400, code: 'validation_failed' },
  { name: 'no customerId', ...tx({ lines: [line()] }), status: 400, code: 'validation_failed' },
  { name: 'no lines', ...tx(() => ({ customerId, lines: [] })), status: 400, code: 'validation_failed' },
  { name: 'body is an array', ...tx([1, 2]), status: 400, code: 'validation_failed' },
  { name: 'body is null', ...tx(null), status: 400, code: 'validation_failed' },
  // money
  { name: 'fractional centavos in a price', ...tx(() => ({ customerId, lines: [line({ unitPrice: 100.5 })] })), status: 400, code: 'validation_failed' },
  { name: 'negative price', ...tx(() => ({ customerId, lines: [line({ unitPrice: -1 })] })), status: 400, code: 'validation_failed' },
  { name: 'price above the ledger maximum', ...tx(() => ({ customerId, lines: [line({ unitPrice: 1e15 })] })), status: 400, code: 'validation_failed' },
  { name: 'line amount overflowing the maximum', ...tx(() => ({ customerId, lines: [line({ quantity: 1_000_000, unitPrice: 100_000_000_000 })] })), status: 400, code: 'validation_failed' },
  { name: 'lines summing above the maximum', ...tx(() => ({ customerId, lines: Array.from({ length: 3 }, () => line({ unitPrice: 60_000_000_000 })) })), status: 400, code: 'validation_failed' },
  { name: 'fractional settlement amount', ...settle(() => cash(customerId, 10.25)), status: 400, code: 'validation_failed' },
  { name: 'zero settlement amount', ...settle(() => cash(customerId, 0)), status: 400, code: 'validation_failed' },
  { name: 'amount as a string', ...settle(() => ({ ...cash(customerId, 100), amount: '100' })), status: 400, code: 'validation_failed' },
  { name: 'unknown tender method', ...settle(() => ({ ...cash(customerId, 100), tender: { method: 'bitcoin' } })), status: 400, code: 'validation_failed' },
  { name: '1e400 in raw JSON', method: 'POST', path: '/api/v1/settlements', as: 'cashier', raw: `{"customerId":"x","amount":1e400,"tender":{"method":"cash"},"allocation":{"strategy":"oldest_first"}}`, headers: { 'idempotency-key': 'k-raw-000001' }, status: 400, code: 'validation_failed' },
  // the rules (well-formed, not allowed)
  { name: 'overpayment', ...settle(() => cash(customerId, 2000_00)), status: 422, code: 'overpayment' },
  { name: 'cash tendered below the amount', ...settle(() => cash(customerId, 100_00, { tender: { method: 'cash', tendered: 50_00 } })), status: 422, code: 'tender_insufficient' },
  { name: 'manual lines not adding up', ...settle(() => ({ ...cash(customerId, 100_00), allocation: { strategy: 'manual', lines: [{ transactionId: txId, amount: 90_00 }] } })), status: 422, code: 'allocation_mismatch' },
  // idempotency header
  { name: 'no Idempotency-Key', ...settle(() => cash(customerId, 100), {}), status: 400, code: 'bad_request' },
  { name: 'Idempotency-Key with a control character', ...settle(() => cash(customerId, 100), { 'idempotency-key': 'a\tb' }), status: 400, code: 'bad_request' },
  // unknown ids
  { name: 'unknown customer on a transaction', ...tx({ customerId: 'cus_nope', lines: [line()] }), status: 404, code: 'not_found' },
  { name: 'unknown customer on a settlement', ...settle(cash('cus_nope', 100)), status: 404, code: 'not_found' },
  { name: 'unknown transaction', method: 'GET', path: '/api/v1/transactions/txn_nope', as: 'admin', status: 404, code: 'not_found' },
  { name: 'malformed id', method: 'GET', path: '/api/v1/transactions/a%20b', as: 'admin', status: 400, code: 'validation_failed' },
  { name: 'void of an unknown settlement', method: 'POST', path: '/api/v1/settlements/stl_nope/void', as: 'admin', body: { reason: 'x' }, status: 404, code: 'not_found' },
  { name: 'ledger of an unknown customer', method: 'GET', path: '/api/v1/customers/cus_nope/ledger', as: 'admin', status: 404, code: 'not_found' },
  { name: 'unknown endpoint', method: 'GET', path: '/api/v1/nothing', as: 'admin', status: 404, code: 'not_found' },
  // queries
  { name: 'limit=0', method: 'GET', path: '/api/v1/transactions?limit=0', as: 'admin', status: 400, code: 'validation_failed' },
  { name: 'limit=abc', method: 'GET', path: '/api/v1/settlements?limit=abc', as: 'admin', status: 400, code: 'validation_failed' },
  { name: 'unknown status filter', method: 'GET', path: '/api/v1/transactions?status=owing', as: 'admin', status: 400, code: 'validation_failed' },
  { name: 'garbage cursor', method: 'GET', path: '/api/v1/transactions?cursor=zzz', as: 'admin', status: 400, code: 'validation_failed' },
  { name: 'events after=-1', method: 'GET', path: '/api/v1/events?after=-1', as: 'admin', status: 400, code: 'validation_failed' },
  // wrong role
  { name: 'sales settling', ...settle(() => cash(customerId, 100)), as: 'sales', status: 403, code: 'forbidden' },
  { name: 'sales previewing', method: 'POST', path: '/api/v1/settlements/preview', as: 'sales', body: () => cash(customerId, 100), status: 403, code: 'forbidden' },
  { name: 'cashier creating a transaction', ...tx(() => ({ customerId, lines: [line()] })), as: 'cashier', status: 403, code: 'forbidden' },
  { name: 'cashier creating staff', method: 'POST', path: '/api/v1/staff', as: 'cashier', body: { username: 'eve', password: 'password1', role: 'admin', displayName: 'Eve' }, status: 403, code: 'forbidden' },
  { name: 'cashier voiding a receipt', method: 'POST', path: '/api/v1/settlements/stl_any/void', as: 'cashier', body: { reason: 'x' }, status: 403, code: 'forbidden' },
  { name: 'sales reading a ledger', method: 'GET', path: () => `/api/v1/customers/${customerId}/ledger`, as: 'sales', status: 403, code: 'forbidden' },
  // tokens
  { name: 'no token', ...tx(() => ({ customerId, lines: [line()] })), as: 'none', status: 401, code: 'unauthorized' },
  { name: 'expired token', ...settle(() => cash(customerId, 100)), as: 'expired', status: 401, code: 'unauthorized' },
  { name: 'forged token (role rewritten)', method: 'POST', path: '/api/v1/staff', as: 'forged', body: { username: 'eve', password: 'password1', role: 'admin', displayName: 'Eve' }, status: 401, code: 'unauthorized' },
  { name: 'token of another store', method: 'GET', path: '/api/v1/events', as: 'otherSecret', status: 401, code: 'unauthorized' },
  { name: 'garbage bearer', method: 'GET', path: '/api/v1/transactions', as: 'garbage', status: 401, code: 'unauthorized' },
  // staff
  { name: 'staff password too short', method: 'POST', path: '/api/v1/staff', as: 'admin', body: { username: 'newbie', password: 'short', role: 'sales', displayName: 'N' }, status: 400, code: 'validation_failed' },
  { name: 'staff username taken', method: 'POST', path: '/api/v1/staff', as: 'admin', body: { username: 'SALES-1', password: 'password1', role: 'sales', displayName: 'N' }, status: 409, code: 'conflict' },
  { name: 'staff with an unknown role', method: 'POST', path: '/api/v1/staff', as: 'admin', body: { username: 'newbie', password: 'password1', role: 'owner', displayName: 'N' }, status: 400, code: 'validation_failed' },
  // bodies
  { name: 'oversized body', ...tx(() => ({ customerId, lines: [line()], notes: 'x'.repeat(300 * 1024) })), status: 413, code: 'payload_too_large' },
  { name: 'invalid JSON', method: 'POST', path: '/api/v1/customers', as: 'sales', raw: '{"name":', status: 400, code: 'validation_failed' },
  { name: 'text/plain body', method: 'POST', path: '/api/v1/customers', as: 'sales', raw: 'name=x', headers: { 'content-type': 'text/plain' }, status: 400, code: 'validation_failed' },
  { name: 'form-encoded body', method: 'POST', path: '/api/v1/customers', as: 'sales', raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type' },
  { name: 'prototype pollution attempt', method: 'POST', path: '/api/v1/customers', as: 'sales', raw: '{"name":"x","__proto__":{"admin":true}}', status: 400, code: 'validation_failed' },
  { name: 'login with missing password', method: 'POST', path: '/api/v1/auth/login', as: 'none', body: { username: 'admin' }, status: 400, code: 'validation_failed' },
];

describe('bad HTTP input', () => {
  it.each(cases)('$name → $status $code, nothing written', async (c) => {
    const before = snapshot();
    const token =
      c.as === 'none' ? null : c.as === 'garbage' ? 'abc.def' : c.as === 'admin' ? h.admin.token : c.as === 'sales' ? sales.token : c.as === 'cashier' || c.as === undefined ? cashier.token : tokens[c.as]!;
    const body = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
    const path = typeof c.path === 'function' ? c.path() : c.path;
    const r = await h.api(c.method, path, { token, ...(c.raw !== undefined ? { rawBody: c.raw } : { body }), headers: c.headers });
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status: c.status, code: c.code });
    expect(typeof r.body.error.message).toBe('string');
    expect(r.body.error.message).not.toMatch(/SqliteError|TypeError|RangeError|at .*\.ts/);
    expect(snapshot()).toEqual(before);
  });

  it('no bad request above reached a terminal', async () => {
    await watcher.sync();
    // Only the setup's own transaction was ever broadcast.
    expect(watcher.updates).toEqual([]);
  });

  it('void of a void is a conflict and writes nothing more', async () => {
    const ok = await h.settle(cashier.token, cash(customerId, 100_00));
    expect(ok.status).toBe(201);
    const id = ok.body.settlement.id;
    expect((await h.api('POST', `/api/v1/settlements/${id}/void`, { token: h.admin.token, body: { reason: 'test' } })).status).toBe(200);
    const before = snapshot();
    const again = await h.api('POST', `/api/v1/settlements/${id}/void`, { token: h.admin.token, body: { reason: 'test' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'already_void']);
    expect(snapshot()).toEqual(before);
  });
});

describe('bad socket input', () => {
  it('refuses a handshake without a token, or with a bad one, with connect_error unauthorized', async () => {
    for (const auth of [{}, { token: 'abc' }, { token: tokens.forged }, { token: tokens.expired }, { token: 42 }]) {
      const s = io(h.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
      expect(err.message).toBe('unauthorized');
      expect(s.connected).toBe(false);
      s.close();
    }
  });

  it('answers malformed payloads with an error ack and keeps the socket and the hub up', async () => {
    const t = await Terminal.connect(h.url, sales.token, { subscribe: false });
    const bad: [string, unknown][] = [
      ['subscribe:transaction', 'garbage'],
      ['subscribe:transaction', { transactionId: 5 }],
      ['subscribe:transaction', { transactionId: '../../etc/passwd' }],
      ['subscribe:transaction', null],
      ['subscribe:transaction', { transactionId: 'txn_nope' }],
      ['subscribe:payment_status', { after: -1 }],
      ['subscribe:payment_status', { after: 'x' }],
      ['subscribe:payment_status', { after: 1, extra: true }],
      ['subscribe:payment_status', [1, 2, 3]],
    ];
    for (const [event, payload] of bad) {
      const ack: Json = await t.socket.timeout(5000).emitWithAck(event, payload);
      expect(ack.ok).toBe(false);
      expect(['validation_failed', 'not_found']).toContain(ack.error.code);
      expect(typeof ack.error.message).toBe('string');
    }
    // No ack function, unknown events, binary: ignored without harm.
    t.socket.emit('subscribe:transaction', { transactionId: 5 });
    t.socket.emit('subscribe:transaction');
    t.socket.emit('no:such_event', { a: 1 });
    t.socket.emit('subscribe:payment_status', Buffer.from([1, 2, 3]));
    const ok: Json = await t.socket.timeout(5000).emitWithAck('subscribe:transaction', { transactionId: txId });
    expect(ok).toMatchObject({ ok: true, transaction: { id: txId } });
    expect(t.socket.connected).toBe(true);
    expect((await h.api('GET', '/api/v1/health')).status).toBe(200);
    t.close();
  });
});

describe('accounts', () => {
  it('a deactivated user is signed out everywhere: HTTP 401, socket closed, login refused', async () => {
    const gone = await h.staff('cashier', 'leaver');
    const t = await Terminal.connect(h.url, gone.token);
    const closed = new Promise<string>((resolve) => t.socket.once('disconnect', resolve));
    const r = await h.api('POST', `/api/v1/staff/${gone.id}/deactivate`, { token: h.admin.token });
    expect(r.status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect((await h.api('GET', '/api/v1/transactions', { token: gone.token })).status).toBe(401);
    const login = await h.api('POST', '/api/v1/auth/login', { body: { username: 'leaver', password: 'leaver-password' } });
    expect(login.status).toBe(401);
    t.close();
  });

  it('stores passwords only as scrypt hashes', () => {
    const row = h.hub.store.q.users.byUsername('sales-1')!;
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('sales-1-password');
  });

  it('a retried key with a different body is a conflict, not a second OR', async () => {
    const key = idemKey();
    const first = await h.settle(cashier.token, cash(customerId, 10_00), key);
    expect(first.status).toBe(201);
    const before = snapshot();
    const other = await h.settle(cashier.token, cash(customerId, 20_00), key);
    expect([other.status, other.body.error.code]).toEqual([409, 'idempotency_mismatch']);
    expect(snapshot()).toEqual(before);
  });
});
