/**
 * `npm run ledger:audit [-- <store.sqlite>]` — checks the ledger invariants of domain.md
 * over a store database (read-only) and exits non-zero if any is broken.
 */
import { join } from 'node:path';
import { openDatabase } from '../db/connection.js';
import { auditStore } from '../services/audit.js';

const file = process.argv[2] ?? join(process.env.KAHERA_DATA_DIR ?? '.data', 'store.sqlite');
const db = openDatabase(file, { readonly: true });
const report = auditStore(db);
db.close();
console.log(`${file}: ${report.counts.settlements} receipts, ${report.counts.events} events`);
for (const p of report.problems) console.log(`PROBLEM ${p}`);
console.log(report.ok ? 'OK: ledger invariants hold' : `FAILED: ${report.problems.length} problem(s)`);
process.exit(report.ok ? 0 : 1);
