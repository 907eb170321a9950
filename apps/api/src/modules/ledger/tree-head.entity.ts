import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

/** A signed tree head, kept forever so later states can be proven consistent with it. */
@Entity({ name: 'ledger_tree_heads' })
export class TreeHeadRow {
  @PrimaryColumn({ name: 'tree_size', type: 'bigint', transformer: bigintToNumber })
  treeSize: number;

  @Column({ name: 'root_hash', type: 'char', length: 64 })
  rootHash: string;

  @Column({ type: 'text' })
  timestamp: string;

  @Column({ type: 'text' })
  signature: string;

  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;
}
