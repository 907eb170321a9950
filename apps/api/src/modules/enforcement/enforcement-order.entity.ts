import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EnforcementKind = 'FREEZE' | 'RECTIFICATION';
export type EnforcementTargetType = 'DATASET' | 'ORGANIZATION' | 'GRANT';
/** ACTIVE until a regulator lifts it (LIFTED) or, for a rectification order, finds it complied with (COMPLIED). */
export type EnforcementStatus = 'ACTIVE' | 'LIFTED' | 'COMPLIED';

/**
 * A regulator's order: a freeze of a listing, an organisation or a grant (deliveries stop at
 * once), or a rectification order with a deadline. Each carries a reason the affected parties
 * read and its legal basis; issuing and closing it are ledger events.
 */
@Entity({ name: 'enforcement_orders' })
export class EnforcementOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: EnforcementKind;

  @Column({ name: 'target_type', type: 'text' })
  targetType: EnforcementTargetType;

  @Column({ name: 'target_id', type: 'uuid' })
  targetId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis: string;

  @Column({ type: 'timestamptz', nullable: true })
  deadline: Date | null;

  @Column({ type: 'text' })
  status: EnforcementStatus;

  @Column({ name: 'issued_by', type: 'uuid' })
  issuedBy: string;

  @Column({ name: 'issuer_org_id', type: 'uuid' })
  issuerOrgId: string;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_note', type: 'text', nullable: true })
  closeNote: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
