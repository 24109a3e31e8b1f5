import type { Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';
import { idColumn } from '../migrations.ts';

/**
 * The change log that keeps analytics fresh: every write transaction on data values (an import, a
 * status move) takes the next `data_change` id and stamps it on each value it writes, as
 * `change_seq`. A reader that has seen changes up to N reads `change_seq > N` and is up to date;
 * several server processes on one database each do so. One log row per transaction, not per value.
 */
export const changeLog: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await idColumn(db.schema.createTable('data_change'), dialect)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('batch_id', 'integer')
      .execute();
    await db.schema
      .alterTable('data_value')
      .addColumn('change_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('data_value_change_seq').on('data_value').column('change_seq').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('data_value_change_seq').execute();
    await db.schema.alterTable('data_value').dropColumn('change_seq').execute();
    await db.schema.dropTable('data_change').execute();
  },
};
