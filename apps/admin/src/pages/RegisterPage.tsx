import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { LanguageSwitch } from '../components/Layout';
import { ErrorBox } from '../components/states';
import type { OrganizationKind } from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';

/** A provider or buyer registers its organization and first account; an admin verifies it later. */
export function RegisterPage() {
  const { t } = useI18n();
  const { user, register } = useSession();
  const navigate = useNavigate();
  const [form, setForm] = useState({ organizationName: '', kind: 'PROVIDER' as OrganizationKind, email: '', password: '' });
  // Updates from the latest state, not the render's: two quick edits (a fast typist, autofill, a
  // render still in progress) must not undo each other.
  const patchForm = (patch: Partial<typeof form>) => setForm((prev) => ({ ...prev, ...patch }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  if (user) return <Navigate to="/datasets" replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await register({
        organizationName: form.organizationName.trim(),
        kind: form.kind,
        email: form.email.trim(),
        password: form.password,
      });
      navigate('/datasets', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
      setBusy(false);
    }
  }

  return (
    <main className="login-page" id="main">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="card login-card" onSubmit={submit} aria-labelledby="register-title">
        <h1 id="register-title">{t('register.title')}</h1>
        <p className="muted">{t('register.subtitle')}</p>
        <label className="field">
          <span>{t('register.organization')}</span>
          <input
            required
            maxLength={200}
            autoComplete="organization"
            value={form.organizationName}
            onChange={(e) => patchForm({ organizationName: e.target.value })}
          />
        </label>
        <fieldset className="rights">
          <legend>{t('register.kind')}</legend>
          {(['PROVIDER', 'BUYER'] as const).map((kind) => (
            <label key={kind}>
              <input
                type="radio"
                name="kind"
                value={kind}
                checked={form.kind === kind}
                onChange={() => patchForm({ kind })}
              />{' '}
              {t(kind === 'PROVIDER' ? 'register.kindProvider' : 'register.kindBuyer')}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('login.email')}</span>
          <input
            type="email"
            required
            autoComplete="username"
            value={form.email}
            onChange={(e) => patchForm({ email: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            type="password"
            required
            minLength={10}
            autoComplete="new-password"
            aria-describedby="register-password-hint"
            value={form.password}
            onChange={(e) => patchForm({ password: e.target.value })}
          />
          <small id="register-password-hint" className="muted">
            {t('register.passwordHint')}
          </small>
        </label>
        <p className="muted small">{t('register.verification')}</p>
        {error ? <ErrorBox error={error} /> : null}
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || !form.organizationName.trim() || !form.email.trim() || form.password.length < 10}
        >
          {busy ? t('state.working') : t('register.submit')}
        </button>
        <p>
          <Link to="/login">{t('register.haveAccount')}</Link>
        </p>
      </form>
    </main>
  );
}
