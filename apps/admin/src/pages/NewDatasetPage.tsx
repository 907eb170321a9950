import { subject } from '@casl/ability';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, request } from '../api/client';
import { ErrorBox } from '../components/states';
import '../components/studio.css';
import { CreateDatasetDocument, StudioGrantsDocument, type Provenance } from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';
import { useDatasetTitles } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';

const PROVENANCES: Provenance[] = ['COLLECTED', 'ACQUIRED', 'PUBLIC', 'DERIVED'];

/** Provider: "New dataset" — the listing's description, region, provenance and rights. */
export function NewDatasetPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    title: '',
    description: '',
    region: 'CN',
    provenance: 'COLLECTED' as Provenance,
    parentGrantId: '',
    holding: false,
    processing: false,
    operation: false,
  });
  // Updates from the latest state, not the render's: two quick edits (a fast typist, autofill, a
  // render still in progress) must not undo each other.
  const patchForm = (patch: Partial<typeof form>) => setForm((prev) => ({ ...prev, ...patch }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const needsGrant = form.provenance === 'ACQUIRED' || form.provenance === 'DERIVED';
  const grants = useQuery(() => request(StudioGrantsDocument), 'studio-grants', { skip: !needsGrant });
  const titles = useDatasetTitles();
  const usable = (grants.data?.grants ?? []).filter(
    (g) => g.buyerOrgId === user?.organization.id && g.status === 'ACTIVE',
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { createDataset } = await request(CreateDatasetDocument, {
        input: {
          title: form.title.trim(),
          description: form.description.trim(),
          region: form.region.trim(),
          provenance: form.provenance,
          parentGrantId: needsGrant && form.parentGrantId ? form.parentGrantId : undefined,
          rights: { holding: form.holding, processing: form.processing, operation: form.operation },
        },
      });
      navigate(`/datasets/${createDataset.id}/studio`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT'));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-dataset-title">
      <p>
        <Link to="/datasets">← {t('nav.datasets')}</Link>
      </p>
      <h1 id="new-dataset-title">{t('studio.newTitle')}</h1>
      <ol className="steps" aria-label={t('studio.steps')}>
        <li className="step-current">{t('studio.stepDescribe')}</li>
        <li>{t('studio.stepUpload')}</li>
        <li>{t('studio.stepReport')}</li>
        <li>{t('studio.stepConsent')}</li>
        <li>{t('studio.stepPublish')}</li>
      </ol>
      <form className="card form-grid" onSubmit={submit}>
        <label className="field">
          <span>{t('studio.title')}</span>
          <input required maxLength={200} value={form.title} onChange={(e) => patchForm({ title: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('studio.region')}</span>
          <input
            required
            value={form.region}
            aria-describedby="region-hint"
            onChange={(e) => patchForm({ region: e.target.value })}
          />
          <small id="region-hint" className="muted">
            {t('studio.regionHint')}
          </small>
        </label>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span>{t('studio.description')}</span>
          <textarea rows={3} value={form.description} onChange={(e) => patchForm({ description: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('studio.provenance')}</span>
          <select value={form.provenance} onChange={(e) => patchForm({ provenance: e.target.value as Provenance })}>
            {PROVENANCES.map((p) => (
              <option key={p} value={p}>
                {t(`provenance.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {needsGrant ? (
          <label className="field">
            <span>{t('studio.parentGrant')}</span>
            <select value={form.parentGrantId} onChange={(e) => patchForm({ parentGrantId: e.target.value })}>
              <option value="">{t('studio.parentGrantNone')}</option>
              {usable.map((g) => (
                <option key={g.id} value={g.id}>
                  {t('studio.grantOption', {
                    title: titles.get(g.datasetId)?.title ?? g.datasetId.slice(0, 8),
                    purposes: g.purposes.join(', '),
                    onward: g.onwardTransfer ? t('studio.onwardYes') : t('studio.onwardNo'),
                  })}
                </option>
              ))}
            </select>
            <small className="muted">{t('studio.parentGrantHint')}</small>
          </label>
        ) : null}
        <fieldset className="rights" style={{ gridColumn: '1 / -1' }}>
          <legend>{t('studio.rights')}</legend>
          <p className="muted small">{t('studio.rightsHint')}</p>
          <label>
            <input type="checkbox" checked={form.holding} onChange={(e) => patchForm({ holding: e.target.checked })} />
            {t('studio.rightHolding')}
          </label>
          <label>
            <input type="checkbox" checked={form.processing} onChange={(e) => patchForm({ processing: e.target.checked })} />
            {t('studio.rightProcessing')}
          </label>
          <label>
            <input type="checkbox" checked={form.operation} onChange={(e) => patchForm({ operation: e.target.checked })} />
            {t('studio.rightOperation')}
          </label>
        </fieldset>
        {error ? <ErrorBox error={error} /> : null}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy || !form.title.trim() || !form.region.trim()}>
            {busy ? t('state.working') : t('studio.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The "New dataset" button: providers only. */
export function NewDatasetButton() {
  const { t } = useI18n();
  const { ability } = useSession();
  const navigate = useNavigate();
  if (!ability.can('create', 'Dataset')) return null;
  return (
    <button type="button" className="button button-primary" onClick={() => navigate('/datasets/new')}>
      {t('studio.newDataset')}
    </button>
  );
}

/** For the owner on a listing's page: where to upload, fix, attach consent and publish. */
export function StudioLink({ dataset }: { dataset: { id: string; status: string; owner: { id: string } } }) {
  const { t } = useI18n();
  const { ability } = useSession();
  if (!ability.can('update', subject('Dataset', { ownerOrgId: dataset.owner.id, status: dataset.status }))) return null;
  return (
    <p>
      <Link className="button" to={`/datasets/${dataset.id}/studio`}>
        {t('studio.open')}
      </Link>
    </p>
  );
}
