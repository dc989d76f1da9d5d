import { z } from 'zod';
import type { JournalEntry, JournalKind } from '../../../shared/readings';
import { Money } from '../../components/ui';
import { fmtDate } from '../../lib/format';

export const KIND_LABEL: Record<JournalKind, string> = {
  receipt: 'Receipt',
  void: 'Void',
  reprint: 'Reprint',
  refund: 'Refund',
  x_reading: 'X-reading',
  z_reading: 'Z-reading',
};

// What each kind of entry holds, read loosely: a summary line, never a reason to fail.
const Amount = z.number().int();
const Summaries = {
  receipt: z.object({ number: z.string(), amount: Amount, customer: z.object({ name: z.string() }).optional() }),
  void: z.object({ number: z.string(), amount: Amount, reason: z.string().nullable().optional() }),
  reprint: z.object({ number: z.string(), reprintCount: z.number().int() }),
  refund: z.object({ orNumber: z.string(), amount: Amount, reason: z.string() }),
  x_reading: z.object({ number: z.number().int(), counter: z.string(), figures: z.object({ netSales: Amount }) }),
  z_reading: z.object({ zCounter: z.number().int(), businessDate: z.string(), figures: z.object({ netSales: Amount }) }),
};

/** "the content does not match" → "The content does not match." */
export function sentence(s: string): string {
  return s ? `${s[0]!.toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}` : '';
}

/** One line saying what an entry records, read loosely from its body (never a reason to fail). */
export function Summary({ e }: { e: JournalEntry }) {
  switch (e.kind) {
    case 'receipt': {
      const b = Summaries.receipt.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.number}</span> · <Money value={b.data.amount} />
          {b.data.customer ? ` · ${b.data.customer.name}` : ''}
        </>
      ) : null;
    }
    case 'void': {
      const b = Summaries.void.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.number}</span> · <Money value={b.data.amount} />
          {b.data.reason ? ` · ${b.data.reason}` : ''}
        </>
      ) : null;
    }
    case 'reprint': {
      const b = Summaries.reprint.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.number}</span> · reprint #{b.data.reprintCount}
        </>
      ) : null;
    }
    case 'refund': {
      const b = Summaries.refund.safeParse(e.body);
      return b.success ? (
        <>
          <span className="mono">{b.data.orNumber}</span> · <Money value={b.data.amount} /> · {b.data.reason}
        </>
      ) : null;
    }
    case 'x_reading': {
      const b = Summaries.x_reading.safeParse(e.body);
      return b.success ? (
        <>
          X #{b.data.number} · {b.data.counter} · net <Money value={b.data.figures.netSales} />
        </>
      ) : null;
    }
    case 'z_reading': {
      const b = Summaries.z_reading.safeParse(e.body);
      return b.success ? (
        <>
          Z #{b.data.zCounter} · {fmtDate(b.data.businessDate)} · net <Money value={b.data.figures.netSales} />
        </>
      ) : null;
    }
    default: {
      const unknown: never = e.kind;
      return <>{String(unknown)}</>;
    }
  }
}

