import { describe, expect, it } from '@jest/globals';
import { ForbiddenError, subject } from '@casl/ability';
import { rulesToAST } from '@casl/ability/extra';
import { defineAbilityFor, type PolicyUser } from './abilities.js';

const orgA = 'org-a';
const orgB = 'org-b';
const user = (role: PolicyUser['role'], id = `u-${role}`, organizationId = orgA): PolicyUser => ({
  id,
  organizationId,
  role,
});
const userRow = (id: string, organizationId: string) => subject('User', { id, organizationId });
const orgRow = (id: string) => subject('Organization', { id });

describe('defineAbilityFor', () => {
  it('gives an anonymous caller nothing', () => {
    const ability = defineAbilityFor(null);
    expect(ability.can('read', 'User')).toBe(false);
    expect(ability.can('read', 'Organization')).toBe(false);
  });

  it.each(['PROVIDER', 'BUYER'] as const)('lets a %s read its own organization and its users only', (role) => {
    const ability = defineAbilityFor(user(role));
    expect(ability.can('read', orgRow(orgA))).toBe(true);
    expect(ability.can('read', orgRow(orgB))).toBe(false);
    expect(ability.can('read', userRow('x', orgA))).toBe(true);
    expect(ability.can('read', userRow('y', orgB))).toBe(false);
    expect(ability.can('create', 'User')).toBe(false);
    expect(ability.can('verify', orgRow(orgA))).toBe(false);
    expect(ability.can('changeRole', userRow('x', orgA))).toBe(false);
    expect(ability.can('read', 'LedgerEntry')).toBe(false);
  });

  it('lets a regulator read every organization and user but change nothing', () => {
    const ability = defineAbilityFor(user('REGULATOR'));
    expect(ability.can('read', orgRow(orgB))).toBe(true);
    expect(ability.can('read', userRow('y', orgB))).toBe(true);
    expect(ability.can('create', 'User')).toBe(false);
    expect(ability.can('verify', orgRow(orgB))).toBe(false);
    expect(ability.can('changeRole', userRow('y', orgB))).toBe(false);
    expect(ability.can('disable', userRow('y', orgB))).toBe(false);
    expect(ability.can('read', 'LedgerEntry')).toBe(true);
  });

  it('lets an admin create users, verify organizations and change roles, except their own', () => {
    const admin = user('ADMIN', 'admin-1');
    const ability = defineAbilityFor(admin);
    expect(ability.can('create', 'User')).toBe(true);
    expect(ability.can('verify', orgRow(orgB))).toBe(true);
    expect(ability.can('changeRole', userRow('y', orgB))).toBe(true);
    expect(ability.can('changeRole', userRow('admin-1', orgA))).toBe(false);
    expect(ability.can('disable', userRow('y', orgB))).toBe(true);
    expect(ability.can('disable', userRow('admin-1', orgA))).toBe(false);
    expect(ability.can('read', 'LedgerEntry')).toBe(true);
  });

  describe('datasets', () => {
    const dataset = (ownerOrgId: string, status: string) => subject('Dataset', { ownerOrgId, status });

    it('lets a provider manage its own datasets, and only read published ones of others', () => {
      const ability = defineAbilityFor(user('PROVIDER'));
      expect(ability.can('create', 'Dataset')).toBe(true);
      for (const action of ['read', 'update', 'publish', 'readPreview'] as const) {
        expect(ability.can(action, dataset(orgA, 'DRAFT'))).toBe(true);
        expect(ability.can(action, dataset(orgB, 'DRAFT'))).toBe(false);
      }
      expect(ability.can('read', dataset(orgB, 'PUBLISHED'))).toBe(true);
      expect(ability.can('update', dataset(orgB, 'PUBLISHED'))).toBe(false);
      expect(ability.can('review', dataset(orgA, 'IN_REVIEW'))).toBe(false);
      expect(ability.can('revokeConsent', dataset(orgA, 'PUBLISHED'))).toBe(true);
      expect(ability.can('revokeConsent', dataset(orgB, 'PUBLISHED'))).toBe(false);
    });

    it('lets a buyer read published datasets only, never previews', () => {
      const ability = defineAbilityFor(user('BUYER'));
      expect(ability.can('read', dataset(orgB, 'PUBLISHED'))).toBe(true);
      for (const status of ['DRAFT', 'CLASSIFYING', 'TRADEABLE', 'IN_REVIEW', 'UNTRADEABLE', 'REJECTED', 'SUSPENDED']) {
        expect(ability.can('read', dataset(orgB, status))).toBe(false);
      }
      expect(ability.can('readPreview', dataset(orgB, 'PUBLISHED'))).toBe(false);
      expect(ability.can('create', 'Dataset')).toBe(false);
    });

    it.each(['REGULATOR', 'ADMIN'] as const)('lets a %s read, preview and review every dataset but not publish', (role) => {
      const ability = defineAbilityFor(user(role));
      expect(ability.can('read', dataset(orgB, 'DRAFT'))).toBe(true);
      expect(ability.can('review', dataset(orgB, 'IN_REVIEW'))).toBe(true);
      expect(ability.can('readPreview', dataset(orgB, 'IN_REVIEW'))).toBe(true);
      expect(ability.can('publish', dataset(orgB, 'TRADEABLE'))).toBe(false);
      expect(ability.can('update', dataset(orgB, 'TRADEABLE'))).toBe(false);
      expect(ability.can('revokeConsent', dataset(orgB, 'PUBLISHED'))).toBe(role === 'ADMIN');
    });
  });

  describe('access requests and grants', () => {
    const trade = (kind: 'AccessRequest' | 'Grant', buyerOrgId: string, providerOrgId: string) =>
      subject(kind, { buyerOrgId, providerOrgId });

    it('lets a buyer request, and read and use only its own organization’s requests and grants', () => {
      const ability = defineAbilityFor(user('BUYER'));
      expect(ability.can('create', 'AccessRequest')).toBe(true);
      expect(ability.can('read', trade('AccessRequest', orgA, orgB))).toBe(true);
      expect(ability.can('read', trade('AccessRequest', orgB, orgA))).toBe(false);
      expect(ability.can('download', trade('Grant', orgA, orgB))).toBe(true);
      expect(ability.can('download', trade('Grant', orgB, orgA))).toBe(false);
      expect(ability.can('decide', trade('AccessRequest', orgA, orgB))).toBe(false);
      expect(ability.can('revoke', trade('Grant', orgA, orgB))).toBe(false);
    });

    it('lets a provider decide requests for its datasets, revoke its grants, and acquire data itself', () => {
      const ability = defineAbilityFor(user('PROVIDER'));
      expect(ability.can('decide', trade('AccessRequest', orgB, orgA))).toBe(true);
      expect(ability.can('decide', trade('AccessRequest', orgA, orgB))).toBe(false);
      expect(ability.can('revoke', trade('Grant', orgB, orgA))).toBe(true);
      expect(ability.can('revoke', trade('Grant', 'x', orgB))).toBe(false);
      // As a buyer of someone else's data:
      expect(ability.can('create', 'AccessRequest')).toBe(true);
      expect(ability.can('read', trade('AccessRequest', orgA, orgB))).toBe(true);
      expect(ability.can('download', trade('Grant', orgA, orgB))).toBe(true);
      expect(ability.can('download', trade('Grant', orgB, orgA))).toBe(false);
      expect(ability.can('revoke', trade('Grant', orgA, orgB))).toBe(false);
    });

    it('lets the buyer query its own grants and the provider configure the query policy of the grants it made', () => {
      const buyer = defineAbilityFor(user('BUYER'));
      expect(buyer.can('query', trade('Grant', orgA, orgB))).toBe(true);
      expect(buyer.can('query', trade('Grant', orgB, orgA))).toBe(false);
      expect(buyer.can('configure', trade('Grant', orgA, orgB))).toBe(false);
      const provider = defineAbilityFor(user('PROVIDER'));
      expect(provider.can('configure', trade('Grant', orgB, orgA))).toBe(true);
      expect(provider.can('configure', trade('Grant', 'x', orgB))).toBe(false);
      expect(provider.can('query', trade('Grant', orgB, orgA))).toBe(false);
      for (const role of ['REGULATOR', 'ADMIN'] as const) {
        const other = defineAbilityFor(user(role));
        expect(other.can('query', trade('Grant', orgA, orgB))).toBe(false);
        expect(other.can('configure', trade('Grant', orgA, orgB))).toBe(false);
      }
    });

    it('lets regulators read every request and grant; admins also revoke grants', () => {
      const regulator = defineAbilityFor(user('REGULATOR'));
      expect(regulator.can('read', trade('Grant', orgA, orgB))).toBe(true);
      expect(regulator.can('revoke', trade('Grant', orgA, orgB))).toBe(false);
      expect(regulator.can('download', trade('Grant', orgA, orgB))).toBe(false);
      const admin = defineAbilityFor(user('ADMIN'));
      expect(admin.can('revoke', trade('Grant', orgA, orgB))).toBe(true);
      expect(admin.can('decide', trade('AccessRequest', orgA, orgB))).toBe(false);
    });

    it('opens the audit views to regulators and admins only', () => {
      expect(defineAbilityFor(user('REGULATOR')).can('read', 'AuditView')).toBe(true);
      expect(defineAbilityFor(user('ADMIN')).can('read', 'AuditView')).toBe(true);
      expect(defineAbilityFor(user('PROVIDER')).can('read', 'AuditView')).toBe(false);
      expect(defineAbilityFor(user('BUYER')).can('read', 'AuditView')).toBe(false);
    });
  });

  describe('enforcement and data grades', () => {
    it('lets only regulators freeze, order rectification, lift, and declare or authorise grades', () => {
      const regulator = defineAbilityFor(user('REGULATOR'));
      for (const action of ['freeze', 'order', 'lift', 'read'] as const) expect(regulator.can(action, 'EnforcementOrder')).toBe(true);
      expect(regulator.can('declare', 'DataGrade')).toBe(true);
      expect(regulator.can('authorise', 'DataGrade')).toBe(true);
    });

    it('lets admins read enforcement orders but never lift a regulator’s freeze', () => {
      const admin = defineAbilityFor(user('ADMIN'));
      expect(admin.can('read', 'EnforcementOrder')).toBe(true);
      for (const action of ['freeze', 'order', 'lift'] as const) expect(admin.can(action, 'EnforcementOrder')).toBe(false);
      expect(admin.can('declare', 'DataGrade')).toBe(false);
      expect(admin.can('authorise', 'DataGrade')).toBe(false);
    });

    it.each(['PROVIDER', 'BUYER'] as const)('gives a %s no enforcement powers', (role) => {
      const ability = defineAbilityFor(user(role));
      for (const action of ['freeze', 'order', 'lift', 'read'] as const) expect(ability.can(action, 'EnforcementOrder')).toBe(false);
      expect(ability.can('authorise', 'DataGrade')).toBe(false);
      expect(ability.can('declare', 'DataGrade')).toBe(false);
    });
  });

  describe('orders, insiders, cross-border evidence and the statutory report', () => {
    const trade = (buyerOrgId: string, providerOrgId: string) => subject('Order', { buyerOrgId, providerOrgId });
    const evidence = (exporterOrgId: string) => subject('CrossBorderEvidence', { exporterOrgId });

    it('shows an order to its buyer and its provider only, and every order to regulators and admins', () => {
      expect(defineAbilityFor(user('BUYER')).can('read', trade(orgA, orgB))).toBe(true);
      expect(defineAbilityFor(user('BUYER')).can('read', trade(orgB, orgA))).toBe(false);
      expect(defineAbilityFor(user('PROVIDER')).can('read', trade(orgB, orgA))).toBe(true);
      expect(defineAbilityFor(user('PROVIDER', 'u-p', 'org-c')).can('read', trade(orgA, orgB))).toBe(false);
      for (const role of ['REGULATOR', 'ADMIN'] as const) expect(defineAbilityFor(user(role)).can('read', trade(orgA, orgB))).toBe(true);
    });

    it('lets regulators and admins declare insiders, nobody else', () => {
      for (const role of ['REGULATOR', 'ADMIN'] as const) expect(defineAbilityFor(user(role)).can('declare', 'InsiderStatus')).toBe(true);
      for (const role of ['PROVIDER', 'BUYER'] as const) expect(defineAbilityFor(user(role)).can('declare', 'InsiderStatus')).toBe(false);
    });

    it('lets an exporter file its own evidence, a regulator review it, an admin only read it', () => {
      const provider = defineAbilityFor(user('PROVIDER'));
      expect(provider.can('upload', evidence(orgA))).toBe(true);
      expect(provider.can('upload', evidence(orgB))).toBe(false);
      expect(provider.can('read', evidence(orgB))).toBe(false);
      expect(provider.can('review', evidence(orgA))).toBe(false);
      expect(defineAbilityFor(user('BUYER')).can('upload', evidence(orgA))).toBe(false);
      expect(defineAbilityFor(user('REGULATOR')).can('review', evidence(orgB))).toBe(true);
      expect(defineAbilityFor(user('ADMIN')).can('read', evidence(orgB))).toBe(true);
      expect(defineAbilityFor(user('ADMIN')).can('review', evidence(orgB))).toBe(false);
    });

    it('opens the statutory report to regulators only', () => {
      expect(defineAbilityFor(user('REGULATOR')).can('read', 'StatutoryReport')).toBe(true);
      for (const role of ['PROVIDER', 'BUYER', 'ADMIN'] as const) expect(defineAbilityFor(user(role)).can('read', 'StatutoryReport')).toBe(false);
    });
  });

  it('throws a ForbiddenError for a row the caller may not touch', () => {
    const ability = defineAbilityFor(user('PROVIDER'));
    expect(() => ForbiddenError.from(ability).throwUnlessCan('read', userRow('y', orgB))).toThrow(
      ForbiddenError,
    );
    expect(() => ForbiddenError.from(ability).throwUnlessCan('read', userRow('x', orgA))).not.toThrow();
  });

  it('exposes conditions that list queries turn into SQL', () => {
    const provider = rulesToAST(defineAbilityFor(user('PROVIDER', 'me')), 'read', 'User');
    expect(JSON.stringify(provider)).toContain(orgA);
    expect(JSON.stringify(provider)).toContain('me');
    const anonymous = rulesToAST(defineAbilityFor(null), 'read', 'User');
    expect(anonymous).toBeNull();
  });
});
