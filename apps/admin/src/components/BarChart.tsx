import { useId } from 'react';

export interface Bar {
  label: string;
  value: number;
  /** A CSS class for the bar's colour. */
  tone?: string;
}

/**
 * A horizontal bar chart in plain SVG. The numbers are also given as a visually hidden
 * table, so screen readers read the data rather than the drawing.
 */
export function BarChart({
  title,
  bars,
  emptyText,
}: {
  title: string;
  bars: Bar[];
  emptyText: string;
}) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowHeight = 28;
  const labelWidth = 190;
  const width = 560;
  const chartWidth = width - labelWidth - 50;
  const height = Math.max(rowHeight, bars.length * rowHeight) + 8;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {bars.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${width} ${height}`}
            width="100%"
            role="img"
            aria-labelledby={`${id}-title`}
            preserveAspectRatio="xMinYMin meet"
          >
            {bars.map((bar, i) => {
              const y = 4 + i * rowHeight;
              const w = Math.max(2, (bar.value / max) * chartWidth);
              return (
                <g key={bar.label} transform={`translate(0, ${y})`}>
                  <text
                    x={labelWidth - 8}
                    y={rowHeight / 2}
                    dominantBaseline="middle"
                    textAnchor="end"
                    className="chart-label"
                  >
                    {bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label}
                  </text>
                  <rect
                    x={labelWidth}
                    y={4}
                    width={w}
                    height={rowHeight - 8}
                    rx={3}
                    className={`chart-bar ${bar.tone ?? ''}`}
                  />
                  <text
                    x={labelWidth + w + 6}
                    y={rowHeight / 2}
                    dominantBaseline="middle"
                    className="chart-value"
                  >
                    {bar.value}
                  </text>
                </g>
              );
            })}
          </svg>
          <table className="visually-hidden">
            <caption>{title}</caption>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.label}>
                  <th scope="row">{bar.label}</th>
                  <td>{bar.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
