import { z } from 'zod';
import { Id, IsoDate } from './common.js';
import { Text } from './text.js';

// Registers (protocol.md "v1 additions"): the machines that issue documents, each with its
// own MIN, serial number, PTU and series (domain.md "Registers (machines) and documents").

/** A register's code: what a cashier picks when opening a shift (`C1`, `C2`…). Kept as given. */
export const RegisterCode = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'letters, digits, dash, underscore (e.g. C2)' });

/** MIN, serial, PTU number: as the BIR printed them (letters, digits, dashes, slashes, spaces). */
const Official = z.string().trim().max(40).regex(/^[A-Za-z0-9 ./-]*$/, { error: 'letters, digits, space, dot, dash, slash' });
/** An optional field: an empty string clears it (null). */
const Optional = <T extends z.ZodType<string>>(t: T) => z.union([t, z.null()]).transform((v) => (v === null || v === '' ? null : v));

export const Register = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  min: z.string().nullable(),
  serialNo: z.string().nullable(),
  ptuNo: z.string().nullable(),
  ptuDate: IsoDate.nullable(),
  active: z.boolean(),
});
export type Register = z.infer<typeof Register>;

/** `POST /api/v1/registers` (admin). */
export const CreateRegisterRequest = z.object({
  code: RegisterCode,
  name: Text(1, 80),
  min: Optional(Official).optional(),
  serialNo: Optional(Official).optional(),
  ptuNo: Optional(Official).optional(),
  ptuDate: Optional(z.union([IsoDate, z.literal('')])).optional(),
});
export type CreateRegisterRequest = z.infer<typeof CreateRegisterRequest>;

/**
 * `PATCH /api/v1/registers/:id` (admin): any of those fields, `active`. The code can change
 * only while the register has issued nothing and had no shift (it names its documents).
 */
export const UpdateRegisterRequest = z
  .object({
    code: RegisterCode.optional(),
    name: Text(1, 80).optional(),
    min: Optional(Official).optional(),
    serialNo: Optional(Official).optional(),
    ptuNo: Optional(Official).optional(),
    ptuDate: Optional(z.union([IsoDate, z.literal('')])).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateRegisterRequest = z.infer<typeof UpdateRegisterRequest>;

export const RegisterResponse = z.object({ register: Register });
export const RegisterList = z.object({ items: z.array(Register) });
export type RegisterList = z.infer<typeof RegisterList>;
