import type { Pool } from 'pg';
import { toInt } from './pool.js';

export interface StoreRow {
  storeId: string;
  name: string;
  timezone: string;
}

/** Registers a store with the hash of its key and a cursor at 0. False if the id is taken. */
export async function insertStore(pool: Pool, storeId: string, name: string, keyHash: Buffer): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      'INSERT INTO stores (store_id, name, key_hash) VALUES ($1, $2, $3) ON CONFLICT (store_id) DO NOTHING',
      [storeId, name, keyHash],
    );
    if (inserted.rowCount === 1) {
      await client.query('INSERT INTO store_cursors (store_id) VALUES ($1)', [storeId]);
    }
    await client.query('COMMIT');
    return inserted.rowCount === 1;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function findStoreByKeyHash(pool: Pool, keyHash: Buffer): Promise<StoreRow | null> {
  const { rows } = await pool.query<StoreRow>({
    name: 'store_by_key',
    text: 'SELECT store_id AS "storeId", name, timezone FROM stores WHERE key_hash = $1',
    values: [keyHash],
  });
  return rows[0] ?? null;
}

export async function storeExists(pool: Pool, storeId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM stores WHERE store_id = $1', [storeId]);
  return rowCount === 1;
}

export async function getCursor(pool: Pool, storeId: string): Promise<number> {
  const { rows } = await pool.query<{ acked: string }>({
    name: 'store_cursor',
    text: 'SELECT acked_through AS acked FROM store_cursors WHERE store_id = $1',
    values: [storeId],
  });
  return toInt(rows[0]?.acked);
}

export async function listStores(pool: Pool) {
  const { rows } = await pool.query<{ store_id: string; name: string; acked: string; last_push_at: Date | null; created_at: Date }>(
    `SELECT s.store_id, s.name, c.acked_through AS acked, c.last_push_at, s.created_at
       FROM stores s JOIN store_cursors c USING (store_id) ORDER BY s.store_id`,
  );
  return rows.map((r) => ({
    storeId: r.store_id,
    name: r.name,
    ackedThrough: toInt(r.acked),
    lastPushAt: r.last_push_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}
