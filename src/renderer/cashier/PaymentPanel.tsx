import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  PreviewResponse,
  SettlementResponse,
  type AllocationStrategy,
  type Customer,
  type SettlementRequest,
  type TenderMethod,
  type Transaction,
} from '../../shared/index';
import { Kbd, Money, PesoInput, StatusPill } from '../components/ui';
import { GatewayTenders } from './GatewayPayment';
import { newIdempotencyKey, post } from '../lib/api';
import { ApiError, friendlyError } from '../lib/errors';
import { fmtDate, formatPeso, shortId, TENDER_LABEL } from '../lib/format';
import { useLive } from '../lib/live';
import { keys } from '../lib/query';
import { useStoreSettings } from '../lib/settings';

const TENDERS: TenderMethod[] = ['cash', 'card', 'gcash', 'maya', 'bank_transfer', 'check'];
const NEEDS_REF: Record<TenderMethod, string | null> = {
  cash: null,
  card: 'Card slip / approval no.',
  gcash: 'GCash reference no.',
  maya: 'Maya reference no.',
  bank_transfer: 'Bank transfer reference',
  check: 'Check no. and bank',
};
const STRATEGY_LABEL: Record<AllocationStrategy, string> = {
  oldest_first: 'Oldest first',
  largest_first: 'Largest first',
  manual: 'Choose per transaction',
};

/**
 * Take a payment from one customer: amount, tender, allocation; a live preview of where
 * the money goes; Enter posts. The idempotency key survives retries of the same payment,
 * so a timeout followed by a retry can never issue a second OR.
 */
export function PaymentPanel({
  customer,
  open,
  amountRef,
  onPosted,
  onNeedShift,
}: {
  customer: Customer;
  open: Transaction[];
  amountRef: React.RefObject<HTMLInputElement | null>;
  onPosted: (r: SettlementResponse) => void;
  onNeedShift: () => void;
}) {
  const qc = useQueryClient();
  const live = useLive();
  const { settings } = useStoreSettings();
  const owing = open.reduce((s, t) => s + t.balance_amount, 0);
  const [amount, setAmount] = useState<number | null>(null);
  const [method, setMethod] = useState<TenderMethod>('cash');
  const [tendered, setTendered] = useState<number | null>(null);
  const [reference, setReference] = useState('');
  const [strategy, setStrategy] = useState<AllocationStrategy>(settings.defaultAllocation);
  const [manual, setManual] = useState<Record<string, number | null>>({});
  const [keepCredit, setKeepCredit] = useState(false);
  const [useCredit, setUseCredit] = useState(false);
  const attempt = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => setStrategy(settings.defaultAllocation), [settings.defaultAllocation]);

  // Tender shortcuts: Alt+1…6.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const i = Number(e.key) - 1;
      const m = TENDERS[i];
      if (m) {
        e.preventDefault();
        setMethod(m);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const manualLines = open
    .map((t) => ({ transactionId: t.id, amount: manual[t.id] ?? 0 }))
    .filter((l) => l.amount > 0);
  const effectiveAmount = strategy === 'manual' ? manualLines.reduce((s, l) => s + l.amount, 0) : amount;
  const needsRef = NEEDS_REF[method];

  const body: SettlementRequest | null = useMemo(() => {
    if (!effectiveAmount || effectiveAmount <= 0) return null;
    return {
      customerId: customer.id,
      amount: effectiveAmount,
      tender: {
        method,
        ...(reference.trim() ? { reference: reference.trim() } : {}),
        ...(method === 'cash' && tendered !== null ? { tendered } : {}),
      },
      allocation: strategy === 'manual' ? { strategy, lines: manualLines } : { strategy },
      ...(keepCredit ? { keepExcessAsCredit: true } : {}),
      ...(useCredit ? { useCredit: true } : {}),
    };
    // manualLines is derived from `manual` and `open`.
  }, [customer.id, effectiveAmount, method, reference, tendered, strategy, JSON.stringify(manualLines), keepCredit, useCredit]);

  const cashShort = method === 'cash' && tendered !== null && effectiveAmount !== null && tendered < effectiveAmount;
  const change = method === 'cash' && tendered !== null && effectiveAmount ? Math.max(0, tendered - effectiveAmount) : 0;

  const settle = useMutation({
    mutationFn: (req: SettlementRequest) => {
      const text = JSON.stringify(req);
      if (!attempt.current || attempt.current.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
      return post('/api/v1/settlements', req, SettlementResponse, { headers: { 'Idempotency-Key': attempt.current.key }, timeoutMs: 20_000 });
    },
    onSuccess: (res) => {
      attempt.current = null;
      setAmount(null);
      setTendered(null);
      setReference('');
      setManual({});
      setKeepCredit(false);
      setUseCredit(false);
      void qc.invalidateQueries({ queryKey: keys.transactions });
      void qc.invalidateQueries({ queryKey: keys.settlements });
      void qc.invalidateQueries({ queryKey: keys.customer(customer.id) });
      onPosted(res);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'no_open_shift') onNeedShift();
      if (e instanceof ApiError && (e.code === 'balance_changed' || e.code === 'conflict' || e.code === 'invalid_allocation')) {
        void qc.invalidateQueries({ queryKey: keys.transactions });
      }
    },
  });

  // The preview runs the hub's own allocation on the same numbers (nothing written).
  const preview = useQuery({
    queryKey: ['preview', body, open.map((t) => `${t.id}:${t.balance_amount}`).join(',')],
    queryFn: ({ signal }) => post('/api/v1/settlements/preview', body, PreviewResponse, { signal }),
    enabled: !!body && !cashShort && !settle.isPending && !settle.isSuccess,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });

  const previewOk = preview.isSuccess && !preview.isPlaceholderData && !preview.isFetching;
  const blocked: string | null = !body
    ? 'Enter the amount received.'
    : cashShort
      ? 'Cash received is less than the amount.'
      : needsRef && !reference.trim()
        ? `Enter the ${needsRef.toLowerCase()}.`
        : live.status !== 'online'
          ? 'Offline — wait for the hub to come back.'
          : preview.isError
            ? friendlyError(preview.error)
            : !previewOk
              ? 'Checking allocation…'
              : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body && !blocked && !settle.isPending) settle.mutate(body);
  };

  const allocated = new Map((preview.data?.allocations ?? []).map((a) => [a.transactionId, a.amount]));

  return (
    <form className="payment" onSubmit={submit} aria-label="Take payment" data-testid="payment-form">
      <div className="pay-grid">
        <div className="pay-left">
          <label htmlFor="pay-amount" className="field-label">
            Amount received <span className="muted">(owes {formatPeso(owing)})</span>
          </label>
          {strategy === 'manual' ? (
            <div className="amount-display">
              <Money value={effectiveAmount ?? 0} className="amount-xl" />
              <span className="muted small">sum of the amounts per transaction below</span>
            </div>
          ) : (
            <div className="amount-row">
              <PesoInput id="pay-amount" inputRef={amountRef} value={amount} onChange={(c) => setAmount(c)} large testId="pay-amount" autoFocus />
              <button type="button" className="btn" onClick={() => setAmount(owing)} title="Pay everything owed (F9)">
                Full <Kbd>F9</Kbd>
              </button>
            </div>
          )}

          <div className="field-label">Tender</div>
          <div className="tenders" role="radiogroup" aria-label="Tender">
            {TENDERS.map((m, i) => (
              <button
                key={m}
                type="button"
                role="radio"
                aria-checked={method === m}
                className={`tender ${method === m ? 'on' : ''}`}
                onClick={() => setMethod(m)}
              >
                {TENDER_LABEL[m]} <Kbd>Alt+{i + 1}</Kbd>
              </button>
            ))}
          </div>

          {method === 'cash' ? (
            <div className="cash-row">
              <label className="field-label" htmlFor="pay-tendered">
                Cash received
              </label>
              <PesoInput id="pay-tendered" value={tendered} onChange={(c) => setTendered(c)} placeholder="exact amount" testId="pay-tendered" />
              <div className={`change ${cashShort ? 'short' : ''}`} data-testid="pay-change">
                {cashShort ? 'Short by ' : 'Change '}
                <Money value={cashShort ? effectiveAmount! - tendered! : change} className="amount-l" />
              </div>
            </div>
          ) : (
            <label className="field-label">
              {needsRef}
              <input value={reference} onChange={(e) => setReference(e.target.value)} data-testid="pay-reference" />
            </label>
          )}
          <GatewayTenders body={body} onPaid={onPosted} />

          <div className="field-label">Apply to</div>
          <div className="strategies" role="radiogroup" aria-label="Allocation">
            {(Object.keys(STRATEGY_LABEL) as AllocationStrategy[]).map((s) => (
              <label key={s} className={`chip ${strategy === s ? 'on' : ''}`}>
                <input type="radio" name="strategy" checked={strategy === s} onChange={() => setStrategy(s)} />
                {STRATEGY_LABEL[s]}
              </label>
            ))}
          </div>
          <div className="checks">
            <label>
              <input type="checkbox" checked={keepCredit} onChange={(e) => setKeepCredit(e.target.checked)} /> Keep any excess as deposit
            </label>
            {customer.creditBalance > 0 && (
              <label>
                <input type="checkbox" checked={useCredit} onChange={(e) => setUseCredit(e.target.checked)} /> Use deposit (
                {formatPeso(customer.creditBalance)})
              </label>
            )}
          </div>
        </div>

        <div className="pay-right">
          <div className="field-label">Where the money goes {preview.isFetching && <span className="muted small">updating…</span>}</div>
          <table className="grid alloc" data-testid="allocation-preview">
            <thead>
              <tr>
                <th>Transaction</th>
                <th className="num">Balance</th>
                <th className="num">{strategy === 'manual' ? 'Pay' : 'Applied'}</th>
                <th className="num">After</th>
              </tr>
            </thead>
            <tbody>
              {open.map((t) => {
                const a = strategy === 'manual' ? (manual[t.id] ?? 0) : (allocated.get(t.id) ?? 0);
                return (
                  <tr key={t.id} className={a > 0 ? 'applied' : ''} data-testid="alloc-row" data-tx-id={t.id}>
                    <td>
                      <span className="mono">#{shortId(t.id)}</span> <StatusPill status={t.payment_status} />
                      <div className="muted small">
                        {t.lines.map((l) => l.description).join(', ')}
                        {t.dueDate ? ` · due ${fmtDate(t.dueDate)}` : ''}
                      </div>
                    </td>
                    <td className="num">
                      <Money value={t.balance_amount} />
                    </td>
                    <td className="num">
                      {strategy === 'manual' ? (
                        <PesoInput
                          ariaLabel={`Pay on #${shortId(t.id)}`}
                          value={manual[t.id] ?? null}
                          onChange={(c) => setManual((m) => ({ ...m, [t.id]: c }))}
                        />
                      ) : a > 0 ? (
                        <Money value={a} className="strong" />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="num">
                      <Money value={t.balance_amount - a} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {preview.data && (preview.data.creditAmount > 0 || (preview.data.creditUsed ?? 0) > 0) && (
            <div className="notice small">
              {preview.data.creditAmount > 0 && <>Kept as deposit: {formatPeso(preview.data.creditAmount)}. </>}
              {(preview.data.creditUsed ?? 0) > 0 && <>Deposit used: {formatPeso(preview.data.creditUsed ?? 0)}.</>}
            </div>
          )}
        </div>
      </div>

      {settle.isError && (
        <div className="error-box" role="alert" data-testid="pay-error">
          {friendlyError(settle.error)}
          {settle.error instanceof ApiError && settle.error.code === 'network' && (
            <> It is safe to press Post again: the same payment will not be recorded twice.</>
          )}
        </div>
      )}
      <div className="post-bar">
        <div className="post-summary">
          {blocked ? (
            <span className="muted" data-testid="pay-blocked">
              {blocked}
            </span>
          ) : (
            <span>
              Post <strong>{formatPeso(effectiveAmount!)}</strong> {TENDER_LABEL[method]}
              {method === 'cash' && change > 0 && (
                <>
                  {' '}
                  · give <strong>{formatPeso(change)}</strong> change
                </>
              )}
            </span>
          )}
        </div>
        <button type="submit" className="btn btn-primary btn-large" disabled={!!blocked || settle.isPending} data-testid="pay-post">
          {settle.isPending ? 'Posting…' : 'Post payment'} <Kbd>Enter</Kbd>
        </button>
      </div>
    </form>
  );
}
