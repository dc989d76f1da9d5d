import { z } from 'zod';
import { Id, Role } from './common.js';

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const User = z.object({ id: Id, username: z.string(), role: Role, displayName: z.string() });
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({ token: z.string(), user: User });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const CreateStaffRequest = z.object({
  username: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9._-]+$/, { error: 'letters, digits, dot, dash, underscore' }),
  password: z.string().min(8, { error: 'must be at least 8 characters' }).max(256),
  role: Role,
  displayName: z.string().trim().min(1).max(120),
});
export type CreateStaffRequest = z.infer<typeof CreateStaffRequest>;

export const CreateStaffResponse = z.object({ user: User });

/** `PATCH /api/v1/staff/:id` (admin): any of role, display name, a new password. */
export const UpdateStaffRequest = z
  .object({
    role: Role.optional(),
    displayName: z.string().trim().min(1).max(120).optional(),
    password: z.string().min(8, { error: 'must be at least 8 characters' }).max(256).optional(),
  })
  .strict()
  .refine((r) => r.role !== undefined || r.displayName !== undefined || r.password !== undefined, {
    error: 'Nothing to change: give role, displayName or password.',
  });
export type UpdateStaffRequest = z.infer<typeof UpdateStaffRequest>;
