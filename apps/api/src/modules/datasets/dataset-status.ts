/**
 * The listing life cycle (DESIGN.md) as one pure transition table: a state and an event
 * give the next state, or nothing when the move is illegal (a CONFLICT for the caller).
 */
export const DATASET_STATUSES = [
  'DRAFT',
  'CLASSIFYING',
  'TRADEABLE',
  'IN_REVIEW',
  'UNTRADEABLE',
  'PUBLISHED',
  'REJECTED',
  'SUSPENDED',
] as const;
export type DatasetStatus = (typeof DATASET_STATUSES)[number];

export type DatasetEvent =
  | 'UPLOAD'
  | 'CLASSIFIED_TRADEABLE'
  | 'CLASSIFIED_AMBIGUOUS'
  | 'CLASSIFIED_UNTRADEABLE'
  | 'CLASSIFICATION_FAILED'
  | 'APPROVE_QUERY'
  | 'APPROVE'
  | 'REJECT'
  | 'PUBLISH'
  | 'SUSPEND'
  | 'CONSENT_ATTACHED';

/**
 * A new version may be uploaded, and a consent manifest attached to the current one, in
 * every state but while one is being classified; both reclassify. A published listing
 * keeps its status when consent is added: coverage can only widen what it may serve.
 */
const UPLOAD: Partial<Record<DatasetEvent, DatasetStatus>> = { UPLOAD: 'CLASSIFYING', CONSENT_ATTACHED: 'CLASSIFYING' };

export const TRANSITIONS: Readonly<Record<DatasetStatus, Partial<Record<DatasetEvent, DatasetStatus>>>> = {
  DRAFT: { UPLOAD: 'CLASSIFYING' },
  CLASSIFYING: {
    CLASSIFIED_TRADEABLE: 'TRADEABLE',
    CLASSIFIED_AMBIGUOUS: 'IN_REVIEW',
    CLASSIFIED_UNTRADEABLE: 'UNTRADEABLE',
    // The last attempt failed without a verdict: back to a draft (nothing listable, a new
    // upload allowed); the job keeps state FAILED and the reason.
    CLASSIFICATION_FAILED: 'DRAFT',
  },
  TRADEABLE: { ...UPLOAD, PUBLISH: 'PUBLISHED' },
  // APPROVE_QUERY: a reviewer approved aggregate queries only (a query-only offer); the listing
  // may then be published, and its offer's deliveryModes say QUERY alone.
  IN_REVIEW: { ...UPLOAD, APPROVE: 'TRADEABLE', APPROVE_QUERY: 'TRADEABLE', REJECT: 'REJECTED' },
  UNTRADEABLE: { ...UPLOAD, APPROVE_QUERY: 'TRADEABLE' },
  PUBLISHED: { ...UPLOAD, CONSENT_ATTACHED: 'PUBLISHED', SUSPEND: 'SUSPENDED' },
  REJECTED: { ...UPLOAD },
  SUSPENDED: { ...UPLOAD },
};

/** @returns the next status, or null when `event` is not allowed in `status`. */
export function nextStatus(status: DatasetStatus, event: DatasetEvent): DatasetStatus | null {
  return TRANSITIONS[status][event] ?? null;
}

export const EVENT_FOR_VERDICT = {
  TRADEABLE: 'CLASSIFIED_TRADEABLE',
  AMBIGUOUS: 'CLASSIFIED_AMBIGUOUS',
  UNTRADEABLE: 'CLASSIFIED_UNTRADEABLE',
} as const satisfies Record<string, DatasetEvent>;
