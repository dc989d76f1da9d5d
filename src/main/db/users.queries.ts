import type { Role } from '../../shared/common.js';
import type { Db } from './connection.js';

export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  display_name: string;
  active: number;
  created_at: string;
}

export interface SessionRow {
  id: string;
  user_id: string;
  /** epoch ms */
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_why: string | null;
}

/** Why a session ended early (sessions.revoked_why). */
export type RevokeReason = 'logout' | 'deactivated' | 'activated' | 'password_changed' | 'role_changed';

export function userQueries(db: Db) {
  const insert = db.prepare(
    `INSERT INTO users (id, username, password_hash, role, display_name, created_at)
     VALUES (@id, @username, @password_hash, @role, @display_name, @created_at)`,
  );
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const list = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY role, username');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const setActive = db.prepare<[number, string]>('UPDATE users SET active = ? WHERE id = ?');
  const update = db.prepare<{ id: string; role: Role | null; display_name: string | null; password_hash: string | null }>(
    `UPDATE users SET role = coalesce(@role, role), display_name = coalesce(@display_name, display_name),
       password_hash = coalesce(@password_hash, password_hash) WHERE id = @id`,
  );

  const insertSession = db.prepare<[string, string, number, number]>(
    'INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  const sessionById = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const revokeSession = db.prepare<[number, string, string]>(
    'UPDATE sessions SET revoked_at = ?, revoked_why = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const revokeUser = db.prepare<[number, string, string, string | null], { id: string }>(
    `UPDATE sessions SET revoked_at = ?, revoked_why = ?
     WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ? RETURNING id`,
  );
  // Expired rows are useless (the token's own exp refuses it first); keep the table small.
  const prune = db.prepare<[number]>('DELETE FROM sessions WHERE expires_at < ?');

  return {
    /** Changes the given fields (undefined keeps one); false when there is no such user. */
    update: (id: string, f: { role?: Role | undefined; displayName?: string | undefined; passwordHash?: string | undefined }) =>
      update.run({ id, role: f.role ?? null, display_name: f.displayName ?? null, password_hash: f.passwordHash ?? null }).changes === 1,
    insert: (u: Omit<UserRow, 'active'>) => insert.run(u),
    get: (id: string) => byId.get(id),
    byUsername: (username: string) => byUsername.get(username),
    list: () => list.all(),
    count: () => count.get()?.n ?? 0,
    setActive: (id: string, active: boolean) => setActive.run(active ? 1 : 0, id).changes === 1,

    insertSession: (s: { id: string; userId: string; createdAt: number; expiresAt: number }) =>
      insertSession.run(s.id, s.userId, s.createdAt, s.expiresAt),
    session: (id: string) => sessionById.get(id),
    /** Ends one session; false when it was already ended or never existed. */
    revokeSession: (id: string, at: number, why: RevokeReason) => revokeSession.run(at, why, id).changes === 1,
    /** Ends every open session of a user but `keep` (the caller's own); returns the ids ended. */
    revokeUserSessions: (userId: string, at: number, why: RevokeReason, keep: string | null = null): string[] =>
      revokeUser.all(at, why, userId, keep).map((r) => r.id),
    pruneSessions: (before: number) => prune.run(before).changes,
  };
}
export type UserQueries = ReturnType<typeof userQueries>;
