import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usable but not visible: delivery modes on requests and grants, listings' query offers (reviewed),
 * each QUERY grant's policy and privacy budget, and the log of its aggregate queries (also their cache).
 */
export class AggregateQueries1764400010000 implements MigrationInterface {
  name = 'AggregateQueries1764400010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_requests ADD COLUMN mode text NOT NULL DEFAULT 'DOWNLOAD' CHECK (mode IN ('DOWNLOAD', 'QUERY'))`);
    await q.query(`ALTER TABLE grants ADD COLUMN mode text NOT NULL DEFAULT 'DOWNLOAD' CHECK (mode IN ('DOWNLOAD', 'QUERY'))`);
    await q.query(`
      CREATE TABLE query_offers (
        version_id uuid PRIMARY KEY REFERENCES dataset_versions (id),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
        query_only boolean NOT NULL,
        min_group_size integer NOT NULL CHECK (min_group_size >= 10),
        basis text NOT NULL,
        requested_by uuid NOT NULL REFERENCES users (id),
        decided_by uuid REFERENCES users (id),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query(`CREATE INDEX query_offers_dataset_idx ON query_offers (dataset_id)`);
    await q.query(`
      CREATE TABLE grant_query_policies (
        grant_id uuid PRIMARY KEY REFERENCES grants (id),
        min_group_size integer NOT NULL CHECK (min_group_size >= 10),
        dp_epsilon_per_query numeric(12, 6) CHECK (dp_epsilon_per_query > 0),
        dp_epsilon_total numeric(12, 6) CHECK (dp_epsilon_total > 0),
        dp_contribution_bound integer CHECK (dp_contribution_bound >= 1),
        epsilon_spent numeric(12, 6) NOT NULL DEFAULT 0,
        queries_run integer NOT NULL DEFAULT 0,
        queries_cached integer NOT NULL DEFAULT 0,
        rows_scanned bigint NOT NULL DEFAULT 0,
        last_query_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((dp_epsilon_per_query IS NULL) = (dp_epsilon_total IS NULL) AND (dp_epsilon_total IS NULL) = (dp_contribution_bound IS NULL))
      )`);
    await q.query(`
      CREATE TABLE aggregate_queries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL REFERENCES grants (id),
        user_id uuid NOT NULL REFERENCES users (id),
        input_hash char(64) NOT NULL,
        cache_key char(64) NOT NULL,
        canonical_input text NOT NULL,
        status text NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
        cached boolean NOT NULL DEFAULT false,
        epsilon numeric(12, 6) NOT NULL DEFAULT 0,
        groups_returned integer,
        groups_suppressed integer,
        rows_scanned bigint,
        rows_matched bigint,
        duration_ms integer,
        result jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX aggregate_queries_cache_idx ON aggregate_queries (grant_id, cache_key) WHERE status = 'DONE' AND NOT cached`);
    await q.query(`CREATE INDEX aggregate_queries_grant_idx ON aggregate_queries (grant_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE aggregate_queries`);
    await q.query(`DROP TABLE grant_query_policies`);
    await q.query(`DROP TABLE query_offers`);
    await q.query(`ALTER TABLE grants DROP COLUMN mode`);
    await q.query(`ALTER TABLE access_requests DROP COLUMN mode`);
  }
}
