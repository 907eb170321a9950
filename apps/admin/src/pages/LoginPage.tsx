import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { LanguageSwitch } from '../components/Layout';
import { ErrorBox } from '../components/states';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';

const DEMO = ['admin', 'regulator', 'provider', 'provider2', 'buyer'];

export function LoginPage() {
  const { t } = useI18n();
  const { user, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  if (user) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(from, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page" id="main">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          {t('app.name')}
        </h1>
        <p className="muted">{t('login.subtitle')}</p>
        <label className="field">
          <span>{t('login.email')}</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? <ErrorBox error={error} /> : null}
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || !email || !password}
        >
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <p>
          <Link to="/register">{t('register.link')}</Link>
        </p>
        <details className="demo-hint">
          <summary>{t('login.demo')}</summary>
          <p className="muted">{t('login.demoBody')}</p>
          <ul>
            {DEMO.map((name) => (
              <li key={name}>
                <code>{name}@demo.eastlake</code>
              </li>
            ))}
          </ul>
        </details>
      </form>
    </main>
  );
}
