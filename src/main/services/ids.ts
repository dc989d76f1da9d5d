import { randomFillSync } from 'node:crypto';

// Random bytes drawn from the CSPRNG in blocks rather than one syscall-backed call per id.
const POOL_SIZE = 10 * 512;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;

function random10(): Buffer {
  if (offset + 10 > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + 10);
  offset += 10;
  return out;
}

/** Time-ordered, collision-safe ids: `<prefix>_<ms base36><80 random bits base32>`. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const rand = random10().toString('base64url').replace(/[-_]/g, 'x').slice(0, 13);
  return `${prefix}_${time}${rand}`;
}
