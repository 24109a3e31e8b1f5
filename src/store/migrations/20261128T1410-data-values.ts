import { sql, type Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';
import { idColumn } from '../migrations.ts';

const KEY = ['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id'] as const;

/**
 * Data values, their import batches and their revision history. A trigger copies the previous
 * version of a value into `data_value_revision` whenever its value or status changes, so every
 * write path (imports, approvals, edits) keeps history without having to remember to.
 */
export const dataValues: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await idColumn(db.schema.createTable('import_batch'), dialect)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text')
      .addColumn('checksum', 'text')
      .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text')
      .addColumn('note', 'text')
      .execute();

    await db.schema
      .createTable('data_value')
      .addColumn('element_id', 'integer', (c) => c.notNull().references('data_element.id'))
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('disaggregation', 'text', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.notNull().references('source.id'))
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id'))
      .addColumn('row_number', 'integer')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('data_value_pk', [...KEY])
      .addCheckConstraint('data_value_status', sql`status in ('draft', 'submitted', 'approved', 'published')`)
      .execute();

    // Values of one org unit (approvals, the analytics of one place); the primary key serves
    // queries by element.
    await db.schema
      .createIndex('data_value_org_unit')
      .on('data_value')
      .columns(['org_unit_id', 'period'])
      .execute();

    await idColumn(db.schema.createTable('data_value_revision'), dialect)
      .addColumn('element_id', 'integer', (c) => c.notNull())
      .addColumn('org_unit_id', 'integer', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('disaggregation', 'text', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('batch_id', 'integer', (c) => c.notNull())
      .addColumn('row_number', 'integer')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('superseded_at', 'text', (c) => c.notNull())
      .addColumn('superseded_by_batch', 'integer')
      .execute();
    await db.schema
      .createIndex('data_value_revision_key')
      .on('data_value_revision')
      .columns([...KEY])
      .execute();

    const columns = `element_id, org_unit_id, period, disaggregation, source_id, value, status, batch_id, row_number, revision`;
    const old = columns
      .split(', ')
      .map((c) => `OLD.${c}`)
      .join(', ');
    if (dialect === 'sqlite') {
      await sql
        .raw(
          `CREATE TRIGGER data_value_keep_revision AFTER UPDATE ON data_value FOR EACH ROW
           WHEN OLD.value IS NOT NEW.value OR OLD.status IS NOT NEW.status
           BEGIN
             INSERT INTO data_value_revision (${columns}, superseded_at, superseded_by_batch)
             VALUES (${old}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                     CASE WHEN NEW.batch_id IS NOT OLD.batch_id THEN NEW.batch_id END);
           END`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `CREATE FUNCTION data_value_keep_revision() RETURNS trigger AS $$
           BEGIN
             INSERT INTO data_value_revision (${columns}, superseded_at, superseded_by_batch)
             VALUES (${old}, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     CASE WHEN NEW.batch_id IS DISTINCT FROM OLD.batch_id THEN NEW.batch_id END);
             RETURN NULL;
           END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER data_value_keep_revision AFTER UPDATE ON data_value FOR EACH ROW
           WHEN (OLD.value IS DISTINCT FROM NEW.value OR OLD.status IS DISTINCT FROM NEW.status)
           EXECUTE FUNCTION data_value_keep_revision()`,
        )
        .execute(db);
    }
  },

  async down(db: Kysely<unknown>, dialect) {
    await sql
      .raw(
        'DROP TRIGGER IF EXISTS data_value_keep_revision' + (dialect === 'postgres' ? ' ON data_value' : ''),
      )
      .execute(db);
    if (dialect === 'postgres')
      await sql.raw('DROP FUNCTION IF EXISTS data_value_keep_revision()').execute(db);
    await db.schema.dropTable('data_value_revision').execute();
    await db.schema.dropTable('data_value').execute();
    await db.schema.dropTable('import_batch').execute();
  },
};
