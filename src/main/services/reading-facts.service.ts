import { DomainError } from '../../core/errors.js';
import { addFigures, attributeShare, figuresOfLines, refundShare, TAX_FIGURE_KEYS, zeroFigures, type TaxFigures } from '../../core/tax.js';
import type { NewFact } from '../db/readings.queries.js';
import type { SettlementRow } from '../db/settlements.queries.js';
import { businessDateOf } from '../../core/readings.js';
import { buildReceipt, receiptFrom } from '../receipts/receipt-data.js';
import { receiptSettingsFromRaw } from '../receipts/settings.js';
import type { JournalService } from './journal.service.js';
import type { ReadingsService } from './readings.service.js';
import type { SettledContext, SettlementHooks } from './settlements.service.js';
import type { StoreDb } from '../db/store-db.js';
import type { Actor } from './access.js';

function negate(f: TaxFigures): TaxFigures {
  const out = zeroFigures();
  for (const k of TAX_FIGURE_KEYS) out[k] = -f[k];
  return out;
}

/**
 * The sales book behind receipts and readings. Hooked into every settlement, void and
 * reprint, inside the same SQLite transaction, it records:
 * - per allocation, the payment's share of the transaction's VAT figures (attributeShare);
 * - one reading fact per receipt and per void, with its business date and shift;
 * - the e-journal entry (the receipt as issued, the void, the reprint).
 * A failure here rolls the settlement back: there is no receipt without its journal line.
 */
export interface ReadingFactsDeps {
  journal: Pick<JournalService, 'append'>;
  readings: Pick<ReadingsService, 'businessDateFor'>;
}

/** The SC and PWD parts of a fact's VAT adjustment, where its discounts are all of one kind (else "other"). */
function adjustmentSplit(f: TaxFigures): { vatAdjSenior: number; vatAdjPwd: number } {
  if (f.seniorDiscount !== 0 && f.pwdDiscount === 0) return { vatAdjSenior: f.vatAdjustment, vatAdjPwd: 0 };
  if (f.pwdDiscount !== 0 && f.seniorDiscount === 0) return { vatAdjSenior: 0, vatAdjPwd: f.vatAdjustment };
  return { vatAdjSenior: 0, vatAdjPwd: 0 };
}

export class ReadingFactsService {
  constructor(
    private readonly store: StoreDb,
    private readonly deps: ReadingFactsDeps,
  ) {}

  /** What every settlement, void and reprint records here, in its own SQLite transaction (wired in services/index.ts). */
  readonly settlementHooks: SettlementHooks = {
    afterSettle: (ctx) => this.recordSale(ctx),
    beforeVoid: ({ settlementId }) => {
      if (this.store.q.refunds.refundedAmount(settlementId) > 0) {
        throw new DomainError('conflict', 'Money was refunded on this receipt; it can no longer be voided.', { settlementId });
      }
    },
    afterVoid: ({ settlementId, actor }) => this.recordVoid(settlementId, actor),
    afterReprint: ({ settlementId, actor }) => this.recordReprint(settlementId, actor),
  };

  /**
   * Share of a transaction's VAT figures carried by a payment of `amount` on it;
   * `paidBefore` is its paid amount before this payment.
   */
  attribute(settlementId: string, transactionId: string, paidBefore: number, amount: number): TaxFigures {
    const q = this.store.q.readings;
    // Nothing paid before means no live payment share yet: skip the query (the till's hot path).
    const soFar = paidBefore === 0 ? zeroFigures() : q.taxSoFar(transactionId);
    const share = attributeShare(figuresOfLines(this.store.q.transactions.lines(transactionId)), soFar, paidBefore, amount);
    q.insertTax(settlementId, transactionId, 'payment', null, share);
    return share;
  }

  /** The (negative) share of one allocation's payment share that a refund of `amount` on it reverses. */
  attributeRefund(settlementId: string, transactionId: string, amount: number, refundId: string): TaxFigures {
    const q = this.store.q.readings;
    const earlier = negate(q.taxOfAllocationRefunds(settlementId, transactionId));
    const share = refundShare(q.taxOfAllocationPayments(settlementId, transactionId), earlier, earlier.amount, amount);
    q.insertTax(settlementId, transactionId, 'refund', refundId, share);
    return share;
  }

  /** Works from what settle just wrote (ctx), without reading it back: this is the till's hot path. */
  private recordSale({ settlementId, row, allocations, customerName }: SettledContext): void {
    const q = this.store.q;
    // The receipt settings are read once for both the business date and the receipt, in the
    // same statement as the last Z date and the cashier's name.
    const context = q.readings.saleContext(row.register_id, row.cashier_id);
    const settings = receiptSettingsFromRaw(context.settingsRaw, this.store.storeId);
    const businessDate = businessDateOf(row.created_at, context.lastZDate, settings.tzOffsetMinutes);
    let figures = zeroFigures();
    const shares = new Map<string, TaxFigures>();
    for (const a of allocations) {
      // The transaction's paid amount already includes this allocation. Every payment's
      // share is recorded (a refund reverses its part of the VAT), but it counts in the
      // reading only for a sale written before invoices: an invoiced sale's VAT is its
      // invoice's, recognised on the day the invoice was issued (EOPT).
      const share = this.attribute(settlementId, a.transaction.id, a.transaction.paid_amount - a.amount, a.amount);
      shares.set(a.transaction.id, share);
      if (a.transaction.vat_on_invoice !== 1) figures = addFigures(figures, share);
    }
    q.readings.insertFact(
      this.fact(row, 'sale', figures, row.amount, row.credit_kept, row.credit_used, row.shift_id, row.created_at, null, row.tender_method, businessDate),
    );
    const receipt = receiptFrom(
      this.store,
      {
        row,
        allocations: allocations.map((a) => ({ transaction: a.transaction, amount: a.amount, vat: shares.get(a.transaction.id)! })),
        refunds: [],
        customerName,
        cashierName: context.cashierName,
        register: context.register,
      },
      { settings },
    );
    this.deps.journal.append('receipt', settlementId, receipt);
  }

  /**
   * A void is deducted on the business day it happens (an earlier Z never changes), and
   * from the receipt's shift only while that shift is open: a closed shift's figures are
   * what its cashier was accountable for at the close.
   */
  private recordVoid(settlementId: string, actor: Actor): void {
    const q = this.store.q;
    const row = q.settlements.get(settlementId)!;
    const sale = q.readings.saleFact(settlementId);
    if (sale) {
      const shift = sale.shift_id ? q.shifts.get(sale.shift_id) : undefined;
      const shiftId = shift?.status === 'open' ? shift.id : null;
      const at = row.voided_at!;
      q.readings.insertFact(this.fact(row, 'void', negate(sale), -sale.collected, -sale.credit_kept, -sale.credit_used, shiftId, at));
    }
    this.deps.journal.append('void', settlementId, {
      number: row.or_number,
      amount: row.amount,
      tender: row.tender_method,
      reason: row.void_reason,
      voidedBy: actor.id,
      voidedAt: row.voided_at,
      issuedAt: row.created_at,
    });
  }

  private recordReprint(settlementId: string, actor: Actor | null): void {
    const receipt = buildReceipt(this.store, settlementId, { reprint: true });
    this.deps.journal.append('reprint', settlementId, {
      number: receipt.number,
      reprintCount: receipt.reprintCount,
      reprintedBy: actor?.id ?? null,
      status: receipt.status,
    });
  }

  fact(
    row: SettlementRow,
    kind: NewFact['kind'],
    figures: TaxFigures,
    collected: number,
    creditKept: number,
    creditUsed: number,
    shiftId: string | null,
    at: string,
    refundId: string | null = null,
    method = row.tender_method,
    businessDate?: string,
  ): NewFact {
    // Written out rather than { ...figures, kind, … }: on Node 20's V8 a spread followed by
    // a dozen more properties costs some 15 µs, more than the insert itself.
    const split = adjustmentSplit(figures);
    return {
      amount: figures.amount,
      gross: figures.gross,
      vatableSales: figures.vatableSales,
      vatAmount: figures.vatAmount,
      vatExemptSales: figures.vatExemptSales,
      zeroRatedSales: figures.zeroRatedSales,
      seniorDiscount: figures.seniorDiscount,
      pwdDiscount: figures.pwdDiscount,
      promoDiscount: figures.promoDiscount,
      vatAdjustment: figures.vatAdjustment,
      vatAdjSenior: split.vatAdjSenior,
      vatAdjPwd: split.vatAdjPwd,
      kind,
      register_id: row.register_id,
      document: row.document_type === 'sales_invoice' ? 'si' : 'or',
      settlement_id: row.id,
      transaction_id: null,
      refund_id: refundId,
      or_number: row.or_number,
      or_counter: row.or_counter,
      business_date: businessDate ?? this.deps.readings.businessDateFor(at, row.register_id),
      shift_id: shiftId,
      tender_method: method as NewFact['tender_method'],
      collected,
      credit_kept: creditKept,
      credit_used: creditUsed,
      created_at: at,
    };
  }
}
