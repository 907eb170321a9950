import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CrossBorderAssessment } from '../cross-border/export-volume.js';
import type { GrantMode } from './grant.entity.js';

export type AccessRequestStatus = 'PENDING' | 'REFUSED' | 'APPROVED' | 'DENIED';

export interface PolicyReason {
  code: string;
  message: string;
}

@Entity({ name: 'access_requests' })
export class AccessRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'buyer_org_id', type: 'uuid' })
  buyerOrgId: string;

  @Column({ name: 'provider_org_id', type: 'uuid' })
  providerOrgId: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'duration_days', type: 'integer' })
  durationDays: number;

  @Column({ type: 'text' })
  region: string;

  @Column({ type: 'text' })
  status: AccessRequestStatus;

  /** How the buyer asks to use the data: DOWNLOAD (rows) or QUERY (aggregate answers only). */
  @Column({ type: 'text', default: 'DOWNLOAD' })
  mode: GrantMode;

  @Column({ type: 'jsonb' })
  reasons: PolicyReason[];

  /** Outside the mainland: the mechanism the exporter's year needs (CAC 2024 Provisions), as assessed at request and decision. */
  @Column({ name: 'cross_border', type: 'jsonb', nullable: true })
  crossBorder?: CrossBorderAssessment | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
