import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { request } from '../api/client';
import { GrantStatusBadge } from '../components/badges';
import { QueryLogTable } from '../components/QueryLogTable';
import '../components/query.css';
import { Empty, ErrorBox, Loading } from '../components/states';
import { QueryLogsDocument } from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';
import { shortId, useDatasetTitles } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';

/** The query log of every QUERY grant the caller may see: providers their grants', regulators and admins all. */
export function QueryLogPage() {
  const { t, number } = useI18n();
  const { user } = useSession();
  const titles = useDatasetTitles();
  const q = useQuery(() => request(QueryLogsDocument, { first: 100 }), 'query-logs');
  const grants = (q.data?.grants ?? []).filter((g) => g.mode === 'QUERY');
  // /query-log#log-<grant id> (from the grants page) scrolls to that grant once it is shown.
  const hash = useLocation().hash.slice(1);
  const shown = grants.length > 0;
  useEffect(() => {
    if (hash && shown) document.getElementById(hash)?.scrollIntoView({ block: 'start' });
  }, [hash, shown]);

  return (
    <section aria-labelledby="query-log-title">
      <h1 id="query-log-title">{t('log.title')}</h1>
      <p className="muted">{t('log.intro')}</p>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : grants.length === 0 ? (
        <Empty>{t('log.empty')}</Empty>
      ) : (
        grants.map((g) => {
          const title = titles.get(g.datasetId)?.title ?? shortId(g.datasetId);
          const name = `${title} · ${g.purposes.join(', ')}`;
          const p = g.queryPolicy;
          const buyer =
            g.queryLog.find((e) => e.buyerOrgName)?.buyerOrgName ??
            t('log.buyerId', { id: shortId(g.buyerOrgId) });
          return (
            <section
              key={g.id}
              id={`log-${g.id}`}
              className="card"
              aria-labelledby={`log-title-${g.id}`}
              data-grant-id={g.id}
            >
              <div className="card-head">
                <h2 id={`log-title-${g.id}`}>
                  <Link to={`/datasets/${g.datasetId}`}>{title}</Link>
                  <span className="page-subtitle"> · {g.purposes.join(', ')}</span>
                </h2>
                <span>
                  <GrantStatusBadge status={g.status} />{' '}
                  {g.buyerOrgId === user?.organization.id ? (
                    <Link to={`/grants/${g.id}/query`}>{t('log.openBuilder')}</Link>
                  ) : null}
                </span>
              </div>
              <p className="small muted">
                {t('log.buyer')}: {buyer}
                {p
                  ? ` · ${t('log.summary', {
                      k: number(p.minGroupSize),
                      spent: number(p.budget.spent),
                      total:
                        p.budget.total == null
                          ? ''
                          : t('log.summaryTotal', { total: number(p.budget.total) }),
                      run: number(p.queriesRun),
                      rows: number(p.rowsScanned),
                    })}`
                  : null}
              </p>
              <QueryLogTable
                entries={g.queryLog}
                caption={t('log.tableFor', { name })}
                testId="query-log"
              />
            </section>
          );
        })
      )}
    </section>
  );
}
