import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

export type JobState = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

/** Progress of one version's classification, written by whichever process runs it. */
@Entity({ name: 'classification_jobs' })
export class ClassificationJob {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ type: 'text' })
  state: JobState;

  @Column({ name: 'bytes_scanned', type: 'bigint', transformer: bigintToNumber })
  bytesScanned: number;

  @Column({ name: 'total_bytes', type: 'bigint', transformer: bigintToNumber })
  totalBytes: number;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Set when the job (re)runs to evaluate a consent manifest. */
  @Column({ name: 'manifest_id', type: 'uuid', nullable: true })
  manifestId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
