import { openTestStore } from './support/bir-setup.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import { sales, tempStore, type TempStore } from './support/ledger-fixtures.js';

// Two registers, each with its own cashier and open shift, settling at once from four
// processes on the same store file (two per register); one process is SIGKILLed after a
// random number of its own commits. Each register's series must come out gapless and
// unique, and its accumulated total equal to the sum of what it issued.

const SETTLER = fileURLToPath(new URL('./support/ledger-settler.ts', import.meta.url));

interface Child {
  proc: ChildProcess;
  committed: { or: string; id: string }[];
  exited: Promise<string | number | null>;
  stderr: string[];
}

function startSettler(file: string, customerId: string, count: number | 'forever', cashierId: string, onCommit?: (n: number) => void): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', SETTLER, file, customerId, String(count), cashierId], { stdio: ['ignore', 'pipe', 'pipe'] });
  const child: Child = {
    proc,
    committed: [],
    stderr: [],
    exited: new Promise((res) => proc.on('exit', (code, signal) => res(signal ?? code))),
  };
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      const [ok, or, id] = l.split(' ');
      if (ok === 'OK' && or && id) {
        child.committed.push({ or, id });
        onCommit?.(child.committed.length);
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => child.stderr.push(d.toString()));
  return child;
}

const ADMIN = { id: 'usr_admin', role: 'admin' as const };

describe('two registers settling concurrently from several processes', () => {
  let t: TempStore;
  let customerId: string;
  let c2: string;
  beforeEach(() => {
    t = tempStore('REG2');
    const customer = t.store.transactions.createCustomer({ name: 'Canteen Supplies' }, sales);
    customerId = customer.id;
    t.store.write(() => {
      for (let i = 0; i < 3_000; i++) {
        t.store.transactions.createTransaction({ customerId, lines: [{ description: `JO ${i}`, quantity: 1, unitPrice: 5_000 }] }, sales);
      }
    });
    c2 = t.store.registers.create({ code: 'C2', name: 'Counter 2' }, ADMIN).id;
    t.store.shifts.open({ counter: 'C1', openingFloat: 0 }, { id: 'usr_ana', role: 'cashier' });
    t.store.shifts.open({ counter: 'C2', openingFloat: 0 }, { id: 'usr_ben', role: 'cashier' });
    t.store.close();
  });
  afterEach(() => t.cleanup());

  it('each register’s series is gapless and unique, its grand total the sum of its receipts, after a SIGKILL', async () => {
    const victim = Math.floor(Math.random() * 4);
    const killAt = 1 + Math.floor(Math.random() * 60);
    const cashiers = ['usr_ana', 'usr_ana', 'usr_ben', 'usr_ben'];
    const children: Child[] = cashiers.map((cashier, i) =>
      startSettler(t.file, customerId, i === victim ? 'forever' : 80, cashier, (n) => {
        if (i === victim && n === killAt) children[i]!.proc.kill('SIGKILL');
      }),
    );
    const ends = await Promise.all(children.map((c) => c.exited));
    expect(children.map((c, i) => (i === victim ? '' : c.stderr.join('')))).toEqual(['', '', '', '']);
    expect(ends.map((e, i) => (i === victim ? 'killed' : e))).toEqual(cashiers.map((_, i) => (i === victim ? 'killed' : 0)));
    expect(ends[victim]).toBe('SIGKILL');

    const store = openTestStore({ file: t.file });
    try {
      expect(auditStore(store.db).problems).toEqual([]);
      const get = store.db.prepare<[string], { or_number: string; register_id: string }>('SELECT or_number, register_id FROM settlements WHERE id = ?');
      // Every receipt a process saw committed is there, on its cashier's register.
      for (const [i, c] of children.entries()) {
        for (const x of c.committed) expect(get.get(x.id)).toEqual({ or_number: x.or, register_id: cashiers[i] === 'usr_ana' ? 'reg_c1' : c2 });
      }
      for (const [registerId, prefix, pair] of [['reg_c1', 'OR-REG2', [0, 1]], [c2, 'OR-REG2-C2', [2, 3]]] as [string, string, number[]][]) {
        const rows = store.db
          .prepare<[string], { or_number: string; or_counter: number; amount: number }>('SELECT or_number, or_counter, amount FROM settlements WHERE register_id = ? ORDER BY or_counter')
          .all(registerId);
        const seen = pair.reduce((n, i) => n + children[i]!.committed.length, 0);
        // At most the victim's last commit was not yet reported when it died.
        expect(rows.length - seen).toBeGreaterThanOrEqual(0);
        expect(rows.length - seen).toBeLessThanOrEqual(pair.includes(victim) ? 1 : 0);
        expect(rows.map((r) => r.or_counter)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
        expect(rows.map((r) => r.or_number)).toEqual(rows.map((r) => `${prefix}-${String(r.or_counter).padStart(8, '0')}`));
        const series = store.q.registers.series(registerId, 'or')!;
        expect(series.last_number).toBe(rows.length);
        expect(series.issued_total).toBe(rows.reduce((s, r) => s + r.amount, 0));
      }
      // The two series are independent: both started at 1.
      expect(store.q.registers.series(c2, 'or')!.last_number).toBeGreaterThanOrEqual(80);
      expect(store.q.registers.series('reg_c1', 'or')!.last_number).toBeGreaterThanOrEqual(80);
    } finally {
      store.close();
    }
  });
});
