import { LedgerEntryRow } from '../modules/ledger/ledger-entry.entity.js';
import { LedgerHeadRow } from '../modules/ledger/ledger-head.entity.js';
import { TreeHeadRow } from '../modules/ledger/tree-head.entity.js';
import { Classification } from '../modules/classification/classification.entity.js';
import { ClassificationJob } from '../modules/classification/classification-job.entity.js';
import { Dataset } from '../modules/datasets/dataset.entity.js';
import { DatasetVersion } from '../modules/datasets/dataset-version.entity.js';
import { ConsentCoverage } from '../modules/consent/consent-coverage.entity.js';
import { ConsentManifest } from '../modules/consent/consent-manifest.entity.js';
import { AccessRequest } from '../modules/access/access-request.entity.js';
import { Delivery } from '../modules/access/delivery.entity.js';
import { DownloadToken } from '../modules/access/download-token.entity.js';
import { Grant } from '../modules/access/grant.entity.js';
import { LoginThrottle } from '../modules/auth/login-throttle.entity.js';
import { Organization } from '../modules/organizations/organization.entity.js';
import { User } from '../modules/users/user.entity.js';
import { DataGradeDeclaration, ImportantDataAuthorisation } from '../modules/enforcement/data-grade.entity.js';
import { EnforcementOrder } from '../modules/enforcement/enforcement-order.entity.js';
import { ImpactAssessment } from '../modules/enforcement/impact-assessment.entity.js';
import { VersionLineage } from '../modules/remediation/version-lineage.entity.js';
import { OrganizationSalt } from '../modules/remediation/organization-salt.entity.js';
import { AggregateQuery } from '../modules/query/aggregate-query.entity.js';
import { GrantQueryPolicy } from '../modules/query/grant-query-policy.entity.js';
import { QueryOffer } from '../modules/query/query-offer.entity.js';

/** Every TypeORM entity (listed, not globbed: the app is ESM). */
export const entities = [Organization, User, LoginThrottle, LedgerEntryRow, LedgerHeadRow, TreeHeadRow, Dataset, DatasetVersion, Classification, ClassificationJob, ConsentManifest, ConsentCoverage, AccessRequest, Grant, DownloadToken, Delivery, EnforcementOrder, DataGradeDeclaration, ImportantDataAuthorisation, ImpactAssessment, VersionLineage, OrganizationSalt, QueryOffer, GrantQueryPolicy, AggregateQuery];
