import type { Role } from '@eastlake/policy';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored trimmed and lower-case; unique. */
  @Column({ type: 'text' })
  email: string;

  @Column({ name: 'password_hash', type: 'text', select: true })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  /** Set when an admin disables the account: sign-in and existing tokens are refused. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
