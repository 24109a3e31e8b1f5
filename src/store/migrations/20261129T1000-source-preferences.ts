import type { Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';

/**
 * The preferred source of an element in an org unit (and the units below it, unless they have
 * their own): which of police, forensic institute or health ministry the figures of that country
 * come from when several report. Each choice keeps its reason, who made it and when.
 */
export const sourcePreferences: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('source_preference')
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
      .addColumn('element_id', 'integer', (c) => c.notNull().references('data_element.id'))
      .addColumn('source_id', 'integer', (c) => c.notNull().references('source.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('set_by', 'text', (c) => c.notNull())
      .addColumn('set_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('source_preference_pk', ['org_unit_id', 'element_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('source_preference').execute();
  },
};
