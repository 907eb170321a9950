import type { AppAbility, PolicyUser, Role } from '@eastlake/policy';
import type { Request } from 'express';

/** The signed-in caller, as the guard found them in the database for this request. */
export interface AuthUser extends PolicyUser {
  email: string;
  role: Role;
}

/** What the guard leaves on the request. */
export interface AuthenticatedRequest extends Request {
  user?: AuthUser;
  ability?: AppAbility;
}

/** The GraphQL context every resolver receives. */
export interface GqlContext {
  req: AuthenticatedRequest;
}
