/**
 * The interventions register on both dialects: register, read, list, change and remove, with
 * validation against the stored units and catalogue, scope refusals, and an audit entry per write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { listAudit } from '../access/audit-log.store.ts';
import { demoOrgUnits } from '../demo/demo-geography.ts';
import { saveOrgUnits } from '../geography/geography.store.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../kernel/errors.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { registerScope, type InterventionInput } from './intervention.ts';
import {
  createIntervention,
  deleteIntervention,
  getIntervention,
  listInterventions,
  updateIntervention,
} from './interventions.store.ts';

const BY = { actor: 'cli:tester', origin: 'cli' };

const BASE: InterventionInput = {
  code: 'barrios_test',
  name: 'Barrios de prueba',
  description: 'Programa de prevención — descripción libre en español.',
  type: 'project',
  country: 'HND',
  start: '2016-01',
  indicators: ['homicide_rate'],
  units: ['HND.01001', { unit: 'HND.02001', start: '2016-07' }],
};

async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.field}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describeStores('interventions register', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, demoOrgUnits({ countries: ['HND', 'COL'] }), { synthetic: true });
  });
  afterAll(async () => dispose());

  it('registers an intervention with staggered starts and reads it back', async () => {
    const created = await createIntervention(store, BASE, BY);
    expect(created).toMatchObject({
      code: 'barrios_test',
      type: 'project',
      country: 'HND',
      start: '2016-01',
      end: null,
      indicators: ['homicide_rate'],
      units: [
        { unit: 'HND.01001', start: '2016-01' },
        { unit: 'HND.02001', start: '2016-07' },
      ],
      donors: [],
      synthetic: false,
      createdBy: 'cli:tester',
      updatedBy: 'cli:tester',
    });
    expect(created.description).toBe(BASE.description);
    expect(await getIntervention(store.db, 'barrios_test')).toEqual(created);
    const audit = await listAudit(store.db, { action: 'intervention.create' });
    expect(audit.map((a) => a.target)).toEqual(['intervention:barrios_test']);
  });

  it('refuses a second intervention with the same code', async () => {
    await expect(createIntervention(store, BASE, BY)).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses bad codes, types, months, unknown units and indicators, each by field', async () => {
    const issues = await issuesOf(
      createIntervention(
        store,
        {
          ...BASE,
          code: 'Bad Code!',
          type: 'programme',
          start: '2016',
          end: '2015-13',
          indicators: ['homicide_rate', 'no_such_indicator'],
          units: ['HND.01001', 'HND.99999', 'COL.01001'],
          donors: ['HND.01001', 'XXX.1'],
        },
        BY,
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^code: "Bad Code!" is not a code/),
        expect.stringMatching(/^type: "programme" is not a type/),
        expect.stringMatching(/^start: "2016" is not a month code/),
        expect.stringMatching(/^end: "2015-13" is not a month code/),
        'indicators: unknown indicator "no_such_indicator" (see the catalogue)',
        'units: unknown org unit "HND.99999"',
        'units: COL.01001 is not a unit within HND',
        'donors: HND.01001 is treated: it cannot also be a comparison unit',
        'donors: unknown org unit "XXX.1"',
      ]),
    );
    expect(await issuesOf(createIntervention(store, { ...BASE, code: 'x', end: '2015-06' }, BY))).toContain(
      'end: the end (2015-06) is before the start (2016-01)',
    );
    expect(
      await issuesOf(createIntervention(store, { ...BASE, code: 'x', country: 'HND.01001' }, BY)),
    ).toContain('country: "HND.01001" is not a member state code');
    expect(
      await issuesOf(
        createIntervention(
          store,
          { ...BASE, code: 'x', units: [{ unit: 'HND.01001', start: '2015-01' }] },
          BY,
        ),
      ),
    ).toContain('units: HND.01001 starts (2015-01) before the intervention (2016-01)');
  });

  it('lists by country and type', async () => {
    await createIntervention(
      store,
      { ...BASE, code: 'cuadrantes_test', type: 'strategy', country: 'COL', units: ['COL.01001'] },
      BY,
    );
    expect((await listInterventions(store.db)).map((i) => i.code)).toEqual([
      'barrios_test',
      'cuadrantes_test',
    ]);
    expect((await listInterventions(store.db, { country: 'COL' })).map((i) => i.code)).toEqual([
      'cuadrantes_test',
    ]);
    expect((await listInterventions(store.db, { type: 'project' })).map((i) => i.code)).toEqual([
      'barrios_test',
    ]);
  });

  it('changes an intervention: units that started with it move with its start; audited', async () => {
    const updated = await updateIntervention(
      store,
      'barrios_test',
      { start: '2016-03', end: '2019-12', donors: ['HND.03001'] },
      { actor: 'user:2:ana (session)', origin: '10.0.0.1' },
    );
    expect(updated.units).toEqual([
      { unit: 'HND.01001', start: '2016-03' },
      { unit: 'HND.02001', start: '2016-07' },
    ]);
    expect(updated).toMatchObject({
      end: '2019-12',
      donors: ['HND.03001'],
      updatedBy: 'user:2:ana (session)',
    });
    expect(updated.createdBy).toBe('cli:tester');
    const [entry] = await listAudit(store.db, { action: 'intervention.update' });
    expect(entry).toMatchObject({ target: 'intervention:barrios_test', origin: '10.0.0.1' });
    expect(JSON.parse(entry!.detail)).toEqual({ changed: ['start', 'end', 'donors'] });
    const issues = await issuesOf(updateIntervention(store, 'barrios_test', { end: '2015-01' }, BY));
    expect(issues).toContain('end: the end (2015-01) is before the start (2016-03)');
    await expect(updateIntervention(store, 'nothing', { name: 'x' }, BY)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  describe('scope', () => {
    const approverOf = (scope: string) =>
      registerScope({
        kind: 'user',
        userId: 9,
        name: 'approver',
        email: 'a@example.org',
        grants: [{ role: 'approver', scope }],
        credential: 'session',
        readOnly: false,
      });

    it('lets an approver write in their member state and refuses them another', async () => {
      const hnd = approverOf('HND');
      await expect(
        createIntervention(
          store,
          { ...BASE, code: 'col_by_hnd', country: 'COL', units: ['COL.02001'] },
          BY,
          hnd,
        ),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(
        updateIntervention(store, 'cuadrantes_test', { name: 'x' }, BY, hnd),
      ).rejects.toBeInstanceOf(ForbiddenError);
      await expect(deleteIntervention(store, 'cuadrantes_test', BY, hnd)).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      // moving one's own intervention to another member state is refused too
      await expect(
        updateIntervention(
          store,
          'barrios_test',
          { country: 'COL', units: ['COL.02001'], donors: [] },
          BY,
          hnd,
        ),
      ).rejects.toBeInstanceOf(ForbiddenError);
      const own = await createIntervention(
        store,
        { ...BASE, code: 'hnd_by_hnd', units: ['HND.05001'] },
        BY,
        hnd,
      );
      expect(own.country).toBe('HND');
      // an approver of a division does not cover the member state
      await expect(
        createIntervention(store, { ...BASE, code: 'div', units: ['HND.01001'] }, BY, approverOf('HND.01')),
      ).rejects.toBeInstanceOf(ForbiddenError);
      expect(registerScope({ kind: 'anonymous' })).toEqual({ kind: 'nowhere' });
      expect(
        registerScope({
          kind: 'user',
          userId: 3,
          name: 'c',
          email: null,
          grants: [{ role: 'contributor', scope: 'HND' }],
          credential: 'session',
          readOnly: false,
        }),
      ).toEqual({ kind: 'nowhere' });
    });
  });

  it('removes an intervention, audited', async () => {
    await deleteIntervention(store, 'hnd_by_hnd', BY);
    await expect(getIntervention(store.db, 'hnd_by_hnd')).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteIntervention(store, 'hnd_by_hnd', BY)).rejects.toBeInstanceOf(NotFoundError);
    const entries = await listAudit(store.db, { action: 'intervention.delete' });
    expect(entries.map((e) => e.target)).toEqual(['intervention:hnd_by_hnd']);
  });
});
