import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { request } from '../api/client';
import { EffectiveVerdict, StatusBadge } from '../components/badges';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  DatasetProvidersDocument,
  DatasetsDocument,
  type DatasetFilter,
  type DatasetStatus,
  type Verdict,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions, useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';
import { NewDatasetButton } from './NewDatasetPage';

const STATUSES: DatasetStatus[] = [
  'DRAFT',
  'CLASSIFYING',
  'TRADEABLE',
  'IN_REVIEW',
  'UNTRADEABLE',
  'PUBLISHED',
  'REJECTED',
  'SUSPENDED',
];
const VERDICTS: Verdict[] = ['TRADEABLE', 'AMBIGUOUS', 'UNTRADEABLE'];
const PAGE = 20;

function isStatus(v: string | null): v is DatasetStatus {
  return v !== null && (STATUSES as string[]).includes(v);
}
function isVerdict(v: string | null): v is Verdict {
  return v !== null && (VERDICTS as string[]).includes(v);
}

export function DatasetsPage() {
  const { t, dateTime } = useI18n();
  const can = usePermissions();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const verdict = params.get('verdict');
  const search = params.get('q') ?? '';
  const region = params.get('region') ?? '';
  const purpose = params.get('purpose') ?? '';
  const provider = params.get('provider') ?? '';
  const [draft, setDraft] = useState({ search, region, purpose });
  // Updates from the latest state, not the render's: two quick edits (a fast typist, autofill, a
  // render still in progress) must not undo each other.
  const patchDraft = (patch: Partial<typeof draft>) => setDraft((prev) => ({ ...prev, ...patch }));
  // Cursors of the pages seen so far, so "previous" works with a forward-only connection.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const after = cursors[cursors.length - 1];

  const filter: DatasetFilter = {
    ...(isStatus(status) ? { status } : {}),
    ...(isVerdict(verdict) ? { verdict } : {}),
    ...(search ? { search } : {}),
    ...(region ? { region } : {}),
    ...(purpose ? { purpose } : {}),
  };
  const listed: DatasetFilter = {
    ...filter,
    ...(provider ? { providerOrganizationId: provider } : {}),
  };
  const key = JSON.stringify([listed, after]);
  const q = useQuery(() => request(DatasetsDocument, { filter: listed, first: PAGE, after }), key);
  const rows = q.data?.datasets.edges.map((e) => e.node) ?? [];
  // The provider facet: who lists what the other filters find (among the first 100).
  const facet = useQuery(
    () => request(DatasetProvidersDocument, { filter }),
    JSON.stringify(filter),
  );
  const providers = providerCounts(facet.data?.datasets.edges.map((e) => e.node.owner) ?? []);
  if (provider && !providers.some((p) => p.id === provider)) {
    const named = rows.find((d) => d.owner.id === provider)?.owner;
    providers.push({ id: provider, name: named?.name ?? provider, count: 0 });
  }

  function set(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    setCursors([null]);
  }
  function applyText(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams(params);
    for (const [name, value] of [
      ['q', draft.search.trim()],
      ['region', draft.region.trim()],
      ['purpose', draft.purpose.trim()],
    ] as const) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next);
    setCursors([null]);
  }

  return (
    <section aria-labelledby="datasets-title">
      <div className="page-head">
        <h1 id="datasets-title">{t('datasets.title')}</h1>
        <NewDatasetButton />
      </div>
      <form
        className="filters card"
        onSubmit={applyText}
        role="search"
        aria-label={t('datasets.filters')}
      >
        <label className="field">
          <span>{t('field.status')}</span>
          <select
            value={isStatus(status) ? status : ''}
            onChange={(e) => set('status', e.target.value)}
          >
            <option value="">{t('filter.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('field.verdict')}</span>
          <select
            value={isVerdict(verdict) ? verdict : ''}
            onChange={(e) => set('verdict', e.target.value)}
          >
            <option value="">{t('filter.any')}</option>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {t(`verdict.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('field.provider')}</span>
          <select
            value={provider}
            aria-label={t('field.provider')}
            onChange={(e) => set('provider', e.target.value)}
          >
            <option value="">{t('filter.any')}</option>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.count > 0
                  ? t('datasets.providerOption', { name: p.name, count: p.count })
                  : p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('filter.search')}</span>
          <input
            type="search"
            value={draft.search}
            onChange={(e) => patchDraft({ search: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('field.region')}</span>
          <input
            value={draft.region}
            placeholder="CN-HB"
            onChange={(e) => patchDraft({ region: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('field.purpose')}</span>
          <input
            value={draft.purpose}
            placeholder="marketing"
            maxLength={64}
            title={t('datasets.purposeHelp')}
            onChange={(e) => patchDraft({ purpose: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          {t('filter.apply')}
        </button>
      </form>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('datasets.empty')}</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('datasets.count', { count: q.data?.datasets.totalCount ?? 0 })}
          </p>
          <div className="table-wrap">
            <table className="table" data-testid="datasets-table" aria-busy={q.loading}>
              <thead>
                <tr>
                  <th scope="col">{t('field.title')}</th>
                  <th scope="col">{t('field.owner')}</th>
                  <th scope="col">{t('field.status')}</th>
                  <th scope="col">{t('field.verdict')}</th>
                  <th scope="col">{t('field.region')}</th>
                  <th scope="col">{t('field.rows')}</th>
                  <th scope="col">{t('field.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link to={`/datasets/${d.id}`}>{d.title}</Link>
                    </th>
                    <td>
                      {can.canAudit || d.owner.id === user?.organization.id ? (
                        <Link to={`/organizations/${d.owner.id}`}>{d.owner.name}</Link>
                      ) : (
                        d.owner.name
                      )}
                    </td>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                    <td>
                      <EffectiveVerdict verdict={d.classification?.verdict} offer={d.offer} />
                    </td>
                    <td>{d.region}</td>
                    <td>{d.currentVersion?.rows ?? '—'}</td>
                    <td>{dateTime(d.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <button
              type="button"
              className="button"
              disabled={cursors.length <= 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              ← {t('pager.previous')}
            </button>
            <span className="muted">{t('pager.page', { page: cursors.length })}</span>
            <button
              type="button"
              className="button"
              disabled={!q.data?.datasets.pageInfo.hasNextPage}
              onClick={() => {
                const end = q.data?.datasets.pageInfo.endCursor;
                if (end) setCursors([...cursors, end]);
              }}
            >
              {t('pager.next')} →
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** Distinct owners with how many listings each, by name. */
function providerCounts(
  owners: ReadonlyArray<{ id: string; name: string }>,
): Array<{ id: string; name: string; count: number }> {
  const byId = new Map<string, { id: string; name: string; count: number }>();
  for (const o of owners) {
    const seen = byId.get(o.id);
    if (seen) seen.count += 1;
    else byId.set(o.id, { id: o.id, name: o.name, count: 1 });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
