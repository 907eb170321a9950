import { Link } from 'react-router';
import { request } from '../api/client';
import { AdminOrganizationsDocument } from '../graphql/generated';
import { useI18n, type MessageKey } from '../lib/i18n';
import { usePermissions } from '../lib/session';
import { shortId, useDatasetTitles } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';

/** Names for ledger subjects: datasets by title, organizations by name (for those who may read them). */
export function useSubjectNames() {
  const can = usePermissions();
  const titles = useDatasetTitles();
  const orgs = useQuery(() => request(AdminOrganizationsDocument, {}), 'ledger-orgs', {
    skip: !can.canAudit,
  });
  const organizations = new Map((orgs.data?.organizations ?? []).map((o) => [o.id, o.name]));
  return { titles, organizations };
}

const SUBJECT_KEYS: Record<string, MessageKey> = {
  Dataset: 'ledger.subjectType.Dataset',
  Organization: 'ledger.subjectType.Organization',
  Grant: 'ledger.subjectType.Grant',
  AccessRequest: 'ledger.subjectType.AccessRequest',
};

/** A ledger entry's subject by name, linked to its page where the app has one. */
export function LedgerSubject({
  type,
  id,
  names,
}: {
  type: string;
  id: string;
  names: ReturnType<typeof useSubjectNames>;
}) {
  const { t } = useI18n();
  const label = (text: string) => (
    <>
      <span className="muted small">{SUBJECT_KEYS[type] ? t(SUBJECT_KEYS[type]) : type}</span>{' '}
      {text}
    </>
  );
  switch (type) {
    case 'Dataset':
      return (
        <Link to={`/datasets/${id}`}>{label(names.titles.get(id)?.title ?? shortId(id))}</Link>
      );
    case 'Organization':
      return (
        <Link to={`/organizations/${id}`}>{label(names.organizations.get(id) ?? shortId(id))}</Link>
      );
    case 'Grant':
      return (
        <Link to={`/grants#grant-${id}`}>
          {label(t('ledger.subjectGrant', { id: shortId(id) }))}
        </Link>
      );
    case 'AccessRequest':
      return <Link to="/requests">{label(t('ledger.subjectRequest', { id: shortId(id) }))}</Link>;
    default:
      return (
        <>
          {type} <code className="small">{shortId(id)}</code>
        </>
      );
  }
}

/** The entry's data, key by key (nested values as compact JSON). */
export function LedgerData({ data }: { data: unknown }) {
  const { t } = useI18n();
  if (!data || typeof data !== 'object' || Object.keys(data).length === 0) return null;
  return (
    <details>
      <summary>{t('ledger.content')}</summary>
      <dl className="facts small">
        {Object.entries(data as Record<string, unknown>).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
