import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

const numeric = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A QUERY grant's policy (minimum group size, differential privacy) and its running totals. */
@Entity({ name: 'grant_query_policies' })
export class GrantQueryPolicy {
  @PrimaryColumn({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  @Column({ name: 'min_group_size', type: 'integer' })
  minGroupSize: number;

  @Column({ name: 'dp_epsilon_per_query', type: 'numeric', nullable: true, transformer: numeric })
  dpEpsilonPerQuery: number | null;

  @Column({ name: 'dp_epsilon_total', type: 'numeric', nullable: true, transformer: numeric })
  dpEpsilonTotal: number | null;

  @Column({ name: 'dp_contribution_bound', type: 'integer', nullable: true })
  dpContributionBound: number | null;

  @Column({ name: 'epsilon_spent', type: 'numeric', transformer: numeric })
  epsilonSpent: number;

  @Column({ name: 'queries_run', type: 'integer' })
  queriesRun: number;

  @Column({ name: 'queries_cached', type: 'integer' })
  queriesCached: number;

  @Column({ name: 'rows_scanned', type: 'bigint', transformer: bigintToNumber })
  rowsScanned: number;

  @Column({ name: 'last_query_at', type: 'timestamptz', nullable: true })
  lastQueryAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
