import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { ValidationError } from '../kernel/errors.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { readDemoInfo } from '../setup/demo-setup.ts';
import { CANONICAL_HEADER, canonicalCsvLine } from './canonical-csv.ts';
import { rollbackBatch } from './batch-rollback.store.ts';
import type { CanonicalRow } from './canonical-row.ts';
import { streamDataValues, type DataValueFilter } from './data-values.store.ts';
import { sdmxWriterFor } from './sdmx-export.store.ts';
import {
  checkSdmxWriteOptions,
  SDMX_VERSIONS,
  SDMX_WRITE_ACTIONS,
  type SdmxVersion,
  type SdmxWriteAction,
  type SdmxWriteOptions,
} from '../ingest/sdmx-csv.ts';
import { loadImportReferences } from './import-references.store.ts';
import { IMPORT_FORMATS, isBoundaryFormat, type ImportFormat } from '../ingest/import-formats.ts';
import { importBoundariesCommand } from '../geography/boundaries.commands.ts';
import type { SkipCount } from '../ingest/reader-result.ts';
import { importFile, importTableStream, previewFile, previewTableStream } from './file-import.store.ts';
import type { ImportPreview } from './import-preview.store.ts';
import { importCanonicalCsv, type ImportResult } from './value-import.ts';
import { createValueWriter } from './value-writer.store.ts';
import { SKIP_REASONS } from '../ingest/skip-reasons.ts';
import { VALUE_STATUSES, type ValueStatus } from './value-writer.ts';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

export function dataCommands(ctx: CommandContext): Command[] {
  const importCommand = new Command('import')
    .description(
      'import a file in one transaction (any bad row refuses the whole file): canonical CSV (element,org_unit,period,disaggregation,source,value) or, with --format and --mapping, a WDI, UNODC, SDMX-CSV, SESNSP, Atlas da Violência or other table export (CSV or XLSX), or the UNODC drug seizures JSON, or the boundaries of org units (GeoJSON)',
    )
    .argument('<file>', 'the file to import')
    .addOption(
      new Option('--format <format>', "the file's format (docs/ingest.md)")
        .choices(IMPORT_FORMATS)
        .default('canonical'),
    )
    .option(
      '--mapping <file>',
      "JSON mapping of the file's indicators and columns to the catalogue (every format but canonical and sdmx)",
    )
    .option('--dry-run', 'show what would change (new, changed, unchanged, rejected) and write nothing')
    .addOption(
      new Option('--status <status>', 'status given to new and changed values')
        .choices(VALUE_STATUSES)
        .default('draft'),
    )
    .option('--note <text>', 'a note kept with the import batch')
    .action(
      async (
        file: string,
        options: {
          format: ImportFormat;
          mapping?: string;
          dryRun?: boolean;
          status: ValueStatus;
          note?: string;
        },
      ) => {
        let size: number;
        try {
          size = statSync(file).size;
        } catch {
          throw new ValidationError(`${file}: no such file`);
        }
        const mapping = options.mapping === undefined ? undefined : readMappingFile(options.mapping);
        if (options.format === 'canonical' && mapping !== undefined) {
          throw new ValidationError('--mapping: a canonical CSV needs no mapping (give --format)');
        }
        if (isBoundaryFormat(options.format)) {
          await importBoundariesCommand(ctx, {
            name: basename(file),
            bytes: readFileSync(file),
            mapping,
            ...(options.mapping === undefined ? {} : { mappingFile: basename(options.mapping) }),
            dryRun: options.dryRun === true,
          });
          return;
        }
        const store = await ctx.store();
        const references = await loadImportReferences(store.db);
        const name = basename(file);
        const importOptions = {
          file: name,
          createdBy: ctx.actor,
          status: options.status,
          kind: 'import' as const,
          ...(options.note === undefined ? {} : { note: options.note }),
        };
        const writer = () =>
          createValueWriter(store, {
            file: name,
            audit: { actor: ctx.actor, origin: 'cli' },
            inputBytes: size,
          });
        if (options.dryRun === true && options.format === 'table') {
          // streamed as the import: rows are checked and compared as the file is read
          const bar = ctx.progress(`Comparing ${name}`, size);
          try {
            const outcome = await previewTableStream(store, references, {
              ...importOptions,
              chunks: counted(createReadStream(file, { highWaterMark: 1 << 20 }), (bytes) =>
                bar.update(bytes),
              ),
              mapping,
              ...(options.mapping === undefined ? {} : { mappingFile: basename(options.mapping) }),
            });
            bar.stop();
            if (outcome.dryRun) printPreview(ctx, name, outcome.preview, outcome.skipped);
          } catch (error) {
            bar.stop();
            throw error;
          }
          return;
        }
        if (options.dryRun === true) {
          const outcome = await previewFile(store, references, {
            ...importOptions,
            format: options.format,
            bytes: readFileSync(file),
            mapping,
            ...(options.mapping === undefined ? {} : { mappingFile: basename(options.mapping) }),
          });
          if (outcome.dryRun) printPreview(ctx, name, outcome.preview, outcome.skipped);
          return;
        }
        if (options.format === 'table') {
          // streamed: rows are checked and written as the file is read, in bounded memory
          const bar = ctx.progress(`Importing ${name}`, size);
          try {
            const outcome = await importTableStream(references, writer(), {
              ...importOptions,
              chunks: counted(createReadStream(file, { highWaterMark: 1 << 20 }), (bytes) =>
                bar.update(bytes),
              ),
              mapping,
              ...(options.mapping === undefined ? {} : { mappingFile: basename(options.mapping) }),
            });
            bar.stop();
            if (!outcome.dryRun) printImported(ctx, name, outcome.result, outcome.skipped);
          } catch (error) {
            bar.stop();
            throw error;
          }
          return;
        }
        if (options.format !== 'canonical') {
          const outcome = await importFile(references, writer(), {
            ...importOptions,
            format: options.format,
            bytes: readFileSync(file),
            mapping,
            ...(options.mapping === undefined ? {} : { mappingFile: basename(options.mapping) }),
          });
          if (!outcome.dryRun) printImported(ctx, name, outcome.result, outcome.skipped);
          return;
        }
        const bar = ctx.progress(`Importing ${name}`, size);
        try {
          const result = await importCanonicalCsv(
            createReadStream(file, { highWaterMark: 1 << 20 }),
            references,
            writer(),
            { ...importOptions, onProgress: (_rows, bytes) => bar.update(bytes) },
          );
          bar.stop();
          printImported(ctx, name, result, []);
        } catch (error) {
          bar.stop();
          throw error;
        }
      },
    );

  importCommand.addCommand(
    new Command('rollback')
      .description(
        'roll an import batch back: the values it wrote go back to their versions before it, those it created are deleted, those it deleted come back (refused when a later batch changed one since)',
      )
      .argument('<batch-id>', 'the batch (see GET /api/import-batches)')
      .option('--dry-run', 'say what would change and write nothing')
      .action(async (id: string, _options: unknown, command: Command) => {
        const batchId = Number(id);
        if (!Number.isInteger(batchId) || batchId < 1) {
          throw new ValidationError(`<batch-id>: "${id}" is not a batch number`);
        }
        // (--dry-run after the batch id is taken by `import`, which has its own)
        const dryRun = command.optsWithGlobals<{ dryRun?: boolean }>().dryRun === true;
        const store = await ctx.store();
        const result = await rollbackBatch(store, batchId, {
          dryRun,
          createdBy: ctx.actor,
          audit: { actor: ctx.actor, origin: 'cli' },
          mayUnlock: true,
        });
        const what = `${result.restored} changed value${result.restored === 1 ? '' : 's'} restored, ${result.removed} new value${result.removed === 1 ? '' : 's'} deleted, ${result.reinstated} deleted value${result.reinstated === 1 ? '' : 's'} written back`;
        ctx.out.write(
          result.dryRun
            ? `Dry run of rolling back batch ${batchId} (nothing was written): ${what}.\n`
            : `Rolled back batch ${batchId} as batch ${result.rollbackBatchId}: ${what}.\n`,
        );
      }),
  );

  const exportCommand = new Command('export')
    .description(
      'export data values as canonical CSV or SDMX-CSV (to a file or standard output), page by page',
    )
    .option('--element <codes>', 'data element codes, comma-separated', list)
    .option('--org-unit <codes>', 'org unit codes, comma-separated', list)
    .option('--period <codes>', 'period codes, comma-separated', list)
    .option('--source <codes>', 'source codes, comma-separated', list)
    .option('--disaggregation <key>', "canonical disaggregation key ('' for totals)")
    .addOption(new Option('--status <statuses>', 'statuses to include (default: all)').argParser(list))
    .addOption(
      new Option('--format <format>', 'canonical CSV or SDMX-CSV (docs/ingest.md)')
        .choices(['canonical', 'sdmx'])
        .default('canonical'),
    )
    .addOption(
      new Option('--sdmx-version <version>', 'SDMX-CSV version (default 2.0)').choices(SDMX_VERSIONS),
    )
    .addOption(
      new Option(
        '--action <action>',
        'SDMX-CSV 2.0 ACTION of every row: I (information) or M merge, R replace, D delete (default I)',
      ).choices(SDMX_WRITE_ACTIONS),
    )
    .option(
      '--dataflow <AGENCY:ID(VERSION)>',
      'the SDMX dataflow named in the file (default OAS:ATALAYA(1.0))',
    )
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(
      async (options: {
        element?: string[];
        orgUnit?: string[];
        period?: string[];
        source?: string[];
        disaggregation?: string;
        status?: string[];
        format: 'canonical' | 'sdmx';
        sdmxVersion?: SdmxVersion;
        action?: SdmxWriteAction;
        dataflow?: string;
        output?: string;
      }) => {
        const statuses = options.status ?? [...VALUE_STATUSES];
        const unknown = statuses.filter((s) => !(VALUE_STATUSES as readonly string[]).includes(s));
        if (unknown.length > 0) {
          throw new ValidationError(
            `--status: unknown status ${unknown.join(', ')} (expected ${VALUE_STATUSES.join(', ')})`,
          );
        }
        const sdmxOptions: SdmxWriteOptions = {
          ...(options.sdmxVersion === undefined ? {} : { version: options.sdmxVersion }),
          ...(options.action === undefined ? {} : { action: options.action }),
          ...(options.dataflow === undefined ? {} : { dataflow: options.dataflow }),
        };
        if (options.format !== 'sdmx' && Object.keys(sdmxOptions).length > 0) {
          throw new ValidationError('--sdmx-version, --action and --dataflow need --format sdmx');
        }
        checkSdmxWriteOptions(sdmxOptions);
        const store = await ctx.store();
        if ((await readDemoInfo(store.db)) !== undefined) {
          ctx.err.write('Note: this store holds synthetic demo data (generated, not official statistics).\n');
        }
        const filter: DataValueFilter = {
          statuses: statuses as ValueStatus[],
          ...(options.element === undefined ? {} : { elements: options.element }),
          ...(options.orgUnit === undefined ? {} : { orgUnits: options.orgUnit }),
          ...(options.period === undefined ? {} : { periods: options.period }),
          ...(options.source === undefined ? {} : { sources: options.source }),
          ...(options.disaggregation === undefined ? {} : { disaggregation: options.disaggregation }),
        };
        const writer =
          options.format === 'sdmx'
            ? await sdmxWriterFor(store.db, filter, sdmxOptions)
            : { header: CANONICAL_HEADER + '\n', line: (row: CanonicalRow) => canonicalCsvLine(row) + '\n' };
        // a file is written beside its name and renamed when whole: a failure leaves no half file
        const target =
          options.output === undefined
            ? undefined
            : { path: options.output, partial: `${options.output}.partial-${process.pid}` };
        const file = target === undefined ? undefined : createWriteStream(target.partial);
        const out = file ?? ctx.out;
        let count = 0;
        const write = async (text: string): Promise<void> => {
          if (!out.write(text)) await once(out, 'drain');
        };
        try {
          await write(writer.header);
          for await (const page of streamDataValues(store.db, filter)) {
            let text = '';
            for (const row of page) text += writer.line(row);
            count += page.length;
            await write(text);
          }
          if (file !== undefined && target !== undefined) {
            file.end();
            await once(file, 'finish');
            renameSync(target.partial, target.path);
            ctx.err.write(`Exported ${count} values to ${target.path}\n`);
          }
        } catch (error) {
          if (file !== undefined && target !== undefined) {
            file.destroy();
            rmSync(target.partial, { force: true });
          }
          throw error;
        }
      },
    );

  return [importCommand, exportCommand];
}

/** The chunks of a stream, telling how many bytes have passed. */
async function* counted(
  chunks: AsyncIterable<Uint8Array>,
  onBytes: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    onBytes(bytes);
    yield chunk;
  }
}

/** Reads and parses a mapping file (JSON), or says where it is not JSON. */
function readMappingFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ValidationError(`--mapping ${path}: no such file`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`${basename(path)} is not JSON: ${(error as Error).message}`, [
      { file: basename(path), message: (error as Error).message },
    ]);
  }
}

function skippedLine(skipped: readonly SkipCount[]): string {
  return skipped.length === 0
    ? ''
    : `Left out on purpose: ${skipped.map((s) => `${s.count.toLocaleString('en')} ${SKIP_REASONS[s.code].en}`).join('; ')}.\n`;
}

function printImported(
  ctx: CommandContext,
  name: string,
  result: ImportResult,
  skipped: readonly SkipCount[],
): void {
  ctx.out.write(
    `Imported ${name} as batch ${result.batchId}: ${result.rows} rows, ${result.inserted} new, ${result.updated} changed, ${result.unchanged} unchanged, ${result.deleted} deleted (sha256 ${result.checksum?.slice(0, 12) ?? ''}…).\n` +
      skippedLine(skipped),
  );
}

/** The dry run in plain words: the counts, the first changes, then every problem (exit code 1). */
function printPreview(
  ctx: CommandContext,
  name: string,
  preview: ImportPreview,
  skipped: readonly SkipCount[],
): void {
  const lines = [
    `Dry run of ${name} (nothing was written): ${preview.rows} rows: ${preview.new} new, ${preview.changed} changed, ${preview.unchanged} unchanged, ${preview.deleted} deleted, ${preview.rejected} rejected.`,
  ];
  const shown = preview.changes.slice(0, 20);
  for (const change of shown) {
    const key = [change.element, change.orgUnit, change.period, change.disaggregation, change.source].join(
      ',',
    );
    lines.push(
      `  line ${change.line}: ${key}: ${change.before === null ? 'new' : `${change.before} →`} ${change.after ?? 'deleted'}`,
    );
  }
  const listed = preview.new + preview.changed + preview.deleted;
  if (preview.changes.length > shown.length || listed > preview.changes.length) {
    lines.push(`  … and ${listed - shown.length} more new, changed or deleted values`);
  }
  ctx.out.write(lines.join('\n') + '\n' + skippedLine(skipped));
  if (preview.issueCount > 0) {
    throw new ValidationError(
      `${name} would be refused: ${preview.issueCount} problem${preview.issueCount === 1 ? '' : 's'} found${preview.issues.length >= 1000 ? ' (the first 1000 are listed)' : ''}.`,
      preview.issues,
    );
  }
}
