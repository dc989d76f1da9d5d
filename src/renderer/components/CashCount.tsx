import { Money } from './ui';

/** counted − expected in words a cashier reads at a glance: over (green), short (red), balanced. */
export function overShortWord(overShort: number): 'Over' | 'Short' | 'Balanced' {
  return overShort > 0 ? 'Over' : overShort < 0 ? 'Short' : 'Balanced';
}

/** The result of a drawer count: expected, counted and over/short, large. */
export function CashCount({ expected, counted, overShort }: { expected: number; counted: number; overShort: number }) {
  const word = overShortWord(overShort);
  return (
    <div className="cash-count" data-testid="cash-count">
      <div className="cc-cell">
        <span className="card-label">Expected</span>
        <Money value={expected} className="amount-l" testId="cc-expected" />
      </div>
      <div className="cc-cell">
        <span className="card-label">Counted</span>
        <Money value={counted} className="amount-l" testId="cc-counted" />
      </div>
      <div className={`cc-cell cc-result os-${word.toLowerCase()}`} data-testid="cc-over-short" data-over-short={overShort}>
        <span className="card-label">{word === 'Balanced' ? 'Over / short' : word}</span>
        <span className="amount-l">{word === 'Balanced' ? 'Balanced' : <Money value={Math.abs(overShort)} />}</span>
      </div>
    </div>
  );
}

/** Over/short in a table cell or a sentence. */
export function OverShortTag({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  const word = overShortWord(value);
  return (
    <span className={`os-tag os-${word.toLowerCase()}`} data-testid="over-short-tag">
      {word}
      {value !== 0 && (
        <>
          {' '}
          <Money value={Math.abs(value)} />
        </>
      )}
    </span>
  );
}
