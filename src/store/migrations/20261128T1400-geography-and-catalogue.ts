import { sql, type Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';
import { idColumn } from '../migrations.ts';

/** Org units, groups, crosswalk; dimensions, data elements, indicators; sources; store metadata. */
export const geographyAndCatalogue: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('store_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('org_unit'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('parent_id', 'integer', (c) => c.references('org_unit.id'))
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text')
      .addColumn('valid_to', 'text')
      .addColumn('external_codes', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
      .addCheckConstraint(
        'org_unit_validity',
        sql`valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to`,
      )
      .execute();
    await db.schema.createIndex('org_unit_parent').on('org_unit').column('parent_id').execute();

    await idColumn(db.schema.createTable('org_unit_group'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('org_unit_group_member'), dialect)
      .addColumn('group_id', 'integer', (c) =>
        c.notNull().references('org_unit_group.id').onDelete('cascade'),
      )
      .addColumn('org_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
      .addColumn('valid_from', 'text')
      .addColumn('valid_to', 'text')
      .execute();
    await db.schema
      .createIndex('org_unit_group_member_group')
      .on('org_unit_group_member')
      .column('group_id')
      .execute();

    await idColumn(db.schema.createTable('org_unit_crosswalk'), dialect)
      .addColumn('from_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
      .addColumn('to_unit_id', 'integer', (c) => c.notNull().references('org_unit.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('share', 'double precision', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addCheckConstraint('org_unit_crosswalk_share', sql`share > 0 AND share <= 1`)
      .execute();
    await db.schema
      .createIndex('org_unit_crosswalk_from')
      .on('org_unit_crosswalk')
      .column('from_unit_id')
      .execute();
    await db.schema
      .createIndex('org_unit_crosswalk_to')
      .on('org_unit_crosswalk')
      .column('to_unit_id')
      .execute();

    await db.schema
      .createTable('dimension')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('data_element'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('value_type', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('time_aggregation', 'text', (c) => c.notNull())
      .addColumn('space_aggregation', 'text', (c) => c.notNull())
      .addColumn('dimensions', 'text', (c) => c.notNull())
      .addColumn('iccs', 'text')
      .execute();

    await idColumn(db.schema.createTable('indicator'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('unit_label', 'text', (c) => c.notNull())
      .addColumn('family', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('numerator', 'text', (c) => c.notNull())
      .addColumn('denominator', 'text')
      .addColumn('factor', 'double precision', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('change_of', 'text')
      .addColumn('sdg', 'text', (c) => c.notNull())
      .addColumn('iccs', 'text', (c) => c.notNull())
      .addColumn('dimensions', 'text', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('source'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'source',
      'indicator',
      'data_element',
      'dimension',
      'org_unit_crosswalk',
      'org_unit_group_member',
      'org_unit_group',
      'org_unit',
      'store_meta',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
