import { resolve } from 'node:path';
import { Command } from 'commander';
import { appendAudit, countAudit, verifyAuditLog } from '../access/audit-log.store.ts';
import { backupStore, restoreStore } from '../store/backup.ts';
import { redactLocation } from '../store/store.ts';
import type { CommandContext } from './command-context.ts';

/**
 * `atalaya backup` and `atalaya restore`. The work is in `store/backup.ts` (it knows dialects,
 * files and migrations, no feature); this layer adds what the user sees: counts, the audit entry,
 * and the state of the restored audit chain.
 */
export function backupCommands(ctx: CommandContext): Command[] {
  const backup = new Command('backup')
    .description(
      'write a consistent copy of the whole store to a file (SQLite: online backup, safe while serving; PostgreSQL: pg_dump custom format)',
    )
    .argument('<file>', 'the backup file to write (replaced if it exists)')
    .action(async (file: string) => {
      const store = await ctx.store();
      const result = await backupStore(store, ctx.location(), file, ['data_value', 'audit_entry']);
      await appendAudit(store, {
        actor: ctx.actor,
        origin: 'cli',
        action: 'store.backup',
        target: resolve(file),
        detail: { bytes: result.bytes, ...result.rows },
      });
      ctx.out.write(
        `Backed up ${redactLocation(ctx.location())} to ${file}: ${formatBytes(result.bytes)}, ` +
          `${(result.rows['data_value'] ?? 0).toLocaleString('en')} data values, ` +
          `${(result.rows['audit_entry'] ?? 0).toLocaleString('en')} audit entries.\n`,
      );
    });

  const restore = new Command('restore')
    .description(
      'replace the whole store with a backup (SQLite: refused while another process has the database open; PostgreSQL: pg_restore in one transaction)',
    )
    .argument('<file>', 'a file written by `atalaya backup`')
    .action(async (file: string) => {
      const result = await restoreStore(ctx.location(), file);
      // Opening the store now migrates a backup from an older Atalaya to the newest schema.
      const store = await ctx.store();
      await appendAudit(store, {
        actor: ctx.actor,
        origin: 'cli',
        action: 'store.restore',
        target: resolve(file),
        detail: { migrations: result.migrations.length },
      });
      const values = await store.db
        .selectFrom('data_value')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const audit = await verifyAuditLog(store);
      ctx.out.write(
        `Restored ${redactLocation(ctx.location())} from ${file}: ${Number(values.n).toLocaleString('en')} data values, ` +
          `${(await countAudit(store.db)).toLocaleString('en')} audit entries; audit chain ${audit.problem === undefined ? 'intact' : `BROKEN at seq ${audit.problem.seq}: ${audit.problem.message}`}.\n` +
          (result.previous === undefined ? '' : `The replaced database is kept as ${result.previous}.\n`) +
          'Restart any running server on this store (its analytics cube does not see a restore).\n',
      );
      if (audit.problem !== undefined) process.exitCode = 1;
    });

  return [backup, restore];
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
