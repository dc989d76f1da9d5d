import { createHash } from 'node:crypto';
import { allocate, computeTender, type AllocationResult, type OpenTransaction } from '../../core/allocation.js';
import { DomainError } from '../../core/errors.js';
import { centavos } from '../../core/money.js';
import { formatOrNumber } from '../../core/or-number.js';
import { Id } from '../../shared/common.js';
import {
  IDEMPOTENCY_KEY_RULE,
  IdempotencyKey,
  SettlementRequest,
  VoidSettlementRequest,
  type PreviewResponse,
  type Settlement,
  type SettlementResponse,
} from '../../shared/settlements.js';
import type { InvoiceAt } from '../../shared/backoffice.js';
import type { Transaction } from '../../shared/transactions.js';
import type { NewLedgerEntry } from '../db/ledger.queries.js';
import { FIRST_REGISTER_ID } from '../db/registers.queries.js';
import type { SettlementFilter, SettlementRow } from '../db/settlements.queries.js';
import type { OpenRow, TransactionRow } from '../db/transactions.queries.js';
import { newId } from './ids.js';
import type { InvoiceService } from './invoices.service.js';
import { groupBy, toSettlement, toTransaction } from './mappers.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { keysetPage } from './paging.js';
import { parseInput } from './validate.js';

/**
 * The `Idempotency-Key` of a settle request, or a 400 `bad_request` that states the rule
 * (a header is not a body field: zod's own wording would read "body Too small").
 */
export function checkIdempotencyKey(value: unknown): string {
  if (value === undefined) throw new DomainError('bad_request', `Send an Idempotency-Key header, so a retry can never issue a second OR. ${IDEMPOTENCY_KEY_RULE}.`);
  const r = IdempotencyKey.safeParse(value);
  if (!r.success) throw new DomainError('bad_request', `${IDEMPOTENCY_KEY_RULE}.`, { header: 'Idempotency-Key' });
  return r.data;
}

export interface SettleOptions {
  /** A retry with the same key (per actor) returns the first answer and issues no second OR. */
  idempotencyKey?: string | undefined;
}

export interface SettleResult extends SettlementResponse {
  /** True when this answer is the stored first answer of an idempotent retry. */
  replayed: boolean;
  /** The event this settlement appended (absent on a replay). */
  seq: number | null;
}

/**
 * Hook run inside the settlement's SQLite transaction before anything is written.
 * The shifts module uses it to require the cashier's open shift and returns its id and
 * register, which the settlement records (the register's series numbers it; without one,
 * an admin's or a legacy shift's, register C1). Throw a DomainError to refuse.
 */
export type SettleGuard = (actor: Actor) => { shiftId?: string | null; registerId?: string | null } | void;

/**
 * Hooks run inside the same SQLite transaction as a settlement, void or reprint, after
 * its rows are written (the e-journal and the readings' facts must commit or roll back
 * with it). Throwing refuses the whole write. `beforeVoid` runs before anything is undone.
 */
export interface SettledContext {
  settlementId: string;
  actor: Actor;
  /** The settlement row exactly as written. */
  row: SettlementRow;
  /** Each allocation with its transaction as it is after this payment. */
  allocations: { transaction: TransactionRow; amount: number }[];
  /** The customer's name as read in this same transaction. */
  customerName: string;
}

export interface SettlementHooks {
  /** Gets what settle just wrote, so hooks on the hot path need not read it back. */
  afterSettle?(ctx: SettledContext): void;
  beforeVoid?(ctx: { settlementId: string; actor: Actor }): void;
  afterVoid?(ctx: { settlementId: string; actor: Actor }): void;
  afterReprint?(ctx: { settlementId: string; actor: Actor | null }): void;
}

/** Settlements: preview, settle (OR + allocations + ledger + event, atomically), void, reprint. */
export interface SettlementDeps {
  /** The wire form of a transaction: every answer carries the transactions it changed. */
  transactions: { load(id: string): Transaction };
  /** Run first inside each settlement's SQLite transaction (declared in services/index.ts). */
  guards: readonly SettleGuard[];
  /** Run inside each settle, void and reprint's SQLite transaction (declared in services/index.ts). */
  hooks: readonly SettlementHooks[];
  /** Sales Invoices: a payment that completes a sale may be (or issue) its invoice. */
  invoices: Pick<InvoiceService, 'settings' | 'issue'>;
}

export class SettlementService {
  private readonly guards: readonly SettleGuard[];
  private readonly hooks: SettlementHooks[];
  private readonly transactions: SettlementDeps['transactions'];
  private readonly invoices: SettlementDeps['invoices'];

  constructor(
    private readonly store: StoreDb,
    deps: SettlementDeps,
  ) {
    this.guards = deps.guards;
    this.hooks = [...deps.hooks];
    this.transactions = deps.transactions;
    this.invoices = deps.invoices;
  }

  /**
   * Runs `hooks` after the declared ones, in every later settle, void and reprint. For
   * tests and tools; the services' own hooks are declared in services/index.ts.
   */
  addHooks(hooks: SettlementHooks): void {
    this.hooks.push(hooks);
  }

  /** The allocation settle would make, computed from the same data, writing nothing. */
  preview(input: unknown, actor: Actor): PreviewResponse {
    const req = parseInput(SettlementRequest, input, 'settlement');
    requireRole(actor, ['cashier', 'admin'], 'take payments');
    const { allocation, tender } = this.plan(req);
    return {
      allocations: allocation.allocations,
      change: tender.change,
      creditAmount: allocation.creditAmount,
      creditUsed: allocation.creditUsed,
    };
  }

  /** One settlement, durably committed in its own SQLite transaction. */
  settle(input: unknown, actor: Actor, opts: SettleOptions = {}): SettleResult {
    const prepared = this.prepare(input, actor, opts);
    return this.store.write(() => this.settleInTransaction(prepared, actor, opts));
  }

  /** Validates outside the write lock; returns what settleInTransaction needs. */
  prepare(input: unknown, actor: Actor, opts: SettleOptions): PreparedSettlement {
    const req = parseInput(SettlementRequest, input, 'settlement');
    requireRole(actor, ['cashier', 'admin'], 'take payments');
    // The request hash only matters for an idempotent retry: no key, no hash.
    if (opts.idempotencyKey === undefined) return { req, hash: null };
    checkIdempotencyKey(opts.idempotencyKey);
    return { req, hash: requestHash(req) };
  }

  /** Must run inside `store.write`: everything here commits or rolls back together. */
  settleInTransaction(p: PreparedSettlement, actor: Actor, opts: SettleOptions): SettleResult {
    const q = this.store.q;
    const key = opts.idempotencyKey;
    const hash = key === undefined ? null : (p.hash ?? requestHash(p.req));
    if (key !== undefined) {
      const prior = q.idempotency.get(actor.id, key);
      if (prior) {
        if (prior.request_hash !== hash) {
          throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used for a different payment.');
        }
        return { ...(JSON.parse(prior.response) as SettlementResponse), replayed: true, seq: null };
      }
    }
    let shiftId: string | null = null;
    let registerId: string = FIRST_REGISTER_ID;
    for (const guard of this.guards) {
      const g = guard(actor);
      if (!g) continue;
      shiftId = g.shiftId ?? shiftId;
      registerId = g.registerId ?? registerId;
    }
    const { req } = p;
    const { allocation, tender, customerName, unpaid } = this.plan(req);
    const at = this.store.now();
    // When the store issues its SIs, read only if this payment could complete a sale that
    // has none yet (most payments cannot: the till's hot path skips the statement).
    let invoiceAtRead: InvoiceAt | undefined;
    const invoiceAt = (): InvoiceAt => (invoiceAtRead ??= this.invoices.settings().invoiceAt);
    // One sale paid in full at once, the first payment it ever had: the payment IS its
    // Sales Invoice (one document, the SI showing the payment), numbered from the SI
    // series — the invoice issued with the sale, or issued now (invoiceAt full_payment).
    let sale = this.paidWholeAtOnce(allocation, invoiceAt, unpaid);
    let documentType: Settlement['documentType'] = 'collection_receipt';
    let orNumber: string;
    let orCounter: number;
    let documentRegisterId = registerId;
    if (sale) {
      if (!sale.invoice_number) sale = this.invoices.issue(sale, q.transactions.lines(sale.id), this.register(registerId), at, shiftId);
      documentType = 'sales_invoice';
      // This receipt is the SI's original print: a later print of the invoice is a reprint.
      q.transactions.markInvoicePrinted(sale.id, at);
      orNumber = sale.invoice_number!;
      orCounter = sale.invoice_counter!;
      documentRegisterId = sale.invoice_register_id!;
    } else {
      // The register's OR counter (and its accumulated total) moves inside this transaction:
      // any failure below rolls it back, so no number is burnt and none is issued twice.
      const series = q.registers.next(registerId, 'or', req.amount);
      orNumber = formatOrNumber(series.prefix, series.last_number);
      orCounter = series.last_number;
    }
    const id = newId('stl');
    const written = {
      id,
      or_number: orNumber,
      or_counter: orCounter,
      register_id: documentRegisterId,
      document_type: documentType,
      customer_id: req.customerId,
      amount: req.amount,
      tender_method: req.tender.method,
      tender_reference: req.tender.reference ?? null,
      tendered: tender.tendered,
      change_amount: tender.change,
      credit_kept: allocation.creditAmount,
      credit_used: allocation.creditUsed,
      strategy: req.allocation.strategy,
      cashier_id: actor.id,
      shift_id: shiftId,
      created_at: at,
    };
    const inserted = q.settlements.insert(written);
    // Object literals written out in full here and below: on Node 20's V8 a spread followed by
    // more properties ({ ...base, type }) costs about a microsecond per added property.
    const entry = (type: NewLedgerEntry['type'], amount: number, transactionId: string | null): NewLedgerEntry => ({
      customer_id: req.customerId,
      or_number: orNumber,
      settlement_id: id,
      actor_id: actor.id,
      reason: null,
      created_at: at,
      type,
      amount,
      transaction_id: transactionId,
    });
    const entries: NewLedgerEntry[] = [];
    const transactions: Transaction[] = [];
    const applied: SettledContext['allocations'] = [];
    for (const a of allocation.allocations) {
      q.settlements.insertAllocation(id, a.transactionId, a.amount);
      let row = q.transactions.applyPayment(a.transactionId, a.amount, at)!;
      // invoiceAt full_payment: a sale this payment completes gets its invoice now, at this register.
      if (row.vat_on_invoice === 1 && !row.invoice_number && row.paid_amount === row.total_amount && invoiceAt() === 'full_payment') {
        row = this.invoices.issue(row, q.transactions.lines(row.id), this.register(registerId), at, shiftId);
      }
      applied.push({ transaction: row, amount: a.amount });
      transactions.push(toTransaction(row, q.transactions.lines(row.id)));
      entries.push(entry('payment', -a.amount, a.transactionId));
    }
    const creditDelta = allocation.creditAmount - allocation.creditUsed;
    if (creditDelta !== 0) q.customers.changeCredit(req.customerId, creditDelta);
    if (allocation.creditAmount > 0) entries.push(entry('credit', -allocation.creditAmount, null));
    if (allocation.creditUsed > 0) entries.push(entry('credit', allocation.creditUsed, null));
    q.ledger.appendChain(entries);
    const settlement: Settlement = {
      id,
      or_number: orNumber,
      registerId: documentRegisterId,
      documentType,
      customerId: req.customerId,
      amount: req.amount,
      tender: { method: req.tender.method, reference: req.tender.reference ?? null, tendered: tender.tendered },
      change: tender.change,
      creditAmount: allocation.creditAmount,
      creditUsed: allocation.creditUsed,
      allocations: allocation.allocations,
      status: 'posted',
      cashierId: actor.id,
      createdAt: at,
      voidedAt: null,
      voidReason: null,
      reprintCount: 0,
    };
    const response: SettlementResponse = { settlement, transactions };
    if (this.hooks.length > 0) {
      const w = written;
      const row: SettlementRow = {
        id: w.id,
        or_number: w.or_number,
        or_counter: w.or_counter,
        register_id: w.register_id,
        document_type: w.document_type,
        customer_id: w.customer_id,
        amount: w.amount,
        tender_method: w.tender_method,
        tender_reference: w.tender_reference,
        tendered: w.tendered,
        change_amount: w.change_amount,
        credit_kept: w.credit_kept,
        credit_used: w.credit_used,
        strategy: w.strategy,
        cashier_id: w.cashier_id,
        shift_id: w.shift_id,
        created_at: w.created_at,
        rowid: Number(inserted.lastInsertRowid),
        status: 'posted',
        voided_at: null,
        voided_by: null,
        void_reason: null,
        reprint_count: 0,
      };
      for (const h of this.hooks) h.afterSettle?.({ settlementId: id, actor, row, allocations: applied, customerName });
    }
    // One serialisation of the answer serves the event row and the idempotency row: the
    // event payload is {...response, actorId}, i.e. the same JSON with actorId appended.
    const responseJson = JSON.stringify(response);
    const payloadJson = `${responseJson.slice(0, -1)},"actorId":${JSON.stringify(actor.id)}}`;
    const event = this.store.append('settlement.posted', { settlement, transactions, actorId: actor.id }, payloadJson);
    if (key !== undefined) q.idempotency.putSerialized(actor.id, key, hash!, responseJson, at);
    return { settlement, transactions, replayed: false, seq: event.seq };
  }

  /**
   * Voids a settlement: keeps its OR and row, marks it void with who/why/when,
   * reverses its allocations and ledger entries with new entries, and re-derives
   * statuses. Admin only, or a cashier with an admin's approval.
   */
  void(settlementId: unknown, input: unknown, actor: Actor, approvedBy?: string): SettlementResponse & { seq: number } {
    const id = parseInput(Id, settlementId, 'settlement id');
    const { reason } = parseInput(VoidSettlementRequest, input, 'void');
    return this.store.write(() => {
      const q = this.store.q;
      if (actor.role !== 'admin') {
        const approver = approvedBy ? q.users.get(approvedBy) : undefined;
        if (actor.role !== 'cashier' || !approver || approver.role !== 'admin' || !approver.active) {
          throw new DomainError('forbidden', 'Voiding a receipt needs an admin, or a cashier with an admin’s approval.');
        }
      }
      const row = q.settlements.get(id);
      if (!row) throw new DomainError('not_found', 'No such settlement.');
      if (row.status === 'void') throw new DomainError('already_void', `${row.or_number} is already void.`);
      const customer = q.customers.get(row.customer_id)!;
      if (customer.credit_balance < row.credit_kept) {
        throw new DomainError('credit_consumed', 'The credit this payment left has been used by a later payment; void that one first.');
      }
      for (const h of this.hooks) h.beforeVoid?.({ settlementId: id, actor });
      const at = this.store.now();
      const base = { customer_id: row.customer_id, or_number: row.or_number, settlement_id: id, actor_id: actor.id, reason, created_at: at };
      for (const a of q.settlements.allocations(id)) {
        q.transactions.applyPayment(a.transaction_id, -a.amount, at);
        q.ledger.append({ ...base, type: 'void', amount: a.amount, transaction_id: a.transaction_id });
      }
      q.settlements.killAllocations(id);
      const creditDelta = row.credit_used - row.credit_kept;
      if (creditDelta !== 0) q.customers.changeCredit(row.customer_id, creditDelta);
      if (row.credit_kept > 0) q.ledger.append({ ...base, type: 'void', amount: row.credit_kept, transaction_id: null });
      if (row.credit_used > 0) q.ledger.append({ ...base, type: 'void', amount: -row.credit_used, transaction_id: null });
      q.settlements.markVoid(id, at, actor.id, reason);
      for (const h of this.hooks) h.afterVoid?.({ settlementId: id, actor });
      const response = this.response(id);
      const event = this.store.append('settlement.voided', { ...response, actorId: actor.id });
      return { ...response, seq: event.seq };
    });
  }

  /** Counts a reprint and returns the settlement (the receipt is then marked REPRINT). */
  reprint(settlementId: unknown, actor: Actor | null = null): Settlement {
    const id = parseInput(Id, settlementId, 'settlement id');
    return this.store.write(() => {
      if (!this.store.q.settlements.countReprint(id)) throw new DomainError('not_found', 'No such settlement.');
      for (const h of this.hooks) h.afterReprint?.({ settlementId: id, actor });
      return this.get(id);
    });
  }

  get(id: string): Settlement {
    const row = this.store.q.settlements.get(id);
    if (!row) throw new DomainError('not_found', 'No such settlement.');
    return toSettlement(row, this.store.q.settlements.allocations(id));
  }

  list(filter: Omit<SettlementFilter, 'beforeRowid'> & { cursor?: string | undefined }): {
    items: Settlement[];
    nextCursor: string | null;
  } {
    const q = this.store.q.settlements;
    return keysetPage(
      filter.cursor,
      filter.limit,
      (beforeRowid, limit) => q.list({ ...filter, beforeRowid, limit }),
      (page) => {
        const allocs = groupBy(q.allocationsOfMany(page.map((r) => r.id)), (a) => a.settlement_id);
        return page.map((r) => toSettlement(r, allocs.get(r.id) ?? []));
      },
    );
  }

  /** The sale this payment pays whole as its first payment ever (see settleInTransaction), else null. */
  private paidWholeAtOnce(allocation: AllocationResult, invoiceAt: () => InvoiceAt, unpaid: readonly string[]): TransactionRow | null {
    if (allocation.allocations.length !== 1 || allocation.creditAmount !== 0 || allocation.creditUsed !== 0) return null;
    const a = allocation.allocations[0]!;
    // Most payments are of a part or of several sales: no row to read for them (the till's hot path).
    if (!unpaid.includes(a.transactionId)) return null;
    const q = this.store.q;
    const t = q.transactions.get(a.transactionId);
    if (!t || t.vat_on_invoice !== 1 || t.paid_amount !== 0 || a.amount !== t.total_amount) return null;
    if (!t.invoice_number && invoiceAt() !== 'full_payment') return null;
    // Its SI's original was already printed (at the desk): the customer has it; this is a collection.
    if (t.invoice_printed_at !== null) return null;
    // Paid once before and voided: the invoice was already that payment's document.
    if (q.transactions.hasAllocations(t.id)) return null;
    return t;
  }

  private register(id: string) {
    const r = this.store.q.registers.get(id);
    if (!r) throw new DomainError('unknown_register', 'There is no such register.', { registerId: id });
    return r;
  }

  private plan(req: SettlementRequest): {
    allocation: AllocationResult;
    tender: ReturnType<typeof computeTender>;
    customerName: string;
    /** Open transactions read with nothing paid on them yet. */
    unpaid: string[];
  } {
    const q = this.store.q;
    const customer = q.customers.get(req.customerId);
    if (!customer) throw new DomainError('not_found', 'No such customer.', { customerId: req.customerId });
    const amount = centavos(req.amount);
    const tender = computeTender(req.tender.method, amount, req.tender.tendered);
    const creditAvailable = req.useCredit ? customer.credit_balance : 0;
    const open: OpenTransaction[] = [];
    const unpaid: string[] = [];
    const toOpen = (t: OpenRow): OpenTransaction => {
      if (t.unpaid === 1) unpaid.push(t.id);
      return { id: t.id, balance: centavos(t.balance), dueDate: t.due_date, createdAt: t.created_at };
    };
    if (req.allocation.strategy === 'manual') {
      const ids = (req.allocation.lines ?? []).map((l) => l.transactionId);
      for (const t of q.transactions.openByIds(customer.id, ids)) open.push(toOpen(t));
      for (const id of ids) {
        if (open.some((t) => t.id === id)) continue;
        // The customer's own transaction, paid off or cancelled since the cashier looked:
        // that is a changed balance (409, with the new balance), not a malformed request.
        const row = q.transactions.get(id);
        if (row && row.customer_id === customer.id) {
          throw new DomainError('balance_changed', 'This transaction no longer has a balance; it was paid or cancelled meanwhile.', {
            transactionId: id,
            balance: 0,
            payment_status: row.voided ? 'void' : 'paid',
          });
        }
      }
    } else {
      // Read open transactions in allocation order only until the payment is covered.
      let covered = 0;
      for (const t of q.transactions.openInOrder(customer.id, req.allocation.strategy)) {
        open.push(toOpen(t));
        covered += t.balance;
        if (covered >= amount + creditAvailable) break;
      }
    }
    const allocation = allocate({
      amount,
      strategy: req.allocation.strategy,
      lines: req.allocation.lines,
      open,
      outstanding: customer.open_balance,
      keepExcessAsCredit: req.keepExcessAsCredit ?? false,
      useCredit: req.useCredit ?? false,
      creditAvailable: centavos(creditAvailable),
    });
    return { allocation, tender, customerName: customer.name, unpaid };
  }

  private response(id: string): SettlementResponse {
    const settlement = this.get(id);
    const transactions: Transaction[] = settlement.allocations.map((a) => this.transactions.load(a.transactionId));
    return { settlement, transactions };
  }
}

export interface PreparedSettlement {
  req: SettlementRequest;
  /** sha256 of the request, only when it came with an Idempotency-Key. */
  hash: string | null;
}

function requestHash(req: SettlementRequest): string {
  return createHash('sha256').update(JSON.stringify(req)).digest('base64url');
}
