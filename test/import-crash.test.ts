/**
 * A process killed with SIGKILL in the middle of an import leaves the store as it was: the whole
 * import is one transaction, on SQLite (WAL) and on PostgreSQL.
 */
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { canonicalCsvLine, CANONICAL_HEADER } from '../src/data/canonical-csv.ts';
import { demoOrgUnits } from '../src/demo/demo-geography.ts';
import { generateDemoRows } from '../src/demo/generate.ts';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { runAtalaya, startAtalaya } from './support/cli.ts';
import { countBatches, countValues, HEADER, importText } from './support/fixtures.ts';
import { createTestDatabase, describeStores } from './support/stores.ts';

const COUNTRIES = ['MEX', 'BRA', 'COL'];
let dir: string;
let bigFile: string;
let bigRows = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atalaya-crash-'));
  bigFile = join(dir, 'big.csv');
  const out = createWriteStream(bigFile);
  out.write(CANONICAL_HEADER + '\n');
  let text = '';
  for (const row of generateDemoRows({ countries: COUNTRIES })) {
    text += canonicalCsvLine(row) + '\n';
    bigRows += 1;
    if (bigRows % 10_000 === 0) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function snapshot(store: Store) {
  const revisions = await store.db
    .selectFrom('data_value_revision')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const sum = await store.db
    .selectFrom('data_value')
    .select((eb) => eb.fn.sum<number>('value').as('s'))
    .executeTakeFirstOrThrow();
  return {
    values: await countValues(store),
    batches: await countBatches(store),
    revisions: Number(revisions.n),
    sum: Number(sum.s),
  };
}

/** Resolves once the child is writing the big import (it has opened its transaction). */
async function importUnderway(store: Store, location: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (store.dialect === 'sqlite') {
      const wal = `${location}-wal`;
      if (existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024) return;
    } else {
      const active = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where query like 'COPY import_staging%' and state = 'active'`.execute(
        store.db,
      );
      if ((active.rows[0]?.n ?? 0) > 0) {
        await new Promise((r) => setTimeout(r, 400));
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the import never got under way');
}

describeStores('SIGKILL during an import', (dialect) => {
  it('leaves the store exactly as it was, and usable', async () => {
    const { location, drop } = await createTestDatabase(dialect);
    let store = openStore(location);
    try {
      await prepareStore(store);
      await saveOrgUnits(store.db, demoOrgUnits({ countries: COUNTRIES }), { synthetic: true });
      // Values already there: the big file updates one of them and adds the rest.
      await importText(store, `${HEADER}\npopulation,MEX,2012,,census,1\npopulation,BRA,2012,,census,2\n`);
      const before = await snapshot(store);

      const child = startAtalaya(['--db', location, 'import', bigFile]);
      const exited = once(child, 'exit');
      await importUnderway(store, location);
      expect(child.exitCode).toBeNull();
      child.kill('SIGKILL');
      const [, signal] = (await exited) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');

      await store.close();
      store = openStore(location);
      expect(await snapshot(store)).toEqual(before);
      if (store.dialect === 'sqlite') {
        expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      }
      // The store takes the same file afterwards.
      const again = await runAtalaya(['--db', location, 'import', bigFile]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^Imported big\.csv as batch \d+: /);
      expect(await countValues(store)).toBe(before.values + bigRows - 2);
    } finally {
      await store.close();
      await drop();
    }
  });
});
