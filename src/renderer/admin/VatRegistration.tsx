import { useMutation, useQueryClient } from '@tanstack/react-query';
import { put } from '../lib/api';
import { friendlyError } from '../lib/errors';
import { keys } from '../lib/query';
import { ReceiptSettingsResponse, useReceiptSettings } from '../lib/settings';

/**
 * The store's VAT registration (receipt setting `vatRegistered`). A non-VAT store computes
 * no VAT, gives seniors/PWDs 20% of the price as charged, and prints "NON-VAT REG TIN"
 * and the input-tax notice (domain.md). Sales already written keep their figures.
 */
export function VatRegistration() {
  const qc = useQueryClient();
  const current = useReceiptSettings();
  const save = useMutation({
    mutationFn: (vatRegistered: boolean) => put('/api/v1/receipt-settings', { vatRegistered }, ReceiptSettingsResponse),
    onSuccess: (res) => qc.setQueryData(keys.receiptSettings, res),
  });
  const on = current.data?.settings.vatRegistered;
  return (
    <section className="panel narrow vat-registration" aria-label="VAT registration">
      <h2>VAT registration</h2>
      <label className="inline check-label">
        <input
          type="checkbox"
          checked={on ?? true}
          disabled={on === undefined || save.isPending}
          onChange={(e) => save.mutate(e.target.checked)}
          data-testid="vat-registered"
        />
        VAT-registered store (prices include 12% VAT)
      </label>
      <p className="muted small">
        {on === false
          ? 'Non-VAT: no VAT is computed; a senior’s or PWD’s 20% is of the price as charged; receipts print NON-VAT REG TIN and “not valid for claim of input tax”.'
          : 'VAT is split out of every vatable price; a senior’s or PWD’s 20% is of the VAT-exclusive price, VAT-exempt.'}{' '}
        Sales already written keep their figures.
      </p>
      {current.isError && <div className="error-box">{friendlyError(current.error)}</div>}
      {save.isError && <div className="error-box">{friendlyError(save.error)}</div>}
      {save.isSuccess && <div className="notice">Saved.</div>}
    </section>
  );
}
