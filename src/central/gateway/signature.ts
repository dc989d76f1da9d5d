import { createHmac, timingSafeEqual } from 'node:crypto';

/** PayMongo's tolerance is ours: older (or further ahead) than this is a replay, refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureVerdict = 'ok' | 'missing' | 'malformed' | 'stale' | 'mismatch';

/**
 * Checks `Paymongo-Signature: t=<unix>,te=<hex>,li=<hex>` against HMAC-SHA256 of
 * `t + "." + rawBody` under the webhook secret. The raw bytes are what was signed: any
 * re-serialised JSON would differ. `te` is compared in test mode, `li` in live mode.
 * The digests are compared with timingSafeEqual (equal lengths checked first, which
 * leaks only the length of a hex SHA-256, a public constant).
 */
export function verifySignature(header: string | string[] | undefined, rawBody: Buffer, secret: string | undefined, livemode: boolean, now = Date.now()): SignatureVerdict {
  if (!secret) return 'mismatch';
  if (typeof header !== 'string' || header.length === 0) return 'missing';
  const parts = new Map<string, string>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const t = parts.get('t');
  const presented = parts.get(livemode ? 'li' : 'te');
  if (!t || !/^\d{1,12}$/.test(t) || !presented) return 'malformed';
  if (Math.abs(now / 1000 - Number(t)) > SIGNATURE_WINDOW_SECONDS) return 'stale';
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  if (!/^[0-9a-f]{64}$/i.test(presented)) return 'mismatch';
  const given = Buffer.from(presented, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'mismatch';
}
