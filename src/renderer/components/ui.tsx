import { useEffect, useState, type ReactNode } from 'react';
import type { PaymentStatus } from '../../shared/common';
import { friendlyError } from '../lib/errors';
import { formatPeso, parsePesos } from '../lib/format';

const STATUS_LABEL: Record<PaymentStatus, string> = { unpaid: 'Unpaid', partial: 'Partial', paid: 'Paid', void: 'Void' };

export function StatusPill({ status }: { status: PaymentStatus }) {
  return (
    <span className={`pill pill-${status}`} data-status={status}>
      {STATUS_LABEL[status]}
    </span>
  );
}

/** An amount of centavos shown as ₱1,234.56 (the only place money becomes text). */
export function Money({ value, className, testId }: { value: number; className?: string; testId?: string }) {
  return (
    <span className={`money ${value < 0 ? 'neg ' : ''}${className ?? ''}`} data-testid={testId}>
      {formatPeso(value)}
    </span>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden /> {label}
    </div>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <span>{friendlyError(error)}</span>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** What a list screen shows for its query: loading, the error with a retry, empty, or the list. */
export function QueryView({ query, isEmpty, empty, children }: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  isEmpty: boolean;
  empty: ReactNode;
  children: ReactNode;
}) {
  if (query.isPending) return <Spinner />;
  if (query.isError) return <ErrorBox error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty) return <Empty>{empty}</Empty>;
  return <>{children}</>;
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd>{children}</kbd>;
}

/**
 * A peso input: people type pesos (`1,500.50`), the parent receives centavos (or null
 * while the text is not a valid amount). Shows ₱ in front and checks as you type.
 */
export function PesoInput({
  value,
  onChange,
  id,
  autoFocus,
  placeholder = '0.00',
  large,
  inputRef,
  ariaLabel,
  testId,
}: {
  value: number | null;
  onChange: (centavos: number | null, text: string) => void;
  id?: string;
  autoFocus?: boolean;
  placeholder?: string;
  large?: boolean;
  inputRef?: React.Ref<HTMLInputElement>;
  ariaLabel?: string;
  testId?: string;
}) {
  const [text, setText] = useState(value === null ? '' : (value / 100).toFixed(2));
  // Follow value changes from outside (e.g. "pay full balance").
  useEffect(() => {
    const parsed = parsePesos(text);
    if (value !== parsed && !(value === null && text === '')) setText(value === null ? '' : (value / 100).toFixed(2));
  }, [value]);
  const parsed = text.trim() === '' ? null : parsePesos(text);
  const invalid = text.trim() !== '' && (parsed === null || parsed < 0);
  return (
    <div className={`peso-input ${large ? 'large' : ''} ${invalid ? 'invalid' : ''}`}>
      <span className="peso-sign">₱</span>
      <input
        id={id}
        ref={inputRef}
        inputMode="decimal"
        autoComplete="off"
        autoFocus={autoFocus}
        placeholder={placeholder}
        aria-label={ariaLabel}
        aria-invalid={invalid}
        data-testid={testId}
        value={text}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const c = t.trim() === '' ? null : parsePesos(t);
          onChange(c !== null && c >= 0 ? c : null, t);
        }}
      />
    </div>
  );
}
