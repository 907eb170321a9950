import { useState, type FormEvent } from 'react';
import { ApiError, streamDownload, request } from '../api/client';
import { Empty, ErrorBox, Loading } from '../components/states';
import { StatutoryReportDocument } from '../graphql/generated';
import { errorText } from '../lib/api-errors';
import { useI18n } from '../lib/i18n';
import { useQuery } from '../lib/useQuery';
import './compliance.css';
import { DateInput } from '../components/DateInput';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** 500000 → "¥5,000.00" (amounts are integers of fen; as packages/compliance formats them). */
export function formatFen(fen: number): string {
  return `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
}

/** Regulators: the statutory period report, printable, with its PDF. */
export function StatutoryReportPage() {
  const { t, number, dateTime, lang } = useI18n();
  const now = new Date();
  const [from, setFrom] = useState(`${now.getUTCFullYear()}-01-01`);
  const [to, setTo] = useState(day(new Date(now.getTime() + 86_400_000)));
  const [period, setPeriod] = useState({ from, to });
  const [pdfError, setPdfError] = useState<string | null>(null);
  const q = useQuery(
    () =>
      request(StatutoryReportDocument, {
        from: `${period.from}T00:00:00Z`,
        to: `${period.to}T00:00:00Z`,
      }),
    `statutory-report:${period.from}:${period.to}`,
  );
  const r = q.data?.statutoryReport;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPeriod({ from, to });
  };
  const pdf = async () => {
    setPdfError(null);
    try {
      await streamDownload(
        `/api/regulator/statutory-report.pdf?from=${period.from}T00:00:00Z&to=${period.to}T00:00:00Z`,
        `eastlake-statutory-report-${period.from}-${period.to}.pdf`,
      );
    } catch (error) {
      setPdfError(
        error instanceof ApiError
          ? errorText(error, lang).text || t('statutory.pdfFailed')
          : t('statutory.pdfFailed'),
      );
    }
  };
  const counts = (list: Array<{ key: string; count: number }>) =>
    list.length ? list.map((c) => `${c.key} ${number(c.count)}`).join(' · ') : t('statutory.none');

  return (
    <section aria-labelledby="report-title" className="statutory-report">
      <h1 id="report-title">{t('statutory.title')}</h1>
      <p className="muted">{t('statutory.intro')}</p>
      <form className="compliance-toolbar no-print" onSubmit={submit}>
        <label>
          {t('statutory.from')}
          <DateInput value={from} onChange={setFrom} required />
        </label>
        <label>
          {t('statutory.to')}
          <DateInput value={to} onChange={setTo} required />
        </label>
        <button type="submit">{t('statutory.show')}</button>
        <button type="button" onClick={() => window.print()} disabled={!r}>
          {t('statutory.print')}
        </button>
        <button type="button" onClick={() => void pdf()} disabled={!r}>
          {t('statutory.pdf')}
        </button>
      </form>
      {pdfError ? <p role="alert">{pdfError}</p> : null}
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : !r ? (
        <Empty>{t('statutory.none')}</Empty>
      ) : (
        <div aria-busy={q.loading} data-testid="statutory-report">
          <p className="muted">
            {dateTime(r.from)} – {dateTime(r.to)}
          </p>
          <h2>{t('statutory.transactions')}</h2>
          <dl className="facts">
            <dt>{t('statutory.requests')}</dt>
            <dd>{counts(r.transactions.requests)}</dd>
            <dt>{t('statutory.grants')}</dt>
            <dd>{number(r.transactions.grants)}</dd>
            <dt>{t('statutory.deliveries')}</dt>
            <dd>
              {number(r.transactions.deliveries)} ({number(r.transactions.rowsDelivered)})
            </dd>
            <dt>{t('statutory.orders')}</dt>
            <dd>{number(r.transactions.orders)}</dd>
            <dt>{t('statutory.ordersAmount')}</dt>
            <dd data-testid="orders-amount">{formatFen(r.transactions.ordersAmountFen)}</dd>
            <dt>{t('statutory.unlawfulAmount')}</dt>
            <dd>{formatFen(r.transactions.unlawfulOrdersAmountFen)}</dd>
          </dl>

          <h2>{t('statutory.grades')}</h2>
          <p>{counts(r.grades)}</p>

          <h2>{t('statutory.tiers')}</h2>
          {r.tierPositions.length === 0 ? (
            <p>{t('statutory.none')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('statutory.col.org')}</th>
                  <th scope="col">{t('statutory.col.level')}</th>
                  <th scope="col">{t('statutory.col.quantity')}</th>
                  <th scope="col">{t('statutory.col.proceeds')}</th>
                </tr>
              </thead>
              <tbody>
                {r.tierPositions.map((p) => (
                  <tr key={p.organization.id}>
                    <th scope="row">
                      {p.organization.name}
                      {p.insider ? ` (${t('statutory.insider')})` : ''}
                    </th>
                    <td>{t(`tiers.level.${p.level}`)}</td>
                    <td>{number(Math.round(p.quantityShare * 100))} %</td>
                    <td>
                      {formatFen(p.proceedsFen)} / {formatFen(p.proceedsSeriousFen)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>{t('statutory.crossBorder')}</h2>
          {r.crossBorder.length === 0 ? (
            <p>{t('statutory.none')}</p>
          ) : (
            <table className="table" data-testid="report-cross-border">
              <thead>
                <tr>
                  <th scope="col">{t('statutory.col.mechanism')}</th>
                  <th scope="col">{t('statutory.col.exports')}</th>
                  <th scope="col">{t('statutory.col.people')}</th>
                  <th scope="col">{t('statutory.col.sensitive')}</th>
                </tr>
              </thead>
              <tbody>
                {r.crossBorder.map((v) => (
                  <tr key={v.mechanism}>
                    <th scope="row">{t(`mechanism.${v.mechanism}`)}</th>
                    <td>{number(v.exports)}</td>
                    <td>{number(v.people)}</td>
                    <td>{number(v.sensitivePeople)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.crossBorderPositions.length ? (
            <>
              <h3>{t('statutory.exporters')}</h3>
              <ul>
                {r.crossBorderPositions.map((p) => (
                  <li key={p.exporterOrgId}>
                    {p.exporterName}, {p.year}: {number(p.nonSensitivePeople)} /{' '}
                    {number(p.sensitivePeople)} → {t(`mechanism.${p.mechanism}`)} ({p.citation}) —{' '}
                    {p.satisfied ? t('crossBorder.yes') : t('crossBorder.no')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          <h2>{t('statutory.enforcement')}</h2>
          <dl className="facts">
            <dt>{t('statutory.issued')}</dt>
            <dd>{counts(r.enforcement.issued)}</dd>
            <dt>{t('statutory.closed')}</dt>
            <dd>{counts(r.enforcement.closed)}</dd>
            <dt>{t('statutory.activeAtEnd')}</dt>
            <dd>{number(r.enforcement.activeAtEnd)}</dd>
            <dt>{t('statutory.overdueAtEnd')}</dt>
            <dd>{number(r.enforcement.overdueAtEnd)}</dd>
          </dl>

          <h2>{t('statutory.ledger')}</h2>
          <dl className="facts">
            <dt>{t('statutory.treeSize')}</dt>
            <dd>{number(r.ledgerTreeSize)}</dd>
            <dt>{t('statutory.root')}</dt>
            <dd>
              <code data-testid="report-root">{r.ledgerRootHash}</code>
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
