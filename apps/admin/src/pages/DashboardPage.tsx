import { Link } from 'react-router';
import { request } from '../api/client';
import { ComplianceReport, RiskFlags, TransactionsByDay } from '../components/AuditPanels';
import { BarChart, type Bar } from '../components/BarChart';
import { DailyChart } from '../components/DailyChart';
import { ErrorBox, Loading } from '../components/states';
import { DashboardDatasetsDocument, type DatasetStatus, type Verdict } from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions } from '../lib/session';
import { useQuery } from '../lib/useQuery';

const SAMPLE = 100;
const VERDICTS: Verdict[] = ['TRADEABLE', 'AMBIGUOUS', 'UNTRADEABLE'];
const CHART_DAYS = 14;

/** The last `n` UTC days as yyyy-mm-dd, oldest first, ending today. */
function lastDays(n: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, (_, i) =>
    new Date(today - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const can = usePermissions();
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">{t('dashboard.title')}</h1>
      <DatasetOverview />
      {can.canAuditView ? (
        <>
          <RiskFlags />
          <TransactionsByDay />
          <ComplianceReport />
        </>
      ) : null}
    </section>
  );
}

function DatasetOverview() {
  const { t, number } = useI18n();
  const q = useQuery(() => request(DashboardDatasetsDocument, { first: SAMPLE }), 'dashboard');

  if (q.loading && !q.data) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (!q.data) return null;

  const nodes = q.data.datasets.edges.map((e) => e.node);
  const verdicts = new Map<Verdict | 'NONE', number>();
  const statuses = new Map<DatasetStatus, number>();
  const reasons = new Map<string, number>();
  for (const d of nodes) {
    const v = d.classification?.verdict ?? 'NONE';
    verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
    statuses.set(d.status, (statuses.get(d.status) ?? 0) + 1);
    // A reason code counts once per dataset, however many columns raised it.
    for (const code of new Set(d.classification?.reasons.map((r) => r.code) ?? [])) {
      reasons.set(code, (reasons.get(code) ?? 0) + 1);
    }
  }
  const verdictBars: Bar[] = [
    ...VERDICTS.map((v) => ({
      label: t(`verdict.${v}`),
      value: verdicts.get(v) ?? 0,
      tone: `tone-${v.toLowerCase()}`,
    })),
    ...(verdicts.get('NONE')
      ? [{ label: t('verdict.none'), value: verdicts.get('NONE') ?? 0, tone: 'tone-none' }]
      : []),
  ];
  const reasonBars: Bar[] = [...reasons.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 12)
    .map(([code, value]) => ({ label: code, value, tone: 'tone-reason' }));
  const days = lastDays(CHART_DAYS);
  const inRange = new Set(days);
  const byDay: Record<string, Record<string, number>> = {};
  for (const d of nodes) {
    const c = d.classification;
    if (!c) continue;
    const day = new Date(c.classifiedAt).toISOString().slice(0, 10);
    if (!inRange.has(day)) continue;
    const slot = (byDay[day] ??= {});
    slot[c.verdict] = (slot[c.verdict] ?? 0) + 1;
  }
  const inReview = statuses.get('IN_REVIEW') ?? 0;
  const total = q.data.datasets.totalCount;

  return (
    <>
      <div className="tiles">
        <div className="tile">
          <span className="tile-value">{number(total)}</span>
          <span className="tile-label">{t('dashboard.listings')}</span>
        </div>
        <div className="tile">
          <span className="tile-value">{number(inReview)}</span>
          <span className="tile-label">
            <Link to="/review">{t('dashboard.awaitingReview')}</Link>
          </span>
        </div>
        <div className="tile">
          <span className="tile-value">{number(statuses.get('PUBLISHED') ?? 0)}</span>
          <span className="tile-label">{t('status.PUBLISHED')}</span>
        </div>
        <div className="tile">
          <span className="tile-value">{number(verdicts.get('UNTRADEABLE') ?? 0)}</span>
          <span className="tile-label">{t('verdict.UNTRADEABLE')}</span>
        </div>
      </div>
      {total > nodes.length ? (
        <p className="muted small">{t('dashboard.sampled', { n: nodes.length, total })}</p>
      ) : null}
      <div className="grid-2">
        <div className="card">
          <BarChart
            title={t('dashboard.verdicts')}
            bars={verdictBars}
            emptyText={t('dashboard.noData')}
          />
        </div>
        <div className="card">
          <BarChart
            title={t('dashboard.reasons')}
            bars={reasonBars}
            emptyText={t('dashboard.noReasons')}
          />
        </div>
      </div>
      <section className="card" aria-label={t('dashboard.verdictsByDay')}>
        <DailyChart
          title={t('dashboard.verdictsByDay')}
          description={t('dashboard.verdictsByDayDesc')}
          days={days}
          series={VERDICTS.map((v) => ({
            key: v,
            label: t(`verdict.${v}`),
            tone: `tone-${v.toLowerCase()}`,
          }))}
          values={byDay}
          emptyText={t('dashboard.noVerdictsByDay')}
          dayLabel={t('dashboard.day')}
        />
      </section>
    </>
  );
}
