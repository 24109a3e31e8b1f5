/**
 * `atalaya import FILE --format geojson --mapping M.json [--dry-run]`: the boundaries of org units
 * from a GeoJSON file (the `import` command of `src/data/data.commands.ts` hands the format over).
 */
import { SKIP_REASONS } from '../ingest/skip-reasons.ts';
import { ValidationError } from '../kernel/errors.ts';
import type { CommandContext } from '../setup/command-context.ts';
import { importBoundaryFile, previewBoundaryFile, type BoundaryImportSummary } from './boundaries.store.ts';

export interface BoundaryCommandInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly mapping: unknown;
  readonly mappingFile?: string;
  readonly dryRun: boolean;
}

export async function importBoundariesCommand(
  ctx: CommandContext,
  input: BoundaryCommandInput,
): Promise<void> {
  const store = await ctx.store();
  const request = {
    bytes: input.bytes,
    mapping: input.mapping,
    ...(input.mappingFile === undefined ? {} : { mappingFile: input.mappingFile }),
    file: input.name,
    actor: ctx.actor,
    origin: 'cli',
  };
  if (input.dryRun) {
    const { boundaries: s } = await previewBoundaryFile(store, request);
    const lines = [
      `Dry run of ${s.file} (nothing was written): ${s.features} features: ${s.new} new, ${s.changed} changed, ${s.unchanged} unchanged, ${s.rejected} rejected.`,
    ];
    const changes = s.units.filter((u) => u.change !== 'unchanged');
    for (const unit of changes.slice(0, 20)) lines.push(`  line ${unit.line}: ${unit.code}: ${unit.change}`);
    if (s.new + s.changed > 20)
      lines.push(`  … and ${s.new + s.changed - 20} more new or changed boundaries`);
    ctx.out.write(lines.join('\n') + '\n' + skippedLine(s));
    if (s.issueCount > 0) {
      throw new ValidationError(
        `${s.file} would be refused: ${s.issueCount} problem${s.issueCount === 1 ? '' : 's'} found${s.issueCount > s.issues.length ? ` (the first ${s.issues.length} are listed)` : ''}.`,
        s.issues,
      );
    }
    return;
  }
  const { boundaries: s } = await store.writes.run(() => importBoundaryFile(store, request));
  ctx.out.write(
    `Imported the boundaries of ${s.file}: ${s.features} features, ${s.new} new, ${s.changed} changed, ${s.unchanged} unchanged (sha256 ${s.checksum.slice(0, 12)}…).\n` +
      skippedLine(s),
  );
}

function skippedLine(s: BoundaryImportSummary): string {
  return s.skipped.length === 0
    ? ''
    : `Left out on purpose: ${s.skipped.map((k) => `${k.count.toLocaleString('en')} ${SKIP_REASONS[k.code].en}`).join('; ')}.\n`;
}
