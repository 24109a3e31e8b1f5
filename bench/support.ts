/**
 * What the benches share: a fresh store with given org units, the peak resident memory, and the
 * raw bulk insert every import is compared with.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { from as copyFrom } from 'pg-copy-streams';
import { loadImportReferences } from '../src/data/import-references.store.ts';
import type { OrgUnit } from '../src/geography/org-unit.ts';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import { openStore, type Dialect, type Store } from '../src/store/store.ts';
import { createTestDatabase } from '../test/support/stores.ts';

/** A fresh store (a throwaway database) holding the catalogue and these org units. */
export async function freshStore(
  dialect: Dialect,
  units: readonly OrgUnit[],
): Promise<{ store: Store; drop: () => Promise<void> }> {
  const db = await createTestDatabase(dialect);
  const store = openStore(db.location);
  await prepareStore(store);
  await saveOrgUnits(store.db, units, { synthetic: true });
  return {
    store,
    drop: async () => {
      await store.close();
      await db.drop();
    },
  };
}

/** The peak resident memory of the process between start and stop (sampled every 50 ms). */
export class PeakMemory {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  start(): void {
    this.peak = process.memoryUsage.rss();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }, 50);
  }
  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage.rss());
  }
}

/**
 * The raw bulk insert of a canonical CSV file: plain split, code → id maps, no checks, no upsert,
 * no history; a prepared INSERT in one transaction on SQLite, COPY on PostgreSQL. Seconds.
 */
export async function rawInsert(
  dialect: Dialect,
  units: readonly OrgUnit[],
  file: string,
  n: number,
): Promise<number> {
  const { store, drop } = await freshStore(dialect, units);
  try {
    const refs = await loadImportReferences(store.db);
    const elements = new Map([...refs.elements].map(([code, e]) => [code, e.id]));
    const units = new Map([...refs.orgUnits].map(([code, u]) => [code, u.id]));
    const batch = await store.db
      .insertInto('import_batch')
      .values({
        created_at: new Date().toISOString(),
        kind: 'bench',
        file_name: file,
        checksum: null,
        row_count: n,
        inserted: n,
        updated: 0,
        unchanged: 0,
        created_by: null,
        note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Created right before reading: readline drops the lines emitted before iteration begins.
    const readLines = () =>
      createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    const started = performance.now();
    let count = 0;
    if (store.dialect === 'sqlite') {
      const Database = (await import('better-sqlite3')).default;
      const connection = new Database(store.sqlite.name);
      connection.pragma('foreign_keys = ON');
      connection.pragma('synchronous = NORMAL');
      const insert = connection.prepare(
        `INSERT INTO data_value (element_id, org_unit_id, period, disaggregation, source_id, value, status, batch_id, row_number, revision) VALUES (?, ?, ?, ?, ?, ?, 'published', ${batch.id}, ?, 1)`,
      );
      connection.exec('BEGIN');
      let line = 0;
      for await (const text of readLines()) {
        line += 1;
        if (line === 1) continue;
        const f = text.split(',');
        insert.run(
          elements.get(f[0]!),
          units.get(f[1]!),
          f[2],
          f[3],
          refs.sources.get(f[4]!),
          Number(f[5]),
          line,
        );
        count += 1;
      }
      connection.exec('COMMIT');
      connection.close();
    } else {
      const client = await store.pool.connect();
      await client.query('BEGIN');
      const copy = client.query(
        copyFrom(
          'COPY data_value (element_id, org_unit_id, period, disaggregation, source_id, value, status, batch_id, row_number, revision) FROM STDIN',
        ),
      );
      const done = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      let line = 0;
      let text = '';
      for await (const l of readLines()) {
        line += 1;
        if (line === 1) continue;
        const f = l.split(',');
        text += `${elements.get(f[0]!)}\t${units.get(f[1]!)}\t${f[2]}\t${f[3]}\t${refs.sources.get(f[4]!)}\t${f[5]}\tpublished\t${batch.id}\t${line}\t1\n`;
        count += 1;
        if (count % 5000 === 0) {
          if (!copy.write(text)) await once(copy, 'drain');
          text = '';
        }
      }
      copy.end(text);
      await done;
      await client.query('COMMIT');
      client.release();
    }
    if (count !== n) throw new Error(`raw insert wrote ${count} of ${n}`);
    return (performance.now() - started) / 1000;
  } finally {
    await drop();
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const fmt = (n: number): string => Math.round(n).toLocaleString('en');
