import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { StoreSettings, StoreSettingsResponse } from '../../shared/backoffice';
import { ErrorBox, PesoInput, Spinner } from '../components/ui';
import { put } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { STRATEGY_LABEL } from '../lib/format';
import { keys } from '../lib/query';
import { useStoreSettings } from '../lib/settings';

/** Store name, TIN and address for receipts; OR prefix; default allocation; credit alert; paid-out approval limit. */
export function Settings() {
  const qc = useQueryClient();
  const current = useStoreSettings();
  const [draft, setDraft] = useState<StoreSettings | null>(null);
  // An emptied or unreadable amount keeps the last good value in the draft and blocks saving.
  const [limitInvalid, setLimitInvalid] = useState(false);
  useEffect(() => {
    if (current.data && !draft) setDraft(current.data.settings);
  }, [current.data, draft]);
  const save = useMutation({
    mutationFn: (s: StoreSettings) => put('/api/v1/backoffice/settings', s, StoreSettingsResponse),
    onSuccess: (res) => {
      qc.setQueryData(keys.settings, res);
      setDraft(res.settings);
    },
  });
  if (current.isPending || !draft) return current.isError ? <ErrorBox error={current.error} /> : <Spinner />;
  const parsed = StoreSettings.safeParse(draft);
  const issue = parsed.success ? null : parsed.error.issues[0];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parsed.success && !limitInvalid) save.mutate(parsed.data);
  };
  return (
    <section className="panel narrow">
      <h2>Store settings</h2>
      <form className="stack" onSubmit={submit} data-testid="settings-form">
        <label>
          Store name (printed on receipts)
          <input value={draft.storeName} onChange={(e) => setDraft({ ...draft, storeName: e.target.value })} />
        </label>
        <label>
          TIN
          <input value={draft.tin} placeholder="123-456-789-00000" onChange={(e) => setDraft({ ...draft, tin: e.target.value })} />
        </label>
        <label>
          Address
          <input value={draft.address} onChange={(e) => setDraft({ ...draft, address: e.target.value })} />
        </label>
        <label>
          OR prefix (the counter continues; numbers are never reused)
          <input value={draft.orPrefix} onChange={(e) => setDraft({ ...draft, orPrefix: e.target.value.toUpperCase() })} />
        </label>
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
        {issue && <div className="hint">Check {issue.path.join('.')}: {issue.message}</div>}
        {limitInvalid && <div className="hint">Enter the paid-out approval limit in pesos, e.g. 1000.00.</div>}
        {save.isError && <div className="error-box">{friendlyError(save.error)}</div>}
        {save.isSuccess && <div className="notice">Saved.</div>}
        <button type="submit" className="btn btn-primary" disabled={!parsed.success || limitInvalid || save.isPending}>
          Save settings
        </button>
      </form>
    </section>
  );
}
