import type { Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';
import { idColumn } from '../migrations.ts';

/**
 * The interventions register: projects, laws, tactics and strategies to evaluate, each with its
 * member state, its months, its target indicators, its treated units (each with its own start) and
 * optional comparison units. Lists are JSON text, identical on both dialects; months are SDMX
 * month codes (`2016-01`), which compare as text.
 */
export const interventions: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await idColumn(db.schema.createTable('intervention'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('start_month', 'text', (c) => c.notNull())
      .addColumn('end_month', 'text')
      // JSON arrays: indicator codes; {unit, start}; donor unit codes
      .addColumn('indicators', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('units', 'text', (c) => c.notNull())
      .addColumn('donors', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('intervention_country').on('intervention').column('country').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('intervention').execute();
  },
};
