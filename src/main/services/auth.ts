import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../shared/common.js';

// Passwords and signed tokens. Nothing here logs or returns a password in clear.

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url); async so a login never blocks the event loop. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(key, expected);
}

/** A hash no password matches: unknown usernames are checked against it so timing does not tell. */
export const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + Buffer.alloc(32).toString('base64url');

/**
 * The per-store token secret: 32 random bytes in `<dataDir>/hub-token.key`, mode 0600,
 * created on first start. Deleting it signs everyone out.
 */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'hub-token.key');
  try {
    const existing = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    // A key restored from a backup (or left by an older version) may be readable by others.
    chmodSync(file, 0o600);
    return existing;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const secret = randomBytes(32);
  try {
    writeFileSync(file, secret.toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    throw e;
  }
  chmodSync(file, 0o600);
  return secret;
}

export interface TokenClaims {
  /** user id */
  sub: string;
  /** session id: the row of `sessions` that must still be open for the token to work */
  sid: string;
  role: Role;
  /** issued at, epoch ms */
  iat: number;
  /** expires at, epoch ms */
  exp: number;
}

/** `base64url(claims).base64url(HMAC-SHA256(secret, claims))`. */
export class TokenSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  /** A token for a new session (a fresh random `sid`); the caller records the session. */
  sign(userId: string, role: Role): { token: string; claims: TokenClaims } {
    const iat = this.clock();
    const claims: TokenClaims = { sub: userId, sid: randomBytes(16).toString('base64url'), role, iat, exp: iat + this.ttlMs };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${body}.${this.mac(body)}`, claims };
  }

  /** The claims of a well-signed, unexpired token; null otherwise (never throws). */
  verify(token: unknown): TokenClaims | null {
    if (typeof token !== 'string' || token.length > 2048) return null;
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!isClaims(claims) || claims.exp <= this.clock()) return null;
    return claims;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function isClaims(v: unknown): v is TokenClaims {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.sub === 'string' &&
    // Tokens signed before sessions existed name none: they are refused.
    typeof c.sid === 'string' &&
    (c.role === 'admin' || c.role === 'cashier' || c.role === 'sales') &&
    typeof c.iat === 'number' &&
    typeof c.exp === 'number'
  );
}
