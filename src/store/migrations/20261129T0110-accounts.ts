import type { Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';
import { idColumn } from '../migrations.ts';

/**
 * Accounts, their grants (a role in a scope), sessions and API tokens. Secrets are never stored:
 * passwords as argon2id hashes, session ids and API tokens as their SHA-256. Times are ISO text,
 * like the rest of the store, so they compare as text on both dialects.
 */
export const accounts: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await idColumn(db.schema.createTable('account'), dialect)
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('password_changed_at', 'text', (c) => c.notNull())
      .execute();

    await idColumn(db.schema.createTable('account_grant'), dialect)
      .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      // null: every member state
      .addColumn('org_unit_id', 'integer', (c) => c.references('org_unit.id'))
      .execute();
    await db.schema.createIndex('account_grant_account').on('account_grant').column('account_id').execute();

    await db.schema
      .createTable('account_session')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema
      .createIndex('account_session_account')
      .on('account_session')
      .column('account_id')
      .execute();

    await idColumn(db.schema.createTable('api_token'), dialect)
      .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('api_token_account').on('api_token').column('account_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('api_token').execute();
    await db.schema.dropTable('account_session').execute();
    await db.schema.dropTable('account_grant').execute();
    await db.schema.dropTable('account').execute();
  },
};
