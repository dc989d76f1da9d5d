import type { RefObject } from 'react';
import { Kbd, Money, PesoInput } from '../../components/ui';
import { formatPeso } from '../../lib/format';
import { quickTenders } from './cash';
import type { PaymentForm } from './usePaymentForm';

/**
 * What the cashier fills in for the chosen tender: cash handed over (with quick-tender
 * notes and the change), or the amount and the reference of a card / e-wallet / transfer.
 * A new tender's own inputs go in this switch.
 */
export function TenderDetails({ form, amountRef, referenceRef, owing }: {
  form: PaymentForm;
  amountRef: RefObject<HTMLInputElement | null>;
  referenceRef: RefObject<HTMLInputElement | null>;
  owing: number;
}) {
  if (form.method === 'cash') return <CashHandedOver form={form} amountRef={amountRef} />;
  return (
    <>
      <AmountPaid form={form} amountRef={amountRef} owing={owing} />
      {form.tender.reference && (
        <label className="field-label" htmlFor="pay-reference">
          {form.tender.reference.label}
        </label>
      )}
      {form.tender.reference && (
        <input
          id="pay-reference"
          ref={referenceRef}
          className="reference-input"
          value={form.reference}
          onChange={(e) => form.setReference(e.target.value)}
          autoComplete="off"
          data-testid="pay-reference"
        />
      )}
    </>
  );
}

function ManualSum({ value }: { value: number }) {
  return (
    <div className="amount-display">
      <Money value={value} className="amount-xl" />
      <span className="muted small">sum of the amounts per transaction below</span>
    </div>
  );
}

function AmountPaid({ form, amountRef, owing }: { form: PaymentForm; amountRef: RefObject<HTMLInputElement | null>; owing: number }) {
  return (
    <>
      <label htmlFor="pay-amount" className="field-label">
        Amount paid <span className="muted">(owes {formatPeso(owing)})</span>
      </label>
      {form.strategy === 'manual' ? (
        <ManualSum value={form.due} />
      ) : (
        <div className="amount-row">
          <PesoInput id="pay-amount" inputRef={amountRef} value={form.entered} onChange={(c) => form.setEntered(c)} large testId="pay-amount" />
          <button type="button" className="btn" onClick={() => form.setEntered(owing)} title="Pay everything owed (F9)">
            Full <Kbd>F9</Kbd>
          </button>
        </div>
      )}
    </>
  );
}

function CashHandedOver({ form, amountRef }: { form: PaymentForm; amountRef: RefObject<HTMLInputElement | null> }) {
  const plan = form.cash!;
  const handed = form.entered ?? 0;
  const part = form.strategy !== 'manual' && !form.keepCredit && handed > 0 && handed < form.due;
  return (
    <>
      <label htmlFor="pay-amount" className="field-label">
        Cash handed over <span className="muted">(due {formatPeso(form.due)})</span>
      </label>
      <PesoInput id="pay-amount" inputRef={amountRef} value={form.entered} onChange={(c) => form.setEntered(c)} large testId="pay-amount" />
      <div className="quick-tenders" role="group" aria-label="Quick tender">
        {quickTenders(form.due, formatPeso).map((q) => (
          <button
            key={q.label}
            type="button"
            className={`btn quick ${form.entered === q.value ? 'on' : ''}`}
            onClick={() => {
              form.setEntered(q.value);
              amountRef.current?.focus();
            }}
            title={q.label === 'Exact' ? 'Pay everything owed (F9)' : undefined}
            data-testid={q.label === 'Exact' ? 'quick-exact' : undefined}
          >
            {q.label === 'Exact' ? (
              <>
                Exact <Kbd>F9</Kbd>
              </>
            ) : (
              q.label
            )}
          </button>
        ))}
      </div>
      <div className={`change ${plan.short > 0 ? 'short' : ''}`} data-testid="pay-change" aria-live="polite">
        {plan.short > 0 ? 'Short by ' : 'Change '}
        <Money value={plan.short > 0 ? plan.short : plan.change} className="amount-l" />
      </div>
      {part && (
        <div className="muted small" data-testid="part-payment">
          Part payment: {formatPeso(form.due - handed)} stays owing.
        </div>
      )}
    </>
  );
}
