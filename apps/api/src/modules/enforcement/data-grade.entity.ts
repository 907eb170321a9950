import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A regulator's declaration that a dataset is important or core data (GB/T 43697-2024 Annex G; DSL Art. 21). */
@Entity({ name: 'data_grade_declarations' })
export class DataGradeDeclaration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ type: 'text' })
  grade: 'IMPORTANT' | 'CORE';

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'legal_basis', type: 'text' })
  legalBasis: string;

  @Column({ name: 'declared_by', type: 'uuid' })
  declaredBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A regulator's authorisation to trade one version of a dataset graded IMPORTANT. */
@Entity({ name: 'important_data_authorisations' })
export class ImportantDataAuthorisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'authorised_by', type: 'uuid' })
  authorisedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
