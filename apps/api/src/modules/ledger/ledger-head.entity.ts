import type { FrontierState } from '@eastlake/ledger';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

/**
 * The single row writers lock `FOR UPDATE` to append: the current size and the compact
 * Merkle frontier, so an append costs O(log n) hashing and no recomputation.
 */
@Entity({ name: 'ledger_head' })
export class LedgerHeadRow {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  size: number;

  @Column({ type: 'jsonb' })
  frontier: FrontierState;
}
