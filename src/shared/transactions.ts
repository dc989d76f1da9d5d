import { z } from 'zod';
import { Centavos, Id, IsoDate, IsoDateTime, PaymentStatus } from './common.js';

export const TransactionLineInput = z.object({
  description: z.string().trim().min(1).max(200),
  quantity: z.number().int({ error: 'must be a whole number' }).min(1).max(1_000_000),
  unitPrice: Centavos,
});
export type TransactionLineInput = z.infer<typeof TransactionLineInput>;

export const CreditOverride = z.object({ reason: z.string().trim().min(1).max(500) });

export const CreateTransactionRequest = z.object({
  customerId: Id,
  lines: z.array(TransactionLineInput).min(1).max(200),
  dueDate: IsoDate.optional(),
  notes: z.string().max(2000).optional(),
  /** Admin only: record an override of the customer's credit limit. */
  creditOverride: CreditOverride.optional(),
});
export type CreateTransactionRequest = z.infer<typeof CreateTransactionRequest>;

export const TransactionLine = TransactionLineInput.extend({ amount: Centavos });
export type TransactionLine = z.infer<typeof TransactionLine>;

/** The transaction of protocol.md (snake_case money fields are the contract). */
export const Transaction = z.object({
  id: Id,
  customerId: Id,
  createdBy: Id,
  lines: z.array(TransactionLine),
  total_amount: Centavos,
  paid_amount: Centavos,
  balance_amount: Centavos,
  payment_status: PaymentStatus,
  dueDate: IsoDate.nullable(),
  notes: z.string().nullable().optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Transaction = z.infer<typeof Transaction>;

export const TransactionResponse = z.object({ transaction: Transaction });

export const ListTransactionsQuery = z.object({
  status: PaymentStatus.optional(),
  customerId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListTransactionsQuery = z.infer<typeof ListTransactionsQuery>;

export const ListTransactionsResponse = z.object({ items: z.array(Transaction), nextCursor: z.string().nullable() });

export const VoidTransactionRequest = z.object({ reason: z.string().trim().min(1).max(500) });
