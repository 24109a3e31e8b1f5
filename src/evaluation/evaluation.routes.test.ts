import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStore } from '../setup/store-setup.ts';
import { openStore, type Store } from '../store/store.ts';
import { createApp } from '../server/app.ts';
import { poissonDraw, seededUniform } from './seeded-poisson.ts';

const TOKEN = 'evaluation-test-operator-token-0123456789';

function monthlySeries(): string {
  const uniform = seededUniform(11);
  const lines = ['period,deaths,population'];
  for (let k = 0; k < 48; k++) {
    const period = `${2018 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
    lines.push(`${period},${poissonDraw(uniform, 300 * (k >= 24 ? 0.7 : 1))},50000`);
  }
  return lines.join('\n') + '\n';
}

describe('POST /api/evaluation/*', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const post = (path: string, body: unknown, token: string | null = TOKEN) =>
    app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    store = openStore(':memory:');
    await prepareStore(store);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
  });
  afterAll(async () => store.close());

  it('runs an interrupted time series in a worker thread and answers with the result and a summary in four languages', async () => {
    const res = await post('/api/evaluation/its', {
      csv: monthlySeries(),
      time: 'period',
      outcome: 'deaths',
      start: '2020-01',
      exposure: 'population',
      family: 'poisson',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      method: string;
      result: { levelChange: { rateRatio: number; lower: number; upper: number } };
      summary: { headline: Record<string, string> };
    };
    expect(body.method).toBe('its');
    expect(body.result.levelChange.lower).toBeLessThan(0.7);
    expect(body.result.levelChange.upper).toBeGreaterThan(0.7);
    expect(Object.keys(body.summary.headline).sort()).toEqual(['en', 'es', 'fr', 'pt']);
    expect(body.summary.headline['es']).toContain('2020-01');
  });

  it('runs a 2×2 difference-in-differences', async () => {
    const csv =
      'unit,year,y,treated\nA,1,1,1\nA,2,5,1\nB,1,2,1\nB,2,7,1\nC,1,1,0\nC,2,2,0\nD,1,3,0\nD,2,4,0\n';
    const res = await post('/api/evaluation/did', {
      csv,
      unit: 'unit',
      time: 'year',
      outcome: 'y',
      treated: 'treated',
      postFrom: 2,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { estimate: number } }).result.estimate).toBeCloseTo(3.5, 10);
  });

  it('answers a bad panel with 400 and the line and column of each problem', async () => {
    const res = await post('/api/evaluation/its', {
      csv: 'period,deaths\n2020-01,5\n2020-02,five\n',
      time: 'period',
      outcome: 'deaths',
      start: '2020-02',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; issues: { line: number; column: number }[] };
    };
    expect(body.error.code).toBe('validation');
    expect(body.error.issues[0]).toMatchObject({ line: 3, column: 2 });
  });

  it('refuses anonymous callers and requests without the required fields', async () => {
    expect((await post('/api/evaluation/scm', { csv: 'a\n1\n' }, null)).status).toBe(401);
    expect((await post('/api/evaluation/scm', { csv: 'a\n1\n' })).status).toBe(400);
  });
});
