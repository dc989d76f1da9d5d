import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/errors';
import { saleErrorMessage } from './setup-error';

describe('the sales desk on 422 setup_incomplete', () => {
  it('names what is missing, as one sentence, and who fixes it', () => {
    const e = new ApiError(422, 'setup_incomplete', 'A Sales Invoice cannot be issued until the store is set up: …', {
      missing: [
        { field: 'tin', label: 'The store’s TIN', registerId: null, registerCode: null },
        { field: 'min', label: 'Register C1: its MIN (machine identification number)', registerId: 'reg_c1', registerCode: 'C1' },
      ],
    });
    expect(saleErrorMessage(e)).toBe(
      'Ask an admin to finish the store setup: the store’s TIN; Register C1: its MIN (machine identification number). No Sales Invoice can be issued until then.',
    );
  });

  it('falls back to the hub’s message without a checklist, and leaves other errors to the usual wording', () => {
    expect(saleErrorMessage(new ApiError(422, 'setup_incomplete', 'Set the TIN'))).toBe('Ask an admin to finish the store setup: Set the TIN. No Sales Invoice can be issued until then.');
    expect(saleErrorMessage(new ApiError(403, 'forbidden', 'no'))).toBe('Your role is not allowed to do that.');
  });
});
