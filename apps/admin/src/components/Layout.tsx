import { NavLink, Outlet } from 'react-router';
import { useI18n, type Lang } from '../lib/i18n';
import { usePermissions, useSession } from '../lib/session';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('lang.label')}</span>
      <select
        aria-label={t('lang.label')}
        value={lang}
        onChange={(e) => setLang(e.target.value as Lang)}
      >
        <option value="en">English</option>
        <option value="zh">简体中文</option>
      </select>
    </label>
  );
}

export function Layout() {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const can = usePermissions();
  const links: Array<{ to: string; label: string; show: boolean }> = [
    { to: '/dashboard', label: t('nav.dashboard'), show: can.canSeeDashboard },
    { to: '/review', label: t('nav.review'), show: can.canReview },
    { to: '/datasets', label: t('nav.datasets'), show: true },
    { to: '/requests', label: t('nav.requests'), show: can.canReadRequests },
    { to: '/grants', label: t('nav.grants'), show: can.canReadGrants },
    {
      to: '/query-log',
      label: t('nav.queryLog'),
      show: can.canReadGrants && user?.role !== 'BUYER',
    },
    { to: '/transactions', label: t('nav.transactions'), show: can.canAuditView },
    { to: '/ledger', label: t('nav.ledger'), show: can.canAudit },
    { to: '/enforcement', label: t('nav.enforcement'), show: can.canAuditView },
    { to: '/tiers', label: t('nav.tiers'), show: can.canAuditView },
    { to: '/cross-border', label: t('nav.crossBorder'), show: can.canAuditView && can.canReadCrossBorder },
    { to: '/statutory-report', label: t('nav.statutoryReport'), show: can.canReadStatutoryReport },
    { to: '/organizations', label: t('nav.organizations'), show: true },
  ];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          {t('app.name')}
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to}>{l.label}</NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <div className="topbar-right">
          <LanguageSwitch />
          {user ? (
            <>
              <span className="whoami" data-testid="whoami">
                {user.email} · <strong>{t(`role.${user.role}`)}</strong>
              </span>
              <button type="button" className="button button-quiet" onClick={logout}>
                {t('action.logout')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
