import { useEffect, useMemo, useState } from 'react';
import type { AllocationStrategy, Customer, SettlementRequest, TenderMethod, Transaction } from '../../../shared/index';
import { planCash, type CashPlan } from './cash';
import { tenderOption, type TenderOption } from './tenders';

export interface PaymentFormState {
  /** Cash: what was handed over. Other tenders: the amount paid. */
  entered: number | null;
  method: TenderMethod;
  reference: string;
  strategy: AllocationStrategy;
  manual: Record<string, number | null>;
  keepCredit: boolean;
  useCredit: boolean;
}

export type PaymentFormSetters = {
  [K in keyof PaymentFormState as `set${Capitalize<K & string>}`]: (v: PaymentFormState[K]) => void;
};

export interface PaymentForm extends PaymentFormState, PaymentFormSetters {
  tender: TenderOption;
  /** What this payment should settle: the owing (less deposit used), or the per-transaction sum. */
  due: number;
  /** The settlement amount (what is applied), null while nothing is entered. */
  amount: number | null;
  /** Cash only: change and shortfall. */
  cash: CashPlan | null;
  body: SettlementRequest | null;
  setManualLine: (transactionId: string, centavos: number | null) => void;
  reset: () => void;
}

/**
 * The payment being keyed in, and the request it makes. Kept apart from the screen so the
 * money rules (what is applied, what is change) read in one place: for cash the amount is
 * what gets applied and `tender.tendered` is what was handed over.
 */
export function usePaymentForm(customer: Customer, open: Transaction[], defaultStrategy: AllocationStrategy): PaymentForm {
  const [entered, setEntered] = useState<number | null>(null);
  const [method, setMethod] = useState<TenderMethod>('cash');
  const [reference, setReference] = useState('');
  const [strategy, setStrategy] = useState<AllocationStrategy>(defaultStrategy);
  const [manual, setManual] = useState<Record<string, number | null>>({});
  const [keepCredit, setKeepCredit] = useState(false);
  const [useCredit, setUseCredit] = useState(false);

  useEffect(() => setStrategy(defaultStrategy), [defaultStrategy]);

  const owing = useMemo(() => open.reduce((s, t) => s + t.balance_amount, 0), [open]);
  const manualLines = useMemo(
    () => open.map((t) => ({ transactionId: t.id, amount: manual[t.id] ?? 0 })).filter((l) => l.amount > 0),
    [open, manual],
  );
  const isManual = strategy === 'manual';
  const manualSum = manualLines.reduce((s, l) => s + l.amount, 0);
  const due = isManual ? manualSum : Math.max(0, owing - (useCredit ? Math.min(customer.creditBalance, owing) : 0));
  const tender = tenderOption(method);

  const cash = method === 'cash' ? planCash(entered, due, { keepExcess: keepCredit, fixedAmount: isManual }) : null;
  const amount = cash ? (cash.amount > 0 ? cash.amount : null) : isManual ? manualSum || null : entered;
  const ref = reference.trim();

  const body = useMemo<SettlementRequest | null>(() => {
    if (!amount || amount <= 0 || (cash && cash.short > 0)) return null;
    return {
      customerId: customer.id,
      amount,
      tender: {
        method,
        ...(ref ? { reference: ref } : {}),
        ...(cash ? { tendered: entered ?? amount } : {}),
      },
      allocation: isManual ? { strategy, lines: manualLines } : { strategy },
      ...(keepCredit ? { keepExcessAsCredit: true } : {}),
      ...(useCredit ? { useCredit: true } : {}),
    };
  }, [customer.id, amount, cash?.short, method, ref, entered, isManual, strategy, manualLines, keepCredit, useCredit]);

  return {
    entered,
    method,
    reference,
    strategy,
    manual,
    keepCredit,
    useCredit,
    setEntered,
    setMethod,
    setReference,
    setStrategy,
    setManual,
    setKeepCredit,
    setUseCredit,
    tender,
    due,
    amount,
    cash,
    body,
    setManualLine: (id, c) => setManual((m) => ({ ...m, [id]: c })),
    reset: () => {
      setEntered(null);
      setReference('');
      setManual({});
      setKeepCredit(false);
      setUseCredit(false);
    },
  };
}
