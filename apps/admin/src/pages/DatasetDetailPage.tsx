import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { request } from '../api/client';
import {
  ConsentCoverage,
  DatasetGrants,
  OfferTerms,
  RequestAccessForm,
} from '../components/DatasetAccess';
import { Columns, Preview, Reasons, Summary } from '../components/DatasetReport';
import { ErrorBox, Loading } from '../components/states';
import { DatasetDetailDocument } from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions } from '../lib/session';
import { useQuery } from '../lib/useQuery';
import { StudioLink } from './NewDatasetPage';

export function DatasetDetailPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const can = usePermissions();
  const q = useQuery(() => request(DatasetDetailDocument, { id }), id);
  const dataset = q.data?.dataset;
  const running =
    dataset?.status === 'CLASSIFYING' ||
    dataset?.classificationJob?.state === 'QUEUED' ||
    dataset?.classificationJob?.state === 'RUNNING';
  const { reload } = q;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 1500);
    return () => clearInterval(timer);
  }, [running, reload]);

  return (
    <section aria-labelledby="detail-title">
      <p>
        <Link to="/datasets">← {t('nav.datasets')}</Link>
      </p>
      {q.loading && !dataset ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={reload} />
      ) : dataset ? (
        <>
          <h1 id="detail-title">{dataset.title}</h1>
          <StudioLink dataset={dataset} />
          {dataset.status === 'IN_REVIEW' && can.canReview ? (
            <p className="flash">
              {t('detail.inReview')}{' '}
              <Link to={`/review/${dataset.id}`}>{t('detail.goReview')}</Link>
            </p>
          ) : null}
          <RequestAccessForm dataset={dataset} />
          <div className="grid-2">
            <Summary dataset={dataset} />
            <Reasons dataset={dataset} />
          </div>
          <OfferTerms dataset={dataset} />
          <ConsentCoverage dataset={dataset} />
          <DatasetGrants dataset={dataset} />
          <Columns dataset={dataset} />
          <Preview dataset={dataset} />
        </>
      ) : null}
    </section>
  );
}
