import { DomainError } from '../../core/errors.js';

/**
 * Keyset paging over rowid, newest first. The cursor is opaque to callers (base64url of
 * `r:<rowid>`): the last row of a page, so the next page starts strictly below it.
 */
export function encodeCursor(rowid: number): string {
  return Buffer.from(`r:${rowid}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const m = /^r:(\d+)$/.exec(text);
  if (!m) throw new DomainError('validation_failed', 'Invalid cursor.');
  return Number(m[1]);
}

/**
 * One page: asks `read` for `limit + 1` rows below the cursor (one more than shown tells
 * whether a next page exists without a COUNT), maps the page, and names the next cursor.
 */
export function keysetPage<R extends { rowid: number }, T>(
  cursor: string | undefined,
  limit: number,
  read: (beforeRowid: number | undefined, limit: number) => R[],
  map: (page: R[]) => T[],
): { items: T[]; nextCursor: string | null } {
  const rows = read(cursor ? decodeCursor(cursor) : undefined, limit + 1);
  const page = rows.slice(0, limit);
  return { items: map(page), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.rowid) : null };
}
