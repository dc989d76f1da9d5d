import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import { priceTransaction } from '../../core/pricing';
import { sumFigures, zeroFigures, type TaxFigures } from '../../core/tax';
import { ReceiptSettings } from '../../shared/receipts';
import type { ScPwdDiscount, TransactionLineInput } from '../../shared/index';
import { Money } from '../components/ui';
import { get } from '../lib/api';
import { HolderFields } from './HolderFields';
import { LineEditor } from './LineEditor';
import { blankHolder, holderFrom, holderReady, saleDiscountOf, useDraftLines, type DraftHolder, type DraftLine } from './lines';

const ReceiptSettingsResponse = z.object({ settings: ReceiptSettings });

/** Whether the store is VAT-registered (receipt setting): it decides how lines are priced. */
function useVatRegistered(): boolean {
  const q = useQuery({ queryKey: ['receipt-settings'], queryFn: () => get('/api/v1/receipt-settings', ReceiptSettingsResponse), staleTime: 60_000 });
  return q.data?.settings.vatRegistered ?? true;
}

export interface Preview {
  figures: TaxFigures;
  /** Why the hub would refuse these lines (a shared line with a promo, say), or null. */
  problem: string | null;
}

/** The figures the hub will compute, with the same core function (src/core/pricing.ts). */
function preview(lines: TransactionLineInput[], discount: ScPwdDiscount | null, vatRegistered: boolean): Preview {
  if (lines.length === 0) return { figures: zeroFigures(), problem: null };
  try {
    return { figures: sumFigures(priceTransaction(lines, discount?.kind ?? null, { vatRegistered }).lines.map((l) => l.tax)), problem: null };
  } catch (e) {
    return { figures: zeroFigures(), problem: e instanceof DomainError ? e.message : 'These lines cannot be priced.' };
  }
}

/**
 * What the new-transaction form and the edit form share: the lines, the whole sale's
 * senior/PWD discount, the due date and notes, and the discount and VAT breakdown before
 * saving.
 */
export function useTransactionFields(initial?: { lines: () => DraftLine[]; discount: ScPwdDiscount | null; dueDate: string; notes: string }) {
  const draft = useDraftLines(initial?.lines);
  const [saleHolder, setSaleHolder] = useState<DraftHolder | null>(() => holderFrom(initial?.discount ?? null));
  const [dueDate, setDueDate] = useState(initial?.dueDate ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const vatRegistered = useVatRegistered();
  const lines = draft.toRequest();
  const discount = saleDiscountOf(saleHolder);
  const priced = preview(lines, discount, vatRegistered);
  const ready = draft.ready && (saleHolder === null || holderReady(saleHolder, false)) && priced.problem === null && priced.figures.amount > 0;
  const reset = () => {
    draft.reset();
    setSaleHolder(null);
    setDueDate('');
    setNotes('');
  };
  return { draft, lines, discount, saleHolder, setSaleHolder, dueDate, setDueDate, notes, setNotes, vatRegistered, priced, ready, reset };
}
export type TransactionFieldsState = ReturnType<typeof useTransactionFields>;

export function TransactionFields({ f, autoFocusFirst }: { f: TransactionFieldsState; autoFocusFirst?: boolean }) {
  const lineHolders = f.draft.lines.some((l) => l.holder);
  return (
    <>
      <LineEditor draft={f.draft} autoFocusFirst={autoFocusFirst} saleDiscount={f.saleHolder !== null} />
      <div className="sale-discount">
        <label className="inline check-label">
          <input
            type="checkbox"
            checked={f.saleHolder !== null}
            disabled={lineHolders}
            onChange={(e) => f.setSaleHolder(e.target.checked ? blankHolder(false) : null)}
            data-testid="sale-discount"
          />
          Whole sale for a senior citizen / PWD (every line 20% off, VAT-exempt)
        </label>
        {lineHolders && <span className="muted small">Lines have their own senior/PWD discount.</span>}
        {f.saleHolder && <HolderFields holder={f.saleHolder} label="Sale" withShare={false} onChange={f.setSaleHolder} />}
      </div>
      <div className="form-row">
        <label>
          Due date (optional)
          <input type="date" value={f.dueDate} onChange={(e) => f.setDueDate(e.target.value)} />
        </label>
        <label className="grow">
          Notes (optional)
          <input value={f.notes} onChange={(e) => f.setNotes(e.target.value)} placeholder="Pick-up Friday, rush" />
        </label>
      </div>
      <Breakdown figures={f.priced.figures} vatRegistered={f.vatRegistered} />
      {f.priced.problem && (
        <p className="hint" role="status">
          {f.priced.problem}
        </p>
      )}
    </>
  );
}

/** The discount and VAT breakdown the receipt will show, before anything is saved. */
function Breakdown({ figures: t, vatRegistered }: { figures: TaxFigures; vatRegistered: boolean }) {
  const rows: [string, number, string][] = vatRegistered
    ? [
        ['VATable sales', t.vatableSales, 'vatable'],
        ['VAT (12%)', t.vatAmount, 'vat'],
        ['VAT-exempt sales', t.vatExemptSales, 'exempt'],
        ['Zero-rated sales', t.zeroRatedSales, 'zero-rated'],
      ]
    : [['Sales (non-VAT store)', t.vatExemptSales + t.vatableSales + t.vatAmount + t.zeroRatedSales, 'sales']];
  if (t.vatAdjustment) rows.push(['VAT removed (SC/PWD exempt)', -t.vatAdjustment, 'vat-adjustment']);
  if (t.seniorDiscount) rows.push(['Less senior discount (20%)', -t.seniorDiscount, 'senior']);
  if (t.pwdDiscount) rows.push(['Less PWD discount (20%)', -t.pwdDiscount, 'pwd']);
  if (t.promoDiscount) rows.push(['Less promo', -t.promoDiscount, 'promo']);
  return (
    <dl className="breakdown" aria-label="Discount and VAT breakdown" data-testid="breakdown">
      <div>
        <dt>Price before discounts</dt>
        <dd>
          <Money value={t.gross} />
        </dd>
      </div>
      {rows.map(([label, value, id]) => (
        <div key={id} data-testid={`breakdown-${id}`}>
          <dt>{label}</dt>
          <dd>
            <Money value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
