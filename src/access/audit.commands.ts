import { Command, Option } from 'commander';
import { ValidationError } from '../kernel/errors.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { positiveInt } from '../setup/setup.commands.ts';
import { parseAnchor, type ChainHead } from './audit-chain.ts';
import { listAudit, verifyAuditLog } from './audit-log.store.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function auditCommands(ctx: CommandContext): Command[] {
  const verify = new Command('verify')
    .description(
      'walk the audit chain, recompute every hash and report the first broken place; exit 1 if the log is not intact',
    )
    .addOption(
      new Option(
        '--anchor <seq:hash>',
        'a head printed by an earlier verify and kept elsewhere; the chain must still hold it (repeatable)',
      ).argParser(collect),
    )
    .action(async (options: { anchor?: string[] }) => {
      let anchors: ChainHead[];
      try {
        anchors = (options.anchor ?? []).map(parseAnchor);
      } catch (error) {
        throw new ValidationError(`--anchor: ${error instanceof Error ? error.message : String(error)}`);
      }
      const store = await ctx.store();
      const result = await verifyAuditLog(store, anchors);
      if (result.problem !== undefined) {
        ctx.err.write(
          `Audit log BROKEN at seq ${result.problem.seq} (${result.problem.kind}): ${result.problem.message}.\n` +
            `${result.checked} entries before it are intact${result.head === undefined ? '' : ` (up to seq ${result.head.seq})`}.\n`,
        );
        process.exitCode = 1;
        return;
      }
      if (result.head === undefined) {
        ctx.out.write('Audit log intact: no entries yet.\n');
        return;
      }
      ctx.out.write(
        `Audit log intact: ${result.checked} entries, seq 1–${result.head.seq}.\n` +
          `Head (keep it elsewhere and pass it later as --anchor): ${result.head.seq}:${result.head.hash}\n`,
      );
    });

  const list = new Command('list')
    .description('print audit entries, oldest first (the newest --limit of those that match)')
    .option('--since <iso>', 'entries at or after this time (ISO 8601, e.g. 2026-11-29 or 2026-11-29T10:00Z)')
    .option('--actor <actor>', 'only this actor (e.g. cli:ana, user:12)')
    .option('--action <action>', 'only this action (e.g. data.import)')
    .addOption(new Option('--limit <n>', 'at most this many').argParser(positiveInt).default(100))
    .option('--json', 'one JSON object per line, with the hashes')
    .action(
      async (options: { since?: string; actor?: string; action?: string; limit: number; json?: boolean }) => {
        let since: string | undefined;
        if (options.since !== undefined) {
          const date = new Date(options.since);
          if (Number.isNaN(date.getTime())) {
            throw new ValidationError(`--since: "${options.since}" is not an ISO 8601 date or time`);
          }
          since = date.toISOString();
        }
        const store = await ctx.store();
        const entries = await listAudit(store.db, {
          limit: options.limit,
          ...(since === undefined ? {} : { since }),
          ...(options.actor === undefined ? {} : { actor: options.actor }),
          ...(options.action === undefined ? {} : { action: options.action }),
        });
        for (const e of entries) {
          ctx.out.write(
            options.json === true
              ? JSON.stringify(e) + '\n'
              : `${e.seq}\t${e.at}\t${e.actor}\t${e.origin}\t${e.action}\t${e.target}\t${e.detail}\n`,
          );
        }
        if (entries.length === 0 && options.json !== true) ctx.err.write('No audit entries match.\n');
      },
    );

  return [
    new Command('audit')
      .description('the append-only, hash-chained audit log: verify it, list it')
      .addCommand(verify.exitOverride())
      .addCommand(list.exitOverride()),
  ];
}
