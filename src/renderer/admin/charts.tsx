import { formatPeso } from '../lib/format';

export interface Bar {
  label: string;
  value: number;
  color?: string;
}

/** Horizontal bars with peso labels: plain SVG, no chart library. */
export function HBarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const max = Math.max(1, ...bars.map((b) => Math.abs(b.value)));
  const rowH = 30;
  const labelW = 110;
  const width = 460;
  const barW = width - labelW - 110;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${bars.length * rowH + 4}`} role="img" aria-label={title}>
      {bars.map((b, i) => {
        const w = Math.max(b.value > 0 ? 2 : 0, (Math.abs(b.value) / max) * barW);
        const y = i * rowH + 4;
        return (
          <g key={b.label}>
            <text x={labelW - 8} y={y + 16} textAnchor="end" className="chart-label">
              {b.label}
            </text>
            <rect x={labelW} y={y + 3} width={barW} height={rowH - 10} rx={4} className="chart-track" />
            <rect x={labelW} y={y + 3} width={w} height={rowH - 10} rx={4} fill={b.color ?? 'var(--brand)'} />
            <text x={labelW + barW + 8} y={y + 16} className="chart-value">
              {formatPeso(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Vertical bars per day (last 14 days), today highlighted. */
export function DailyChart({ days, title }: { days: { date: string; amount: number }[]; title: string }) {
  const max = Math.max(1, ...days.map((d) => d.amount));
  const width = 460;
  const height = 150;
  const gap = 6;
  const bw = (width - gap * (days.length + 1)) / Math.max(1, days.length);
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height + 22}`} role="img" aria-label={title}>
      {days.map((d, i) => {
        const h = (d.amount / max) * height;
        const x = gap + i * (bw + gap);
        const today = i === days.length - 1;
        return (
          <g key={d.date}>
            <title>{`${d.date}: ${formatPeso(d.amount)}`}</title>
            <rect x={x} y={height - h} width={bw} height={Math.max(h, d.amount > 0 ? 2 : 0)} rx={3} fill={today ? 'var(--brand)' : '#9cc3dc'} />
            <text x={x + bw / 2} y={height + 15} textAnchor="middle" className="chart-tick">
              {Number(d.date.slice(8, 10))}
            </text>
          </g>
        );
      })}
      <line x1={0} x2={width} y1={height} y2={height} stroke="var(--line)" />
    </svg>
  );
}
