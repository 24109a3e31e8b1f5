import { sql, type Kysely } from 'kysely';
import type { StoreMigration } from '../migrations.ts';

const REFUSED = 'audit_entry is append-only: entries cannot be changed or deleted';

/**
 * The audit log: one row per action, hash-chained (`src/access/audit-chain.ts`). `seq` is given by
 * the writer (last seq + 1, under a lock), not by a sequence, so a rolled-back write leaves no gap.
 * Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL), so no code path, and no one
 * without the right to drop triggers, can rewrite history; `atalaya audit verify` catches the rest.
 */
export const auditLog: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('audit_entry')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_entry_at').on('audit_entry').column('at').execute();

    if (dialect === 'sqlite') {
      for (const event of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER audit_entry_no_${event.toLowerCase()} BEFORE ${event} ON audit_entry
             BEGIN SELECT RAISE(ABORT, '${REFUSED}'); END`,
          )
          .execute(db);
      }
    } else {
      await sql
        .raw(
          `CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger AS $$
           BEGIN
             RAISE EXCEPTION '${REFUSED} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
           END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
           FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
           FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()`,
        )
        .execute(db);
    }
  },

  async down(db: Kysely<unknown>, dialect) {
    if (dialect === 'sqlite') {
      await sql.raw('DROP TRIGGER IF EXISTS audit_entry_no_update').execute(db);
      await sql.raw('DROP TRIGGER IF EXISTS audit_entry_no_delete').execute(db);
    } else {
      await sql.raw('DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry').execute(db);
      await sql.raw('DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry').execute(db);
      await sql.raw('DROP FUNCTION IF EXISTS audit_entry_refuse_change()').execute(db);
    }
    await db.schema.dropTable('audit_entry').execute();
    await sql.raw(`DELETE FROM store_meta WHERE key = 'audit_head'`).execute(db);
  },
};
