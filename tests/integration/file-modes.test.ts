import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/connection.js';
import { startTestHub, type TestHub } from './support/hub-harness.js';

// The store database and the hub's key files hold the ledger and the secret every token
// is signed with: only the hub's own OS user may read them, whatever the umask.

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8).padStart(4, '0');

describe('file modes of the data dir', () => {
  let dir: string;
  let umask: number;
  let h: TestHub | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-modes-'));
    umask = process.umask(0o000);
  });
  afterEach(async () => {
    await h?.close();
    h = null;
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('store.sqlite, its -wal and -shm and hub-token.key are created 0600 under umask 000', async () => {
    h = await startTestHub({ dataDir: dir });
    // A write, so the WAL and its index certainly exist.
    await h.customer(h.admin.token, 'Mode check');
    for (const f of ['store.sqlite', 'store.sqlite-wal', 'store.sqlite-shm', 'hub-token.key']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
      expect([f, mode(join(dir, f))]).toEqual([f, '0600']);
    }
  });

  it('files left world-readable (a restored backup, an older version) are tightened to 0600 on the next start', async () => {
    const file = join(dir, 'store.sqlite');
    openDatabase(file).close();
    writeFileSync(join(dir, 'hub-token.key'), Buffer.alloc(32, 7).toString('base64url'));
    for (const f of ['store.sqlite', 'hub-token.key']) chmodSync(join(dir, f), 0o666);
    h = await startTestHub({ dataDir: dir });
    await h.customer(h.admin.token, 'Mode check');
    for (const f of ['store.sqlite', 'store.sqlite-wal', 'store.sqlite-shm', 'hub-token.key']) expect([f, mode(join(dir, f))]).toEqual([f, '0600']);
  });

  it('a database opened on its own (ledger:audit, journal:verify, benches) is created 0600 too', () => {
    const file = join(dir, 'other.sqlite');
    const db = openDatabase(file);
    db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, '0600']);
    db.close();
  });
});
