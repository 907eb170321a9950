import type { GrantStatus } from './grant.entity.js';

/**
 * A grant's life cycle as one pure transition table: a status and an event give the next
 * status, or nothing when the move is illegal. A grant starts ACTIVE; a withdrawal of the
 * consent its purpose relied on suspends it; the provider (or an admin) may revoke it in
 * any state but REVOKED; the expiry timer ends an active one. Nothing comes back to ACTIVE.
 */
export const GRANT_STATUSES = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'] as const satisfies readonly GrantStatus[];

export type GrantEvent = 'CONSENT_WITHDRAWN' | 'REVOKE' | 'EXPIRE';

export const GRANT_TRANSITIONS: Readonly<Record<GrantStatus, Partial<Record<GrantEvent, GrantStatus>>>> = {
  ACTIVE: { CONSENT_WITHDRAWN: 'SUSPENDED', REVOKE: 'REVOKED', EXPIRE: 'EXPIRED' },
  SUSPENDED: { REVOKE: 'REVOKED' },
  EXPIRED: { REVOKE: 'REVOKED' },
  REVOKED: {},
};

/** @returns the next status, or null when `event` is not allowed in `status`. */
export function nextGrantStatus(status: GrantStatus, event: GrantEvent): GrantStatus | null {
  return GRANT_TRANSITIONS[status][event] ?? null;
}
