import { DomainError } from '../../core/errors.js';
import { formatPeso } from '../../core/money.js';
import { drawerSummary, overShort } from '../../core/readings.js';
import { Id } from '../../shared/common.js';
import type { DrawerSummary, ReadingFigures } from '../../shared/readings.js';
import {
  CloseShiftRequest,
  DEFAULT_PAID_OUT_APPROVAL_LIMIT,
  DrawerMovementRequest,
  ListShiftsQuery,
  OpenShiftRequest,
  type CloseShiftResponse,
  type DrawerMovement,
  type Shift,
} from '../../shared/shifts.js';
import { FIRST_REGISTER_ID } from '../db/registers.queries.js';
import type { DrawerMovementRow, NewDrawerMovement, ShiftRow } from '../db/shifts.queries.js';
import { newId } from './ids.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { parseInput } from './validate.js';

export function toShift(r: ShiftRow): Shift {
  return {
    id: r.id,
    cashierId: r.cashier_id,
    counter: r.counter,
    registerId: r.register_id ?? FIRST_REGISTER_ID,
    openingFloat: r.opening_float,
    status: r.status,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    expectedCash: r.expected_cash,
    countedCash: r.counted_cash,
    overShort: r.over_short,
    forceClosed: r.force_closed === 1,
    closeReason: r.close_reason,
  };
}

export function toDrawerMovement(r: DrawerMovementRow): DrawerMovement {
  return {
    id: r.id,
    shiftId: r.shift_id,
    kind: r.kind,
    amount: r.amount,
    reason: r.reason,
    actorId: r.actor_id,
    refundId: r.refund_id,
    approvedBy: r.approved_by ?? null,
    createdAt: r.created_at,
  };
}

/** The settings key of the store's paid-out approval limit (centavos). */
export const PAID_OUT_APPROVAL_LIMIT_KEY = 'paid_out_approval_limit';

/** The limit as stored, or the default when unset or unreadable. */
export function paidOutApprovalLimit(stored: string | undefined): number {
  const n = stored === undefined ? NaN : Number(stored);
  return Number.isSafeInteger(n) && n >= 0 ? n : DEFAULT_PAID_OUT_APPROVAL_LIMIT;
}

/** Runs inside the close's write, after the shift is closed. */
export type ShiftCloseHook = (shift: ShiftRow, actor: Actor) => void;

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Shifts and the cash drawer. A cashier settles only inside their open shift (the settle
 * guard below, run in the settlement's own SQLite transaction, so a shift closed a moment
 * earlier cannot take one more receipt); admins need none.
 */
/** What shifts need of the readings (declared here, not imported, so readings may depend on shifts). */
export interface BusinessDay {
  businessDateFor(at: string, registerId?: string): string;
  shiftFigures(shiftId: string): ReadingFigures;
}

/** What shifts need of the registers: the active register a cashier names (422 `unknown_register` otherwise). */
export interface RegisterLookup {
  activeByCode(code: string): { id: string; code: string };
}

export interface ShiftDeps {
  readings: BusinessDay;
  registers: RegisterLookup;
  /** Work that must commit with a shift's close, in its write (declared in services/index.ts). */
  closeHooks: readonly ShiftCloseHook[];
}

export class ShiftService {
  private required: boolean;

  /**
   * `required`: refuse a cashier's settlement without an open shift (409 no_open_shift,
   * protocol.md). The hub turns it on when it registers the shift routes; a bare store
   * (ledger tests, scripts) only records the shift when there is one.
   */
  constructor(
    private readonly store: StoreDb,
    private readonly deps: ShiftDeps,
    opts: { required?: boolean } = {},
  ) {
    this.required = opts.required ?? false;
  }

  /**
   * The settlement guard (wired in services/index.ts): runs inside the settlement's SQLite
   * transaction, so a shift closed a moment earlier cannot take one more receipt.
   */
  readonly settleGuard = (actor: Actor): { shiftId: string; registerId: string } | undefined => {
    if (actor.role !== 'cashier') return undefined;
    const shift = this.store.q.shifts.openOfCashier(actor.id);
    // The shift's register numbers the receipt (a shift from before registers: C1).
    if (shift) return { shiftId: shift.id, registerId: shift.register_id ?? FIRST_REGISTER_ID };
    if (this.required) throw new DomainError('no_open_shift', 'Open a shift (counter and cash float) before taking payments.');
    return undefined;
  };

  /**
   * Before a void (wired in services/index.ts, inside the void's SQLite transaction): a cash
   * receipt voided while its shift is open hands its money back out of that drawer, so the
   * drawer must still hold it — a paid-out may have taken it since (422 `insufficient_cash`).
   */
  readonly voidGuard = ({ settlementId, actor }: { settlementId: string; actor: Actor }): void => {
    const receipt = this.store.q.settlements.get(settlementId);
    if (!receipt || receipt.tender_method !== 'cash' || !receipt.shift_id) return;
    const shift = this.store.q.shifts.get(receipt.shift_id);
    if (shift?.status === 'open') this.assertCashCovers(shift, receipt.amount, actor);
  };

  /** Whether a cashier needs an open shift to settle. */
  get isRequired(): boolean {
    return this.required;
  }

  requireForCashiers(on = true): void {
    this.required = on;
  }

  /** A cashier's paid-out above this (centavos) needs an admin's approval. */
  paidOutApprovalLimit(): number {
    return paidOutApprovalLimit(this.store.q.settings.get(PAID_OUT_APPROVAL_LIMIT_KEY));
  }

  /**
   * `POST /shifts`: one open shift per cashier, and one per register. `counter` is an
   * active register's code (protocol.md v1 additions); else 422 `unknown_register`.
   */
  open(input: unknown, actor: Actor): Shift {
    const req = parseInput(OpenShiftRequest, input, 'shift');
    requireRole(actor, ['cashier'], 'open a shift');
    return this.store.write(() => {
      const q = this.store.q.shifts;
      const mine = q.openOfCashier(actor.id);
      if (mine) {
        throw new DomainError('conflict', `You already have an open shift at counter ${mine.counter}; close it first.`, { shiftId: mine.id });
      }
      const register = this.deps.registers.activeByCode(req.counter);
      const taken = q.openAtRegister(register.id) ?? q.openAtCounter(register.code);
      if (taken) throw new DomainError('conflict', `Register ${register.code} already has an open shift.`, { counter: register.code });
      const row = {
        id: newId('shf'),
        cashier_id: actor.id,
        counter: register.code,
        register_id: register.id,
        opening_float: req.openingFloat,
        opened_at: this.store.now(),
      };
      try {
        q.insert(row);
      } catch (e) {
        // Another process opened one between our check and insert: the unique index decides.
        if (isUniqueViolation(e)) throw new DomainError('conflict', 'A shift is already open for this cashier or counter.');
        throw e;
      }
      const shift = toShift(q.get(row.id)!);
      this.store.append('shift.opened', { shift, actorId: actor.id });
      return shift;
    });
  }

  /**
   * `POST /shifts/:id/close`: the cashier's blind count (they enter what they counted,
   * then see expected and over/short), or an admin's force-close of an abandoned shift.
   * The close is stored once; a closed shift never changes (trigger).
   */
  close(shiftId: unknown, input: unknown, actor: Actor): CloseShiftResponse {
    const id = parseInput(Id, shiftId, 'shift id');
    const req = parseInput(CloseShiftRequest, input, 'shift close');
    return this.store.write(() => {
      const row = this.load(id, actor);
      if (row.status !== 'open') throw new DomainError('conflict', 'This shift is already closed.', { shiftId: id });
      const forced = actor.id !== row.cashier_id;
      const drawer = this.drawer(row, false);
      const expected = drawer.expectedCash!;
      const at = this.store.now();
      const close = {
        id,
        closed_at: at,
        closed_by: actor.id,
        closed_business_date: this.deps.readings.businessDateFor(at, row.register_id ?? FIRST_REGISTER_ID),
        expected_cash: expected,
        counted_cash: req.countedCash,
        over_short: overShort(req.countedCash, expected),
        force_closed: forced ? 1 : 0,
        close_reason: req.reason ?? (forced ? 'closed by an admin' : null),
      };
      if (!this.store.q.shifts.close(close)) throw new DomainError('conflict', 'This shift is already closed.', { shiftId: id });
      for (const hook of this.deps.closeHooks) hook(row, actor);
      const shift = toShift(this.store.q.shifts.get(id)!);
      const result: CloseShiftResponse = { shift, expectedCash: expected, countedCash: req.countedCash, overShort: close.over_short };
      this.store.append('shift.closed', { ...result, drawer, actorId: actor.id });
      return result;
    });
  }

  /**
   * Paid-in / paid-out with a reason, on an open shift (its cashier, or an admin). A
   * cashier's paid-out above the store's limit is refused with 422 `approval_required`:
   * it goes through a paid-out request instead (PaidOutRequestService).
   */
  move(shiftId: unknown, input: unknown, actor: Actor): DrawerMovement {
    const id = parseInput(Id, shiftId, 'shift id');
    const req = parseInput(DrawerMovementRequest, input, 'drawer movement');
    return this.store.write(() => {
      const row = this.load(id, actor);
      this.requireOpen(row);
      if (req.kind === 'paid_out' && actor.role !== 'admin') {
        const limit = this.paidOutApprovalLimit();
        if (req.amount > limit) {
          throw new DomainError('approval_required', `A paid-out over ${formatPeso(limit)} needs an admin’s approval: send it as a request.`, { limit });
        }
      }
      return this.recordMovement(row, { kind: req.kind, amount: req.amount, reason: req.reason }, actor, null);
    });
  }

  /** Refuses a change to a closed shift's drawer (409). */
  requireOpen(row: ShiftRow): void {
    if (row.status !== 'open') throw new DomainError('conflict', 'The shift is closed; its drawer cannot change.', { shiftId: row.id });
  }

  /**
   * Writes a paid-in or paid-out; must run inside `store.write`. A paid-out is checked
   * against the drawer in the same transaction that writes it (BEGIN IMMEDIATE: writers
   * are serialised), so two paid-outs at once cannot both pass on the same cash.
   */
  recordMovement(row: ShiftRow, m: { kind: 'paid_in' | 'paid_out'; amount: number; reason: string }, actor: Actor, approvedBy: string | null): DrawerMovement {
    // An approved one's refusal is answered to the approving admin, who may see the figure.
    if (m.kind === 'paid_out') this.assertCashCovers(row, m.amount, approvedBy ? { id: approvedBy, role: 'admin' } : actor);
    const movement: NewDrawerMovement = {
      id: newId('drw'),
      shift_id: row.id,
      kind: m.kind,
      amount: m.amount,
      reason: m.reason,
      actor_id: actor.id,
      refund_id: null,
      approved_by: approvedBy,
      created_at: this.store.now(),
    };
    this.store.q.shifts.insertMovement(movement);
    const out = toDrawerMovement({ ...movement, approved_by: approvedBy });
    this.store.append('drawer.moved', { movement: out, cashierId: row.cashier_id, actorId: actor.id });
    return out;
  }

  /**
   * Cash leaving the drawer (a paid-out, a cash refund) may never take its expected cash
   * below zero (domain.md, Registers): 422 `insufficient_cash`. Must run inside the write
   * that records the movement. A cashier is not told the figure: the close is a blind count.
   */
  assertCashCovers(row: ShiftRow, amount: number, actor: Actor): void {
    const expected = this.drawer(row, false).expectedCash!;
    if (amount <= expected) return;
    if (actor.role === 'admin') {
      throw new DomainError(
        'insufficient_cash',
        `The drawer at ${row.counter} should hold ${formatPeso(expected)}; ${formatPeso(amount)} would take it below zero.`,
        { expectedCash: expected },
      );
    }
    throw new DomainError('insufficient_cash', `The drawer does not hold ${formatPeso(amount)}: cash taken out can never exceed what it should hold.`);
  }

  /** The shift, if `actor` may see it: its own cashier, or an admin. */
  get(shiftId: unknown, actor: Actor): Shift {
    return toShift(this.load(parseInput(Id, shiftId, 'shift id'), actor));
  }

  /** The caller's open shift, or null. */
  current(actor: Actor): Shift | null {
    const row = this.store.q.shifts.openOfCashier(actor.id);
    return row ? toShift(row) : null;
  }

  /** Cashiers see their own shifts; admins everyone's. */
  list(query: unknown, actor: Actor): Shift[] {
    const f = parseInput(ListShiftsQuery, query, 'query');
    requireRole(actor, ['cashier', 'admin'], 'see shifts');
    const cashierId = actor.role === 'admin' ? f.cashierId : actor.id;
    return this.store.q.shifts.list({ status: f.status, cashierId, limit: f.limit }).map(toShift);
  }

  movements(shiftId: unknown, actor: Actor): DrawerMovement[] {
    const row = this.load(parseInput(Id, shiftId, 'shift id'), actor);
    return this.store.q.shifts.movements(row.id).map(toDrawerMovement);
  }

  /**
   * What the drawer should hold. `blind` hides the expected cash (a cashier looking at
   * their own open shift: the close is a blind count).
   */
  drawer(row: ShiftRow, blind: boolean): DrawerSummary {
    const totals = this.store.q.shifts.movementTotals(row.id);
    const figures = this.deps.readings.shiftFigures(row.id);
    return drawerSummary({ openingFloat: row.opening_float, paidIn: totals.paid_in, paidOut: totals.paid_out, cashRefunds: totals.refund }, figures, blind);
  }

  /** Loads a shift `actor` may act on: its own cashier or an admin (404 for anyone else: no probing). */
  load(id: string, actor: Actor): ShiftRow {
    const row = this.store.q.shifts.get(id);
    if (!row || (actor.role !== 'admin' && row.cashier_id !== actor.id)) throw new DomainError('not_found', 'No such shift.');
    return row;
  }
}
