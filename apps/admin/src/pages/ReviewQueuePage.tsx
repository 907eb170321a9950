import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { request } from '../api/client';
import { ConfirmButton } from '../components/ConfirmDialog';
import { VerdictBadge } from '../components/badges';
import {
  Columns,
  Preview,
  Reasons,
  Summary,
  type DatasetDetail,
} from '../components/DatasetReport';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  DatasetDetailDocument,
  DatasetsDocument,
  ReviewDatasetDocument,
  type ReviewDecision,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { useQuery } from '../lib/useQuery';

function ReviewForm({
  dataset,
  onDone,
}: {
  dataset: DatasetDetail;
  onDone: (decision: ReviewDecision) => void;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);

  async function decide(decision: ReviewDecision) {
    await request(ReviewDatasetDocument, { id: dataset.id, decision, note: note.trim() || null });
    onDone(decision);
  }
  const noteNeeded = () => {
    const missing = !note.trim();
    setNoteMissing(missing);
    return !missing;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
  };

  return (
    <form className="card review-form" onSubmit={submit} aria-labelledby={`review-${dataset.id}`}>
      <h2 id={`review-${dataset.id}`}>{t('review.decide')}</h2>
      <label className="field">
        <span>{t('review.note')}</span>
        <textarea
          name="note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={noteMissing}
          aria-describedby={`note-help-${dataset.id}`}
          placeholder={t('review.notePlaceholder')}
        />
        <span id={`note-help-${dataset.id}`} className={noteMissing ? 'error-text' : 'muted small'}>
          {noteMissing ? t('review.noteRequired') : t('review.noteHelp')}
        </span>
      </label>
      <div className="actions">
        <ConfirmButton
          label={t('review.approve')}
          title={t('review.approveTitle', { title: dataset.title })}
          consequence={
            <>
              <p>{t('review.approveConsequence', { title: dataset.title })}</p>
              {note.trim() ? (
                <p className="muted">{t('review.noteSent', { note: note.trim() })}</p>
              ) : null}
            </>
          }
          confirmLabel={t('review.approveConfirm')}
          className="button button-approve"
          confirmClassName="button button-approve"
          beforeOpen={() => {
            setNoteMissing(false);
            return true;
          }}
          onConfirm={() => decide('APPROVE')}
        />
        <ConfirmButton
          label={t('review.reject')}
          title={t('review.rejectTitle', { title: dataset.title })}
          consequence={
            <>
              <p>{t('review.rejectConsequence', { title: dataset.title })}</p>
              <p className="muted">{t('review.noteSent', { note: note.trim() })}</p>
            </>
          }
          confirmLabel={t('review.rejectConfirm')}
          className="button button-reject"
          confirmClassName="button button-reject"
          beforeOpen={noteNeeded}
          onConfirm={() => decide('REJECT')}
        />
      </div>
    </form>
  );
}

function ReviewItem({
  id,
  onDecided,
}: {
  id: string;
  onDecided: (decision: ReviewDecision) => void;
}) {
  const { t } = useI18n();
  const q = useQuery(() => request(DatasetDetailDocument, { id }), id);
  if (q.loading && !q.data) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} onRetry={q.reload} />;
  if (!q.data) return null;
  const dataset = q.data.dataset;
  return (
    <div className="review-item">
      <h2 className="page-subtitle">
        {dataset.title}{' '}
        <Link to={`/datasets/${dataset.id}`} className="small">
          {t('review.openDetail')}
        </Link>
      </h2>
      {dataset.status === 'IN_REVIEW' ? (
        <ReviewForm dataset={dataset} onDone={onDecided} />
      ) : (
        <p className="muted">{t('review.alreadyDecided')}</p>
      )}
      <Reasons dataset={dataset} />
      <Columns dataset={dataset} />
      <Preview dataset={dataset} />
      <Summary dataset={dataset} />
    </div>
  );
}

export function ReviewQueuePage() {
  const { t, dateTime } = useI18n();
  const { id } = useParams();
  const navigate = useNavigate();
  const [flash, setFlash] = useState<string | null>(null);
  const q = useQuery(
    () => request(DatasetsDocument, { filter: { status: 'IN_REVIEW' }, first: 100 }),
    'queue',
  );
  const items = q.data?.datasets.edges.map((e) => e.node) ?? [];

  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('review.title')}</h1>
      <p className="muted">{t('review.intro')}</p>
      {flash ? (
        <p className="flash" role="status">
          {flash}
        </p>
      ) : null}
      <div className="split">
        <div className="split-list">
          {q.loading && !q.data ? (
            <Loading />
          ) : q.error ? (
            <ErrorBox error={q.error} onRetry={q.reload} />
          ) : items.length === 0 ? (
            <Empty>{t('review.empty')}</Empty>
          ) : (
            <ul className="queue" aria-label={t('review.listLabel')}>
              {items.map((d) => (
                <li key={d.id}>
                  <Link
                    to={`/review/${d.id}`}
                    className={d.id === id ? 'queue-item active' : 'queue-item'}
                    aria-current={d.id === id ? 'true' : undefined}
                  >
                    <strong>{d.title}</strong>
                    <span className="muted small">
                      {d.owner.name} · {d.region} · {dateTime(d.updatedAt)}
                    </span>
                    <VerdictBadge verdict={d.classification?.verdict} />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="split-detail">
          {id ? (
            <ReviewItem
              key={id}
              id={id}
              onDecided={(decision) => {
                const title = items.find((d) => d.id === id)?.title ?? id;
                setFlash(
                  t(decision === 'APPROVE' ? 'review.approved' : 'review.rejected', { title }),
                );
                q.reload();
                navigate('/review');
              }}
            />
          ) : items.length > 0 ? (
            <Empty>{t('review.pick')}</Empty>
          ) : null}
        </div>
      </div>
    </section>
  );
}
