import { subject } from '@casl/ability';
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../api/client';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  CreateUserDocument,
  OrganizationsDocument,
  UsersDocument,
  VerifyOrganizationDocument,
  type Role,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { usePermissions, useSession } from '../lib/session';
import { useQuery } from '../lib/useQuery';

function VerifyButton({ id, name, onDone }: { id: string; name: string; onDone: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button-approve small"
        disabled={busy}
        aria-label={t('orgs.verifyNamed', { name })}
        onClick={() => {
          setBusy(true);
          setError(null);
          request(VerifyOrganizationDocument, { id })
            .then(onDone)
            .catch((e: unknown) =>
              setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT')),
            )
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t('state.working') : t('orgs.verify')}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    email: '',
    password: '',
    organizationName: '',
    role: 'REGULATOR' as Role,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

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
          organizationName: form.organizationName.trim(),
        },
      });
      setDone(t('users.created', { email: createUser.email, org: createUser.organization.name }));
      setForm({ ...form, email: '', password: '' });
      onCreated();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(String(err), 'CLIENT'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.createTitle')}</h2>
      <label className="field">
        <span>{t('login.email')}</span>
        <input
          type="email"
          required
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{t('login.password')}</span>
        <input
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{t('users.role')}</span>
        <select
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
        >
          <option value="REGULATOR">{t('role.REGULATOR')}</option>
          <option value="ADMIN">{t('role.ADMIN')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('users.organization')}</span>
        <input
          required
          value={form.organizationName}
          onChange={(e) => setForm({ ...form, organizationName: e.target.value })}
        />
      </label>
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
          disabled={busy || !form.email || form.password.length < 10 || !form.organizationName}
        >
          {busy ? t('state.working') : t('users.create')}
        </button>
      </div>
    </form>
  );
}

export function OrganizationsPage() {
  const { t, dateTime } = useI18n();
  const { ability } = useSession();
  const can = usePermissions();
  const orgs = useQuery(() => request(OrganizationsDocument), 'orgs');
  const users = useQuery(() => request(UsersDocument, {}), 'users');

  return (
    <section aria-labelledby="orgs-title">
      <h1 id="orgs-title">{t('orgs.title')}</h1>
      <section className="card" aria-labelledby="orgs-list-title">
        <h2 id="orgs-list-title">{t('orgs.list')}</h2>
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
                  <th scope="col">{t('field.created')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('orgs.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {orgs.data.organizations.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">{o.name}</th>
                    <td>{t(`kind.${o.kind}`)}</td>
                    <td>
                      {o.verified ? (
                        <span className="badge verdict-tradeable">{t('orgs.yes')}</span>
                      ) : (
                        <span className="badge verdict-ambiguous">{t('orgs.no')}</span>
                      )}
                    </td>
                    <td>{dateTime(o.createdAt)}</td>
                    <td>
                      {!o.verified &&
                      ability.can('verify', subject('Organization', { id: o.id })) ? (
                        <VerifyButton id={o.id} name={o.name} onDone={orgs.reload} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {can.canCreateUser ? (
        <CreateUserForm
          onCreated={() => {
            users.reload();
            orgs.reload();
          }}
        />
      ) : null}
      <section className="card" aria-labelledby="users-title">
        <h2 id="users-title">{t('users.title')}</h2>
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
                  <th scope="col">{t('field.created')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.users.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.email}</th>
                    <td>{t(`role.${u.role}`)}</td>
                    <td>{u.organization.name}</td>
                    <td>{dateTime(u.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
