import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, streamDownload, request } from '../api/client';
import {
  ComplianceReportDocument,
  RiskFlagsDocument,
  TransactionsDocument,
} from '../graphql/generated';
import { useApiText } from '../lib/api-text';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useQuery } from '../lib/useQuery';
import { dayBound, KINDS } from '../lib/audit';
import { DailyChart } from './DailyChart';
import { Empty, ErrorBox, Loading } from './states';
import { DateInput } from './DateInput';

const CHART_DAYS = 14;

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Risk flags: buyers past exposure tiers or buying from many providers, providers with repeated untradeable uploads. */
export function RiskFlags() {
  const { t, number } = useI18n();
  const q = useQuery(() => request(RiskFlagsDocument), 'risk-flags');
  const flags = q.data?.riskFlags ?? [];
  return (
    <section className="card" aria-labelledby="risk-title">
      <h2 id="risk-title">{t('risk.title')}</h2>
      <p className="muted small">{t('risk.intro')}</p>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : flags.length === 0 ? (
        <Empty>{t('risk.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="risk-flags" aria-busy={q.loading}>
            <caption className="visually-hidden">{t('risk.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('risk.kind')}</th>
                <th scope="col">{t('tx.organization')}</th>
                <th scope="col">{t('risk.count')}</th>
                <th scope="col">{t('risk.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((f, i) => {
                const key = `risk.kind.${f.kind}` as MessageKey;
                const kindText = t(key) === key ? f.kind : t(key);
                return (
                  <tr key={`${f.kind}-${f.organization.id}-${f.piiType ?? ''}-${i}`}>
                    <td>
                      <span className="badge risk-flag" title={f.kind}>
                        {kindText}
                      </span>
                      <code className="muted small block">{f.kind}</code>
                    </td>
                    <th scope="row">
                      <Link to={`/transactions?org=${f.organization.id}`}>
                        {f.organization.name}
                      </Link>
                    </th>
                    <td>
                      <strong>{number(f.count)}</strong>
                      <span className="muted"> / {number(f.threshold)}</span>
                      {f.piiType ? <span className="type-chip">{f.piiType}</span> : null}
                    </td>
                    <td className="small">
                      <RiskMessage message={f.message} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Transactions of the last two weeks by kind and day. */
export function TransactionsByDay() {
  const { t } = useI18n();
  const [since] = useState(() => {
    const d = new Date();
    d.setUTCHours(0, 0, 0, 0);
    d.setUTCDate(d.getUTCDate() - (CHART_DAYS - 1));
    return d;
  });
  const q = useQuery(
    () => request(TransactionsDocument, { from: since.toISOString(), first: 5000 }),
    `tx-chart-${since.toISOString()}`,
  );
  const days = Array.from({ length: CHART_DAYS }, (_, i) => {
    const d = new Date(since);
    d.setUTCDate(d.getUTCDate() + i);
    return isoDay(d);
  });
  const values: Record<string, Record<string, number>> = {};
  for (const r of q.data?.transactions ?? []) {
    const day = r.at.slice(0, 10);
    const slot = (values[day] ??= {});
    slot[r.kind] = (slot[r.kind] ?? 0) + 1;
  }
  return (
    <section className="card" aria-label={t('dashboard.txByDay')}>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : (
        <DailyChart
          title={t('dashboard.txByDay')}
          days={days}
          series={KINDS.map((k) => ({
            key: k,
            label: t(`tx.kind.${k}`),
            tone: `tone-${k.toLowerCase()}`,
          }))}
          values={values}
          emptyText={t('dashboard.noTx')}
          dayLabel={t('dashboard.day')}
        />
      )}
      <p className="small">
        <Link to="/transactions">{t('dashboard.allTx')}</Link>
      </p>
    </section>
  );
}

function CountTable({
  title,
  counts,
}: {
  title: string;
  counts: ReadonlyArray<{ key: string; count: number }>;
}) {
  const { t, number } = useI18n();
  const max = Math.max(1, ...counts.map((c) => c.count));
  return (
    <div>
      <h3>{title}</h3>
      {counts.length === 0 ? (
        <p className="muted small">{t('report.none')}</p>
      ) : (
        <table className="table compact">
          <caption className="visually-hidden">{title}</caption>
          <tbody>
            {counts.map((c) => (
              <tr key={c.key}>
                <th scope="row">
                  <code>{c.key}</code>
                </th>
                <td className="count-cell">
                  <span
                    className={`count-bar tone-${c.key.toLowerCase()}`}
                    style={{ width: `${Math.max(4, (c.count / max) * 100)}%` }}
                    aria-hidden="true"
                  />
                  <span>{number(c.count)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Counts for a period with the ledger root at its end; CSV export from the REST route. */
export function ComplianceReport() {
  const { t, number } = useI18n();
  const [range, setRange] = useState(() => {
    const now = new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    return { from: isoDay(first), to: isoDay(now) };
  });
  // Updates from the latest state, not the render's: two quick edits (a fast typist, autofill, a
  // render still in progress) must not undo each other.
  const patchRange = (patch: Partial<typeof range>) => setRange((prev) => ({ ...prev, ...patch }));
  const from = dayBound(range.from);
  const to = dayBound(range.to, true);
  const valid = from !== undefined && to !== undefined && from < to;
  const q = useQuery(
    () => request(ComplianceReportDocument, { from: from ?? '', to: to ?? '' }),
    `report-${from}-${to}`,
    { skip: !valid },
  );
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const report = q.data?.complianceReport;

  async function exportCsv() {
    if (!from || !to) return;
    setExporting(true);
    setExportError(null);
    try {
      const query = new URLSearchParams({ from, to, format: 'csv' });
      await streamDownload(
        `/api/regulator/compliance-report?${query.toString()}`,
        `eastlake-compliance-report-${range.from}-${range.to}.csv`,
      );
    } catch (e) {
      setExportError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="card" aria-labelledby="report-title" data-testid="compliance-report">
      <div className="card-head">
        <h2 id="report-title">{t('report.title')}</h2>
      </div>
      <form
        className="filters"
        aria-label={t('report.period')}
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="field">
          <span>{t('tx.from')}</span>
          <DateInput value={range.from} onChange={(from) => patchRange({ from })} />
        </label>
        <label className="field">
          <span>{t('tx.to')}</span>
          <DateInput value={range.to} onChange={(to) => patchRange({ to })} />
        </label>
        <button
          type="button"
          className="button"
          disabled={!valid || exporting}
          onClick={() => void exportCsv()}
        >
          {exporting ? t('state.working') : t('report.exportCsv')}
        </button>
      </form>
      {!valid ? <p className="error-text">{t('report.badPeriod')}</p> : null}
      {exportError ? <ErrorBox error={exportError} /> : null}
      {!valid ? null : q.loading && !report ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : report ? (
        <div aria-busy={q.loading}>
          <div className="tiles">
            <div className="tile">
              <span className="tile-value">{number(report.deliveries)}</span>
              <span className="tile-label">{t('report.deliveries')}</span>
            </div>
            <div className="tile">
              <span className="tile-value">{number(report.ledgerTreeSize)}</span>
              <span className="tile-label">{t('report.treeSize')}</span>
            </div>
          </div>
          <p className="small">
            <span className="muted">{t('report.rootHash')}:</span>{' '}
            <code className="hash">{report.ledgerRootHash}</code>
          </p>
          <div className="grid-3">
            <CountTable title={t('report.verdicts')} counts={report.verdicts} />
            <CountTable title={t('report.decisions')} counts={report.decisions} />
            <CountTable title={t('report.reasonCodes')} counts={report.reasonCodes} />
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** A risk flag's detail in the current language; an untranslated one keeps its original collapsed. */
function RiskMessage({ message }: { message: string }) {
  const { t } = useI18n();
  const { text, fallback } = useApiText().risk(message);
  return (
    <>
      {text}
      {fallback ? (
        <details className="original">
          <summary>{t('apiText.original')}</summary>
          {message}
        </details>
      ) : null}
    </>
  );
}
