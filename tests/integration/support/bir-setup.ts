import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeReceiptSettings } from '../../../src/main/receipts/settings.js';
import { openStore, type Store } from '../../../src/main/services/store.js';

/**
 * What a store must have before it may issue a Sales Invoice or a Z-reading (domain.md:
 * TIN, registered name, address; each register's MIN and serial number). Tests about
 * anything else start from a store that has it, as a store in service does; tests of the
 * setup checklist itself ask for a bare store.
 */
export const TEST_BIR = { tin: '123-456-789-00000', registeredName: 'Kahera Test Trading Inc.', address: '1 Rizal Ave., Sta. Cruz, Manila' };

/** MIN and serial number given to a test register (any register without them). */
export const testMin = (code: string) => `MIN-TEST-${code.toUpperCase()}`;
export const testSerial = (code: string) => `SN-TEST-${code.toUpperCase()}`;

/** Fills in whatever of the BIR setup the store lacks (store fields, every register's MIN and serial). */
export function completeBirSetup(store: Store): void {
  store.write(() => {
    const s = store.receipts.settings();
    const patch: Record<string, string> = {};
    for (const [k, v] of Object.entries(TEST_BIR)) if (!s[k as keyof typeof TEST_BIR].trim()) patch[k] = v;
    if (Object.keys(patch).length > 0) writeReceiptSettings(store.q.settings, store.storeId, patch);
    for (const r of store.q.registers.all()) {
      if (r.min && r.serial_no) continue;
      store.q.registers.update({ ...r, min: r.min ?? testMin(r.code), serial_no: r.serial_no ?? testSerial(r.code) });
    }
  });
}

/**
 * Creates `<dataDir>/store.sqlite` set up for the BIR, unless it exists already, so a
 * hub started on `dataDir` (in-process or a child process) opens a store in service.
 */
export function prepareStoreDir(dataDir: string, storeId?: string): void {
  const file = join(dataDir, 'store.sqlite');
  if (existsSync(file)) return;
  mkdirSync(dataDir, { recursive: true });
  const store = openStore({ file, storeId });
  try {
    completeBirSetup(store);
  } finally {
    store.close();
  }
}

/** openStore, then completeBirSetup: a store in service, as tests of other things need it. */
export function openTestStore(opts: Parameters<typeof openStore>[0]): Store {
  const store = openStore(opts);
  try {
    completeBirSetup(store);
  } catch (e) {
    store.close();
    throw e;
  }
  return store;
}
