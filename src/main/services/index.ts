import type { StoreDb } from '../db/store-db.js';
import { AdjustmentService } from './adjustments.service.js';
import { InvoiceService } from './invoices.service.js';
import { JournalService } from './journal.service.js';
import { PaidOutRequestService } from './paid-out-requests.service.js';
import { ReadingFactsService } from './reading-facts.service.js';
import { ReadingsService } from './readings.service.js';
import { RegisterService } from './registers.service.js';
import { RefundService } from './refunds.service.js';
import { ReceiptService } from './receipts.service.js';
import { ReportsService } from './reports.service.js';
import { SettlementService } from './settlements.service.js';
import { ShiftService } from './shifts.service.js';
import { StaffService } from './staff.service.js';
import { TransactionService } from './transactions.service.js';
import { VoidRequestService } from './void-requests.service.js';

export interface ServiceOptions {
  /** A cashier needs an open shift to settle (the hub turns this on; default off). */
  requireShifts?: boolean;
}

/** Every service of the hub, each over the one store connection. */
export interface Services {
  readonly transactions: TransactionService;
  readonly settlements: SettlementService;
  readonly shifts: ShiftService;
  readonly readings: ReadingsService;
  readonly readingFacts: ReadingFactsService;
  readonly refunds: RefundService;
  readonly journal: JournalService;
  readonly voidRequests: VoidRequestService;
  readonly paidOutRequests: PaidOutRequestService;
  readonly receipts: ReceiptService;
  readonly reports: ReportsService;
  readonly adjustments: AdjustmentService;
  readonly staff: StaffService;
  readonly registers: RegisterService;
  readonly invoices: InvoiceService;
}

/**
 * The composition root: who depends on whom, read top to bottom. Each service gets the
 * store connection and exactly the peers it calls. Readings and shifts need each other
 * (a Z reads shifts; a shift's close asks the business date and its figures), so the
 * shifts' side is a getter resolved at call time, when both exist.
 *
 * What runs inside every settlement's SQLite transaction is declared here, in order:
 * - guards (before anything is written): the cashier's open shift and its register, whose
 *   series numbers the receipt (shifts);
 * - hooks (after its rows are written; a throw refuses the whole write): the reading
 *   facts, VAT shares and e-journal line (readingFacts), then the answer to a cashier's
 *   waiting void request when an admin voids directly (voidRequests).
 */
export function composeServices(store: StoreDb, opts: ServiceOptions = {}): Services {
  const journal = new JournalService(store);
  const invoices: InvoiceService = new InvoiceService(store, {
    journal,
    get readings() {
      return readings;
    },
  });
  const transactions = new TransactionService(store, invoices);
  const readings: ReadingsService = new ReadingsService(store, {
    journal,
    get shifts() {
      return shifts;
    },
  });
  const registers = new RegisterService(store);
  const shifts: ShiftService = new ShiftService(
    store,
    {
      readings,
      registers,
      // A shift's close cancels its paid-out request still waiting, in the close's write.
      closeHooks: [(shift, actor) => paidOutRequests.closeHook(shift, actor)],
    },
    { required: opts.requireShifts ?? false },
  );
  const paidOutRequests = new PaidOutRequestService(store, shifts);
  const readingFacts = new ReadingFactsService(store, { journal, readings });
  const settlements: SettlementService = new SettlementService(store, {
    transactions,
    invoices,
    guards: [shifts.settleGuard],
    hooks: [
      // A cash receipt voided in an open shift must still be in its drawer.
      { beforeVoid: (ctx) => shifts.voidGuard(ctx) },
      readingFacts.settlementHooks,
      {
        afterVoid: (ctx) => voidRequests.settlementHooks.afterVoid?.(ctx),
      },
    ],
  });
  const voidRequests = new VoidRequestService(store, settlements);
  const refunds = new RefundService(store, { readingFacts, journal, settlements, transactions, shifts });
  return {
    transactions,
    settlements,
    shifts,
    readings,
    readingFacts,
    refunds,
    journal,
    voidRequests,
    paidOutRequests,
    receipts: new ReceiptService(store, settlements),
    reports: new ReportsService(store, shifts),
    adjustments: new AdjustmentService(store, transactions),
    staff: new StaffService(store),
    registers,
    invoices,
  };
}
