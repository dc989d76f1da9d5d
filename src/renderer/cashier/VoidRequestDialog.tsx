import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Settlement } from '../../shared/settlements';
import { VoidRequestResponse } from '../../shared/void-requests';
import { ConfirmActions, Modal } from '../components/Modal';
import { Money } from '../components/ui';
import { post } from '../lib/api';
import { keys } from '../lib/query';

/** Query key of the cashier's own void requests (under `settlements`: refreshed with them). */
export const ownVoidRequestsKey = [...keys.settlements, 'void-requests', 'own'] as const;

/** A cashier asks an admin to void a receipt it took; the reason is required. */
export function VoidRequestDialog({ settlement, customerName, onClose }: { settlement: Settlement; customerName: string; onClose: () => void }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const mut = useMutation({
    mutationFn: () => post(`/api/v1/settlements/${encodeURIComponent(settlement.id)}/void-requests`, { reason: reason.trim() }, VoidRequestResponse),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      onClose();
    },
  });
  const ok = reason.trim().length >= 3;
  return (
    <Modal label="Request void" onClose={onClose} busy={mut.isPending} onSubmit={() => ok && mut.mutate()} testId="void-request-dialog">
      <h2>
        Request a void of <span className="mono">{settlement.or_number}</span>
      </h2>
      <p>
        <Money value={settlement.amount} /> from {customerName || 'this customer'}. An admin approves or rejects the request; until then the
        receipt stays posted.
      </p>
      <label>
        Reason (required)
        <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. wrong customer, keyed the wrong amount" data-testid="void-request-reason" />
      </label>
      <ConfirmActions
        label="Request void"
        busyLabel="Sending…"
        busy={mut.isPending}
        disabled={!ok}
        variant="danger"
        testId="void-request-confirm"
        error={mut.isError ? mut.error : null}
        onCancel={onClose}
      />
    </Modal>
  );
}
