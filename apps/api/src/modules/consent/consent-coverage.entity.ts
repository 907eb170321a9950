import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

/** For one version, manifest and purpose: how many rows that need consent have it. */
@Entity({ name: 'consent_coverage' })
export class ConsentCoverage {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @PrimaryColumn({ name: 'manifest_id', type: 'uuid' })
  manifestId: string;

  @PrimaryColumn({ type: 'text' })
  purpose: string;

  @Column({ name: 'covered_rows', type: 'bigint', transformer: bigintToNumber })
  coveredRows: number;

  @Column({ name: 'needed_rows', type: 'bigint', transformer: bigintToNumber })
  neededRows: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  rows: number;

  /** The classifier's verdict for this purpose with this manifest. */
  @Column({ type: 'text' })
  verdict: string;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
