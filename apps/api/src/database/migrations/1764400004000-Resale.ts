import type { MigrationInterface, QueryRunner } from 'typeorm';

/** MinHash fingerprints of each version's data subjects, and the overlaps found with other organizations' listings. */
export class Resale1764400004000 implements MigrationInterface {
  name = 'Resale1764400004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE version_fingerprints (
        version_id uuid PRIMARY KEY REFERENCES dataset_versions (id),
        subjects integer NOT NULL,
        signature jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE resale_suspicions (
        version_id uuid NOT NULL REFERENCES dataset_versions (id),
        other_dataset_id uuid NOT NULL REFERENCES datasets (id),
        other_version_id uuid NOT NULL REFERENCES dataset_versions (id),
        overlap_permille integer NOT NULL CHECK (overlap_permille BETWEEN 0 AND 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (version_id, other_version_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE resale_suspicions`);
    await q.query(`DROP TABLE version_fingerprints`);
  }
}
