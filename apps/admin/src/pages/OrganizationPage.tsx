import { subject } from '@casl/ability';
import { Link, useParams } from 'react-router';
import { request } from '../api/client';
import { StatusBadge } from '../components/badges';
import { ConfirmButton } from '../components/ConfirmDialog';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  OrganizationAccountsDocument,
  OrganizationListingsDocument,
  OrganizationProfileDocument,
  VerifyOrganizationDocument,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';

/**
 * An organization's profile: kind, verification (who verified it and when), registration,
 * its accounts for callers who may read them, and the listings the caller may see.
 */
export function OrganizationPage() {
  const { id = '' } = useParams();
  const { t, dateTime } = useI18n();
  const { ability } = useSession();
  const profile = useQuery(() => request(OrganizationProfileDocument, { id }), `org-${id}`);
  const row = subject('Organization', { id });
  const mayReadUsers = ability.can('read', subject('User', { id: '', organizationId: id }));
  const accounts = useQuery(
    () => request(OrganizationAccountsDocument, { organizationId: id }),
    `org-users-${id}`,
    { skip: !mayReadUsers },
  );
  const listings = useQuery(
    () => request(OrganizationListingsDocument, { organizationId: id }),
    `org-datasets-${id}`,
  );

  if (profile.loading && !profile.data) return <Loading />;
  if (profile.error || !profile.data)
    return profile.error ? <ErrorBox error={profile.error} onRetry={profile.reload} /> : null;
  const o = profile.data.organization;

  return (
    <section aria-labelledby="org-title" data-testid="organization-profile">
      <p>
        <Link to="/organizations">{t('profile.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="org-title">{o.name}</h1>
        {!o.verified && ability.can('verify', row) ? (
          <ConfirmButton
            label={t('orgs.verifyNamed', { name: o.name })}
            title={t('admin.verifyTitle', { name: o.name })}
            consequence={<p>{t('admin.verifyConsequence', { name: o.name })}</p>}
            confirmLabel={t('admin.verifyConfirm')}
            className="button button-approve"
            confirmClassName="button button-approve"
            onConfirm={async () => {
              await request(VerifyOrganizationDocument, { id: o.id });
              profile.reload();
            }}
          />
        ) : null}
      </div>
      <div className="card">
        <dl className="facts" data-testid="organization-facts">
          <div>
            <dt>{t('profile.kind')}</dt>
            <dd>{t(`kind.${o.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('profile.status')}</dt>
            <dd>
              {o.verified ? (
                <span className="badge verdict-tradeable">{t('profile.verified')}</span>
              ) : (
                <span className="badge verdict-ambiguous">{t('profile.unverified')}</span>
              )}
            </dd>
          </div>
          {o.verified ? (
            o.verifiedAt ? (
              <>
                <div>
                  <dt>{t('profile.verifiedBy')}</dt>
                  <dd data-testid="verified-by">{o.verifiedBy ?? t('admin.someAdmin')}</dd>
                </div>
                <div>
                  <dt>{t('profile.verifiedAt')}</dt>
                  <dd>
                    <time dateTime={String(o.verifiedAt)}>{dateTime(o.verifiedAt)}</time>
                  </dd>
                </div>
              </>
            ) : (
              <div>
                <dt>{t('profile.verifiedBy')}</dt>
                <dd data-testid="verified-by">{t('profile.verifiedAtCreation')}</dd>
              </div>
            )
          ) : null}
          <div>
            <dt>{t('profile.registered')}</dt>
            <dd>
              <time dateTime={String(o.createdAt)}>{dateTime(o.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('profile.id')}</dt>
            <dd>
              <code className="small">{o.id}</code>
            </dd>
          </div>
        </dl>
        {!o.verified ? <p className="muted">{t('profile.unverifiedNote')}</p> : null}
      </div>
      {mayReadUsers ? (
        <section className="card" aria-labelledby="org-accounts">
          <h2 id="org-accounts">{t('profile.accounts')}</h2>
          {accounts.error ? (
            <ErrorBox error={accounts.error} onRetry={accounts.reload} />
          ) : !accounts.data ? (
            <Loading />
          ) : accounts.data.users.length === 0 ? (
            <Empty>{t('profile.noAccounts')}</Empty>
          ) : (
            <table className="table" data-testid="organization-accounts">
              <thead>
                <tr>
                  <th scope="col">{t('login.email')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('admin.state')}</th>
                  <th scope="col">{t('field.created')}</th>
                </tr>
              </thead>
              <tbody>
                {accounts.data.users.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.email}</th>
                    <td>{t(`role.${u.role}`)}</td>
                    <td>{u.disabledAt ? t('profile.disabled') : t('profile.active')}</td>
                    <td>{dateTime(u.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
      <section className="card" aria-labelledby="org-listings">
        <h2 id="org-listings">{t('profile.listings')}</h2>
        {listings.error ? (
          <ErrorBox error={listings.error} onRetry={listings.reload} />
        ) : !listings.data ? (
          <Loading />
        ) : listings.data.datasets.totalCount === 0 ? (
          <Empty>{t('profile.noListings')}</Empty>
        ) : (
          <>
            <p className="muted">
              {t('profile.listingsCount', { count: listings.data.datasets.totalCount })}
            </p>
            <table className="table" data-testid="organization-listings">
              <thead>
                <tr>
                  <th scope="col">{t('field.title')}</th>
                  <th scope="col">{t('field.status')}</th>
                  <th scope="col">{t('field.region')}</th>
                  <th scope="col">{t('field.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {listings.data.datasets.edges.map(({ node: d }) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link to={`/datasets/${d.id}`}>{d.title}</Link>
                    </th>
                    <td>
                      <StatusBadge status={d.status} />
                    </td>
                    <td>{d.region}</td>
                    <td>{dateTime(d.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </section>
  );
}
