import type { Kysely } from 'kysely';
import { idColumn, type StoreMigration } from '../migrations.ts';

/**
 * Validation rules written by users (`quality/validation-rule.store.ts`), checked beside the
 * built-in set: `left_side operator right_side`, each side a formula of the catalogue's formula
 * language, with its tolerance, severity, source mode, period types (JSON, null for all), name and
 * description (JSON in en/es/pt/fr), who wrote it and when.
 */
export const validationRules: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await idColumn(db.schema.createTable('validation_rule'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('left_side', 'text', (c) => c.notNull())
      .addColumn('operator', 'text', (c) => c.notNull())
      .addColumn('right_side', 'text', (c) => c.notNull())
      .addColumn('tolerance', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('sources', 'text', (c) => c.notNull().defaultTo('same'))
      .addColumn('period_types', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('validation_rule').execute();
  },
};
