import { z } from 'zod';
import { Centavos, Id, IsoDateTime } from './common.js';
import { Text } from './text.js';

export const CreateCustomerRequest = z.object({
  name: Text(1, 200),
  phone: Text(0, 40).optional(),
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
