/**
 * The `atalaya` command. Each feature contributes its commands; this file wires the shared
 * options (`--db`), opens the store once, and turns errors into clear messages and exit codes.
 */
import { Command, CommanderError } from 'commander';
import { userCommands } from '../access/user.commands.ts';
import { catalogueCommands } from '../catalogue/catalogue.commands.ts';
import { dataCommands } from '../data/data.commands.ts';
import { geographyCommands } from '../geography/geography.commands.ts';
import { ConflictError, formatIssue, ValidationError, NotFoundError } from '../kernel/errors.ts';
import { serveCommands } from '../server/serve.commands.ts';
import { createProgress, type CommandContext } from '../setup/command-context.ts';
import { setupCommands } from '../setup/setup.commands.ts';
import { prepareStore } from '../setup/store-setup.ts';
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

  const ctx: CommandContext = {
    async store() {
      if (store === undefined) {
        const location = program.opts<{ db: string }>().db;
        store = openStore(location);
        await prepareStore(store);
      }
      return store;
    },
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
    ...userCommands(ctx),
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
    if (error instanceof NotFoundError || error instanceof ConflictError) {
      process.stderr.write(`atalaya: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`atalaya: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await store?.close();
  }
}
