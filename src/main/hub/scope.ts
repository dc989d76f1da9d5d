import type { SettlementShare, StoreEvent } from '../../shared/events.js';
import type { Settlement } from '../../shared/settlements.js';
import type { Transaction } from '../../shared/transactions.js';
import type { ScopeQueries } from '../db/scope.queries.js';
import type { Principal } from './principal.js';

// Who may see what (domain.md, Roles), decided once per event and shared by the live
// broadcast, the socket replay and the /events feed, so the three can never disagree:
//   sales   — only the transactions it created;
//   cashier — transactions open (unpaid/partial) before or after the change, and those it
//             settled: a cashier's queue must hear that a job order it shows was just paid
//             off by another counter, or cancelled, or it would keep a stale row;
//   admin   — everything.
// A settlement is a document of the cashier who took it: only that cashier and admins see
// it whole (as GET /settlements/:id and the settlement list do). Anyone else in the scope
// of a transaction it touched sees its share (SettlementShare): the OR number (which
// payment_status_updated carries too) and the allocations to the transactions they may
// see — never its tender, change, credit, or the money it put on other transactions.
// Customers: a sales desk hears of the customers it creates, admins of all; cashiers
// learn of a customer through its transactions.

/** One transaction changed by an event, and the rooms allowed to hear about it. */
export interface TransactionUpdate {
  transaction: Transaction;
  /** OR of the settlement (or void) that caused it; null for transaction events. */
  orNumber: string | null;
  updatedBy: string;
  /** `role:admin`, `role:cashier` (while open), `user:<creator>`, `user:<each settler>`. */
  rooms: string[];
}

export interface EventView {
  event: StoreEvent;
  updates: TransactionUpdate[];
  /** The event as `p` may see it (other clerks' transactions removed), or null. */
  forPrincipal(p: Principal): StoreEvent | null;
}

/** Visibility of an event type the hub does not know (e.g. a module's own events). */
export type CustomScope = (event: StoreEvent, p: Principal) => StoreEvent | null;

/** The rooms a socket joins on `subscribe:payment_status`. */
export function roomsOf(p: Pick<Principal, 'id' | 'role'>): string[] {
  return [`user:${p.id}`, `role:${p.role}`];
}

export function allows(rooms: readonly string[], p: Pick<Principal, 'id' | 'role'>): boolean {
  return p.role === 'admin' || rooms.includes(`user:${p.id}`) || rooms.includes(`role:${p.role}`);
}



export function isOpen(t: Pick<Transaction, 'payment_status'>): boolean {
  return t.payment_status === 'unpaid' || t.payment_status === 'partial';
}

interface TransactionPayload {
  transaction: Transaction;
  actorId: string;
}
interface SettlementPayload {
  settlement: Settlement;
  transactions: Transaction[];
  actorId: string;
}

export class EventScopes {
  private readonly custom = new Map<string, CustomScope>();

  constructor(private readonly q: ScopeQueries) {}

  /** Lets a module decide who sees its own event types in /events (admin-only otherwise). */
  register(type: string, scope: CustomScope): void {
    this.custom.set(type, scope);
  }

  /**
   * The transaction's audience for a change: as of now (after the change), plus the
   * cashiers when it was open just before it (`wasOpen`).
   */
  roomsFor(t: Transaction, wasOpen = false): string[] {
    const rooms = ['role:admin', `user:${t.createdBy}`];
    if (wasOpen || isOpen(t)) rooms.push('role:cashier');
    for (const cashierId of this.q.settlersOf(t.id)) rooms.push(`user:${cashierId}`);
    return rooms;
  }

  /** Whether `p` may see this transaction now (lists, GET by id, subscribe:transaction). */
  canSee(t: Transaction, p: Principal): boolean {
    if (p.role === 'admin') return true;
    if (p.role === 'sales') return t.createdBy === p.id;
    return isOpen(t) || this.q.settlersOf(t.id).includes(p.id);
  }

  view(event: StoreEvent): EventView {
    switch (event.type) {
      case 'transaction.created':
      case 'transaction.voided':
      case 'transaction.edited':
        return this.transactionView(event);
      case 'settlement.posted':
      case 'settlement.voided':
        return this.settlementView(event);
      case 'customer.created': {
        const creator = (event.payload as { actorId?: unknown }).actorId;
        return { event, updates: [], forPrincipal: (p) => (p.role === 'admin' || (p.role === 'sales' && creator === p.id) ? event : null) };
      }
      default: {
        const scope = this.custom.get(event.type);
        return { event, updates: [], forPrincipal: (p) => (p.role === 'admin' ? event : scope ? scope(event, p) : null) };
      }
    }
  }

  private transactionView(event: StoreEvent): EventView {
    const payload = event.payload as TransactionPayload;
    const update: TransactionUpdate = {
      transaction: payload.transaction,
      orNumber: null,
      updatedBy: payload.actorId,
      // A cancelled transaction was open (unpaid) until this event.
      rooms: this.roomsFor(payload.transaction, event.type === 'transaction.voided'),
    };
    return { event, updates: [update], forPrincipal: (p) => (allows(update.rooms, p) ? event : null) };
  }

  private settlementView(event: StoreEvent): EventView {
    const payload = event.payload as SettlementPayload;
    const updates = payload.transactions.map((transaction) => ({
      transaction,
      orNumber: payload.settlement.or_number,
      updatedBy: payload.actorId,
      // A payment only ever lands on a transaction that was open.
      rooms: this.roomsFor(transaction, event.type === 'settlement.posted'),
    }));
    const forPrincipal = (p: Principal): StoreEvent | null => {
      if (p.role === 'admin') return event;
      const visible = updates.filter((u) => allows(u.rooms, p)).map((u) => u.transaction);
      // Its own receipt, whole; a deposit with nothing outstanding touches no transaction.
      if (p.role === 'cashier' && payload.settlement.cashierId === p.id) {
        return visible.length === payload.transactions.length ? event : { ...event, payload: { ...payload, transactions: visible } };
      }
      if (visible.length === 0) return null;
      return { ...event, payload: { ...payload, settlement: shareOf(payload.settlement, new Set(visible.map((t) => t.id))), transactions: visible } };
    };
    return { event, updates, forPrincipal };
  }
}

/** What a terminal that did not take `s` may see of it: the part that went to `ids`. */
export function shareOf(s: Settlement, ids: ReadonlySet<string>): SettlementShare {
  const allocations = s.allocations.filter((a) => ids.has(a.transactionId)).map((a) => ({ transactionId: a.transactionId, amount: a.amount }));
  return {
    id: s.id,
    or_number: s.or_number,
    customerId: s.customerId,
    amount: allocations.reduce((sum, a) => sum + a.amount, 0),
    allocations,
    status: s.status,
    cashierId: s.cashierId,
    createdAt: s.createdAt,
    ...(s.voidedAt !== undefined ? { voidedAt: s.voidedAt } : {}),
    share: true,
  };
}
