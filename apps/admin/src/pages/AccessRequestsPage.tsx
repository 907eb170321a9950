import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { request } from '../api/client';
import { ConfirmButton } from '../components/ConfirmDialog';
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
import { useBuyerNames } from '../lib/useBuyerNames';

const STATUSES: AccessRequestStatus[] = ['PENDING', 'APPROVED', 'DENIED', 'REFUSED'];

function isStatus(v: string | null): v is AccessRequestStatus {
  return v !== null && (STATUSES as string[]).includes(v);
}

function DecideForm({
  row,
  label,
  buyer,
  onDecided,
}: {
  row: AccessRequestRowFragment;
  label: string;
  /** The buyer's organization, by name when known. */
  buyer: string;
  onDecided: (result: AccessRequestRowFragment, approve: boolean) => void;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const describedBy = `decide-${row.id}`;

  async function decide(approve: boolean) {
    const data = await request(DecideAccessRequestDocument, {
      id: row.id,
      approve,
      note: note.trim() || null,
    });
    onDecided(data.decideAccessRequest, approve);
  }

  const terms = { buyer, name: label, purpose: row.purpose, region: row.region, days: row.durationDays };
  return (
    <div className="decide" role="group" aria-label={t('request.decideFor', { name: label })}>
      <span id={describedBy} className="visually-hidden">
        {label}
      </span>
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
        <ConfirmButton
          label={t('request.approve')}
          describedBy={describedBy}
          title={t('decide.approveTitle', { name: label })}
          consequence={<p>{t('decide.approveConsequence', terms)}</p>}
          confirmLabel={t('decide.approveConfirm')}
          className="button button-approve"
          confirmClassName="button button-approve"
          onConfirm={() => decide(true)}
        />
        <ConfirmButton
          label={t('request.deny')}
          describedBy={describedBy}
          title={t('decide.denyTitle', { name: label })}
          consequence={<p>{t('decide.denyConsequence', terms)}</p>}
          confirmLabel={t('decide.denyConfirm')}
          className="button button-reject"
          confirmClassName="button button-reject"
          onConfirm={() => decide(false)}
        />
      </div>
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
  const buyers = useBuyerNames();
  const q = useQuery(() => request(AccessRequestsDocument), 'access-requests');
  const buyerName = (id: string) =>
    id === user?.organization.id ? user.organization.name : (buyers.get(id) ?? shortId(id));
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
                          {buyerName(r.buyerOrgId)}
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
                          <DecideForm row={r} label={label} buyer={buyerName(r.buyerOrgId)} onDecided={onDecided} />
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
