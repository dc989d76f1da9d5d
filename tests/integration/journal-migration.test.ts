import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db/connection.js';
import { defaultStoreMigrationsDir, loadMigrations, migrate } from '../../src/main/db/migrate.js';
import { entryHash, GENESIS_HASH, verifyJournal } from '../../src/main/services/journal.service.js';
import { openTestStore } from './support/bir-setup.js';

// Migration 0011 rebuilds the e-journal without the UNIQUE index on its hash, on a journal
// written by the schema before it: every row, seq and hash is kept, the chain still
// verifies, the table stays append-only, and new entries chain on from the old head.

const migrations = loadMigrations(defaultStoreMigrationsDir());
const v11 = migrations.findIndex((m) => m.name === 'journal_hash_index') + 1;

function writeChain(db: Db, n: number): void {
  const insert = db.prepare('INSERT INTO journal (seq, kind, ref_id, created_at, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = { seq, kind: seq % 7 === 0 ? 'void' : 'receipt', refId: `stl_${seq}`, createdAt: `2026-01-05T02:${String(seq % 60).padStart(2, '0')}:00.000Z` };
    const bodyText = JSON.stringify({ number: `OR-MNL01-${String(seq).padStart(8, '0')}`, amount: seq * 100, note: 'quote " backslash \\ brace }' });
    const hash = entryHash(prev, { ...e, bodyText });
    insert.run(e.seq, e.kind, e.refId, e.createdAt, bodyText, prev, hash);
    prev = hash;
  }
}

describe('migration 0011: the e-journal without a hash index', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kahera-journal-mig-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every entry and the chain, stays append-only, and chains on from the old head', () => {
    expect(v11).toBeGreaterThan(1);
    const file = join(dir, 'store.sqlite');
    const db = openDatabase(file);
    migrate(db, migrations.slice(0, v11 - 1));
    writeChain(db, 300);
    const before = db.prepare('SELECT * FROM journal ORDER BY seq').all();
    const uniqueBefore = (db.prepare("SELECT count(*) AS n FROM pragma_index_list('journal') WHERE \"unique\" = 1").get() as { n: number }).n;
    expect(uniqueBefore).toBe(1);

    expect(migrate(db, migrations)).toContain(v11);
    expect(db.prepare('SELECT * FROM journal ORDER BY seq').all()).toEqual(before);
    expect(verifyJournal(db.prepare('SELECT * FROM journal ORDER BY seq').iterate() as never)).toEqual({ ok: true, entries: 300, firstBroken: null });
    const indexes = db.prepare("SELECT name, \"unique\" FROM pragma_index_list('journal') ORDER BY name").all();
    expect(indexes).toEqual([{ name: 'journal_ref', unique: 0 }]);
    expect(() => db.prepare("UPDATE journal SET body = '{}' WHERE seq = 5").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM journal WHERE seq = 300').run()).toThrow(/append-only/);
    db.close();

    const store = openTestStore({ file });
    try {
      const head = store.journal.head()!;
      expect(head.seq).toBe(300);
      const next = store.write(() => store.journal.append('reprint', 'stl_1', { number: 'OR-MNL01-00000001' }));
      expect(next).toMatchObject({ seq: 301, prevHash: head.hash });
      expect(store.journal.verify()).toEqual({ ok: true, entries: 301, firstBroken: null });
    } finally {
      store.close();
    }
  });
});
