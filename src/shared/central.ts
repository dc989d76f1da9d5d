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
