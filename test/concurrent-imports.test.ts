/**
 * Many clients importing at once through one server: every import succeeds (writes of one process
 * wait in its write queue instead of answering 503 busy), and every value is written.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { countBatches, countValues, HEADER } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const TOKEN = 'concurrent-imports-token-0123456789';
const CLIENTS = 200;
const STATES = ['ARG', 'BRA', 'CHL', 'COL', 'MEX', 'PER', 'URY', 'HND', 'GTM', 'SLV'];

describeStores('concurrent imports on one server', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
  });
  afterAll(async () => dispose());

  it(`imports from ${CLIENTS} concurrent clients, and status moves among them, without a 503`, async () => {
    const imports = Array.from({ length: CLIENTS }, (_, i) => {
      const unit = STATES[i % STATES.length]!;
      const period = `${2000 + Math.floor(i / STATES.length)}`;
      return app.request(`/api/data-values/import?fileName=c${i}.csv`, {
        method: 'POST',
        body: `${HEADER}\nfirearms_marked,${unit},${period},,ministry,${i}\nfirearms_destroyed,${unit},${period},,ministry,${i}\n`,
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` },
      });
    });
    const moves = STATES.map((orgUnit) =>
      app.request('/api/data-values/status', {
        method: 'POST',
        body: JSON.stringify({ orgUnit, to: 'submitted' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      }),
    );
    const responses = await Promise.all([...imports, ...moves]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await countBatches(store)).toBe(CLIENTS);
    expect(await countValues(store)).toBe(CLIENTS * 2);
  });
});
