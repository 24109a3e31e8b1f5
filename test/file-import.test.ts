/**
 * Every import format through the API (`POST /api/imports`, a multipart form) on a real store:
 * the dry run says what would change and writes nothing; the import writes it in one batch that
 * keeps the file's sha256 and each value's line; the same file again changes nothing; a bad
 * mapping, a bad row or a row outside the caller's scope refuses the whole file, nothing written.
 * The fixtures (`test/fixtures/ingest/`) are the project's own, in each format's real shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { createApp } from '../src/server/app.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { bearerFor, createUser } from './support/accounts.ts';
import { countBatches, countValues } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ingest');
const TOKEN = 'file-import-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };

const UNIT = (code: string, parentCode: string) => ({
  code,
  parentCode,
  level: 'division' as const,
  name: { en: code, es: code, pt: code, fr: code },
  validFrom: null,
  validTo: null,
});

interface Preview {
  rows: number;
  new: number;
  changed: number;
  unchanged: number;
  deleted: number;
  rejected: number;
  issueCount: number;
  issues: { line?: number; field?: string; message: string; file?: string; cell?: string }[];
  changes: {
    line: number;
    kind: string;
    orgUnit: string;
    period: string;
    before: number | null;
    after: number | null;
  }[];
}
interface Outcome {
  dryRun: boolean;
  preview?: Preview;
  result?: {
    batchId: number;
    rows: number;
    inserted: number;
    updated: number;
    unchanged: number;
    checksum: string;
  };
  skipped: { code: string; reason: Record<'en' | 'es' | 'pt' | 'fr', string>; count: number }[];
  encoding: string;
}

function form(fields: {
  file: string;
  format: string;
  mapping?: string;
  dryRun?: boolean;
  status?: string;
}): FormData {
  const body = new FormData();
  body.set('file', new Blob([readFileSync(join(FIXTURES, fields.file))]), fields.file);
  body.set('format', fields.format);
  if (fields.mapping !== undefined) body.set('mapping', readFileSync(join(FIXTURES, fields.mapping), 'utf8'));
  if (fields.dryRun === true) body.set('dryRun', 'true');
  body.set('status', fields.status ?? 'draft');
  return body;
}

const FORMATS = [
  {
    format: 'wdi',
    file: 'wdi-population.csv',
    mapping: 'wdi-population.mapping.json',
    rows: 5,
    spot: ['CHL', '2021', 19493184],
  },
  {
    format: 'unodc-portal',
    file: 'unodc-portal.csv',
    mapping: 'unodc-portal.mapping.json',
    rows: 3,
    spot: ['PAN', '2018', 1234],
  },
  {
    format: 'unodc-gsh',
    file: 'unodc-gsh-wide.csv',
    mapping: 'unodc-gsh-wide.mapping.json',
    rows: 7,
    spot: ['USA', '2016', 17413],
  },
  {
    format: 'sdmx',
    file: 'sdmx-2.0.csv',
    mapping: 'sdmx.mapping.json',
    rows: 3,
    spot: ['SLV', '2019', 1150],
  },
  {
    format: 'sesnsp',
    file: 'sesnsp-estatal-latin1.csv',
    mapping: 'sesnsp.mapping.json',
    rows: 10,
    spot: ['MEX.09', '2020-01', 72],
  },
  {
    format: 'atlas',
    file: 'atlas-homicidios.csv',
    mapping: 'atlas.mapping.json',
    rows: 3,
    spot: ['BRA.35', '2018', 3961],
  },
  {
    format: 'table',
    file: 'table-prisons.csv',
    mapping: 'table-prisons.mapping.json',
    rows: 4,
    spot: ['GTM', '2019', 25012],
  },
  {
    format: 'table',
    file: 'table-prisons.xlsx',
    mapping: 'table-monthly-xlsx.mapping.json',
    rows: 2,
    spot: ['HND', '2019-02', 21650],
  },
  {
    format: 'unodc-seizures',
    file: 'unodc-seizures.json',
    rows: 3,
    spot: ['COL', '2021', 669340.0479],
    disaggregation: 'drug=cocaine_hydrochloride',
  },
] as const;

describeStores('file import in every format', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [UNIT('MEX.09', 'MEX'), UNIT('BRA.23', 'BRA'), UNIT('BRA.35', 'BRA')]);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
  });
  afterAll(async () => dispose());

  const post = async (body: FormData, headers: Record<string, string> = admin) => {
    const res = await app.request('/api/imports', { method: 'POST', headers, body });
    return {
      status: res.status,
      body: (await res.json()) as Outcome & { error?: { issues?: Preview['issues'] } },
    };
  };

  for (const spec of FORMATS) {
    it(`${spec.format} (${spec.file}): a dry run writes nothing, the import writes the rows once, again changes nothing`, async () => {
      const before = await countValues(store);
      const dry = await post(form({ ...spec, dryRun: true }));
      expect(dry.status).toBe(200);
      expect(dry.body.dryRun).toBe(true);
      expect(dry.body.preview).toMatchObject({
        rows: spec.rows,
        new: spec.rows,
        changed: 0,
        rejected: 0,
        issueCount: 0,
      });
      expect(await countValues(store)).toBe(before);
      // rows left out on purpose say why in every language
      for (const skip of dry.body.skipped) {
        expect(skip.count).toBeGreaterThan(0);
        expect(Object.keys(skip.reason).sort()).toEqual(['en', 'es', 'fr', 'pt']);
        expect(new Set(Object.values(skip.reason)).size).toBe(4);
      }

      const done = await post(form(spec));
      expect(done.status).toBe(200);
      expect(done.body.result).toMatchObject({
        rows: spec.rows,
        inserted: spec.rows,
        updated: 0,
        unchanged: 0,
      });
      expect(done.body.result?.checksum).toMatch(/^[0-9a-f]{64}$/);
      const [orgUnit, period, value] = spec.spot;
      const stored = await store.db
        .selectFrom('data_value as v')
        .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
        .innerJoin('import_batch as b', 'b.id', 'v.batch_id')
        .select(['v.value', 'v.row_number', 'b.file_name'])
        .where('u.code', '=', orgUnit)
        .where('v.period', '=', period)
        .where('v.disaggregation', '=', 'disaggregation' in spec ? spec.disaggregation : '')
        .where('v.batch_id', '=', done.body.result!.batchId)
        .executeTakeFirstOrThrow();
      expect(Number(stored.value)).toBe(value);
      expect(stored.file_name).toBe(spec.file);
      expect(stored.row_number).toBeGreaterThan(1); // the line of the file, not the row's position

      const again = await post(form(spec));
      expect(again.body.result).toMatchObject({ inserted: 0, updated: 0, unchanged: spec.rows });
      const dryAgain = await post(form({ ...spec, dryRun: true }));
      expect(dryAgain.body.preview).toMatchObject({ new: 0, changed: 0, unchanged: spec.rows });
    });
  }

  it('refuses an XLSX sheet with an error value at its cell, and a file that is not a workbook; nothing written', async () => {
    const before = [await countValues(store), await countBatches(store)];
    const refused = await post(
      form({ file: 'table-errors.xlsx', format: 'table', mapping: 'table-prisons-xlsx.mapping.json' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues).toEqual([
      {
        file: 'table-errors.xlsx',
        line: 3,
        column: 4,
        field: 'Mujeres reclusas',
        cell: 'Prisiones!D3',
        message: 'the cell holds the error value #DIV/0!',
      },
    ]);
    const body = form({
      file: 'table-prisons.xlsx',
      format: 'table',
      mapping: 'table-prisons-xlsx.mapping.json',
    });
    body.set(
      'file',
      new Blob([readFileSync(join(FIXTURES, 'table-prisons.xlsx')).subarray(0, 900)]),
      'cut.xlsx',
    );
    const cut = await post(body);
    expect(cut.status).toBe(400);
    expect(cut.body.error?.issues?.[0]?.message).toMatch(/not a readable ZIP archive/);
    expect([await countValues(store), await countBatches(store)]).toEqual(before);
  });

  it('the dry run lists a changed value with the one it replaces', async () => {
    const body = new FormData();
    body.set(
      'file',
      new Blob([
        'element,org_unit,period,disaggregation,source,value\npopulation,HND,2019,,world_bank,9746000\n',
      ]),
      'fix.csv',
    );
    body.set('dryRun', 'true');
    const { body: outcome } = await post(body);
    expect(outcome.preview).toMatchObject({ rows: 1, new: 0, changed: 1 });
    expect(outcome.preview?.changes).toEqual([
      expect.objectContaining({
        line: 2,
        kind: 'changed',
        orgUnit: 'HND',
        period: '2019',
        before: 9746115,
        after: 9746000,
      }),
    ]);
  });

  it('refuses a bad mapping with the path of each problem, and writes nothing', async () => {
    const values = await countValues(store);
    const batches = await countBatches(store);
    const body = form({ format: 'wdi', file: 'wdi-population.csv' });
    body.set(
      'mapping',
      JSON.stringify({ indicators: { 'SP.POP.TOTL': { element: 'population' } }, extra: true }),
    );
    const { status, body: error } = await post(body);
    expect(status).toBe(400);
    expect(error.error?.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'indicators.SP.POP.TOTL.source' }),
        expect.objectContaining({ message: expect.stringContaining('extra') }),
      ]),
    );
    const noMapping = await post(form({ format: 'wdi', file: 'wdi-population.csv' }));
    expect(noMapping.status).toBe(400);
    expect(await countValues(store)).toBe(values);
    expect(await countBatches(store)).toBe(batches);
  });

  it('says an unknown element once, at its first line, with how many rows have it', async () => {
    const values = await countValues(store);
    const body = form({ format: 'wdi', file: 'wdi-population.csv' });
    body.set(
      'mapping',
      JSON.stringify({ indicators: { 'SP.POP.TOTL': { element: 'populaton', source: 'world_bank' } } }),
    );
    const { status, body: error } = await post(body);
    expect(status).toBe(400);
    expect(error.error?.issues).toEqual([
      {
        file: 'wdi-population.csv',
        line: 7,
        field: 'element',
        message: expect.stringMatching(/unknown data element "populaton".*\(and on 4 more rows\)/),
      },
    ]);
    body.set('dryRun', 'true');
    const dry = await post(body);
    expect(dry.body.preview).toMatchObject({ rows: 5, rejected: 5, issueCount: 5 });
    expect(await countValues(store)).toBe(values);
  });

  it('deletes the value under an SDMX D row; the same file again changes nothing', async () => {
    const body = form({ format: 'sdmx', file: 'sdmx-2.0-delete.csv', mapping: 'sdmx.mapping.json' });
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body.result).toMatchObject({ rows: 2 }); // (HND 2019 may be there from the tests above)
    // the same file again; then the value the D row names, written by another batch
    expect((await post(body)).body.result).toMatchObject({ unchanged: 2, deleted: 0 });
    const write = new FormData();
    write.set(
      'file',
      new File(
        [
          'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,SEX,OBS_VALUE\ndataflow,X,I,VICTIMS,HN,2019,_T,3100\n',
        ],
        'write.csv',
      ),
    );
    write.set('format', 'sdmx');
    write.set('status', 'draft');
    write.set('mapping', readFileSync(join(FIXTURES, 'sdmx.mapping.json'), 'utf8'));
    expect((await post(write)).status).toBe(200);
    const values = await countValues(store);
    body.set('dryRun', 'true');
    const dry = await post(body);
    expect(dry.body.preview).toMatchObject({ rows: 2, unchanged: 1, deleted: 1, rejected: 0 });
    expect(dry.body.preview?.changes).toEqual([
      expect.objectContaining({
        line: 3,
        kind: 'deleted',
        orgUnit: 'HND',
        period: '2019',
        before: 3100,
        after: null,
      }),
    ]);
    body.delete('dryRun');
    const deleted = await post(body);
    expect(deleted.body.result).toMatchObject({ rows: 2, unchanged: 1, deleted: 1 });
    expect(await countValues(store)).toBe(values - 1);
    expect((await post(body)).body.result).toMatchObject({ unchanged: 2, deleted: 0 });
  });

  it('a contributor of Guatemala sees rows of Honduras rejected in the dry run, and the import refused', async () => {
    const user = await createUser(store, `gtm-${dialect}@example.org`, [
      { role: 'contributor', scope: 'GTM' },
    ]);
    const headers = await bearerFor(store, user.id);
    const dry = await post(
      form({
        format: 'table',
        file: 'table-prisons.csv',
        mapping: 'table-prisons.mapping.json',
        dryRun: true,
      }),
      headers,
    );
    expect(dry.status).toBe(200);
    expect(dry.body.preview).toMatchObject({ rows: 4, rejected: 2 });
    expect(dry.body.preview?.issues.every((i) => /outside your scope/.test(i.message))).toBe(true);
    const values = await countValues(store);
    const refused = await post(
      form({ format: 'table', file: 'table-prisons.csv', mapping: 'table-prisons.mapping.json' }),
      headers,
    );
    expect(refused.status).toBe(403);
    expect(await countValues(store)).toBe(values);
    const published = await post(
      form({
        format: 'table',
        file: 'table-prisons.csv',
        mapping: 'table-prisons.mapping.json',
        status: 'published',
      }),
      headers,
    );
    expect(published.status).toBe(403);
    expect(
      (
        await app.request('/api/imports', {
          method: 'POST',
          body: form({ format: 'canonical', file: 'table-prisons.csv' }),
        })
      ).status,
    ).toBe(401);
  });
});
