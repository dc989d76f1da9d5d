import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { TenderMethod } from '../../shared/common';
import type { Settlement } from '../../shared/settlements';
import { Refund, Shift, type RefundRequest } from '../../shared/shifts';
import { ConfirmActions, Modal } from '../components/Modal';
import { Money, PesoInput } from '../components/ui';
import { get, post, qs } from '../lib/api';
import { ApiError, friendlyError } from '../lib/errors';
import { formatPeso, TENDER_LABEL } from '../lib/format';
import { keys } from '../lib/query';
import { useStaffNames } from './useStaffNames';

const RefundList = z.object({ items: z.array(Refund) });
const RefundAnswer = z.object({ refund: Refund });
const ShiftList = z.object({ items: z.array(Shift) });

function refundRefusal(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'overpayment') {
      const left = (e.details as { refundable?: unknown } | undefined)?.refundable;
      return typeof left === 'number' ? `That is more than this receipt can give back: at most ${formatPeso(left)} is left to refund.` : e.message;
    }
    if (e.code === 'no_open_shift') {
      return 'Cash comes out of an open drawer, and this receipt’s shift is closed. Choose the open drawer the cash is paid from, or refund by another method.';
    }
  }
  return friendlyError(e);
}

/**
 * Money handed back against a posted receipt (goods returned, a price corrected): amount,
 * how it goes back, why. The receipt stays; the refund is its own journal entry and
 * reading line. Cash comes out of an open drawer.
 */
export function RefundDialog({
  settlement,
  customerName,
  onDone,
  onClose,
}: {
  settlement: Settlement;
  customerName: string;
  onDone: (r: Refund) => void;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const nameOf = useStaffNames();
  const [amount, setAmount] = useState<number | null>(null);
  const [method, setMethod] = useState<TenderMethod>(settlement.tender.method);
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [shiftId, setShiftId] = useState('');
  const earlier = useQuery({
    queryKey: [...keys.settlements, 'refunds', settlement.id],
    queryFn: () => get(`/api/v1/settlements/${encodeURIComponent(settlement.id)}/refunds`, RefundList),
  });
  const drawers = useQuery({
    queryKey: [...keys.shifts, 'open'],
    queryFn: () => get(`/api/v1/shifts${qs({ status: 'open', limit: 200 })}`, ShiftList),
    enabled: method === 'cash',
    staleTime: 0,
  });
  const refunded = (earlier.data?.items ?? []).reduce((s, r) => s + r.amount, 0);
  // What the receipt put on transactions (a deposit it left as credit is not refunded here).
  const left = settlement.allocations.reduce((s, a) => s + a.amount, 0) - refunded;
  const mut = useMutation({
    mutationFn: () => {
      const body: RefundRequest = {
        amount: amount!,
        method,
        reason: reason.trim(),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
        ...(method === 'cash' && shiftId ? { shiftId } : {}),
      };
      return post(`/api/v1/settlements/${encodeURIComponent(settlement.id)}/refunds`, body, RefundAnswer);
    },
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: keys.settlements });
      void qc.invalidateQueries({ queryKey: keys.backoffice });
      onDone(res.refund);
    },
  });
  const ready = amount !== null && amount > 0 && reason.trim().length >= 3 && !earlier.isPending;
  return (
    <Modal label="Refund" onClose={onClose} onSubmit={() => ready && !mut.isPending && mut.mutate()} busy={mut.isPending} testId="refund-dialog">
      <h2>
        Refund on <span className="mono">{settlement.or_number}</span>
      </h2>
      <p>
        <Money value={settlement.amount} /> paid by {TENDER_LABEL[settlement.tender.method]} from {customerName || 'this customer'}.{' '}
        {earlier.isPending ? (
          <span className="muted">Checking earlier refunds…</span>
        ) : (
          <span data-testid="refundable">
            {refunded > 0 && (
              <>
                Already refunded <Money value={refunded} />.{' '}
              </>
            )}
            Up to <Money value={Math.max(0, left)} /> can be refunded.
          </span>
        )}
      </p>
      <div className="stack">
        <label>
          Amount to give back
          <PesoInput value={amount} onChange={(c) => setAmount(c)} autoFocus testId="refund-amount" ariaLabel="Amount to give back" />
        </label>
        <label>
          Given back as
          <select value={method} onChange={(e) => setMethod(e.target.value as TenderMethod)} data-testid="refund-method">
            {TenderMethod.options.map((m) => (
              <option key={m} value={m}>
                {TENDER_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        {method === 'cash' && drawers.data?.items.length === 0 && (
          <div className="hint" data-testid="refund-no-drawer">
            No cash drawer is open right now, and cash comes out of one. Refund by another method, or ask a cashier to open a shift.
          </div>
        )}
        {method === 'cash' ? (
          <label>
            Paid from drawer
            <select value={shiftId} onChange={(e) => setShiftId(e.target.value)} data-testid="refund-drawer">
              <option value="">the receipt’s own shift (if still open)</option>
              {(drawers.data?.items ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.counter} · {nameOf(s.cashierId)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            Reference (optional)
            <input value={reference} maxLength={120} onChange={(e) => setReference(e.target.value)} placeholder="e.g. GCash or bank reference no." />
          </label>
        )}
        <label>
          Reason (required)
          <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. 2 of 10 shirts returned, misprint" data-testid="refund-reason" />
        </label>
      </div>
      {mut.isError && (
        <div className="error-box" role="alert" data-testid="refund-error">
          {refundRefusal(mut.error)}
        </div>
      )}
      <ConfirmActions
        label={amount ? `Refund ${formatPeso(amount)}` : 'Refund'}
        busyLabel="Refunding…"
        busy={mut.isPending}
        disabled={!ready}
        variant="danger"
        testId="refund-confirm"
        onCancel={onClose}
      />
    </Modal>
  );
}
