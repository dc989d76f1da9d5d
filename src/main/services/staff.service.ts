import { randomBytes } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import { Id } from '../../shared/common.js';
import { CreateStaffRequest, UpdateStaffRequest, type User } from '../../shared/auth.js';
import type { StaffMember } from '../../shared/backoffice.js';
import type { RevokeReason, UserRow } from '../db/users.queries.js';
import { DUMMY_HASH, hashPassword, verifyPassword, type TokenClaims } from './auth.js';
import { newId } from './ids.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { parseInput } from './validate.js';

export function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, role: row.role, displayName: row.display_name };
}

export interface InitialAdmin {
  username: string;
  /** Present only when the hub generated it: shown once, never stored in clear. */
  generatedPassword: string | null;
}

/**
 * Sessions that just ended, told after the commit to whoever holds live connections
 * (the socket server disconnects them): one session (`sessionId`, a sign-out), or every
 * session of `userId` but `keep` (deactivation, reactivation, new password or role).
 */
export type Revocation =
  | { kind: 'session'; userId: string; sessionId: string; reason: RevokeReason }
  | { kind: 'user'; userId: string; keep: string | null; reason: RevokeReason };
export type RevocationListener = (r: Revocation) => void;

/** Staff accounts: admin, cashier, sales. Passwords are kept only as scrypt hashes. */
export class StaffService {
  private readonly revocationListeners = new Set<RevocationListener>();
  private lastPrune = 0;

  constructor(private readonly store: StoreDb) {}

  private epochMs(): number {
    return Date.parse(this.store.now());
  }

  /** Listen for ended sessions (called after their commit). Returns the unsubscribe. */
  onRevoke(listener: RevocationListener): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  private tell(r: Revocation): void {
    for (const l of this.revocationListeners) {
      try {
        l(r);
      } catch {
        // A listener must not undo a committed revocation; the per-request check still refuses the token.
      }
    }
  }

  /**
   * Records the session a freshly signed token names; prunes expired rows now and then.
   * `checked` is the account as its password was checked: if it changed meanwhile (new
   * password or role, deactivated — each of which ended the user's sessions while the
   * slow check ran), the sign-in is refused rather than outliving the change.
   */
  openSession(claims: TokenClaims, checked: UserRow): void {
    this.store.write(() => {
      const now = this.store.q.users.get(claims.sub);
      if (!now || now.active !== 1 || now.password_hash !== checked.password_hash || now.role !== claims.role) {
        throw new DomainError('unauthorized', 'Wrong username or password.');
      }
      this.store.q.users.insertSession({ id: claims.sid, userId: claims.sub, createdAt: claims.iat, expiresAt: claims.exp });
      if (claims.iat - this.lastPrune > 3600_000) {
        this.lastPrune = claims.iat;
        this.store.q.users.pruneSessions(claims.iat);
      }
    });
  }

  /** Whether the session a token names is still open and belongs to that token's user. */
  sessionOpen(sessionId: string, userId: string): boolean {
    const row = this.store.q.users.session(sessionId);
    return row !== undefined && row.user_id === userId && row.revoked_at === null;
  }

  /** Signs one session out (logout). Idempotent. */
  endSession(sessionId: string, userId: string): void {
    const ended = this.store.write(() => this.store.q.users.revokeSession(sessionId, this.epochMs(), 'logout'));
    if (ended) this.tell({ kind: 'session', userId, sessionId, reason: 'logout' });
  }

  /** Ends every session of `userId` (but `keep`) inside the caller's write; tell after commit. */
  private revokeAllIn(userId: string, reason: RevokeReason, keep: string | null): Revocation {
    this.store.q.users.revokeUserSessions(userId, this.epochMs(), reason, keep);
    return { kind: 'user', userId, keep, reason };
  }

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
  /** Every account, for the admin's staff screen. */
  list(): StaffMember[] {
    return this.store.q.users.list().map((u) => ({
      id: u.id,
      username: u.username,
      role: u.role,
      displayName: u.display_name,
      active: u.active === 1,
      createdAt: u.created_at,
    }));
  }

  /** The user's display name, when there is such a user. */
  displayName(id: string): string | undefined {
    return this.store.q.users.get(id)?.display_name;
  }

  activeUser(id: string): UserRow | undefined {
    const row = this.store.q.users.get(id);
    return row && row.active === 1 ? row : undefined;
  }

  setActive(id: unknown, active: boolean, actor: Actor): User {
    const userId = parseInput(Id, id, 'user id');
    requireRole(actor, ['admin'], 'change staff accounts');
    if (userId === actor.id && !active) throw new DomainError('conflict', 'You cannot deactivate your own account.');
    // Both directions end every session: a deactivated user's terminals close, and a
    // reactivated user starts from a fresh sign-in instead of an old token coming back.
    const { user, revocation } = this.store.write(() => {
      if (!this.store.q.users.setActive(userId, active)) throw new DomainError('not_found', 'No such user.');
      const revocation = this.revokeAllIn(userId, active ? 'activated' : 'deactivated', null);
      return { user: toUser(this.store.q.users.get(userId)!), revocation };
    });
    this.tell(revocation);
    return user;
  }

  /**
   * `PATCH /api/v1/staff/:id`: role, display name, password. A new role or password ends
   * every older session of the user; an admin changing their own password keeps the
   * session they are using (`actorSession`). An admin cannot change their own role:
   * the store could lose its last admin, and the change would end their session mid-way.
   */
  async update(id: unknown, input: unknown, actor: Actor, actorSession: string | null = null): Promise<User> {
    const userId = parseInput(Id, id, 'user id');
    const req = parseInput(UpdateStaffRequest, input, 'staff change');
    requireRole(actor, ['admin'], 'change staff accounts');
    const before = this.store.q.users.get(userId);
    if (!before) throw new DomainError('not_found', 'No such user.');
    if (req.role !== undefined && req.role !== before.role && userId === actor.id) {
      throw new DomainError('conflict', 'You cannot change your own role; ask another admin.');
    }
    // Hashed outside the write lock: scrypt takes tens of milliseconds.
    const passwordHash = req.password !== undefined ? await hashPassword(req.password) : undefined;
    const { user, revocation } = this.store.write(() => {
      const current = this.store.q.users.get(userId);
      if (!current) throw new DomainError('not_found', 'No such user.');
      const roleChanged = req.role !== undefined && req.role !== current.role;
      this.store.q.users.update(userId, { role: roleChanged ? req.role : undefined, displayName: req.displayName, passwordHash });
      let revocation: Revocation | null = null;
      if (roleChanged) revocation = this.revokeAllIn(userId, 'role_changed', null);
      else if (passwordHash !== undefined) revocation = this.revokeAllIn(userId, 'password_changed', userId === actor.id ? actorSession : null);
      return { user: toUser(this.store.q.users.get(userId)!), revocation };
    });
    if (revocation) this.tell(revocation);
    return user;
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
