import { DomainError } from '../../core/errors.js';
import { formatOrNumber } from '../../core/or-number.js';
import { Id } from '../../shared/common.js';
import type { ReceiptData } from '../../shared/receipts.js';
import type { SetupStatus } from '../../shared/setup.js';
import type { NewFact } from '../db/readings.queries.js';
import type { RegisterRow } from '../db/registers.queries.js';
import type { StoreDb } from '../db/store-db.js';
import type { LineRow, TransactionRow } from '../db/transactions.queries.js';
import { invoiceDocument } from '../receipts/receipt-data.js';
import { figuresOfLines } from '../../core/tax.js';
import { receiptSettingsFromRaw } from '../receipts/settings.js';
import { requireRole, type Actor } from './access.js';
import { readInvoiceSettings, requireSetup, setupStatus, type InvoiceSettings } from './invoice-settings.js';
import type { JournalService } from './journal.service.js';
import { parseInput } from './validate.js';

export interface InvoiceDeps {
  journal: Pick<JournalService, 'append' | 'forRef'>;
  readings: { businessDateFor(at: string, registerId: string): string };
}

/**
 * Sales Invoices (domain.md "Registers (machines) and documents"; EOPT): exactly one per
 * sale, numbered from the issuing register's SI series inside the SQLite transaction that
 * writes the sale (or the payment that pays it in full, store setting `invoiceAt`), with
 * the sale's VAT recognised on it: one reading fact of kind `invoice` on the issuing
 * register's business day, and the document as issued in the e-journal. Cancelling a
 * sale (or editing it, which cancels and issues the next number) writes the matching void.
 */
export class InvoiceService {
  constructor(
    private readonly store: StoreDb,
    private readonly deps: InvoiceDeps,
  ) {}

  settings(): InvoiceSettings {
    return readInvoiceSettings(this.store.q.settings);
  }

  /** `GET /setup`: what the store and its active registers still lack for the BIR. */
  setup(): SetupStatus {
    const q = this.store.q;
    const receipt = receiptSettingsFromRaw(q.readings.receiptSettingsRaw(), this.store.storeId);
    return setupStatus(receipt, q.registers.all().filter((r) => r.active === 1));
  }

  /** The register a sale is invoiced at: the request's, else the store's invoicing register (active, else 422). */
  invoicingRegister(registerId: string | undefined): RegisterRow {
    const id = registerId ?? this.settings().invoiceRegisterId;
    const r = this.store.q.registers.get(id);
    if (!r || r.active !== 1) {
      throw new DomainError('unknown_register', r ? `Register ${r.code} is inactive; invoice the sale at another one.` : 'There is no such register.', { registerId: id });
    }
    return r;
  }

  /**
   * Issues the sale's Sales Invoice at `register`, inside the caller's write: the next
   * SI number (a rollback un-burns it), the invoice fact, the e-journal copy. Returns the
   * row as it now is. 422 `setup_incomplete` until the store and the register are set up.
   */
  issue(tx: TransactionRow, lines: readonly LineRow[], register: RegisterRow, at: string, shiftId: string | null): TransactionRow {
    const q = this.store.q;
    requireSetup(receiptSettingsFromRaw(q.readings.receiptSettingsRaw(), this.store.storeId), register, 'A Sales Invoice');
    const series = q.registers.next(register.id, 'si', tx.total_amount);
    const number = formatOrNumber(series.prefix, series.last_number);
    q.transactions.setInvoice({ id: tx.id, register_id: register.id, number, counter: series.last_number, issued_at: at });
    const issued: TransactionRow = {
      ...tx,
      invoice_register_id: register.id,
      invoice_number: number,
      invoice_counter: series.last_number,
      invoice_issued_at: at,
    };
    const f = figuresOfLines(lines);
    let senior = 0;
    let pwd = 0;
    for (const l of lines) {
      if (l.discount_kind === 'senior') senior += l.vat_adjustment;
      else if (l.discount_kind === 'pwd') pwd += l.vat_adjustment;
    }
    q.readings.insertFact({
      ...f,
      kind: 'invoice',
      register_id: register.id,
      document: 'si',
      settlement_id: null,
      transaction_id: tx.id,
      refund_id: null,
      or_number: number,
      or_counter: series.last_number,
      business_date: this.deps.readings.businessDateFor(at, register.id),
      shift_id: shiftId,
      tender_method: null,
      collected: 0,
      credit_kept: 0,
      credit_used: 0,
      vatAdjSenior: senior,
      vatAdjPwd: pwd,
      created_at: at,
    });
    this.deps.journal.append('receipt', tx.id, invoiceDocument(this.store, issued));
    return issued;
  }

  /**
   * Cancels the sale's live Sales Invoice (a void of the sale, or an edit that reissues it):
   * a void fact on the issuing register's business day of `at`, and the e-journal's void.
   */
  cancel(tx: TransactionRow, at: string, actor: Actor, reason: string): void {
    if (!tx.invoice_number || !tx.invoice_register_id) return;
    const q = this.store.q;
    const fact = q.readings.invoiceFact(tx.id, tx.invoice_number);
    if (fact) {
      const negated: NewFact = {
        ...fact,
        kind: 'void',
        amount: -fact.amount,
        gross: -fact.gross,
        vatableSales: -fact.vatableSales,
        vatAmount: -fact.vatAmount,
        vatExemptSales: -fact.vatExemptSales,
        zeroRatedSales: -fact.zeroRatedSales,
        seniorDiscount: -fact.seniorDiscount,
        pwdDiscount: -fact.pwdDiscount,
        promoDiscount: -fact.promoDiscount,
        vatAdjustment: -fact.vatAdjustment,
        vatAdjSenior: -fact.vatAdjSenior,
        vatAdjPwd: -fact.vatAdjPwd,
        business_date: this.deps.readings.businessDateFor(at, tx.invoice_register_id),
        shift_id: null,
        created_at: at,
      };
      q.readings.insertFact(negated);
    }
    this.deps.journal.append('void', tx.id, {
      number: tx.invoice_number,
      documentType: 'SI',
      amount: tx.total_amount,
      reason,
      voidedBy: actor.id,
      voidedAt: at,
      issuedAt: tx.invoice_issued_at,
    });
  }

  /**
   * `GET /transactions/:id/invoice`: the sale's Sales Invoice as issued (the e-journal's
   * copy), marked VOID once the sale is cancelled; `reprint` counts nothing here — a
   * reprint is journalled by `reprint`.
   */
  document(transactionId: unknown, actor: Actor, opts: { reprint?: boolean } = {}): ReceiptData {
    const id = parseInput(Id, transactionId, 'transaction id');
    requireRole(actor, ['sales', 'cashier', 'admin'], 'print Sales Invoices');
    const tx = this.store.q.transactions.get(id);
    if (!tx) throw new DomainError('not_found', 'No such transaction.');
    if (!tx.invoice_number) throw new DomainError('not_found', 'This sale has no Sales Invoice yet.');
    const issued = this.deps.journal
      .forRef(id)
      .filter((e) => e.kind === 'receipt')
      .map((e) => e.body as ReceiptData)
      .filter((b) => b.number === tx.invoice_number)
      .pop();
    const base = issued ?? invoiceDocument(this.store, tx);
    const reprints = this.deps.journal.forRef(id).filter((e) => e.kind === 'reprint' && (e.body as { number?: string }).number === tx.invoice_number).length;
    return {
      ...base,
      status: tx.voided ? 'void' : 'posted',
      voidReason: tx.voided ? tx.void_reason : null,
      reprint: opts.reprint ?? false,
      reprintCount: reprints,
    };
  }

  /**
   * `POST /transactions/:id/invoice/print`: the SI's original the first time (recorded: a
   * payment of the whole sale is then a collection receipt, not the SI again), else a reprint.
   */
  print(transactionId: unknown, actor: Actor): ReceiptData {
    const id = parseInput(Id, transactionId, 'transaction id');
    return this.store.write(() => {
      const current = this.document(id, actor);
      if (this.store.q.transactions.markInvoicePrinted(id, this.store.now())) return current;
      return this.reprint(id, actor);
    });
  }

  /** `POST /transactions/:id/invoice/reprint`: journals the reprint, answers the invoice marked REPRINT. */
  reprint(transactionId: unknown, actor: Actor): ReceiptData {
    const id = parseInput(Id, transactionId, 'transaction id');
    return this.store.write(() => {
      const current = this.document(id, actor);
      this.deps.journal.append('reprint', id, { number: current.number, reprintCount: current.reprintCount + 1, reprintedBy: actor.id, status: current.status });
      return { ...current, reprint: true, reprintCount: current.reprintCount + 1 };
    });
  }
}
