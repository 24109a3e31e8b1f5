/**
 * Deleting values through an import (SDMX-CSV `ACTION` D) on both stores: the value goes, its last
 * version stays in the revisions marked deleted, the dry run counts it, the same file twice
 * changes nothing, a locked value is refused to a draft import, a key deleted and written in one
 * file is refused, and the analytics cube drops the value incrementally as a rebuild would.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HEADER, importText } from '../../test/support/fixtures.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { createApp } from '../server/app.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { importFile, previewFile, type FileImportRequest } from './file-import.store.ts';
import { loadImportReferences } from './import-references.store.ts';
import { createValueWriter } from './value-writer.store.ts';
import type { ValueStatus } from './value-writer.ts';

const TOKEN = 'value-deletion-test-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };
const SDMX_HEADER = 'STRUCTURE,STRUCTURE_ID,ACTION,ELEMENT,REF_AREA,TIME_PERIOD,SOURCE,OBS_VALUE';
const sdmx = (...rows: string[]) =>
  [SDMX_HEADER, ...rows.map((r) => `dataflow,OAS:ATALAYA(1.0),${r}`)].join('\r\n') + '\r\n';

describeStores('deleting values through an import', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  const request = (text: string, status: ValueStatus = 'draft'): FileImportRequest => ({
    format: 'sdmx',
    bytes: new TextEncoder().encode(text),
    file: 'delete.csv',
    status,
  });
  const importSdmx = async (text: string, status: ValueStatus = 'draft') =>
    importFile(
      await loadImportReferences(store.db),
      createValueWriter(store, { file: 'delete.csv' }),
      request(text, status),
    );
  const preview = async (text: string, status: ValueStatus = 'draft') => {
    const outcome = await previewFile(store, await loadImportReferences(store.db), request(text, status));
    if (!outcome.dryRun) throw new Error('not a dry run');
    return outcome.preview;
  };
  const stored = async () =>
    (
      await store.db
        .selectFrom('data_value as v')
        .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
        .select(['u.code', 'v.period', 'v.value', 'v.status'])
        .orderBy('u.code')
        .orderBy('v.period')
        .execute()
    ).map((v) => `${v.code} ${v.period} ${v.value} ${v.status}`);
  const analytics = async (query: string) => {
    const res = await app.request(`/api/analytics?${query}`, { headers: admin });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { rows: unknown[] }).rows;
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,HND,2012,,police,7172',
        'homicide_victims,HND,2013,,police,6431',
        'homicide_victims,SLV,2012,,police,2594',
        'homicide_victims,GTM,2012,,police,5155',
        'population,HND,2012,,census,8640692',
        'population,HND,2013,,census,8750000',
        'population,SLV,2012,,census,6072538',
        'population,GTM,2012,,census,15073375',
      ].join('\n'),
      { status: 'published' },
    );
  });
  afterAll(async () => dispose());

  it('deletes the value under a D row, keeps its last version, counts it; the same file again changes nothing', async () => {
    // the cube is loaded before the deletion, so it must catch up incrementally
    const before = await analytics('indicator=homicide_rate&orgUnit=CAM,HND&period=2013&view=all');
    expect(before).toHaveLength(2);
    const file = sdmx('D,homicide_victims,HND,2013,police,', 'D,homicide_victims,PAN,2013,police,');
    const dry = await preview(file, 'published');
    expect(dry).toMatchObject({ rows: 2, new: 0, changed: 0, unchanged: 1, deleted: 1, rejected: 0 });
    expect(dry.changes).toEqual([
      expect.objectContaining({ line: 2, kind: 'deleted', orgUnit: 'HND', before: 6431, after: null }),
    ]);

    const done = await importSdmx(file, 'published');
    expect(done.dryRun).toBe(false);
    if (done.dryRun) return;
    expect(done.result).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 1, deleted: 1 });
    expect(await stored()).not.toContain('HND 2013 6431 published');
    const kept = await store.db
      .selectFrom('data_value_revision')
      .select(['value', 'status', 'batch_id', 'deleted', 'superseded_by_batch'])
      .where('deleted', '=', 1)
      .execute();
    expect(kept).toEqual([
      { value: 6431, status: 'published', batch_id: 1, deleted: 1, superseded_by_batch: done.result.batchId },
    ]);
    const batch = await store.db
      .selectFrom('import_batch')
      .select(['deleted', 'unchanged'])
      .where('id', '=', done.result.batchId)
      .executeTakeFirstOrThrow();
    expect(batch).toEqual({ deleted: 1, unchanged: 1 });

    // analytics dropped it at the next query, as a rebuild does
    const after = await analytics('indicator=homicide_rate&orgUnit=CAM,HND&period=2012,2013&view=all');
    expect(after.filter((r) => (r as { period: string }).period === '2013')).toEqual([]);
    const rebuilt = await app.request('/api/analytics/rebuild', { method: 'POST', headers: admin });
    expect(rebuilt.status).toBe(200);
    expect(await analytics('indicator=homicide_rate&orgUnit=CAM,HND&period=2012,2013&view=all')).toEqual(
      after,
    );

    const again = await importSdmx(file, 'published');
    if (again.dryRun) return;
    expect(again.result).toMatchObject({ rows: 2, unchanged: 2, deleted: 0 });
    expect(await preview(file)).toMatchObject({ unchanged: 2, deleted: 0 });
  });

  it('refuses to a draft import the deletion of a published value, at its line; an approver may', async () => {
    const file = sdmx('I,homicide_victims,GTM,2013,police,4800', 'D,homicide_victims,GTM,2012,police,5155');
    const dry = await preview(file);
    expect(dry).toMatchObject({ new: 1, deleted: 0, rejected: 1 });
    expect(dry.issues).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringMatching(/published \(locked\).*be deleted/),
      }),
    ]);
    const snapshot = await stored();
    await expect(importSdmx(file)).rejects.toThrow(/line 3.*published \(locked\).*be deleted/s);
    expect(await stored()).toEqual(snapshot);
    const approved = await importSdmx(file, 'published');
    if (approved.dryRun) return;
    expect(approved.result).toMatchObject({ inserted: 1, deleted: 1 });
    expect(await stored()).toContain('GTM 2013 4800 published');
    expect(await stored()).not.toContain('GTM 2012 5155 published');
  });

  it('refuses a key deleted and written in one file, whichever comes first, nothing written', async () => {
    const snapshot = await stored();
    for (const file of [
      sdmx('D,homicide_victims,SLV,2012,police,', 'M,homicide_victims,SLV,2012,police,2600'),
      sdmx('M,homicide_victims,SLV,2012,police,2600', 'D,homicide_victims,SLV,2012,police,'),
      sdmx('D,homicide_victims,SLV,2012,police,', 'D,homicide_victims,SLV,2012,police,'),
      sdmx('D,homicide_victims,SLV,2011,police,', 'I,homicide_victims,SLV,2011,police,1'),
      sdmx('I,homicide_victims,SLV,2012,police,2594', 'D,homicide_victims,SLV,2012,police,'),
    ]) {
      await expect(importSdmx(file, 'published'), file).rejects.toThrow(/line 3.*already on line 2/s);
      expect(await stored()).toEqual(snapshot);
    }
  });

  it('reads R (replace) as writing the observation, as M does', async () => {
    const done = await importSdmx(sdmx('R,homicide_victims,SLV,2012,police,2600'), 'published');
    if (done.dryRun) return;
    expect(done.result).toMatchObject({ updated: 1 });
    expect(await stored()).toContain('SLV 2012 2600 published');
  });
});
