import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

export type GrantStatus = 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED';
/** DOWNLOAD: the rows; QUERY: aggregate answers only (runAggregateQuery), never a row. */
export type GrantMode = 'DOWNLOAD' | 'QUERY';

/** An approved request's usage policy: who may use which version, for what, where, until when. */
@Entity({ name: 'grants' })
export class Grant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'buyer_org_id', type: 'uuid' })
  buyerOrgId: string;

  @Column({ name: 'provider_org_id', type: 'uuid' })
  providerOrgId: string;

  @Column({ type: 'text', array: true })
  purposes: string[];

  @Column({ type: 'text' })
  region: string;

  @Column({ name: 'onward_transfer', type: 'boolean' })
  onwardTransfer: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'text' })
  status: GrantStatus;

  @Column({ type: 'text', default: 'DOWNLOAD' })
  mode: GrantMode;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'rows_delivered', type: 'bigint', transformer: bigintToNumber })
  rowsDelivered: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
