import { DomainError } from '../../core/errors.js';
import { businessDateOf, calendarDateOf, nextGrandTotal, sumReadingFigures, summarizeFacts, type FactGroup } from '../../core/readings.js';
import { Id } from '../../shared/common.js';
import {
  DayReportQuery,
  ListReadingsQuery,
  ReadingFigures,
  XReadingQuery,
  ZReadingRequest,
  type DayReport,
  type Reading,
  type ReadingRegister,
  type XReading,
  type ZReading,
} from '../../shared/readings.js';
import type { FactGroupRow, ReadingRow } from '../db/readings.queries.js';
import { FIRST_REGISTER_ID, type RegisterRow } from '../db/registers.queries.js';
import { readInvoiceSettings, requireSetup } from './invoice-settings.js';
import { receiptSettingsFromRaw } from '../receipts/settings.js';
import { newId } from './ids.js';
import type { JournalService } from './journal.service.js';
import type { ShiftService } from './shifts.service.js';
import type { StoreDb } from '../db/store-db.js';
import { requireRole, type Actor } from './access.js';
import { decodeCursor, encodeCursor } from './paging.js';
import { parseInput } from './validate.js';

function toGroup(r: FactGroupRow): FactGroup {
  const { kind, tender_method, count, collected, credit_kept, credit_used, vatAdjSenior, vatAdjPwd, ...figures } = r;
  return { kind, tenderMethod: tender_method, count, collected, creditKept: credit_kept, creditUsed: credit_used, figures, vatAdjSenior, vatAdjPwd };
}

function readingRegister(r: RegisterRow): ReadingRegister {
  return { id: r.id, code: r.code, name: r.name, min: r.min, serialNo: r.serial_no, ptuNo: r.ptu_no, ptuDate: r.ptu_date };
}

/**
 * X-readings (a shift, any time, nothing reset) and Z-readings (a business day, once,
 * advancing the Z counter and the accumulated grand total). Both are sums of the reading
 * facts of their period (indexed by shift and by business date: a Z reads only its own
 * day's rows, however long the ledger), stored immutably and written to the e-journal.
 */
export interface ReadingsDeps {
  journal: Pick<JournalService, 'append' | 'head'>;
  shifts: Pick<ShiftService, 'load' | 'drawer'>;
}

export class ReadingsService {
  constructor(
    private readonly store: StoreDb,
    private readonly deps: ReadingsDeps,
  ) {}

  tzOffsetMinutes(): number {
    return receiptSettingsFromRaw(this.store.q.readings.receiptSettingsRaw(), this.store.storeId).tzOffsetMinutes;
  }

  /** The business date an event at `at` counts for at a register (see core/readings.ts businessDateOf). */
  businessDateFor(at: string, registerId: string = FIRST_REGISTER_ID): string {
    return businessDateOf(at, this.store.q.readings.zState(registerId).last_z_date, this.tzOffsetMinutes());
  }

  shiftFigures(shiftId: string): ReadingFigures {
    const q = this.store.q.readings;
    return summarizeFacts(q.groupsByShift(shiftId).map(toGroup), q.rangesOfShift(shiftId));
  }

  /** A register's business day: its invoices, documents, voids and returns. */
  dayFigures(registerId: string, businessDate: string): ReadingFigures {
    const q = this.store.q.readings;
    return summarizeFacts(q.groupsByDay(registerId, businessDate).map(toGroup), q.rangesOfDay(registerId, businessDate));
  }

  /** `GET /readings/x?shiftId=`: the shift's cashier or an admin; each one taken is recorded. */
  x(query: unknown, actor: Actor): XReading {
    const { shiftId } = parseInput(XReadingQuery, query, 'query');
    requireRole(actor, ['cashier', 'admin'], 'take an X-reading');
    return this.store.write(() => {
      const shift = this.deps.shifts.load(shiftId, actor);
      const blind = actor.role !== 'admin' && shift.status === 'open';
      const reading: XReading = {
        kind: 'x',
        id: newId('rdx'),
        number: this.store.q.readings.nextNumber('x'),
        storeId: this.store.storeId,
        takenAt: this.store.now(),
        takenBy: actor.id,
        shiftId: shift.id,
        counter: shift.counter,
        cashierId: shift.cashier_id,
        openedAt: shift.opened_at,
        closedAt: shift.closed_at,
        figures: this.shiftFigures(shift.id),
        drawer: this.deps.shifts.drawer(shift, blind),
        journalHash: null,
      };
      return this.record(reading, null, shift.id, actor);
    });
  }

  /**
   * `POST /readings/z` (admin): one register's Z (`registerId`), or without it the Z of
   * every register that traded that day and has none yet (the invoicing register when none
   * traded). Per register: refused (409) when the date already has its Z, when a later date
   * has one, or when an earlier date with documents has none (take that first: no document
   * may fall between two Z-readings); refused (400) for a future date; 422
   * `setup_incomplete` until the store and the register are set up for the BIR.
   */
  z(input: unknown, actor: Actor): ZReading & { readings?: ZReading[] } {
    const { businessDate, registerId } = parseInput(ZReadingRequest, input, 'Z-reading');
    requireRole(actor, ['admin'], 'take a Z-reading');
    return this.store.write(() => {
      const q = this.store.q;
      if (businessDate > calendarDateOf(this.store.now(), this.tzOffsetMinutes())) {
        throw new DomainError('validation_failed', `${businessDate} has not started yet; a Z-reading closes a day that has begun.`);
      }
      if (registerId !== undefined) {
        const register = q.registers.get(registerId);
        if (!register) throw new DomainError('unknown_register', 'There is no such register.', { registerId });
        return this.takeZ(register, businessDate, actor);
      }
      const trading = q.readings.registersTrading(businessDate);
      const ids = trading.length > 0 ? trading : [readInvoiceSettings(q.settings).invoiceRegisterId];
      const open = ids.filter((id) => !q.readings.zByDate(id, businessDate));
      if (open.length === 0) {
        throw new DomainError('conflict', `The Z-reading for ${businessDate} was already taken.`, { businessDate });
      }
      const readings = open
        .map((id) => q.registers.get(id)!)
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((r) => this.takeZ(r, businessDate, actor));
      // The Z itself when one register traded; with several, the first and all of them.
      return readings.length === 1 ? readings[0]! : { ...readings[0]!, readings };
    });
  }

  private takeZ(register: RegisterRow, businessDate: string, actor: Actor): ZReading {
    const q = this.store.q.readings;
    requireSetup(receiptSettingsFromRaw(q.receiptSettingsRaw(), this.store.storeId), register, 'A Z-reading');
    if (q.zByDate(register.id, businessDate)) {
      throw new DomainError('conflict', `The Z-reading of ${register.code} for ${businessDate} was already taken.`, { businessDate, registerId: register.id });
    }
    const state = q.zState(register.id);
    if (state.last_z_date !== null && businessDate < state.last_z_date) {
      throw new DomainError('conflict', `${register.code} has a Z-reading for a later day (${state.last_z_date}).`, { lastZDate: state.last_z_date, registerId: register.id });
    }
    const missed = q.earliestFactBetween(register.id, state.last_z_date ?? '0000-00-00', businessDate);
    if (missed !== null) {
      throw new DomainError('conflict', `Take ${register.code}'s Z-reading for ${missed} first: it has documents and no Z yet.`, { businessDate: missed, registerId: register.id });
    }
    const figures = this.dayFigures(register.id, businessDate);
    const shifts = this.store.q.shifts.closedOn(businessDate, register.id);
    const reading: ZReading = {
      kind: 'z',
      id: newId('rdz'),
      number: state.z_counter + 1,
      storeId: this.store.storeId,
      takenAt: this.store.now(),
      takenBy: actor.id,
      businessDate,
      registerId: register.id,
      register: readingRegister(register),
      zCounter: state.z_counter + 1,
      resetCounter: state.reset_counter,
      grandTotal: { previous: state.grand_total, present: nextGrandTotal(state.grand_total, figures.netSales) },
      figures,
      shifts: {
        closed: shifts.closed,
        openingFloat: shifts.opening_float,
        expectedCash: shifts.expected_cash,
        countedCash: shifts.counted_cash,
        overShort: shifts.over_short,
      },
      journalHead: this.deps.journal.head(),
      journalHash: null,
    };
    q.advanceZ(register.id, reading.grandTotal.present, businessDate);
    return this.record(reading, businessDate, null, actor, register.id);
  }

  /**
   * `GET /readings/day?businessDate=` (admin): the store's day report, one column per
   * register (its Z's figures once taken, else the day so far) and their sum.
   */
  day(query: unknown, actor: Actor): DayReport {
    const { businessDate } = parseInput(DayReportQuery, query, 'query');
    requireRole(actor, ['admin'], 'see the store day report');
    return this.store.db.transaction((): DayReport => {
      const q = this.store.q;
      const trading = new Set(q.readings.registersTrading(businessDate));
      const registers = q.registers.all().filter((r) => r.active === 1 || trading.has(r.id) || q.readings.zByDate(r.id, businessDate));
      const columns = registers.map((r) => {
        const zRow = q.readings.zByDate(r.id, businessDate);
        if (zRow) {
          const z = this.toReading(zRow) as ZReading;
          // ReadingFigures.parse: a Z stored before invoices gets their fields as none.
          return { register: readingRegister(r), z: { id: z.id, number: z.number, takenAt: z.takenAt }, figures: ReadingFigures.parse(z.figures), grandTotal: z.grandTotal };
        }
        const figures = this.dayFigures(r.id, businessDate);
        const state = q.readings.zState(r.id);
        return {
          register: readingRegister(r),
          z: null,
          figures,
          grandTotal: { previous: state.grand_total, present: nextGrandTotal(state.grand_total, figures.netSales) },
        };
      });
      const sum = (k: 'previous' | 'present') => columns.reduce((t, c) => t + c.grandTotal[k], 0);
      return {
        businessDate,
        storeId: this.store.storeId,
        registers: columns,
        totals: sumReadingFigures(columns.map((c) => c.figures)),
        grandTotal: { previous: sum('previous'), present: sum('present') },
      };
    })();
  }

  private record<R extends Reading>(reading: R, businessDate: string | null, shiftId: string | null, actor: Actor, registerId: string | null = null): R {
    const { journalHash: _h, ...body } = reading;
    this.store.q.readings.insertReading({
      id: reading.id,
      kind: reading.kind,
      number: reading.number,
      register_id: registerId,
      business_date: businessDate,
      shift_id: shiftId,
      taken_at: reading.takenAt,
      taken_by: actor.id,
      body: JSON.stringify(body),
    });
    const entry = this.deps.journal.append(reading.kind === 'x' ? 'x_reading' : 'z_reading', reading.id, body);
    this.store.append('reading.taken', {
      reading: { id: reading.id, kind: reading.kind, number: reading.number, businessDate, shiftId, registerId },
      cashierId: reading.kind === 'x' ? reading.cashierId : null,
      actorId: actor.id,
    });
    return { ...reading, journalHash: entry.hash };
  }

  /** Stored readings, newest first: admins all, cashiers the X-readings of their own shifts. */
  list(query: unknown, actor: Actor): { items: Reading[]; nextCursor: string | null } {
    const f = parseInput(ListReadingsQuery, query, 'query');
    requireRole(actor, ['cashier', 'admin'], 'see readings');
    if (actor.role !== 'admin') {
      if (!f.shiftId || f.kind === 'z') throw new DomainError('forbidden', 'Cashiers see the X-readings of their own shifts.');
      this.deps.shifts.load(f.shiftId, actor);
    }
    const rows = this.store.q.readings.listReadings({
      kind: actor.role === 'admin' ? f.kind : 'x',
      shiftId: f.shiftId,
      before: f.cursor ? decodeCursor(f.cursor) : undefined,
      limit: f.limit + 1,
    });
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r) => this.toReading(r)),
      nextCursor: rows.length > f.limit ? encodeCursor(page[page.length - 1]!.rowid!) : null,
    };
  }

  get(id: unknown, actor: Actor): Reading {
    const row = this.store.q.readings.reading(parseInput(Id, id, 'reading id'));
    if (!row) throw new DomainError('not_found', 'No such reading.');
    if (actor.role !== 'admin') {
      if (row.kind !== 'x' || !row.shift_id) throw new DomainError('not_found', 'No such reading.');
      this.deps.shifts.load(row.shift_id, actor);
    }
    return this.toReading(row);
  }

  private toReading(row: ReadingRow): Reading {
    const entry = this.store.q.journal.ofRef(row.id)[0];
    return { ...(JSON.parse(row.body) as Omit<Reading, 'journalHash'>), journalHash: entry?.hash ?? null } as Reading;
  }
}
