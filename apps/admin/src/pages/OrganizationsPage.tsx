import { subject } from '@casl/ability';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, request } from '../api/client';
import { ConfirmButton } from '../components/ConfirmDialog';
import { Empty, ErrorBox, Loading } from '../components/states';
import '../components/studio.css';
import {
  AdminOrganizationsDocument,
  AdminUsersDocument,
  ChangeUserRoleDocument,
  CreateUserDocument,
  DisableUserDocument,
  EnableUserDocument,
  VerifyOrganizationDocument,
  type AdminOrganizationsQuery,
  type AdminUsersQuery,
  type OrganizationKind,
  type Role,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions, useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';

type Org = AdminOrganizationsQuery['organizations'][number];
type UserRow = AdminUsersQuery['users'][number];

const ROLES: Role[] = ['PROVIDER', 'BUYER', 'REGULATOR', 'ADMIN'];
const KINDS: OrganizationKind[] = ['PROVIDER', 'BUYER', 'REGULATOR', 'PLATFORM'];
/** The roles an organization's users may hold (the API's rule: provider staff may be buyers). */
const ROLES_OF_KIND: Record<OrganizationKind, Role[]> = {
  PROVIDER: ['PROVIDER', 'BUYER'],
  BUYER: ['BUYER'],
  REGULATOR: ['REGULATOR'],
  PLATFORM: ['ADMIN'],
};
const NEW_ORG = '__new';

function CreateUserForm({ organizations, onCreated }: { organizations: Org[]; onCreated: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ email: '', password: '', role: 'REGULATOR' as Role, organizationId: NEW_ORG, organizationName: '' });
  // Updates from the latest state, not the render's: two quick edits (a fast typist, autofill, a
  // render still in progress) must not undo each other.
  const patchForm = (patch: Partial<typeof form>) => setForm((prev) => ({ ...prev, ...patch }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fitting = organizations.filter((o) => ROLES_OF_KIND[o.kind].includes(form.role));
  const isNew = form.organizationId === NEW_ORG || !fitting.some((o) => o.id === form.organizationId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { createUser } = await request(CreateUserDocument, {
        input: {
          email: form.email.trim(),
          password: form.password,
          role: form.role,
          ...(isNew ? { organizationName: form.organizationName.trim() } : { organizationId: form.organizationId }),
        },
      });
      setDone(t('users.created', { email: createUser.email, org: createUser.organization.name }));
      patchForm({ email: '', password: '' });
      onCreated();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('admin.createTitle')}</h2>
      <label className="field">
        <span>{t('login.email')}</span>
        <input type="email" required value={form.email} onChange={(e) => patchForm({ email: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('login.password')}</span>
        <input
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => patchForm({ password: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{t('users.role')}</span>
        <select
          aria-label={t('users.role')}
          value={form.role}
          onChange={(e) => patchForm({ role: e.target.value as Role, organizationId: NEW_ORG })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('users.organization')}</span>
        <select
          aria-label={t('users.organization')}
          value={isNew ? NEW_ORG : form.organizationId} onChange={(e) => patchForm({ organizationId: e.target.value })}>
          <option value={NEW_ORG}>{t('admin.newOrganization')}</option>
          {fitting.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} · {t(`kind.${o.kind}`)}
            </option>
          ))}
        </select>
      </label>
      {isNew ? (
        <label className="field">
          <span>{t('admin.newOrganizationName')}</span>
          <input required value={form.organizationName} onChange={(e) => patchForm({ organizationName: e.target.value })} />
        </label>
      ) : null}
      <p className="muted small" style={{ gridColumn: '1 / -1' }}>
        {t('admin.roleFits')}
      </p>
      {error ? <ErrorBox error={error} /> : null}
      {done ? (
        <p className="flash" role="status">
          {done}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || !form.email || form.password.length < 10 || (isNew && !form.organizationName.trim())}
        >
          {busy ? t('state.working') : t('users.create')}
        </button>
      </div>
    </form>
  );
}

function RoleChange({ user, onDone }: { user: UserRow; onDone: () => void }) {
  const { t } = useI18n();
  const options = ROLES_OF_KIND[user.organization.kind].filter((r) => r !== user.role);
  const [role, setRole] = useState<Role>(options[0] ?? user.role);
  if (options.length === 0) return null;
  return (
    <span className="inline-form">
      <select aria-label={t('admin.newRoleOf', { email: user.email })} value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {options.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
      <ConfirmButton
        label={t('admin.changeRole')}
        title={t('admin.changeRoleTitle', { email: user.email })}
        consequence={<p>{t('admin.changeRoleConsequence', { email: user.email, from: t(`role.${user.role}`), to: t(`role.${role}`) })}</p>}
        confirmLabel={t('admin.changeRoleConfirm', { role: t(`role.${role}`) })}
        className="button small"
        onConfirm={async () => {
          await request(ChangeUserRoleDocument, { userId: user.id, role });
          onDone();
        }}
      />
    </span>
  );
}

function DisableButton({ user, onDone }: { user: UserRow; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  if (user.disabledAt) {
    return (
      <ConfirmButton
        label={t('admin.enable')}
        ariaLabel={t('admin.enableNamed', { email: user.email })}
        title={t('admin.enableTitle', { email: user.email })}
        consequence={<p>{t('admin.enableConsequence', { email: user.email })}</p>}
        confirmLabel={t('admin.enableConfirm')}
        className="button small"
        onConfirm={async () => {
          await request(EnableUserDocument, { userId: user.id });
          onDone();
        }}
      />
    );
  }
  return (
    <ConfirmButton
      label={t('admin.disable')}
      ariaLabel={t('admin.disableNamed', { email: user.email })}
      title={t('admin.disableTitle', { email: user.email })}
      consequence={<p>{t('admin.disableConsequence', { email: user.email })}</p>}
      confirmLabel={t('admin.disableConfirm')}
      className="button button-reject small"
      confirmClassName="button button-reject"
      ready={reason.trim().length > 0}
      onConfirm={async () => {
        await request(DisableUserDocument, { userId: user.id, reason: reason.trim() });
        onDone();
      }}
    >
      <label className="field">
        <span>{t('admin.reason')}</span>
        <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
    </ConfirmButton>
  );
}

export function OrganizationsPage() {
  const { t, dateTime } = useI18n();
  const { ability } = useSession();
  const can = usePermissions();
  const [orgSearch, setOrgSearch] = useState('');
  const [kind, setKind] = useState<OrganizationKind | ''>('');
  const [userSearch, setUserSearch] = useState('');
  const orgs = useQuery(
    () => request(AdminOrganizationsDocument, { search: orgSearch.trim() || undefined, kind: kind || undefined }),
    `orgs-${orgSearch}-${kind}`,
  );
  const allOrgs = useQuery(() => request(AdminOrganizationsDocument, {}), 'orgs-all', { skip: !can.canCreateUser });
  const users = useQuery(() => request(AdminUsersDocument, { search: userSearch.trim() || undefined }), `users-${userSearch}`);
  const reloadAll = () => {
    orgs.reload();
    allOrgs.reload();
    users.reload();
  };

  return (
    <section aria-labelledby="orgs-title">
      <h1 id="orgs-title">{t('orgs.title')}</h1>
      <section className="card" aria-labelledby="orgs-list-title">
        <h2 id="orgs-list-title">{t('orgs.list')}</h2>
        <div className="filters">
          <label className="field">
            <span>{t('admin.searchOrganizations')}</span>
            <input type="search" value={orgSearch} onChange={(e) => setOrgSearch(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('orgs.kind')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as OrganizationKind | '')}>
              <option value="">{t('admin.anyKind')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {orgs.loading && !orgs.data ? (
          <Loading />
        ) : orgs.error ? (
          <ErrorBox error={orgs.error} onRetry={orgs.reload} />
        ) : !orgs.data || orgs.data.organizations.length === 0 ? (
          <Empty>{t('orgs.empty')}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="orgs-table">
              <thead>
                <tr>
                  <th scope="col">{t('orgs.name')}</th>
                  <th scope="col">{t('orgs.kind')}</th>
                  <th scope="col">{t('orgs.verified')}</th>
                  <th scope="col">{t('admin.verifiedBy')}</th>
                  <th scope="col">{t('field.created')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('orgs.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {orgs.data.organizations.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      <Link to={`/organizations/${o.id}`}>{o.name}</Link>
                    </th>
                    <td>{t(`kind.${o.kind}`)}</td>
                    <td>
                      {o.verified ? (
                        <span className="badge verdict-tradeable">{t('orgs.yes')}</span>
                      ) : (
                        <span className="badge verdict-ambiguous">{t('orgs.no')}</span>
                      )}
                    </td>
                    <td>
                      {o.verifiedAt
                        ? t('admin.verifiedByAt', { who: o.verifiedBy ?? t('admin.someAdmin'), at: dateTime(o.verifiedAt) })
                        : o.verified
                          ? t('admin.verifiedAtCreation')
                          : '—'}
                    </td>
                    <td>{dateTime(o.createdAt)}</td>
                    <td>
                      {!o.verified && ability.can('verify', subject('Organization', { id: o.id })) ? (
                        <ConfirmButton
                          label={t('orgs.verifyNamed', { name: o.name })}
                          title={t('admin.verifyTitle', { name: o.name })}
                          consequence={<p>{t('admin.verifyConsequence', { name: o.name })}</p>}
                          confirmLabel={t('admin.verifyConfirm')}
                          className="button button-approve small"
                          confirmClassName="button button-approve"
                          onConfirm={async () => {
                            await request(VerifyOrganizationDocument, { id: o.id });
                            reloadAll();
                          }}
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {can.canCreateUser ? <CreateUserForm organizations={allOrgs.data?.organizations ?? []} onCreated={reloadAll} /> : null}
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">{t('users.title')}</h2>
        <div className="filters">
          <label className="field">
            <span>{t('admin.searchUsers')}</span>
            <input type="search" value={userSearch} onChange={(e) => setUserSearch(e.target.value)} />
          </label>
        </div>
        {users.loading && !users.data ? (
          <Loading />
        ) : users.error ? (
          <ErrorBox error={users.error} onRetry={users.reload} />
        ) : !users.data || users.data.users.length === 0 ? (
          <Empty>{t('users.empty')}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">{t('login.email')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('users.organization')}</th>
                  <th scope="col">{t('admin.state')}</th>
                  <th scope="col">{t('field.created')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('orgs.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.users.map((u) => {
                  const row = subject('User', { id: u.id, organizationId: u.organization.id });
                  return (
                    <tr key={u.id}>
                      <th scope="row">{u.email}</th>
                      <td>{t(`role.${u.role}`)}</td>
                      <td>
                        <Link to={`/organizations/${u.organization.id}`}>{u.organization.name}</Link>
                      </td>
                      <td>
                        {u.disabledAt ? (
                          <span className="badge badge-disabled">{t('admin.disabledSince', { at: dateTime(u.disabledAt) })}</span>
                        ) : (
                          <span className="badge verdict-tradeable">{t('admin.active')}</span>
                        )}
                      </td>
                      <td>{dateTime(u.createdAt)}</td>
                      <td>
                        <div className="fixes">
                          {ability.can('changeRole', row) ? <RoleChange user={u} onDone={users.reload} /> : null}
                          {ability.can('disable', row) ? <DisableButton user={u} onDone={users.reload} /> : null}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
