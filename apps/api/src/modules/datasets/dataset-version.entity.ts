import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../../common/database/bigint.transformer.js';

/** One immutable upload of a dataset's file. */
@Entity({ name: 'dataset_versions' })
export class DatasetVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ type: 'integer' })
  number: number;

  /** Where the file storage keeps the bytes; never shown to buyers. */
  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName: string | null;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  bytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber })
  rows: number | null;

  /** SHA-256 over the column names and their detected types, set by classification. */
  @Column({ type: 'char', length: 64, nullable: true })
  fingerprint: string | null;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
