import { StoreDb, type StoreDbOptions } from '../db/store-db.js';
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
  return Object.assign(db, composeServices(db, opts));
}
