import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One uploaded consent manifest for one dataset version. */
@Entity({ name: 'consent_manifests' })
export class ConsentManifest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  /** The manifest file as uploaded (subject keys only), for reclassification. */
  @Column({ name: 'storage_key', type: 'text' })
  storageKey: string;

  @Column({ type: 'integer' })
  records: number;

  @Column({ type: 'text', array: true })
  purposes: string[];

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
