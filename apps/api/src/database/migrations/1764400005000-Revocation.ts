import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Consent revocations (by subject key) and each buyer's cumulative exposure to personal information. */
export class Revocation1764400005000 implements MigrationInterface {
  name = 'Revocation1764400005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent_revocations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        subject_key char(64) NOT NULL CHECK (subject_key ~ '^[0-9a-f]{64}$'),
        revoked_by uuid NOT NULL REFERENCES users (id),
        revoked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX consent_revocations_dataset_idx ON consent_revocations (dataset_id, subject_key)`);
    await q.query(`
      CREATE TABLE buyer_exposure (
        buyer_org_id uuid NOT NULL REFERENCES organizations (id),
        pii_type text NOT NULL,
        items bigint NOT NULL,
        tier integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (buyer_org_id, pii_type)
      )`);
    await q.query(`
      CREATE TABLE buyer_delivered_versions (
        buyer_org_id uuid NOT NULL REFERENCES organizations (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        first_delivered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (buyer_org_id, version_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE buyer_delivered_versions`);
    await q.query(`DROP TABLE buyer_exposure`);
    await q.query(`DROP TABLE consent_revocations`);
  }
}
