import { LedgerEntryRow } from '../modules/ledger/ledger-entry.entity.js';
import { LedgerHeadRow } from '../modules/ledger/ledger-head.entity.js';
import { TreeHeadRow } from '../modules/ledger/tree-head.entity.js';
import { LoginThrottle } from '../modules/auth/login-throttle.entity.js';
import { Organization } from '../modules/organizations/organization.entity.js';
import { User } from '../modules/users/user.entity.js';

/** Every TypeORM entity (listed, not globbed: the app is ESM). */
export const entities = [Organization, User, LoginThrottle, LedgerEntryRow, LedgerHeadRow, TreeHeadRow];
