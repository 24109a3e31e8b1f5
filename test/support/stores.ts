/**
 * One suite, every database (the Kysely habit): store tests call `describeStores` and run once per
 * dialect on a fresh, real database. `ATALAYA_TEST_DIALECTS=sqlite,postgres` chooses the dialects
 * (default: sqlite, plus postgres when `ATALAYA_TEST_PG_URL` is set); PostgreSQL needs
 * `ATALAYA_TEST_PG_URL`, a URL of a server where the test user may create databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openStore, type Dialect, type Store } from '../../src/store/store.ts';
import { migrateToLatest } from '../../src/store/migrations.ts';

export function testDialects(): Dialect[] {
  const asked = process.env['ATALAYA_TEST_DIALECTS'];
  const dialects = (asked ?? (process.env['ATALAYA_TEST_PG_URL'] ? 'sqlite,postgres' : 'sqlite'))
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  for (const d of dialects) {
    if (d !== 'sqlite' && d !== 'postgres') throw new Error(`ATALAYA_TEST_DIALECTS: unknown dialect "${d}"`);
  }
  if (dialects.includes('postgres') && !process.env['ATALAYA_TEST_PG_URL']) {
    throw new Error('ATALAYA_TEST_DIALECTS asks for postgres but ATALAYA_TEST_PG_URL is not set');
  }
  return dialects as Dialect[];
}

let counter = 0;

/** A fresh empty database of the dialect, and a function that throws it away. */
export async function createTestDatabase(
  dialect: Dialect,
): Promise<{ location: string; drop: () => Promise<void> }> {
  counter += 1;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'atalaya-test-'));
    return {
      location: join(dir, 'test.db'),
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const adminUrl = process.env['ATALAYA_TEST_PG_URL'];
  if (adminUrl === undefined) throw new Error('ATALAYA_TEST_PG_URL is not set');
  const name = `atalaya_t_${process.pid}_${Date.now().toString(36)}_${counter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    location: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh store of the dialect with every migration applied. */
export async function createTestStore(
  dialect: Dialect,
): Promise<{ store: Store; location: string; dispose: () => Promise<void> }> {
  const { location, drop } = await createTestDatabase(dialect);
  const store = openStore(location);
  await migrateToLatest(store);
  return {
    store,
    location,
    dispose: async () => {
      await store.close();
      await drop();
    },
  };
}

/** Runs `body` once per test dialect, inside a `describe` named after it. */
export function describeStores(name: string, body: (dialect: Dialect) => void): void {
  for (const dialect of testDialects()) {
    describe(`${name} [${dialect}]`, () => {
      body(dialect);
    });
  }
}
