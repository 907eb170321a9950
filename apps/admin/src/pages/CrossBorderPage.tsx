import { useState } from 'react';
import { ApiError, streamDownload, request } from '../api/client';
import { ConfirmButton } from '../components/ConfirmDialog';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  CrossBorderEvidenceListDocument,
  CrossBorderPositionsDocument,
  ReviewCrossBorderEvidenceDocument,
} from '../graphql/generated';
import { errorText } from '../lib/api-errors';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';
import './compliance.css';

/** Regulators (review) and admins (read): exporters' years against the CAC 2024 thresholds, and the evidence filed. */
export function CrossBorderPage() {
  const { t, number, dateTime, lang } = useI18n();
  const { ability } = useSession();
  const canReview = ability.can('review', 'CrossBorderEvidence');
  const [year, setYear] = useState(new Date().getUTCFullYear());
  const positions = useQuery(
    () => request(CrossBorderPositionsDocument, { year }),
    `cross-border-positions:${year}`,
  );
  const evidence = useQuery(
    () => request(CrossBorderEvidenceListDocument, { year }),
    `cross-border-evidence:${year}`,
  );
  const [notes, setNotes] = useState<Record<string, string>>({});
  // Updates from the latest state, not the render's: two quick edits (a fast typist, autofill, a
  // render still in progress) must not undo each other.
  const patchNotes = (patch: Record<string, string>) => setNotes((prev) => ({ ...prev, ...patch }));
  const [message, setMessage] = useState<string | null>(null);

  const noteGiven = (id: string) => {
    if ((notes[id] ?? '').trim()) return true;
    setMessage(t('crossBorder.noteRequired'));
    return false;
  };
  const review = async (id: string, approve: boolean) => {
    setMessage(null);
    const res = await request(ReviewCrossBorderEvidenceDocument, {
      id,
      approve,
      note: (notes[id] ?? '').trim(),
    });
    setMessage(
      t('crossBorder.reviewed', {
        status: t(`evidence.status.${res.reviewCrossBorderEvidence.status}`),
      }),
    );
    evidence.reload();
    positions.reload();
  };

  const rows = positions.data?.crossBorderPositions ?? [];
  const filed = evidence.data?.crossBorderEvidence ?? [];
  return (
    <section aria-labelledby="cross-border-title">
      <h1 id="cross-border-title">{t('crossBorder.title')}</h1>
      <p className="muted">{t('crossBorder.intro')}</p>
      <label className="compliance-toolbar">
        {t('crossBorder.year')}
        <input
          type="number"
          min={2024}
          max={2100}
          value={year}
          onChange={(e) => setYear(Number(e.target.value) || year)}
        />
      </label>
      {message ? <p role="status">{message}</p> : null}

      <h2>{t('crossBorder.positions')}</h2>
      {positions.loading && !positions.data ? (
        <Loading />
      ) : positions.error ? (
        <ErrorBox error={positions.error} onRetry={positions.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('crossBorder.none')}</Empty>
      ) : (
        <div className="table-wrap">
          <table
            className="table"
            data-testid="cross-border-positions"
            aria-busy={positions.loading}
          >
            <thead>
              <tr>
                <th scope="col">{t('crossBorder.col.exporter')}</th>
                <th scope="col">{t('crossBorder.col.versions')}</th>
                <th scope="col">{t('crossBorder.col.people')}</th>
                <th scope="col">{t('crossBorder.col.sensitive')}</th>
                <th scope="col">{t('crossBorder.col.needed')}</th>
                <th scope="col">{t('crossBorder.col.satisfied')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.exporterOrgId}>
                  <th scope="row">{p.exporterName}</th>
                  <td>{number(p.versions)}</td>
                  <td>{number(p.nonSensitivePeople)}</td>
                  <td>{number(p.sensitivePeople)}</td>
                  <td>
                    {t(`mechanism.${p.mechanism}`)}
                    {p.importantData ? ` (${t('crossBorder.important')})` : ''}
                    <br />
                    <small className="muted">{p.citation}</small>
                  </td>
                  <td>{p.satisfied ? t('crossBorder.yes') : t('crossBorder.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('crossBorder.evidence')}</h2>
      {evidence.loading && !evidence.data ? (
        <Loading />
      ) : evidence.error ? (
        <ErrorBox error={evidence.error} onRetry={evidence.reload} />
      ) : filed.length === 0 ? (
        <Empty>{t('crossBorder.noEvidence')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="cross-border-evidence" aria-busy={evidence.loading}>
            <thead>
              <tr>
                <th scope="col">{t('crossBorder.col.exporter')}</th>
                <th scope="col">{t('crossBorder.col.kind')}</th>
                <th scope="col">{t('crossBorder.col.file')}</th>
                <th scope="col">{t('crossBorder.col.status')}</th>
                {canReview ? <th scope="col">{t('crossBorder.col.action')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {filed.map((e) => (
                <tr key={e.id} data-evidence-id={e.id}>
                  <th scope="row">
                    {e.exporterName}, {e.year}
                  </th>
                  <td>{t(`evidence.${e.mechanism}`)}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        void streamDownload(e.documentUrl, e.fileName ?? `evidence-${e.id}`).catch(
                          (err: unknown) =>
                            setMessage(
                              err instanceof ApiError
                                ? errorText(err, lang).text || err.message
                                : String(err),
                            ),
                        )
                      }
                    >
                      {t('crossBorder.download')} {e.fileName ?? ''}
                    </button>
                    <br />
                    <small className="muted">
                      {number(e.bytes)} B · sha256 {e.sha256.slice(0, 12)}… ·{' '}
                      {dateTime(e.createdAt)}
                    </small>
                  </td>
                  <td>
                    {t(`evidence.status.${e.status}`)}
                    {e.reviewNote ? (
                      <>
                        <br />
                        <small className="muted">{e.reviewNote}</small>
                      </>
                    ) : null}
                  </td>
                  {canReview ? (
                    <td>
                      {e.status === 'PENDING' ? (
                        <>
                          <label>
                            {t('crossBorder.note')}
                            <input
                              value={notes[e.id] ?? ''}
                              onChange={(ev) => patchNotes({ [e.id]: ev.target.value })}
                            />
                          </label>
                          <ConfirmButton
                            label={t('crossBorder.approve')}
                            title={t('confirm.evidenceApproveTitle', {
                              org: e.exporterName,
                              year: e.year,
                            })}
                            consequence={
                              <p>
                                {t('confirm.evidenceApprove', {
                                  mechanism: t(`evidence.${e.mechanism}`),
                                })}
                              </p>
                            }
                            confirmLabel={t('confirm.evidenceApproveConfirm')}
                            className="button button-approve small"
                            confirmClassName="button button-approve"
                            beforeOpen={() => noteGiven(e.id)}
                            onConfirm={() => review(e.id, true)}
                          />
                          <ConfirmButton
                            label={t('crossBorder.reject')}
                            title={t('confirm.evidenceRejectTitle', {
                              org: e.exporterName,
                              year: e.year,
                            })}
                            consequence={
                              <p>
                                {t('confirm.evidenceReject', {
                                  mechanism: t(`evidence.${e.mechanism}`),
                                })}
                              </p>
                            }
                            confirmLabel={t('confirm.evidenceRejectConfirm')}
                            className="button button-reject small"
                            confirmClassName="button button-reject"
                            beforeOpen={() => noteGiven(e.id)}
                            onConfirm={() => review(e.id, false)}
                          />
                        </>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
