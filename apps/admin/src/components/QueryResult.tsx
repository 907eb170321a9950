import { useState } from 'react';
import type { RunAggregateQueryMutation } from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { BarChart } from './BarChart';

export type QueryAnswer = RunAggregateQueryMutation['runAggregateQuery'];

const cellText = (value: unknown, number: (n: number) => string): string =>
  value == null ? '—' : typeof value === 'number' ? number(value) : String(value);

/** An aggregate answer: the released groups as a table and a bar chart, and what it cost. */
export function QueryResult({ answer, groupCount }: { answer: QueryAnswer; groupCount: number }) {
  const { t, number } = useI18n();
  const measureColumns = answer.columns.slice(groupCount);
  const [chosen, setChosen] = useState(0);
  const measure = Math.min(chosen, Math.max(0, measureColumns.length - 1));
  const groupLabel = answer.columns.slice(0, groupCount).join(' · ') || t('query.chartAll');
  const bars = answer.rows.map((row) => ({
    label: groupCount
      ? row
          .slice(0, groupCount)
          .map((v) => (v == null ? '—' : String(v)))
          .join(' · ')
      : t('query.chartAll'),
    value: Math.round(Number(row[groupCount + measure] ?? 0) * 100) / 100,
  }));

  return (
    <section className="card" aria-labelledby="query-result-title" data-testid="query-result">
      <div className="card-head">
        <h2 id="query-result-title">{t('query.result')}</h2>
        <p className="muted small" role="status">
          {t('query.answered', {
            groups: number(answer.rows.length),
            suppressed: number(answer.suppressedGroups),
          })}
        </p>
      </div>
      {answer.cached ? <p className="flash">{t('query.cached')}</p> : null}
      <dl className="facts query-facts">
        <dt>{t('query.suppressed')}</dt>
        <dd data-testid="suppressed-groups">{number(answer.suppressedGroups)}</dd>
        <dt>{t('query.noise')}</dt>
        <dd data-testid="query-noise">
          {answer.noise
            ? t('query.noiseValue', {
                mechanism: answer.noise.mechanism,
                epsilon: number(answer.noise.epsilon),
              })
            : t('query.noiseNone')}
        </dd>
        <dt>{t('query.rowsScanned')}</dt>
        <dd>{number(answer.rowsScanned)}</dd>
        <dt>{t('query.duration')}</dt>
        <dd>{t('query.ms', { ms: number(answer.durationMs) })}</dd>
        <dt>{t('query.inputHash')}</dt>
        <dd className="hash">{answer.inputHash}</dd>
      </dl>
      {answer.rows.length === 0 ? (
        <p className="muted">{t('query.noRows')}</p>
      ) : (
        <div className="query-answer">
          <div className="table-wrap">
            <table className="table" data-testid="query-rows">
              <caption>{t('query.resultTable')}</caption>
              <thead>
                <tr>
                  {answer.columns.map((c, i) => (
                    <th key={c} scope="col" className={i >= groupCount ? 'num' : undefined}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {answer.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((v, i) =>
                      i < groupCount ? (
                        <th key={i} scope="row">
                          {cellText(v, number)}
                        </th>
                      ) : (
                        <td key={i} className="num">
                          {cellText(v, number)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div data-testid="query-chart">
            {measureColumns.length > 1 ? (
              <label className="field query-chart-pick">
                <span>{t('query.chartMeasure')}</span>
                <select value={measure} onChange={(e) => setChosen(Number(e.target.value))}>
                  {measureColumns.map((c, i) => (
                    <option key={c} value={i}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <BarChart
              title={t('query.chartTitle', {
                measure: measureColumns[measure] ?? '',
                group: groupLabel,
              })}
              bars={bars}
              emptyText={t('query.noRows')}
            />
          </div>
        </div>
      )}
    </section>
  );
}
