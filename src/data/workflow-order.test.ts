/**
 * Approval bottom-up and withdrawal top-down on a real store: Mexico's national figure for 2020
 * waits for its states' 2020 values (and the months within 2020), a state's approval cannot be
 * withdrawn under an approved national figure, other elements and periods are not in the way, and
 * a refused move changes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveOrgUnits } from '../geography/geography.store.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { HEADER, importText } from '../../test/support/fixtures.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { moveStatus } from './data-values.store.ts';
import { WorkflowOrderError } from './value-status.ts';

const UNIT = (code: string, parentCode: string, level: 'division' | 'municipality') => ({
  code,
  parentCode,
  level,
  name: { en: code, es: code, pt: code, fr: code },
  validFrom: null,
  validTo: null,
});

async function refusal(promise: Promise<unknown>): Promise<WorkflowOrderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowOrderError) return error;
    throw error;
  }
  throw new Error('expected the move to be refused');
}

describeStores('workflow order over the hierarchy', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;

  const statuses = async () => {
    const rows = await store.db
      .selectFrom('data_value as v')
      .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
      .innerJoin('data_element as e', 'e.id', 'v.element_id')
      .select(['u.code', 'e.code as element', 'v.period', 'v.status'])
      .orderBy('u.code')
      .orderBy('e.code')
      .orderBy('v.period')
      .execute();
    return rows.map((r) => `${r.code} ${r.element} ${r.period} ${r.status}`);
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [
      UNIT('MEX.09', 'MEX', 'division'),
      UNIT('MEX.09015', 'MEX.09', 'municipality'),
      UNIT('MEX.14', 'MEX', 'division'),
    ]);
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,MEX,2020,,police,35000',
        'homicide_victims,MEX,2019,,police,36000',
        'homicide_victims,MEX.09,2020,,police,1000',
        'homicide_victims,MEX.14,2020,,police,2000',
        'homicide_victims,MEX.09015,2020-03,,police,9',
        'homicide_victims,MEX.09015,2021-03,,police,8',
        'population,MEX.14,2020,,census,8000000',
      ].join('\n'),
      { status: 'submitted' },
    );
  });
  afterAll(async () => dispose());

  it('refuses to approve a national figure while its states and their months are behind, and moves nothing', async () => {
    const before = await statuses();
    const error = await refusal(
      moveStatus(store, { orgUnit: 'MEX', period: '2020', element: 'homicide_victims' }, 'approved'),
    );
    // the other element (population) and the other year (2021-03) are not in the way
    expect(error.blocking).toEqual([
      { orgUnit: 'MEX.09', period: '2020', status: 'submitted', count: 1 },
      { orgUnit: 'MEX.09015', period: '2020-03', status: 'submitted', count: 1 },
      { orgUnit: 'MEX.14', period: '2020', status: 'submitted', count: 1 },
    ]);
    expect(error.message).toContain('MEX 2020 cannot be approved before the units below it');
    expect(await statuses()).toEqual(before);
    // 2019 has nothing below it: it may go ahead alone
    expect(await moveStatus(store, { orgUnit: 'MEX', period: '2019' }, 'approved')).toBe(1);
  });

  it('approves bottom-up, publishes bottom-up, and withdraws top-down', async () => {
    expect(await moveStatus(store, { orgUnit: 'MEX.09015', period: '2020-03' }, 'approved')).toBe(1);
    expect(await moveStatus(store, { orgUnit: 'MEX.09', period: '2020' }, 'approved')).toBe(1);
    // MEX.14 still submitted (its population is not in the way: MEX moves no population)
    const still = await refusal(moveStatus(store, { orgUnit: 'MEX', period: '2020' }, 'approved'));
    expect(still.blocking).toEqual([{ orgUnit: 'MEX.14', period: '2020', status: 'submitted', count: 1 }]);
    expect(await moveStatus(store, { orgUnit: 'MEX.14', period: '2020' }, 'approved')).toBe(2);
    expect(await moveStatus(store, { orgUnit: 'MEX', period: '2020' }, 'approved')).toBe(1);

    // publishing waits for the approved parts to be published
    const publish = await refusal(moveStatus(store, { orgUnit: 'MEX', period: '2020' }, 'published'));
    expect(publish.blocking.map((b) => `${b.orgUnit} ${b.period} ${b.status}`)).toEqual([
      'MEX.09 2020 approved',
      'MEX.09015 2020-03 approved',
      'MEX.14 2020 approved',
    ]);

    // withdrawing a state's approval waits for the national approval to be withdrawn first
    const withdraw = await refusal(
      moveStatus(store, { orgUnit: 'MEX.09', period: '2020' }, 'submitted', 'back'),
    );
    expect(withdraw.blocking).toEqual([{ orgUnit: 'MEX', period: '2020', status: 'approved', count: 1 }]);
    expect(withdraw.message).toContain('(top-down)');
    // a municipality's month sits under the national year too
    const month = await refusal(
      moveStatus(store, { orgUnit: 'MEX.09015', period: '2020-03' }, 'submitted', 'back'),
    );
    expect(month.blocking.map((b) => b.orgUnit)).toEqual(['MEX', 'MEX.09']);
    expect(await moveStatus(store, { orgUnit: 'MEX', period: '2020' }, 'submitted', 'back')).toBe(1);
    expect(await moveStatus(store, { orgUnit: 'MEX.09', period: '2020' }, 'submitted', 'back')).toBe(1);

    // a move of every period of a unit checks each period it would move
    const all = await refusal(moveStatus(store, { orgUnit: 'MEX', element: 'homicide_victims' }, 'approved'));
    expect(all.blocking).toEqual([{ orgUnit: 'MEX.09', period: '2020', status: 'submitted', count: 1 }]);
    // returning a submission and submitting are free
    expect(await moveStatus(store, { orgUnit: 'MEX.09', period: '2020' }, 'draft', 'back')).toBe(1);
    expect(await moveStatus(store, { orgUnit: 'MEX', period: '2020' }, 'draft', 'back')).toBe(1);
    expect(await moveStatus(store, { orgUnit: 'MEX', period: '2020' }, 'submitted')).toBe(1);
  });
});
