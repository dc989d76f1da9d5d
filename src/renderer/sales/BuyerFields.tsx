import { BUYER_DETAILS_THRESHOLD } from '../../shared/transactions';
import { formatPeso } from '../lib/format';
import { asksForBuyer, blankBuyer, buyerProblems, type DraftBuyer } from './buyer';

/**
 * "Business buyer / invoice to a company": the name, address and TIN printed on the Sales
 * Invoice (RR 16-2018). From ₱1,000 the desk asks whether the buyer is a business; once
 * ticked with a TIN, or at ₱1,000 or more, all three are required.
 */
export function BuyerFields({ buyer, total, onChange }: { buyer: DraftBuyer | null; total: number; onChange: (b: DraftBuyer | null) => void }) {
  const problems = buyer ? buyerProblems(buyer, total) : [];
  const bad = (f: keyof DraftBuyer) => problems.some((p) => p.field === f);
  const needFull = !!buyer && (buyer.tin.trim() !== '' || total >= BUYER_DETAILS_THRESHOLD);
  const set = (patch: Partial<DraftBuyer>) => buyer && onChange({ ...buyer, ...patch });
  return (
    <div className="buyer-fields">
      <label className="inline check-label">
        <input type="checkbox" checked={buyer !== null} onChange={(e) => onChange(e.target.checked ? blankBuyer() : null)} data-testid="business-buyer" />
        Business buyer / invoice to a company
      </label>
      {!buyer && asksForBuyer(total) && (
        <p className="hint" role="status" data-testid="buyer-ask">
          {formatPeso(BUYER_DETAILS_THRESHOLD)} or more: if the buyer is a business, tick the box — its name, address and TIN go on the Sales Invoice.
        </p>
      )}
      {buyer && (
        <div role="group" aria-label="Buyer on the invoice">
          <div className="form-row">
            <label className="grow">
              Registered name
              <input value={buyer.name} onChange={(e) => set({ name: e.target.value })} aria-invalid={bad('name')} maxLength={120} data-testid="buyer-name" autoFocus />
            </label>
            <label>
              TIN{needFull ? '' : ' (optional)'}
              <input value={buyer.tin} onChange={(e) => set({ tin: e.target.value })} aria-invalid={bad('tin')} placeholder="123-456-789-00000" inputMode="numeric" maxLength={30} data-testid="buyer-tin" />
            </label>
          </div>
          <div className="form-row">
            <label className="grow">
              Business address{needFull ? '' : ' (optional)'}
              <input value={buyer.address} onChange={(e) => set({ address: e.target.value })} aria-invalid={bad('address')} maxLength={300} data-testid="buyer-address" />
            </label>
          </div>
          {problems.length > 0 && (
            <p className="hint" role="status" data-testid="buyer-problem">
              {problems[0]!.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
