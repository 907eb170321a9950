import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The regulator's powers and the 2024–2025 rules: enforcement orders (freezes and
 * rectification orders), declared data grades and authorisations of important data
 * (GB/T 43697-2024), and each buyer's holdings per delivered version with its lawful
 * basis (2017 SPC/SPP interpretation Art. 5 tiers).
 */
export class Enforcement1764400009000 implements MigrationInterface {
  name = 'Enforcement1764400009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enforcement_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('FREEZE', 'RECTIFICATION')),
        target_type text NOT NULL CHECK (target_type IN ('DATASET', 'ORGANIZATION', 'GRANT')),
        target_id uuid NOT NULL,
        reason text NOT NULL CHECK (length(reason) > 0),
        legal_basis text NOT NULL CHECK (length(legal_basis) > 0),
        deadline timestamptz,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'LIFTED', 'COMPLIED')),
        issued_by uuid NOT NULL REFERENCES users (id),
        issuer_org_id uuid NOT NULL REFERENCES organizations (id),
        closed_by uuid REFERENCES users (id),
        closed_at timestamptz,
        close_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'RECTIFICATION' OR deadline IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX enforcement_orders_active_idx ON enforcement_orders (target_id) WHERE status = 'ACTIVE'`);
    // One active freeze per target: freezing twice is a conflict, not a second order.
    await q.query(`CREATE UNIQUE INDEX enforcement_orders_one_freeze_idx ON enforcement_orders (target_type, target_id) WHERE status = 'ACTIVE' AND kind = 'FREEZE'`);
    await q.query(`
      CREATE TABLE data_grade_declarations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        grade text NOT NULL CHECK (grade IN ('IMPORTANT', 'CORE')),
        reason text NOT NULL CHECK (length(reason) > 0),
        legal_basis text NOT NULL CHECK (length(legal_basis) > 0),
        declared_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX data_grade_declarations_dataset_idx ON data_grade_declarations (dataset_id)`);
    await q.query(`
      CREATE TABLE important_data_authorisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        note text NOT NULL CHECK (length(note) > 0),
        authorised_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX important_data_authorisations_version_idx ON important_data_authorisations (version_id)`);
    await q.query(`
      CREATE TABLE buyer_holdings (
        buyer_org_id uuid NOT NULL REFERENCES organizations (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        grant_id uuid NOT NULL REFERENCES grants (id),
        lawful boolean NOT NULL,
        whereabouts_items bigint NOT NULL CHECK (whereabouts_items >= 0),
        health_items bigint NOT NULL CHECK (health_items >= 0),
        other_items bigint NOT NULL CHECK (other_items >= 0),
        first_delivered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (buyer_org_id, version_id)
      )`);
    // Versions delivered before this migration: their items, lawful when a grant that delivered
    // them had consent covering every row for its purpose (the same rule as new deliveries).
    await q.query(`
      INSERT INTO buyer_holdings (buyer_org_id, version_id, grant_id, lawful, whereabouts_items, health_items, other_items, first_delivered_at)
      SELECT b.buyer_org_id, b.version_id, g.id,
             EXISTS (
               SELECT 1 FROM grants g2 JOIN dataset_versions v ON v.id = g2.version_id
                 JOIN consent_coverage cc ON cc.version_id = g2.version_id AND cc.purpose = g2.purposes[1]
                WHERE g2.buyer_org_id = b.buyer_org_id AND g2.version_id = b.version_id
                  AND cc.needed_rows > 0 AND cc.covered_rows = cc.needed_rows AND cc.needed_rows = v.rows),
             COALESCE((SELECT MAX((e->>'distinct')::bigint) FROM classifications c CROSS JOIN LATERAL jsonb_array_elements(c.report->'exposure') e
                        WHERE c.version_id = b.version_id AND e->>'type' IN ('GEO_TRACE', 'BANK_CARD', 'STOCK_ACCOUNT')), 0),
             COALESCE((SELECT MAX((e->>'distinct')::bigint) FROM classifications c CROSS JOIN LATERAL jsonb_array_elements(c.report->'exposure') e
                        WHERE c.version_id = b.version_id AND e->>'type' = 'HEALTH'), 0),
             COALESCE((SELECT MAX((e->>'distinct')::bigint) FROM classifications c CROSS JOIN LATERAL jsonb_array_elements(c.report->'exposure') e
                        WHERE c.version_id = b.version_id AND e->>'type' NOT IN ('GEO_TRACE', 'BANK_CARD', 'STOCK_ACCOUNT', 'HEALTH', 'CN_USCC')), 0),
             b.first_delivered_at
        FROM buyer_delivered_versions b
        JOIN LATERAL (SELECT id FROM grants WHERE buyer_org_id = b.buyer_org_id AND version_id = b.version_id ORDER BY created_at LIMIT 1) g ON true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE buyer_holdings`);
    await q.query(`DROP TABLE important_data_authorisations`);
    await q.query(`DROP TABLE data_grade_declarations`);
    await q.query(`DROP TABLE enforcement_orders`);
  }
}
