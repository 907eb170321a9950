import type { ClassificationReport, Verdict } from '@eastlake/classifier';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The classifier's report for one dataset version, with the engine version that made it. */
@Entity({ name: 'classifications' })
export class Classification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ type: 'text' })
  verdict: Verdict;

  @Column({ type: 'jsonb' })
  report: ClassificationReport;

  @Column({ name: 'engine_version', type: 'text' })
  engineVersion: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
