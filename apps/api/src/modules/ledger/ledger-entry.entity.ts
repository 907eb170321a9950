import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

/** One stored ledger entry: the exact canonical JSON that was hashed, and its leaf hash. */
@Entity({ name: 'ledger_entries' })
export class LedgerEntryRow {
  @PrimaryColumn({ type: 'bigint', transformer: bigintToNumber })
  seq: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'subject_type', type: 'text' })
  subjectType: string;

  @Column({ name: 'subject_id', type: 'text' })
  subjectId: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** RFC 8785 canonical JSON of the entry. */
  @Column({ type: 'text' })
  entry: string;

  @Column({ name: 'leaf_hash', type: 'char', length: 64 })
  leafHash: string;
}
