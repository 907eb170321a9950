import { Accounts1764400000000 } from './1764400000000-Accounts.js';

/** Every migration, in order. Committed; run at start-up on PostgreSQL and PGlite alike. */
export const migrations = [Accounts1764400000000];
