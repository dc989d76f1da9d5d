import type { AllocationStrategy, TenderMethod } from '../shared/common.js';
import { DomainError, assertNever } from './errors.js';
import { centavos, type Centavos } from './money.js';

/** A transaction with something still owing on it, as the allocator sees it. */
export interface OpenTransaction {
  id: string;
  balance: Centavos;
  dueDate: string | null;
  createdAt: string;
}

export interface AllocationLine {
  transactionId: string;
  amount: Centavos;
}

export interface AllocationRequest {
  /** Money received from the customer, in centavos (> 0). */
  amount: Centavos;
  strategy: AllocationStrategy;
  /** Explicit lines, for `manual`. */
  lines?: readonly { transactionId: string; amount: number }[];
  /**
   * The customer's open (unpaid or partial, not void) transactions. For the automatic
   * strategies a prefix in strategy order is enough when `outstanding` is given.
   */
  open: readonly OpenTransaction[];
  /** Everything the customer owes on open transactions; defaults to the sum of `open`. */
  outstanding?: number;
  /** Keep whatever is above everything outstanding as the customer's credit. */
  keepExcessAsCredit?: boolean;
  /** Apply the customer's unused credit to cover what the cash does not. */
  useCredit?: boolean;
  /** The customer's unused credit (deposit). */
  creditAvailable?: Centavos;
}

export interface AllocationResult {
  allocations: AllocationLine[];
  /** Excess kept as the customer's credit. */
  creditAmount: Centavos;
  /** Unused credit consumed by this settlement. */
  creditUsed: Centavos;
}

/**
 * The counter's checkbox for `keepExcessAsCredit`. The hub's overpayment message names
 * it, so the words a cashier reads in the error are the words on the screen.
 */
export const KEEP_EXCESS_LABEL = 'Keep any excess as deposit';

/**
 * Orders open transactions for an automatic strategy.
 * oldest_first: due date (undated last), then creation time, then id — stable and total.
 * largest_first: balance descending, then the oldest_first order.
 */
export function orderForStrategy(
  open: readonly OpenTransaction[],
  strategy: Exclude<AllocationStrategy, 'manual'>,
): OpenTransaction[] {
  const byAge = (a: OpenTransaction, b: OpenTransaction): number => {
    if (a.dueDate !== b.dueDate) {
      if (a.dueDate === null) return 1;
      if (b.dueDate === null) return -1;
      return a.dueDate < b.dueDate ? -1 : 1;
    }
    if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  const copy = [...open];
  switch (strategy) {
    case 'oldest_first':
      return copy.sort(byAge);
    case 'largest_first':
      return copy.sort((a, b) => b.balance - a.balance || byAge(a, b));
    default:
      return assertNever(strategy, 'allocation strategy');
  }
}

/**
 * Allocates a settlement across the customer's open transactions.
 * Invariants (property-tested): no allocation exceeds its transaction's balance;
 * allocations + creditAmount = amount + creditUsed; every line is > 0.
 * Pure: the preview and the posting path both call exactly this.
 */
export function allocate(req: AllocationRequest): AllocationResult {
  const amount = req.amount;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new DomainError('validation_failed', 'The amount must be a positive whole number of centavos.');
  }
  const creditAvailable = req.useCredit ? (req.creditAvailable ?? 0) : 0;
  const outstanding = req.outstanding ?? req.open.reduce((s, t) => s + t.balance, 0);

  if (req.strategy === 'manual') return allocateManual(req, creditAvailable);

  // Cash goes first; credit only covers what the cash does not.
  const creditUsed = centavos(Math.min(creditAvailable, Math.max(0, outstanding - amount)));
  const funds = amount + creditUsed;
  let creditAmount = 0;
  if (funds > outstanding) {
    const excess = funds - outstanding;
    if (!req.keepExcessAsCredit) {
      throw new DomainError(
        outstanding === 0 ? 'nothing_outstanding' : 'overpayment',
        outstanding === 0
          ? `This customer owes nothing. Tick “${KEEP_EXCESS_LABEL}” to keep the payment as a deposit, or do not take it.`
          : `The amount is more than the customer owes. Lower the amount, or tick “${KEEP_EXCESS_LABEL}”.`,
        { outstanding, excess },
      );
    }
    creditAmount = excess;
  }
  let remaining = funds - creditAmount;
  const allocations: AllocationLine[] = [];
  for (const t of orderForStrategy(req.open, req.strategy)) {
    if (remaining === 0) break;
    if (t.balance <= 0) continue;
    const take = Math.min(t.balance, remaining);
    allocations.push({ transactionId: t.id, amount: centavos(take) });
    remaining -= take;
  }
  if (remaining !== 0) {
    // Only possible when `outstanding` disagrees with `open`: a caller bug, never a partial allocation.
    throw new Error(`open transactions cover ${funds - creditAmount - remaining} of ${funds - creditAmount}`);
  }
  return { allocations, creditAmount: centavos(creditAmount), creditUsed };
}

function allocateManual(req: AllocationRequest, creditAvailable: number): AllocationResult {
  const lines = req.lines ?? [];
  if (lines.length === 0) throw new DomainError('invalid_allocation', 'Manual allocation needs at least one line.');
  const byId = new Map(req.open.map((t) => [t.id, t]));
  const seen = new Set<string>();
  let total = 0;
  const allocations: AllocationLine[] = [];
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amount) || line.amount <= 0) {
      throw new DomainError('validation_failed', 'Each allocation line must be a positive whole number of centavos.');
    }
    if (seen.has(line.transactionId)) {
      throw new DomainError('invalid_allocation', 'A transaction appears twice in the allocation.', { transactionId: line.transactionId });
    }
    seen.add(line.transactionId);
    const t = byId.get(line.transactionId);
    if (!t) {
      throw new DomainError('invalid_allocation', 'That transaction is not open for this customer.', { transactionId: line.transactionId });
    }
    if (line.amount > t.balance) {
      throw new DomainError('balance_changed', 'The allocation is more than the transaction still owes; its balance may have changed.', {
        transactionId: t.id,
        balance: t.balance,
      });
    }
    total += line.amount;
    allocations.push({ transactionId: t.id, amount: centavos(line.amount) });
  }
  const amount = req.amount;
  if (total === amount) return { allocations, creditAmount: centavos(0), creditUsed: centavos(0) };
  if (total < amount) {
    if (!req.keepExcessAsCredit) {
      throw new DomainError('allocation_mismatch', 'The allocation lines do not add up to the amount.', { allocated: total, amount });
    }
    return { allocations, creditAmount: centavos(amount - total), creditUsed: centavos(0) };
  }
  const needed = total - amount;
  if (needed > creditAvailable) {
    throw new DomainError('allocation_mismatch', 'The allocation lines add up to more than the amount.', { allocated: total, amount });
  }
  return { allocations, creditAmount: centavos(0), creditUsed: centavos(needed) };
}

export interface TenderResult {
  change: Centavos;
  tendered: Centavos | null;
}

/** Cash: tendered (defaults to the amount) must cover it, change = tendered − amount. Others: exact, no change. */
export function computeTender(method: TenderMethod, amount: Centavos, tendered?: number): TenderResult {
  if (method === 'cash') {
    const t = tendered ?? amount;
    if (t < amount) {
      throw new DomainError('tender_insufficient', 'The cash tendered is less than the amount.', { tendered: t, amount });
    }
    return { change: centavos(t - amount), tendered: centavos(t) };
  }
  if (tendered !== undefined && tendered !== amount) {
    throw new DomainError('validation_failed', 'Only cash payments can have change; tendered must equal the amount.');
  }
  return { change: centavos(0), tendered: tendered === undefined ? null : centavos(tendered) };
}
