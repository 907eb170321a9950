import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/states';
import { useI18n } from './lib/i18n';
import { usePermissions, useSession } from './lib/session';
import { AccessRequestsPage } from './pages/AccessRequestsPage';
import { DashboardPage } from './pages/DashboardPage';
import { DatasetDetailPage } from './pages/DatasetDetailPage';
import { DatasetsPage } from './pages/DatasetsPage';
import { GrantsPage } from './pages/GrantsPage';
import { QueryLogPage } from './pages/QueryLogPage';
import { QueryPage } from './pages/QueryPage';
import { LedgerPage } from './pages/LedgerPage';
import { LoginPage } from './pages/LoginPage';
import { NewDatasetPage } from './pages/NewDatasetPage';
import { StudioPage } from './pages/StudioPage';
import { OrganizationsPage } from './pages/OrganizationsPage';
import { OrganizationPage } from './pages/OrganizationPage';
import { RegisterPage } from './pages/RegisterPage';
import { ReviewQueuePage } from './pages/ReviewQueuePage';
import { TransactionsPage } from './pages/TransactionsPage';
import { EnforcementPage } from './pages/EnforcementPage';
import { TiersPage } from './pages/TiersPage';
import { StatutoryReportPage } from './pages/StatutoryReportPage';
import { CrossBorderPage } from './pages/CrossBorderPage';

function RequireSession({ children }: { children: ReactNode }) {
  const { user, restoring } = useSession();
  const location = useLocation();
  if (restoring) return <Loading />;
  if (!user)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** Shown when the signed-in role may not use a page (the API refuses it too). */
function Allowed({ when, children }: { when: boolean; children: ReactNode }) {
  const { t } = useI18n();
  if (when) return children;
  return (
    <section className="state state-error" role="alert" data-testid="not-allowed">
      <h1>{t('denied.title')}</h1>
      <p>{t('denied.body')}</p>
    </section>
  );
}

function Home() {
  const can = usePermissions();
  return <Navigate to={can.canSeeDashboard ? '/dashboard' : '/datasets'} replace />;
}

export function App() {
  const can = usePermissions();
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route
        element={
          <RequireSession>
            <Layout />
          </RequireSession>
        }
      >
        <Route index element={<Home />} />
        <Route
          path="dashboard"
          element={
            <Allowed when={can.canSeeDashboard}>
              <DashboardPage />
            </Allowed>
          }
        />
        <Route
          path="review"
          element={
            <Allowed when={can.canReview}>
              <ReviewQueuePage />
            </Allowed>
          }
        />
        <Route
          path="review/:id"
          element={
            <Allowed when={can.canReview}>
              <ReviewQueuePage />
            </Allowed>
          }
        />
        <Route path="datasets" element={<DatasetsPage />} />
        <Route path="datasets/new" element={<NewDatasetPage />} />
        <Route path="datasets/:id" element={<DatasetDetailPage />} />
        <Route path="datasets/:id/studio" element={<StudioPage />} />
        <Route
          path="ledger"
          element={
            <Allowed when={can.canAudit}>
              <LedgerPage />
            </Allowed>
          }
        />
        <Route
          path="requests"
          element={
            <Allowed when={can.canReadRequests}>
              <AccessRequestsPage />
            </Allowed>
          }
        />
        <Route
          path="grants"
          element={
            <Allowed when={can.canReadGrants}>
              <GrantsPage />
            </Allowed>
          }
        />
        <Route
          path="grants/:id/query"
          element={
            <Allowed when={can.canReadGrants}>
              <QueryPage />
            </Allowed>
          }
        />
        <Route
          path="query-log"
          element={
            <Allowed when={can.canReadGrants}>
              <QueryLogPage />
            </Allowed>
          }
        />
        <Route
          path="transactions"
          element={
            <Allowed when={can.canAuditView}>
              <TransactionsPage />
            </Allowed>
          }
        />
        <Route
          path="enforcement"
          element={
            <Allowed when={can.canAuditView}>
              <EnforcementPage />
            </Allowed>
          }
        />
        <Route
          path="tiers"
          element={
            <Allowed when={can.canAuditView}>
              <TiersPage />
            </Allowed>
          }
        />
        <Route
          path="statutory-report"
          element={
            <Allowed when={can.canReadStatutoryReport}>
              <StatutoryReportPage />
            </Allowed>
          }
        />
        <Route
          path="cross-border"
          element={
            <Allowed when={can.canReadCrossBorder}>
              <CrossBorderPage />
            </Allowed>
          }
        />
        <Route path="organizations" element={<OrganizationsPage />} />
        <Route path="organizations/:id" element={<OrganizationPage />} />
        <Route path="*" element={<Home />} />
      </Route>
    </Routes>
  );
}
