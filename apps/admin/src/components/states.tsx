import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { errorText } from '../lib/api-errors';
import { useI18n, type MessageKey } from '../lib/i18n';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('state.loading')}
    </div>
  );
}

const ERROR_KEYS: Record<string, MessageKey> = {
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  CONFLICT: 'error.CONFLICT',
  BAD_USER_INPUT: 'error.BAD_USER_INPUT',
  NETWORK: 'error.NETWORK',
  TOO_MANY_REQUESTS: 'error.TOO_MANY_REQUESTS',
  GONE: 'error.GONE',
  PAYLOAD_TOO_LARGE: 'error.PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'error.UNSUPPORTED_MEDIA_TYPE',
  INTERNAL_SERVER_ERROR: 'error.INTERNAL_SERVER_ERROR',
};

export function ErrorBox({ error, onRetry }: { error: ApiError | Error; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const api = error instanceof ApiError ? error : null;
  const code = api?.code;
  const key = code ? ERROR_KEYS[code] : undefined;
  const said = api
    ? errorText(api, lang)
    : { text: error.message, original: null, fallback: false };
  return (
    <div
      className="state state-error"
      role="alert"
      data-error-code={code}
      data-error-reason={api?.reason ?? undefined}
    >
      <strong>{key ? t(key) : t('error.generic')}</strong>
      <p className="muted">
        {said.text}
        {code ? (
          <code className="error-code"> ({api?.reason ? `${code} · ${api.reason}` : code})</code>
        ) : null}
      </p>
      {said.original ? (
        <details className="small muted">
          <summary>{t('error.original')}</summary>
          <span lang="en">{said.original}</span>
        </details>
      ) : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      {children}
    </div>
  );
}
