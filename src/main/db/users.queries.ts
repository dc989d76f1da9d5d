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
  const update = db.prepare<[{ id: string; role: Role | null; display_name: string | null; password_hash: string | null }]>(
    `UPDATE users SET role = coalesce(@role, role), display_name = coalesce(@display_name, display_name),
       password_hash = coalesce(@password_hash, password_hash) WHERE id = @id`,
  );
  return {
    /** Changes the given fields (null: keep); false if there is no such user. */
    update: (u: { id: string; role: Role | null; display_name: string | null; password_hash: string | null }) => update.run(u).changes === 1,
    insert: (u: Omit<UserRow, 'active'>) => insert.run(u),
    get: (id: string) => byId.get(id),
    byUsername: (username: string) => byUsername.get(username),
    list: () => list.all(),
    count: () => count.get()?.n ?? 0,
    setActive: (id: string, active: boolean) => setActive.run(active ? 1 : 0, id).changes === 1,
  };
}
export type UserQueries = ReturnType<typeof userQueries>;
