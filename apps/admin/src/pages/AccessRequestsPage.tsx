import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, request } from '../api/client';
import { GrantStatusBadge, RequestStatusBadge } from '../components/badges';
import { RefusalReasons } from '../components/RefusalReasons';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  AccessRequestsDocument,
  DecideAccessRequestDocument,
  type AccessRequestRowFragment,
  type AccessRequestStatus,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions, useSession } from '../lib/session';
import { shortId, useDatasetTitles, type DatasetName } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';

const STATUSES: AccessRequestStatus[] = ['PENDING', 'APPROVED', 'DENIED', 'REFUSED'];

function isStatus(v: string | null): v is AccessRequestStatus {
  return v !== null && (STATUSES as string[]).includes(v);
}

function DecideForm({
  row,
  label,
  onDecided,
}: {
  row: AccessRequestRowFragment;
  label: string;
  onDecided: (result: AccessRequestRowFragment, approve: boolean) => void;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'approve' | 'deny' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function decide(approve: boolean) {
    setBusy(approve ? 'approve' : 'deny');
    setError(null);
    try {
      const data = await request(DecideAccessRequestDocument, {
        id: row.id,
        approve,
        note: note.trim() || null,
      });
      onDecided(data.decideAccessRequest, approve);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="decide" role="group" aria-label={t('request.decideFor', { name: label })}>
      <label className="field">
        <span className="small">{t('request.note')}</span>
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-label={t('request.noteFor', { name: label })}
          placeholder={t('request.notePlaceholder')}
        />
      </label>
      <div className="actions">
        <button
          type="button"
          className="button button-approve"
          disabled={busy !== null}
          aria-label={t('request.approveFor', { name: label })}
          onClick={() => void decide(true)}
        >
          {busy === 'approve' ? t('state.working') : t('request.approve')}
        </button>
        <button
          type="button"
          className="button button-reject"
          disabled={busy !== null}
          aria-label={t('request.denyFor', { name: label })}
          onClick={() => void decide(false)}
        >
          {busy === 'deny' ? t('state.working') : t('request.deny')}
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

function datasetLabel(titles: Map<string, DatasetName>, id: string): string {
  return titles.get(id)?.title ?? shortId(id);
}

export function AccessRequestsPage() {
  const { t, dateTime } = useI18n();
  const { user } = useSession();
  const can = usePermissions();
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const [flash, setFlash] = useState<{ text: string; reasons?: AccessRequestRowFragment } | null>(
    null,
  );
  const titles = useDatasetTitles();
  const q = useQuery(() => request(AccessRequestsDocument), 'access-requests');
  const all = q.data?.accessRequests ?? [];
  const rows = isStatus(status) ? all.filter((r) => r.status === status) : all;
  const pending = all.filter((r) => r.status === 'PENDING').length;
  const isBuyer = user?.role === 'BUYER';

  function onDecided(result: AccessRequestRowFragment, approve: boolean) {
    const name = datasetLabel(titles, result.datasetId);
    if (result.status === 'APPROVED') setFlash({ text: t('request.approved', { name }) });
    else if (result.status === 'DENIED') setFlash({ text: t('request.denied', { name }) });
    else if (approve) setFlash({ text: t('request.refusedOnApproval', { name }), reasons: result });
    else setFlash({ text: t('request.decided', { name }) });
    q.reload();
  }

  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title">{t('requests.title')}</h1>
      <p className="muted">
        {isBuyer
          ? t('requests.introBuyer')
          : can.canDecideRequests
            ? t('requests.introProvider')
            : t('requests.introAudit')}
      </p>
      {flash ? (
        <div className="flash" role="status">
          {flash.text}
          {flash.reasons ? (
            <RefusalReasons reasons={flash.reasons.reasons} codes={flash.reasons.reasonCodes} />
          ) : null}
        </div>
      ) : null}
      <div className="filters card" role="search" aria-label={t('requests.filters')}>
        <label className="field">
          <span>{t('field.status')}</span>
          <select
            value={isStatus(status) ? status : ''}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('status', e.target.value);
              else next.delete('status');
              setParams(next);
            }}
          >
            <option value="">{t('filter.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`request.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {can.canDecideRequests && pending > 0 ? (
          <p className="muted small">{t('requests.pendingCount', { count: pending })}</p>
        ) : null}
      </div>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{all.length === 0 ? t('requests.empty') : t('requests.emptyFiltered')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="requests-table" aria-busy={q.loading}>
            <caption className="visually-hidden">{t('requests.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.dataset')}</th>
                <th scope="col">{t('field.purpose')}</th>
                <th scope="col">{t('field.region')}</th>
                <th scope="col">{t('field.duration')}</th>
                <th scope="col">{t('field.status')}</th>
                <th scope="col">{t('field.requested')}</th>
                <th scope="col">{t('field.grant')}</th>
                {can.canDecideRequests ? <th scope="col">{t('orgs.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const label = `${datasetLabel(titles, r.datasetId)} · ${r.purpose}`;
                return (
                  <tr key={r.id} data-request-id={r.id}>
                    <th scope="row">
                      <Link to={`/datasets/${r.datasetId}`}>
                        {datasetLabel(titles, r.datasetId)}
                      </Link>
                      {!isBuyer ? (
                        <span className="muted small block">
                          {t('field.buyer')}{' '}
                          {r.buyerOrgId === user?.organization.id
                            ? user.organization.name
                            : shortId(r.buyerOrgId)}
                        </span>
                      ) : null}
                    </th>
                    <td>{r.purpose}</td>
                    <td>{r.region}</td>
                    <td>{t('request.days', { n: r.durationDays })}</td>
                    <td>
                      <RequestStatusBadge status={r.status} />
                      {r.status === 'REFUSED' || r.status === 'DENIED' ? (
                        <RefusalReasons
                          reasons={r.reasons}
                          codes={r.reasonCodes}
                          note={r.decisionNote}
                        />
                      ) : r.decisionNote ? (
                        <p className="small">
                          <span className="muted">{t('request.note')}:</span> {r.decisionNote}
                        </p>
                      ) : null}
                    </td>
                    <td>{dateTime(r.createdAt)}</td>
                    <td>
                      {r.grant ? (
                        <Link to={`/grants#grant-${r.grant.id}`}>
                          <GrantStatusBadge status={r.grant.status} />
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    {can.canDecideRequests ? (
                      <td>
                        {r.status === 'PENDING' ? (
                          <DecideForm row={r} label={label} onDecided={onDecided} />
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    ) : null}
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
