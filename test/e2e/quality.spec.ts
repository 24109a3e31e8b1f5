/**
 * The quality page: a signed-out visitor is sent to sign in; an analyst runs the rules over a small
 * draft fixture (two errors and a warning), filters them by severity, sees the planted outlier of
 * MEX.09001 with its expected value and score, and SLV's units below the completeness threshold;
 * an approver of Belize sets and clears the preferred source of a published two-source fixture,
 * and a contributor sees it read-only; the demo's planted disagreement of Guatemala (the forensic
 * institute monthly, summed from 12 months, against the police's yearly figure) shows, and a year
 * a finer series covers in part is listed as not compared. Every number on the page is compared with what the API
 * answers; axe at 1280 and 375 px.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { plantedFacts } from '../../src/demo/planted-facts.ts';
import { formatNumber, formatPercent } from '../../web/src/format.ts';
import { E2E_ADMIN_TOKEN } from './e2e-server.ts';
import { expectAccessible, open, signInWithGrants } from './support.ts';

const OPERATOR = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const fmt = (value: number | null) => formatNumber(value, 'en');

/** Imports a canonical CSV through the API as the operator (unchanged when run again). */
async function importCsv(request: APIRequestContext, rows: readonly string[], status: string): Promise<void> {
  const csv = ['element,org_unit,period,disaggregation,source,value', ...rows].join('\n') + '\n';
  const response = await request.post('/api/imports', {
    headers: OPERATOR,
    multipart: {
      file: { name: 'quality-fixture.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
      format: 'canonical',
      status,
    },
  });
  expect(response.status(), await response.text()).toBe(200);
}

async function apiJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(path, { headers: OPERATOR });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

async function checkWidths(page: Page): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

function signInAsAnalyst(page: Page, request: APIRequestContext): Promise<void> {
  return signInWithGrants(page, request, [{ role: 'analyst', scope: null }], 'Ana Analyst');
}

test.describe('quality page', () => {
  test('a signed-out visitor is sent to sign in, and the header offers no quality page', async ({ page }) => {
    await page.goto('/');
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quality' }),
    ).toHaveCount(0);
    await page.goto('/quality?section=outliers&unit=MEX.09001');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('rules: the fixture’s violations with both sides, counted and filtered by severity', async ({
    page,
    request,
  }) => {
    // Honduras in 1953, which nothing else writes: firearm homicides above the total and women
    // prisoners above all prisoners (errors), the sexes 10% short of the total (a warning)
    await importCsv(
      request,
      [
        'homicide_victims,HND,1953,,police,100',
        'homicide_victims,HND,1953,weapon=firearm,police,120',
        'homicide_victims,HND,1953,sex=F,police,10',
        'homicide_victims,HND,1953,sex=M,police,80',
        'prisoners,HND,1953,,prisons,1000',
        'prisoners,HND,1953,sex=F,prisons,1200',
      ],
      'draft',
    );
    const api = await apiJson<{
      cells: number;
      rules: { code: string; name: { en: string } }[];
      violations: { rule: string; severity: string; leftValue: number; rightValue: number }[];
    }>(request, '/api/quality/rules?orgUnit=HND&from=1953&to=1953&view=all');
    expect(api.violations.map((v) => v.severity).sort()).toEqual(['error', 'error', 'warning']);

    await signInAsAnalyst(page, request);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quality' }).click();
    await expect(page).toHaveURL(/\/quality$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data quality');
    const form = page.getByTestId('quality-form');
    await form.getByLabel('Org unit').fill('HND');
    await form.getByLabel('From').fill('1953');
    await form.getByLabel('To').fill('1953-01');
    await expect(form.getByRole('alert')).toHaveText('Both ends of the range must be of one period type.');
    await expect(form.getByRole('button', { name: 'Show' })).toBeDisabled();
    await form.getByLabel('To').fill('1953');
    await form.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/\/quality\?unit=HND&from=1953&to=1953$/);

    const section = page.getByTestId('rules-section');
    const counts = section.getByTestId('rules-counts');
    await expect(counts.locator('[data-count="cells"] dd')).toHaveText(fmt(api.cells));
    await expect(counts.locator('[data-count="error"] dd')).toHaveText('2');
    await expect(counts.locator('[data-count="warning"] dd')).toHaveText('1');
    await expect(counts.locator('[data-count="info"] dd')).toHaveText('0');
    const rows = section.getByTestId('violations').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    for (const v of api.violations) {
      const row = section.locator(`tr[data-rule="${v.rule}"]`);
      await expect(row).toContainText(api.rules.find((r) => r.code === v.rule)!.name.en);
      await expect(row.locator('[data-col="left"]')).toHaveText(fmt(v.leftValue));
      await expect(row.locator('[data-col="right"]')).toHaveText(fmt(v.rightValue));
      await expect(row.locator('[data-col="difference"]')).toHaveText(fmt(v.leftValue - v.rightValue));
    }
    await expect(section.locator('tr[data-rule="women_prisoners_within_total"]')).toContainText('Error');
    await expect(
      section.locator('tr[data-rule="women_prisoners_within_total"] [data-col="difference"]'),
    ).toHaveText('200');

    await form.getByLabel('Severity').selectOption('warning');
    await form.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/severity=warning/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-severity', 'warning');
    await checkWidths(page);

    // the same view in Spanish from the shared address
    await open(page, '/quality?unit=HND&from=1953&to=1953&severity=error&lang=es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Calidad de los datos');
    await expect(page.getByTestId('violations').locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('violations')).toContainText('Error');
  });

  test('outliers: the planted spike of MEX.09001 in the chart and the table, as the API finds it', async ({
    page,
    request,
  }) => {
    const api = await apiJson<{
      series: {
        source: string;
        periodType: string;
        points: unknown[];
        outliers: { period: string; value: number; expected: number; score: number }[];
      }[];
    }>(request, '/api/quality/outliers?element=homicide_victims&orgUnit=MEX.09001&view=all');
    const monthly = api.series.find((s) => s.source === 'police' && s.periodType === 'month')!;
    const spike = monthly.outliers.find((o) => o.period === '2019-04')!;
    expect(spike.value / spike.expected).toBeGreaterThan(5);

    await signInAsAnalyst(page, request);
    await open(page, '/quality?section=outliers&unit=MEX.09001');
    const series = page.locator(
      '[data-testid="outlier-series"][data-source="police"][data-period-type="month"]',
    );
    await expect(series.getByTestId('outlier-chart').locator('svg[role="img"]')).toHaveAttribute(
      'aria-label',
      new RegExp(`${monthly.outliers.length} flagged points`),
    );
    // one ring per flagged point, one dot per value
    await expect(series.locator('[data-mark="dot"]').last().locator('circle')).toHaveCount(
      monthly.outliers.length,
    );
    await expect(series.locator('[data-mark="dot"]').first().locator('circle')).toHaveCount(
      monthly.points.length,
    );
    const table = series.getByTestId('outlier-table');
    await expect(table.locator('tbody tr')).toHaveCount(monthly.outliers.length);
    const row = table.locator('tr[data-period="2019-04"]');
    await expect(row.locator('th')).toHaveText('Apr 2019');
    await expect(row.locator('[data-col="value"]')).toHaveText(fmt(spike.value));
    await expect(row.locator('[data-col="expected"]')).toHaveText(fmt(spike.expected));
    await expect(row.locator('[data-col="score"]')).toHaveText(fmt(spike.score));
    // the text alternative holds every value
    await expect(series.getByTestId('outlier-points').locator('tbody tr')).toHaveCount(monthly.points.length);
    await checkWidths(page);
  });

  test('completeness: SLV’s units with their shares, the planted gap below the threshold, sortable', async ({
    page,
    request,
  }) => {
    const api = await apiJson<{
      units: { orgUnit: string; completeness: number | null; timeliness: number | null; reported: number }[];
    }>(
      request,
      '/api/quality/completeness?element=homicide_victims&orgUnit=SLV&from=2022-01&to=2022-12&view=all',
    );
    const below = api.units.filter((u) => u.completeness !== null && u.completeness < 0.8);
    expect(below.map((u) => u.orgUnit)).toContain('SLV.13002');

    await signInAsAnalyst(page, request);
    await open(page, '/quality?section=completeness&unit=SLV&from=2022-01&to=2022-12');
    const table = page.getByTestId('completeness-table');
    await expect(table.locator('tbody tr')).toHaveCount(api.units.length);
    await expect(page.getByTestId('completeness-summary')).toHaveText(
      `${below.length} of ${api.units.length} units are below 80% complete.`,
    );
    await expect(table.locator('tbody tr.is-below')).toHaveCount(below.length);
    const gap = table.locator('tr[data-unit="SLV.13002"]');
    const slv13002 = api.units.find((u) => u.orgUnit === 'SLV.13002')!;
    await expect(gap.locator('[data-col="completeness"]')).toHaveText(
      formatPercent(slv13002.completeness!, 'en'),
    );
    await expect(gap.locator('[data-col="reported"]')).toHaveText(String(slv13002.reported));
    await expect(gap).toContainText('below the threshold');
    await expect(gap).toContainText('2022-01, 2022-02');
    // least complete first by default: the planted gap leads
    const lowest = [...api.units].sort((a, b) => (a.completeness ?? 2) - (b.completeness ?? 2))[0]!;
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-unit', lowest.orgUnit);
    await table.getByRole('button', { name: 'Org unit' }).click();
    await expect(page).toHaveURL(/sort=unit/);
    await expect(table.locator('tbody tr').first()).toHaveAttribute(
      'data-unit',
      [...api.units].map((u) => u.orgUnit).sort((a, b) => a.localeCompare(b))[0]!,
    );
    await expect(table.locator('th[aria-sort="ascending"]')).toHaveText(/Org unit/);
    // a lower threshold from the form: only units under it stay highlighted
    await page.getByLabel('Highlight units below (%)').fill('40');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/below=40/);
    const under40 = api.units.filter((u) => u.completeness !== null && u.completeness < 0.4).length;
    await expect(table.locator('tbody tr.is-below')).toHaveCount(under40);
    await checkWidths(page);
  });

  test('reconciliation: an approver sets and clears the preferred source; a contributor reads it', async ({
    page,
    request,
    browser,
  }) => {
    // Belize, firearms marked in 1955–1957 from two sources (published), 1957 far apart
    await importCsv(
      request,
      [
        'firearms_marked,BLZ,1955,,police,200',
        'firearms_marked,BLZ,1955,,ministry,204',
        'firearms_marked,BLZ,1956,,police,210',
        'firearms_marked,BLZ,1956,,ministry,209',
        'firearms_marked,BLZ,1957,,police,100',
        'firearms_marked,BLZ,1957,,ministry,150',
      ],
      'published',
    );
    // a rule left behind by an interrupted run is removed first
    await request.delete('/api/sources/preferences?orgUnit=BLZ&element=firearms_marked', {
      headers: OPERATOR,
    });
    const api = await apiJson<{
      pairs: {
        period: string;
        first: { source: string; value: number };
        second: { source: string; value: number };
        difference: number;
        ratio: number | null;
        disagree: boolean;
      }[];
    }>(request, '/api/sources/comparison?element=firearms_marked&orgUnit=BLZ&from=1955&to=1957');
    expect(api.pairs).toHaveLength(3);

    await signInWithGrants(page, request, [{ role: 'approver', scope: 'BLZ' }], 'Alba Approver');
    const address = '/quality?section=sources&unit=BLZ&element=firearms_marked&from=1955&to=1957';
    await open(page, address);
    const section = page.getByTestId('sources-section');
    await expect(section.getByTestId('preference')).toContainText('No preferred source');
    const table = section.getByTestId('source-pairs');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    for (const pair of api.pairs) {
      const row = table.locator(`tr[data-period="${pair.period}"]`);
      await expect(row.locator('[data-col="first"]')).toHaveText(
        `${pair.first.source}: ${fmt(pair.first.value)}`,
      );
      await expect(row.locator('[data-col="second"]')).toHaveText(
        `${pair.second.source}: ${fmt(pair.second.value)}`,
      );
      await expect(row.locator('[data-col="difference"]')).toHaveText(fmt(pair.difference));
      await expect(row.locator('[data-col="ratio"]')).toHaveText(fmt(pair.ratio));
      await expect(row).toContainText(pair.disagree ? 'Disagree' : 'Agree');
    }
    await expect(section.getByTestId('sources-summary')).toHaveText('1 of 3 pairs differ by more than 10%.');

    const form = section.getByTestId('preference-form');
    await form.getByLabel('Source').selectOption('police');
    await form.getByLabel('Reason').fill('The police register is audited yearly');
    await form.getByRole('button', { name: 'Set as preferred' }).click();
    await expect(section.getByTestId('preference-outcome')).toHaveText('Saved: police is preferred in BLZ.');
    await expect(section.getByTestId('preference')).toHaveAttribute('data-source', 'police');
    await expect(section.getByTestId('preference-reason')).toHaveText(
      'The police register is audited yearly',
    );
    // who chose it: the approver's account
    await expect(section.getByTestId('preference')).toContainText(/approver-[\w-]+@example\.org/);
    // the preferred source now reads first in every pair
    await expect(table.locator('tbody tr[data-first="police"]')).toHaveCount(3);
    const stored = await apiJson<{ preferences: { source: string; reason: string }[] }>(
      request,
      '/api/sources/preferences?orgUnit=BLZ&element=firearms_marked',
    );
    expect(stored.preferences).toEqual([
      expect.objectContaining({ source: 'police', reason: 'The police register is audited yearly' }),
    ]);
    await checkWidths(page);

    // a contributor of Belize reads the same choice, with no form
    const other = await browser.newPage();
    await signInWithGrants(other, request, [{ role: 'contributor', scope: 'BLZ' }], 'Carla Contributor');
    await open(other, address);
    await expect(other.getByTestId('preference')).toHaveAttribute('data-source', 'police');
    await expect(other.getByTestId('preference-form')).toHaveCount(0);
    await expect(other.getByTestId('preference-read-only')).toBeVisible();
    await other.close();

    await form.getByRole('button', { name: 'Clear the preference' }).click();
    await expect(section.getByTestId('preference-outcome')).toHaveText(
      'Cleared: BLZ has no preferred source of its own.',
    );
    await expect(section.getByTestId('preference')).toContainText('No preferred source');
    const after = await apiJson<{ preferences: unknown[] }>(
      request,
      '/api/sources/preferences?orgUnit=BLZ&element=firearms_marked',
    );
    expect(after.preferences).toEqual([]);
  });

  test('reconciliation across period types: the planted Guatemalan disagreement, monthly against yearly', async ({
    page,
    request,
  }) => {
    const planted = plantedFacts().disagreements.find((d) => d.country === 'GTM')!;
    // Belize, firearms seized: the police yearly, the ministry for only 7 months of 1958
    await importCsv(
      request,
      [
        'firearms_seized,BLZ,1958,,police,90',
        ...['01', '02', '03', '04', '05', '06', '07'].map((m) => `firearms_seized,BLZ,1958-${m},,ministry,6`),
      ],
      'published',
    );
    type Side = { source: string; value: number; obtained: { method: string; count: number } };
    const api = await apiJson<{
      pairs: {
        period: string;
        first: Side;
        second: Side;
        difference: number;
        ratio: number | null;
        disagree: boolean;
      }[];
      notCompared: unknown[];
    }>(request, '/api/sources/comparison?element=homicide_victims&orgUnit=GTM&from=2015&to=2019');
    expect(api.pairs.map((p) => p.period)).toEqual(['2015', '2016', '2017', '2018', '2019']);
    for (const pair of api.pairs) {
      const forensic = [pair.first, pair.second].find((side) => side.source === 'forensic')!;
      const police = [pair.first, pair.second].find((side) => side.source === 'police')!;
      expect(forensic.obtained).toMatchObject({ method: 'sum', count: 12 });
      expect(police.obtained).toMatchObject({ method: 'reported', count: 1 });
      // planted: forensic = ratio × police, within ±1% jitter (and rounding)
      expect(forensic.value / police.value).toBeGreaterThan(planted.ratio * 0.985);
      expect(forensic.value / police.value).toBeLessThan(planted.ratio * 1.015);
      expect(pair.disagree).toBe(true);
    }

    await signInAsAnalyst(page, request);
    await open(page, '/quality?section=sources&unit=GTM&element=homicide_victims&from=2015&to=2019');
    const section = page.getByTestId('sources-section');
    const table = section.getByTestId('source-pairs');
    await expect(table.locator('tbody tr')).toHaveCount(5);
    for (const pair of api.pairs) {
      const row = table.locator(`tr[data-period="${pair.period}"]`);
      for (const [col, side] of [
        ['first', pair.first],
        ['second', pair.second],
      ] as const) {
        const note = side.source === 'forensic' ? 'summed from 12 months' : '';
        await expect(row.locator(`[data-col="${col}"]`)).toHaveText(
          `${side.source}: ${fmt(side.value)}${note}`,
        );
      }
      await expect(row.locator('[data-col="difference"]')).toHaveText(fmt(pair.difference));
      await expect(row.locator('[data-col="ratio"]')).toHaveText(fmt(pair.ratio));
      await expect(row).toContainText('Disagree');
    }
    await expect(section.getByTestId('sources-summary')).toHaveText('5 of 5 pairs differ by more than 10%.');
    await expect(section.getByTestId('not-compared')).toHaveCount(0);
    await checkWidths(page);

    await open(page, '/quality?section=sources&unit=BLZ&element=firearms_seized&from=1958&to=1958');
    const notCompared = page.getByTestId('sources-section').getByTestId('not-compared');
    await expect(notCompared).toContainText('Not compared (1)');
    await expect(notCompared.locator('li[data-period="1958"]')).toHaveText(
      '1958: ministry reports 7 of 12 months (missing 1958-08, 1958-09, 1958-10, 1958-11, 1958-12)',
    );
    await checkWidths(page);
  });
});
