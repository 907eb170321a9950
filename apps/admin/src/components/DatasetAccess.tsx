import { subject } from '@casl/ability';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, request } from '../api/client';
import {
  DatasetConsentCoverageDocument,
  GrantsDocument,
  RequestAccessDocument,
  type RequestAccessMutation,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions, useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';
import type { DatasetDetail } from './DatasetReport';
import { GrantStatusBadge, RequestStatusBadge, VerdictBadge } from './badges';
import { OdrlTable, offerPolicy } from './OdrlTable';
import { RefusalReasons } from './RefusalReasons';
import { Empty, ErrorBox, Loading } from './states';

/** The listing's effective terms (Dataset.offer): for everyone who sees the listing, buyers included. */
export function OfferTerms({ dataset }: { dataset: DatasetDetail }) {
  const { t, number } = useI18n();
  const offer = dataset.offer;
  if (!offer) return null;
  const id = `offer-${dataset.id}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t('offer.title')}</h2>
      <p className="muted small">{t('offer.intro')}</p>
      {offer.anyPurpose ? (
        <p>{t('offer.anyPurpose')}</p>
      ) : offer.purposes.length === 0 ? (
        <p>{t('offer.nothing')}</p>
      ) : null}
      {offer.purposes.length > 0 ? (
        <table className="table compact" data-testid="offer-purposes">
          <thead>
            <tr>
              <th scope="col">{t('field.purpose')}</th>
              <th scope="col">{t('offer.consented')}</th>
              <th scope="col">{t('field.verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {offer.purposes.map((p) => (
              <tr key={p.purpose}>
                <th scope="row">{p.purpose}</th>
                <td>
                  {number(p.coveredRows)} / {number(p.neededRows)}
                </td>
                <td>
                  <VerdictBadge verdict={p.verdict} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <dl className="facts">
        <dt>{t('offer.region')}</dt>
        <dd>
          {offer.crossBorder
            ? t('offer.anywhere')
            : offer.region === 'CN'
              ? t('offer.mainland')
              : offer.region}
        </dd>
        <dt>{t('offer.delivery')}</dt>
        <dd>{offer.deliveryModes.map((m) => t(`delivery.${m}`)).join(', ')}</dd>
        <dt>{t('offer.duration')}</dt>
        <dd>{t('offer.durationText')}</dd>
      </dl>
      {offer.anyPurpose || offer.purposes.some((p) => p.verdict === 'TRADEABLE') ? (
        <>
          <h3>{t('odrl.title')}</h3>
          <p className="muted small">{t('odrl.offerIntro')}</p>
          <OdrlTable policy={offerPolicy(offer)} caption={t('odrl.title')} />
        </>
      ) : null}
    </section>
  );
}

/** Consent coverage per purpose: for the owner, admins and regulators (those who see the preview). */
export function ConsentCoverage({ dataset }: { dataset: DatasetDetail }) {
  const { t, number } = useI18n();
  const { ability } = useSession();
  const allowed =
    dataset.currentVersion != null &&
    ability.can(
      'readPreview',
      subject('Dataset', { id: dataset.id, ownerOrgId: dataset.owner.id, status: dataset.status }),
    );
  const q = useQuery(
    () => request(DatasetConsentCoverageDocument, { id: dataset.id }),
    `coverage:${dataset.id}:${dataset.currentVersion?.id ?? ''}:${dataset.status}`,
    { skip: !allowed },
  );
  if (!allowed) return null;
  const rows = q.data?.dataset.consentCoverage ?? [];
  return (
    <section className="card" aria-labelledby={`coverage-${dataset.id}`}>
      <h2 id={`coverage-${dataset.id}`}>{t('coverage.title')}</h2>
      <p className="muted small">{t('coverage.intro')}</p>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('coverage.empty')}</Empty>
      ) : (
        <table className="table compact" data-testid="consent-coverage">
          <thead>
            <tr>
              <th scope="col">{t('field.purpose')}</th>
              <th scope="col">{t('coverage.covered')}</th>
              <th scope="col">{t('field.rows')}</th>
              <th scope="col">{t('field.verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const ratio = c.neededRows > 0 ? c.coveredRows / c.neededRows : 1;
              const pct = Math.round(ratio * 100);
              return (
                <tr key={c.purpose}>
                  <th scope="row">{c.purpose}</th>
                  <td>
                    <div className="coverage">
                      <meter
                        min={0}
                        max={1}
                        low={0.999}
                        optimum={1}
                        value={ratio}
                        aria-label={t('coverage.barLabel', { purpose: c.purpose })}
                        aria-valuetext={`${pct}%`}
                      />
                      <span>
                        {pct}%{' '}
                        <span className="muted small">
                          ({number(c.coveredRows)} / {number(c.neededRows)})
                        </span>
                      </span>
                    </div>
                  </td>
                  <td>{number(c.rows)}</td>
                  <td>
                    <span className={`badge verdict-${c.verdict.toLowerCase()}`}>{c.verdict}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The grants of one dataset: for its owner and for reviewers (regulators, admins). */
export function DatasetGrants({ dataset }: { dataset: DatasetDetail }) {
  const { t, dateTime, number } = useI18n();
  const { user } = useSession();
  const can = usePermissions();
  const allowed =
    can.canReadGrants && (can.canReview || user?.organization.id === dataset.owner.id);
  // The API has no per-dataset filter: fetch what the caller may see and keep this dataset's.
  const q = useQuery(() => request(GrantsDocument), `grants:${dataset.id}`, { skip: !allowed });
  if (!allowed) return null;
  const rows = (q.data?.grants ?? []).filter((g) => g.datasetId === dataset.id);
  const id = `grants-${dataset.id}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t('detail.grants')}</h2>
      <p className="muted small">{t('detail.grantsIntro')}</p>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('detail.noGrants')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table compact" data-testid="dataset-grants">
            <caption className="visually-hidden">{t('detail.grants')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.status')}</th>
                <th scope="col">{t('field.purposes')}</th>
                <th scope="col">{t('field.region')}</th>
                <th scope="col">{t('field.expires')}</th>
                <th scope="col">{t('field.rowsDelivered')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.id} data-grant-id={g.id}>
                  <th scope="row">
                    <GrantStatusBadge status={g.status} />
                    {g.statusReason ? <p className="small">{g.statusReason}</p> : null}
                  </th>
                  <td>{g.purposes.join(', ')}</td>
                  <td>{g.region}</td>
                  <td>{dateTime(g.expiresAt)}</td>
                  <td>{number(g.rowsDelivered)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Result = RequestAccessMutation['requestAccess'];

/** A buyer asks for access to a published listing; a refusal comes back as data, with reasons. */
export function RequestAccessForm({ dataset }: { dataset: DatasetDetail }) {
  const { t } = useI18n();
  const { ability } = useSession();
  const allowed = (dataset.offer?.purposes ?? []).filter((p) => p.verdict === 'TRADEABLE');
  // Prefilled with a purpose the listing can be traded for, when it names one.
  const [purpose, setPurpose] = useState(allowed[0]?.purpose ?? '');
  const [region, setRegion] = useState('CN');
  const [days, setDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  if (!ability.can('create', 'AccessRequest') || dataset.status !== 'PUBLISHED') return null;
  const offered = (dataset.offer?.purposes ?? [])
    .filter((p) => p.verdict === 'TRADEABLE')
    .map((p) => p.purpose);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const data = await request(RequestAccessDocument, {
        input: {
          datasetId: dataset.id,
          purpose: purpose.trim(),
          region: region.trim(),
          durationDays: Number(days),
        },
      });
      setResult(data.requestAccess);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  const id = `request-${dataset.id}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t('requestAccess.title')}</h2>
      <p className="muted small">{t('requestAccess.intro')}</p>
      <form className="form-grid" onSubmit={submit}>
        <label className="field">
          <span>{t('field.purpose')}</span>
          <input
            name="purpose"
            required
            maxLength={64}
            value={purpose}
            placeholder={offered[0] ?? 'forecasting'}
            aria-describedby={`${id}-purpose-help`}
            onChange={(e) => setPurpose(e.target.value)}
          />
          <span id={`${id}-purpose-help`} className="muted small">
            {t('requestAccess.purposeHelp')}
            {offered.length > 0
              ? ` ${t('requestAccess.offered', { purposes: offered.join(', ') })}`
              : ''}
          </span>
        </label>
        <label className="field">
          <span>{t('requestAccess.region')}</span>
          <input
            name="region"
            required
            value={region}
            pattern="[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?"
            aria-describedby={`${id}-region-help`}
            onChange={(e) => setRegion(e.target.value)}
          />
          <span id={`${id}-region-help`} className="muted small">
            {t('requestAccess.regionHelp')}
          </span>
        </label>
        <label className="field">
          <span>{t('requestAccess.days')}</span>
          <input
            name="durationDays"
            type="number"
            required
            min={1}
            max={3650}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('state.working') : t('requestAccess.submit')}
          </button>
        </div>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {result ? (
        result.status === 'REFUSED' || result.status === 'DENIED' ? (
          <div className="refused-box" role="status" data-testid="request-result">
            <p>
              <RequestStatusBadge status={result.status} />{' '}
              <strong>{t('requestAccess.refused')}</strong>
            </p>
            <RefusalReasons reasons={result.reasons} codes={result.reasonCodes} />
          </div>
        ) : (
          <div className="flash" role="status" data-testid="request-result">
            <RequestStatusBadge status={result.status} />{' '}
            {result.status === 'APPROVED'
              ? t('requestAccess.approved')
              : t('requestAccess.pending')}{' '}
            <Link to="/requests">{t('requestAccess.seeRequests')}</Link>
          </div>
        )
      ) : null}
    </section>
  );
}
