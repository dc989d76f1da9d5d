import { DomainError } from '../../core/errors.js';
import type { Role } from '../../shared/common.js';

/** Who is acting: every business write records it. */
export interface Actor {
  id: string;
  role: Role;
}

/** Refuses (`forbidden`) an actor whose role is not among `roles`; `what` completes "cannot …". */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!roles.includes(actor.role)) throw new DomainError('forbidden', `Your role (${actor.role}) cannot ${what}.`);
}
