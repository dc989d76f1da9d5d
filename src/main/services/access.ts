import { DomainError } from '../../core/errors.js';
import type { Role } from '../../shared/common.js';
import type { CustomerScope } from '../db/customers.queries.js';

/** Who is acting: every business write records it. */
export interface Actor {
  id: string;
  role: Role;
}

/** Refuses (`forbidden`) an actor whose role is not among `roles`; `what` completes "cannot …". */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw new DomainError('forbidden', `Your role (${actor.role}) cannot ${what}.`);
}

/** The customers `p` may list and read (customers.queries.ts says who is in each). */
export function customerScope(p: Actor): CustomerScope {
  return p.role === 'admin' ? { kind: 'all' } : { kind: p.role, userId: p.id };
}

/**
 * A search this long may also find customers outside the caller's own list: a sales desk
 * must find a returning customer another desk created (or it makes a duplicate whose
 * ledger is split from the first), and a cashier must find a customer who comes to pay
 * a deposit with nothing open. Shorter input only narrows the caller's own list, so no
 * one can page through the store's whole directory by typing one letter at a time.
 */
export const WIDE_SEARCH_MIN_CHARS = 3;
/** At most this many rows of a search that reaches outside the caller's scope. */
export const WIDE_SEARCH_MAX_ROWS = 20;
