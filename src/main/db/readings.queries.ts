import type { FactKind, FactRanges } from '../../core/readings.js';
import type { TaxFigures } from '../../core/tax.js';
import type { TenderMethod } from '../../shared/common.js';
import type { Db } from './connection.js';

/** Sums of the tax figure columns, aliased to TaxFigures' keys. */
const SUM_FIGURES = `coalesce(sum(amount), 0) AS amount, coalesce(sum(gross), 0) AS gross,
  coalesce(sum(vatable_sales), 0) AS vatableSales, coalesce(sum(vat_amount), 0) AS vatAmount,
  coalesce(sum(vat_exempt_sales), 0) AS vatExemptSales, coalesce(sum(zero_rated_sales), 0) AS zeroRatedSales,
  coalesce(sum(senior_discount), 0) AS seniorDiscount, coalesce(sum(pwd_discount), 0) AS pwdDiscount,
  coalesce(sum(promo_discount), 0) AS promoDiscount, coalesce(sum(vat_adjustment), 0) AS vatAdjustment`;
/** The same as SUM_FIGURES plus the SC and PWD parts of the VAT adjustment (reading facts only). */
const SUM_FACT_FIGURES = `${SUM_FIGURES}, coalesce(sum(vat_adj_senior), 0) AS vatAdjSenior, coalesce(sum(vat_adj_pwd), 0) AS vatAdjPwd`;

const FIGURE_COLUMNS = `amount, gross, vatable_sales, vat_amount, vat_exempt_sales, zero_rated_sales,
  senior_discount, pwd_discount, promo_discount, vat_adjustment`;
/** The receipt.* settings as `key=value` lines in key order (one text, parsed by receipts/settings.ts). */
const RECEIPT_SETTINGS_RAW = `(SELECT group_concat(key || '=' || value, char(10))
  FROM (SELECT key, value FROM settings WHERE key >= 'receipt.' AND key < 'receipt/' ORDER BY key))`;
/** One `?` per FIGURE_COLUMNS; the inserts below pass the figures in that order. */
const FIGURE_POSITIONS = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?';

export interface NewFact extends TaxFigures {
  kind: FactKind;
  register_id: string;
  /** 'si' when the document counted is a Sales Invoice (an invoice, or the payment that is one). */
  document: 'or' | 'si';
  settlement_id: string | null;
  transaction_id: string | null;
  refund_id: string | null;
  or_number: string;
  or_counter: number;
  business_date: string;
  shift_id: string | null;
  tender_method: TenderMethod | null;
  collected: number;
  credit_kept: number;
  credit_used: number;
  vatAdjSenior: number;
  vatAdjPwd: number;
  created_at: string;
}

export interface FactGroupRow extends TaxFigures {
  kind: FactKind;
  tender_method: TenderMethod | null;
  vatAdjSenior: number;
  vatAdjPwd: number;
  count: number;
  collected: number;
  credit_kept: number;
  credit_used: number;
}

export interface ReadingRow {
  rowid?: number;
  id: string;
  kind: 'x' | 'z';
  number: number;
  business_date: string | null;
  register_id: string | null;
  shift_id: string | null;
  taken_at: string;
  taken_by: string;
  body: string;
}

export interface ZStateRow {
  register_id: string;
  z_counter: number;
  reset_counter: number;
  grand_total: number;
  last_z_date: string | null;
}

export interface NewAllocationTax extends TaxFigures {
  settlement_id: string;
  transaction_id: string;
  kind: 'payment' | 'refund';
  refund_id: string | null;
}

/** Reading facts, tax attribution rows, stored readings and the Z accumulators. */
export function readingQueries(db: Db) {
  // Positional parameters on the two inserts every settlement makes (binding by name costs a
  // property lookup per parameter).
  const insertFact = db.prepare(
    `INSERT INTO reading_facts (kind, register_id, document, settlement_id, transaction_id, refund_id, or_number, or_counter,
       business_date, shift_id, tender_method, collected, credit_kept, credit_used, ${FIGURE_COLUMNS}, vat_adj_senior, vat_adj_pwd,
       created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${FIGURE_POSITIONS}, ?, ?, ?)`,
  );
  const saleFact = db.prepare<[string], NewFact>(
    `SELECT kind, register_id, document, settlement_id, transaction_id, refund_id, or_number, or_counter, business_date, shift_id,
       tender_method, collected, credit_kept, credit_used, amount, gross, vatable_sales AS vatableSales, vat_amount AS vatAmount,
       vat_exempt_sales AS vatExemptSales, zero_rated_sales AS zeroRatedSales, senior_discount AS seniorDiscount,
       pwd_discount AS pwdDiscount, promo_discount AS promoDiscount, vat_adjustment AS vatAdjustment,
       vat_adj_senior AS vatAdjSenior, vat_adj_pwd AS vatAdjPwd, created_at
     FROM reading_facts WHERE settlement_id = ? AND kind = 'sale'`,
  );
  // The live invoice fact of a sale (its issue not yet cancelled by a later void fact).
  const invoiceFact = db.prepare<[string, string], NewFact>(
    `SELECT kind, register_id, document, settlement_id, transaction_id, refund_id, or_number, or_counter, business_date, shift_id,
       tender_method, collected, credit_kept, credit_used, amount, gross, vatable_sales AS vatableSales, vat_amount AS vatAmount,
       vat_exempt_sales AS vatExemptSales, zero_rated_sales AS zeroRatedSales, senior_discount AS seniorDiscount,
       pwd_discount AS pwdDiscount, promo_discount AS promoDiscount, vat_adjustment AS vatAdjustment,
       vat_adj_senior AS vatAdjSenior, vat_adj_pwd AS vatAdjPwd, created_at
     FROM reading_facts WHERE transaction_id = ? AND kind = 'invoice' AND or_number = ?`,
  );
  const GROUP = `SELECT kind, tender_method, count(*) AS count, sum(collected) AS collected, sum(credit_kept) AS credit_kept,
         sum(credit_used) AS credit_used, ${SUM_FACT_FIGURES} FROM reading_facts`;
  const groupsByDay = db.prepare<[string, string], FactGroupRow>(`${GROUP} WHERE register_id = ? AND business_date = ? GROUP BY kind, tender_method`);
  // A shift's facts, and the invoices of the sales whose SI a payment of the shift was (an
  // invoice issued at the sales desk has no shift; the cashier printed it, so its X shows it).
  const groupsByShift = db.prepare<[string, string], FactGroupRow>(
    `SELECT kind, tender_method, count(*) AS count, sum(collected) AS collected, sum(credit_kept) AS credit_kept,
       sum(credit_used) AS credit_used, ${SUM_FACT_FIGURES}
     FROM (SELECT * FROM reading_facts WHERE shift_id = ?
           UNION ALL
           SELECT f.* FROM reading_facts f WHERE f.kind = 'invoice' AND f.shift_id IS NULL AND f.transaction_id IN (
             SELECT a.transaction_id FROM reading_facts sf JOIN allocations a ON a.settlement_id = sf.settlement_id
             WHERE sf.shift_id = ? AND sf.kind = 'sale' AND sf.document = 'si'))
     GROUP BY kind, tender_method`,
  );
  // First and last document number of a period: collection receipts (OR series), Sales
  // Invoices (invoice facts), voids and returns (in the order they happened).
  const DAY = 'register_id = ? AND business_date = ?';
  const edge = (where: string, what: string, order: string) =>
    db.prepare<unknown[], { or_number: string }>(`SELECT or_number FROM reading_facts WHERE ${where} AND ${what} ORDER BY ${order} LIMIT 1`);
  const ranges = (where: string) => ({
    or: [edge(where, "kind = 'sale' AND document = 'or'", 'or_counter ASC'), edge(where, "kind = 'sale' AND document = 'or'", 'or_counter DESC')],
    // Invoices issued, and SIs that are payments (in a shift's X, the cashier's SIs).
    si: [edge(where, "(kind = 'invoice' OR (kind = 'sale' AND document = 'si'))", 'or_counter ASC'), edge(where, "(kind = 'invoice' OR (kind = 'sale' AND document = 'si'))", 'or_counter DESC')],
    void: [edge(where, "kind = 'void'", 'id ASC'), edge(where, "kind = 'void'", 'id DESC')],
    refund: [edge(where, "kind = 'refund'", 'id ASC'), edge(where, "kind = 'refund'", 'id DESC')],
  });
  const dayRanges = ranges(DAY);
  const shiftRanges = ranges('shift_id = ?');
  const rangesOf = (r: ReturnType<typeof ranges>, args: unknown[]): FactRanges => {
    const pair = ([first, last]: typeof r.or) => ({ first: first!.get(...args)?.or_number ?? null, last: last!.get(...args)?.or_number ?? null });
    return { or: pair(r.or), si: pair(r.si), void: pair(r.void), refund: pair(r.refund) };
  };
  const earliestFactBetween = db.prepare<[string, string, string], { d: string | null }>(
    'SELECT min(business_date) AS d FROM reading_facts WHERE register_id = ? AND business_date > ? AND business_date < ?',
  );
  const registersTrading = db.prepare<[string], { register_id: string }>(
    'SELECT DISTINCT register_id FROM reading_facts WHERE business_date = ? ORDER BY register_id',
  );

  const insertTax = db.prepare(
    `INSERT INTO allocation_tax (settlement_id, transaction_id, kind, refund_id, ${FIGURE_COLUMNS})
     VALUES (?, ?, ?, ?, ${FIGURE_POSITIONS})`,
  );
  // What the live payments of a transaction already carry (refunds are returns of a
  // payment's share, not of the transaction's: they do not move its attribution).
  const taxSoFar = db.prepare<[string], TaxFigures>(
    `SELECT ${SUM_FIGURES} FROM allocation_tax t
     WHERE t.transaction_id = ? AND t.kind = 'payment' AND EXISTS (SELECT 1 FROM allocations a
       WHERE a.settlement_id = t.settlement_id AND a.transaction_id = t.transaction_id AND a.live = 1)`,
  );
  const taxOfPayment = db.prepare<[string, string], TaxFigures>(
    `SELECT ${SUM_FIGURES} FROM allocation_tax WHERE settlement_id = ? AND transaction_id = ? AND kind = 'payment'`,
  );
  const taxOfRefunds = db.prepare<[string, string], TaxFigures>(
    `SELECT ${SUM_FIGURES} FROM allocation_tax WHERE settlement_id = ? AND transaction_id = ? AND kind = 'refund'`,
  );
  const lineTotalsCache = new Map<string, TaxFigures>();
  const lineTotals = db.prepare<[string], TaxFigures>(
    `SELECT coalesce(sum(amount), 0) AS amount, coalesce(sum(gross_amount), 0) AS gross,
       coalesce(sum(vatable_base), 0) AS vatableSales, coalesce(sum(vat_amount), 0) AS vatAmount,
       coalesce(sum(exempt_amount), 0) AS vatExemptSales, coalesce(sum(zero_rated_amount), 0) AS zeroRatedSales,
       coalesce(sum(CASE WHEN discount_kind = 'senior' THEN discount_amount END), 0) AS seniorDiscount,
       coalesce(sum(CASE WHEN discount_kind = 'pwd' THEN discount_amount END), 0) AS pwdDiscount,
       coalesce(sum(CASE WHEN discount_kind = 'promo' THEN discount_amount END), 0) AS promoDiscount,
       coalesce(sum(vat_adjustment), 0) AS vatAdjustment
     FROM transaction_lines WHERE transaction_id = ?`,
  );

  const insertReading = db.prepare(
    `INSERT INTO readings (id, kind, number, register_id, business_date, shift_id, taken_at, taken_by, body)
     VALUES (@id, @kind, @number, @register_id, @business_date, @shift_id, @taken_at, @taken_by, @body)`,
  );
  const readingById = db.prepare<[string], ReadingRow>('SELECT * FROM readings WHERE id = ?');
  const zByDate = db.prepare<[string, string], ReadingRow>("SELECT * FROM readings WHERE kind = 'z' AND register_id = ? AND business_date = ?");
  const lastNumber = db.prepare<[string], { n: number | null }>('SELECT max(number) AS n FROM readings WHERE kind = ?');
  const listReadings = db.prepare(
    `SELECT rowid, * FROM readings WHERE (@kind IS NULL OR kind = @kind) AND (@shiftId IS NULL OR shift_id = @shiftId)
       AND (@before IS NULL OR rowid < @before)
     ORDER BY rowid DESC LIMIT @limit`,
  );
  const zState = db.prepare<[string], ZStateRow>(
    'SELECT register_id, z_counter, reset_counter, grand_total, last_z_date FROM register_z_state WHERE register_id = ?',
  );
  const advanceZ = db.prepare<[number, string, string]>(
    'UPDATE register_z_state SET z_counter = z_counter + 1, grand_total = ?, last_z_date = ? WHERE register_id = ?',
  );

  // Values are JSON (no raw newlines), so one `key=value` per line is unambiguous.
  const receiptSettingsRaw = db.prepare<[], { raw: string | null }>(`SELECT ${RECEIPT_SETTINGS_RAW} AS raw`);

  // What every receipt reads besides its own rows, in one statement (settle's hot path): the
  // receipt settings as above, the last Z date (business date) and the cashier's name.
  const saleContext = db.prepare<
    [string, string],
    { raw: string | null; last_z_date: string | null; cashier_name: string | null; code: string; name: string; min: string | null;
      serial_no: string | null; ptu_no: string | null; ptu_date: string | null }
  >(
    `SELECT ${RECEIPT_SETTINGS_RAW} AS raw, z.last_z_date, (SELECT display_name FROM users WHERE id = ?) AS cashier_name,
            r.code, r.name, r.min, r.serial_no, r.ptu_no, r.ptu_date
     FROM registers r LEFT JOIN register_z_state z ON z.register_id = r.id WHERE r.id = ?`,
  );

  return {
    receiptSettingsRaw: () => receiptSettingsRaw.get()?.raw ?? '',
    /** receiptSettingsRaw, the register (as a receipt prints it) and its last Z date, and the cashier's display name (null if unknown), read at once. */
    saleContext: (registerId: string, cashierId: string) => {
      const r = saleContext.get(cashierId, registerId)!;
      return {
        settingsRaw: r.raw ?? '',
        lastZDate: r.last_z_date,
        cashierName: r.cashier_name,
        register: { code: r.code, name: r.name, min: r.min, serialNo: r.serial_no, ptuNo: r.ptu_no, ptuDate: r.ptu_date },
      };
    },
    insertFact: (f: NewFact) =>
      insertFact.run(
        f.kind, f.register_id, f.document, f.settlement_id, f.transaction_id, f.refund_id, f.or_number, f.or_counter,
        f.business_date, f.shift_id, f.tender_method, f.collected, f.credit_kept, f.credit_used,
        f.amount, f.gross, f.vatableSales, f.vatAmount, f.vatExemptSales, f.zeroRatedSales,
        f.seniorDiscount, f.pwdDiscount, f.promoDiscount, f.vatAdjustment, f.vatAdjSenior, f.vatAdjPwd,
        f.created_at,
      ),
    saleFact: (settlementId: string) => saleFact.get(settlementId),
    /** The invoice fact of a sale's SI `number`. */
    invoiceFact: (transactionId: string, number: string) => invoiceFact.get(transactionId, number),
    groupsByDay: (registerId: string, date: string) => groupsByDay.all(registerId, date),
    groupsByShift: (shiftId: string) => groupsByShift.all(shiftId, shiftId),
    rangesOfDay: (registerId: string, date: string) => rangesOf(dayRanges, [registerId, date]),
    rangesOfShift: (shiftId: string) => rangesOf(shiftRanges, [shiftId]),
    /** The earliest business date strictly between two dates that has any fact of the register. */
    earliestFactBetween: (registerId: string, after: string, before: string) => earliestFactBetween.get(registerId, after, before)?.d ?? null,
    /** The registers with any fact on a business date. */
    registersTrading: (date: string) => registersTrading.all(date).map((r) => r.register_id),

    /** One allocation's (kind payment) or refund's (kind refund) share of the VAT figures. */
    insertTax: (settlementId: string, transactionId: string, kind: NewAllocationTax['kind'], refundId: string | null, f: TaxFigures) =>
      insertTax.run(
        settlementId, transactionId, kind, refundId,
        f.amount, f.gross, f.vatableSales, f.vatAmount, f.vatExemptSales, f.zeroRatedSales,
        f.seniorDiscount, f.pwdDiscount, f.promoDiscount, f.vatAdjustment,
      ),
    taxSoFar: (transactionId: string) => taxSoFar.get(transactionId)!,
    /** The share one allocation carried when the payment was taken (refunds not deducted). */
    taxOfAllocationPayments: (settlementId: string, transactionId: string) => taxOfPayment.get(settlementId, transactionId)!,
    /** What earlier refunds of one allocation reversed (negative figures). */
    taxOfAllocationRefunds: (settlementId: string, transactionId: string) => taxOfRefunds.get(settlementId, transactionId)!,
    lineTotals: (transactionId: string): TaxFigures => {
      // Lines never change once written, so their totals are safe to keep.
      let totals = lineTotalsCache.get(transactionId);
      if (!totals) {
        totals = lineTotals.get(transactionId)!;
        if (lineTotalsCache.size >= 20_000) lineTotalsCache.clear();
        if (totals.amount > 0) lineTotalsCache.set(transactionId, totals);
      }
      return totals;
    },

    insertReading: (row: ReadingRow) => insertReading.run(row),
    reading: (id: string) => readingById.get(id),
    zByDate: (registerId: string, date: string) => zByDate.get(registerId, date),
    nextNumber: (kind: 'x' | 'z') => (lastNumber.get(kind)?.n ?? 0) + 1,
    listReadings: (f: { kind?: 'x' | 'z' | undefined; shiftId?: string | undefined; before?: number | undefined; limit: number }) =>
      listReadings.all({ kind: f.kind ?? null, shiftId: f.shiftId ?? null, before: f.before ?? null, limit: f.limit }) as ReadingRow[],
    zState: (registerId: string) => {
      const row = zState.get(registerId);
      if (!row) throw new Error(`register ${registerId} has no Z accumulators`);
      return row;
    },
    advanceZ: (registerId: string, grandTotal: number, date: string) => advanceZ.run(grandTotal, date, registerId),
  };
}
export type ReadingQueries = ReturnType<typeof readingQueries>;
