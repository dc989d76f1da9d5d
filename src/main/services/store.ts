import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoreDb, type StoreDbOptions } from '../db/store-db.js';
import { auditStore } from './audit.js';
import { composeServices, type ServiceOptions, type Services } from './index.js';

export type { Actor } from './access.js';
export type { EventListener } from '../db/store-db.js';

export type StoreOptions = StoreDbOptions & ServiceOptions;

/**
 * What the hub, the CLI, tests and benches hold: the store connection (db/store-db.ts:
 * write, append, events) with the services composed over it (services/index.ts).
 */
export type Store = StoreDb & Services;

/** Opens (and migrates) the store file and composes its services. */
export function openStore(opts: StoreOptions): Store {
  const db = new StoreDb(opts);
  const store = Object.assign(db, composeServices(db, opts));
  const auditDir = process.env.KAHERA_AUDIT_ON_CLOSE;
  if (auditDir) auditOnClose(store, auditDir);
  return store;
}

const waived = new WeakSet<StoreDb>();

/**
 * For a test that breaks a ledger on purpose (to see the audit catch it): its store
 * closes without the close-time audit below.
 */
export function waiveAuditOnClose(store: StoreDb): void {
  waived.add(store);
}

/**
 * `KAHERA_AUDIT_ON_CLOSE=<dir>` (the test suite sets it, vitest.config.ts): every store
 * runs `ledger:audit`'s checks (services/audit.ts) as it closes. A broken ledger is
 * written to a file in <dir> — the suite's teardown fails the run on any such file,
 * whichever process closed the store — and the close throws.
 */
function auditOnClose(store: StoreDb, dir: string): void {
  const close = store.close.bind(store);
  store.close = () => {
    const report = store.db.open && !waived.has(store) ? auditStore(store.db) : null;
    close();
    if (report && !report.ok) {
      const name = store.db.name;
      writeFileSync(join(dir, `audit-${process.pid}-${Date.now()}.txt`), `${name}\n${report.problems.join('\n')}\n`);
      throw new Error(`ledger:audit failed on closing ${name}: ${report.problems.join('; ')}`);
    }
  };
}
