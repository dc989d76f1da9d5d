import { DomainError } from '../../core/errors.js';
import type { Reading } from '../../shared/readings.js';
import type { ReceiptData, ReceiptSettings } from '../../shared/receipts.js';
import type { StoreDb } from '../db/store-db.js';
import { buildReceipt } from '../receipts/receipt-data.js';
import { readReceiptSettings, writeReceiptSettings } from '../receipts/settings.js';
import { requireRole, type Actor } from './access.js';
import type { SettlementService } from './settlements.service.js';

/** What a printed reading shows besides the reading: the store header, its clock and the names of who took it. */
export interface ReadingDocument {
  header: Omit<ReceiptSettings, 'tzOffsetMinutes'> & { storeId: string };
  tzOffsetMinutes: number;
  names: Record<string, string>;
}

/** Receipts as data (for HTML, PDF and thermal text), reprints, and the receipt header settings. */
export class ReceiptService {
  constructor(
    private readonly store: StoreDb,
    private readonly settlements: Pick<SettlementService, 'reprint'>,
  ) {}

  /** The receipt of a settlement: a cashier sees only the receipts it took; an admin any. */
  receipt(settlementId: string, actor: Actor): ReceiptData {
    this.requireVisible(settlementId, actor);
    return this.asIssued(settlementId, false);
  }

  /** Counts and journals a reprint, then answers the receipt marked REPRINT. */
  reprint(settlementId: string, actor: Actor): ReceiptData {
    this.requireVisible(settlementId, actor);
    this.settlements.reprint(settlementId, actor);
    return this.asIssued(settlementId, true);
  }

  /**
   * The document exactly as it was issued — the e-journal's copy, written in the
   * settlement's own transaction (lines, balance after, VAT, header as printed then) — with
   * what may change since: VOID, refunds, the REPRINT mark and count. A receipt without a
   * journal copy (none should exist) is rebuilt from the ledger.
   */
  private asIssued(settlementId: string, reprint: boolean): ReceiptData {
    const q = this.store.q;
    const row = q.settlements.get(settlementId)!;
    const entry = q.journal.ofRef(settlementId).find((e) => e.kind === 'receipt');
    if (!entry) return buildReceipt(this.store, settlementId, { reprint });
    const copy = JSON.parse(entry.body) as Partial<ReceiptData> & Omit<ReceiptData, 'transactionId' | 'notice' | 'register' | 'buyer'>;
    return {
      ...copy,
      // Receipts journalled before invoices existed lack these.
      transactionId: copy.transactionId ?? null,
      notice: copy.notice ?? null,
      register: copy.register ?? null,
      buyer: copy.buyer ?? null,
      status: row.status,
      voidedAt: row.voided_at,
      voidReason: row.void_reason,
      reprint,
      reprintCount: row.reprint_count,
      refunds: q.refunds.ofSettlement(settlementId).map((r) => ({ id: r.id, amount: r.amount, method: r.method, reason: r.reason, createdAt: r.created_at })),
    };
  }

  settings(): ReceiptSettings {
    return readReceiptSettings(this.store.q.settings, this.store.storeId);
  }

  saveSettings(input: unknown, actor: Actor): ReceiptSettings {
    requireRole(actor, ['admin'], 'change the receipt settings');
    return this.store.write(() => writeReceiptSettings(this.store.q.settings, this.store.storeId, input));
  }

  readingDocument(reading: Reading): ReadingDocument {
    const { tzOffsetMinutes, ...header } = this.settings();
    const names: Record<string, string> = {};
    for (const uid of [reading.takenBy, reading.kind === 'x' ? reading.cashierId : null]) {
      const u = uid ? this.store.q.users.get(uid) : undefined;
      if (u) names[u.id] = u.display_name;
    }
    return { header: { ...header, storeId: this.store.storeId }, tzOffsetMinutes, names };
  }

  private requireVisible(settlementId: string, actor: Actor): void {
    const row = this.store.q.settlements.get(settlementId);
    if (!row) throw new DomainError('not_found', 'No such settlement.');
    if (actor.role !== 'admin' && row.cashier_id !== actor.id) throw new DomainError('forbidden', 'That receipt was taken by someone else.');
  }
}
