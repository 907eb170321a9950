import {
  AbilityBuilder,
  createMongoAbility,
  type ForcedSubject,
  type MongoAbility,
} from '@casl/ability';
import type { Role } from './roles.js';

/** What the policy needs to know about the caller. `null` is an anonymous caller. */
export interface PolicyUser {
  id: string;
  organizationId: string;
  role: Role;
}

export type Action =
  | 'manage'
  | 'create'
  | 'read'
  | 'update'
  | 'delete'
  | 'verify'
  | 'changeRole'
  | 'disable'
  | 'publish'
  | 'review'
  | 'readPreview'
  | 'decide'
  | 'revoke'
  | 'download'
  | 'query'
  | 'configure'
  | 'revokeConsent'
  | 'freeze'
  | 'lift'
  | 'order'
  | 'declare'
  | 'authorise'
  | 'upload';

/** Plain shapes of the rows abilities are checked against (the API's entities satisfy them). */
export interface OrganizationSubject {
  id: string;
}
export interface DatasetSubject {
  id?: string;
  ownerOrgId: string;
  status: string;
}
/** An access request or a grant: between a buyer organization and the dataset's provider. */
export interface TradeSubject {
  buyerOrgId: string;
  providerOrgId: string;
}
export interface UserSubject {
  id: string;
  organizationId: string;
  role?: Role;
}

/** Evidence of a cross-border mechanism (standard contract, certification, security assessment) of an exporter. */
export interface ExporterSubject {
  exporterOrgId: string;
}

type Tagged<Name extends string, T> = T & ForcedSubject<Name>;
export type SubjectName =
  | 'Organization'
  | 'User'
  | 'Dataset'
  | 'AccessRequest'
  | 'Grant'
  | 'LedgerEntry'
  | 'AuditView'
  | 'EnforcementOrder'
  | 'DataGrade'
  | 'Order'
  | 'InsiderStatus'
  | 'CrossBorderEvidence'
  | 'StatutoryReport'
  | 'all';
export type Subjects =
  | SubjectName
  | Tagged<'Organization', OrganizationSubject>
  | Tagged<'User', UserSubject>
  | Tagged<'Dataset', DatasetSubject>
  | Tagged<'AccessRequest', TradeSubject>
  | Tagged<'Grant', TradeSubject>
  | 'LedgerEntry'
  | 'AuditView'
  | 'EnforcementOrder'
  | 'DataGrade'
  | Tagged<'Order', TradeSubject>
  | 'InsiderStatus'
  | Tagged<'CrossBorderEvidence', ExporterSubject>
  | 'StatutoryReport';

export type AppAbility = MongoAbility<[Action, Subjects]>;

/**
 * Builds the abilities of one caller from their role and organization.
 *
 * The rules are the single definition of who may do what: the API checks them in
 * guards (kind of action), in services (the specific row) and turns them into SQL for
 * list queries; the admin app uses them to hide what the user cannot do.
 */
export function defineAbilityFor(user: PolicyUser | null): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (!user) return build();

  // Everyone signed in sees themselves and their own organization.
  can('read', 'User', { id: user.id });
  can('read', 'Organization', { id: user.organizationId });

  switch (user.role) {
    case 'PROVIDER':
      can('read', 'User', { organizationId: user.organizationId });
      // Providers manage their own listings and browse the market like anyone else.
      can('create', 'Dataset');
      can(['read', 'update', 'publish', 'readPreview', 'revokeConsent'], 'Dataset', { ownerOrgId: user.organizationId });
      can('read', 'Dataset', { status: 'PUBLISHED' });
      // Requests for their datasets, and the grants they made.
      can(['read', 'decide'], 'AccessRequest', { providerOrgId: user.organizationId });
      can(['read', 'revoke'], 'Grant', { providerOrgId: user.organizationId });
      // The query policy (minimum group size, privacy budget) of the grants they made.
      can('configure', 'Grant', { providerOrgId: user.organizationId });
      // Providers acquire data too (to resell it under a grant that allows onward transfer).
      can('create', 'AccessRequest');
      can('read', 'AccessRequest', { buyerOrgId: user.organizationId });
      can(['read', 'download', 'query'], 'Grant', { buyerOrgId: user.organizationId });
      // Orders (what a grant was paid) they sold or bought.
      can('read', 'Order', { providerOrgId: user.organizationId });
      can('read', 'Order', { buyerOrgId: user.organizationId });
      // Exporters file evidence of their cross-border mechanism (CAC 2024 Provisions) and see their own.
      can(['upload', 'read'], 'CrossBorderEvidence', { exporterOrgId: user.organizationId });
      break;
    case 'BUYER':
      can('read', 'User', { organizationId: user.organizationId });
      // Buyers see published listings only, and never raw rows.
      can('read', 'Dataset', { status: 'PUBLISHED' });
      // Their own organization's requests and grants only; data only through a grant
      // (rows through a DOWNLOAD grant, aggregate answers through a QUERY grant).
      can('create', 'AccessRequest');
      can('read', 'AccessRequest', { buyerOrgId: user.organizationId });
      can(['read', 'download', 'query'], 'Grant', { buyerOrgId: user.organizationId });
      can('read', 'Order', { buyerOrgId: user.organizationId });
      break;
    case 'REGULATOR':
      // Regulators read every account and organization; they change nothing here.
      can('read', 'Organization');
      can('read', 'User');
      can('read', 'LedgerEntry');
      can(['read', 'review', 'readPreview'], 'Dataset');
      can('read', ['AccessRequest', 'Grant']);
      can('read', 'AuditView');
      // Enforcement is the regulator's: freezes and rectification orders, issued and lifted,
      // and the grade of data (declaring important or core data, authorising important data).
      can(['freeze', 'order', 'lift', 'read'], 'EnforcementOrder');
      can(['declare', 'authorise'], 'DataGrade');
      can('read', 'Order');
      // Insiders (2017 SPC/SPP interpretation Art. 5 para. 1 (8)) are measured at half the standards.
      can(['read', 'declare'], 'InsiderStatus');
      // Cross-border mechanisms: regulators review the evidence exporters file.
      can(['read', 'review'], 'CrossBorderEvidence');
      // The statutory period report is the regulator's.
      can('read', 'StatutoryReport');
      break;
    case 'ADMIN':
      can('read', 'Organization');
      can('verify', 'Organization');
      can('read', 'User');
      can('create', 'User');
      can('changeRole', 'User');
      can('disable', 'User');
      can('read', 'LedgerEntry');
      can(['read', 'review', 'readPreview', 'revokeConsent'], 'Dataset');
      can('read', ['AccessRequest', 'Grant']);
      can('revoke', 'Grant');
      can('read', 'AuditView');
      // Admins see enforcement orders but neither issue nor lift them: a regulator's freeze
      // stands until a regulator lifts it.
      can('read', 'EnforcementOrder');
      cannot(['freeze', 'order', 'lift'], 'EnforcementOrder');
      can('read', 'Order');
      can(['read', 'declare'], 'InsiderStatus');
      // Admins see cross-border evidence but the review is a regulator's.
      can('read', 'CrossBorderEvidence');
      // An admin cannot demote themselves and lock the platform out.
      cannot('changeRole', 'User', { id: user.id });
      cannot('disable', 'User', { id: user.id });
      break;
  }
  return build();
}
