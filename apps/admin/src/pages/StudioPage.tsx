import { subject } from '@casl/ability';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, request } from '../api/client';
import { StatusBadge } from '../components/badges';
import { ConsentPanel } from '../components/ConsentPanel';
import { RemediationPanel, type StudioDataset } from '../components/RemediationPanel';
import { ErrorBox, Loading } from '../components/states';
import { UploadPanel } from '../components/UploadPanel';
import { VersionsPanel } from '../components/VersionsPanel';
import '../components/studio.css';
import { PublishDatasetDocument, StudioDatasetDocument } from '../graphql/generated';
import { useI18n, type MessageKey } from '../lib/i18n';
import { useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';

type Step = 'upload' | 'classify' | 'report' | 'consent' | 'publish' | 'published';

function stepOf(d: StudioDataset): Step {
  if (!d.currentVersion) return 'upload';
  if (d.status === 'CLASSIFYING' || !d.classification) return 'classify';
  if (d.status === 'PUBLISHED') return 'published';
  if (d.status === 'TRADEABLE') return 'publish';
  if (d.status === 'UNTRADEABLE' && d.consentCoverage.length === 0) return 'report';
  return d.status === 'UNTRADEABLE' ? 'consent' : 'report';
}

const STEPS: Array<[Step, MessageKey]> = [
  ['upload', 'studio.stepUpload'],
  ['classify', 'studio.stepClassify'],
  ['report', 'studio.stepReport'],
  ['consent', 'studio.stepConsent'],
  ['publish', 'studio.stepPublish'],
];

function Steps({ current }: { current: Step }) {
  const { t } = useI18n();
  const at = current === 'published' ? STEPS.length : STEPS.findIndex(([s]) => s === current);
  return (
    <ol className="steps" aria-label={t('studio.steps')}>
      {STEPS.map(([s, key], i) => (
        <li key={s} className={i < at ? 'step-done' : i === at ? 'step-current' : ''} aria-current={i === at ? 'step' : undefined}>
          {t(key)}
        </li>
      ))}
    </ol>
  );
}

function PublishButton({ id, disabled, onPublished }: { id: string; disabled: boolean; onPublished: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        disabled={disabled || busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          request(PublishDatasetDocument, { id })
            .then(onPublished)
            .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT')))
            .finally(() => setBusy(false));
        }}
      >
        {t('publish.button')}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}

function PublishPanel({ dataset, onPublished }: { dataset: StudioDataset; onPublished: () => void }) {
  const { t } = useI18n();
  const why: MessageKey | null =
    dataset.status === 'PUBLISHED'
      ? null
      : !dataset.owner.verified
        ? 'publish.unverified'
        : !dataset.rights.operation
          ? 'publish.noOperationRight'
          : dataset.status === 'TRADEABLE'
            ? null
            : dataset.status === 'IN_REVIEW'
              ? 'publish.inReview'
              : dataset.status === 'CLASSIFYING'
                ? 'publish.classifying'
                : 'publish.notTradeable';
  return (
    <section className="card" aria-labelledby="publish-title">
      <h2 id="publish-title">{t('publish.title')}</h2>
      {dataset.status === 'PUBLISHED' ? (
        <p className="flash" role="status">
          {t('publish.published')}
        </p>
      ) : (
        <>
          {why ? <p>{t(why)}</p> : <p>{t('publish.ready')}</p>}
          <p className="muted small">{t('publish.consequence', { region: dataset.region })}</p>
          <PublishButton id={dataset.id} disabled={why !== null} onPublished={onPublished} />
        </>
      )}
    </section>
  );
}

/** Provider studio for one dataset: upload, classification, report and fixes, consent, publish, versions. */
export function StudioPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { ability } = useSession();
  const q = useQuery(() => request(StudioDatasetDocument, { id }), `studio-${id}`);
  const dataset = q.data?.dataset;
  const { reload } = q;
  const [flash, setFlash] = useState<string | null>(null);
  const running =
    dataset?.status === 'CLASSIFYING' ||
    dataset?.classificationJob?.state === 'QUEUED' ||
    dataset?.classificationJob?.state === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 1000);
    return () => clearInterval(timer);
  }, [running, reload]);

  if (q.loading && !dataset) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} onRetry={reload} />;
  if (!dataset) return null;
  const canUpdate = ability.can('update', subject('Dataset', { ownerOrgId: dataset.owner.id, status: dataset.status }));
  const job = dataset.classificationJob;
  return (
    <section aria-labelledby="studio-title" data-testid="studio" data-running={running ? 'true' : 'false'}>
      <p>
        <Link to="/datasets">← {t('nav.datasets')}</Link> · <Link to={`/datasets/${dataset.id}`}>{t('studio.detailLink')}</Link>
      </p>
      <h1 id="studio-title">
        {dataset.title} <StatusBadge status={dataset.status} />
      </h1>
      <Steps current={stepOf(dataset)} />
      {canUpdate ? (
        <section className="card" aria-labelledby="upload-title">
          <h2 id="upload-title">{dataset.currentVersion ? t('studio.uploadNew') : t('studio.uploadFirst')}</h2>
          <p className="muted">{t('studio.uploadHint')}</p>
          <UploadPanel
            path={`/api/datasets/${dataset.id}/file`}
            inputLabel={t('studio.fileInput')}
            buttonLabel={t('studio.upload')}
            progressLabel={t('studio.uploadProgress')}
            disabled={running}
            onDone={reload}
          />
        </section>
      ) : null}
      {job ? (
        <section className="card" aria-labelledby="job-title">
          <h2 id="job-title">{t('studio.classification')}</h2>
          <div className="progress-line">
            <span className={`badge job-${job.state.toLowerCase()}`}>{t(`job.${job.state}`)}</span>
            <progress max={1} value={job.progress} aria-label={t('studio.classificationProgress')} aria-valuetext={`${Math.round(job.progress * 100)}%`} />
            <span>{Math.round(job.progress * 100)}%</span>
          </div>
          {job.error ? <p className="error-text">{job.error}</p> : null}
        </section>
      ) : null}
      {flash ? (
        <p className="flash" role="status">
          {flash}
        </p>
      ) : null}
      {!running ? (
        <RemediationPanel
          dataset={dataset}
          canFix={canUpdate}
          onRemediated={(message) => {
            setFlash(message);
            reload();
          }}
        />
      ) : null}
      {dataset.currentVersion ? <ConsentPanel dataset={dataset} canAttach={canUpdate && !running} onAttached={reload} /> : null}
      {canUpdate ? <PublishPanel dataset={dataset} onPublished={reload} /> : null}
      <VersionsPanel dataset={dataset} />
    </section>
  );
}
