import { sql, type Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';
import type { Dialect } from '../store.ts';

const COLUMNS = `element_id, org_unit_id, period, disaggregation, source_id, value, status, batch_id, row_number, revision`;
const OLD = COLUMNS.split(', ')
  .map((c) => `OLD.${c}`)
  .join(', ');

/** The moment, as the revision trigger of 20261128T1410 writes it. */
const NOW: Record<Dialect, string> = {
  sqlite: `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  postgres: `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

/**
 * The revision triggers of this migration. A revision now records the change that superseded it
 * (`superseded_by_change`) and whether that change deleted the value (`deleted`); its
 * `superseded_by_batch` is the batch of that change, so a rollback (which restores a value to an
 * older batch's version) is named as what superseded the rolled-back version. A deletion reads its
 * change as the newest `data_change`: every write on values opens its change first, and writes
 * are serialised (SQLite's write lock, PostgreSQL's `DATA_WRITE_LOCK`), so that is its own.
 */
function updateBody(dialect: Dialect): string {
  const differs = dialect === 'sqlite' ? 'IS NOT' : 'IS DISTINCT FROM';
  return `INSERT INTO data_value_revision (${COLUMNS}, superseded_at, superseded_by_batch, superseded_by_change, deleted)
     VALUES (${OLD}, ${NOW[dialect]},
             CASE WHEN NEW.batch_id ${differs} OLD.batch_id
                  THEN coalesce((SELECT batch_id FROM data_change WHERE id = NEW.change_seq), NEW.batch_id) END,
             NEW.change_seq, 0)`;
}

function deleteBody(dialect: Dialect): string {
  return `INSERT INTO data_value_revision (${COLUMNS}, superseded_at, superseded_by_batch, superseded_by_change, deleted)
     VALUES (${OLD}, ${NOW[dialect]},
             (SELECT batch_id FROM data_change ORDER BY id DESC LIMIT 1),
             (SELECT max(id) FROM data_change), 1)`;
}

/**
 * Values can be deleted (SDMX `ACTION` D) and batches rolled back. The deleted value's last
 * version stays in `data_value_revision` (a trigger on DELETE, as on UPDATE), marked `deleted`
 * with the change that deleted it, which is how analytics learns of a deletion incrementally
 * (`data_value_deletion`, a partial index of those rows by change). A batch counts the values it
 * deleted, and a rollback is a batch of its own: `rolls_back` names the batch it undid, whose
 * `rolled_back_by` names the rollback.
 */
export const valueDeletions: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await db.schema.alterTable('data_value_revision').addColumn('superseded_by_change', 'integer').execute();
    await db.schema
      .alterTable('data_value_revision')
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('data_value_deletion')
      .on('data_value_revision')
      .column('superseded_by_change')
      .where(sql.ref('deleted'), '=', 1)
      .execute();
    await db.schema
      .createIndex('data_value_revision_superseded_by_batch')
      .on('data_value_revision')
      .column('superseded_by_batch')
      .execute();
    await db.schema
      .alterTable('import_batch')
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('import_batch').addColumn('rolls_back', 'integer').execute();
    await db.schema.alterTable('import_batch').addColumn('rolled_back_by', 'integer').execute();

    if (dialect === 'sqlite') {
      await sql.raw('DROP TRIGGER data_value_keep_revision').execute(db);
      await sql
        .raw(
          `CREATE TRIGGER data_value_keep_revision AFTER UPDATE ON data_value FOR EACH ROW
           WHEN OLD.value IS NOT NEW.value OR OLD.status IS NOT NEW.status
           BEGIN ${updateBody(dialect)}; END`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER data_value_keep_deleted AFTER DELETE ON data_value FOR EACH ROW
           BEGIN ${deleteBody(dialect)}; END`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION data_value_keep_revision() RETURNS trigger AS $$
           BEGIN ${updateBody(dialect)}; RETURN NULL; END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE FUNCTION data_value_keep_deleted() RETURNS trigger AS $$
           BEGIN ${deleteBody(dialect)}; RETURN NULL; END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER data_value_keep_deleted AFTER DELETE ON data_value FOR EACH ROW
           EXECUTE FUNCTION data_value_keep_deleted()`,
        )
        .execute(db);
    }
  },

  async down(db: Kysely<unknown>, dialect) {
    if (dialect === 'sqlite') {
      await sql.raw('DROP TRIGGER data_value_keep_deleted').execute(db);
      await sql.raw('DROP TRIGGER data_value_keep_revision').execute(db);
      await sql
        .raw(
          `CREATE TRIGGER data_value_keep_revision AFTER UPDATE ON data_value FOR EACH ROW
           WHEN OLD.value IS NOT NEW.value OR OLD.status IS NOT NEW.status
           BEGIN
             INSERT INTO data_value_revision (${COLUMNS}, superseded_at, superseded_by_batch)
             VALUES (${OLD}, ${NOW.sqlite}, CASE WHEN NEW.batch_id IS NOT OLD.batch_id THEN NEW.batch_id END);
           END`,
        )
        .execute(db);
    } else {
      await sql.raw('DROP TRIGGER data_value_keep_deleted ON data_value').execute(db);
      await sql.raw('DROP FUNCTION data_value_keep_deleted()').execute(db);
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION data_value_keep_revision() RETURNS trigger AS $$
           BEGIN
             INSERT INTO data_value_revision (${COLUMNS}, superseded_at, superseded_by_batch)
             VALUES (${OLD}, ${NOW.postgres},
                     CASE WHEN NEW.batch_id IS DISTINCT FROM OLD.batch_id THEN NEW.batch_id END);
             RETURN NULL;
           END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
    }
    await db.schema.alterTable('import_batch').dropColumn('rolled_back_by').execute();
    await db.schema.alterTable('import_batch').dropColumn('rolls_back').execute();
    await db.schema.alterTable('import_batch').dropColumn('deleted').execute();
    await db.schema.dropIndex('data_value_revision_superseded_by_batch').execute();
    await db.schema.dropIndex('data_value_deletion').execute();
    await db.schema.alterTable('data_value_revision').dropColumn('deleted').execute();
    await db.schema.alterTable('data_value_revision').dropColumn('superseded_by_change').execute();
  },
};
