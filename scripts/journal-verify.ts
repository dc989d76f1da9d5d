/**
 * `npm run journal:verify [-- <store.sqlite>]`: walks the e-journal's hash chain and prints
 * the first broken link, or OK. Opens the database read-only; changes nothing.
 * Default file: $KAHERA_DATA_DIR/store.sqlite (the hub's), else ./.data/store.sqlite.
 * Exit code 0 when the chain holds, 1 when it is broken, 2 when it cannot be checked.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/main/db/connection.js';
import { journalQueries } from '../src/main/db/journal.queries.js';
import { verifyJournal } from '../src/main/services/journal.service.js';

const file = process.argv[2] ?? join(process.env.KAHERA_DATA_DIR ?? '.data', 'store.sqlite');
if (!existsSync(file)) {
  process.stderr.write(`journal:verify: no database at ${file}\n`);
  process.exit(2);
}
const db = openDatabase(file, { readonly: true });
try {
  const result = verifyJournal(journalQueries(db).iterate());
  if (result.ok) {
    process.stdout.write(`OK: ${result.entries} journal entries, every link holds (${file})\n`);
  } else {
    const b = result.firstBroken!;
    process.stdout.write(`BROKEN at entry ${b.seq}: ${b.reason} (${result.entries} entries verified before it; ${file})\n`);
    process.exitCode = 1;
  }
} catch (e) {
  process.stderr.write(`journal:verify: ${(e as Error).message}\n`);
  process.exitCode = 2;
} finally {
  db.close();
}
