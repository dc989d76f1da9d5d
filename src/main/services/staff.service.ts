import { randomBytes } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import { Id } from '../../shared/common.js';
import { CreateStaffRequest, UpdateStaffRequest, type User } from '../../shared/auth.js';
import type { UserRow } from '../db/users.queries.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './auth.js';
import { newId } from './ids.js';
import type { Actor, Store } from './store.js';
import { requireRole } from './transactions.service.js';
import { parseInput } from './validate.js';

export function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, role: row.role, displayName: row.display_name };
}

export interface InitialAdmin {
  username: string;
  /** Present only when the hub generated it: shown once, never stored in clear. */
  generatedPassword: string | null;
}

/** Staff accounts: admin, cashier, sales. Passwords are kept only as scrypt hashes. */
export class StaffService {
  constructor(private readonly store: Store) {}

  async create(input: unknown, actor: Actor): Promise<User> {
    const req = parseInput(CreateStaffRequest, input, 'staff');
    requireRole(actor, ['admin'], 'create staff accounts');
    if (this.store.q.users.byUsername(req.username)) {
      throw new DomainError('conflict', 'That username is taken.', { username: req.username });
    }
    const passwordHash = await hashPassword(req.password);
    return this.store.write(() => {
      // Checked again inside the write: another request may have taken it while we hashed.
      if (this.store.q.users.byUsername(req.username)) throw new DomainError('conflict', 'That username is taken.');
      const row = {
        id: newId('usr'),
        username: req.username,
        password_hash: passwordHash,
        role: req.role,
        display_name: req.displayName,
        created_at: this.store.now(),
      };
      this.store.q.users.insert(row);
      return toUser({ ...row, active: 1 });
    });
  }

  /** The active user with this username and password, or null. Constant work for unknown names. */
  async authenticate(username: string, password: string): Promise<UserRow | null> {
    const row = this.store.q.users.byUsername(username);
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    return ok && row && row.active === 1 ? row : null;
  }

  /** The active user behind a token, or undefined (deactivated, deleted or unknown). */
  activeUser(id: string): UserRow | undefined {
    const row = this.store.q.users.get(id);
    return row && row.active === 1 ? row : undefined;
  }

  setActive(id: unknown, active: boolean, actor: Actor): User {
    const userId = parseInput(Id, id, 'user id');
    requireRole(actor, ['admin'], 'change staff accounts');
    if (userId === actor.id && !active) throw new DomainError('conflict', 'You cannot deactivate your own account.');
    return this.store.write(() => {
      if (!this.store.q.users.setActive(userId, active)) throw new DomainError('not_found', 'No such user.');
      return toUser(this.store.q.users.get(userId)!);
    });
  }

  /**
   * Changes a role, display name or password (admin). A changed role ends the user's
   * sessions by itself (a token's role must still be the user's); the route also drops
   * its sockets. An admin cannot take the admin role from their own account (the store
   * would risk having none).
   */
  async update(id: unknown, input: unknown, actor: Actor): Promise<User> {
    const userId = parseInput(Id, id, 'user id');
    const req = parseInput(UpdateStaffRequest, input, 'staff change');
    requireRole(actor, ['admin'], 'change staff accounts');
    if (userId === actor.id && req.role && req.role !== 'admin') {
      throw new DomainError('conflict', 'You cannot take the admin role from your own account.');
    }
    const passwordHash = req.password ? await hashPassword(req.password) : null;
    return this.store.write(() => {
      const ok = this.store.q.users.update({ id: userId, role: req.role ?? null, display_name: req.displayName ?? null, password_hash: passwordHash });
      if (!ok) throw new DomainError('not_found', 'No such user.');
      return toUser(this.store.q.users.get(userId)!);
    });
  }

  /**
   * On an empty store, creates the first admin: from the given credentials when set,
   * otherwise with a generated password the caller shows once. Null when staff exist.
   */
  async ensureInitialAdmin(creds: { username?: string | undefined; password?: string | undefined }): Promise<InitialAdmin | null> {
    if (this.store.q.users.count() > 0) return null;
    const generated = creds.password ? null : randomBytes(12).toString('base64url');
    const req = parseInput(
      CreateStaffRequest,
      { username: creds.username || 'admin', password: creds.password ?? generated, role: 'admin', displayName: 'Administrator' },
      'initial admin (KAHERA_ADMIN_USER / KAHERA_ADMIN_PASSWORD)',
    );
    const passwordHash = await hashPassword(req.password);
    const created = this.store.write(() => {
      if (this.store.q.users.count() > 0) return false;
      this.store.q.users.insert({
        id: newId('usr'),
        username: req.username,
        password_hash: passwordHash,
        role: 'admin',
        display_name: req.displayName,
        created_at: this.store.now(),
      });
      return true;
    });
    return created ? { username: req.username, generatedPassword: generated } : null;
  }
}
