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
 * the raw rows: no re-validation unless a value changed.
 */
export function readReceiptSettings(settings: SettingsQueries, storeId: string): ReceiptSettings {
  const raw = Object.entries(settings.all())
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  return receiptSettingsFromRaw(raw, storeId);
}

/**
 * The same from `key=value` lines of the `receipt.*` settings in key order (one query:
 * `readingQueries.receiptSettingsRaw`, for the hot path of every settlement).
 */
export function receiptSettingsFromRaw(raw: string, storeId: string): ReceiptSettings {
  if (memo && memo.raw === raw && memo.storeId === storeId) return memo.value;
  const out: Record<string, unknown> = { ...defaultReceiptSettings(storeId) };
  for (const line of raw ? raw.split('\n') : []) {
    const eq = line.indexOf('=');
    const field = line.slice(PREFIX.length, eq);
    if (!(field in out)) continue;
    try {
      out[field] = JSON.parse(line.slice(eq + 1)) as unknown;
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
