import { subject } from '@casl/ability';
import { request } from '../api/client';
import { DatasetPreviewDocument, type DatasetDetailQuery } from '../graphql/generated';
import { useApiText } from '../lib/api-text';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';
import { EffectiveVerdict, SeverityBadge, StatusBadge } from './badges';
import { ReasonMessage } from './ReasonMessage';
import { Empty, ErrorBox, Loading } from './states';

export type DatasetDetail = DatasetDetailQuery['dataset'];

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function Summary({ dataset }: { dataset: DatasetDetail }) {
  const { t, dateTime, number } = useI18n();
  const v = dataset.currentVersion;
  const job = dataset.classificationJob;
  return (
    <section className="card" aria-labelledby={`summary-${dataset.id}`}>
      <h2 id={`summary-${dataset.id}`}>{t('detail.summary')}</h2>
      <dl className="facts">
        <dt>{t('field.status')}</dt>
        <dd>
          <StatusBadge status={dataset.status} />
        </dd>
        <dt>{t('field.verdict')}</dt>
        <dd>
          <EffectiveVerdict verdict={dataset.classification?.verdict} offer={dataset.offer} />
        </dd>
        <dt>{t('field.owner')}</dt>
        <dd>{dataset.owner.name}</dd>
        <dt>{t('field.region')}</dt>
        <dd>{dataset.region}</dd>
        <dt>{t('field.provenance')}</dt>
        <dd>{t(`provenance.${dataset.provenance}`)}</dd>
        <dt>{t('field.created')}</dt>
        <dd>{dateTime(dataset.createdAt)}</dd>
        {dataset.reviewNote ? (
          <>
            <dt>{t('field.reviewNote')}</dt>
            <dd>{dataset.reviewNote}</dd>
          </>
        ) : null}
      </dl>
      {dataset.description ? <p className="description">{dataset.description}</p> : null}
      <h3>{t('detail.version')}</h3>
      {v ? (
        <dl className="facts">
          <dt>{t('field.versionNumber')}</dt>
          <dd>#{v.number}</dd>
          <dt>{t('field.size')}</dt>
          <dd>{formatBytes(v.bytes)}</dd>
          <dt>{t('field.rows')}</dt>
          <dd>{v.rows == null ? '—' : number(v.rows)}</dd>
          <dt>SHA-256</dt>
          <dd>
            <code className="hash">{v.sha256}</code>
          </dd>
          <dt>{t('field.uploaded')}</dt>
          <dd>{dateTime(v.createdAt)}</dd>
        </dl>
      ) : (
        <p className="muted">{t('detail.noVersion')}</p>
      )}
      {job ? (
        <div className="job">
          <h3>{t('detail.job')}</h3>
          <div className="job-line">
            <span className={`badge job-${job.state.toLowerCase()}`}>{t(`job.${job.state}`)}</span>
            <progress
              max={1}
              value={job.progress}
              aria-label={t('detail.jobProgress')}
              aria-valuetext={`${Math.round(job.progress * 100)}%`}
            />
            <span>{Math.round(job.progress * 100)}%</span>
          </div>
          {job.error ? <p className="error-text">{job.error}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

export function Reasons({ dataset }: { dataset: DatasetDetail }) {
  const { t } = useI18n();
  const text = useApiText();
  const c = dataset.classification;
  return (
    <section className="card" aria-labelledby={`reasons-${dataset.id}`}>
      <h2 id={`reasons-${dataset.id}`}>{t('detail.reasons')}</h2>
      {!c ? (
        <Empty>{t('detail.notClassified')}</Empty>
      ) : c.reasons.length === 0 ? (
        <Empty>{t('detail.noReasons')}</Empty>
      ) : (
        <ul className="reasons">
          {c.reasons.map((r, i) => (
            <li
              key={`${r.code}-${r.column ?? ''}-${i}`}
              className={`reason reason-${r.severity.toLowerCase()}`}
            >
              <div className="reason-head">
                <SeverityBadge severity={r.severity} /> <code>{r.code}</code>
                {r.column ? (
                  <span className="muted">
                    {' '}
                    · {t('field.column')} <strong>{r.column}</strong>
                  </span>
                ) : null}
              </div>
              <ReasonMessage reason={r} columns={c.columns} />
              {r.citations.length > 0 ? (
                <div className="citations">
                  <span className="muted">{t('detail.citations')}:</span>
                  <ul>
                    {r.citations.map((cite) => (
                      <li key={cite}>{text.citation(cite)}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {r.remediation ? (
                <p className="remediation">
                  <span className="muted">{t('detail.remediation')}:</span> {text.remediation(r)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {c && c.warnings.length > 0 ? (
        <ul className="warnings">
          {c.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      {c ? <p className="muted small">{t('detail.engine', { engine: c.engineVersion })}</p> : null}
    </section>
  );
}

export function Columns({ dataset }: { dataset: DatasetDetail }) {
  const { t, number } = useI18n();
  const c = dataset.classification;
  if (!c) return null;
  return (
    <section className="card" aria-labelledby={`columns-${dataset.id}`}>
      <h2 id={`columns-${dataset.id}`}>{t('detail.columns')}</h2>
      {c.columns.length === 0 ? (
        <Empty>{t('detail.noColumns')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('field.column')}</th>
                <th scope="col">{t('field.category')}</th>
                <th scope="col">{t('field.types')}</th>
              </tr>
            </thead>
            <tbody>
              {c.columns.map((col) => (
                <tr key={col.name}>
                  <th scope="row">{col.name}</th>
                  <td>
                    <span className={`badge category-${col.category.toLowerCase()}`}>
                      {col.category}
                    </span>
                  </td>
                  <td>
                    {col.types.length === 0
                      ? '—'
                      : col.types.map((ty) => (
                          <span key={ty.type} className="type-chip">
                            {ty.type} <span className="muted">{Math.round(ty.ratio * 100)}%</span>
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.exposure.length > 0 ? (
        <>
          <h3>{t('detail.exposure')}</h3>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('field.type')}</th>
                <th scope="col">{t('field.distinct')}</th>
                <th scope="col">{t('field.tier')}</th>
              </tr>
            </thead>
            <tbody>
              {c.exposure.map((e) => (
                <tr key={e.type}>
                  <th scope="row">{e.type}</th>
                  <td>{number(e.distinct)}</td>
                  <td className={e.distinct >= e.tier ? 'error-text' : undefined}>
                    {number(e.tier)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

/** The masked preview, fetched only when the shared rules allow this user to read it. */
export function Preview({ dataset }: { dataset: DatasetDetail }) {
  const { t } = useI18n();
  const { ability } = useSession();
  const allowed =
    dataset.currentVersion != null &&
    ability.can(
      'readPreview',
      subject('Dataset', { id: dataset.id, ownerOrgId: dataset.owner.id, status: dataset.status }),
    );
  const q = useQuery(
    () => request(DatasetPreviewDocument, { id: dataset.id }),
    `${dataset.id}:${dataset.currentVersion?.id ?? ''}`,
    {
      skip: !allowed,
    },
  );
  if (!allowed) return null;
  const preview = q.data?.dataset.preview;
  return (
    <section className="card" aria-labelledby={`preview-${dataset.id}`}>
      <h2 id={`preview-${dataset.id}`}>{t('detail.preview')}</h2>
      <p className="muted small">{t('detail.previewNote')}</p>
      {q.loading ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : !preview || preview.rows.length === 0 ? (
        <Empty>{t('detail.noPreview')}</Empty>
      ) : (
        <div className="table-wrap preview">
          <table className="table compact" data-testid="masked-preview">
            <thead>
              <tr>
                {preview.columns.map((col) => (
                  <th scope="col" key={col}>
                    {col}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
