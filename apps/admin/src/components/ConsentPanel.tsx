import { useState } from 'react';
import { useI18n, type MessageKey } from '../lib/i18n';
import {
  KEY_TYPES,
  MANIFEST_HEADER,
  manifestCsv,
  saveText,
  subjectKey,
  type KeyType,
} from '../lib/subject-key';
import type { StudioDataset } from './RemediationPanel';
import { UploadPanel } from './UploadPanel';
import './studio.css';
import { DateInput } from './DateInput';

const TYPE_KEYS: Record<KeyType, MessageKey> = {
  CN_MOBILE: 'keys.CN_MOBILE',
  CN_RESIDENT_ID: 'keys.CN_RESIDENT_ID',
  EMAIL: 'keys.EMAIL',
  BANK_CARD: 'keys.BANK_CARD',
  CN_PASSPORT: 'keys.CN_PASSPORT',
  STOCK_ACCOUNT: 'keys.STOCK_ACCOUNT',
};

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * Hashes identifiers into subject keys in the browser (Web Crypto) and builds a manifest:
 * the identifiers never leave the page.
 */
function SubjectKeyHelper() {
  const { t } = useI18n();
  const [type, setType] = useState<KeyType>('CN_MOBILE');
  const [input, setInput] = useState('');
  const [purposes, setPurposes] = useState('marketing');
  const [expires, setExpires] = useState(inAYear);
  const [separate, setSeparate] = useState(false);
  const [keys, setKeys] = useState<string[] | null>(null);
  const [skipped, setSkipped] = useState(0);

  async function compute() {
    const lines = input
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    const out: string[] = [];
    let bad = 0;
    for (const line of lines) {
      const key = await subjectKey(type, line);
      if (key) out.push(key);
      else bad++;
    }
    setKeys([...new Set(out)]);
    setSkipped(bad);
  }

  const csv = keys
    ? manifestCsv(keys, {
        purposes: purposes.split(/[;,]/),
        sensitiveSeparate: separate,
        expiresAt: `${expires}T00:00:00Z`,
      })
    : '';
  return (
    <details className="key-helper">
      <summary>{t('consent.helper')}</summary>
      <p className="privacy-note">{t('consent.helperPrivacy')}</p>
      <div className="form-grid">
        <label className="field">
          <span>{t('consent.idType')}</span>
          <select value={type} onChange={(e) => setType(e.target.value as KeyType)}>
            {KEY_TYPES.map((k) => (
              <option key={k} value={k}>
                {t(TYPE_KEYS[k])}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('consent.purposes')}</span>
          <input value={purposes} onChange={(e) => setPurposes(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('consent.expires')}</span>
          <DateInput value={expires} onChange={setExpires} />
        </label>
        <label className="field">
          <span>{t('consent.separate')}</span>
          <input
            type="checkbox"
            checked={separate}
            onChange={(e) => setSeparate(e.target.checked)}
          />
        </label>
        <label className="field" style={{ gridColumn: '1 / -1' }}>
          <span>{t('consent.identifiers')}</span>
          <textarea
            rows={4}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="13812345678"
          />
        </label>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={!input.trim()}
          onClick={() => void compute()}
        >
          {t('consent.compute')}
        </button>
        {keys && keys.length > 0 ? (
          <button
            type="button"
            className="button"
            onClick={() => saveText('consent-manifest.csv', csv)}
          >
            {t('consent.downloadManifest')}
          </button>
        ) : null}
      </div>
      {keys ? (
        <>
          <p role="status">{t('consent.computed', { n: keys.length, skipped })}</p>
          <label className="field">
            <span>{t('consent.keys')}</span>
            <textarea readOnly rows={Math.min(8, keys.length + 2)} value={keys.join('\n')} />
          </label>
        </>
      ) : null}
    </details>
  );
}

/** Consent coverage per purpose, the manifest template, the key helper and the upload. */
export function ConsentPanel({
  dataset,
  canAttach,
  onAttached,
}: {
  dataset: StudioDataset;
  canAttach: boolean;
  onAttached: () => void;
}) {
  const { t, number } = useI18n();
  return (
    <section className="card" aria-labelledby="consent-title">
      <h2 id="consent-title">{t('consent.title')}</h2>
      <p className="muted">{t('consent.intro')}</p>
      {dataset.consentCoverage.length > 0 ? (
        <ul data-testid="consent-coverage">
          {dataset.consentCoverage.map((c) => (
            <li key={c.purpose}>
              {t(
                c.neededRows > 0 && c.coveredRows >= c.neededRows
                  ? 'consent.coveredAll'
                  : 'consent.coveredSome',
                {
                  purpose: c.purpose,
                  covered: number(c.coveredRows),
                  needed: number(c.neededRows),
                },
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('consent.none')}</p>
      )}
      <p className="muted small">{t('consent.templateHint')}</p>
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button
          type="button"
          className="button"
          onClick={() => saveText('consent-manifest-template.csv', `${MANIFEST_HEADER}\n`)}
        >
          {t('consent.template')}
        </button>
      </div>
      <UploadPanel
        path={`/api/datasets/${dataset.id}/consents`}
        inputLabel={t('consent.input')}
        buttonLabel={t('consent.attach')}
        progressLabel={t('consent.progress')}
        accept=".csv,text/csv"
        disabled={!canAttach}
        onDone={onAttached}
      />
      <SubjectKeyHelper />
    </section>
  );
}
