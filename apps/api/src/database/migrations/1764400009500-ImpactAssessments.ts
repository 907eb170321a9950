import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal-information impact assessments (PIPL Art. 55–56): one per approval that provides
 * personal information to another handler, kept at least three years — a trigger refuses to
 * change one, or to delete it before its retention date.
 */
export class ImpactAssessments1764400009500 implements MigrationInterface {
  name = 'ImpactAssessments1764400009500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pi_impact_assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL UNIQUE REFERENCES access_requests (id),
        grant_id uuid NOT NULL REFERENCES grants (id),
        dataset_id uuid NOT NULL REFERENCES datasets (id),
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        provider_org_id uuid NOT NULL REFERENCES organizations (id),
        buyer_org_id uuid NOT NULL REFERENCES organizations (id),
        assessed_by uuid NOT NULL REFERENCES users (id),
        purpose text NOT NULL,
        necessity text NOT NULL,
        risks jsonb NOT NULL,
        measures jsonb NOT NULL,
        retain_until timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (retain_until >= created_at + interval '3 years')
      )`);
    await q.query(`CREATE INDEX pi_impact_assessments_dataset_idx ON pi_impact_assessments (dataset_id, created_at)`);
    await q.query(`
      CREATE FUNCTION pi_impact_assessments_keep() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'impact assessments are records: they are not changed';
        END IF;
        IF OLD.retain_until > now() THEN
          RAISE EXCEPTION 'impact assessments are kept until % (PIPL Art. 56: at least three years)', OLD.retain_until;
        END IF;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER pi_impact_assessments_keep BEFORE UPDATE OR DELETE ON pi_impact_assessments FOR EACH ROW EXECUTE FUNCTION pi_impact_assessments_keep()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pi_impact_assessments`);
    await q.query(`DROP FUNCTION pi_impact_assessments_keep()`);
  }
}
