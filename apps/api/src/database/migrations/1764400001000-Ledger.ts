import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit ledger: append-only entries (a trigger rejects UPDATE, DELETE and TRUNCATE),
 * the signed tree heads (append-only too), the queue that business transactions write
 * their entries into, and one head row that the sequencer locks `FOR UPDATE` to number
 * queued entries without gaps, whichever process runs it.
 */
export class Ledger1764400001000 implements MigrationInterface {
  name = 'Ledger1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_entries (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        at timestamptz NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        actor_user_id uuid,
        entry text NOT NULL,
        leaf_hash char(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX ledger_entries_subject_idx ON ledger_entries (subject_id, seq)`);
    await q.query(`
      CREATE TABLE ledger_tree_heads (
        tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
        root_hash char(64) NOT NULL,
        timestamp text NOT NULL,
        signature text NOT NULL,
        public_key text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ledger_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        size bigint NOT NULL,
        frontier jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ledger_pending (
        id bigserial PRIMARY KEY,
        payload text NOT NULL
      )`);
    await q.query(`INSERT INTO ledger_head (id, size, frontier) VALUES (1, 0, '{"size":0,"nodes":[]}')`);
    await q.query(`
      CREATE FUNCTION ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    // Queued entries are only ever inserted, then moved (deleted) by the sequencer.
    await q.query(`CREATE TRIGGER ledger_pending_no_update BEFORE UPDATE ON ledger_pending
                   FOR EACH ROW EXECUTE FUNCTION ledger_reject_change()`);
    await q.query(`CREATE TRIGGER ledger_pending_no_truncate BEFORE TRUNCATE ON ledger_pending
                   FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change()`);
    for (const table of ['ledger_entries', 'ledger_tree_heads']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
                     FOR EACH ROW EXECUTE FUNCTION ledger_reject_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
                     FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ledger_pending`);
    await q.query(`DROP TABLE ledger_head`);
    await q.query(`DROP TABLE ledger_tree_heads`);
    await q.query(`DROP TABLE ledger_entries`);
    await q.query(`DROP FUNCTION ledger_reject_change()`);
  }
}
