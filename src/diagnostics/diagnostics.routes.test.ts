/**
 * `GET /api/diagnostics` on a store holding a small demo (Guatemala, Panama, El Salvador): the
 * planted facts show up as data-quality findings of their units (forensic counts 18% and 25% above
 * the police's in Guatemala and Panama; seven missing police months of 2022 in SLV.13002), and
 * every finding is explained in four languages.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { createApp } from '../server/app.ts';
import { loadDemo } from '../setup/demo-setup.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';

interface Body {
  orgUnit: string;
  year: number;
  synthetic: boolean;
  findings: { id: string; kind: string; severity: number; explanation: Record<string, string> }[];
  strengths: { id: string; explanation: Record<string, string> }[];
  quality: {
    id: string;
    issue: string;
    indicator: string | null;
    affects: string[];
    sources: { source: string; value: number }[];
    numbers: { sourceDifference: number | null };
    explanation: Record<string, string>;
  }[];
}

describeStores('GET /api/diagnostics', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const get = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, body: (await res.json()) as Body };
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await loadDemo(store, { countries: ['GTM', 'PAN', 'SLV'] });
    app = createApp({ store, version: 'test' });
  }, 300_000);
  afterAll(async () => dispose());

  it('shows the planted disagreement of sources in Guatemala and Panama', async () => {
    for (const [country, ratio] of [
      ['GTM', 1.18],
      ['PAN', 1.25],
    ] as const) {
      const { status, body } = await get(`/api/diagnostics?orgUnit=${country}&year=2023`);
      expect(status).toBe(200);
      expect(body.synthetic).toBe(true);
      const disagreement = body.quality.find((q) => q.issue === 'sources_disagree');
      expect(disagreement, country).toBeDefined();
      expect(disagreement!.sources.map((s) => s.source)).toEqual(['forensic', 'police']);
      expect(disagreement!.numbers.sourceDifference).toBeGreaterThan(ratio - 1 - 0.03);
      expect(disagreement!.numbers.sourceDifference).toBeLessThan(ratio - 1 + 0.03);
      console.log(
        `${country} 2023: ${body.findings.length} problems (${body.findings.map((f) => f.id).join(', ')}), ${body.strengths.length} strengths, ${body.quality.length} limitations; forensic/police − 1 = ${disagreement!.numbers.sourceDifference!.toFixed(3)}`,
      );
    }
    // El Salvador's sources agree
    const slv = await get('/api/diagnostics?orgUnit=SLV&year=2023');
    expect(slv.body.quality.filter((q) => q.issue === 'sources_disagree')).toEqual([]);
  });

  it('shows the planted missing months as incomplete reporting of the municipality', async () => {
    const { body } = await get('/api/diagnostics?orgUnit=SLV.13002&year=2022');
    const incomplete = body.quality.filter((q) => q.issue === 'incomplete').map((q) => q.indicator);
    expect(incomplete).toContain('homicide_rate');
    // the year before was complete
    const before = await get('/api/diagnostics?orgUnit=SLV.13002&year=2021');
    expect(before.body.quality.filter((q) => q.issue === 'incomplete').map((q) => q.indicator)).not.toContain(
      'homicide_rate',
    );
  });

  it('explains every finding in four languages, ranked by severity', async () => {
    const { body } = await get('/api/diagnostics?orgUnit=GTM&year=2023');
    for (const f of [...body.findings, ...body.strengths, ...body.quality]) {
      expect(Object.keys(f.explanation).sort()).toEqual(['en', 'es', 'fr', 'pt']);
    }
    const severities = body.findings.map((f) => f.severity);
    expect([...severities].sort((a, b) => b - a)).toEqual(severities);
  });

  it('answers 404 for an unknown unit and 400 for a bad year', async () => {
    expect((await app.request('/api/diagnostics?orgUnit=XXX&year=2023')).status).toBe(404);
    expect((await app.request('/api/diagnostics?orgUnit=GTM&year=abc')).status).toBe(400);
  });
});

describeStores('GET /api/diagnostics/report', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await loadDemo(store, { countries: ['PAN'] });
    app = createApp({ store, version: 'test' });
  }, 300_000);
  afterAll(async () => dispose());

  it('answers a self-contained HTML report in the language asked for, with the synthetic notice', async () => {
    const res = await app.request('/api/diagnostics/report?orgUnit=PAN&year=2023&lang=es');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Datos de demostración sintéticos');
    expect(html).toContain('las fuentes no coinciden en 2023');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('answers a PDF, or 503 pdf_unavailable without Chromium', async () => {
    const res = await app.request('/api/diagnostics/report?orgUnit=PAN&year=2023&lang=fr&format=pdf');
    if (res.status === 503) {
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('pdf_unavailable');
      console.log('PDF skipped: Chromium is not installed');
      return;
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
  }, 60_000);
});
