import { LoginThrottle } from '../modules/auth/login-throttle.entity.js';
import { Organization } from '../modules/organizations/organization.entity.js';
import { User } from '../modules/users/user.entity.js';

/** Every TypeORM entity (listed, not globbed: the app is ESM). */
export const entities = [Organization, User, LoginThrottle];
