import type { Db } from './connection.js';

export interface CustomerRow {
  id: string;
  name: string;
  phone: string | null;
  credit_limit: number | null;
  credit_balance: number;
  open_balance: number;
  created_by: string;
  created_at: string;
}

/**
 * Which customers a caller may list (domain.md, Roles): `all` (admin); `sales` — those it
 * created or that have a transaction it created; `cashier` — those with an open
 * transaction, or that it took a settlement from.
 */
export type CustomerScope = { kind: 'all' } | { kind: 'sales'; userId: string } | { kind: 'cashier'; userId: string };

/** `q` as a LIKE pattern matching it anywhere, literally: `%`, `_` and `\` match only themselves. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const IN_SCOPE_SQL = `(@kind = 'all'
  OR (@kind = 'sales' AND (c.created_by = @userId
    OR EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.id AND t.created_by = @userId)))
  OR (@kind = 'cashier' AND (
    EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = c.id AND t.voided = 0 AND t.paid_amount < t.total_amount)
    OR c.id IN (SELECT s.customer_id FROM settlements s WHERE s.cashier_id = @userId))))`;

export function customerQueries(db: Db) {
  const insert = db.prepare<[string, string, string | null, number | null, string, string]>(
    'INSERT INTO customers (id, name, phone, credit_limit, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE id = ?');
  const changeCredit = db.prepare<[number, string]>('UPDATE customers SET credit_balance = credit_balance + ? WHERE id = ?');
  type ListParams = { pattern: string | null; wide: number; kind: CustomerScope['kind']; userId: string | null; limit: number };
  // `wide`: a typed search may also find customers outside the caller's scope (search()).
  const list = db.prepare<[ListParams], CustomerRow>(
    `SELECT c.* FROM customers c
     WHERE (@pattern IS NULL OR c.name LIKE @pattern ESCAPE '\\' OR c.phone LIKE @pattern ESCAPE '\\')
       AND (@wide = 1 OR ${IN_SCOPE_SQL})
     ORDER BY c.name COLLATE NOCASE, c.id LIMIT @limit`,
  );
  const inScope = db.prepare<[{ id: string; kind: CustomerScope['kind']; userId: string | null }], { ok: number }>(
    `SELECT 1 AS ok FROM customers c WHERE c.id = @id AND ${IN_SCOPE_SQL}`,
  );
  const byIds = db.prepare<[{ ids: string; kind: CustomerScope['kind']; userId: string | null }], CustomerRow>(
    `SELECT c.* FROM customers c WHERE c.id IN (SELECT value FROM json_each(@ids)) AND ${IN_SCOPE_SQL}`,
  );
  const scopeParams = (scope: CustomerScope) => ({ kind: scope.kind, userId: scope.kind === 'all' ? null : scope.userId });
  return {
    insert: (c: Omit<CustomerRow, 'credit_balance' | 'open_balance'>) =>
      insert.run(c.id, c.name, c.phone, c.credit_limit, c.created_by, c.created_at),
    get: (id: string) => byId.get(id),
    /** Moves the customer's unused credit; the CHECK keeps it from going negative. */
    changeCredit: (id: string, delta: number) => changeCredit.run(delta, id),
    /**
     * Customers whose name or phone contains `q` (literally), or all when `q` is null:
     * within `scope`, or store-wide when `wide` (a search typed to pick a customer).
     */
    search: (q: string | null, limit: number, scope: CustomerScope = { kind: 'all' }, wide = false) =>
      list.all({ pattern: q ? containsPattern(q) : null, wide: wide ? 1 : 0, limit, ...scopeParams(scope) }),
    inScope: (id: string, scope: CustomerScope) => inScope.get({ id, ...scopeParams(scope) }) !== undefined,
    /** Those of `ids` within `scope` (names for a list of rows the caller may see). */
    byIds: (ids: string[], scope: CustomerScope) => byIds.all({ ids: JSON.stringify(ids), ...scopeParams(scope) }),
  };
}
export type CustomerQueries = ReturnType<typeof customerQueries>;
