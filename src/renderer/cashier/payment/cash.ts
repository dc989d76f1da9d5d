/**
 * Cash at the counter: the cashier types what the customer handed over; the payment
 * applies what is due (or less, for a part payment) and the rest goes back as change.
 * The hub gets `amount` = what is applied and `tender.tendered` = what was handed over,
 * so ₱2,000 handed over on a ₱1,500.50 balance is a ₱1,500.50 payment with ₱499.50
 * change, never an overpayment.
 */
export interface CashPlan {
  /** Centavos applied to the customer's account (the settlement amount). */
  amount: number;
  /** Centavos given back. */
  change: number;
  /** Centavos still missing when the amount is fixed (per-transaction amounts). */
  short: number;
}

export function planCash(
  handed: number | null,
  due: number,
  opts: { keepExcess: boolean; fixedAmount: boolean },
): CashPlan {
  const h = handed ?? 0;
  // Everything handed over is kept as deposit: no change.
  if (opts.keepExcess) return { amount: opts.fixedAmount ? Math.max(h, due) : h, change: 0, short: opts.fixedAmount ? Math.max(0, due - h) : 0 };
  if (opts.fixedAmount) {
    return h < due ? { amount: due, change: 0, short: due - h } : { amount: due, change: h - due, short: 0 };
  }
  const amount = Math.min(h, due);
  return { amount, change: h - amount, short: 0 };
}

const BILLS = [100_00, 200_00, 500_00, 1000_00];
/** Round-up steps for the next likely notes above the due (₱100, ₱500, ₱1,000). */
const ROUND_STEPS = [100_00, 500_00, 1000_00];

export interface QuickTender {
  label: string;
  value: number;
}

/** The quick-tender buttons: exact, the common notes, then the next round amounts above the due. */
export function quickTenders(due: number, formatPeso: (c: number) => string): QuickTender[] {
  const out: QuickTender[] = [];
  if (due > 0) out.push({ label: 'Exact', value: due });
  for (const b of BILLS) out.push({ label: formatPeso(b).replace(/\.00$/, ''), value: b });
  const seen = new Set(out.map((q) => q.value));
  for (const step of ROUND_STEPS) {
    const up = Math.ceil(due / step) * step;
    if (due <= 0 || up <= due || seen.has(up)) continue;
    seen.add(up);
    out.push({ label: formatPeso(up).replace(/\.00$/, ''), value: up });
  }
  return out;
}
