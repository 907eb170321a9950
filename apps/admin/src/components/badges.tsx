import { useI18n, type MessageKey } from '../lib/i18n';
import type {
  AccessRequestStatus,
  DatasetStatus,
  GrantStatus,
  Verdict,
} from '../graphql/generated';

export function StatusBadge({ status }: { status: DatasetStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge status-${status.toLowerCase()}`}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: Verdict | null | undefined }) {
  const { t } = useI18n();
  if (!verdict) return <span className="badge verdict-none">{t('verdict.none')}</span>;
  return (
    <span className={`badge verdict-${verdict.toLowerCase()}`}>
      {t(`verdict.${verdict}` as MessageKey)}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useI18n();
  const known = ['BLOCK', 'REVIEW', 'INFO'].includes(severity);
  return (
    <span className={`badge severity-${severity.toLowerCase()}`}>
      {known ? t(`severity.${severity}` as MessageKey) : severity}
    </span>
  );
}

export function RequestStatusBadge({ status }: { status: AccessRequestStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge request-${status.toLowerCase()}`}>
      {t(`request.status.${status}` as MessageKey)}
    </span>
  );
}

export function GrantStatusBadge({ status }: { status: GrantStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge grant-${status.toLowerCase()}`}>
      {t(`grant.status.${status}` as MessageKey)}
    </span>
  );
}
