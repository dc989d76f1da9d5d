import { z } from 'zod';

/**
 * Free text people type (names, descriptions, reasons, references, notes) ends up on
 * screens, receipts, thermal printers, CSV exports and head office's reports. What must
 * stay true of every such field, whoever sent it:
 * - no C0/C1 control characters or DEL: a printer or terminal would obey them (ESC/GS
 *   start printer commands, CR/BS overwrite what is already on the line);
 * - no bidi embeddings, overrides or isolates (U+202A–202E, U+2066–2069): they reorder
 *   what is shown after them, so a name could make an amount or OR number read backwards;
 * - no lone surrogates: they are not text, and UTF-8 encoders turn them into U+FFFD, so
 *   what was stored would not be what is printed or synced.
 * Multi-line fields may also hold line feeds and tabs (and CR before LF).
 */
// With the u flag a surrogate range only matches a surrogate that is not part of a pair.
// Control characters in these patterns are the point: they are what is refused.
/* eslint-disable no-control-regex */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/u;
const FORBIDDEN_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)|[\ud800-\udfff]/u;
/* eslint-enable no-control-regex */

const MESSAGE = 'must not contain control characters, bidi overrides or invalid characters';

/** True when `s` holds nothing {@link Text} refuses. */
export function isCleanText(s: string, multiline = false): boolean {
  return !(multiline ? FORBIDDEN_MULTILINE : FORBIDDEN).test(s);
}

/**
 * One line of user text: trimmed, `min`..`max` characters, refused (400, the field named
 * by the caller's parse) when it holds a control character, a bidi override or a lone
 * surrogate. The check runs on the trimmed value, so a trailing newline is simply dropped.
 */
export function Text(min: number, max: number, tooShort?: string) {
  return z
    .string()
    .trim()
    .min(min, tooShort === undefined ? undefined : { error: tooShort })
    .max(max)
    .refine((s) => isCleanText(s), { error: MESSAGE });
}

/** Like {@link Text}, and line feeds and tabs are allowed (notes, addresses, footers). */
export function MultilineText(min: number, max: number, tooShort?: string) {
  return z
    .string()
    .trim()
    .min(min, tooShort === undefined ? undefined : { error: tooShort })
    .max(max)
    .refine((s) => isCleanText(s, true), { error: MESSAGE });
}
