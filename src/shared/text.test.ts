import { describe, expect, it } from 'vitest';
import { isCleanText, MultilineText, Text } from './text.js';

describe('user text', () => {
  it('one line refuses every C0/C1 control, DEL, bidi control and lone surrogate', () => {
    const bad = ['\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0080', '\u009f', '\u202a', '\u202e', '\u2066', '\u2069', '\ud800', '\udfff', 'a\udc00b'];
    for (const c of bad) expect(isCleanText(`a${c}b`), JSON.stringify(c)).toBe(false);
  });

  it('passes real names: accents, CJK, Arabic, emoji (a surrogate pair is not a lone surrogate)', () => {
    for (const s of ['José Peña', '陈美玲', 'عمر', 'Aling Nena 🛒👍🏽', 'Ma. Luisa “Malou”', '\u00a0nbsp']) expect(isCleanText(s), s).toBe(true);
  });

  it('multi-line allows LF, tab and CRLF, still not a bare CR or other controls', () => {
    expect(isCleanText('one\ntwo\tthree\r\nfour', true)).toBe(true);
    expect(isCleanText('one\rtwo', true)).toBe(false);
    expect(isCleanText('one\u001b@', true)).toBe(false);
    expect(isCleanText('one\u202e', true)).toBe(false);
  });

  it('schemas trim first, keep their lengths and custom too-short message', () => {
    expect(Text(1, 5).parse('  abc\n')).toBe('abc');
    expect(Text(1, 5).safeParse('abcdef').success).toBe(false);
    expect(Text(3, 10, 'needs a reason').safeParse('ab').error?.issues[0]?.message).toBe('needs a reason');
    expect(MultilineText(0, 50).parse('a\nb')).toBe('a\nb');
    expect(Text(0, 50).safeParse('a\nb').success).toBe(false);
  });
});
