import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, describeStores } from '../../test/support/stores.ts';
import { openStore, type Store } from './store.ts';
import { MIGRATIONS, migrateDown, migrateToLatest, migrationStatus } from './migrations.ts';

async function tableNames(store: Store): Promise<string[]> {
  const tables = await store.db.introspection.getTables();
  return tables
    .map((t) => t.name)
    .filter((n) => !n.startsWith('store_migration'))
    .sort();
}

describeStores('migrations', (dialect) => {
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createTestDatabase(dialect);
    drop = created.drop;
    store = openStore(created.location);
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('runs every migration up, in name order, then reports them executed', async () => {
    const ran = await migrateToLatest(store);
    expect(ran).toEqual(Object.keys(MIGRATIONS).sort());
    expect(await tableNames(store)).toEqual([
      'account',
      'account_grant',
      'account_session',
      'api_token',
      'audit_entry',
      'data_change',
      'data_element',
      'data_value',
      'data_value_revision',
      'dimension',
      'import_batch',
      'indicator',
      'intervention',
      'org_unit',
      'org_unit_boundary',
      'org_unit_crosswalk',
      'org_unit_group',
      'org_unit_group_member',
      'source',
      'source_preference',
      'store_meta',
      'validation_rule',
    ]);
    const status = await migrationStatus(store);
    expect(status.every((m) => m.executedAt !== undefined)).toBe(true);
    expect(await migrateToLatest(store)).toEqual([]);
  });

  it('migrates down one step and all the way, and up again', async () => {
    const names = Object.keys(MIGRATIONS).sort();
    const columns = async (table: string) =>
      (await store.db.introspection.getTables()).find((t) => t.name === table)?.columns.map((c) => c.name);
    expect(await tableNames(store)).toContain('validation_rule');
    expect(await migrateDown(store)).toEqual([names.at(-1)]);
    expect(await tableNames(store)).not.toContain('validation_rule');
    expect(await columns('data_value_revision')).toContain('deleted');
    expect(await migrateDown(store)).toEqual([names.at(-2)]);
    expect(await columns('data_value_revision')).not.toContain('deleted');
    expect(await columns('import_batch')).not.toContain('rolled_back_by');
    expect(await migrateDown(store)).toEqual([names.at(-3)]);
    expect(await tableNames(store)).not.toContain('org_unit_boundary');
    expect(await tableNames(store)).toContain('source_preference');
    expect(await migrateDown(store)).toEqual([names.at(-4)]);
    expect(await tableNames(store)).not.toContain('source_preference');
    expect(await tableNames(store)).toContain('intervention');
    expect(await migrateDown(store)).toEqual([names.at(-5)]);
    expect(await tableNames(store)).not.toContain('intervention');
    expect(await migrateDown(store)).toEqual([names.at(-6)]);
    const left = await tableNames(store);
    expect(left).toContain('audit_entry');
    for (const table of ['account', 'account_grant', 'account_session', 'api_token']) {
      expect(left).not.toContain(table);
    }
    expect(await migrateDown(store)).toEqual([names.at(-7)]);
    expect(await tableNames(store)).not.toContain('audit_entry');
    expect(await migrateDown(store)).toEqual([names.at(-8)]);
    expect(await tableNames(store)).not.toContain('data_change');
    await migrateDown(store, { all: true });
    expect(await tableNames(store)).toEqual([]);
    expect(await migrateToLatest(store)).toEqual(names);
  });

  it('keeps the previous version of a value in the revision history (trigger)', async () => {
    await store.db
      .insertInto('data_element')
      .values({
        code: 'x',
        name: '{}',
        definition: '{}',
        value_type: 'count',
        unit: 'persons',
        time_aggregation: 'sum',
        space_aggregation: '{"kind":"sum"}',
        dimensions: '[]',
        iccs: null,
      })
      .execute();
    await store.db
      .insertInto('org_unit')
      .values({
        code: 'AME',
        parent_id: null,
        level: 'americas',
        depth: 0,
        name: '{}',
        valid_from: null,
        valid_to: null,
        external_codes: '{}',
        synthetic: 0,
      })
      .execute();
    await store.db.insertInto('source').values({ code: 's', name: '{}' }).execute();
    for (const id of [1, 2]) {
      await store.db
        .insertInto('import_batch')
        .values({
          created_at: '2026-01-01T00:00:00Z',
          kind: 'test',
          file_name: null,
          checksum: null,
          row_count: 1,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          created_by: null,
          note: String(id),
        })
        .execute();
    }
    const key = { element_id: 1, org_unit_id: 1, period: '2020', disaggregation: '', source_id: 1 };
    await store.db
      .insertInto('data_value')
      .values({ ...key, value: 10, status: 'draft', batch_id: 1, row_number: 2, revision: 1 })
      .execute();
    // no change → no revision
    await store.db.updateTable('data_value').set({ value: 10 }).execute();
    await store.db.updateTable('data_value').set({ value: 12, batch_id: 2, revision: 2 }).execute();
    await store.db.updateTable('data_value').set({ status: 'submitted', revision: 3 }).execute();
    const revisions = await store.db
      .selectFrom('data_value_revision')
      .select(['value', 'status', 'batch_id', 'revision', 'superseded_by_batch', 'superseded_at'])
      .orderBy('id')
      .execute();
    expect(revisions.map(({ superseded_at: _, ...r }) => r)).toEqual([
      { value: 10, status: 'draft', batch_id: 1, revision: 1, superseded_by_batch: 2 },
      { value: 12, status: 'draft', batch_id: 2, revision: 2, superseded_by_batch: null },
    ]);
    expect(revisions[0]?.superseded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    await expect(sql`update data_value set status = 'lost'`.execute(store.db)).rejects.toThrow();
    // a deletion keeps the last version too, marked deleted, with the newest change and its batch
    await store.db
      .insertInto('data_change')
      .values({ created_at: '2026-01-01T00:00:00Z', kind: 'import', batch_id: 2 })
      .execute();
    await store.db.deleteFrom('data_value').execute();
    const last = await store.db
      .selectFrom('data_value_revision')
      .select([
        'value',
        'status',
        'batch_id',
        'revision',
        'superseded_by_batch',
        'superseded_by_change',
        'deleted',
      ])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({
      value: 12,
      status: 'submitted',
      batch_id: 2,
      revision: 3,
      superseded_by_batch: 2,
      superseded_by_change: 1,
      deleted: 1,
    });
  });
});

describeStores('schema constraints', (dialect) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createTestDatabase(dialect);
    drop = created.drop;
    store = openStore(created.location);
    await migrateToLatest(store);
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('refuses a unit whose validity ends before it starts, and a crosswalk share outside (0, 1]', async () => {
    const unit = (code: string, from: string | null, to: string | null) =>
      store.db
        .insertInto('org_unit')
        .values({
          code,
          parent_id: null,
          level: 'americas',
          depth: 0,
          name: '{}',
          valid_from: from,
          valid_to: to,
          external_codes: '{}',
          synthetic: 0,
        })
        .execute();
    await unit('A', '2010-01-01', null);
    await unit('B', '2000-01-01', '2010-01-01');
    await expect(unit('C', '2010-01-01', '2010-01-01')).rejects.toThrow(/org_unit_validity|CHECK/i);
    const share = (value: number) =>
      store.db
        .insertInto('org_unit_crosswalk')
        .values({ from_unit_id: 2, to_unit_id: 1, date: '2010-01-01', share: value, event: 'merge' })
        .execute();
    await share(1);
    await expect(share(0)).rejects.toThrow(/org_unit_crosswalk_share|CHECK/i);
    await expect(share(1.5)).rejects.toThrow(/org_unit_crosswalk_share|CHECK/i);
  });
});
