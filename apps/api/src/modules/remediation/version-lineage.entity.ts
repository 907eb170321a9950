import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';
import type { ColumnTransform } from './transforms.js';

/** A version derived server-side from another: its parent and the transforms applied. */
@Entity({ name: 'dataset_version_lineage' })
export class VersionLineage {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'parent_version_id', type: 'uuid' })
  parentVersionId: string;

  @Column({ type: 'jsonb' })
  transforms: ColumnTransform[];

  @Column({ name: 'rows_in', type: 'bigint', transformer: bigintToNumber })
  rowsIn: number;

  @Column({ name: 'rows_out', type: 'bigint', transformer: bigintToNumber })
  rowsOut: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
