/**
 * Fuzzing the whole import path: damaged copies of every format's fixture (truncated lines, stray
 * quotes, spreadsheet formulas, huge numbers, wrong encodings, dropped bytes…) imported into a real
 * store through `importFile`, as the CLI and the API do. Whatever the damage: nothing but a
 * ValidationError is thrown (no crash), a refused file leaves the store exactly as it was (no half
 * write: the same values, the same batches), every problem names the file and a line, and an
 * accepted file added exactly the rows it says. 1 300 files per format on SQLite (10 400 in all),
 * 150 per format on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFile } from '../src/data/file-import.store.ts';
import { loadImportReferences } from '../src/data/import-references.store.ts';
import { createValueWriter } from '../src/data/value-writer.store.ts';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import type { ValueFormat } from '../src/ingest/import-formats.ts';
import { ValidationError } from '../src/kernel/errors.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { countBatches, countValues } from './support/fixtures.ts';
import { damaged, MUTATION_COUNT } from './support/ingest.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ingest');
const FORMATS: readonly { format: ValueFormat; file: string; mapping?: string }[] = [
  { format: 'canonical', file: 'canonical.csv' },
  { format: 'wdi', file: 'wdi-population.csv', mapping: 'wdi-population.mapping.json' },
  { format: 'unodc-portal', file: 'unodc-portal.csv', mapping: 'unodc-portal.mapping.json' },
  { format: 'unodc-gsh', file: 'unodc-gsh-wide.csv', mapping: 'unodc-gsh-wide.mapping.json' },
  { format: 'sdmx', file: 'sdmx-2.0.csv', mapping: 'sdmx.mapping.json' },
  { format: 'sesnsp', file: 'sesnsp-estatal-latin1.csv', mapping: 'sesnsp.mapping.json' },
  { format: 'atlas', file: 'atlas-homicidios.csv', mapping: 'atlas.mapping.json' },
  { format: 'table', file: 'table-prisons.csv', mapping: 'table-prisons.mapping.json' },
];

const UNIT = (code: string, parentCode: string) => ({
  code,
  parentCode,
  level: 'division' as const,
  name: { en: code, es: code, pt: code, fr: code },
  validFrom: null,
  validTo: null,
});

describeStores('import fuzzing', (dialect) => {
  const runs = dialect === 'sqlite' ? 1300 : 150;
  let store: Store;
  let dispose: () => Promise<void>;
  let files = 0;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [UNIT('MEX.09', 'MEX'), UNIT('BRA.23', 'BRA'), UNIT('BRA.35', 'BRA')]);
  });
  afterAll(async () => {
    console.log(`import fuzzing [${dialect}]: ${files} damaged files imported`);
    await dispose();
  });

  for (const spec of FORMATS) {
    it(`${spec.format}: damaged files never crash, never half-write, and every problem has a line`, async () => {
      const fixture = Buffer.from(readFileSync(join(FIXTURES, spec.file))).toString('latin1');
      const mapping =
        spec.mapping === undefined
          ? undefined
          : (JSON.parse(readFileSync(join(FIXTURES, spec.mapping), 'utf8')) as unknown);
      const references = await loadImportReferences(store.db);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(MUTATION_COUNT - 1), fc.nat()), { minLength: 1, maxLength: 4 }),
          fc.string({ maxLength: 12 }),
          async (steps, junk) => {
            const input = damaged(fixture, steps, junk);
            const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
            const [values, batches] = [await countValues(store), await countBatches(store)];
            files += 1;
            try {
              const outcome = await importFile(references, createValueWriter(store, { file: spec.file }), {
                format: spec.format,
                bytes,
                mapping,
                file: spec.file,
                status: 'draft',
                kind: 'import',
              });
              if (outcome.dryRun) throw new Error('an import answered a dry run');
              expect(await countValues(store)).toBe(values + outcome.result.inserted);
              expect(await countBatches(store)).toBe(batches + 1);
            } catch (error) {
              if (!(error instanceof ValidationError)) throw error;
              expect(await countValues(store)).toBe(values);
              expect(await countBatches(store)).toBe(batches);
              for (const issue of error.issues) {
                expect(issue.file, issue.message).toBeDefined();
                if (!/mapping|empty|header/i.test(error.message))
                  expect(issue.line, issue.message).toBeGreaterThanOrEqual(1);
              }
            }
          },
        ),
        { numRuns: runs },
      );
    }, 600_000);
  }
});
