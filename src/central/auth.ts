import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Pool } from 'pg';
import { HttpError } from './http.js';
import { findStoreByKeyHash, type StoreRow } from './db/stores.queries.js';

/** A new store key: 32 random bytes, base64url. Shown once; only `hashKey(key)` is kept. */
export function generateStoreKey(): string {
  return randomBytes(32).toString('base64url');
}

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

/**
 * Head-office calls. Compares SHA-256 digests in constant time, so neither the token's
 * content nor its length leaks through timing. No token configured: admin calls are closed.
 */
export function isAdmin(req: IncomingMessage, adminToken: string | undefined): boolean {
  const presented = bearer(req);
  if (!adminToken || !presented) return false;
  return timingSafeEqual(hashKey(presented), hashKey(adminToken));
}

export function requireAdmin(req: IncomingMessage, adminToken: string | undefined): void {
  if (!isAdmin(req, adminToken)) throw new HttpError(401, 'unauthorized', 'a head-office token is required');
}

/**
 * The store a key belongs to. The lookup is by the key's SHA-256 (unique index), so
 * the time it takes says nothing about how close a guess was.
 */
export async function authenticateStore(pool: Pool, req: IncomingMessage): Promise<StoreRow> {
  const key = bearer(req);
  if (!key) throw new HttpError(401, 'unauthorized', 'a store key is required');
  const store = await findStoreByKeyHash(pool, hashKey(key));
  if (!store) throw new HttpError(401, 'unauthorized', 'unknown store key');
  return store;
}
