import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { HEADER, bytes, countBatches, countValues, importText } from '../../test/support/fixtures.ts';
import type { ImportReferences } from './row-validation.ts';
import { importCanonicalCsv } from './value-import.ts';
import { listDataValues, moveStatus, valueHistory } from './data-values.store.ts';
import { statusBefore } from './value-status.ts';
import { VALUE_STATUSES, type ValueWriter } from './value-writer.ts';

const GOOD = [
  HEADER,
  'homicide_victims,HND,2012,,police,7172',
  'homicide_victims,HND,2012,sex=F,police,606',
  'homicide_victims,HND,2012,sex=M,police,6566',
  'homicide_victims,HND,2012,,forensic,7172',
  'homicide_victims,HND,2013-Q1,,police,1800',
  'homicide_victims,HND,2013-01,,police,612',
  'population,HND,2012,,census,8640692',
  '"drug_seizures",COL,2021,drug=cocaine_hydrochloride,ministry,669340.048',
  'trust_police_share,MEX,2019,,survey,38.5',
].join('\r\n');

async function failure(promise: Promise<unknown>): Promise<ValidationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

describeStores('canonical CSV import', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
  });
  afterAll(async () => dispose());

  it('imports every row of a good file in one batch, keeping sources side by side', async () => {
    const result = await importText(store, GOOD, { file: 'good.csv' });
    expect(result).toMatchObject({ rows: 9, inserted: 9, updated: 0, unchanged: 0 });
    expect(result.checksum).toMatch(/^[0-9a-f]{64}$/);
    const values = await listDataValues(
      store.db,
      { statuses: [...VALUE_STATUSES], orgUnits: ['HND'], periods: ['2012'] },
      { limit: 100, offset: 0 },
    );
    expect(
      values
        .filter((v) => v.element === 'homicide_victims' && v.disaggregation === '')
        .map((v) => [v.source, v.value]),
    ).toEqual([
      ['police', 7172], // key order: sources by id, as registered
      ['forensic', 7172],
    ]);
    expect(values.every((v) => v.status === 'draft' && v.revision === 1 && v.batch === result.batchId)).toBe(
      true,
    );
    const [seizure] = await listDataValues(
      store.db,
      { statuses: ['draft'], elements: ['drug_seizures'] },
      { limit: 1, offset: 0 },
    );
    expect(seizure?.value).toBe(669340.048);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await listDataValues(
      store.db,
      { statuses: [...VALUE_STATUSES] },
      { limit: 100, offset: 0 },
    );
    const again = await importText(store, GOOD, { file: 'good.csv' });
    expect(again).toMatchObject({ rows: 9, inserted: 0, updated: 0, unchanged: 9 });
    expect(
      await listDataValues(store.db, { statuses: [...VALUE_STATUSES] }, { limit: 100, offset: 0 }),
    ).toEqual(before);
  });

  it('keeps the previous version when a value changes', async () => {
    const result = await importText(store, `${HEADER}\nhomicide_victims,HND,2012,,police,7104\n`, {
      status: 'submitted',
    });
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const history = await valueHistory(
      store.db,
      { element: 'homicide_victims', orgUnit: 'HND', period: '2012', disaggregation: '', source: 'police' },
      [...VALUE_STATUSES],
    );
    expect(history.map((h) => [h.value, h.status, h.revision])).toEqual([
      [7172, 'draft', 1],
      [7104, 'submitted', 2],
    ]);
    expect(history[0]?.supersededByBatch).toBe(result.batchId);
  });

  it('counts new, changed and unchanged rows exactly, whatever their order', async () => {
    const mixed = [
      HEADER,
      'population,HND,2012,,census,8640700', // changed (first row of the batch)
      'population,HND,2013,,census,8750000', // new
      'homicide_victims,HND,2012,sex=F,police,606', // unchanged
      'population,HND,2014,,census,8860000', // new
      'homicide_victims,HND,2012,sex=M,police,6570', // changed
      'homicide_victims,HND,2013-Q1,,police,1800', // unchanged
      'population,HND,2015,,census,8960000', // new
    ].join('\n');
    expect(await importText(store, mixed)).toMatchObject({ rows: 7, inserted: 3, updated: 2, unchanged: 2 });
    expect(await importText(store, mixed)).toMatchObject({ rows: 7, inserted: 0, updated: 0, unchanged: 7 });
  });

  it('moves values along the approval workflow only by allowed steps', async () => {
    expect(
      await moveStatus(store, { orgUnit: 'HND', period: '2012', element: 'homicide_victims' }, 'approved'),
    ).toBe(1);
    expect(
      await moveStatus(store, { orgUnit: 'HND', period: '2012', element: 'homicide_victims' }, 'published'),
    ).toBe(1);
    const published = await listDataValues(store.db, { statuses: ['published'] }, { limit: 10, offset: 0 });
    expect(published.map((v) => [v.orgUnit, v.period, v.source, v.value])).toEqual([
      ['HND', '2012', 'police', 7104],
    ]);
    // A bulk approval of the whole unit never pulls the published value back, nor skips a step.
    const drafts = (
      await listDataValues(store.db, { orgUnits: ['HND'], statuses: ['draft'] }, { limit: 100, offset: 0 })
    ).length;
    expect(await moveStatus(store, { orgUnit: 'HND' }, 'approved')).toBe(0);
    expect(await moveStatus(store, { orgUnit: 'HND' }, 'submitted')).toBe(drafts);
    expect(await moveStatus(store, { orgUnit: 'HND' }, 'approved')).toBe(drafts);
    expect(
      await listDataValues(store.db, { statuses: ['published'] }, { limit: 10, offset: 0 }),
    ).toHaveLength(1);
    // Retracting a publication is explicit.
    expect(await moveStatus(store, { orgUnit: 'HND' }, 'approved', 'back')).toBe(1);
    expect(
      await listDataValues(store.db, { statuses: ['published'] }, { limit: 10, offset: 0 }),
    ).toHaveLength(0);
    expect(() => statusBefore('draft', 'forward')).toThrow(/first status/);
    expect(() => statusBefore('published', 'back')).toThrow(/last status/);
    expect(() => statusBefore('final', 'forward')).toThrow(/not a status/);
  });

  it('refuses a file with bad rows, lists every one with line, column and field, and writes nothing', async () => {
    const values = await countValues(store);
    const batches = await countBatches(store);
    const bad = [
      HEADER,
      'homicide_victims,HND,2014,,police,10',
      'homicides,HND,2014,,police,10',
      'homicide_victims,XXX,2014-13,,police,10',
      'homicide_victims,HND,2014,colour=red,police,10',
      'homicide_victims,HND,2014,,tv,ten',
      'homicide_victims,HND,2014,,police,-3',
      'homicide_victims,HND,2014,,police,2.5',
      'trust_police_share,HND,2014,,survey,120',
      'homicide_victims,HND,2014,,police',
      'homicide_victims,HND,2015,,police,',
    ].join('\n');
    const error = await failure(importText(store, bad, { file: 'bad.csv' }));
    expect(error.message).toContain('bad.csv was not imported');
    const where = error.issues.map((i) => [i.line, i.column, i.field]);
    expect(where).toEqual([
      [3, 1, 'element'],
      [4, 2, 'org_unit'],
      [4, 3, 'period'],
      [5, 4, 'disaggregation'],
      [6, 5, 'source'],
      [6, 6, 'value'],
      [7, 6, 'value'],
      [8, 6, 'value'],
      [9, 6, 'value'],
      [10, undefined, undefined],
      [11, 6, 'value'],
    ]);
    expect(error.issues.every((i) => i.file === 'bad.csv')).toBe(true);
    expect(error.issues[0]?.message).toBe('unknown data element "homicides"');
    expect(error.issues[2]?.message).toContain('"2014-13" is not a period code');
    expect(await countValues(store)).toBe(values);
    expect(await countBatches(store)).toBe(batches);
  });

  it('refuses duplicate keys within a file, naming both lines', async () => {
    const values = await countValues(store);
    const error = await failure(
      importText(
        store,
        `${HEADER}\npopulation,MEX,2012,,census,1\npopulation,MEX,2013,,census,2\npopulation,MEX,2012,,census,3\n`,
        { file: 'dup.csv' },
      ),
    );
    expect(error.issues).toEqual([
      {
        file: 'dup.csv',
        line: 4,
        message: 'the same value (element, org unit, period, disaggregation, source) is already on line 2',
      },
    ]);
    expect(await countValues(store)).toBe(values);
  });

  it('refuses a key repeated after a copy that left the stored value unchanged', async () => {
    await importText(store, `${HEADER}\npopulation,BRA,2012,,census,5\n`);
    const values = await countValues(store);
    const rewritten = await failure(
      importText(store, `${HEADER}\npopulation,BRA,2012,,census,5\npopulation,BRA,2012,,census,7\n`, {
        file: 'a.csv',
      }),
    );
    expect(rewritten.issues.map((i) => [i.line, i.message])).toEqual([
      [3, 'the same value (element, org unit, period, disaggregation, source) is already on line 2'],
    ]);
    const twice = await failure(
      importText(store, `${HEADER}\npopulation,BRA,2012,,census,5\npopulation,BRA,2012,,census,5\n`),
    );
    expect(twice.issues.map((i) => i.line)).toEqual([3]);
    const [stored] = await listDataValues(
      store.db,
      { statuses: [...VALUE_STATUSES], elements: ['population'], orgUnits: ['BRA'] },
      { limit: 5, offset: 0 },
    );
    expect(stored?.value).toBe(5);
    expect(await countValues(store)).toBe(values);
  });

  it('refuses a wrong header, an empty file and text that is not UTF-8', async () => {
    const header = await failure(
      importText(store, 'element,unit,period,disaggregation,source,value,extra\n', { file: 'h.csv' }),
    );
    expect(header.issues.map((i) => i.message)).toEqual([
      'unknown column "unit" (expected the columns element, org_unit, period, disaggregation, source, value)',
      'unknown column "extra" (expected the columns element, org_unit, period, disaggregation, source, value)',
      'missing column "org_unit"',
    ]);
    await expect(importText(store, '', { file: 'e.csv' })).rejects.toThrow(/e\.csv is empty/);
    const { bytes } = await import('../../test/support/fixtures.ts');
    const { loadImportReferences } = await import('./import-references.store.ts');
    const { importCanonicalCsv } = await import('./value-import.ts');
    const { createValueWriter } = await import('./value-writer.store.ts');
    const latin1 = Buffer.from(`${HEADER}\npopulation,MEX,2012,,census,1\n# Pe\xf1a\n`, 'latin1');
    await expect(
      importCanonicalCsv(bytes(latin1), await loadImportReferences(store.db), createValueWriter(store), {
        file: 'l.csv',
      }),
    ).rejects.toMatchObject({
      issues: [
        {
          file: 'l.csv',
          line: 3,
          column: 1,
          message: 'this field is not valid UTF-8 (save the file as UTF-8)',
        },
      ],
    });
    const cut = Buffer.concat([
      Buffer.from(`${HEADER}\npopulation,MEX,2012,,census,1\npopulation,MEX,2013,,census,2`),
      Buffer.from([0xc3]),
    ]);
    await expect(
      importCanonicalCsv(bytes(cut), await loadImportReferences(store.db), createValueWriter(store), {
        file: 'cut.csv',
      }),
    ).rejects.toMatchObject({ issues: [{ line: 3, column: 6 }] });
  });

  it('accepts columns in any order and a canonicalises disaggregation keys', async () => {
    const result = await importText(
      store,
      'value,source,disaggregation,period,org_unit,element\n5,police,sex=F;age_group=15-29,2016,HND,homicide_victims\n',
    );
    expect(result.inserted).toBe(1);
    const [value] = await listDataValues(
      store.db,
      { statuses: ['draft'], periods: ['2016'] },
      { limit: 5, offset: 0 },
    );
    expect(value?.disaggregation).toBe('age_group=15-29;sex=F');
  });

  it('keeps approved and published values locked against draft and submitted imports', async () => {
    await importText(store, `${HEADER}\narrests,PAN,2016,,police,500\narrests,PAN,2017,,police,600\n`, {
      file: 'official.csv',
      status: 'published',
    });
    const values = await countValues(store);
    const batches = await countBatches(store);
    const refused = await failure(
      importText(
        store,
        `${HEADER}\narrests,PAN,2016,,police,500\narrests,PAN,2017,,police,610\narrests,PAN,2018,,police,700\n`,
        {
          file: 'draft.csv',
          status: 'draft',
        },
      ),
    );
    expect(refused.issues).toEqual([
      expect.objectContaining({
        file: 'draft.csv',
        line: 3,
        field: 'value',
        message: expect.stringContaining('published (locked)'),
      }),
    ]);
    expect([await countValues(store), await countBatches(store)]).toEqual([values, batches]);
    // the same values again change nothing, so they pass; an approver's approved import may correct
    const same = await importText(store, `${HEADER}\narrests,PAN,2016,,police,500\n`, {
      status: 'submitted',
    });
    expect(same).toMatchObject({ unchanged: 1 });
    const corrected = await importText(store, `${HEADER}\narrests,PAN,2017,,police,610\n`, {
      status: 'approved',
    });
    expect(corrected).toMatchObject({ updated: 1 });
    // sent back to submitted, the value takes drafts again
    await moveStatus(store, { orgUnit: 'PAN', period: '2017' }, 'submitted', 'back');
    const draft = await importText(store, `${HEADER}\narrests,PAN,2017,,police,615\n`, { status: 'draft' });
    expect(draft).toMatchObject({ updated: 1 });
  });

  it('counts an update that follows an unchanged row as an update (not an insert)', async () => {
    const first = [
      HEADER,
      'arrests,CRI,2016,,police,10',
      'arrests,CRI,2017,,police,20',
      'arrests,CRI,2018,,police,30',
    ];
    await importText(store, first.join('\n'), { file: 'first.csv' });
    const values = await countValues(store);
    // a new row first (the writer's fast path), then unchanged, changed, unchanged
    const second = [
      HEADER,
      'arrests,CRI,2019,,police,40',
      'arrests,CRI,2016,,police,10',
      'arrests,CRI,2017,,police,21',
      'arrests,CRI,2018,,police,30',
    ];
    const result = await importText(store, second.join('\n'), { file: 'second.csv' });
    expect(result).toMatchObject({ rows: 4, inserted: 1, updated: 1, unchanged: 2 });
    expect(await countValues(store)).toBe(values + 1);
  });
});

describeStores('import counts on a fresh store', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
  });
  afterAll(async () => dispose());

  it('counts an insert right after an update, even when its row id equals the batch id', async () => {
    // Batch 1 writes row 1; batch 2 updates it, then inserts a value that gets row id 2 = batch 2.
    expect(await importText(store, `${HEADER}\npopulation,CHL,2012,,census,1\n`)).toMatchObject({
      inserted: 1,
    });
    expect(
      await importText(store, `${HEADER}\npopulation,CHL,2012,,census,2\npopulation,CHL,2013,,census,3\n`),
    ).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    expect(
      await importText(
        store,
        `${HEADER}\npopulation,CHL,2012,,census,2\npopulation,CHL,2014,,census,4\npopulation,CHL,2013,,census,5\n`,
      ),
    ).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
  });
});

describe('import transaction', () => {
  it('rolls back when the commit fails', async () => {
    const calls: string[] = [];
    const writer: ValueWriter = {
      begin: () => Promise.resolve(1).finally(() => calls.push('begin')),
      write: () => Promise.resolve().finally(() => calls.push('write')),
      finish: () => Promise.reject(new Error('disk full')),
      rollback: () => Promise.resolve().finally(() => calls.push('rollback')),
    };
    const references = {
      elements: new Map(),
      orgUnits: new Map(),
      sources: new Map(),
    } as unknown as ImportReferences;
    await expect(importCanonicalCsv(bytes(`${HEADER}\n`), references, writer)).rejects.toThrow('disk full');
    expect(calls).toEqual(['begin', 'rollback']);
  });
});
