import { Command, Option } from 'commander';
import { countOrgUnits } from '../geography/geography.store.ts';
import { migrateDown, migrationStatus } from '../store/migrations.ts';
import type { CommandContext } from './command-context.ts';
import { loadDemo, readDemoInfo } from './demo-setup.ts';
import { runDoctor } from './doctor.ts';

export function setupCommands(ctx: CommandContext): Command[] {
  const demo = new Command('demo')
    .description('load the generated, synthetic demo data (all 35 member states, 2000–2024) into the store')
    .addOption(
      new Option('--seed <n>', 'random seed (the same seed gives the same data)').argParser(positiveInt),
    )
    .addOption(
      new Option('--scale <k>', 'multiply the number of municipalities (benchmarks)').argParser(
        positiveNumber,
      ),
    )
    .option('--countries <codes>', 'only these member states (ISO3, comma-separated)')
    .action(async (options: { seed?: number; scale?: number; countries?: string }) => {
      const store = await ctx.store();
      if ((await readDemoInfo(store.db)) !== undefined) {
        ctx.err.write('The store already holds the demo data; nothing to do.\n');
        return;
      }
      let bar: ReturnType<CommandContext['progress']> | undefined;
      const result = await loadDemo(store, {
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        ...(options.scale === undefined ? {} : { scale: options.scale }),
        ...(options.countries === undefined
          ? {}
          : { countries: options.countries.split(',').map((c) => c.trim()) }),
        onStart: (total) => {
          bar = ctx.progress('Loading demo values', total);
        },
        onProgress: (rows) => bar?.update(rows),
        by: { actor: ctx.actor, origin: 'cli' },
      });
      bar?.stop();
      if (result !== undefined) {
        ctx.out.write(
          `Loaded ${result.rows.toLocaleString('en')} synthetic demo values (batch ${result.batchId}). They are generated, not official statistics.\n`,
        );
      }
    });

  const migrate = new Command('migrate')
    .description(
      'bring the store to the newest schema (done automatically by every command), or undo migrations',
    )
    .option('--down', 'undo the newest migration')
    .option('--status', 'list migrations and whether each has run')
    .action(async (options: { down?: boolean; status?: boolean }) => {
      const store = await ctx.store();
      if (options.status === true) {
        for (const m of await migrationStatus(store)) {
          ctx.out.write(`${m.executedAt === undefined ? 'pending ' : 'done    '} ${m.name}\n`);
        }
        return;
      }
      if (options.down === true) {
        const undone = await migrateDown(store);
        ctx.out.write(undone.length === 0 ? 'Nothing to undo.\n' : `Undone: ${undone.join(', ')}\n`);
        return;
      }
      ctx.out.write('The store is at the newest schema.\n');
    });

  const doctor = new Command('doctor')
    .description('check the store, the environment and the demo data; exit 1 if anything is wrong')
    .action(async () => {
      const store = await ctx.store();
      const checks = await runDoctor(store);
      let failed = 0;
      for (const check of checks) {
        ctx.out.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}\n`);
        if (!check.ok) failed += 1;
      }
      const counts = await countOrgUnits(store.db);
      ctx.out.write(
        `      org units: ${Object.entries(counts)
          .map(([level, n]) => `${level} ${n}`)
          .join(', ')}\n`,
      );
      if (failed > 0) process.exitCode = 1;
    });

  return [demo, migrate, doctor];
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`"${value}" is not a positive whole number`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`"${value}" is not a positive number`);
  return n;
}
