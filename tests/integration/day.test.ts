import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditStore } from '../../src/main/services/audit.js';
import type { XReading, ZReading } from '../../src/shared/readings.js';
import { ADMIN, CASHIER, dayStore, sell } from './support/day-fixtures.js';

// One store day at a Manila counter, end to end through the services the hub calls:
// open a shift, sell every VAT kind, an SC sale, a promo, a void, a reprint, a partial
// payment, paid-in/out, an X-reading, a cash refund, an admin sale, a short close, the Z.
// Every Z figure is then recomputed from the ledger and transaction lines by hand.

const D1 = '2026-03-02';
const D2 = '2026-03-03';
const day = dayStore();
const { store } = day;
const ids: Record<string, string> = {};
let x1: XReading;
let xCashier: XReading;
let z1: ZReading;

function windowOf(from: string, to: string) {
  return [new Date(from).toISOString(), new Date(to).toISOString()] as const;
}

/** Figures of a Manila time window straight from the ledger tables, not from the readings code. */
function fromLedger(fromIso: string, toIso: string) {
  const db = store.db;
  type S = { id: string; or_number: string; amount: number; tender_method: string; voided_at: string | null; document_type: string };
  const taken = db.prepare('SELECT * FROM settlements WHERE created_at >= ? AND created_at < ? ORDER BY or_counter').all(fromIso, toIso) as S[];
  // The OR series numbers only collection receipts; a sale paid whole at once is its SI.
  const receipts = taken.filter((t) => t.document_type === 'collection_receipt');
  const invoices = db
    .prepare('SELECT invoice_number FROM transactions WHERE invoice_issued_at >= ? AND invoice_issued_at < ? ORDER BY invoice_counter')
    .all(fromIso, toIso) as { invoice_number: string }[];
  const cancelled = db.prepare('SELECT total_amount FROM transactions WHERE invoice_number IS NOT NULL AND voided = 1 AND updated_at >= ? AND updated_at < ?').all(fromIso, toIso) as {
    total_amount: number;
  }[];
  const voided = db.prepare('SELECT * FROM settlements WHERE voided_at >= ? AND voided_at < ?').all(fromIso, toIso) as S[];
  const refunds = db.prepare('SELECT * FROM refunds WHERE created_at >= ? AND created_at < ?').all(fromIso, toIso) as { amount: number; method: string }[];
  const tenders: Record<string, number> = {};
  const add = (m: string, a: number) => (tenders[m] = (tenders[m] ?? 0) + a);
  for (const s of taken) add(s.tender_method, s.amount);
  for (const s of voided) add(s.tender_method, -s.amount);
  for (const r of refunds) add(r.method, -r.amount);
  // Net collections on sales from the ledger: payments (−), their voids (+), refunds (+).
  const net = db
    .prepare(
      `SELECT -coalesce(sum(amount), 0) AS n FROM ledger_entries
       WHERE type IN ('payment', 'void', 'refund') AND settlement_id IS NOT NULL AND transaction_id IS NOT NULL
         AND created_at >= ? AND created_at < ?`,
    )
    .get(fromIso, toIso) as { n: number };
  return {
    receiptCount: taken.length,
    beginningOr: receipts[0]?.or_number ?? null,
    endingOr: receipts[receipts.length - 1]?.or_number ?? null,
    invoices: { count: invoices.length, beginning: invoices[0]?.invoice_number ?? null, ending: invoices[invoices.length - 1]?.invoice_number ?? null },
    sales: taken.reduce((s, t) => s + t.amount, 0),
    voids: { count: voided.length, amount: voided.reduce((s, t) => s + t.amount, 0) },
    cancelled: { count: cancelled.length, amount: cancelled.reduce((s, t) => s + t.total_amount, 0) },
    refunds: { count: refunds.length, amount: refunds.reduce((s, r) => s + r.amount, 0) },
    tenders,
    netSales: net.n,
  };
}

beforeAll(() => {
  const { at } = day;
  at(D1, '08:00');
  ids.shift = store.shifts.open({ counter: 'C1', openingFloat: 2_000_00 }, CASHIER).id;

  at(D1, '09:05'); // vatable, cash with change
  ids.s1 = sell(store, CASHIER, [{ description: 'LPG regulator', quantity: 2, unitPrice: 560_00 }], { method: 'cash', tendered: 1_500_00 }).settlement.id;
  at(D1, '09:20'); // VAT-exempt (rice), GCash
  sell(store, CASHIER, [{ description: 'Rice 10 kg', quantity: 1, unitPrice: 500_00, vatCategory: 'exempt' }], { method: 'gcash', reference: 'GC-778812' });
  at(D1, '09:40'); // zero-rated, card
  sell(store, CASHIER, [{ description: 'Export crate', quantity: 1, unitPrice: 750_00, vatCategory: 'zero_rated' }], { method: 'card', reference: 'AUTH 0042' });
  at(D1, '10:00'); // senior citizen: ₱1,120.00 → ₱800.00
  ids.s4 = sell(store, CASHIER, [{ description: 'Maintenance medicine', quantity: 1, unitPrice: 1_120_00 }], { method: 'cash' }, {
    discount: { kind: 'senior', holderName: 'Remedios Lim', idNumber: 'SC-MNL-0042' },
  }).settlement.id;
  at(D1, '10:30'); // promo on a vatable line: 3 × ₱99.99 − ₱50.00
  sell(store, CASHIER, [{ description: 'Sardines', quantity: 3, unitPrice: 99_99, promoDiscount: 50_00 }], { method: 'card', reference: 'AUTH 0043' });
  at(D1, '11:00');
  const wrong = sell(store, CASHIER, [{ description: 'Wrong item', quantity: 1, unitPrice: 336_00 }], { method: 'cash' });
  ids.s6 = wrong.settlement.id;
  at(D1, '11:05');
  // Voiding the payment (the sale's own SI, paid whole at once) gives the money back; the
  // sale is then cancelled, which cancels its invoice: two voids of the day.
  store.settlements.void(ids.s6, { reason: 'wrong item rung up' }, ADMIN);
  store.transactions.voidTransaction(wrong.tx.id, { reason: 'wrong item rung up' }, ADMIN);
  at(D1, '11:30'); // ₱1,000.00 paid in two parts
  const p = sell(store, CASHIER, [{ description: 'Paint, 4 L', quantity: 1, unitPrice: 1_000_00 }], { method: 'cash' }, { amount: 400_00 });
  at(D1, '11:45');
  store.settlements.reprint(ids.s1, CASHIER);
  at(D1, '13:00');
  store.settlements.settle({ customerId: p.customerId, amount: 600_00, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } }, CASHIER);
  at(D1, '14:00');
  store.shifts.move(ids.shift, { kind: 'paid_in', amount: 50_00, reason: 'change fund top-up' }, CASHIER);
  at(D1, '14:10');
  store.shifts.move(ids.shift, { kind: 'paid_out', amount: 100_00, reason: 'ice for the cooler' }, CASHIER);
  at(D1, '14:30');
  x1 = store.readings.x({ shiftId: ids.shift }, ADMIN);
  xCashier = store.readings.x({ shiftId: ids.shift }, CASHIER);
  at(D1, '15:00'); // one regulator returned: ₱112.00 back in cash from the open drawer
  store.refunds.refund(ids.s1, { amount: 112_00, method: 'cash', reason: 'returned one washer set' }, ADMIN);
  at(D1, '15:30'); // the admin takes a bank transfer: no shift needed
  sell(store, ADMIN, [{ description: 'Hardware, bulk', quantity: 1, unitPrice: 2_240_00 }], { method: 'bank_transfer', reference: 'BDO 55120' });
  at(D1, '17:00');
  ids.close = JSON.stringify(store.shifts.close(ids.shift, { countedCash: 4_758_00 - 20_00 }, CASHIER));
  at(D1, '21:00');
  z1 = store.readings.z({ businessDate: D1 }, ADMIN);
});

afterAll(() => day.cleanup());

describe('a store day, end to end', () => {
  it('a cashier without an open shift cannot take a payment', () => {
    const customerId = store.transactions.createCustomer({ name: 'Late' }, { id: 'usr_sales', role: 'sales' }).id;
    expect(() =>
      store.settlements.settle({ customerId, amount: 1, tender: { method: 'cash' }, allocation: { strategy: 'oldest_first' } }, CASHIER),
    ).toThrow(expect.objectContaining({ code: 'no_open_shift' }));
  });

  it('the X-reading at 14:30 shows the shift so far, and the cashier’s own copy hides expected cash', () => {
    expect(x1.figures).toMatchObject({
      receiptCount: 8,
      // Two collection receipts (the paint paid in two parts); the rest were paid whole at once: their SIs.
      beginningOr: 'OR-MNL01-00000001',
      endingOr: 'OR-MNL01-00000002',
      sales: { count: 8, amount: 4_755_97 },
      voids: { count: 1, amount: 336_00 },
    });
    expect(x1.figures.tenders.find((t) => t.method === 'cash')).toEqual({ method: 'cash', count: 5, amount: 2_920_00 });
    expect(x1.drawer).toEqual({ openingFloat: 2_000_00, cashCollections: 2_920_00, paidIn: 50_00, paidOut: 100_00, cashRefunds: 0, expectedCash: 4_870_00 });
    expect(xCashier.drawer.expectedCash).toBeNull();
    expect(xCashier.figures).toEqual(x1.figures); // nothing was reset by the first X
  });

  it('the close shows expected, counted and a ₱20.00 short', () => {
    const close = JSON.parse(ids.close!) as { expectedCash: number; countedCash: number; overShort: number; shift: { status: string } };
    // float 2,000 + cash (1,120 + 800 + 336 − 336 + 400 + 600 − 112 refund) + 50 in − 100 out
    expect(close).toMatchObject({ expectedCash: 4_758_00, countedCash: 4_738_00, overShort: -20_00, shift: { status: 'closed' } });
  });

  it('every figure of the Z-reading, checked against the ledger and by hand', () => {
    const f = z1.figures;
    const led = fromLedger(...windowOf(`${D1}T00:00:00+08:00`, `${D1}T21:00:00+08:00`));
    expect(f.receiptCount).toBe(led.receiptCount);
    expect(f.receiptCount).toBe(9);
    expect([f.beginningOr, f.endingOr]).toEqual([led.beginningOr, led.endingOr]);
    expect(f.invoices).toMatchObject({ count: 8, beginning: 'SI-MNL01-00000001', ending: 'SI-MNL01-00000008' });
    expect(f.invoices).toMatchObject(led.invoices);
    expect(f.invoices.cancelled).toEqual(led.cancelled);
    expect(f.invoices.cancelled).toEqual({ count: 1, amount: 336_00 });
    expect(f.voidNumbers).toEqual({ beginning: 'SI-MNL01-00000006', ending: 'SI-MNL01-00000006' });
    expect(f.vatAdjustments).toEqual({ senior: 120_00, pwd: 0, other: 0, returns: 12_00 });
    expect(f.sales).toEqual({ count: 9, amount: led.sales });
    expect(f.voids).toEqual(led.voids);
    expect(f.refunds).toEqual(led.refunds);
    expect(Object.fromEntries(f.tenders.map((t) => [t.method, t.amount]))).toEqual(led.tenders);
    expect(f.tenders.map((t) => [t.method, t.count])).toEqual([['cash', 5], ['card', 2], ['gcash', 1], ['bank_transfer', 1]]);
    expect(f.netSales).toBe(led.netSales);
    expect(f.collections).toBe(6_547_97);
    // By hand (centavos): VATable = 900 (1,008 after the refund) + 223.19 + 892.86 + 2,000.
    expect(f).toMatchObject({
      netSales: 6_547_97,
      vatableSales: 4_016_05,
      vatAmount: 481_92,
      vatExemptSales: 1_500_00,
      zeroRatedSales: 750_00,
      discounts: { senior: 200_00, pwd: 0, promo: 50_00 },
      vatAdjustment: 120_00,
      grossSales: 6_917_97,
      deposits: { kept: 0, applied: 0 },
    });
    // VAT is 12/112 of each vatable line of what was sold and paid, less the VAT of the
    // return: ₱112.00 of a ₱1,120.00 receipt carrying ₱120.00 VAT takes back ₱12.00.
    const vatLines = store.db
      .prepare("SELECT sum(vat_amount) AS v FROM transaction_lines l JOIN transactions t ON t.id = l.transaction_id WHERE t.paid_amount = t.total_amount")
      .get() as { v: number };
    expect(f.vatAmount).toBe(vatLines.v - 12_00);
    expect(z1).toMatchObject({ zCounter: 1, resetCounter: 0, grandTotal: { previous: 0, present: 6_547_97 } });
    expect(z1.shifts).toEqual({ closed: 1, openingFloat: 2_000_00, expectedCash: 4_758_00, countedCash: 4_738_00, overShort: -20_00 });
  });

  it('the ledger invariants of domain.md still hold after the void, the refund and the shifts', () => {
    expect(auditStore(store.db)).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses a second Z for the day, a future day, and a day after one with sales but no Z', () => {
    expect(() => store.readings.z({ businessDate: D1 }, ADMIN)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => store.readings.z({ businessDate: D2 }, ADMIN)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    // A sale after the Z of D1 (still on D1's calendar) belongs to D2.
    day.at(D1, '21:30');
    sell(store, ADMIN, [{ description: 'Late sale', quantity: 1, unitPrice: 100_00 }], { method: 'cash' });
    day.at('2026-03-04', '21:00');
    expect(() => store.readings.z({ businessDate: '2026-03-04' }, ADMIN)).toThrow(
      expect.objectContaining({ code: 'conflict', details: { businessDate: D2, registerId: 'reg_c1' } }),
    );
    expect(() => store.readings.z({ businessDate: D1 }, CASHIER)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('carries the grand total to the next day, and the Z counter on', () => {
    const z2 = store.readings.z({ businessDate: D2 }, ADMIN);
    // The late sale, paid whole at once: its SI, the ninth.
    expect(z2.figures).toMatchObject({ receiptCount: 1, netSales: 100_00, beginningOr: null, invoices: { count: 1, beginning: 'SI-MNL01-00000009' } });
    expect(z2).toMatchObject({ zCounter: 2, grandTotal: { previous: 6_547_97, present: 6_647_97 } });
    const z3 = store.readings.z({ businessDate: '2026-03-04' }, ADMIN);
    expect(z3).toMatchObject({ zCounter: 3, figures: { receiptCount: 0, netSales: 0 }, grandTotal: { previous: 6_647_97, present: 6_647_97 } });
    expect(() => store.readings.z({ businessDate: D2 }, ADMIN)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('stores readings immutably and lists them newest first', () => {
    expect(() => store.db.prepare("UPDATE readings SET body = '{}' WHERE kind = 'z'").run()).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM readings').run()).toThrow(/immutable/);
    const list = store.readings.list({ kind: 'z' }, ADMIN);
    expect(list.items.map((r) => (r.kind === 'z' ? r.businessDate : null))).toEqual(['2026-03-04', D2, D1]);
    expect(store.readings.get(z1.id, ADMIN)).toEqual(z1);
    expect(() => store.readings.get(z1.id, CASHIER)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('the e-journal holds every receipt, void, reprint, refund and reading, chained', () => {
    const kinds = store.db.prepare('SELECT kind, count(*) AS n FROM journal GROUP BY kind ORDER BY kind').all();
    expect(kinds).toEqual([
      { kind: 'receipt', n: 19 }, // 9 payments and 8 invoices on D1, 1 and 1 after its Z
      { kind: 'refund', n: 1 },
      { kind: 'reprint', n: 1 },
      { kind: 'void', n: 2 }, // the voided payment and the cancelled invoice
      { kind: 'x_reading', n: 2 },
      { kind: 'z_reading', n: 3 },
    ]);
    const sc = store.journal.forRef(ids.s4!)[0]!;
    expect(sc.body).toMatchObject({ amount: 800_00, discounts: [{ kind: 'senior', idNumber: 'SC-MNL-0042', holderName: 'Remedios Lim' }] });
    expect(store.journal.verify()).toEqual({ ok: true, entries: 28, firstBroken: null });
  });

  it('detects a tampered journal row, and the verifier command reports the first broken link', () => {
    const ok = execFileSync('npx', ['tsx', 'scripts/journal-verify.ts', day.file], { encoding: 'utf8' });
    expect(ok).toMatch(/^OK: 28 journal entries/);
    const seq = store.journal.forRef(ids.s4!)[0]!.seq;
    const raw = new Database(day.file);
    raw.exec('DROP TRIGGER journal_no_update');
    raw.prepare("UPDATE journal SET body = replace(body, '\"amount\":80000', '\"amount\":8000') WHERE seq = ?").run(seq);
    raw.close();
    expect(store.journal.verify()).toMatchObject({ ok: false, entries: seq - 1, firstBroken: { seq, reason: expect.stringMatching(/changed/) } });
    let out = '';
    try {
      execFileSync('npx', ['tsx', 'scripts/journal-verify.ts', day.file], { encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string; status: number }).stdout;
      expect((e as { status: number }).status).toBe(1);
    }
    expect(out).toContain(`BROKEN at entry ${seq}`);
  });
});
