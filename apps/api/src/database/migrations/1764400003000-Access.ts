import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Consent manifests (subject keys only, never raw identifiers), access requests, grants, deliveries. */
export class Access1764400003000 implements MigrationInterface {
  name = 'Access1764400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent_manifests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        storage_key text NOT NULL,
        records integer NOT NULL,
        purposes text[] NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX consent_manifests_version_idx ON consent_manifests (version_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE consent_records (
        manifest_id uuid NOT NULL REFERENCES consent_manifests (id),
        subject_key char(64) NOT NULL CHECK (subject_key ~ '^[0-9a-f]{64}$'),
        purposes text[] NOT NULL,
        third_party boolean NOT NULL,
        sensitive_separate boolean NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX consent_records_key_idx ON consent_records (manifest_id, subject_key)`);
    await q.query(`
      CREATE TABLE consent_coverage (
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        manifest_id uuid NOT NULL REFERENCES consent_manifests (id),
        purpose text NOT NULL,
        covered_rows bigint NOT NULL,
        needed_rows bigint NOT NULL,
        rows bigint NOT NULL,
        verdict text NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (version_id, manifest_id, purpose)
      )`);
    await q.query(`ALTER TABLE classification_jobs ADD COLUMN manifest_id uuid REFERENCES consent_manifests (id)`);
    await q.query(`
      CREATE TABLE access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        buyer_org_id uuid NOT NULL REFERENCES organizations (id),
        provider_org_id uuid NOT NULL REFERENCES organizations (id),
        requested_by uuid NOT NULL REFERENCES users (id),
        purpose text NOT NULL,
        duration_days integer NOT NULL CHECK (duration_days BETWEEN 1 AND 3650),
        region text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'REFUSED', 'APPROVED', 'DENIED')),
        reasons jsonb NOT NULL DEFAULT '[]',
        decided_by uuid REFERENCES users (id),
        decision_note text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      )`);
    await q.query(`CREATE INDEX access_requests_buyer_idx ON access_requests (buyer_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX access_requests_provider_idx ON access_requests (provider_org_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL UNIQUE REFERENCES access_requests (id),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        buyer_org_id uuid NOT NULL REFERENCES organizations (id),
        provider_org_id uuid NOT NULL REFERENCES organizations (id),
        purposes text[] NOT NULL,
        region text NOT NULL,
        onward_transfer boolean NOT NULL DEFAULT false,
        expires_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED')),
        status_reason text,
        rows_delivered bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())
      )`);
    await q.query(`CREATE INDEX grants_buyer_idx ON grants (buyer_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX grants_provider_idx ON grants (provider_org_id, created_at DESC)`);
    await q.query(`CREATE INDEX grants_expiry_idx ON grants (expires_at) WHERE status = 'ACTIVE'`);
    await q.query(`
      CREATE TABLE download_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        user_id uuid NOT NULL REFERENCES users (id),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        token_id uuid NOT NULL UNIQUE REFERENCES download_tokens (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        rows_delivered bigint NOT NULL,
        bytes bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        user_id uuid NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        result_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['idempotency_keys', 'deliveries', 'download_tokens', 'grants', 'access_requests']) await q.query(`DROP TABLE ${t}`);
    await q.query(`ALTER TABLE classification_jobs DROP COLUMN manifest_id`);
    for (const t of ['consent_coverage', 'consent_records', 'consent_manifests']) await q.query(`DROP TABLE ${t}`);
  }
}
