import { DomainError } from '../../core/errors.js';
import type { InvoiceAt } from '../../shared/backoffice.js';
import type { SetupItem, SetupStatus } from '../../shared/setup.js';
import type { ReceiptSettings } from '../../shared/receipts.js';
import type { settingsQueries } from '../db/store-config.queries.js';
import { FIRST_REGISTER_ID, type RegisterQueries, type RegisterRow } from '../db/registers.queries.js';

type SettingsQueries = ReturnType<typeof settingsQueries>;

/** The store settings of protocol.md v1 additions: when a sale's Sales Invoice is issued, and by which register. */
export const INVOICE_SETTING_KEYS = { invoiceAt: 'invoice_at', invoiceRegisterId: 'invoice_register_id' } as const;

export interface InvoiceSettings {
  invoiceAt: InvoiceAt;
  invoiceRegisterId: string;
}

export function readInvoiceSettings(s: Pick<SettingsQueries, 'pair'>): InvoiceSettings {
  const [at, register] = s.pair(INVOICE_SETTING_KEYS.invoiceAt, INVOICE_SETTING_KEYS.invoiceRegisterId);
  return { invoiceAt: at === 'full_payment' ? 'full_payment' : 'sale', invoiceRegisterId: register ?? FIRST_REGISTER_ID };
}

/** Must run inside a store write. The invoicing register must exist and be active (422 `unknown_register`). */
export function writeInvoiceSettings(
  s: Pick<SettingsQueries, 'set'>,
  registers: Pick<RegisterQueries, 'get'>,
  next: { invoiceAt?: InvoiceAt | undefined; invoiceRegisterId?: string | undefined },
): void {
  if (next.invoiceAt !== undefined) s.set(INVOICE_SETTING_KEYS.invoiceAt, next.invoiceAt);
  if (next.invoiceRegisterId !== undefined) {
    const r = registers.get(next.invoiceRegisterId);
    if (!r || !r.active) throw new DomainError('unknown_register', 'Invoices can only be issued by an active register.', { registerId: next.invoiceRegisterId });
    s.set(INVOICE_SETTING_KEYS.invoiceRegisterId, r.id);
  }
}

const STORE_FIELDS: { field: 'tin' | 'registeredName' | 'address'; label: string }[] = [
  { field: 'tin', label: 'The store’s TIN' },
  { field: 'registeredName', label: 'The registered name (as on the BIR certificate)' },
  { field: 'address', label: 'The registered address' },
];

/**
 * What a register (or, without one, every active register) still lacks before a Sales
 * Invoice or a Z-reading may be issued there (domain.md: TIN, registered name and address;
 * the register's MIN and serial number).
 */
export function setupStatus(receipt: Pick<ReceiptSettings, 'tin' | 'registeredName' | 'address'>, registers: readonly RegisterRow[]): SetupStatus {
  const missing: SetupItem[] = [];
  for (const f of STORE_FIELDS) {
    if (!receipt[f.field].trim()) missing.push({ field: f.field, label: f.label, registerId: null, registerCode: null });
  }
  for (const r of registers) {
    if (!r.min?.trim()) missing.push({ field: 'min', label: `Register ${r.code}: its MIN (machine identification number)`, registerId: r.id, registerCode: r.code });
    if (!r.serial_no?.trim()) missing.push({ field: 'serialNo', label: `Register ${r.code}: its serial number`, registerId: r.id, registerCode: r.code });
  }
  return { ready: missing.length === 0, missing };
}

/** 422 `setup_incomplete` unless `register` may issue `what` (an SI or a Z). */
export function requireSetup(receipt: Pick<ReceiptSettings, 'tin' | 'registeredName' | 'address'>, register: RegisterRow, what: string): void {
  const status = setupStatus(receipt, [register]);
  if (status.ready) return;
  throw new DomainError(
    'setup_incomplete',
    `${what} cannot be issued until the store is set up: ${status.missing.map((m) => m.label.replace(/^The /, 'the ')).join('; ')}.`,
    { missing: status.missing },
  );
}
