import { describe, expect, it } from 'vitest';
import { asksForBuyer, buyerOf, buyerProblems } from './buyer';

const fields = (b: { name: string; address: string; tin: string }, total: number) => buyerProblems(b, total).map((p) => p.field);

describe('business buyer on the Sales Invoice', () => {
  it('below ₱1,000 with no TIN only the name is needed', () => {
    expect(fields({ name: 'Dela Cruz Trading', address: '', tin: '' }, 999_99)).toEqual([]);
    expect(fields({ name: ' ', address: '', tin: '' }, 500_00)).toEqual(['name']);
  });

  it('from ₱1,000 the address and TIN are asked for', () => {
    expect(asksForBuyer(999_99)).toBe(false);
    expect(asksForBuyer(1_000_00)).toBe(true);
    expect(fields({ name: 'Dela Cruz Trading', address: '', tin: '' }, 1_000_00)).toEqual(['address', 'tin']);
    expect(buyerProblems({ name: 'X', address: '', tin: '' }, 1_000_00)[0]!.message).toContain('₱1,000.00 or more');
  });

  it('once a TIN is given all three are needed, whatever the total, and the TIN must look like one', () => {
    expect(fields({ name: 'X', address: '', tin: '123-456-789-00000' }, 100_00)).toEqual(['address']);
    expect(fields({ name: 'X', address: 'Manila', tin: '123-456-789-00000' }, 100_00)).toEqual([]);
    expect(fields({ name: 'X', address: 'Manila', tin: '123456789' }, 100_00)).toEqual([]);
    expect(fields({ name: 'X', address: 'Manila', tin: '12-34' }, 100_00)).toEqual(['tin']);
  });

  it('sends trimmed fields and leaves empty ones out', () => {
    expect(buyerOf({ name: ' Dela Cruz Trading ', address: '', tin: '' })).toEqual({ name: 'Dela Cruz Trading' });
    expect(buyerOf({ name: 'A', address: ' 12 Rizal Ave ', tin: '123-456-789-000' })).toEqual({ name: 'A', address: '12 Rizal Ave', tin: '123-456-789-000' });
  });
});
