import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type QueryOfferStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/**
 * A listing's offer of aggregate queries on one version. On an AMBIGUOUS version, or one
 * UNTRADEABLE only because of direct identifiers, it waits for a reviewer and, approved, is the
 * only way the version is traded (`queryOnly`); on a TRADEABLE one it stands beside downloads.
 */
@Entity({ name: 'query_offers' })
export class QueryOffer {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ type: 'text' })
  status: QueryOfferStatus;

  @Column({ name: 'query_only', type: 'boolean' })
  queryOnly: boolean;

  @Column({ name: 'min_group_size', type: 'integer' })
  minGroupSize: number;

  /** Why the version may be queried: its consent-free verdict and, if untradeable, the reasons. */
  @Column({ type: 'text' })
  basis: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
