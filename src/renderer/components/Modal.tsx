import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { friendlyError } from '../lib/errors';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The dialog on top: only it answers Tab, so a dialog opened from a dialog keeps the focus. */
function isTopmost(el: HTMLElement): boolean {
  const layers = document.querySelectorAll('.modal-backdrop');
  return layers[layers.length - 1] === el;
}

/**
 * Tab and Shift+Tab go round the dialog's own controls and never reach the screen behind
 * it (aria-modal says the rest is inert; the keyboard must agree).
 */
export function trapTab(root: HTMLElement, e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'preventDefault'>): void {
  if (e.key !== 'Tab' || !isTopmost(root)) return;
  const nodes = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((n) => n.getClientRects().length > 0);
  if (nodes.length === 0) {
    e.preventDefault();
    return;
  }
  const first = nodes[0]!;
  const last = nodes[nodes.length - 1]!;
  const active = document.activeElement;
  const inside = active instanceof Node && root.contains(active);
  if (e.shiftKey && (!inside || active === first)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (!inside || active === last)) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * A dialog over the screen, in the look of the receipt and void dialogs. With `onSubmit`
 * its body is a form (Enter submits). Escape closes it unless `busy`. The focus stays in
 * it while it is open (Tab wraps round), starts on its first control unless one has
 * `autoFocus`, and goes back where it was when the dialog closes — unless the screen has
 * moved it somewhere on purpose meanwhile.
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
  const root = useRef<HTMLDivElement>(null);
  // Read at the first render, before an `autoFocus` inside moves the focus into the dialog.
  const [opener] = useState(() => (typeof document !== 'undefined' && document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const el = root.current;
    if (el && !el.contains(document.activeElement)) el.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !blocked.current) close.current();
      else if (el) trapTab(el, e);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // Only when the focus was lost with the dialog (it is on <body> now): a screen that
      // focused its next field itself keeps it.
      if (opener?.isConnected && (document.activeElement === document.body || document.activeElement === null)) opener.focus();
    };
  }, [opener]);
  const className = `modal${wide ? ' modal-wide' : ''}`;
  return (
    <div ref={root} className="modal-backdrop" role="dialog" aria-modal aria-label={label} data-testid={testId}>
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
export function ConfirmActions({ label, busyLabel, busy, disabled = false, variant, testId, error, cancelLabel = 'Cancel', onCancel }: {
  label: ReactNode;
  busyLabel: string;
  busy: boolean;
  disabled?: boolean;
  variant: 'primary' | 'danger';
  testId: string;
  /** The failed request's error, or null. */
  error?: unknown;
  /** The way out without doing it; say so in words when the step itself is a "cancel". */
  cancelLabel?: string;
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
          {cancelLabel}
        </button>
      </div>
    </>
  );
}
