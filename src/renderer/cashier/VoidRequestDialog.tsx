import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Settlement } from '../../shared/settlements';
import { VoidRequestResponse } from '../../shared/void-requests';
import { ReasonDialog } from '../components/ReasonDialog';
import { Money } from '../components/ui';
import { post } from '../lib/api';
import { keys } from '../lib/query';

/** Query key of the cashier's own void requests (under `settlements`: refreshed with them). */
export const ownVoidRequestsKey = [...keys.settlements, 'void-requests', 'own'] as const;

/** A cashier asks an admin to void a receipt it took; the reason is required. */
export function VoidRequestDialog({ settlement, customerName, onClose }: { settlement: Settlement; customerName: string; onClose: () => void }) {
  const qc = useQueryClient();
  const mut = useMutation({
    mutationFn: (reason: string) => post(`/api/v1/settlements/${encodeURIComponent(settlement.id)}/void-requests`, { reason }, VoidRequestResponse),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      onClose();
    },
  });
  return (
    <ReasonDialog
      label="Request void"
      title={
        <>
          Request a void of <span className="mono">{settlement.or_number}</span>
        </>
      }
      placeholder="e.g. wrong customer, keyed the wrong amount"
      minLength={3}
      confirmLabel="Request void"
      busyLabel="Sending…"
      busy={mut.isPending}
      error={mut.isError ? mut.error : null}
      testId="void-request-dialog"
      reasonTestId="void-request-reason"
      confirmTestId="void-request-confirm"
      onConfirm={(reason) => mut.mutate(reason)}
      onCancel={onClose}
    >
      <p>
        <Money value={settlement.amount} /> from {customerName || 'this customer'}. An admin approves or rejects the request; until then the
        receipt stays posted.
      </p>
    </ReasonDialog>
  );
}
