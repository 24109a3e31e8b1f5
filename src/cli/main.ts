/**
 * The `atalaya` command. Each feature contributes its commands; this file wires the shared
 * options (`--db`), opens the store once, and turns errors into clear messages and exit codes.
 */
import { Command, CommanderError } from 'commander';
import { auditCommands } from '../access/audit.commands.ts';
import { AuditLogDamagedError } from '../access/audit-log.store.ts';
import { userCommands } from '../access/user.commands.ts';
import { catalogueCommands } from '../catalogue/catalogue.commands.ts';
import { dataCommands } from '../data/data.commands.ts';
import { diagnosticsCommands } from '../diagnostics/diagnostics.commands.ts';
import { evaluationCommands } from '../evaluation/evaluation.commands.ts';
import { geographyCommands } from '../geography/geography.commands.ts';
import { interventionCommands } from '../interventions/interventions.commands.ts';
import { ConflictError, formatIssue, ValidationError, NotFoundError } from '../kernel/errors.ts';
import { qualityCommands } from '../quality/quality.commands.ts';
import { serveCommands } from '../server/serve.commands.ts';
import { cliActor, createProgress, type CommandContext } from '../setup/command-context.ts';
import { backupCommands } from '../setup/backup.commands.ts';
import { setupCommands } from '../setup/setup.commands.ts';
import { prepareStore } from '../setup/store-setup.ts';
import { BackupError } from '../store/backup.ts';
import { DEFAULT_SQLITE_PATH, openStore, type Store } from '../store/store.ts';

const MAX_LISTED_ISSUES = 50;

export async function runCli(argv: readonly string[]): Promise<number> {
  let store: Store | undefined;
  const program = new Command('atalaya')
    .description('Atalaya: public-security observatory platform for the Americas')
    .version('0.1.0')
    .option(
      '--db <location>',
      `SQLite file path or PostgreSQL URL (postgresql://…); env ATALAYA_DB`,
      process.env['ATALAYA_DB'] ?? DEFAULT_SQLITE_PATH,
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const actor = cliActor();
  const ctx: CommandContext = {
    async store() {
      if (store === undefined) {
        store = openStore(ctx.location());
        await prepareStore(store, { actor, origin: 'cli' });
      }
      return store;
    },
    location: () => program.opts<{ db: string }>().db,
    actor,
    out: process.stdout,
    err: process.stderr,
    progress: (label, total) => createProgress(process.stderr, label, total),
  };
  for (const command of [
    ...serveCommands(ctx),
    ...setupCommands(ctx),
    ...dataCommands(ctx),
    ...catalogueCommands(ctx),
    ...geographyCommands(ctx),
    ...auditCommands(ctx),
    ...backupCommands(ctx),
    ...userCommands(ctx),
    ...evaluationCommands(ctx),
    ...interventionCommands(ctx),
    ...diagnosticsCommands(ctx),
    ...qualityCommands(ctx),
  ]) {
    program.addCommand(command.exitOverride());
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    if (error instanceof ValidationError) {
      const [headline] = error.message.split('\n');
      process.stderr.write(`atalaya: ${headline}\n`);
      for (const issue of error.issues.slice(0, MAX_LISTED_ISSUES))
        process.stderr.write(`  ${formatIssue(issue)}\n`);
      if (error.issues.length > MAX_LISTED_ISSUES) {
        process.stderr.write(`  … and ${error.issues.length - MAX_LISTED_ISSUES} more\n`);
      }
      return 1;
    }
    if (
      error instanceof NotFoundError ||
      error instanceof ConflictError ||
      error instanceof BackupError ||
      error instanceof AuditLogDamagedError
    ) {
      process.stderr.write(`atalaya: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`atalaya: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await store?.close();
  }
}
