import { z } from 'zod';
import { Centavos, Id, IsoDate, IsoDateTime, QueryInt, SignedCentavos, TenderMethod } from './common.js';
import { Register } from './registers.js';

/** `GET /api/v1/readings/x?shiftId=` (cashier: own shift; admin: any). */
export const XReadingQuery = z.object({ shiftId: Id });
/** `POST /api/v1/readings/z` (admin): end of the business day, once per date. */
export const ZReadingRequest = z.object({
  businessDate: IsoDate,
  /** One register's Z; without it, every register that traded that day (protocol.md v1 additions). */
  registerId: Id.optional(),
});
export type ZReadingRequest = z.infer<typeof ZReadingRequest>;

export const ListReadingsQuery = z.object({
  kind: z.enum(['x', 'z']).optional(),
  shiftId: Id.optional(),
  limit: QueryInt(1, 500).default(50),
  /** Opaque: the `nextCursor` of the previous page (newest first). */
  cursor: z.string().max(200).optional(),
});
export type ListReadingsQuery = z.infer<typeof ListReadingsQuery>;

/** Money received (+) or handed back (−) by one tender. `count` = receipts taken by it. */
export const TenderTotal = z.object({ method: TenderMethod, count: z.number().int().min(0), amount: SignedCentavos });
export type TenderTotal = z.infer<typeof TenderTotal>;

export const CountAmount = z.object({ count: z.number().int().min(0), amount: SignedCentavos });

/**
 * The figures of an X- or Z-reading. Every money figure except `sales`, `voids`,
 * `refunds` and `invoices` is net of voids and refunds in the period (signed sums), so:
 *   netSales = grossSales − discounts.* − vatAdjustment
 *            = vatableSales + vatAmount + vatExemptSales + zeroRatedSales − discounts.senior − discounts.pwd
 *   collections = Σ tenders.amount = sales.amount − voids.amount − refunds.amount
 * Sales are recognised on their Sales Invoice (EOPT), money on its receipt: for sales
 * written before invoices, netSales = collections − deposits.kept + deposits.applied.
 * `sales`/`voids` are payment documents (collection receipts and SIs that are payments).
 */
export const ReadingFigures = z.object({
  /** Receipts (ORs/SIs) issued in the period, and the first and last of them. */
  receiptCount: z.number().int().min(0),
  beginningOr: z.string().nullable(),
  endingOr: z.string().nullable(),
  /** Receipts issued in the period, at their face amount (before voids and refunds). */
  sales: CountAmount,
  voids: CountAmount,
  refunds: CountAmount,
  tenders: z.array(TenderTotal),
  collections: SignedCentavos,
  grossSales: SignedCentavos,
  discounts: z.object({ senior: SignedCentavos, pwd: SignedCentavos, promo: SignedCentavos }),
  vatAdjustment: SignedCentavos,
  netSales: SignedCentavos,
  vatableSales: SignedCentavos,
  vatAmount: SignedCentavos,
  vatExemptSales: SignedCentavos,
  zeroRatedSales: SignedCentavos,
  /** Money kept as the customer's credit (deposit), and earlier deposits applied to sales. */
  deposits: z.object({ kept: SignedCentavos, applied: SignedCentavos }),
  /**
   * Sales Invoices issued in the period (their VAT is in the figures above: VAT is
   * recognised on the invoice, never on its later collection receipts), first and last.
   */
  // The defaults below read readings stored before invoices (migration 0010) as they were: none.
  invoices: z
    .object({
      count: z.number().int().min(0),
      amount: SignedCentavos,
      /** Invoices cancelled in the period (the sale cancelled, or edited and reissued). */
      cancelled: CountAmount,
      beginning: z.string().nullable(),
      ending: z.string().nullable(),
    })
    .default({ count: 0, amount: 0, cancelled: { count: 0, amount: 0 }, beginning: null, ending: null }),
  /** Voided documents of the period — payments voided and invoices cancelled — first and last number. */
  voidNumbers: z.object({ beginning: z.string().nullable(), ending: z.string().nullable() }).default({ beginning: null, ending: null }),
  /** Refunds (returns) of the period, first and last refund number. */
  returnNumbers: z.object({ beginning: z.string().nullable(), ending: z.string().nullable() }).default({ beginning: null, ending: null }),
  /** The VAT adjustment split: SC, PWD, other (exempt/zero-rated), and the VAT given back on returns. */
  vatAdjustments: z
    .object({ senior: SignedCentavos, pwd: SignedCentavos, other: SignedCentavos, returns: SignedCentavos })
    .default({ senior: 0, pwd: 0, other: 0, returns: 0 }),
});
export type ReadingFigures = z.infer<typeof ReadingFigures>;

export const DrawerSummary = z.object({
  openingFloat: Centavos,
  cashCollections: SignedCentavos,
  paidIn: Centavos,
  paidOut: Centavos,
  cashRefunds: Centavos,
  /** Null on a cashier's own open shift: the close is a blind count. */
  expectedCash: SignedCentavos.nullable(),
});
export type DrawerSummary = z.infer<typeof DrawerSummary>;

const ReadingBase = z.object({
  id: Id,
  /** X: the store's X-reading count; Z: the Z counter. */
  number: z.number().int().min(1),
  storeId: z.string(),
  takenAt: IsoDateTime,
  takenBy: Id,
  figures: ReadingFigures,
  /** sha256 of the journal entry that recorded this reading. */
  journalHash: z.string().nullable(),
});

export const XReading = ReadingBase.extend({
  kind: z.literal('x'),
  shiftId: Id,
  counter: z.string(),
  cashierId: Id,
  openedAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  drawer: DrawerSummary,
});
export type XReading = z.infer<typeof XReading>;

/** The machine a Z belongs to, as printed (RR 10-2015: MIN and serial per machine). */
export const ReadingRegister = Register.omit({ active: true });
export type ReadingRegister = z.infer<typeof ReadingRegister>;

export const ZReading = ReadingBase.extend({
  kind: z.literal('z'),
  businessDate: IsoDate,
  /** Its register (a Z is per register); absent on Zs taken before registers existed (C1's). */
  registerId: Id.optional(),
  register: ReadingRegister.optional(),
  zCounter: z.number().int().min(1),
  /** Kahera's memory is never reset: always 0, printed because the BIR asks for it. */
  resetCounter: z.number().int().min(0),
  grandTotal: z.object({ previous: SignedCentavos, present: SignedCentavos }),
  /** The e-journal's last entry before this reading: printed, it anchors the chain on paper. */
  journalHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  /** Shifts closed on this business date: their float, expected and counted cash. */
  shifts: z.object({
    closed: z.number().int().min(0),
    openingFloat: Centavos,
    expectedCash: SignedCentavos,
    countedCash: Centavos,
    overShort: SignedCentavos,
  }),
});
export type ZReading = z.infer<typeof ZReading>;

export const Reading = z.discriminatedUnion('kind', [XReading, ZReading]);
export type Reading = z.infer<typeof Reading>;

/**
 * `POST /readings/z` answers the Z taken; without `registerId` (every register that
 * traded), when that is more than one register, the first of them with `readings`: all
 * those taken by the call.
 */
export const ZReadingResponse = ZReading.extend({ readings: z.array(ZReading).optional() });

/** `GET /api/v1/readings/day?businessDate=` (admin): the store's day, the sum of its registers. */
export const DayReportQuery = z.object({ businessDate: IsoDate });
export const DayReport = z.object({
  businessDate: IsoDate,
  storeId: z.string(),
  registers: z.array(
    z.object({
      register: ReadingRegister,
      /** Its Z for the date, if taken (the figures are then the Z's). */
      z: z.object({ id: Id, number: z.number().int(), takenAt: IsoDateTime }).nullable(),
      figures: ReadingFigures,
      grandTotal: z.object({ previous: SignedCentavos, present: SignedCentavos }),
    }),
  ),
  /** Every money and count figure summed over the registers. */
  totals: ReadingFigures,
  grandTotal: z.object({ previous: SignedCentavos, present: SignedCentavos }),
});
export type DayReport = z.infer<typeof DayReport>;

export const ListReadingsResponse = z.object({ items: z.array(Reading), nextCursor: z.string().nullable() });

// ---- E-journal ----
export const JournalKind = z.enum(['receipt', 'void', 'reprint', 'refund', 'x_reading', 'z_reading']);
export type JournalKind = z.infer<typeof JournalKind>;

export const JournalEntry = z.object({
  seq: z.number().int().min(1),
  kind: JournalKind,
  refId: z.string(),
  createdAt: IsoDateTime,
  body: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntry>;

export const JournalQuery = z.object({
  after: QueryInt(0, Number.MAX_SAFE_INTEGER).default(0),
  limit: QueryInt(1, 1000).default(100),
  kind: JournalKind.optional(),
  /** `jsonl`: the export, every entry with its hashes, for an outside verifier. */
  format: z.enum(['json', 'jsonl']).default('json'),
});
export type JournalQuery = z.infer<typeof JournalQuery>;

export const JournalVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int().min(0),
  /** The first entry whose link does not hold, and why. */
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
export type JournalVerification = z.infer<typeof JournalVerification>;
