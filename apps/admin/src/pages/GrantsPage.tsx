import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiError, streamDownload, request } from '../api/client';
import { GrantStatusBadge } from '../components/badges';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  GrantsDocument,
  IssueDownloadTokenDocument,
  RevokeGrantDocument,
  type GrantRowFragment,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions, useSession } from '../lib/session';
import { shortId, useDatasetTitles } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';
import { GrantPolicy } from '../components/OdrlTable';
import { useBuyerNames } from '../lib/useBuyerNames';

function safeFileName(title: string): string {
  return title.replace(/[^\p{L}\p{N} _.-]+/gu, '_').trim() || 'dataset';
}

function RevokeForm({
  grant,
  label,
  onDone,
  onCancel,
}: {
  grant: GrantRowFragment;
  label: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const helpId = `revoke-help-${grant.id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    setError(null);
    try {
      await request(RevokeGrantDocument, { id: grant.id, reason: reason.trim() });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="decide" onSubmit={submit} aria-label={t('grant.revokeFor', { name: label })}>
      <label className="field">
        <span className="small">{t('grant.reason')}</span>
        <textarea
          rows={2}
          value={reason}
          autoFocus
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={missing}
          aria-describedby={helpId}
        />
        <span id={helpId} className={missing ? 'error-text small' : 'muted small'}>
          {missing ? t('grant.reasonRequired') : t('grant.reasonHelp')}
        </span>
      </label>
      <p className="consequence small" data-testid="revoke-consequence">
        {t('confirm.revokeGrant', { name: label })}
      </p>
      <div className="actions">
        <button type="submit" className="button button-reject" disabled={busy}>
          {busy ? t('state.working') : t('grant.confirmRevoke')}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('action.cancel')}
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}

function DownloadButton({
  grant,
  title,
  label,
  onDone,
}: {
  grant: GrantRowFragment;
  title: string;
  label: string;
  onDone: (text: string) => void;
}) {
  const { t, number } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const { issueDownloadToken } = await request(IssueDownloadTokenDocument, {
        grantId: grant.id,
      });
      const saved = await streamDownload(issueDownloadToken.url, `${safeFileName(title)}.csv`);
      onDone(
        t('grant.downloaded', {
          file: saved.fileName,
          rows: saved.rows == null ? '—' : number(Number(saved.rows)),
        }),
      );
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        aria-label={t('grant.downloadFor', { name: label })}
        onClick={() => void download()}
      >
        {busy ? t('state.working') : t('grant.download')}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}

export function GrantsPage() {
  const { t, dateTime, number } = useI18n();
  const { user } = useSession();
  const can = usePermissions();
  const location = useLocation();
  const titles = useDatasetTitles();
  const buyers = useBuyerNames();
  const q = useQuery(() => request(GrantsDocument), 'grants');
  const [revoking, setRevoking] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const rows = q.data?.grants ?? [];
  const isBuyer = user?.role === 'BUYER';
  const showActions = can.canRevokeGrants || can.canDownload;

  // /grants#grant-<id> (from the requests page) scrolls to that grant once it is shown.
  const hash = location.hash.slice(1);
  const shown = rows.length > 0;
  useEffect(() => {
    if (!hash || !shown) return;
    document.getElementById(hash)?.scrollIntoView({ block: 'center' });
  }, [hash, shown]);

  return (
    <section aria-labelledby="grants-title">
      <h1 id="grants-title">{t('grants.title')}</h1>
      <p className="muted">{isBuyer ? t('grants.introBuyer') : t('grants.intro')}</p>
      {flash ? (
        <p className="flash" role="status">
          {flash}
        </p>
      ) : null}
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('grants.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="grants-table" aria-busy={q.loading}>
            <caption className="visually-hidden">{t('grants.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.dataset')}</th>
                <th scope="col">{t('field.purposes')}</th>
                <th scope="col">{t('field.region')}</th>
                <th scope="col">{t('field.status')}</th>
                <th scope="col">{t('field.expires')}</th>
                <th scope="col">{t('field.rowsDelivered')}</th>
                <th scope="col">{t('field.policy')}</th>
                {showActions ? <th scope="col">{t('orgs.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => {
                const title = titles.get(g.datasetId)?.title ?? shortId(g.datasetId);
                const label = `${title} · ${g.purposes.join(', ')}`;
                const active = g.status === 'ACTIVE';
                return (
                  <tr
                    key={g.id}
                    id={`grant-${g.id}`}
                    data-grant-id={g.id}
                    className={location.hash === `#grant-${g.id}` ? 'row-target' : undefined}
                  >
                    <th scope="row">
                      <Link to={`/datasets/${g.datasetId}`}>{title}</Link>
                      {!isBuyer ? (
                        <span className="muted small block">
                          {t('field.buyer')}{' '}
                          {g.buyerOrgId === user?.organization.id
                            ? user.organization.name
                            : (buyers.get(g.buyerOrgId) ?? shortId(g.buyerOrgId))}
                        </span>
                      ) : null}
                      <span className="muted small block">
                        {t('field.created')} {dateTime(g.createdAt)}
                      </span>
                    </th>
                    <td>{g.purposes.join(', ')}</td>
                    <td>{g.region}</td>
                    <td>
                      <GrantStatusBadge status={g.status} />
                      {g.statusReason ? <p className="small">{g.statusReason}</p> : null}
                      <span className="muted small block">
                        {g.onwardTransfer ? t('grant.onwardYes') : t('grant.onwardNo')}
                      </span>
                      {g.mode === 'QUERY' ? (
                        <span className="small block">
                          {t('grant.modeQuery')}
                          {g.buyerOrgId !== user?.organization.id ? (
                            <>
                              {' · '}
                              <Link
                                to={`/query-log#log-${g.id}`}
                                aria-label={t('grant.queryLogFor', { name: label })}
                              >
                                {t('grant.queryLog')}
                              </Link>
                            </>
                          ) : null}
                        </span>
                      ) : null}
                    </td>
                    <td>{dateTime(g.expiresAt)}</td>
                    <td>{number(g.rowsDelivered)}</td>
                    <td>
                      <details>
                        <summary>{t('grant.policy')}</summary>
                        <GrantPolicy
                          policy={g.policy}
                          names={{
                            ...(titles.get(g.datasetId)
                              ? { [titles.get(g.datasetId)!.ownerId]: titles.get(g.datasetId)!.ownerName }
                              : {}),
                            ...Object.fromEntries(buyers),
                            ...(user ? { [user.organization.id]: user.organization.name } : {}),
                          }}
                        />
                      </details>
                    </td>
                    {showActions ? (
                      <td>
                        {!active ? (
                          <span className="muted">—</span>
                        ) : revoking === g.id ? (
                          <RevokeForm
                            grant={g}
                            label={label}
                            onCancel={() => setRevoking(null)}
                            onDone={() => {
                              setRevoking(null);
                              setFlash(t('grant.revoked', { name: label }));
                              q.reload();
                            }}
                          />
                        ) : (
                          <div className="actions">
                            {g.mode === 'QUERY' && g.buyerOrgId === user?.organization.id ? (
                              <Link
                                className="button button-primary"
                                to={`/grants/${g.id}/query`}
                                aria-label={t('grant.queryFor', { name: label })}
                              >
                                {t('grant.query')}
                              </Link>
                            ) : null}
                            {can.canDownload &&
                            g.mode !== 'QUERY' &&
                            g.buyerOrgId === user?.organization.id ? (
                              <DownloadButton
                                grant={g}
                                title={title}
                                label={label}
                                onDone={(text) => {
                                  setFlash(text);
                                  q.reload();
                                }}
                              />
                            ) : null}
                            {can.canRevokeGrants ? (
                              <button
                                type="button"
                                className="button button-reject"
                                aria-label={t('grant.revokeFor', { name: label })}
                                onClick={() => setRevoking(g.id)}
                              >
                                {t('grant.revoke')}
                              </button>
                            ) : null}
                          </div>
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
