/**
 * A store hub in its own process, for tests that SIGKILL it: the real ledger posting
 * business at the till every few ms, and the uploader pushing it to central, in one
 * event loop as in the real hub. Env: HUB_FILE, STORE_ID, CENTRAL_URL, STORE_KEY,
 * SEED, WRITE_EVERY_MS, and UNTIL_SEQ: business stops once the store's log reaches that
 * seq (then only the uploader runs), so a test is driven by how much was written, not
 * by how much a machine manages in a given time. SIGTERM stops it cleanly. Prints
 * `READY <lastSeq>`, and `WROTE <lastSeq>` when it has written through UNTIL_SEQ.
 */
import { openTestStore } from './bir-setup.js';
import { startUploader } from '../../../src/main/sync/uploader.js';
import { SaleSimulator } from './sync-fixtures.js';

const store = openTestStore({ file: process.env.HUB_FILE!, storeId: process.env.STORE_ID! });
const uploader = startUploader({
  db: store.db,
  centralUrl: process.env.CENTRAL_URL!,
  storeId: store.storeId,
  storeKey: process.env.STORE_KEY!,
  // Small batches and short waits: many pushes, so faults land in every phase of one.
  batch: { min: 20, max: 300 },
  backoff: { baseMs: 20, capMs: 300 },
  requestTimeoutMs: 1500,
  pollMs: 50,
  // Warnings go to stderr, which the test shows when a run fails.
  logger: { debug: () => undefined, info: () => undefined, warn: (o, msg) => console.error(msg, JSON.stringify(o)) },
});
store.onEvents(() => uploader.kick());
const sim = new SaleSimulator(store, Number(process.env.SEED ?? 1));
const every = Number(process.env.WRITE_EVERY_MS ?? 5);
const untilSeq = Number(process.env.UNTIL_SEQ ?? Infinity);
const timer = setInterval(() => {
  if (store.lastSeq() < untilSeq) sim.step();
  if (store.lastSeq() >= untilSeq) {
    clearInterval(timer);
    console.log(`WROTE ${store.lastSeq()}`);
  }
}, every);
console.log(`READY ${store.lastSeq()}`);

process.once('SIGTERM', () => {
  clearInterval(timer);
  void uploader.stop().then(() => {
    store.close();
    process.exit(0);
  });
});
