import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DatasetStatus } from './dataset-status.js';

export const PROVENANCES = ['COLLECTED', 'ACQUIRED', 'PUBLIC', 'DERIVED'] as const;
export type Provenance = (typeof PROVENANCES)[number];

/** Rights the provider declares it holds (China's 2022 "Data 20 Articles"). */
export interface DataRights {
  holding: boolean;
  processing: boolean;
  operation: boolean;
}

@Entity({ name: 'datasets' })
export class Dataset {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_org_id', type: 'uuid' })
  ownerOrgId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  region: string;

  @Column({ type: 'text' })
  provenance: Provenance;

  @Column({ name: 'parent_grant_id', type: 'uuid', nullable: true })
  parentGrantId: string | null;

  /** The listing the parent grant (made to this dataset's organization) covers, recorded by the access module at creation; null otherwise. */
  @Column({ name: 'acquired_from_dataset_id', type: 'uuid', nullable: true })
  acquiredFromDatasetId: string | null;

  @Column({ type: 'jsonb' })
  rights: DataRights;

  @Column({ type: 'text' })
  status: DatasetStatus;

  @Column({ name: 'current_version_id', type: 'uuid', nullable: true })
  currentVersionId: string | null;

  @Column({ name: 'review_note', type: 'text', nullable: true })
  reviewNote: string | null;

  /** How the listing is priced (null: no price, nothing is recorded as paid); see orders/. */
  @Column({ name: 'price_model', type: 'text', nullable: true, select: true })
  priceModel?: 'PER_DELIVERY' | 'PER_RECORD' | 'PER_QUERY' | null;

  /** The price in fen (1 CNY = 100 fen), per delivery, record or query. */
  @Column({ name: 'price_fen', type: 'bigint', nullable: true, transformer: { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  priceFen?: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
