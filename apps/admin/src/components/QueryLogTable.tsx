import type { QueryLogEntryFragment } from '../graphql/generated';
import { useI18n, type MessageKey } from '../lib/i18n';
import { Empty } from './states';

const STATUS_CLASS: Record<string, string> = {
  DONE: 'status-published',
  FAILED: 'status-rejected',
  RUNNING: 'status-classifying',
};

/** One grant's query log: who asked, the input's hash, what was released and what it cost. */
export function QueryLogTable({
  entries,
  caption,
  testId,
}: {
  entries: readonly QueryLogEntryFragment[];
  caption: string;
  testId?: string;
}) {
  const { t, dateTime, number } = useI18n();
  if (entries.length === 0) return <Empty>{t('log.noQueries')}</Empty>;
  const dash = <span className="muted">—</span>;
  return (
    <div className="table-wrap">
      <table className="table query-log" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('log.time')}</th>
            <th scope="col">{t('log.buyer')}</th>
            <th scope="col">{t('log.hash')}</th>
            <th scope="col">{t('log.status')}</th>
            <th scope="col" className="num">
              {t('log.groups')}
            </th>
            <th scope="col" className="num">
              {t('log.suppressed')}
            </th>
            <th scope="col" className="num eps">
              {t('log.epsilon')}
            </th>
            <th scope="col" className="num">
              {t('log.rowsScanned')}
            </th>
            <th scope="col" className="num">
              {t('log.duration')}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((q) => (
            <tr key={q.id} data-query-id={q.id}>
              <td>{dateTime(q.createdAt)}</td>
              <td>{q.buyerOrgName ?? dash}</td>
              <td>
                <details>
                  <summary className="hash" title={q.inputHash}>
                    {q.inputHash.slice(0, 12)}…
                  </summary>
                  <p className="small muted">{t('log.input')}</p>
                  <pre className="policy">{q.canonicalInput}</pre>
                </details>
              </td>
              <td>
                <span className={`badge ${STATUS_CLASS[q.status] ?? ''}`}>
                  {t(`log.status.${q.status}` as MessageKey)}
                </span>
                {q.cached ? <span className="badge query-cached">{t('log.cachedTag')}</span> : null}
                {q.error ? <p className="small error-text">{q.error}</p> : null}
              </td>
              <td className="num">{q.groupsReturned == null ? dash : number(q.groupsReturned)}</td>
              <td className="num">
                {q.groupsSuppressed == null ? dash : number(q.groupsSuppressed)}
              </td>
              <td className="num">{number(q.epsilon)}</td>
              <td className="num">{q.rowsScanned == null ? dash : number(q.rowsScanned)}</td>
              <td className="num">
                {q.durationMs == null ? dash : t('query.ms', { ms: number(q.durationMs) })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
