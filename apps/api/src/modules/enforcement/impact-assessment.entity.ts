import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A personal-information impact assessment (PIPL Art. 55–56), recorded with the approval it assesses. */
@Entity({ name: 'pi_impact_assessments' })
export class ImpactAssessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'version_id', type: 'uuid' })
  versionId: string;

  @Column({ name: 'provider_org_id', type: 'uuid' })
  providerOrgId: string;

  @Column({ name: 'buyer_org_id', type: 'uuid' })
  buyerOrgId: string;

  @Column({ name: 'assessed_by', type: 'uuid' })
  assessedBy: string;

  /** PIPL Art. 56 (1): the purpose … */
  @Column({ type: 'text' })
  purpose: string;

  /** … and whether it and the method are lawful, legitimate and necessary. */
  @Column({ type: 'text' })
  necessity: string;

  /** Art. 56 (2): the impact on individuals' rights and the security risks. */
  @Column({ type: 'jsonb' })
  risks: string[];

  /** Art. 56 (3): the protective measures, and whether they fit the risks. */
  @Column({ type: 'jsonb' })
  measures: string[];

  /** Art. 56: kept at least three years. */
  @Column({ name: 'retain_until', type: 'timestamptz' })
  retainUntil: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
