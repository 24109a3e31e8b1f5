import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { ValidationError } from '../kernel/errors.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { readDemoInfo } from '../setup/demo-setup.ts';
import { CANONICAL_HEADER, canonicalCsvLine } from './canonical-csv.ts';
import { streamDataValues } from './data-values.store.ts';
import { loadImportReferences } from './import-references.store.ts';
import { importCanonicalCsv } from './value-import.ts';
import { createValueWriter } from './value-writer.store.ts';
import { VALUE_STATUSES, type ValueStatus } from './value-writer.ts';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

export function dataCommands(ctx: CommandContext): Command[] {
  const importCommand = new Command('import')
    .description(
      'import a canonical CSV file (element,org_unit,period,disaggregation,source,value) in one transaction: any bad row refuses the whole file',
    )
    .argument('<file>', 'the CSV file (UTF-8)')
    .addOption(
      new Option('--status <status>', 'status given to new and changed values')
        .choices(VALUE_STATUSES)
        .default('draft'),
    )
    .option('--note <text>', 'a note kept with the import batch')
    .action(async (file: string, options: { status: ValueStatus; note?: string }) => {
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new ValidationError(`${file}: no such file`);
      }
      const store = await ctx.store();
      const references = await loadImportReferences(store.db);
      const name = basename(file);
      const bar = ctx.progress(`Importing ${name}`, size);
      try {
        const result = await importCanonicalCsv(
          createReadStream(file, { highWaterMark: 1 << 20 }),
          references,
          createValueWriter(store, { file: name, audit: { actor: ctx.actor, origin: 'cli' } }),
          {
            file: name,
            createdBy: ctx.actor,
            status: options.status,
            kind: 'import',
            ...(options.note === undefined ? {} : { note: options.note }),
            onProgress: (_rows, bytes) => bar.update(bytes),
          },
        );
        bar.stop();
        ctx.out.write(
          `Imported ${name} as batch ${result.batchId}: ${result.rows} rows, ${result.inserted} new, ${result.updated} changed, ${result.unchanged} unchanged (sha256 ${result.checksum?.slice(0, 12) ?? ''}…).\n`,
        );
      } catch (error) {
        bar.stop();
        throw error;
      }
    });

  const exportCommand = new Command('export')
    .description('export data values as canonical CSV (to a file or standard output)')
    .option('--element <codes>', 'data element codes, comma-separated', list)
    .option('--org-unit <codes>', 'org unit codes, comma-separated', list)
    .option('--period <codes>', 'period codes, comma-separated', list)
    .option('--source <codes>', 'source codes, comma-separated', list)
    .option('--disaggregation <key>', "canonical disaggregation key ('' for totals)")
    .addOption(new Option('--status <statuses>', 'statuses to include (default: all)').argParser(list))
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(
      async (options: {
        element?: string[];
        orgUnit?: string[];
        period?: string[];
        source?: string[];
        disaggregation?: string;
        status?: string[];
        output?: string;
      }) => {
        const statuses = options.status ?? [...VALUE_STATUSES];
        const unknown = statuses.filter((s) => !(VALUE_STATUSES as readonly string[]).includes(s));
        if (unknown.length > 0) {
          throw new ValidationError(
            `--status: unknown status ${unknown.join(', ')} (expected ${VALUE_STATUSES.join(', ')})`,
          );
        }
        const store = await ctx.store();
        if ((await readDemoInfo(store.db)) !== undefined) {
          ctx.err.write('Note: this store holds synthetic demo data (generated, not official statistics).\n');
        }
        const out = options.output === undefined ? ctx.out : createWriteStream(options.output);
        let count = 0;
        const write = async (text: string): Promise<void> => {
          if (!out.write(text)) await once(out, 'drain');
        };
        await write(CANONICAL_HEADER + '\n');
        for await (const page of streamDataValues(store.db, {
          statuses: statuses as ValueStatus[],
          ...(options.element === undefined ? {} : { elements: options.element }),
          ...(options.orgUnit === undefined ? {} : { orgUnits: options.orgUnit }),
          ...(options.period === undefined ? {} : { periods: options.period }),
          ...(options.source === undefined ? {} : { sources: options.source }),
          ...(options.disaggregation === undefined ? {} : { disaggregation: options.disaggregation }),
        })) {
          let text = '';
          for (const row of page) text += canonicalCsvLine(row) + '\n';
          count += page.length;
          await write(text);
        }
        if (options.output !== undefined) {
          out.end();
          await once(out, 'finish');
          ctx.err.write(`Exported ${count} values to ${options.output}\n`);
        }
      },
    );

  return [importCommand, exportCommand];
}
