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

interface OfferedPurpose {
  purpose: string;
  verdict: Verdict;
  coveredRows: number;
  neededRows: number;
}

/**
 * The consent-free verdict, never bare when consent lifts it: "Untradeable without consent ·
 * Tradeable for marketing: 150/150 rows consented".
 */
export function EffectiveVerdict({
  verdict,
  offer,
}: {
  verdict: Verdict | null | undefined;
  offer?: { purposes: readonly OfferedPurpose[] } | null;
}) {
  const { t, number } = useI18n();
  const lifted = (offer?.purposes ?? []).filter((p) => p.verdict === 'TRADEABLE');
  if (!verdict || verdict === 'TRADEABLE' || lifted.length === 0)
    return <VerdictBadge verdict={verdict} />;
  return (
    <span className="effective-verdict" data-testid="effective-verdict">
      <span className={`badge verdict-${verdict.toLowerCase()}`}>
        {t(`verdict.withoutConsent.${verdict}` as MessageKey)}
      </span>
      {lifted.map((p) => (
        <span key={p.purpose}>
          {' · '}
          <span className="badge verdict-tradeable">
            {t('offer.tradeableFor', {
              purpose: p.purpose,
              covered: number(p.coveredRows),
              needed: number(p.neededRows),
            })}
          </span>
        </span>
      ))}
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
