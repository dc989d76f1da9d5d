import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPeso } from '../lib/format';

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

/** `₱12.3k` on axes and bar labels, where a full `₱12,345.00` would not fit; tooltips show it in full. */
export function compactPeso(centavos: number): string {
  const pesos = centavos / 100;
  const abs = Math.abs(pesos);
  if (abs >= 1_000_000) return `₱${(pesos / 1_000_000).toFixed(abs >= 10_000_000 ? 0 : 1)}M`;
  if (abs >= 1_000) return `₱${(pesos / 1_000).toFixed(abs >= 10_000 ? 0 : 1)}k`;
  return `₱${Math.round(pesos)}`;
}

const BRAND = '#0f5f8c';
const AXIS = { fontSize: 12, fill: '#4f5b6b' };

function PesoTooltip({ active, payload, label }: { active?: boolean; payload?: readonly { value?: unknown }[]; label?: unknown }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="chart-tip">
      <div className="muted small">{String(label)}</div>
      <strong>{formatPeso(Number(payload[0]!.value ?? 0))}</strong>
    </div>
  );
}

/**
 * Horizontal bars (one per category) with the amount written at the end of each bar.
 * The figures are also in a visually hidden table for screen readers.
 */
export function HBarChart({ bars, title }: { bars: Bar[]; title: string }) {
  if (bars.length === 0) return <p className="muted">Nothing yet today.</p>;
  return (
    <figure className="chart-figure" aria-label={title}>
      <ResponsiveContainer width="100%" height={Math.max(90, bars.length * 42 + 20)}>
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 72, bottom: 4, left: 8 }} accessibilityLayer={false}>
          <XAxis type="number" hide />
          <YAxis type="category" dataKey="label" width={120} tick={AXIS} axisLine={false} tickLine={false} />
          <Tooltip content={<PesoTooltip />} cursor={{ fill: '#eef2f6' }} />
          <Bar dataKey="value" radius={[0, 4, 4, 0]} isAnimationActive={false} barSize={22}>
            {bars.map((b) => (
              <Cell key={b.label} fill={b.color ?? BRAND} />
            ))}
            <LabelList dataKey="value" position="right" formatter={(v: unknown) => formatPeso(Number(v))} style={{ fontSize: 12, fill: '#17212b' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <FiguresTable title={title} rows={bars.map((b) => [b.label, b.value])} />
    </figure>
  );
}

/** Collections per day (last 14 days): axes in pesos and dates, the amount on each bar, today in the brand colour. */
export function DailyChart({ days, title }: { days: { date: string; amount: number }[]; title: string }) {
  const data = days.map((d, i) => ({ ...d, day: `${Number(d.date.slice(5, 7))}/${Number(d.date.slice(8, 10))}`, today: i === days.length - 1 }));
  return (
    <figure className="chart-figure" aria-label={title}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 22, right: 8, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="#e6e9ee" />
          <XAxis dataKey="day" tick={AXIS} tickLine={false} interval={0} />
          <YAxis tickFormatter={(v: number) => compactPeso(v)} tick={AXIS} width={56} axisLine={false} tickLine={false} />
          <Tooltip content={<PesoTooltip />} cursor={{ fill: '#eef2f6' }} />
          <Bar dataKey="amount" radius={[3, 3, 0, 0]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.date} fill={d.today ? BRAND : '#7fa9c6'} />
            ))}
            <LabelList dataKey="amount" position="top" formatter={(v: unknown) => (Number(v) ? compactPeso(Number(v)) : '')} style={{ fontSize: 10, fill: '#17212b' }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <FiguresTable title={title} rows={days.map((d) => [d.date, d.amount])} />
    </figure>
  );
}

/** The chart's figures as a table only screen readers see: a chart alone says nothing to them. */
function FiguresTable({ title, rows }: { title: string; rows: [string, number][] }) {
  return (
    <table className="sr-only">
      <caption>{title}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{formatPeso(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
