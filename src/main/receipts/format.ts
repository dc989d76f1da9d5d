import { formatPeso } from '../../core/money.js';

// Whitespace controls become a space; every other control, bidi control and lone
// surrogate is dropped.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/gu;

/**
 * User text as it may go onto paper or a screen: no control characters (a thermal
 * printer obeys ESC and GS sequences, CR and BS overwrite the line), no bidi controls
 * (they would reorder the amounts printed after a name), no lone surrogates. The
 * schemas refuse these on input; this is for what was stored before they did, and what
 * reaches a document some other way.
 */
export function printable(s: string | number | null | undefined): string {
  return String(s ?? '')
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(UNPRINTABLE, '');
}

/** Text for HTML: {@link printable}, then the five characters that matter escaped. */
export function esc(s: string | number | null | undefined): string {
  return printable(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `₱1,500.50`; `-₱12.00` for negatives. */
export function peso(centavos: number): string {
  return formatPeso(centavos);
}

/** Plain-number pesos for narrow columns: `1,500.50`, `-12.00`. */
export function amount(centavos: number): string {
  return formatPeso(centavos).replace('₱', '');
}

/** `2026-03-02 09:05` in the store's time zone. */
export function localTime(iso: string, tzOffsetMinutes: number): string {
  return new Date(Date.parse(iso) + tzOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export { TENDER_LABELS } from '../../core/tender.js';

// Shared with the cashier's on-screen receipt.
export { lineDiscountLabel, vatMark, vatSummaryRows } from '../../core/receipt-layout.js';

/** Shared print CSS: an 80 mm roll (72 mm printable), monospace, black on white. */
export const RECEIPT_CSS = `
  @page { size: 80mm auto; margin: 0; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #fff; color: #000; }
  .paper { width: 80mm; padding: 4mm; font: 11px/1.35 "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; }
  .c { text-align: center; } .r { text-align: right; } .b { font-weight: bold; }
  .big { font-size: 14px; font-weight: bold; letter-spacing: 1px; }
  .banner { border: 2px solid #000; text-align: center; font-size: 18px; font-weight: bold; letter-spacing: 4px; margin: 2mm 0; padding: 1mm; }
  hr { border: 0; border-top: 1px dashed #000; margin: 2mm 0; }
  table { width: 100%; border-collapse: collapse; }
  td { padding: 0; vertical-align: top; }
  td.r { white-space: nowrap; padding-left: 2mm; }
  .muted { font-size: 10px; }
  .sig { margin-top: 6mm; border-top: 1px solid #000; text-align: center; font-size: 10px; }
`;

export function row(label: string, value: string, cls = ''): string {
  return `<tr class="${cls}"><td>${esc(label)}</td><td class="r">${esc(value)}</td></tr>`;
}
