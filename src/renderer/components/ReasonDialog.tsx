import { useState, type ReactNode } from 'react';
import { ConfirmActions, Modal } from './Modal';

/**
 * Asks for the reason of an irreversible step (cancel a transaction, void a receipt):
 * the reason is required, recorded with the step, and the dialog waits while it runs.
 */
export function ReasonDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  busy,
  error,
  testId,
  onConfirm,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  error?: unknown;
  testId: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <Modal label={title} onClose={onCancel} busy={busy} onSubmit={() => reason.trim() && !busy && onConfirm(reason.trim())} testId={testId}>
      <h2>{title}</h2>
      {children}
      <label>
        Reason (kept with the record)
        <input autoFocus value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid={`${testId}-reason`} />
      </label>
      <ConfirmActions
        label={confirmLabel}
        busyLabel={busyLabel}
        busy={busy}
        disabled={!reason.trim()}
        variant="danger"
        testId={`${testId}-confirm`}
        error={error ?? null}
        onCancel={onCancel}
      />
    </Modal>
  );
}
