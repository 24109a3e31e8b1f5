/**
 * Two server processes on one PostgreSQL database: a value imported through one shows in the
 * analytics of the other within a second (each keeps its cube fresh from the change log).
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStore } from '../src/setup/store-setup.ts';
import { openStore } from '../src/store/store.ts';
import { migrateToLatest } from '../src/store/migrations.ts';
import { startAtalaya } from './support/cli.ts';
import { HEADER } from './support/fixtures.ts';
import { createTestDatabase, testDialects } from './support/stores.ts';

const TOKEN = 'two-processes-token-0123456789';

async function listening(child: ChildProcess): Promise<number> {
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const match = /on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
    if (match !== null) return Number(match[1]);
  }
  throw new Error(`the server stopped before listening:\n${output}`);
}

describe.runIf(testDialects().includes('postgres'))(
  'analytics across two server processes [postgres]',
  () => {
    let drop: () => Promise<void>;
    const servers: ChildProcess[] = [];
    let ports: number[] = [];

    beforeAll(async () => {
      const database = await createTestDatabase('postgres');
      drop = database.drop;
      const store = openStore(database.location);
      await migrateToLatest(store);
      await prepareStore(store);
      await store.close();
      const base = 20_000 + Math.floor(Math.random() * 20_000);
      for (const port of [base, base + 1]) {
        servers.push(
          startAtalaya(['serve', '--db', database.location, '--port', String(port), '--admin-token', TOKEN]),
        );
      }
      ports = await Promise.all(servers.map(listening));
    }, 60_000);

    afterAll(async () => {
      for (const server of servers) {
        server.kill('SIGTERM');
        if (server.exitCode === null) await once(server, 'exit');
      }
      await drop();
    });

    it('shows a value imported through one process in the other within a second', async () => {
      const [a, b] = ports as [number, number];
      const query = `http://127.0.0.1:${b}/api/analytics?indicator=homicide_rate&orgUnit=HND&period=2012`;
      const before = (await (await fetch(query)).json()) as { rows: unknown[] };
      expect(before.rows).toEqual([]);
      const imported = await fetch(`http://127.0.0.1:${a}/api/data-values/import?status=published`, {
        method: 'POST',
        body: `${HEADER}\nhomicide_victims,HND,2012,,police,7172\npopulation,HND,2012,,census,8640692\n`,
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` },
      });
      expect(imported.status).toBe(200);
      const written = Date.now();
      let rows: { value: number }[] = [];
      while (rows.length === 0 && Date.now() - written < 1000) {
        rows = ((await (await fetch(query)).json()) as { rows: { value: number }[] }).rows;
      }
      expect(Date.now() - written).toBeLessThan(1000);
      expect(rows[0]?.value).toBeCloseTo(83.0026113649231, 10);
    }, 60_000);
  },
);
