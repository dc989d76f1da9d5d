import { z } from 'zod';
import { Id } from './common.js';

/**
 * `GET /api/v1/setup` (signed in): what the store still needs before it may issue a Sales
 * Invoice or take a Z-reading (domain.md: TIN, registered name and address; each
 * register's MIN and serial number). Issuing either without it is 422 `setup_incomplete`
 * with `details.missing`.
 */
export const SetupField = z.enum(['tin', 'registeredName', 'address', 'min', 'serialNo']);
export type SetupField = z.infer<typeof SetupField>;
export const SetupItem = z.object({
  field: SetupField,
  /** What to fill in, in words ("Register C2: MIN"). */
  label: z.string(),
  /** The register it is about (min, serialNo), else null (the store's own fields). */
  registerId: Id.nullable(),
  registerCode: z.string().nullable(),
});
export type SetupItem = z.infer<typeof SetupItem>;
export const SetupStatus = z.object({ ready: z.boolean(), missing: z.array(SetupItem) });
export type SetupStatus = z.infer<typeof SetupStatus>;
