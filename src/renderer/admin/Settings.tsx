import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { StoreSettings, StoreSettingsResponse } from '../../shared/backoffice';
import { Text } from '../../shared/text';
import { ErrorBox, PesoInput, Spinner } from '../components/ui';
import { put } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { STRATEGY_LABEL } from '../lib/format';
import { keys } from '../lib/query';
import { useRegisters } from '../lib/registers';
import { ReceiptSettingsResponse, useReceiptSettings, useStoreSettings } from '../lib/settings';
import { refreshSetup } from '../lib/setup';
import { settingsInputId, type SetupTarget } from './setup/target';

/** The store settings and, from the receipt header, the registered name (the BIR's, beside the trade name). */
type Draft = StoreSettings & { registeredName: string };
const Form = StoreSettings.extend({ registeredName: Text(0, 120) });

/** Beside a BIR field left empty: why it matters (the setup checklist lists the same). */
function Missing({ value }: { value: string }) {
  return value.trim() === '' ? <span className="field-missing"> · required before Sales Invoices and Z-readings</span> : null;
}

/**
 * The store's registration (name, registered name, TIN, address: printed on every Sales
 * Invoice and Z), when a sale's Sales Invoice is issued and by which register, the
 * collection receipts' OR prefix, default allocation, credit alert, paid-out approval limit.
 * `focus`: the field the setup checklist sent the admin to.
 */
export function Settings({ focus }: { focus: SetupTarget | null }) {
  const qc = useQueryClient();
  const current = useStoreSettings();
  const receipt = useReceiptSettings();
  const registers = useRegisters();
  const [draft, setDraft] = useState<Draft | null>(null);
  // An emptied or unreadable amount keeps the last good value in the draft and blocks saving.
  const [limitInvalid, setLimitInvalid] = useState(false);
  useEffect(() => {
    if (current.data && receipt.data && !draft) setDraft({ ...current.data.settings, registeredName: receipt.data.settings.registeredName });
  }, [current.data, receipt.data, draft]);
  const ready = draft !== null;
  useEffect(() => {
    if (!ready || !focus) return;
    const el = document.getElementById(settingsInputId(focus.field));
    el?.scrollIntoView({ block: 'center' });
    el?.focus();
  }, [ready, focus]);
  const save = useMutation({
    // The registered name is a receipt setting; the rest (TIN and address included) are the store's.
    mutationFn: async ({ registeredName, ...store }: Draft) => {
      const res = await put('/api/v1/backoffice/settings', store, StoreSettingsResponse);
      const header = await put('/api/v1/receipt-settings', { registeredName }, ReceiptSettingsResponse);
      return { res, header };
    },
    onSuccess: ({ res, header }) => {
      qc.setQueryData(keys.settings, res);
      qc.setQueryData(keys.receiptSettings, header);
      setDraft({ ...res.settings, registeredName: header.settings.registeredName });
    },
    onSettled: () => refreshSetup(qc),
  });
  const failed = current.isError ? current.error : receipt.isError ? receipt.error : null;
  if (!draft) return failed ? <ErrorBox error={failed} /> : <Spinner />;
  const parsed = Form.safeParse(draft);
  const issue = parsed.success ? null : parsed.error.issues[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed.success && !limitInvalid) save.mutate(parsed.data);
  };
  const active = (registers.data?.items ?? []).filter((r) => r.active || r.id === draft.invoiceRegisterId);
  return (
    <section className="panel narrow">
      <h2>Store settings</h2>
      <form className="stack" onSubmit={submit} data-testid="settings-form">
        <fieldset className="settings-group">
          <legend>Registration (printed on every Sales Invoice and Z-reading)</legend>
          <label>
            Store name (printed on receipts)
            <input value={draft.storeName} onChange={(e) => setDraft({ ...draft, storeName: e.target.value })} />
          </label>
          <label htmlFor={settingsInputId('registeredName')}>
            <span>
              Registered name (as on the BIR certificate)
              <Missing value={draft.registeredName} />
            </span>
            <input
              id={settingsInputId('registeredName')}
              value={draft.registeredName}
              placeholder="Dela Rosa Trading"
              onChange={(e) => setDraft({ ...draft, registeredName: e.target.value })}
              data-testid="settings-registered-name"
            />
          </label>
          <label htmlFor={settingsInputId('tin')}>
            <span>
              TIN
              <Missing value={draft.tin} />
            </span>
            <input
              id={settingsInputId('tin')}
              aria-label="TIN"
              value={draft.tin}
              placeholder="123-456-789-00000"
              onChange={(e) => setDraft({ ...draft, tin: e.target.value })}
              data-testid="settings-tin"
            />
          </label>
          <label htmlFor={settingsInputId('address')}>
            <span>
              Registered address
              <Missing value={draft.address} />
            </span>
            <input
              id={settingsInputId('address')}
              value={draft.address}
              onChange={(e) => setDraft({ ...draft, address: e.target.value })}
              data-testid="settings-address"
            />
          </label>
        </fieldset>
        <fieldset className="settings-group">
          <legend>Sales Invoices and collection receipts</legend>
          <label>
            Sales Invoice issued
            <select value={draft.invoiceAt} onChange={(e) => setDraft({ ...draft, invoiceAt: e.target.value as Draft['invoiceAt'] })} data-testid="settings-invoice-at">
              <option value="sale">When the sale is written</option>
              <option value="full_payment">When it is paid in full</option>
            </select>
            <span className="muted small field-note" data-testid="invoice-at-rule">
              {draft.invoiceAt === 'sale'
                ? 'Every sale gets its Sales Invoice (and its VAT counts) the day it is written; payments against it get collection receipts.'
                : 'A sale gets its Sales Invoice when the customer has paid it in full (or claims the order); until then payments get collection receipts.'}
            </span>
          </label>
          <label>
            Register that invoices sales written at the sales desk
            <select
              value={draft.invoiceRegisterId}
              onChange={(e) => setDraft({ ...draft, invoiceRegisterId: e.target.value })}
              disabled={!registers.data}
              data-testid="settings-invoice-register"
            >
              {!registers.data && <option value={draft.invoiceRegisterId}>Loading registers…</option>}
              {active.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.code} · {r.name}
                  {r.active ? '' : ' (inactive)'}
                </option>
              ))}
            </select>
            <span className="muted small field-note">Its Sales Invoice series numbers them. A cashier’s own payments are numbered by the register of their shift.</span>
          </label>
          <label>
            Collection receipt (OR) prefix (the counter continues; numbers are never reused)
            <input value={draft.orPrefix} onChange={(e) => setDraft({ ...draft, orPrefix: e.target.value.toUpperCase() })} />
          </label>
        </fieldset>
        <fieldset className="settings-group">
          <legend>Counter</legend>
          <label>
            Default allocation at the counter
            <select
              value={draft.defaultAllocation}
              onChange={(e) => setDraft({ ...draft, defaultAllocation: e.target.value as StoreSettings['defaultAllocation'] })}
            >
              {(['oldest_first', 'largest_first'] as const).map((s) => (
                <option key={s} value={s}>
                  {STRATEGY_LABEL[s]}
                </option>
              ))}
            </select>
            <span className="muted small field-note" data-testid="allocation-rule">
              {draft.defaultAllocation === 'oldest_first'
                ? 'The earliest due date is paid first, then job orders with no due date; among equals, the oldest first.'
                : 'The biggest balance is paid first; among equals, the earliest due date.'}
            </span>
          </label>
          <label>
            Credit alert at (% of a customer’s limit)
            <input
              type="number"
              min={1}
              max={100}
              value={draft.creditAlertPercent}
              onChange={(e) => setDraft({ ...draft, creditAlertPercent: Number(e.target.value) })}
            />
          </label>
          <label>
            Paid-outs above this need an admin’s approval (₱0.00: every paid-out does)
            <PesoInput
              value={draft.paidOutApprovalLimit}
              onChange={(c) => {
                setLimitInvalid(c === null);
                if (c !== null) setDraft({ ...draft, paidOutApprovalLimit: c });
              }}
              ariaLabel="Paid-out approval limit"
              testId="settings-paid-out-limit"
            />
          </label>
        </fieldset>
        {issue && <div className="hint">Check {issue.path.join('.')}: {issue.message}</div>}
        {limitInvalid && <div className="hint">Enter the paid-out approval limit in pesos, e.g. 1000.00.</div>}
        {save.isError && <div className="error-box">{friendlyError(save.error)}</div>}
        {save.isSuccess && <div className="notice">Saved.</div>}
        <button type="submit" className="btn btn-primary" disabled={!parsed.success || limitInvalid || save.isPending} data-testid="settings-save">
          Save settings
        </button>
      </form>
    </section>
  );
}
