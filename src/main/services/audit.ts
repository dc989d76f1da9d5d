import type { Db } from '../db/connection.js';
import { auditQueries } from '../db/audit.queries.js';

export interface AuditReport {
  ok: boolean;
  problems: string[];
  counts: { settlements: number; events: number };
}

/**
 * Checks the invariants of domain.md over the whole store: ledger chains, customer
 * balance = sum of entries = open balances − unused credit, paid = live allocations,
 * settlements fully allocated, each register's OR and SI series gapless 1..N and never ahead of
 * itself, its accumulated total the sum of its settlements, each settlement on its shift's register,
 * event seq gapless 1..N. Read-only; safe to run at any time.
 */
export function auditStore(db: Db): AuditReport {
  const q = auditQueries(db);
  const problems: string[] = [];
  const read = db.transaction(() => {
    for (const r of q.brokenChains.all()) problems.push(`ledger chain broken at entry ${r.id} (customer ${r.customer_id})`);
    for (const r of q.customerMismatches.all()) {
      problems.push(`customer ${r.id}: ledger ${r.ledger}, sum of entries ${r.sum_entries}, open − credit ${r.open - r.credit}`);
    }
    for (const r of q.paidMismatches.all()) problems.push(`transaction ${r.id}: paid ${r.paid_amount} but live allocations ${r.allocated}`);
    for (const r of q.settlementMismatches.all()) problems.push(`settlement ${r.or_number}: allocations do not match its amount`);
    // Each register's series (domain.md: each register has its own gapless series).
    for (const or of q.orSeries.all()) {
      const name = or.code ?? or.register_id;
      if (or.last_number === null) problems.push(`register ${name}: settlements without an OR series`);
      if (or.n > 0 && (or.min_c !== 1 || or.max_c !== or.n || or.distinct_c !== or.n)) {
        problems.push(`register ${name}: OR series has gaps or duplicates: ${or.n} receipts, counters ${or.min_c}..${or.max_c}`);
      }
      if (or.last_number !== null && or.last_number !== (or.max_c ?? 0)) {
        problems.push(`register ${name}: OR series counter ${or.last_number} but last issued ${or.max_c ?? 0}`);
      }
      if (or.issued_total !== null && or.issued_total !== or.issued_sum) {
        problems.push(`register ${name}: accumulated total ${or.issued_total} but its settlements sum to ${or.issued_sum}`);
      }
    }
    for (const si of q.siSeries.all()) {
      const name = si.code ?? si.register_id;
      if (si.n > 0 && (si.min_c !== 1 || si.max_c !== si.n || si.distinct_c !== si.n)) {
        problems.push(`register ${name}: SI series has gaps or duplicates: ${si.n} invoices, counters ${si.min_c}..${si.max_c}`);
      }
      if (si.last_number !== (si.max_c ?? 0)) problems.push(`register ${name}: SI series counter ${si.last_number} but last issued ${si.max_c ?? 0}`);
      if (si.issued_total !== si.issued_sum) problems.push(`register ${name}: invoiced total ${si.issued_total} but its invoices sum to ${si.issued_sum}`);
    }
    for (const r of q.invoiceSettlementMismatches.all()) problems.push(`settlement ${r.or_number}: a Sales Invoice that is not its sale's`);
    for (const r of q.registerMismatches.all()) problems.push(`settlement ${r.or_number}: numbered by another register than its shift's`);
    const ev = q.eventSeq.get()!;
    if ((ev.max_seq ?? 0) !== ev.n) problems.push(`event seq has gaps: ${ev.n} events, max seq ${ev.max_seq}`);
    // Every settlement: collection receipts (the OR series above) and payments that are their sale's SI.
    return { settlements: q.settlementCount.get()!.n, events: ev.n };
  });
  const counts = read.deferred();
  return { ok: problems.length === 0, problems, counts };
}
