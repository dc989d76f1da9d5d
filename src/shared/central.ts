import { z } from 'zod';
import { StoreEvent } from './events.js';
import { Text } from './text.js';

export const StoreIdSchema = z.string().min(2).max(32).regex(/^[A-Za-z0-9_-]+$/);

export const RegisterStoreRequest = z.object({ storeId: StoreIdSchema, name: Text(1, 200) });
export const RegisterStoreResponse = z.object({ storeId: StoreIdSchema, key: z.string() });

export const SyncPushRequest = z.object({ storeId: StoreIdSchema, events: z.array(StoreEvent).max(5000) });
export type SyncPushRequest = z.infer<typeof SyncPushRequest>;
export const SyncPushResponse = z.object({ ackedThrough: z.number().int().min(0) });
export type SyncPushResponse = z.infer<typeof SyncPushResponse>;

/**
 * `409 seq_conflict` details: central holds a different event at `seq` (the first such
 * seq of the batch), so nothing of the batch was stored. A hub restored from an old
 * backup re-issues seqs central already holds; sending them again cannot fix that.
 */
export const SyncConflictDetails = z.object({ seq: z.number().int().min(1), ackedThrough: z.number().int().min(0) });
export type SyncConflictDetails = z.infer<typeof SyncConflictDetails>;

/**
 * `409 seq_out_of_window` details: the batch reaches past `ackedThrough + window`, so
 * nothing of it was stored; the hub resends from `ackedThrough`.
 */
export const SyncOutOfWindowDetails = z.object({
  seq: z.number().int().min(1),
  ackedThrough: z.number().int().min(0),
  window: z.number().int().min(1),
});
export type SyncOutOfWindowDetails = z.infer<typeof SyncOutOfWindowDetails>;
