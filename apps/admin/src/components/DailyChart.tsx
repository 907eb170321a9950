import { useId } from 'react';

export interface Series {
  key: string;
  label: string;
  /** A CSS class for the series' colour. */
  tone: string;
}

/**
 * Grouped vertical bars per day in plain SVG, with a legend. As with {@link BarChart}, the
 * numbers are also a visually hidden table for screen readers.
 */
export function DailyChart({
  title,
  days,
  series,
  values,
  emptyText,
  dayLabel,
  description,
}: {
  title: string;
  /** A sentence saying what the chart shows, linked as its accessible description. */
  description?: string;
  /** yyyy-mm-dd, oldest first. */
  days: string[];
  series: Series[];
  /** values[day][series.key] */
  values: Record<string, Record<string, number>>;
  emptyText: string;
  dayLabel: string;
}) {
  const id = useId();
  const total = days.reduce(
    (sum, d) => sum + series.reduce((s, k) => s + (values[d]?.[k.key] ?? 0), 0),
    0,
  );
  const max = Math.max(1, ...days.flatMap((d) => series.map((s) => values[d]?.[s.key] ?? 0)));
  const width = 1000;
  const height = 180;
  const left = 28;
  const bottom = 22;
  const plotH = height - bottom - 8;
  const slot = (width - left) / Math.max(1, days.length);
  const barW = Math.max(2, (slot - 4) / series.length);
  return (
    <figure
      className="chart"
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
    >
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {description ? (
        <p id={`${id}-desc`} className="muted small">
          {description}
        </p>
      ) : null}
      {total === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <>
          <ul className="legend" aria-hidden="true">
            {series.map((s) => (
              <li key={s.key}>
                <span className={`legend-swatch ${s.tone}`} /> {s.label}
              </li>
            ))}
          </ul>
          <svg
            viewBox={`0 0 ${width} ${height}`}
            width="100%"
            role="img"
            aria-labelledby={`${id}-title`}
            aria-describedby={description ? `${id}-desc` : undefined}
            preserveAspectRatio="xMinYMin meet"
          >
            <text x={left - 4} y={12} textAnchor="end" className="chart-value">
              {max}
            </text>
            <line
              x1={left}
              x2={width}
              y1={8 + plotH}
              y2={8 + plotH}
              className="chart-axis"
              stroke="currentColor"
            />
            {days.map((d, i) => {
              const x0 = left + i * slot + 2;
              return (
                <g key={d}>
                  {series.map((s, j) => {
                    const v = values[d]?.[s.key] ?? 0;
                    if (v === 0) return null;
                    const h = Math.max(2, (v / max) * plotH);
                    return (
                      <rect
                        key={s.key}
                        x={x0 + j * barW}
                        y={8 + plotH - h}
                        width={barW - 1}
                        height={h}
                        className={`chart-bar ${s.tone}`}
                      >
                        <title>{`${d} · ${s.label}: ${v}`}</title>
                      </rect>
                    );
                  })}
                  {i % Math.ceil(days.length / 7) === 0 ? (
                    <text
                      x={x0 + (slot - 4) / 2}
                      y={height - 6}
                      textAnchor="middle"
                      className="chart-label"
                    >
                      {d.slice(5)}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
          <table className="visually-hidden">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{dayLabel}</th>
                {series.map((s) => (
                  <th scope="col" key={s.key}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d}>
                  <th scope="row">{d}</th>
                  {series.map((s) => (
                    <td key={s.key}>{values[d]?.[s.key] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
