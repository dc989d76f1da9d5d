import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { KEEP_EXCESS_LABEL } from '../../core/allocation';
import type { AllocationStrategy, Customer, SettlementResponse, TenderMethod, Transaction } from '../../shared/index';
import { Kbd } from '../components/ui';
import { ApiError, friendlyError } from '../lib/errors';
import { formatPeso, STRATEGY_LABEL } from '../lib/format';
import { useLive } from '../lib/live';
import { useStoreSettings } from '../lib/settings';
import { AllocationPreview, useAllocationOrder } from './payment/AllocationPreview';
import { TenderChoice } from './payment/TenderChoice';
import { TenderDetails } from './payment/TenderDetails';
import { GatewayTenders } from './GatewayPayment';
import { usePaymentForm, type PaymentForm } from './payment/usePaymentForm';
import { useAllocationPreview, usePostSettlement } from './payment/useSettlement';
import { useOpenShift } from './ShiftBar';

/**
 * Why Post is not possible yet: a next step (`hint`) or something wrong (`error`);
 * `checking`: only the hub's allocation check is still on its way.
 */
type Blocker = { kind: 'hint' | 'error'; text: string; checking?: true } | null;

/**
 * Take a payment from one customer: tender and amount, allocation, a live preview of
 * where the money goes; Enter posts. The money rules live in usePaymentForm, the hub
 * calls in useSettlement, the pieces of the screen in ./payment.
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
  const live = useLive();
  const shift = useOpenShift();
  const { settings } = useStoreSettings();
  const form = usePaymentForm(customer, open, settings.defaultAllocation);
  const owing = open.reduce((s, t) => s + t.balance_amount, 0);
  const referenceRef = useRef<HTMLInputElement>(null);
  const rows = useAllocationOrder(open, form.strategy);
  // An error from the hub (shifts unsupported) means payments do not need one.
  const noShift = shift.isSuccess && shift.data === null;

  const settle = usePostSettlement(customer.id, {
    onPosted: (res) => {
      form.reset();
      onPosted(res);
    },
    onNeedShift,
  });
  const preview = useAllocationPreview(form.body, open, !noShift && !settle.isPending && !settle.isSuccess);
  const blocked = blockerOf(form, { noShift, online: live.status === 'online', preview, owing });

  // Choosing a tender puts the cursor where its details are typed.
  const { setMethod } = form;
  const chooseTender = useCallback(
    (m: TenderMethod) => {
      setMethod(m);
      requestAnimationFrame(() => (m === 'cash' ? amountRef.current : (referenceRef.current ?? amountRef.current))?.focus());
    },
    [setMethod, amountRef],
  );
  useEffect(() => {
    if (!noShift) amountRef.current?.focus();
  }, [noShift, amountRef]);

  // The one place a payment is posted from: Post, Enter, or an Enter that waited for the check.
  const post = () => {
    if (form.body && !blocked && !settle.isPending) settle.mutate(form.body);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    post();
  };

  // Enter pressed while only the allocation check is on its way (a quick cashier types the
  // amount and presses Enter at once): the payment posts as soon as the check is back, if
  // the form is still what it was; a change, or a check that finds a problem, drops it.
  const bodyKey = form.body ? JSON.stringify(form.body) : null;
  const [queued, setQueued] = useState<string | null>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement) || !blocked?.checking || !bodyKey) return;
    e.preventDefault();
    setQueued(bodyKey);
  };
  const ready = blocked === null;
  const checking = blocked?.checking === true;
  useEffect(() => {
    if (queued === null) return;
    if (queued !== bodyKey || (!ready && !checking)) setQueued(null);
    else if (ready && !settle.isPending) {
      setQueued(null);
      post();
    }
  });

  return (
    <form className="payment" onSubmit={submit} onKeyDown={onKeyDown} aria-label="Take payment" data-testid="payment-form">
      {noShift && (
        <div className="error-box" role="alert" data-testid="pay-no-shift">
          No shift is open: open your shift above (float, then “Open shift”) before taking a payment.
        </div>
      )}
      <div className="pay-grid">
        <div className="pay-left">
          <div className="field-label" id="tender-label">
            Tender
          </div>
          <TenderChoice method={form.method} onChange={chooseTender} />
          <TenderDetails form={form} amountRef={amountRef} referenceRef={referenceRef} owing={owing} />
          <GatewayTenders body={form.body} onPaid={onPosted} />
          <StrategyChoice value={form.strategy} onChange={form.setStrategy} />
          <div className="checks">
            <label>
              <input type="checkbox" checked={form.keepCredit} onChange={(e) => form.setKeepCredit(e.target.checked)} /> {KEEP_EXCESS_LABEL}
            </label>
            {customer.creditBalance > 0 && (
              <label>
                <input type="checkbox" checked={form.useCredit} onChange={(e) => form.setUseCredit(e.target.checked)} /> Use deposit (
                {formatPeso(customer.creditBalance)})
              </label>
            )}
          </div>
        </div>
        <div className="pay-right">
          <AllocationPreview
            rows={rows}
            strategy={form.strategy}
            preview={preview.data}
            updating={preview.isFetching}
            manual={form.manual}
            onManual={form.setManualLine}
          />
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
      <PostBar form={form} blocked={queued !== null && checking ? { kind: 'hint', text: 'Checking allocation… posts once checked.' } : blocked} pending={settle.isPending} />
    </form>
  );
}

function StrategyChoice({ value, onChange }: { value: AllocationStrategy; onChange: (s: AllocationStrategy) => void }) {
  return (
    <>
      <div className="field-label" id="strategy-label">
        Apply to
      </div>
      <div className="strategies" role="radiogroup" aria-labelledby="strategy-label">
        {(Object.keys(STRATEGY_LABEL) as AllocationStrategy[]).map((s) => (
          <label key={s} className={`chip ${value === s ? 'on' : ''}`}>
            <input type="radio" name="strategy" checked={value === s} onChange={() => onChange(s)} />
            {STRATEGY_LABEL[s]}
          </label>
        ))}
      </div>
    </>
  );
}

function blockerOf(
  form: PaymentForm,
  ctx: { noShift: boolean; online: boolean; owing: number; preview: ReturnType<typeof useAllocationPreview> },
): Blocker {
  const { preview } = ctx;
  const cash = form.method === 'cash';
  if (ctx.noShift) return { kind: 'error', text: 'Open your shift before taking a payment.' };
  if (cash && form.cash!.short > 0) return { kind: 'error', text: `The cash handed over is ${formatPeso(form.cash!.short)} short of the amounts per transaction.` };
  if (cash && (form.entered ?? 0) > 0 && form.due === 0 && !form.keepCredit) {
    return { kind: 'error', text: `Nothing is due. Tick “${KEEP_EXCESS_LABEL}” to keep the cash as a deposit.` };
  }
  if (!form.body) {
    if (form.strategy === 'manual') return { kind: 'hint', text: 'Enter the amount to pay on each transaction.' };
    return { kind: 'hint', text: cash ? 'Enter the cash handed over.' : 'Enter the amount paid.' };
  }
  if (form.tender.reference && !form.reference.trim()) return { kind: 'hint', text: form.tender.reference.prompt };
  if (!ctx.online) return { kind: 'error', text: 'Offline — wait for the hub to come back.' };
  if (preview.isError) return { kind: 'error', text: friendlyError(preview.error) };
  if (!(preview.isSuccess && !preview.isPlaceholderData && !preview.isFetching)) return { kind: 'hint', text: 'Checking allocation…', checking: true };
  return null;
}

function PostBar({ form, blocked, pending }: { form: PaymentForm; blocked: Blocker; pending: boolean }) {
  const change = form.cash?.change ?? 0;
  return (
    <div className="post-bar">
      <div className="post-summary" aria-live="polite">
        {blocked ? (
          <span className={blocked.kind === 'error' ? 'blocked-error' : 'muted'} role={blocked.kind === 'error' ? 'alert' : undefined} data-testid="pay-blocked">
            {blocked.text}
          </span>
        ) : (
          <span data-testid="pay-summary">
            Post <strong>{formatPeso(form.amount!)}</strong> {form.tender.label}
            {change > 0 && (
              <>
                {' '}
                · give <strong>{formatPeso(change)}</strong> change
              </>
            )}
          </span>
        )}
      </div>
      <button type="submit" className="btn btn-primary btn-large" disabled={!!blocked || pending} data-testid="pay-post">
        {pending ? 'Posting…' : 'Post payment'} <Kbd>Enter</Kbd>
      </button>
    </div>
  );
}
