import { describe, expect, it } from 'vitest';
import { formatPeso } from '../../../core/money';
import { planCash, quickTenders } from './cash';

describe('planCash', () => {
  it('applies what is due and gives the rest back: ₱2,000 on ₱1,500.50 is ₱499.50 change', () => {
    expect(planCash(2_000_00, 1_500_50, { keepExcess: false, fixedAmount: false })).toEqual({ amount: 1_500_50, change: 499_50, short: 0 });
  });
  it('takes less than the due as a part payment, without change', () => {
    expect(planCash(500_00, 1_500_50, { keepExcess: false, fixedAmount: false })).toEqual({ amount: 500_00, change: 0, short: 0 });
  });
  it('keeps everything handed over when the excess is kept as deposit', () => {
    expect(planCash(2_000_00, 1_500_50, { keepExcess: true, fixedAmount: false })).toEqual({ amount: 2_000_00, change: 0, short: 0 });
  });
  it('with amounts per transaction, the due is fixed: less cash is short, more is change', () => {
    expect(planCash(600_00, 700_50, { keepExcess: false, fixedAmount: true })).toEqual({ amount: 700_50, change: 0, short: 100_50 });
    expect(planCash(1_000_00, 700_50, { keepExcess: false, fixedAmount: true })).toEqual({ amount: 700_50, change: 299_50, short: 0 });
  });
  it('applies nothing when nothing is due (the screen asks for the deposit checkbox)', () => {
    expect(planCash(100_00, 0, { keepExcess: false, fixedAmount: false })).toEqual({ amount: 0, change: 100_00, short: 0 });
  });
});

describe('quickTenders', () => {
  const labels = (due: number) => quickTenders(due, formatPeso).map((q) => q.label);
  it('offers exact, the common notes, then the next round amounts above the due', () => {
    expect(labels(1_500_50)).toEqual(['Exact', '₱100', '₱200', '₱500', '₱1,000', '₱1,600', '₱2,000']);
    expect(quickTenders(1_500_50, formatPeso)[0]).toEqual({ label: 'Exact', value: 1_500_50 });
  });
  it('does not repeat a note that is already a round amount', () => {
    expect(labels(380_00)).toEqual(['Exact', '₱100', '₱200', '₱500', '₱1,000', '₱400']);
  });
  it('has no exact button when nothing is due', () => {
    expect(labels(0)).toEqual(['₱100', '₱200', '₱500', '₱1,000']);
  });
});
