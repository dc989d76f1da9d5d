import { DomainError } from '../../core/errors.js';
import { formatPeso } from '../../core/money.js';
import { invoicePrefix, registerOrPrefix } from '../../core/or-number.js';
import type { AgingBucket, CalendarResponse, DashboardResponse, LedgerPage, LedgerQuery, StoreSettings } from '../../shared/backoffice.js';
import { UpdateStoreSettings } from '../../shared/backoffice.js';
import type { TenderMethod } from '../../shared/common.js';
import { readReceiptSettings, writeReceiptSettings } from '../receipts/settings.js';
import { calendarDateOf } from '../../core/readings.js';
import { reportQueries, tzModifier, type LedgerListFilter, type ReportQueries } from '../db/reports.queries.js';
import { FIRST_REGISTER_ID } from '../db/registers.queries.js';
import type { StoreDb } from '../db/store-db.js';
import { toLedgerEntry } from './mappers.js';
import { PAID_OUT_APPROVAL_LIMIT_KEY, type ShiftService } from './shifts.service.js';
import { parseInput } from './validate.js';

const BUCKETS: AgingBucket[] = ['0-30', '31-60', '61-90', '90+'];
const TENDERS: TenderMethod[] = ['cash', 'card', 'gcash', 'maya', 'bank_transfer', 'check'];


// Store name, TIN and address live with the receipt settings (receipts/settings.ts), so
// the settings screen and every printed receipt read one source.
import { readInvoiceSettings, writeInvoiceSettings } from './invoice-settings.js';

const SETTING_KEYS = {
  defaultAllocation: 'default_allocation',
  creditAlertPercent: 'credit_alert_percent',
} as const;

/** Back-office reads (dashboard, ledger, calendar) and the store settings. */
export class ReportsService {
  readonly q: ReportQueries;

  constructor(
    private readonly store: StoreDb,
    private readonly shifts: Pick<ShiftService, 'paidOutApprovalLimit'>,
  ) {
    this.q = reportQueries(store.db, () => tzModifier(this.tzOffsetMinutes()));
  }

  private tzOffsetMinutes(): number {
    return readReceiptSettings(this.store.q.settings, this.store.storeId).tzOffsetMinutes;
  }

  /** Today's date on the store's clock (the offset printed receipts use), not the hub PC's zone. */
  today(): string {
    return calendarDateOf(this.store.now(), this.tzOffsetMinutes());
  }

  settings(): StoreSettings {
    const s = this.store.q.settings;
    const alert = Number(s.get(SETTING_KEYS.creditAlertPercent) ?? 80);
    const strategy = s.get(SETTING_KEYS.defaultAllocation);
    const receipt = readReceiptSettings(s, this.store.storeId);
    return {
      storeName: receipt.storeName,
      tin: receipt.tin,
      address: receipt.address,
      orPrefix: this.store.q.registers.series(FIRST_REGISTER_ID, 'or')?.prefix ?? `OR-${this.store.storeId}`,
      defaultAllocation: strategy === 'largest_first' ? 'largest_first' : 'oldest_first',
      creditAlertPercent: Number.isInteger(alert) && alert >= 1 && alert <= 100 ? alert : 80,
      paidOutApprovalLimit: this.shifts.paidOutApprovalLimit(),
      ...readInvoiceSettings(s),
    };
  }

  /** Saves the settings; a new OR prefix applies to receipts from now on (the counter goes on). */
  saveSettings(input: unknown): StoreSettings {
    const next = parseInput(UpdateStoreSettings, input, 'settings');
    this.store.write(() => {
      const s = this.store.q.settings;
      writeReceiptSettings(s, this.store.storeId, { storeName: next.storeName, tin: next.tin, address: next.address });
      s.set(SETTING_KEYS.defaultAllocation, next.defaultAllocation);
      s.set(SETTING_KEYS.creditAlertPercent, String(next.creditAlertPercent));
      if (next.paidOutApprovalLimit !== undefined) s.set(PAID_OUT_APPROVAL_LIMIT_KEY, String(next.paidOutApprovalLimit));
      writeInvoiceSettings(s, this.store.q.registers, { invoiceAt: next.invoiceAt, invoiceRegisterId: next.invoiceRegisterId });
      const r = this.store.q.registers;
      if (r.series(FIRST_REGISTER_ID, 'or')?.prefix !== next.orPrefix) {
        // Every register's prefix follows the store's (C1's is the store's own).
        for (const reg of r.all()) {
          const orPrefix = registerOrPrefix(next.orPrefix, reg.code, reg.id === FIRST_REGISTER_ID);
          r.setPrefix(reg.id, 'or', orPrefix);
          r.setPrefix(reg.id, 'si', invoicePrefix(orPrefix));
        }
      }
    });
    return this.settings();
  }

  dashboard(): DashboardResponse {
    const day = this.today();
    const settings = this.settings();
    return this.store.db.transaction((): DashboardResponse => {
      const byMethod = new Map(this.q.collections(day).map((r) => [r.method, r]));
      const collections = TENDERS.map((method) => ({ method, count: byMethod.get(method)?.count ?? 0, amount: byMethod.get(method)?.amount ?? 0 }));
      const v = this.q.voids(day);
      const o = this.q.outstanding();
      const aged = new Map(this.q.aging(day).map((r) => [r.bucket, r]));
      const since = new Date(new Date(this.store.now()).getTime() - 90 * 86_400_000).toISOString();
      const avg = this.q.avgDaysToPay(since);
      const credit = this.q
        .creditUse()
        .map((c) => {
          const percent = c.credit_limit > 0 ? Math.floor((c.owing * 100) / c.credit_limit) : c.owing > 0 ? 999 : 0;
          return { customerId: c.id, name: c.name, creditLimit: c.credit_limit, owing: c.owing, percent, over: c.owing > c.credit_limit };
        });
      const fromMs = Date.parse(`${day}T00:00:00Z`) - 13 * 86_400_000;
      const dailyRows = new Map(this.q.daily(new Date(fromMs).toISOString().slice(0, 10)).map((r) => [r.date, r.amount]));
      const daily = Array.from({ length: 14 }, (_, i) => {
        const d = new Date(fromMs + i * 86_400_000).toISOString().slice(0, 10);
        return { date: d, amount: dailyRows.get(d) ?? 0 };
      });
      return {
        businessDate: day,
        collections,
        collectionsTotal: collections.reduce((s, c) => s + c.amount, 0),
        voids: { count: v.count, amount: v.amount ?? 0 },
        outstanding: { amount: o.amount ?? 0, transactions: o.transactions, customers: o.customers },
        aging: BUCKETS.map((bucket) => ({ bucket, amount: aged.get(bucket)?.amount ?? 0, count: aged.get(bucket)?.count ?? 0 })),
        avgDaysToPay: avg === null ? null : Math.round(avg * 10) / 10,
        credit: {
          totalLimit: credit.reduce((s, c) => s + c.creditLimit, 0),
          totalOwing: credit.reduce((s, c) => s + Math.max(0, c.owing), 0),
          alertPercent: settings.creditAlertPercent,
          customers: credit
            .filter((c) => c.percent >= settings.creditAlertPercent)
            .sort((a, b) => b.percent - a.percent)
            .slice(0, 50),
        },
        daily,
      };
    })();
  }

  ledger(query: LedgerQuery): LedgerPage {
    const f = this.filter(query);
    return this.store.db.transaction((): LedgerPage => {
      const total = this.q.ledgerCount(f);
      const entries = this.q.ledgerPage(f, query.limit, query.offset, query.beforeId ?? null).map(toLedgerEntry);
      // With a keyset cursor the page is full exactly when older entries may follow.
      const hasMore = query.beforeId ? entries.length === query.limit : query.offset + entries.length < total;
      return { entries, pagination: { total, limit: query.limit, offset: query.offset, hasMore } };
    })();
  }

  /** The filtered ledger as CSV lines (header first), oldest first; amounts in pesos. */
  *ledgerCsv(query: LedgerQuery): Generator<string> {
    yield 'entry_id,date_time,customer,type,amount,balance_before,balance_after,or_number,transaction_id,by,reason\n';
    for (const r of this.q.ledgerIterate(this.filter(query))) {
      yield [
        csvCell(r.id),
        csvCell(r.created_at),
        csvText(r.customer_name),
        csvCell(r.type),
        pesos(r.amount),
        pesos(r.balance_before),
        pesos(r.balance_after),
        csvText(r.or_number ?? ''),
        csvText(r.transaction_id ?? ''),
        csvText(r.actor_name ?? r.actor_id),
        csvText(r.reason ?? ''),
      ]
        .join(',') + '\n';
    }
  }

  calendar(from: string, to: string): CalendarResponse {
    if (from > to) throw new DomainError('validation_failed', 'The start date is after the end date.');
    return {
      due: this.q.dueBetween(from, to).map((r) => ({
        date: r.due_date,
        transactionId: r.id,
        customerId: r.customer_id,
        customerName: r.name,
        balance: r.balance,
        status: r.paid_amount > 0 ? ('partial' as const) : ('unpaid' as const),
      })),
      payments: this.q.paymentsBetween(from, to).map((r) => ({
        date: r.date,
        settlementId: r.id,
        orNumber: r.or_number,
        customerName: r.name,
        amount: r.amount,
        void: r.status === 'void',
      })),
    };
  }

  /** Latest OR (posted or voided) per transaction, among the given ones. */
  latestOr(ids: string[]): Record<string, { or_number: string; voided: boolean; at: string }> {
    const out: Record<string, { or_number: string; voided: boolean; at: string }> = {};
    for (const r of this.q.latestOr(ids)) {
      const at = r.voided_at ?? r.created_at;
      const prev = out[r.transaction_id];
      if (!prev || prev.at <= at) out[r.transaction_id] = { or_number: r.or_number, voided: r.status === 'void', at };
    }
    return out;
  }

  private filter(q: LedgerQuery): LedgerListFilter {
    return { customerId: q.customerId ?? null, type: q.type ?? null, from: q.from ?? null, to: q.to ?? null };
  }
}

/** Plain decimal pesos for spreadsheets (`-1500.50`); ₱ and thousands separators stay in the UI. */
function pesos(centavos: number): string {
  return formatPeso(centavos).replace(/[₱,]/g, '');
}

/** RFC 4180 cell. */
function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Free text typed by people: a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
function csvText(v: string): string {
  return csvCell(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
}
