import { z } from 'zod';
import { Id, Role } from './common.js';
import { Text } from './text.js';

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const User = z.object({ id: Id, username: z.string(), role: Role, displayName: z.string() });
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({ token: z.string(), user: User });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** The one password rule, for new accounts and for resets alike. */
export const MIN_PASSWORD_LENGTH = 8;
export const StaffPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(256, { error: 'must be at most 256 characters' });
const DisplayName = Text(1, 120);

export const CreateStaffRequest = z.object({
  username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9._-]+$/, { error: 'letters, digits, dot, dash, underscore' }),
  password: StaffPassword,
  role: Role,
  displayName: DisplayName,
});
export type CreateStaffRequest = z.infer<typeof CreateStaffRequest>;

export const CreateStaffResponse = z.object({ user: User });

/**
 * `PATCH /api/v1/staff/:id` (admin): any of role, display name, new password. A new role
 * or password signs the user out everywhere (every older token stops working).
 */
export const UpdateStaffRequest = z
  .strictObject({ role: Role.optional(), displayName: DisplayName.optional(), password: StaffPassword.optional() })
  .refine((b) => b.role !== undefined || b.displayName !== undefined || b.password !== undefined, {
    error: 'send at least one of role, displayName, password',
  });
export type UpdateStaffRequest = z.infer<typeof UpdateStaffRequest>;
export const UpdateStaffResponse = z.object({ user: User });
export type UpdateStaffResponse = z.infer<typeof UpdateStaffResponse>;
