import { useState, type ReactNode } from 'react';
import { ConfirmActions, Modal } from './Modal';

/** How many characters a reason still lacks, in words, or null when it is long enough. */
export function reasonProblem(reason: string, minLength: number): string | null {
  const missing = minLength - reason.trim().length;
  if (missing <= 0 || reason.trim().length === 0) return null;
  return `At least ${minLength} characters: ${missing} more.`;
}

/**
 * The one dialog for a step that needs a reason and a confirmation: void a receipt, ask
 * for a void, reject a request, cancel a transaction, force-close a shift. It says what
 * is about to happen (`children`), takes the reason (required, `minLength` characters
 * after trimming; said in words while it is too short), and confirms with Enter or the
 * button; Escape and Cancel close it, except while the request runs. The focus starts in
 * the reason (or in the first of `fields`) and stays in the dialog; the hub's answer to
 * a failed request shows as an alert.
 */
export function ReasonDialog({
  title,
  label,
  children,
  fields,
  reasonLabel = 'Reason (required)',
  placeholder,
  minLength = 1,
  maxLength = 500,
  ready = true,
  confirmLabel,
  cancelLabel,
  busyLabel,
  busy,
  error,
  danger = true,
  testId,
  reasonTestId = `${testId}-reason`,
  confirmTestId = `${testId}-confirm`,
  onConfirm,
  onCancel,
}: {
  /** The question at the top of the dialog. */
  title: ReactNode;
  /** The dialog's accessible name; `title` when it is plain text. */
  label?: string;
  /** What is being done, in the screen's words. */
  children?: ReactNode;
  /** Inputs the step needs besides the reason (e.g. the cash counted), shown above it; the first one takes the focus. */
  fields?: ReactNode;
  reasonLabel?: string;
  placeholder?: string;
  minLength?: number;
  maxLength?: number;
  /** False while `fields` are not filled in: confirming waits for them as for the reason. */
  ready?: boolean;
  confirmLabel: string;
  /** The button that closes without doing it ("Cancel" unless the step is itself a cancel). */
  cancelLabel?: string;
  busyLabel: string;
  busy: boolean;
  /** The failed request's error, or null/undefined. */
  error?: unknown;
  /** The red button of an irreversible step (default); false for a plain primary one. */
  danger?: boolean;
  testId: string;
  reasonTestId?: string;
  confirmTestId?: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const trimmed = reason.trim();
  const ok = ready && trimmed.length >= Math.max(1, minLength);
  const problem = reasonProblem(reason, minLength);
  const hintId = `${testId}-reason-hint`;
  return (
    <Modal
      label={label ?? (typeof title === 'string' ? title : confirmLabel)}
      onClose={onCancel}
      busy={busy}
      onSubmit={() => ok && !busy && onConfirm(trimmed)}
      testId={testId}
    >
      <h2>{title}</h2>
      {children}
      <div className="stack">
        {fields}
        <label>
          {reasonLabel}
          <input
            autoFocus={!fields}
            value={reason}
            maxLength={maxLength}
            placeholder={placeholder}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={problem ? hintId : undefined}
            data-testid={reasonTestId}
          />
        </label>
        {problem && (
          <div className="muted small" id={hintId} aria-live="polite" data-testid={`${testId}-reason-problem`}>
            {problem}
          </div>
        )}
      </div>
      <ConfirmActions
        label={confirmLabel}
        busyLabel={busyLabel}
        busy={busy}
        disabled={!ok}
        variant={danger ? 'danger' : 'primary'}
        testId={confirmTestId}
        error={error ?? null}
        cancelLabel={cancelLabel}
        onCancel={onCancel}
      />
    </Modal>
  );
}
