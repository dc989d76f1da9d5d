import { randomBytes } from 'node:crypto';

/** Time-ordered, collision-safe ids: `<prefix>_<ms base36><80 random bits base32>`. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const rand = randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').slice(0, 13);
  return `${prefix}_${time}${rand}`;
}
