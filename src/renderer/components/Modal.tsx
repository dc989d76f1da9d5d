import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { friendlyError } from '../lib/errors';

/**
 * A dialog over the screen, in the look of the receipt and void dialogs. With `onSubmit`
 * its body is a form (Enter submits). Escape closes it unless `busy`.
 */
export function Modal({
  label,
  onClose,
  onSubmit,
  wide,
  busy,
  testId,
  children,
}: {
  label: string;
  onClose: () => void;
  onSubmit?: () => void;
  wide?: boolean;
  busy?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  const close = useRef(onClose);
  close.current = onClose;
  const blocked = useRef(busy);
  blocked.current = busy;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !blocked.current) close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const className = `modal${wide ? ' modal-wide' : ''}`;
  return (
    <div className="modal-backdrop" role="dialog" aria-modal aria-label={label} data-testid={testId}>
      {onSubmit ? (
        <form
          className={className}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {children}
        </form>
      ) : (
        <div className={className}>{children}</div>
      )}
    </div>
  );
}

/**
 * The foot of a confirm dialog: the hub's error in words, the submit button (its busy
 * label while the request runs) and Cancel, which waits while the request runs.
 */
export function ConfirmActions({ label, busyLabel, busy, disabled = false, variant, testId, error, onCancel }: {
  label: ReactNode;
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  variant: 'primary' | 'danger';
  testId: string;
  /** The failed request's error, or null. */
  error?: unknown;
  onCancel: () => void;
}) {
  return (
    <>
      {error != null && <div className="error-box" role="alert">{friendlyError(error)}</div>}
      <div className="modal-actions">
        <button type="submit" className={`btn btn-${variant}`} disabled={disabled || busy} data-testid={testId}>
          {busy ? busyLabel : label}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </>
  );
}
