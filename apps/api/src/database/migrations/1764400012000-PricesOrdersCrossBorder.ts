import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Prices and orders (amounts in fen), insiders (2017 SPC/SPP interpretation Art. 5 para. 1 (8)),
 * and cross-border mechanisms (CAC Provisions on Promoting and Regulating Cross-border Data
 * Flows, 2024): what each exporter provided abroad per calendar year, the evidence of its
 * mechanism and the regulator's review, and the mechanism each request needed.
 */
export class PricesOrdersCrossBorder1764400012000 implements MigrationInterface {
  name = 'PricesOrdersCrossBorder1764400012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE datasets ADD COLUMN price_model text CHECK (price_model IN ('PER_DELIVERY', 'PER_RECORD', 'PER_QUERY'))`);
    await q.query(`ALTER TABLE datasets ADD COLUMN price_fen bigint CHECK (price_fen >= 0)`);
    await q.query(`ALTER TABLE datasets ADD CONSTRAINT datasets_price_whole CHECK ((price_model IS NULL) = (price_fen IS NULL))`);
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        grant_id uuid NOT NULL UNIQUE REFERENCES grants (id),
        request_id uuid NOT NULL REFERENCES access_requests (id),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        buyer_org_id uuid NOT NULL REFERENCES organizations (id),
        provider_org_id uuid NOT NULL REFERENCES organizations (id),
        price_model text NOT NULL CHECK (price_model IN ('PER_DELIVERY', 'PER_RECORD', 'PER_QUERY')),
        unit_fen bigint NOT NULL CHECK (unit_fen >= 0),
        quantity bigint NOT NULL CHECK (quantity >= 0),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0 AND amount_fen = unit_fen * quantity),
        currency text NOT NULL DEFAULT 'CNY' CHECK (currency = 'CNY'),
        lawful boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX orders_provider_idx ON orders (provider_org_id) WHERE NOT lawful`);
    await q.query(`CREATE INDEX orders_buyer_idx ON orders (buyer_org_id)`);
    await q.query(`
      CREATE TABLE organization_insiders (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id),
        insider boolean NOT NULL,
        reason text NOT NULL CHECK (length(reason) > 0),
        set_by uuid NOT NULL REFERENCES users (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE access_requests ADD COLUMN cross_border jsonb`);
    await q.query(`
      CREATE TABLE cross_border_exports (
        exporter_org_id uuid NOT NULL REFERENCES organizations (id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        grant_id uuid NOT NULL REFERENCES grants (id),
        region text NOT NULL,
        people bigint NOT NULL CHECK (people >= 0),
        sensitive_people bigint NOT NULL CHECK (sensitive_people >= 0),
        important boolean NOT NULL,
        mechanism text NOT NULL,
        first_delivered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (exporter_org_id, year, version_id)
      )`);
    await q.query(`
      CREATE TABLE cross_border_evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        exporter_org_id uuid NOT NULL REFERENCES organizations (id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        mechanism text NOT NULL CHECK (mechanism IN ('STANDARD_CONTRACT', 'CERTIFICATION', 'SECURITY_ASSESSMENT')),
        storage_key text NOT NULL,
        file_name text,
        bytes bigint NOT NULL,
        sha256 text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
        uploaded_by uuid NOT NULL REFERENCES users (id),
        reviewed_by uuid REFERENCES users (id),
        review_note text,
        reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cross_border_evidence_exporter_idx ON cross_border_evidence (exporter_org_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cross_border_evidence`);
    await q.query(`DROP TABLE cross_border_exports`);
    await q.query(`ALTER TABLE access_requests DROP COLUMN cross_border`);
    await q.query(`DROP TABLE organization_insiders`);
    await q.query(`DROP TABLE orders`);
    await q.query(`ALTER TABLE datasets DROP CONSTRAINT datasets_price_whole`);
    await q.query(`ALTER TABLE datasets DROP COLUMN price_fen`);
    await q.query(`ALTER TABLE datasets DROP COLUMN price_model`);
  }
}
