import { useI18n } from '../lib/i18n';

/** Why a request was refused or denied: the API's reasons in words, with their codes. */
export function RefusalReasons({
  reasons,
  codes,
  note,
}: {
  reasons: readonly string[];
  codes: readonly string[];
  note?: string | null;
}) {
  const { t } = useI18n();
  if (reasons.length === 0 && codes.length === 0 && !note) return null;
  return (
    <div className="refusal">
      {reasons.length > 0 ? (
        <ul className="refusal-reasons">
          {reasons.map((r, i) => (
            <li key={`${i}-${r}`}>
              {r}
              {codes[i] ? <code className="muted small"> {codes[i]}</code> : null}
            </li>
          ))}
        </ul>
      ) : codes.length > 0 ? (
        <ul className="refusal-reasons">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {note ? (
        <p className="small">
          <span className="muted">{t('request.note')}:</span> {note}
        </p>
      ) : null}
    </div>
  );
}
