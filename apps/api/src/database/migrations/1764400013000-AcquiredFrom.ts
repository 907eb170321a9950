import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `datasets.acquired_from_dataset_id`: the listing an ACQUIRED or DERIVED dataset came from,
 * resolved once from its parent grant when the dataset is created (the access module answers
 * DatasetCreated), so resale detection — in the classification module, below access — reads
 * it from the datasets table instead of joining `grants`. Backfilled from the grants made to
 * the dataset's own organization (a grant made to anyone else never exempted a copy).
 */
export class AcquiredFrom1764400013000 implements MigrationInterface {
  name = 'AcquiredFrom1764400013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE datasets ADD COLUMN acquired_from_dataset_id uuid REFERENCES datasets (id)`);
    await q.query(`
      UPDATE datasets d SET acquired_from_dataset_id = g.dataset_id
        FROM grants g
       WHERE g.id = d.parent_grant_id AND g.buyer_org_id = d.owner_org_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE datasets DROP COLUMN acquired_from_dataset_id`);
  }
}
