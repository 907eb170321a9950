import { useApiText } from '../lib/api-text';
import { useI18n } from '../lib/i18n';

/** A classification reason's message in the current language; an untranslated one keeps its original collapsed. */
export function ReasonMessage({
  reason,
  columns,
  as: Tag = 'p',
}: {
  reason: { code: string; column: string | null; message: string };
  columns: ReadonlyArray<{ name: string; types: ReadonlyArray<{ type: string; ratio: number }> }>;
  as?: 'p' | 'span';
}) {
  const { t } = useI18n();
  const { text, fallback } = useApiText().reason(reason, columns);
  return (
    <Tag>
      {text}
      {fallback ? (
        <details className="original">
          <summary>{t('apiText.original')}</summary>
          {reason.message}
        </details>
      ) : null}
    </Tag>
  );
}
