import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Datasets1764400002000 implements MigrationInterface {
  name = 'Datasets1764400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_org_id uuid NOT NULL REFERENCES organizations (id),
        title text NOT NULL,
        description text NOT NULL,
        region text NOT NULL,
        provenance text NOT NULL CHECK (provenance IN ('COLLECTED', 'ACQUIRED', 'PUBLIC', 'DERIVED')),
        parent_grant_id uuid,
        rights jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT', 'CLASSIFYING', 'TRADEABLE', 'IN_REVIEW', 'UNTRADEABLE',
                                               'PUBLISHED', 'REJECTED', 'SUSPENDED')),
        current_version_id uuid,
        review_note text,
        -- millisecond precision: list cursors carry created_at through JavaScript Dates exactly
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX datasets_owner_idx ON datasets (owner_org_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX datasets_status_idx ON datasets (status, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE dataset_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        number integer NOT NULL,
        storage_key text NOT NULL,
        file_name text,
        bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        rows bigint,
        fingerprint char(64),
        uploaded_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dataset_id, number)
      )`);
    await q.query(`ALTER TABLE datasets ADD CONSTRAINT datasets_current_version_fk
                   FOREIGN KEY (current_version_id) REFERENCES dataset_versions (id)`);
    await q.query(`
      CREATE TABLE classifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL UNIQUE REFERENCES dataset_versions (id),
        verdict text NOT NULL CHECK (verdict IN ('TRADEABLE', 'AMBIGUOUS', 'UNTRADEABLE')),
        report jsonb NOT NULL,
        engine_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE classification_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version_id uuid NOT NULL UNIQUE REFERENCES dataset_versions (id),
        state text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
        bytes_scanned bigint NOT NULL DEFAULT 0,
        total_bytes bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX classification_jobs_open_idx ON classification_jobs (state) WHERE state IN ('QUEUED', 'RUNNING')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE classification_jobs`);
    await q.query(`DROP TABLE classifications`);
    await q.query(`ALTER TABLE datasets DROP CONSTRAINT datasets_current_version_fk`);
    await q.query(`DROP TABLE dataset_versions`);
    await q.query(`DROP TABLE datasets`);
  }
}
