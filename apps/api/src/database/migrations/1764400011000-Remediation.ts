import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remediated versions (parent version and the transforms that derived them), the salt each
 * provider organization hashes identifiers with, disabled accounts, and who verified an
 * organization when.
 */
export class Remediation1764400011000 implements MigrationInterface {
  name = 'Remediation1764400011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dataset_version_lineage (
        version_id uuid PRIMARY KEY REFERENCES dataset_versions (id),
        parent_version_id uuid NOT NULL REFERENCES dataset_versions (id),
        transforms jsonb NOT NULL,
        rows_in bigint NOT NULL,
        rows_out bigint NOT NULL,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dataset_version_lineage_parent_idx ON dataset_version_lineage (parent_version_id)`);
    await q.query(`
      CREATE TABLE organization_salts (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id),
        salt char(64) NOT NULL CHECK (salt ~ '^[0-9a-f]{64}$'),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz`);
    await q.query(`ALTER TABLE organizations ADD COLUMN verified_at timestamptz, ADD COLUMN verified_by uuid REFERENCES users (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organizations DROP COLUMN verified_by, DROP COLUMN verified_at`);
    await q.query(`ALTER TABLE users DROP COLUMN disabled_at`);
    await q.query(`DROP TABLE organization_salts`);
    await q.query(`DROP TABLE dataset_version_lineage`);
  }
}
