import { useState } from 'react';
import { ApiError, request } from '../api/client';
import {
  RemediateDatasetDocument,
  type ColumnTransformInput,
  type StudioDatasetQuery,
} from '../graphql/generated';
import { useI18n, type MessageKey, type Translate } from '../lib/i18n';
import { useApiText } from '../lib/api-text';
import { EffectiveVerdict, SeverityBadge } from './badges';
import { ReasonMessage } from './ReasonMessage';
import { Empty, ErrorBox } from './states';
import './studio.css';

export type StudioDataset = StudioDatasetQuery['dataset'];
type Column = NonNullable<StudioDataset['classification']>['columns'][number];

const VERDICTS = ['TRADEABLE', 'AMBIGUOUS', 'UNTRADEABLE'] as const;
/** Consent coverage as the offer's purposes (the verdict a purpose's coverage gives). */
const asOffered = (c: StudioDataset['consentCoverage'][number]) => ({
  ...c,
  verdict: VERDICTS.find((v) => v === c.verdict) ?? 'UNTRADEABLE',
});

export interface Fix {
  label: string;
  transforms: ColumnTransformInput[];
}

const IDENTIFYING = new Set(['CN_MOBILE', 'EMAIL', 'CN_RESIDENT_ID', 'BANK_CARD', 'CN_PASSPORT', 'STOCK_ACCOUNT', 'IP_ADDRESS', 'PSEUDONYMOUS_ID', 'PERSON_NAME']);

const CATEGORY_KEYS: Record<string, MessageKey> = {
  SENSITIVE: 'category.SENSITIVE',
  DIRECT_IDENTIFIER: 'category.DIRECT_IDENTIFIER',
  PERSON_NAME: 'category.PERSON_NAME',
  QUASI_IDENTIFIER: 'category.QUASI_IDENTIFIER',
  PSEUDONYMOUS: 'category.PSEUDONYMOUS',
  ONLINE_IDENTIFIER: 'category.ONLINE_IDENTIFIER',
  ENTERPRISE: 'category.ENTERPRISE',
  NONE: 'category.NONE',
};

export function categoryLabel(t: Translate, category: string): string {
  const key = CATEGORY_KEYS[category];
  return key ? t(key) : category;
}

/** The type a column holds (≥ 60 %), else its most frequent one. */
function heldType(column: Column): string | null {
  const types = [...column.types].sort((a, b) => b.ratio - a.ratio);
  return (types.find((ty) => ty.ratio >= 0.6) ?? types[0])?.type ?? null;
}

/** The transforms that address a column, as buttons named for what they do. */
export function fixesForColumn(column: Column, t: Translate): Fix[] {
  if (column.category === 'NONE' || column.category === 'ENTERPRISE') return [];
  const name = column.name;
  const type = heldType(column);
  const one = (label: string, transform: ColumnTransformInput): Fix => ({ label, transforms: [transform] });
  const drop = one(t('fix.drop', { column: name }), { kind: 'DROP', column: name });
  const mask = one(t('fix.mask', { column: name }), { kind: 'MASK', column: name });
  const hash = one(t('fix.hash', { column: name }), { kind: 'HASH', column: name });
  switch (type) {
    case 'ADDRESS':
      return [one(t('fix.district', { column: name }), { kind: 'GENERALISE', column: name, mode: 'DISTRICT' }), mask, drop];
    case 'BIRTH_DATE':
      return [
        one(t('fix.year', { column: name }), { kind: 'GENERALISE', column: name, mode: 'YEAR' }),
        one(t('fix.ageBand', { column: name }), { kind: 'GENERALISE', column: name, mode: 'AGE_BAND' }),
        drop,
      ];
    case 'AGE':
    case 'MINOR':
      return [one(t('fix.ageBand', { column: name }), { kind: 'GENERALISE', column: name, mode: 'AGE_BAND' }), drop];
    case 'GEO_TRACE':
      return [one(t('fix.round', { column: name }), { kind: 'GENERALISE', column: name, mode: 'ROUND_COORDINATES' }), drop];
    default:
      return type && IDENTIFYING.has(type) ? [mask, hash, drop] : [drop];
  }
}

/** "Keep the 150 consented rows": per purpose whose consent covers some but not all rows. */
export function subsetFixes(dataset: StudioDataset, t: Translate): Fix[] {
  return dataset.consentCoverage
    .filter((c) => c.coveredRows > 0 && c.coveredRows < c.neededRows)
    .map((c) => ({
      label: t('fix.subset', { n: c.coveredRows, purpose: c.purpose }),
      transforms: [{ kind: 'COVERED_SUBSET', purpose: c.purpose }],
    }));
}

function FixButton({ dataset, fix, onDone }: { dataset: StudioDataset; fix: Fix; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          request(RemediateDatasetDocument, { id: dataset.id, transforms: fix.transforms })
            .then(({ remediateDataset }) =>
              onDone(t('fix.done', { label: fix.label, n: remediateDataset.currentVersion?.number ?? '?' })),
            )
            .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT')))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t('state.working') : fix.label}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}

/**
 * The report as a data dictionary: each column with its category, types and ratios, the
 * reasons that point at it (with citations and the remediation in words) and the fixes as
 * buttons that derive a new version server-side.
 */
export function RemediationPanel({
  dataset,
  onRemediated,
  canFix,
}: {
  dataset: StudioDataset;
  /** Called with what was applied, in words, once the new version exists. */
  onRemediated: (message: string) => void;
  canFix: boolean;
}) {
  const { t } = useI18n();
  const text = useApiText();
  const c = dataset.classification;
  if (!c) return null;
  const done = onRemediated;
  const datasetReasons = c.reasons.filter((r) => !r.column);
  const subsets = subsetFixes(dataset, t);
  return (
    <section className="card" aria-labelledby="dictionary-title">
      <h2 id="dictionary-title">
        {t('studio.dictionary')} <EffectiveVerdict verdict={c.verdict} offer={{ purposes: dataset.consentCoverage.map(asOffered) }} />
      </h2>
      <p className="muted">{t('studio.dictionaryHint', { rows: c.rows })}</p>
      {datasetReasons.length > 0 ? (
        <ul className="reasons">
          {datasetReasons.map((r, i) => (
            <li key={`${r.code}-${i}`} className={`reason reason-${r.severity.toLowerCase()}`}>
              <div className="reason-head">
                <SeverityBadge severity={r.severity} /> <code>{r.code}</code>
              </div>
              <ReasonMessage reason={r} columns={c.columns} />
              {r.citations.length ? <p className="citations-inline">{r.citations.map(text.citation).join(' · ')}</p> : null}
              {r.remediation ? (
                <p className="remediation">
                  <span className="muted">{t('detail.remediation')}:</span> {text.remediation(r)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canFix && subsets.length > 0 ? (
        <div className="subset-offer">
          {dataset.consentCoverage
            .filter((cov) => cov.coveredRows > 0 && cov.coveredRows < cov.neededRows)
            .map((cov) => (
              <p key={cov.purpose}>{t('fix.subsetExplain', { covered: cov.coveredRows, needed: cov.neededRows, purpose: cov.purpose })}</p>
            ))}
          <div className="fixes">
            {subsets.map((fix) => (
              <FixButton key={fix.label} dataset={dataset} fix={fix} onDone={done} />
            ))}
          </div>
        </div>
      ) : null}
      {c.columns.length === 0 ? (
        <Empty>{t('detail.noColumns')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table dictionary" data-testid="data-dictionary">
            <thead>
              <tr>
                <th scope="col">{t('field.column')}</th>
                <th scope="col">{t('field.category')}</th>
                <th scope="col">{t('field.types')}</th>
                <th scope="col">{t('studio.findings')}</th>
                <th scope="col">{t('detail.remediation')}</th>
              </tr>
            </thead>
            <tbody>
              {c.columns.map((col) => {
                const reasons = c.reasons.filter((r) => r.column === col.name || r.column?.split(/\s*[+,]\s*/).includes(col.name));
                const fixes = canFix ? fixesForColumn(col, t) : [];
                return (
                  <tr key={col.name}>
                    <th scope="row">{col.name}</th>
                    <td>
                      <span className={`badge category-${col.category.toLowerCase()}`}>{categoryLabel(t, col.category)}</span>
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
                    <td>
                      {reasons.length === 0
                        ? '—'
                        : reasons.map((r, i) => (
                            <div key={`${r.code}-${i}`} className="reason-line">
                              <SeverityBadge severity={r.severity} /> <ReasonMessage as="span" reason={r} columns={c.columns} />
                              {r.citations.length ? <div className="citations-inline">{r.citations.map(text.citation).join(' · ')}</div> : null}
                            </div>
                          ))}
                    </td>
                    <td>
                      {reasons.find((r) => r.remediation) ? (
                        <p className="muted small">{text.remediation(reasons.find((r) => r.remediation)!)}</p>
                      ) : null}
                      {fixes.length > 0 ? (
                        <div className="fixes">
                          {fixes.map((fix) => (
                            <FixButton key={fix.label} dataset={dataset} fix={fix} onDone={done} />
                          ))}
                          {canFix && reasons.some((r) => r.severity === 'BLOCK') ? (
                            <a className="button button-quiet" href="#consent-title">
                              {t('fix.toConsent')}
                            </a>
                          ) : null}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {c.warnings.length > 0 ? (
        <ul className="warnings">
          {c.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
