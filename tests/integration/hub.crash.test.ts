import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection.js';
import { auditStore } from '../../src/main/services/audit.js';
import { ADMIN, apiClient, cash, feed, type Api, type Json } from './support/hub-harness.js';
import { launchHub, type HubProcess } from './support/hub-process.js';

// The hub as `npm run hub` runs it, in a child process, killed in the middle of a
// burst of concurrent settlements — without warning (SIGKILL) and politely (SIGTERM) —
// then restarted on the same data dir. What a cashier and an auditor would check.

const dirs: string[] = [];
const procs: HubProcess[] = [];
afterAll(() => {
  for (const p of procs) p.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Attempt {
  key: string;
  body: Json;
  status: number | 'network';
  answer?: Json;
}

async function token(api: Api): Promise<string> {
  const r = await api('POST', '/api/v1/auth/login', { body: ADMIN });
  expect(r.status).toBe(200);
  return r.body.token;
}

/** Customers with open transactions to settle against. */
async function seed(api: Api, tok: string, customers: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < customers; i++) {
    const c = await api('POST', '/api/v1/customers', { token: tok, body: { name: `Customer ${i}` } });
    ids.push(c.body.customer.id);
    for (let j = 0; j < 4; j++) {
      const t = await api('POST', '/api/v1/transactions', {
        token: tok,
        body: { customerId: c.body.customer.id, lines: [{ description: 'Order', quantity: 1, unitPrice: 5_000_00 }] },
      });
      expect(t.status).toBe(201);
    }
  }
  return ids;
}

/**
 * 8 concurrent clients settling until the hub dies; `onOk` is told of each 201 so the
 * test can pull the plug mid-burst. Network errors end a client.
 */
async function burst(api: Api, tok: string, customers: string[], onOk: (n: number) => void): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  let ok = 0;
  let n = 0;
  const client = async (w: number) => {
    for (;;) {
      n += 1;
      const body = cash(customers[(w + n) % customers.length]!, 100 + ((n * 37) % 900));
      const a: Attempt = { key: `crash-${w}-${n}-${Date.now()}`, body, status: 'network' };
      attempts.push(a);
      try {
        const r = await api('POST', '/api/v1/settlements', { token: tok, body, headers: { 'idempotency-key': a.key } });
        a.status = r.status;
        a.answer = r.body;
        if (r.status === 201) onOk(++ok);
        else if (r.status === 503) return;
        else throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
      } catch (e) {
        if (a.status !== 'network') throw e;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => client(w)));
  return attempts;
}

/** Everything an auditor checks after the restart; returns the settlements. */
async function checkBooks(api: Api, tok: string, answered: Attempt[]): Promise<Json[]> {
  const settlements: Json[] = [];
  let cursor = '';
  for (;;) {
    const r = await api('GET', `/api/v1/settlements?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { token: tok });
    settlements.push(...r.body.items);
    if (!r.body.nextCursor) break;
    cursor = r.body.nextCursor;
  }
  // Every settlement that got a 201 is there, as answered.
  const byId = new Map(settlements.map((s) => [s.id, s]));
  for (const a of answered) {
    const s = byId.get(a.answer.settlement.id);
    expect(s, `settlement ${a.answer.settlement.or_number} answered 201`).toBeDefined();
    expect([s.or_number, s.amount, s.status]).toEqual([a.answer.settlement.or_number, a.body.amount, 'posted']);
  }
  // OR numbers gapless and unique: 1..N.
  const counters = settlements.map((s) => Number(s.or_number.split('-').at(-1))).sort((x, y) => x - y);
  expect(counters).toEqual(Array.from({ length: counters.length }, (_, i) => i + 1));
  // Paid amounts equal live allocations.
  const allocated = new Map<string, number>();
  for (const s of settlements) {
    if (s.status !== 'posted') continue;
    for (const a of s.allocations) allocated.set(a.transactionId, (allocated.get(a.transactionId) ?? 0) + a.amount);
  }
  const txs = await api('GET', '/api/v1/transactions?limit=500', { token: tok });
  for (const t of txs.body.items) expect([t.id, t.paid_amount]).toEqual([t.id, allocated.get(t.id) ?? 0]);
  // The event feed is gapless, ends at the hub's seq, and holds one event per settlement.
  const health = await api('GET', '/api/v1/health');
  const { events } = await feed(api, tok);
  expect(events.map((e: Json) => e.seq)).toEqual(Array.from({ length: health.body.seq }, (_, i) => i + 1));
  expect(events.filter((e: Json) => e.type === 'settlement.posted')).toHaveLength(settlements.length);
  return settlements;
}

function audit(dataDir: string): void {
  const db = openDatabase(join(dataDir, 'store.sqlite'), { readonly: true });
  try {
    expect(auditStore(db).problems).toEqual([]);
  } finally {
    db.close();
  }
}

describe('hub process killed mid-burst', () => {
  it('SIGKILL: every 201 survives, retries replay the first answer, ORs and feed gapless, paid = allocations', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kahera-crash-'));
    dirs.push(dataDir);
    const p = await launchHub(dataDir);
    procs.push(p);
    let api = apiClient(p.url);
    let tok = await token(api);
    const customers = await seed(api, tok, 12);
    const attempts = await burst(api, tok, customers, (n) => {
      if (n === 60) p.child.kill('SIGKILL');
    });
    expect(await p.exited).toBe('SIGKILL');

    const q = await launchHub(dataDir);
    procs.push(q);
    api = apiClient(q.url);
    tok = await token(api); // the token secret survived too
    const answered = attempts.filter((a) => a.status === 201);
    expect(answered.length).toBeGreaterThanOrEqual(60);
    await checkBooks(api, tok, answered);

    // The requests cut off by the kill are retried with their keys: one the hub had
    // committed before dying answers with its first result (same OR), never a second.
    const cut = attempts.filter((a) => a.status === 'network');
    expect(cut.length).toBeGreaterThan(0);
    for (const a of cut) {
      const r = await api('POST', '/api/v1/settlements', { token: tok, body: a.body, headers: { 'idempotency-key': a.key } });
      expect([201, 422]).toContain(r.status);
      if (r.status === 201) {
        const again = await api('POST', '/api/v1/settlements', { token: tok, body: a.body, headers: { 'idempotency-key': a.key } });
        expect(again.headers.get('idempotent-replayed')).toBe('true');
        expect(again.body.settlement.or_number).toBe(r.body.settlement.or_number);
      }
    }
    await checkBooks(api, tok, answered);
    q.child.kill('SIGTERM');
    expect(await q.exited).toBe(0);
    audit(dataDir);
  });

  it('SIGTERM: in-flight settlements finish and answer, nothing is committed unanswered, exit 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kahera-term-'));
    dirs.push(dataDir);
    const p = await launchHub(dataDir);
    procs.push(p);
    let api = apiClient(p.url);
    let tok = await token(api);
    const customers = await seed(api, tok, 12);
    const attempts = await burst(api, tok, customers, (n) => {
      if (n === 40) p.child.kill('SIGTERM');
    });
    expect(await p.exited).toBe(0);

    const q = await launchHub(dataDir);
    procs.push(q);
    api = apiClient(q.url);
    tok = await token(api);
    const answered = attempts.filter((a) => a.status === 201);
    const settlements = await checkBooks(api, tok, answered);
    // Graceful: every committed settlement was answered — none is found only on retry.
    expect(settlements.length).toBe(answered.length);
    for (const a of attempts.filter((x) => x.status !== 201)) {
      const r = await api('POST', '/api/v1/settlements', { token: tok, body: a.body, headers: { 'idempotency-key': a.key } });
      expect(r.headers.get('idempotent-replayed')).not.toBe('true');
    }
    q.child.kill('SIGTERM');
    expect(await q.exited).toBe(0);
    audit(dataDir);
  });
});
