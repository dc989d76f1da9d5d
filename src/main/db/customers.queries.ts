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

export function customerQueries(db: Db) {
  const insert = db.prepare<[string, string, string | null, number | null, string, string]>(
    'INSERT INTO customers (id, name, phone, credit_limit, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byId = db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE id = ?');
  const changeCredit = db.prepare<[number, string]>('UPDATE customers SET credit_balance = credit_balance + ? WHERE id = ?');
  const list = db.prepare<[{ q: string | null; limit: number }], CustomerRow>(
    `SELECT * FROM customers WHERE (@q IS NULL OR name LIKE '%' || @q || '%' OR phone LIKE '%' || @q || '%')
     ORDER BY name COLLATE NOCASE LIMIT @limit`,
  );
  return {
    insert: (c: Omit<CustomerRow, 'credit_balance' | 'open_balance'>) =>
      insert.run(c.id, c.name, c.phone, c.credit_limit, c.created_by, c.created_at),
    get: (id: string) => byId.get(id),
    /** Moves the customer's unused credit; the CHECK keeps it from going negative. */
    changeCredit: (id: string, delta: number) => changeCredit.run(delta, id),
    search: (q: string | null, limit: number) => list.all({ q, limit }),
  };
}
export type CustomerQueries = ReturnType<typeof customerQueries>;
