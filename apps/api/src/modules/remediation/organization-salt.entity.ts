import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The secret a provider organization's HASH transforms are salted with: one per
 * organization, so the same person hashes to the same token in all its datasets (and its
 * consent keys can be mapped onto them), while nobody without the salt can test a guess.
 */
@Entity({ name: 'organization_salts' })
export class OrganizationSalt {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  /** 32 random bytes, hex. Never leaves the server. */
  @Column({ type: 'char', length: 64 })
  salt: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
