import { DomainError } from '../../core/errors.js';
import { addFigures, zeroFigures } from '../../core/tax.js';
import { Id } from '../../shared/common.js';
import type { Settlement } from '../../shared/settlements.js';
import { RefundRequest, type Refund } from '../../shared/shifts.js';
import type { Transaction } from '../../shared/transactions.js';
import type { RefundRow } from '../db/refunds.queries.js';
import type { ShiftRow } from '../db/shifts.queries.js';
import { newId } from './ids.js';
import type { JournalService } from './journal.service.js';
import type { ReadingFactsService } from './reading-facts.service.js';
import type { SettlementService } from './settlements.service.js';
import type { ShiftService } from './shifts.service.js';
import type { TransactionService } from './transactions.service.js';

export interface RefundDeps {
  readingFacts: Pick<ReadingFactsService, 'attributeRefund' | 'fact'>;
  journal: Pick<JournalService, 'append'>;
  settlements: Pick<SettlementService, 'get'>;
  transactions: Pick<TransactionService, 'load'>;
  shifts: Pick<ShiftService, 'load' | 'assertCashCovers'>;
}
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { parseInput } from './validate.js';

export interface RefundResult {
  refund: Refund;
  settlement: Settlement;
  transactions: Transaction[];
}

/**
 * Refunds: money handed back against a posted settlement (admin) — goods returned, a price
 * corrected. The sale is reduced, not the debt reopened: what the customer owes does not
 * change, so per transaction the refund writes two ledger entries, a return (`adjustment`,
 * −amount: the customer is credited) and the `refund` (+amount: that credit is paid out),
 * and touches neither transactions nor allocations (paid = live allocations still holds).
 * The readings deduct it on the day and drawer it happens (a reading fact, with the
 * receipt's VAT share reversed in proportion, src/core/tax.ts refundShare), and cash comes
 * out of an open drawer as a paid-out. Last allocations are refunded first; at most what
 * the settlement put on transactions (not a deposit it left as credit). A refunded
 * settlement can no longer be voided (see ReadingFactsService).
 */
export class RefundService {
  constructor(
    private readonly store: StoreDb,
    private readonly deps: RefundDeps,
  ) {}

  refund(settlementId: unknown, input: unknown, actor: Actor): RefundResult & { seq: number } {
    const id = parseInput(Id, settlementId, 'settlement id');
    const req = parseInput(RefundRequest, input, 'refund');
    requireRole(actor, ['admin'], 'refund payments');
    return this.store.write(() => {
      const q = this.store.q;
      const row = q.settlements.get(id);
      if (!row) throw new DomainError('not_found', 'No such settlement.');
      if (row.status === 'void') throw new DomainError('already_void', `${row.or_number} is void; there is nothing to refund.`);
      const open = q.refunds.refundableByAllocation(id).map((a) => ({ ...a, left: a.amount - a.refunded }));
      const refundable = open.reduce((s, a) => s + a.left, 0);
      if (req.amount > refundable) {
        throw new DomainError('overpayment', `At most ${refundable} centavos of ${row.or_number} can be refunded.`, { refundable });
      }
      const drawer = this.drawerFor(req.method, req.shiftId, row.shift_id, actor);
      // Cash handed back comes out of that drawer, which can never go below zero.
      if (req.method === 'cash' && drawer) this.deps.shifts.assertCashCovers(drawer, req.amount, actor);
      const at = this.store.now();
      const refund: RefundRow = {
        id: newId('rfd'),
        settlement_id: id,
        amount: req.amount,
        method: req.method,
        reference: req.reference ?? null,
        reason: req.reason,
        shift_id: drawer?.id ?? null,
        actor_id: actor.id,
        created_at: at,
      };
      q.refunds.insert(refund);
      let remaining = req.amount;
      let figures = zeroFigures();
      const parts: { transactionId: string; amount: number }[] = [];
      for (const a of [...open].reverse()) {
        if (remaining === 0) break;
        const take = Math.min(remaining, a.left);
        if (take === 0) continue;
        figures = addFigures(figures, this.deps.readingFacts.attributeRefund(id, a.transaction_id, take, refund.id));
        const entry = { customer_id: row.customer_id, or_number: row.or_number, transaction_id: a.transaction_id, settlement_id: id, actor_id: actor.id, created_at: at };
        q.ledger.append({ ...entry, type: 'adjustment', amount: -take, reason: `return against ${row.or_number}: ${req.reason}` });
        q.ledger.append({ ...entry, type: 'refund', amount: take, reason: req.reason });
        parts.push({ transactionId: a.transaction_id, amount: take });
        remaining -= take;
      }
      q.readings.insertFact(this.deps.readingFacts.fact(row, 'refund', figures, -req.amount, 0, 0, refund.shift_id, at, refund.id, req.method));
      if (req.method === 'cash' && drawer) {
        q.shifts.insertMovement({
          id: newId('drw'),
          shift_id: drawer.id,
          kind: 'refund',
          amount: req.amount,
          reason: `refund of ${row.or_number}: ${req.reason}`,
          actor_id: actor.id,
          refund_id: refund.id,
          created_at: at,
        });
      }
      const out = toRefund(refund, row.or_number, parts);
      this.deps.journal.append('refund', refund.id, out);
      const result: RefundResult = {
        refund: out,
        settlement: this.deps.settlements.get(id),
        transactions: parts.map((p) => this.deps.transactions.load(p.transactionId)),
      };
      const event = this.store.append('refund.posted', { ...result, actorId: actor.id });
      return { ...result, seq: event.seq };
    });
  }

  /** A receipt's refunds, for its cashier or an admin. */
  listFor(settlementId: unknown, actor: Actor): Refund[] {
    const id = parseInput(Id, settlementId, 'settlement id');
    const row = this.store.q.settlements.get(id);
    if (!row) throw new DomainError('not_found', 'No such settlement.');
    if (actor.role !== 'admin' && row.cashier_id !== actor.id) throw new DomainError('forbidden', 'That receipt was taken by someone else.');
    return this.list(id);
  }

  list(settlementId: unknown): Refund[] {
    const id = parseInput(Id, settlementId, 'settlement id');
    const row = this.store.q.settlements.get(id);
    if (!row) throw new DomainError('not_found', 'No such settlement.');
    return this.store.q.refunds.ofSettlement(id).map((r) => {
      const entry = this.store.q.journal.ofRef(r.id)[0];
      const parts = entry ? (JSON.parse(entry.body) as Refund).allocations : [];
      return toRefund(r, row.or_number, parts);
    });
  }

  /** Cash comes out of an open drawer: the one named, else the receipt's own shift if still open. */
  private drawerFor(method: string, shiftId: string | undefined, receiptShiftId: string | null, actor: Actor): ShiftRow | null {
    if (shiftId) {
      const shift = this.deps.shifts.load(shiftId, actor);
      if (shift.status !== 'open') throw new DomainError('no_open_shift', 'That shift is closed; its drawer cannot pay out.');
      return shift;
    }
    if (method !== 'cash') return null;
    const own = receiptShiftId ? this.store.q.shifts.get(receiptShiftId) : undefined;
    if (own?.status === 'open') return own;
    throw new DomainError('no_open_shift', 'A cash refund comes out of an open drawer: name the shift (shiftId) it is paid from.');
  }
}

function toRefund(r: RefundRow, orNumber: string, allocations: { transactionId: string; amount: number }[]): Refund {
  return {
    id: r.id,
    settlementId: r.settlement_id,
    orNumber,
    amount: r.amount,
    method: r.method,
    reference: r.reference,
    reason: r.reason,
    shiftId: r.shift_id,
    actorId: r.actor_id,
    createdAt: r.created_at,
    allocations,
  };
}
