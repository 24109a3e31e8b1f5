/**
 * The register over HTTP on a store loaded with the HND/COL demo: the two planted programmes are
 * registered by the demo loader, writes follow the policy and the writer's scope (audited), and
 * evaluating them from the register recovers the planted effects (Barrios Seguros × 0.75 by ITS
 * against the donors and by synthetic control; Cuadrantes Comunitarios × 0.85 by staggered DiD).
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearerFor, createUser } from '../../test/support/accounts.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { listAudit } from '../access/audit-log.store.ts';
import type { AppEnv } from '../server/app-env.ts';
import { createApp } from '../server/app.ts';
import { loadDemo } from '../setup/demo-setup.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';

type Json = Record<string, unknown>;

describeStores('interventions API on the HND/COL demo', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: OpenAPIHono<AppEnv>;
  const auth: Record<string, { authorization: string }> = {};

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await loadDemo(store, { countries: ['HND', 'COL'] });
    app = createApp({ store, version: 'test' });
    const people = {
      analyst: [{ role: 'analyst', scope: null }],
      approverHnd: [{ role: 'approver', scope: 'HND' }],
      approverCol: [{ role: 'approver', scope: 'COL' }],
      contributorHnd: [{ role: 'contributor', scope: 'HND' }],
    } as const;
    for (const [who, grants] of Object.entries(people)) {
      const user = await createUser(store, `${who.toLowerCase()}@example.org`, grants);
      auth[who] = await bearerFor(store, user.id);
    }
  }, 300_000);
  afterAll(async () => dispose());

  async function call(method: string, path: string, who?: string, body?: unknown) {
    const res = await app.request(`http://localhost${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(who === undefined ? {} : auth[who]) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  it('lists the demo’s two planted programmes, flagged synthetic, for the public', async () => {
    const { status, body } = await call('GET', '/api/interventions');
    expect(status).toBe(200);
    const list = body['interventions'] as Json[];
    expect(list.map((i) => i['code'])).toEqual(['barrios_seguros', 'cuadrantes_comunitarios']);
    expect(list.every((i) => i['synthetic'] === true)).toBe(true);
    const cuadrantes = (await call('GET', '/api/interventions/cuadrantes_comunitarios')).body;
    const starts = new Set((cuadrantes['units'] as { start: string }[]).map((u) => u.start));
    expect([...starts].sort()).toEqual(['2012-07', '2014-01', '2015-10']);
    expect((await call('GET', '/api/interventions?country=HND')).body['interventions']).toHaveLength(1);
    expect((await call('GET', '/api/interventions/nothing')).status).toBe(404);
  });

  it('lets writers write where their scope allows, and audits each write', async () => {
    const input = {
      code: 'luces',
      name: 'Alumbrado público',
      type: 'tactic',
      country: 'HND',
      start: '2018-01',
      units: ['HND.04001'],
    };
    expect((await call('POST', '/api/interventions', undefined, input)).status).toBe(401);
    expect((await call('POST', '/api/interventions', 'contributorHnd', input)).status).toBe(403);
    expect((await call('POST', '/api/interventions', 'approverCol', input)).status).toBe(403);
    const created = await call('POST', '/api/interventions', 'approverHnd', input);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ code: 'luces', units: [{ unit: 'HND.04001', start: '2018-01' }] });
    expect((await call('POST', '/api/interventions', 'analyst', input)).status).toBe(409);
    const bad = await call('POST', '/api/interventions', 'analyst', { ...input, code: 'x', end: '2017-01' });
    expect(bad.status).toBe(400);
    expect((await call('PATCH', '/api/interventions/luces', 'approverCol', { name: 'x' })).status).toBe(403);
    const patched = await call('PATCH', '/api/interventions/luces', 'analyst', { end: '2020-12' });
    expect(patched.body).toMatchObject({ end: '2020-12' });
    expect((await call('DELETE', '/api/interventions/luces', 'approverCol')).status).toBe(403);
    expect((await call('DELETE', '/api/interventions/luces', 'approverHnd')).status).toBe(200);
    const actions = (await listAudit(store.db, { limit: 1000 }))
      .filter((e) => e.target === 'intervention:luces')
      .map((e) => `${e.action} ${e.actor.split(':')[2]}`);
    expect(actions).toEqual([
      'intervention.create approverhnd@example.org (api_token)',
      'intervention.update analyst@example.org (api_token)',
      'intervention.delete approverhnd@example.org (api_token)',
    ]);
  });

  it('Barrios Seguros by ITS against the donors recovers the 25% cut', async () => {
    expect(
      (await call('POST', '/api/interventions/barrios_seguros/evaluate', undefined, { method: 'its' }))
        .status,
    ).toBe(401);
    const { status, body } = await call(
      'POST',
      '/api/interventions/barrios_seguros/evaluate',
      'contributorHnd',
      {
        method: 'its',
        control: 'donors',
      },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ intervention: 'barrios_seguros', view: 'published' });
    expect(body['panel']).toMatchObject({ periodType: 'month', start: '2016-01', control: 'donors' });
    const level = (
      (body['outcome'] as Json)['result'] as {
        levelChange: { rateRatio: number; lower: number; upper: number };
      }
    ).levelChange;
    expect(level.lower).toBeLessThan(0.75);
    expect(level.upper).toBeGreaterThan(0.75);
    expect(Math.abs(level.rateRatio - 0.75)).toBeLessThan(0.05);
    console.log(
      `[${dialect}] Barrios Seguros ITS (donors): ${level.rateRatio.toFixed(3)} (${level.lower.toFixed(3)}–${level.upper.toFixed(3)})`,
    );
  }, 120_000);

  it('Cuadrantes Comunitarios by staggered DiD recovers log 0.85', async () => {
    const { status, body } = await call(
      'POST',
      '/api/interventions/cuadrantes_comunitarios/evaluate',
      'analyst',
      {
        method: 'did',
      },
    );
    expect(status).toBe(200);
    const outcome = body['outcome'] as {
      aggregations: { simple: { overall: { att: number; lower: number; upper: number } } };
    };
    const simple = outcome.aggregations.simple.overall;
    expect(simple.lower).toBeLessThan(Math.log(0.85));
    expect(simple.upper).toBeGreaterThan(Math.log(0.85));
    expect((body['panel'] as Json)['periodType']).toBe('quarter');
    console.log(
      `[${dialect}] Cuadrantes DiD: ${simple.att.toFixed(3)} (${simple.lower.toFixed(3)} to ${simple.upper.toFixed(3)})`,
    );
  }, 120_000);

  it('Barrios Seguros by synthetic control: observed/synthetic after the start near 0.75', async () => {
    const { status, body } = await call('POST', '/api/interventions/barrios_seguros/evaluate', 'analyst', {
      method: 'scm',
    });
    expect(status).toBe(200);
    const series = (
      (body['outcome'] as Json)['fit'] as { series: { observed: number; synthetic: number; post: boolean }[] }
    ).series.filter((p) => p.post);
    const ratio = series.reduce((s, p) => s + p.observed, 0) / series.reduce((s, p) => s + p.synthetic, 0);
    expect(Math.abs(ratio - 0.75)).toBeLessThan(0.06);
    console.log(`[${dialect}] Barrios Seguros SCM: post-period observed/synthetic ${ratio.toFixed(3)}`);
  }, 120_000);
});
