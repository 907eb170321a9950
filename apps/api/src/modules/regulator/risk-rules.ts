/** Thresholds of the regulator's risk flags, in one place. */
export const RISK_RULES = {
  /** Buyers acquiring personal information from this many providers … */
  manyProvidersCount: 3,
  /** … within this many days. */
  manyProvidersDays: 30,
  /** Providers with this many UNTRADEABLE uploads … */
  untradeableUploads: 3,
  /** … within this many days. */
  untradeableDays: 30,
} as const;

export type RiskFlagKind =
  | 'BUYER_EXPOSURE_TIER'
  | 'BUYER_TIER_REACHED'
  | 'BUYER_MANY_PROVIDERS'
  | 'PROVIDER_REPEATED_UNTRADEABLE'
  | 'RESALE_SUSPECTED'
  | 'RECTIFICATION_OVERDUE'
  | 'TARGETED_FRAUD_LISTING'
  | 'TARGETED_FRAUD_BUYER';
