import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, streamDownload, request } from '../api/client';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  OrganizationsDocument,
  TransactionsDocument,
  type TransactionsQueryVariables,
} from '../graphql/generated';
import { dayBound, isKind, KINDS, statusLabel, TX_STATUSES as STATUSES } from '../lib/audit';

const LIMIT = 500;
import { useI18n } from '../lib/i18n';
import { useDatasetTitles } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';
import { DateInput } from '../components/DateInput';

export function TransactionsPage() {
  const { t, dateTime, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind');
  const status = params.get('status') ?? '';
  const organizationId = params.get('org') ?? '';
  const datasetId = params.get('dataset') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const variables: TransactionsQueryVariables = {
    first: LIMIT,
    ...(isKind(kind) ? { kind } : {}),
    ...(STATUSES.includes(status) ? { status } : {}),
    ...(organizationId ? { organizationId } : {}),
    ...(datasetId ? { datasetId } : {}),
    ...(dayBound(from) ? { from: dayBound(from) } : {}),
    ...(dayBound(to, true) ? { to: dayBound(to, true) } : {}),
  };
  const key = JSON.stringify(variables);
  const q = useQuery(() => request(TransactionsDocument, variables), key);
  const orgs = useQuery(() => request(OrganizationsDocument), 'orgs');
  const titles = useDatasetTitles();
  const rows = q.data?.transactions ?? [];

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  async function exportAs(format: 'csv' | 'json') {
    setExporting(format);
    setExportError(null);
    setExported(null);
    const query = new URLSearchParams({ format });
    for (const [name, value] of Object.entries(variables)) {
      if (value !== undefined && value !== null && name !== 'first') query.set(name, String(value));
    }
    try {
      const saved = await streamDownload(
        `/api/regulator/transactions?${query.toString()}`,
        `eastlake-transactions.${format}`,
      );
      setExported(t('tx.exported', { file: saved.fileName }));
    } catch (e) {
      setExportError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
    } finally {
      setExporting(null);
    }
  }

  return (
    <section aria-labelledby="tx-title">
      <h1 id="tx-title">{t('tx.title')}</h1>
      <p className="muted">{t('tx.intro')}</p>
      <form
        className="filters card"
        role="search"
        aria-label={t('tx.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="field">
          <span>{t('tx.kind')}</span>
          <select value={isKind(kind) ? kind : ''} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('filter.any')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`tx.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('field.status')}</span>
          <select value={status} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('filter.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(t, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('tx.organization')}</span>
          <select value={organizationId} onChange={(e) => set('org', e.target.value)}>
            <option value="">{t('filter.any')}</option>
            {(orgs.data?.organizations ?? [])
              .filter((o) => o.kind === 'PROVIDER' || o.kind === 'BUYER')
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>{t('field.dataset')}</span>
          <select value={datasetId} onChange={(e) => set('dataset', e.target.value)}>
            <option value="">{t('filter.any')}</option>
            {[...titles.entries()].map(([id, d]) => (
              <option key={id} value={id}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('tx.from')}</span>
          <DateInput value={from} onChange={(v) => set('from', v)} />
        </label>
        <label className="field">
          <span>{t('tx.to')}</span>
          <DateInput value={to} onChange={(v) => set('to', v)} />
        </label>
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={exporting !== null}
            onClick={() => void exportAs('csv')}
          >
            {exporting === 'csv' ? t('state.working') : t('tx.exportCsv')}
          </button>
          <button
            type="button"
            className="button"
            disabled={exporting !== null}
            onClick={() => void exportAs('json')}
          >
            {exporting === 'json' ? t('state.working') : t('tx.exportJson')}
          </button>
        </div>
      </form>
      {exported ? (
        <p className="flash" role="status">
          {exported}
        </p>
      ) : null}
      {exportError ? <ErrorBox error={exportError} /> : null}
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('tx.empty')}</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {rows.length >= LIMIT
              ? t('tx.countLimited', { count: rows.length })
              : rows.length === 1
                ? t('tx.countOne')
                : t('tx.count', { count: rows.length })}
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="tx-table" aria-busy={q.loading}>
              <caption className="visually-hidden">{t('tx.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tx.at')}</th>
                  <th scope="col">{t('tx.kind')}</th>
                  <th scope="col">{t('field.dataset')}</th>
                  <th scope="col">{t('field.provider')}</th>
                  <th scope="col">{t('field.buyer')}</th>
                  <th scope="col">{t('field.purpose')}</th>
                  <th scope="col">{t('field.status')}</th>
                  <th scope="col">{t('field.rows')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.kind}-${r.id}`}>
                    <td>{dateTime(r.at)}</td>
                    <td>
                      <span className={`badge tx-${r.kind.toLowerCase()}`}>
                        {t(`tx.kind.${r.kind}`)}
                      </span>
                    </td>
                    <th scope="row">
                      <Link to={`/datasets/${r.datasetId}`}>{r.datasetTitle}</Link>
                    </th>
                    <td>{r.providerName}</td>
                    <td>{r.buyerName}</td>
                    <td>{r.purpose ?? '—'}</td>
                    <td>{statusLabel(t, r.status)}</td>
                    <td>{r.rows == null ? '—' : number(r.rows)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
