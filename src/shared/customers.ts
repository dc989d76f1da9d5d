import { z } from 'zod';
import { Centavos, Id, IsoDateTime } from './common.js';

export const CreateCustomerRequest = z.object({
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(40).optional(),
  creditLimit: Centavos.optional(),
});
export type CreateCustomerRequest = z.infer<typeof CreateCustomerRequest>;

export const Customer = z.object({
  id: Id,
  name: z.string(),
  phone: z.string().nullable(),
  creditLimit: Centavos.nullable(),
  creditBalance: Centavos,
  createdAt: IsoDateTime,
});
export type Customer = z.infer<typeof Customer>;

export const CustomerResponse = z.object({ customer: Customer });
