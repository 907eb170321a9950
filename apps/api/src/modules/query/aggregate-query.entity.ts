import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';
import type { ReleasedAnswer } from './answer-release.js';

const numeric = { to: (v: number) => v, from: (v: string) => Number(v) };

export type AggregateQueryStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** One aggregate query on a grant: what was asked (canonical), what it cost, what was released. */
@Entity({ name: 'aggregate_queries' })
export class AggregateQuery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'input_hash', type: 'char', length: 64 })
  inputHash: string;

  /** The input hash with the version, the revocations and the policy it was answered under. */
  @Column({ name: 'cache_key', type: 'char', length: 64 })
  cacheKey: string;

  @Column({ name: 'canonical_input', type: 'text' })
  canonicalInput: string;

  @Column({ type: 'text' })
  status: AggregateQueryStatus;

  /** Answered from an earlier identical query: nothing spent. */
  @Column({ type: 'boolean' })
  cached: boolean;

  @Column({ type: 'numeric', transformer: numeric })
  epsilon: number;

  @Column({ name: 'groups_returned', type: 'integer', nullable: true })
  groupsReturned: number | null;

  @Column({ name: 'groups_suppressed', type: 'integer', nullable: true })
  groupsSuppressed: number | null;

  @Column({ name: 'rows_scanned', type: 'bigint', nullable: true, transformer: bigintToNumber })
  rowsScanned: number | null;

  @Column({ name: 'rows_matched', type: 'bigint', nullable: true, transformer: bigintToNumber })
  rowsMatched: number | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs: number | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Omit<ReleasedAnswer, 'rowsMatched'> | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
