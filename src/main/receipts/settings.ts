import { DEFAULT_TZ_OFFSET_MINUTES } from '../../core/readings.js';
import { ReceiptSettings, UpdateReceiptSettings } from '../../shared/receipts.js';
import type { settingsQueries } from '../db/store-config.queries.js';
import { parseInput } from '../services/validate.js';

type SettingsQueries = ReturnType<typeof settingsQueries>;

const PREFIX = 'receipt.';

export function defaultReceiptSettings(storeId: string): ReceiptSettings {
  return {
    storeName: `Kahera ${storeId}`,
    registeredName: '',
    tin: '',
    address: '',
    // EOPT Act (RA 11976): the Sales Invoice is the primary document since 2024.
    documentType: 'SI',
    machineId: '',
    serialNumber: '',
    permitNumber: '',
    vatRegistered: true,
    footer: '',
    tzOffsetMinutes: DEFAULT_TZ_OFFSET_MINUTES,
  };
}

let memo: { raw: string; storeId: string; value: ReceiptSettings } | null = null;

/**
 * Receipt header settings, one `receipt.<field>` key each (JSON values), over defaults.
 * Read on every receipt (and every business date), so the parsed value is memoised on
 * the raw rows: one small query, no re-validation unless a value changed.
 */
export function readReceiptSettings(settings: SettingsQueries, storeId: string): ReceiptSettings {
  const rows = Object.entries(settings.all())
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([key, value]) => ({ key, value }));
  const raw = rows.map((r) => `${r.key}=${r.value}`).join('\n');
  if (memo && memo.raw === raw && memo.storeId === storeId) return memo.value;
  const out: Record<string, unknown> = { ...defaultReceiptSettings(storeId) };
  for (const { key, value } of rows) {
    const field = key.slice(PREFIX.length);
    if (!(field in out)) continue;
    try {
      out[field] = JSON.parse(value) as unknown;
    } catch {
      // A hand-edited non-JSON value: keep the default rather than print garbage.
    }
  }
  const parsed = ReceiptSettings.safeParse(out);
  const value = parsed.success ? parsed.data : defaultReceiptSettings(storeId);
  memo = { raw, storeId, value };
  return value;
}

/** Validates and stores the given fields (must run inside a store write). */
export function writeReceiptSettings(settings: SettingsQueries, storeId: string, input: unknown): ReceiptSettings {
  const patch = parseInput(UpdateReceiptSettings, input, 'receipt settings');
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) settings.set(PREFIX + key, JSON.stringify(value));
  return readReceiptSettings(settings, storeId);
}
