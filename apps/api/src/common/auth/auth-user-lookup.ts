import type { AuthUser } from './auth-user.js';

/** What the guard needs to know about the account behind a token. */
export type AuthAccount = Pick<AuthUser, 'id' | 'email' | 'role' | 'organizationId'> & { disabledAt: Date | null };

/**
 * Provided by the users module (which owns the accounts), injected into the guard by this
 * token: common/auth never imports a module.
 */
export interface AuthUserLookup {
  findAccount(id: string): Promise<AuthAccount | null>;
}

export const AUTH_USER_LOOKUP = Symbol('AUTH_USER_LOOKUP');
