import type { Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';

/**
 * The boundary of an org unit (one per unit): its geometry as GeoJSON text (rings wound as d3-geo
 * reads them), its bounding box, and where it came from (file, sha256, when, who); `synthetic`
 * marks the demo's generated boundaries. A re-import replaces a unit's row.
 */
export const orgUnitBoundaries: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('org_unit_boundary')
      .addColumn('org_unit_id', 'integer', (c) => c.primaryKey().references('org_unit.id'))
      .addColumn('geometry', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('west', 'double precision', (c) => c.notNull())
      .addColumn('south', 'double precision', (c) => c.notNull())
      .addColumn('east', 'double precision', (c) => c.notNull())
      .addColumn('north', 'double precision', (c) => c.notNull())
      .addColumn('source_file', 'text', (c) => c.notNull())
      .addColumn('checksum', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('org_unit_boundary').execute();
  },
};
