/**
 * Rolling a batch back, on both stores and over the API: changed values return to their version
 * before the batch (value, status, batch, line), created ones go, deleted ones come back; a later
 * batch's work is never clobbered (409 listing it); locked values and other people's batches are
 * refused to a contributor; a second rollback is refused; the analytics cube equals a rebuild.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearerFor, createUser } from '../../test/support/accounts.ts';
import { HEADER, importText } from '../../test/support/fixtures.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { createApp } from '../server/app.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { importFile } from './file-import.store.ts';
import { loadImportReferences } from './import-references.store.ts';
import { createValueWriter } from './value-writer.store.ts';

const TOKEN = 'rollback-test-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };

describeStores('rolling a batch back', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let contributor: { authorization: string };
  let outsider: { authorization: string };

  /** The homicide counts stored, with their status, batch and line. */
  const stored = async () =>
    (
      await store.db
        .selectFrom('data_value as v')
        .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
        .where('v.element_id', '=', (eb) =>
          eb.selectFrom('data_element').select('id').where('code', '=', 'homicide_victims'),
        )
        .select(['u.code', 'v.period', 'v.value', 'v.status', 'v.batch_id', 'v.row_number'])
        .orderBy('u.code')
        .orderBy('v.period')
        .execute()
    ).map((v) => `${v.code} ${v.period} ${v.value} ${v.status} b${v.batch_id}:${v.row_number}`);
  const rollback = async (batch: number, headers: Record<string, string> = admin, dryRun = false) => {
    const res = await app.request(`/api/import-batches/${batch}/rollback${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers,
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & {
        error?: { message: string; issues?: { line?: number; message: string }[] };
      },
    };
  };
  const importCsv = async (text: string, headers: Record<string, string> = admin, status = 'draft') => {
    const res = await app.request(`/api/data-values/import?status=${status}&fileName=f.csv`, {
      method: 'POST',
      body: `${HEADER}\n${text}\n`,
      headers: { 'content-type': 'text/csv', ...headers },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { batchId: number }).batchId;
  };
  const analytics = async () => {
    const res = await app.request(
      '/api/analytics?indicator=homicide_rate&orgUnit=HND,SLV,GTM,CAM&period=2012,2013&view=all',
      { headers: admin },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { rows: unknown[] }).rows;
  };
  /** The cube caught up incrementally equals a full rebuild. */
  const expectCubeAsRebuilt = async () => {
    const incremental = await analytics();
    expect((await app.request('/api/analytics/rebuild', { method: 'POST', headers: admin })).status).toBe(
      200,
    );
    expect(await analytics()).toEqual(incremental);
    return incremental;
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
    await importText(
      store,
      [
        HEADER,
        'population,HND,2012,,census,8640692',
        'population,SLV,2012,,census,6072538',
        'population,GTM,2012,,census,15073375',
        'population,HND,2013,,census,8750000',
      ].join('\n'),
      { status: 'published' },
    );
    const hnd = await createUser(store, `hnd-${dialect}@example.org`, [
      { role: 'contributor', scope: 'HND' },
    ]);
    contributor = await bearerFor(store, hnd.id);
    const gtm = await createUser(store, `gtm-${dialect}@example.org`, [{ role: 'approver', scope: 'GTM' }]);
    outsider = await bearerFor(store, gtm.id);
  });
  afterAll(async () => dispose());

  it('restores changed values, deletes created ones and brings deleted ones back; twice is refused', async () => {
    const first = await importCsv(
      'homicide_victims,HND,2012,,police,7172\nhomicide_victims,SLV,2012,,police,2594',
    );
    await analytics(); // the cube is loaded here: what follows it learns incrementally
    const second = await importCsv(
      'homicide_victims,HND,2012,,police,7000\nhomicide_victims,HND,2013,,police,6431\nhomicide_victims,GTM,2012,,police,5155',
    );
    // a deletion (SDMX D) in a third batch, then rolled back first
    const sdmx = await importFile(await loadImportReferences(store.db), createValueWriter(store), {
      format: 'sdmx',
      file: 'd.csv',
      bytes: new TextEncoder().encode(
        'STRUCTURE,STRUCTURE_ID,ACTION,ELEMENT,REF_AREA,TIME_PERIOD,SOURCE,OBS_VALUE\ndataflow,X,D,homicide_victims,SLV,2012,police,\n',
      ),
      status: 'draft',
    });
    if (sdmx.dryRun) throw new Error('not imported');
    const third = sdmx.result.batchId;
    expect(await stored()).not.toContain(expect.stringMatching(/^SLV 2012 2594/));
    expect(await rollback(third)).toMatchObject({
      status: 200,
      body: { batchId: third, dryRun: false, restored: 0, removed: 0, reinstated: 1 },
    });
    expect(await stored()).toContain(`SLV 2012 2594 draft b${first}:3`);
    await expectCubeAsRebuilt();

    const before = await stored();
    const dry = await rollback(second, admin, true);
    expect(dry).toMatchObject({
      status: 200,
      body: { dryRun: true, rollbackBatchId: null, restored: 1, removed: 2, reinstated: 0 },
    });
    expect(await stored()).toEqual(before);
    const done = await rollback(second);
    expect(done).toMatchObject({ status: 200, body: { restored: 1, removed: 2, reinstated: 0 } });
    const values = await stored();
    expect(values).toEqual([`HND 2012 7172 draft b${first}:2`, `SLV 2012 2594 draft b${first}:3`]);
    const rollbackBatch = done.body['rollbackBatchId'] as number;
    const batches = await store.db
      .selectFrom('import_batch')
      .select(['id', 'kind', 'rolls_back', 'rolled_back_by', 'updated', 'deleted'])
      .where('id', 'in', [second, rollbackBatch])
      .orderBy('id')
      .execute();
    expect(batches).toEqual([
      { id: second, kind: 'api', rolls_back: null, rolled_back_by: rollbackBatch, updated: 1, deleted: 0 },
      {
        id: rollbackBatch,
        kind: 'rollback',
        rolls_back: second,
        rolled_back_by: null,
        updated: 1,
        deleted: 2,
      },
    ]);
    // the version rolled back is kept, superseded by the rollback
    const kept = await store.db
      .selectFrom('data_value_revision')
      .select(['value', 'batch_id', 'deleted'])
      .where('superseded_by_batch', '=', rollbackBatch)
      .orderBy('value')
      .execute();
    expect(kept).toEqual([
      { value: 5155, batch_id: second, deleted: 1 },
      { value: 6431, batch_id: second, deleted: 1 },
      { value: 7000, batch_id: second, deleted: 0 },
    ]);
    const audit = await store.db
      .selectFrom('audit_entry')
      .select(['action', 'target', 'detail'])
      .where('action', '=', 'data.rollback')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.target).toBe(`batch:${second}`);
    expect(JSON.parse(audit.detail)).toMatchObject({ rollbackBatch, restored: 1, removed: 2 });
    const rows = await expectCubeAsRebuilt();
    expect(rows.some((r) => (r as { orgUnit: string }).orgUnit === 'GTM')).toBe(false);

    const twice = await rollback(second);
    expect(twice.status).toBe(409);
    expect(twice.body.error?.message).toMatch(/rolled back already \(by batch \d+\)/);
    expect((await rollback(rollbackBatch)).status).toBe(409);
    expect((await rollback(999_999)).status).toBe(404);
  });

  it('refuses, with the values, when a later batch changed one since; rolls back once that batch is', async () => {
    const earlier = await importCsv(
      'homicide_victims,HND,2013,,police,6431\nhomicide_victims,GTM,2013,,police,4800',
    );
    const later = await importCsv('homicide_victims,HND,2013,,police,6500');
    const before = await stored();
    const refused = await rollback(earlier);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/1 value it wrote has changed since/);
    expect(refused.body.error?.issues).toEqual([
      {
        file: 'f.csv',
        line: 2,
        message: `homicide_victims,HND,2013,,police: changed by batch ${later} since (roll that batch back first)`,
      },
    ]);
    expect(await stored()).toEqual(before);
    expect((await rollback(later)).status).toBe(200);
    expect(await rollback(earlier)).toMatchObject({ status: 200, body: { removed: 2, restored: 0 } });
    expect(await stored()).not.toContain(expect.stringMatching(/^(HND|GTM) 2013 (6431|6500|4800)/));
    await expectCubeAsRebuilt();
  });

  it('lets a contributor roll back their own batch while it is unlocked, not others nor locked ones', async () => {
    const theirs = await importCsv('homicide_victims,HND,2014,,police,6000', contributor);
    const mine = await importCsv('homicide_victims,HND,2015,,police,5000');
    expect((await rollback(mine, contributor)).status).toBe(403);
    // an approver of Guatemala may not roll back values of Honduras
    const outside = await rollback(theirs, outsider);
    expect(outside.status).toBe(403);
    expect(outside.body.error?.message).toMatch(/outside your scope \(HND\)/);
    // once approved, the value is locked for the contributor (not for an administrator)
    for (const to of ['submitted', 'approved']) {
      const moved = await app.request('/api/data-values/status', {
        method: 'POST',
        body: JSON.stringify({ orgUnit: 'HND', period: '2014', to }),
        headers: { 'content-type': 'application/json', ...admin },
      });
      expect(moved.status).toBe(200);
    }
    const locked = await rollback(theirs, contributor);
    expect(locked.status).toBe(409);
    expect(locked.body.error?.issues).toEqual([
      { file: 'f.csv', line: 2, message: 'homicide_victims,HND,2014,,police: approved (locked)' },
    ]);
    const back = await app.request('/api/data-values/status', {
      method: 'POST',
      body: JSON.stringify({ orgUnit: 'HND', period: '2014', to: 'submitted', direction: 'back' }),
      headers: { 'content-type': 'application/json', ...admin },
    });
    expect(back.status).toBe(200);
    expect(await rollback(theirs, contributor)).toMatchObject({ status: 200, body: { removed: 1 } });
    expect(await rollback(mine)).toMatchObject({ status: 200, body: { removed: 1 } });
  });
});
