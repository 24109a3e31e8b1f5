/**
 * Load: a real `atalaya serve` process on a fresh store, 200 concurrent connections for 60 s
 * (`ATALAYA_LOAD_SECONDS` overrides for local runs; CI runs the full minute on both stores),
 * mixing reads (raw values, analytics, catalogue, geography, health) with imports (one request in
 * ten, each two new values with keys no other import uses). Nothing may fail: no connection
 * error, no timeout, no status other than 2xx, and no connection closed under a client.
 *
 * The clients connect before the load starts (`closedLoopLoad` says why). What each import did is
 * checked in the store afterwards: it holds exactly two values per import (no lost writes), and
 * analytics sums them all.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberStateCodes } from '../src/geography/member-states.ts';
import { MAX_YEAR } from '../src/periods/period-code.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import { migrateToLatest } from '../src/store/migrations.ts';
import { openStore } from '../src/store/store.ts';
import { serverPort, startAtalaya } from './support/cli.ts';
import { closedLoopLoad, type LoadRequest } from './support/closed-loop-load.ts';
import { HEADER } from './support/fixtures.ts';
import { createTestDatabase, testDialects } from './support/stores.ts';

const TOKEN = 'load-test-admin-token-0123456789';
const SECONDS = Number(process.env['ATALAYA_LOAD_SECONDS'] ?? 60);
/** `ATALAYA_LOAD_CONNECTIONS` overrides for local diagnosis; CI runs 200. */
const CONNECTIONS = Number(process.env['ATALAYA_LOAD_CONNECTIONS'] ?? 200);
/**
 * The client's time limit for one request: a slower answer counts as a timeout. The server's own
 * promise: a write waits its turn at most 30 s (`WRITE_QUEUE_MAX_WAIT_MS`), then answers 503. Imports
 * of one store take turns (one writer), so when most of the 200 clients are waiting on an import at
 * once, the last in line waits 200 imports (on PostgreSQL about 4 s; see the figures printed).
 */
const TIMEOUT_SECONDS = 30;
const ROWS_PER_IMPORT = 2;

/** Import number n writes member state n mod 35, month n div 35 from January 1950 (so `last=N` queries stay after 1900): keys never repeat. */
const FIRST_YEAR = 1950;
const CAPACITY = memberStateCodes.length * (MAX_YEAR - FIRST_YEAR + 1) * 12;
function importOf(n: number): { body: string; marked: number; destroyed: number } {
  if (n >= CAPACITY) throw new Error(`more than ${CAPACITY} imports: widen the key space of the load test`);
  const unit = memberStateCodes[n % memberStateCodes.length]!;
  const month = Math.floor(n / memberStateCodes.length);
  const period = `${FIRST_YEAR + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  const marked = (n % 97) + 1;
  const destroyed = (n % 89) + 1;
  return {
    body: `${HEADER}\nfirearms_marked,${unit},${period},,ministry,${marked}\nfirearms_destroyed,${unit},${period},,ministry,${destroyed}\n`,
    marked,
    destroyed,
  };
}

const READS = [
  '/api/data-values?limit=100',
  `/api/analytics?indicator=firearms_marked,firearms_destroyed&level=member_state&last=3`,
  '/api/catalogue/indicators',
  '/api/health',
  '/api/data-values?element=firearms_marked&orgUnit=MEX,BRA&limit=50',
  '/api/analytics?indicator=firearms_marked&orgUnit=AME,CAM,SICA&from=1990&to=2000',
  '/api/catalogue/elements',
  '/api/geography/units?level=member_state',
  '/api/analytics?indicator=firearms_destroyed&parent=SAM&periodType=month&last=12',
];

for (const dialect of testDialects()) {
  describe(`load: ${CONNECTIONS} connections for ${SECONDS} s on one server [${dialect}]`, () => {
    let drop: () => Promise<void>;
    let location: string;
    let server: ChildProcess;
    let port: number;

    beforeAll(async () => {
      const database = await createTestDatabase(dialect);
      ({ drop, location } = database);
      const store = openStore(location);
      await migrateToLatest(store);
      await prepareStore(store);
      await store.close();
      const wanted = 20_000 + Math.floor(Math.random() * 20_000);
      server = startAtalaya(['serve', '--db', location, '--port', String(wanted), '--log-level', 'warn'], {
        ATALAYA_ADMIN_TOKEN: TOKEN,
      });
      port = await serverPort(server);
    }, 120_000);

    afterAll(async () => {
      if (server !== undefined && server.exitCode === null) {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
      await drop();
    });

    it(
      'answers every request, loses no import, and analytics sums every imported value',
      async () => {
        let next = 0;
        const importNumbers = new Map<LoadRequest, number>();
        /** imports answered 200 */
        const answered: number[] = [];
        // Client c starts at request c mod 10 (so imports do not all arrive together), then takes
        // the next in turn; one request in ten is an import.
        const requestOf = (client: number, sent: number): LoadRequest => {
          const turn = (client + sent) % (READS.length + 1);
          if (turn < READS.length) return { method: 'GET', path: READS[turn]! };
          const n = next;
          next += 1;
          const request: LoadRequest = {
            method: 'POST',
            path: '/api/data-values/import?status=published',
            headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` },
            body: importOf(n).body,
          };
          importNumbers.set(request, n);
          return request;
        };
        const result = await closedLoopLoad({
          origin: `http://127.0.0.1:${port}`,
          connections: CONNECTIONS,
          seconds: SECONDS,
          timeoutMs: TIMEOUT_SECONDS * 1000,
          next: requestOf,
          onAnswer: (request, status) => {
            const n = importNumbers.get(request);
            if (n === undefined) return;
            importNumbers.delete(request);
            if (status === 200) answered.push(n);
          },
        });

        const imports = answered.length;
        console.log(
          `load figures ${JSON.stringify({ store: dialect, connections: CONNECTIONS, ...result, importsSent: next, importsAnswered: imports })}`,
        );

        expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({
          errors: 0,
          timeouts: 0,
          non2xx: {},
        });
        expect(result.connectionsOpened).toBe(CONNECTIONS);
        expect(result.requests).toBeGreaterThan(CONNECTIONS * SECONDS);
        expect(imports).toBe(next);

        // No lost write: every import was answered 200, and each one's values are in the store.
        const store = openStore(location);
        let stored: { element: string; orgUnit: string; period: string; value: number }[];
        try {
          stored = (
            await store.db
              .selectFrom('data_value as v')
              .innerJoin('data_element as e', 'e.id', 'v.element_id')
              .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
              .select(['e.code as element', 'u.code as orgUnit', 'v.period', 'v.value'])
              .execute()
          ).map((v) => ({ ...v, value: Number(v.value) }));
        } finally {
          await store.close();
        }
        expect(stored.length).toBe(imports * ROWS_PER_IMPORT);
        const keys = new Set(stored.map((v) => `${v.element} ${v.orgUnit} ${v.period}`));
        const missing = answered.filter((n) => {
          const [, first, second] = importOf(n).body.trim().split('\n');
          return [first!, second!].some((line) => {
            const [element, orgUnit, period] = line.split(',');
            return !keys.has(`${element} ${orgUnit} ${period}`);
          });
        });
        expect(missing).toEqual([]);

        // Analytics sums every stored value (it caught up with every import).
        const analytics = (await (
          await fetch(
            `http://127.0.0.1:${port}/api/analytics?indicator=firearms_marked,firearms_destroyed&orgUnit=AME&from=${FIRST_YEAR}&to=${MAX_YEAR}`,
          )
        ).json()) as { rows: { indicator: string; value: number | null }[] };
        const total = (indicator: string) =>
          analytics.rows.filter((r) => r.indicator === indicator).reduce((sum, r) => sum + (r.value ?? 0), 0);
        const storedTotal = (element: string) =>
          stored.filter((v) => v.element === element).reduce((sum, v) => sum + v.value, 0);
        expect(total('firearms_marked')).toBe(storedTotal('firearms_marked'));
        expect(total('firearms_destroyed')).toBe(storedTotal('firearms_destroyed'));
      },
      (SECONDS + 180) * 1000,
    );
  });
}
