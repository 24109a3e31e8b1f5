/**
 * The HTML report of a fixed hand-made diagnosis against its golden file
 * (`report.es.golden`; rewrite it with UPDATE_GOLDEN=1 after an intended change), escaping,
 * and the PDF through headless Chromium (skipped, with a message, when Chromium is absent).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chromiumPath, htmlToPdf } from '../setup/html-to-pdf.ts';
import type { DiagnosisInput, EvidenceRow } from './diagnosis-model.ts';
import { diagnose } from './diagnosis.ts';
import { reportHtml } from './report-html.ts';

const GOLDEN = new URL('./report.es.golden', import.meta.url);
const text = (s: string) => ({ en: s, es: `${s} (es)`, pt: `${s} (pt)`, fr: `${s} (fr)` });

function row(orgUnit: string, year: number, value: number, interval = false, complete = true): EvidenceRow {
  return {
    orgUnit,
    period: String(year),
    value,
    numerator: Math.round(value * 50),
    lower: interval ? value * 0.9 : null,
    upper: interval ? value * 1.1 : null,
    smallCount: false,
    complete,
  };
}

/** A unit with rising homicides far above its peers, much enforcement, rising trust and two data problems. */
function fixedInput(name = 'Atlantis'): DiagnosisInput {
  const peers = (values: number[]) => values.map((v, i) => row(`P${i + 1}`, 2023, v));
  const rate = (
    code: string,
    family: 'traditional' | 'wider_outcome',
    direction: 'up' | 'down' | 'neutral',
    own: EvidenceRow[],
    peerValues: number[],
  ) => ({
    code,
    name: { en: code, es: `${code} (es)`, pt: code, fr: code },
    unitLabel: text('per 100 000'),
    family,
    direction,
    kind: 'rate' as const,
    countNumerator: code === 'homicide_rate',
    numeratorElements: code === 'homicide_rate' ? ['homicide_victims'] : [],
    own,
    peers: peers(peerValues),
  });
  const years = (from: number, f: (i: number) => number, interval = false) =>
    Array.from({ length: 2023 - from + 1 }, (_, i) =>
      row('AAA', from + i, f(i), interval, from + i !== 2023),
    );
  return {
    orgUnit: 'AAA',
    orgUnitName: { en: name, es: name, pt: name, fr: name },
    year: 2023,
    indicators: [
      rate(
        'homicide_rate',
        'traditional',
        'down',
        years(2014, (i) => 20 * Math.pow(1.06, i) * (i % 2 ? 0.98 : 1.02), true),
        [10, 12, 14, 9],
      ),
      rate(
        'trust_police',
        'wider_outcome',
        'up',
        years(2014, (i) => 30 * Math.pow(1.03, i) * (i % 2 ? 0.99 : 1.01)),
        [35, 38, 40],
      ),
      rate('police_rate', 'traditional', 'neutral', [row('AAA', 2023, 500)], [200, 250, 300, 350]),
      rate('prison_rate', 'traditional', 'neutral', [row('AAA', 2023, 400)], [150, 200, 250, 300]),
      rate('prevention_centre_rate', 'wider_outcome', 'neutral', [row('AAA', 2023, 0.5)], [1, 2, 3, 4]),
      rate('social_worker_rate', 'wider_outcome', 'neutral', [row('AAA', 2023, 10)], [20, 30, 40, 50]),
    ],
    sourceComparisons: [
      {
        element: 'homicide_victims',
        elementName: text('homicide victims'),
        figures: [
          { source: 'police', name: text('police'), value: 1000 },
          { source: 'forensic', name: text('forensic'), value: 1200 },
        ],
      },
    ],
  };
}

const NOTICE = text('Synthetic demo data');

describe('the diagnosis report', () => {
  it('matches its golden file', () => {
    const diagnosis = diagnose(fixedInput());
    expect(diagnosis.findings.length).toBeGreaterThanOrEqual(3);
    expect(diagnosis.strengths.length).toBeGreaterThanOrEqual(1);
    expect(diagnosis.quality.length).toBeGreaterThanOrEqual(2);
    const html = reportHtml(diagnosis, { language: 'es', date: '2024-06-01', syntheticNotice: NOTICE });
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, html);
    expect(html).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Synthetic demo data (es)');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
  });

  it('escapes every text', () => {
    const html = reportHtml(diagnose(fixedInput('<script>alert("x")</script> & Co')), {
      language: 'en',
      date: '2024-06-01',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).not.toContain('Synthetic demo data');
  });

  it('prints to PDF with headless Chromium', async (context) => {
    if (chromiumPath() === undefined) {
      console.log('skipped: Chromium is not installed (set CHROMIUM_PATH)');
      context.skip();
    }
    const pdf = await htmlToPdf(reportHtml(diagnose(fixedInput()), { language: 'fr', date: '2024-06-01' }));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    console.log(`PDF: ${pdf.length} bytes`);
  }, 60_000);
});
