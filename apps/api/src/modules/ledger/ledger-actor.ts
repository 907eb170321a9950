import type { LedgerActor } from '@eastlake/ledger';
import type { AuthUser } from '../../common/auth/auth-user.js';

/** The actor of changes the platform makes by itself (seeding, expiry). */
export const SYSTEM_ACTOR: LedgerActor = { userId: null, organizationId: null, role: 'SYSTEM' };

export function actorOf(user: Pick<AuthUser, 'id' | 'organizationId' | 'role'>): LedgerActor {
  return { userId: user.id, organizationId: user.organizationId, role: user.role };
}
