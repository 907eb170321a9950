import { Accounts1764400000000 } from './1764400000000-Accounts.js';
import { Ledger1764400001000 } from './1764400001000-Ledger.js';
import { Datasets1764400002000 } from './1764400002000-Datasets.js';
import { Access1764400003000 } from './1764400003000-Access.js';
import { Resale1764400004000 } from './1764400004000-Resale.js';
import { Revocation1764400005000 } from './1764400005000-Revocation.js';
import { LedgerTiles1764400006000 } from './1764400006000-LedgerTiles.js';
import { Enforcement1764400009000 } from './1764400009000-Enforcement.js';
import { ImpactAssessments1764400009500 } from './1764400009500-ImpactAssessments.js';
import { AggregateQueries1764400010000 } from './1764400010000-AggregateQueries.js';
import { Remediation1764400011000 } from './1764400011000-Remediation.js';
import { PricesOrdersCrossBorder1764400012000 } from './1764400012000-PricesOrdersCrossBorder.js';
import { AcquiredFrom1764400013000 } from './1764400013000-AcquiredFrom.js';

/** Every migration, in order. Committed; run at start-up on PostgreSQL and PGlite alike. */
export const migrations = [Accounts1764400000000, Ledger1764400001000, Datasets1764400002000, Access1764400003000, Resale1764400004000, Revocation1764400005000, LedgerTiles1764400006000, Enforcement1764400009000, ImpactAssessments1764400009500, AggregateQueries1764400010000, Remediation1764400011000, PricesOrdersCrossBorder1764400012000, AcquiredFrom1764400013000];
