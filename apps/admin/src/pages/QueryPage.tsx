import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, request } from '../api/client';
import { GrantStatusBadge } from '../components/badges';
import { QueryBudget } from '../components/QueryBudget';
import { QueryBuilderForm, type QueryColumn } from '../components/QueryBuilderForm';
import { QueryLogTable } from '../components/QueryLogTable';
import '../components/query.css';
import { QueryResult, type QueryAnswer } from '../components/QueryResult';
import { ErrorBox, Loading } from '../components/states';
import {
  QueryBuilderDocument,
  RunAggregateQueryDocument,
  type AggregateQueryInput,
} from '../graphql/generated';
import { useI18n, type Translate } from '../lib/i18n';
import { shortId, useDatasetTitles } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';

function allowsText(c: QueryColumn, t: Translate): string {
  const parts: string[] = [];
  if (c.groupable) parts.push(t('query.allowsGroup'));
  const generalised = c.generalisations.map((g) => t(`query.gen.${g}`));
  // A plain column may be generalised too, but only a quasi-identifier must be: list those.
  if (!c.groupable && generalised.length > 0)
    parts.push(t('query.allowsGeneralise', { list: generalised.join(', ') }));
  if (c.measures.length > 0) parts.push(t('query.allowsMeasures', { list: c.measures.join(', ') }));
  return parts.join('; ');
}

/** The buyer's query builder on one QUERY grant: allowed columns, measures, generalisations, answer, budget. */
export function QueryPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const titles = useDatasetTitles();
  const q = useQuery(() => request(QueryBuilderDocument, { grantId: id }), `query-builder:${id}`);
  const [answer, setAnswer] = useState<{ result: QueryAnswer; groupCount: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const grant = q.data?.grants.find((g) => g.id === id) ?? null;
  const columns = q.data?.queryableColumns ?? [];
  const usable = columns.filter(
    (c) => c.groupable || c.generalisations.length > 0 || c.measures.length > 0,
  );
  const protectedColumns = columns.filter((c) => !usable.includes(c));
  const title = grant ? (titles.get(grant.datasetId)?.title ?? shortId(grant.datasetId)) : '';

  async function run(input: AggregateQueryInput, groupCount: number) {
    setBusy(true);
    setError(null);
    try {
      const { runAggregateQuery } = await request(RunAggregateQueryDocument, {
        grantId: id,
        input,
      });
      setAnswer({ result: runAggregateQuery, groupCount });
    } catch (err) {
      // An earlier answer under a refusal would read as this question's answer.
      setAnswer(null);
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT'));
    } finally {
      setBusy(false);
      q.reload();
    }
  }

  return (
    <section aria-labelledby="query-title" className="query-page">
      <p className="small">
        <Link to={`/grants#grant-${id}`}>← {t('query.back')}</Link>
      </p>
      <h1 id="query-title">
        {t('query.title')}
        {grant ? <span className="page-subtitle"> · {title}</span> : null}
      </h1>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error && !q.data ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : !grant ? (
        <div className="state state-error" role="alert">
          {t('query.grantMissing')}
        </div>
      ) : (
        <>
          <p className="muted">{t('query.intro', { k: grant.queryPolicy?.minGroupSize ?? 10 })}</p>
          <p>
            <GrantStatusBadge status={grant.status} /> {grant.purposes.join(', ')} · {grant.region}
            {grant.statusReason ? <span className="small block">{grant.statusReason}</span> : null}
          </p>
          <div className="query-layout">
            <div className="query-main">
              <QueryBuilderForm
                columns={usable}
                dp={Boolean(grant.queryPolicy?.differentialPrivacy)}
                busy={busy}
                onRun={(input, groupCount) => void run(input, groupCount)}
              />
              {error ? <ErrorBox error={error} /> : null}
              {answer ? (
                <QueryResult answer={answer.result} groupCount={answer.groupCount} />
              ) : null}
            </div>
            <aside className="query-side">
              {grant.queryPolicy ? (
                <QueryBudget policy={grant.queryPolicy} budget={answer?.result.budget} />
              ) : null}
              <section className="card" aria-labelledby="query-columns-title">
                <h2 id="query-columns-title">{t('query.columns')}</h2>
                <p className="muted small">{t('query.columnsIntro')}</p>
                <ul className="query-columns" data-testid="query-columns">
                  {usable.map((c) => (
                    <li key={c.name}>
                      <strong>{c.name}</strong> <span className="badge">{c.category}</span>
                      <span className="small muted block">{allowsText(c, t)}</span>
                    </li>
                  ))}
                </ul>
                {protectedColumns.length > 0 ? (
                  <>
                    <h3 className="query-budget-title">{t('query.protectedTitle')}</h3>
                    <p className="small" data-testid="query-protected">
                      {t('query.protected', {
                        list: protectedColumns.map((c) => `${c.name} (${c.category})`).join(', '),
                      })}
                    </p>
                  </>
                ) : null}
              </section>
            </aside>
          </div>
          <section aria-labelledby="query-recent-title">
            <h2 id="query-recent-title">{t('query.recent')}</h2>
            <QueryLogTable
              entries={grant.queryLog}
              caption={t('query.recent')}
              testId="query-recent"
            />
          </section>
        </>
      )}
    </section>
  );
}
