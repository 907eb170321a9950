import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';
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
};

export function ErrorBox({ error, onRetry }: { error: ApiError | Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const key = code ? ERROR_KEYS[code] : undefined;
  return (
    <div className="state state-error" role="alert">
      <strong>{key ? t(key) : t('error.generic')}</strong>
      <p className="muted">
        {error.message}
        {code ? <code className="error-code"> ({code})</code> : null}
      </p>
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
