import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, expectAccessible, open } from './support.ts';

const FULL =
  '/explore?indicator=homicide_rate&units=MEX,GTM,AME&from=2010&to=2024&periodType=year&dis=sex%3DF&view=line&rates=smoothed';
// the same view in the explorer's own order of units (the Americas, subregions, then states)
const CANONICAL =
  'indicator=homicide_rate&units=AME,GTM,MEX&from=2010&to=2024&periodType=year&dis=sex%3DF&view=line&rates=smoothed';
const SMALL_STATES = 'units=KNA,DMA,GRD,MEX&from=2020&to=2024';

const chart = (page: Page) => page.getByTestId('chart').locator('svg').first();
const legendNames = (page: Page) => page.getByTestId('chart-legend').locator('li').allInnerTexts();

/** The text of one column of the explorer's table, for the rows of one unit. */
async function column(page: Page, unit: string, name: string): Promise<string[]> {
  return page
    .locator(`[data-testid="explorer-table"] tbody tr[data-unit="${unit}"] td[data-column="${name}"]`)
    .allInnerTexts();
}

test.describe('indicator explorer', () => {
  test('the default view draws a line chart with a legend', async ({ page }) => {
    const errors = collectErrors(page);
    await open(page, '/explore');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Indicator explorer');
    await expect(chart(page)).toBeVisible();
    // one line per unit: the Americas and its four subregions
    await expect(chart(page).locator('g[data-mark="line"] path')).toHaveCount(5);
    expect(await legendNames(page)).toEqual([
      'Americas',
      'Central America',
      'Caribbean',
      'Northern America',
      'South America',
    ]);
    await expect(chart(page)).toHaveAttribute('aria-label', /Line chart of Intentional homicide rate/);
    await expect(page.getByLabel('From', { exact: true })).toHaveValue('2010');
    await expect(page.getByLabel('To', { exact: true })).toHaveValue('2024');
    expect(errors).toEqual([]);
  });

  test('a permalink with every parameter reproduces the controls and the chart after a reload', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await open(page, FULL);
    const check = async (): Promise<void> => {
      await expect(page.getByLabel('Indicator')).toHaveValue('homicide_rate');
      await expect(page.getByLabel('From', { exact: true })).toHaveValue('2010');
      await expect(page.getByLabel('To', { exact: true })).toHaveValue('2024');
      await expect(page.getByLabel('Periods')).toHaveValue('year');
      await expect(page.getByLabel('Breakdown')).toHaveValue('sex=F');
      await expect(page.getByRole('radio', { name: 'Line chart' })).toBeChecked();
      await expect(page.getByRole('radio', { name: 'Smoothed' })).toBeChecked();
      await expect(page.getByTestId('unit-picker').locator('summary')).toContainText('3 selected');
      const box = (code: string) => page.getByTestId('unit-picker').locator(`input[value="${code}"]`);
      for (const code of ['MEX', 'GTM', 'AME']) await expect(box(code)).toBeChecked();
      await expect(box('CAN')).not.toBeChecked();
      await expect(page.getByRole('heading', { level: 2, name: /Sex: Female.*2010–2024/ })).toBeVisible();
      await expect(chart(page).locator('g[data-mark="line"] path')).toHaveCount(3);
      // few units: the 95% intervals are drawn as bands
      await expect(chart(page).locator('g[data-mark="area"] path')).toHaveCount(3);
      expect(await legendNames(page)).toEqual(['Americas', 'Guatemala', 'Mexico']);
    };
    await check();
    const permalink = await page.getByLabel('Link to this view').inputValue();
    expect(new URL(permalink).pathname + new URL(permalink).search).toBe(`/explore?${CANONICAL}`);
    const label = await chart(page).getAttribute('aria-label');
    const lines = await chart(page).locator('g[data-mark="line"]').innerHTML();
    await page.reload();
    await check();
    expect(await chart(page).getAttribute('aria-label')).toBe(label);
    expect(await chart(page).locator('g[data-mark="line"]').innerHTML()).toBe(lines);
    // the permalink itself opens the same view
    await open(page, permalink);
    await check();
    expect(errors).toEqual([]);
  });

  test('every control change goes into the address, so a reload keeps it', async ({ page }) => {
    await open(page, '/explore');
    const length = await page.evaluate(() => history.length);
    await page.getByLabel('Indicator').selectOption('arrest_rate');
    await expect(page).toHaveURL(/indicator=arrest_rate/);
    await page.getByLabel('From', { exact: true }).selectOption('2015');
    await expect(page).toHaveURL(/from=2015/);
    await page.getByLabel('Breakdown').selectOption('sex=M');
    await expect(page).toHaveURL(/dis=sex%3DM/);
    await page.getByRole('radio', { name: 'Smoothed' }).check();
    await expect(page).toHaveURL(/rates=smoothed/);
    await page.getByTestId('unit-picker').locator('summary').click();
    await page.getByRole('checkbox', { name: 'Caribbean' }).uncheck();
    await expect(page).toHaveURL(/units=AME,CAM,NAM,SAM&/);
    // the address is replaced, not pushed: Back leaves the explorer
    expect(await page.evaluate(() => history.length)).toBe(length);
    await page.reload();
    await expect(page.getByLabel('Indicator')).toHaveValue('arrest_rate');
    await expect(page.getByLabel('From', { exact: true })).toHaveValue('2015');
    await expect(page.getByLabel('Breakdown')).toHaveValue('sex=M');
    await expect(page.getByRole('radio', { name: 'Smoothed' })).toBeChecked();
    await expect(chart(page).locator('g[data-mark="line"] path')).toHaveCount(4);
  });

  test('months are limited to a short range, with a note', async ({ page }) => {
    await open(page, '/explore?units=MEX&from=2000&to=2024');
    await page.getByLabel('Periods').selectOption('month');
    await expect(page).toHaveURL(/periodType=month/);
    await expect(page.getByLabel('From', { exact: true })).toHaveValue('2020');
    await expect(page.getByText(/Months are shown for at most 5 years/)).toBeVisible();
    // 60 months of Mexico
    await page.getByRole('radio', { name: 'Table' }).check();
    await expect(page.getByTestId('explorer-table').locator('tbody tr')).toHaveCount(60);
  });

  test('switches between the line chart, the bar chart, the map and the table', async ({ page }) => {
    const errors = collectErrors(page);
    await open(page, '/explore?units=MEX,GTM,CAN&from=2015&to=2024');
    await page.getByRole('radio', { name: 'Bar chart' }).check();
    await expect(page).toHaveURL(/view=bar/);
    await expect(chart(page).locator('g[data-mark="bar"] rect')).toHaveCount(3);
    await expect(page.getByText(/Values for 2024, the last period/)).toBeVisible();
    await page.getByRole('radio', { name: 'Map' }).check();
    await expect(page).toHaveURL(/view=map/);
    await expect(page.locator('.americas-map a.member')).toHaveCount(35);
    await page.getByRole('radio', { name: 'Table' }).check();
    await expect(page).toHaveURL(/view=table/);
    await expect(page.getByTestId('explorer-table').locator('tbody tr')).toHaveCount(30);
    await expect(page.getByRole('button', { name: 'Chart (SVG)' })).toBeDisabled();
    await page.getByRole('radio', { name: 'Line chart' }).check();
    await expect(chart(page).locator('g[data-mark="line"] path')).toHaveCount(3);
    expect(errors).toEqual([]);
  });

  test('the table shows 95% intervals, counts and quality badges', async ({ page }) => {
    await open(page, `/explore?indicator=homicide_rate&${SMALL_STATES}&view=table`);
    const table = page.getByTestId('explorer-table');
    await expect(table.locator('thead')).toContainText('95% interval');
    await expect(table.locator('thead')).toContainText('Numerator');
    await expect(table.locator('tbody tr')).toHaveCount(20);
    for (const interval of await column(page, 'MEX', 'interval'))
      expect(interval).toMatch(/^[\d.]+ to [\d.]+$/);
    // small states have small counts, flagged as such
    await expect(table.locator('tr[data-unit="DMA"]').first()).toContainText('Small count');
  });

  test('smoothed rates differ from crude ones for small states, not for large ones', async ({ page }) => {
    await open(page, `/explore?indicator=homicide_rate&${SMALL_STATES}&view=table&rates=smoothed`);
    const crude = await column(page, 'KNA', 'value');
    const smoothed = await column(page, 'KNA', 'smoothed');
    expect(crude).toHaveLength(5);
    expect(smoothed).toHaveLength(5);
    expect(smoothed.filter((value, i) => value !== crude[i]).length).toBeGreaterThan(2);
    const mexico = (await column(page, 'MEX', 'value')).map(Number);
    const mexicoSmoothed = (await column(page, 'MEX', 'smoothed')).map(Number);
    mexico.forEach((value, i) => expect(Math.abs(value - (mexicoSmoothed[i] ?? 0))).toBeLessThan(0.1));
    // the line chart follows the choice
    await page.getByRole('radio', { name: 'Line chart' }).check();
    const smoothedLines = await chart(page).locator('g[data-mark="line"]').innerHTML();
    await page.getByRole('radio', { name: 'Crude' }).check();
    await expect(page).toHaveURL(/rates=crude/);
    await expect(chart(page).locator('g[data-mark="line"]')).not.toHaveJSProperty('innerHTML', smoothedLines);
    await page.getByRole('radio', { name: 'Table' }).check();
    await expect(page.getByTestId('explorer-table').locator('td[data-column="smoothed"]')).toHaveCount(0);
  });

  test('smoothing is offered for rates of counts only, and says why not otherwise', async ({ page }) => {
    await open(page, '/explore?indicator=recidivism_rate&rates=smoothed');
    await expect(page.getByRole('radio', { name: 'Smoothed' })).toBeDisabled();
    await expect(page.getByRole('radio', { name: 'Crude' })).toBeChecked();
    await expect(
      page.getByText('Smoothing applies to rates only, and this indicator is not a rate.'),
    ).toBeVisible();
    await page.getByLabel('Indicator').selectOption('prison_rate');
    await expect(page.getByText(/Smoothing needs a count of events/)).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Smoothed' })).toBeDisabled();
  });

  test('downloads the data as the API’s CSV', async ({ page }) => {
    await open(page, '/explore?indicator=homicide_rate&units=MEX,GTM&from=2020&to=2024');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Data (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('atalaya-homicide_rate-2020-2024.csv');
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    expect(lines[0]).toMatch(/^indicator,orgUnit,period,disaggregation,value,numerator,denominator/);
    const rows = lines.slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(['MEX', 'GTM']));
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(['2020', '2021', '2022', '2023', '2024']));
    expect(rows.every((row) => row[0] === 'homicide_rate')).toBe(true);
  });

  test('downloads the chart as SVG and as PNG', async ({ page }) => {
    const errors = collectErrors(page);
    await open(page, '/explore?indicator=homicide_rate&units=MEX,GTM&from=2010&to=2024');
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Chart (SVG)' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('atalaya-homicide_rate-2010-2024.svg');
    const text = await readFile(await svg.path(), 'utf8');
    expect(text).toContain('<svg');
    expect(text).toContain('Intentional homicide rate, 2010–2024');
    expect(text).toContain('Guatemala');
    expect(text).toContain('Synthetic demo data');
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Chart (PNG)' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('atalaya-homicide_rate-2010-2024.png');
    const bytes = await readFile(await png.path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.length).toBeGreaterThan(5000);
    expect(errors).toEqual([]);
  });

  test('offers an embed code for /embed/explore with the same query', async ({ page }) => {
    await open(page, FULL);
    const snippet = await page.getByRole('textbox', { name: 'Embed code' }).inputValue();
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/explore\?/);
    const src = /src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(new URL(src).search).toBe(`?${CANONICAL}&lang=en`);
  });

  test('the embed route draws the chart alone, with the synthetic notice and a link to the full view', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await open(page, `/embed/explore?${CANONICAL}`);
    await expect(page.locator('.site-header')).toHaveCount(0);
    await expect(page.locator('.site-footer')).toHaveCount(0);
    await expect(chart(page).locator('g[data-mark="line"] path')).toHaveCount(3);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Intentional homicide rate (Sex: Female)',
    );
    await expect(page.getByTestId('synthetic-notice')).toContainText('Synthetic demo data');
    await expect(page.getByRole('link', { name: 'Open the full view in Atalaya' })).toHaveAttribute(
      'href',
      `/explore?${CANONICAL}`,
    );
    await expectAccessible(page);
    expect(errors).toEqual([]);
  });

  test('units are chosen by keyboard, with the filter', async ({ page }) => {
    await open(page, '/explore?units=AME');
    const summary = page.getByTestId('unit-picker').locator('summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Filter units')).toBeFocused();
    await page.keyboard.type('mexi');
    await expect(page.getByRole('checkbox')).toHaveCount(1);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('checkbox', { name: 'Mexico' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page).toHaveURL(/units=AME,MEX&/);
    await expect(chart(page).locator('g[data-mark="line"] path')).toHaveCount(2);
    // the last unit cannot be unchecked
    await page.getByLabel('Filter units').fill('');
    await page.getByRole('checkbox', { name: 'Mexico' }).uncheck();
    await expect(page.getByRole('checkbox', { name: 'Americas' })).toBeDisabled();
  });

  test('switching language translates the controls', async ({ page }) => {
    await open(page, '/explore');
    await page.getByLabel('Language').selectOption('es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Explorador de indicadores');
    await expect(page.getByLabel('Indicador')).toBeVisible();
    await expect(page.getByLabel('Desde')).toHaveValue('2010');
    await expect(page.getByLabel('Desagregación')).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Gráfico de barras' })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Suavizadas' })).toBeVisible();
    await expect(page.getByTestId('chart-legend')).toContainText('Américas');
    await page.getByLabel('Idioma').selectOption('fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Explorateur d’indicateurs');
    await expect(page.getByLabel('Ventilation')).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Courbes' })).toBeChecked();
    await expect(page.getByRole('link', { name: 'Données (CSV)' })).toBeVisible();
    await expect(page.getByLabel('Lien vers cette vue')).toBeVisible();
  });

  test('has no serious accessibility violation, at desktop and phone width, without sideways scrolling', async ({
    page,
  }) => {
    await open(page, FULL);
    await page.getByTestId('unit-picker').locator('summary').click();
    await expectAccessible(page);
    await page.getByRole('radio', { name: 'Table' }).check();
    await expect(page.getByTestId('explorer-table')).toBeVisible();
    await expectAccessible(page);
    await page.setViewportSize({ width: 375, height: 800 });
    const drawn: Record<string, (p: Page) => ReturnType<Page['locator']>> = {
      Table: (p) => p.getByTestId('explorer-table'),
      'Bar chart': (p) => chart(p).locator('g[data-mark="bar"]'),
      Map: (p) => p.locator('.americas-map svg'),
      'Line chart': (p) => chart(p).locator('g[data-mark="line"]'),
    };
    for (const [view, shown] of Object.entries(drawn)) {
      await page.getByRole('radio', { name: view }).check();
      await expect(shown(page)).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, view).toBeLessThanOrEqual(0);
    }
    await expectAccessible(page);
  });
});
