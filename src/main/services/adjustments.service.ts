import { DomainError } from '../../core/errors.js';
import { AdjustmentRequest, type LedgerEntry } from '../../shared/backoffice.js';
import { newId } from './ids.js';
import type { TransactionService } from './transactions.service.js';
import { toLedgerEntry } from './mappers.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { parseInput } from './validate.js';

/**
 * Manual balance adjustments (admin, with a reason): their own ledger type, `adjustment`.
 * They keep the store's invariant — a customer's balance equals open transaction
 * balances minus unused credit — by construction:
 * - positive (the customer owes more): a one-line transaction "Balance adjustment" that
 *   cashiers then settle like any other;
 * - negative (the customer owes less): unused credit (deposit), which the next
 *   settlement consumes with `useCredit`.
 * One SQLite transaction writes the ledger entry, the change and its event.
 */
export class AdjustmentService {
  constructor(
    private readonly store: StoreDb,
    private readonly transactions: Pick<TransactionService, 'load'>,
  ) {}

  adjust(input: unknown, actor: Actor): { entry: LedgerEntry; transactionId: string | null } {
    const req = parseInput(AdjustmentRequest, input, 'adjustment');
    requireRole(actor, ['admin'], 'adjust balances');
    return this.store.write(() => {
      const q = this.store.q;
      const customer = q.customers.get(req.customerId);
      if (!customer) throw new DomainError('not_found', 'No such customer.', { customerId: req.customerId });
      const at = this.store.now();
      let transactionId: string | null = null;
      if (req.amount > 0) {
        transactionId = newId('txn');
        q.transactions.insert({
          id: transactionId,
          customer_id: customer.id,
          created_by: actor.id,
          total_amount: req.amount,
          due_date: null,
          notes: `Balance adjustment: ${req.reason}`,
          credit_override_by: null,
          credit_override_reason: null,
          discount_kind: null,
          discount_holder_name: null,
          discount_id_number: null,
          created_at: at,
          updated_at: at,
        });
        q.transactions.insertLine({
          transaction_id: transactionId,
          line_no: 1,
          description: `Balance adjustment: ${req.reason}`.slice(0, 200),
          quantity: 1,
          unit_price: req.amount,
          amount: req.amount,
          // A correction of what is owed, not a sale of goods: outside the VAT base.
          vat_category: 'exempt',
          gross_amount: req.amount,
          vatable_base: 0,
          vat_amount: 0,
          exempt_amount: req.amount,
          zero_rated_amount: 0,
          discount_kind: null,
          discount_amount: 0,
          vat_adjustment: 0,
        });
      } else {
        q.customers.changeCredit(customer.id, -req.amount);
      }
      const row = q.ledger.append({
        customer_id: customer.id,
        type: 'adjustment',
        amount: req.amount,
        or_number: null,
        transaction_id: transactionId,
        settlement_id: null,
        actor_id: actor.id,
        reason: req.reason,
        created_at: at,
      });
      if (transactionId) {
        // Terminals learn of the new amount owed like any new transaction.
        this.store.append('transaction.created', { transaction: this.transactions.load(transactionId), actorId: actor.id });
      }
      this.store.append('ledger.adjusted', {
        customerId: customer.id,
        entryId: row.id,
        amount: req.amount,
        reason: req.reason,
        transactionId,
        actorId: actor.id,
      });
      const user = q.users.get(actor.id);
      return {
        entry: toLedgerEntry({ ...row, customer_name: customer.name, actor_name: user?.display_name ?? null }),
        transactionId,
      };
    });
  }
}
