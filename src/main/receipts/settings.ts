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

/** Receipt header settings, one `receipt.<field>` key each (JSON values), over defaults. */
export function readReceiptSettings(settings: SettingsQueries, storeId: string): ReceiptSettings {
  const out: Record<string, unknown> = { ...defaultReceiptSettings(storeId) };
  for (const key of Object.keys(out)) {
    const raw = settings.get(PREFIX + key);
    if (raw === undefined) continue;
    try {
      out[key] = JSON.parse(raw) as unknown;
    } catch {
      // A hand-edited non-JSON value: keep the default rather than print garbage.
    }
  }
  const parsed = ReceiptSettings.safeParse(out);
  return parsed.success ? parsed.data : defaultReceiptSettings(storeId);
}

/** Validates and stores the given fields (must run inside a store write). */
export function writeReceiptSettings(settings: SettingsQueries, storeId: string, input: unknown): ReceiptSettings {
  const patch = parseInput(UpdateReceiptSettings, input, 'receipt settings');
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) settings.set(PREFIX + key, JSON.stringify(value));
  return readReceiptSettings(settings, storeId);
}
