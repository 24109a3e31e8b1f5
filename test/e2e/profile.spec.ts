import { expect, test, type Page } from '@playwright/test';
import { collectErrors, expectAccessible, open } from './support.ts';

interface Row {
  period: string;
  smallCount: boolean;
  disaggregation: string;
}

async function apiJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  expect(response.ok()).toBe(true);
  return (await response.json()) as T;
}

test.describe('country profile', () => {
  test('shows Mexico: traditional and wider-outcome cards with values, intervals and trend charts', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await open(page, '/country/MEX');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mexico');
    await expect(page).toHaveTitle(/^Mexico · Atalaya$/);
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    await expect(breadcrumb.getByRole('link', { name: 'Americas' })).toHaveAttribute('href', '/');
    await expect(breadcrumb.getByRole('link', { name: 'Central America' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Open in the explorer' })).toHaveAttribute(
      'href',
      '/explore?indicator=homicide_rate&units=MEX',
    );

    const traditional = page.locator('[data-family="traditional"] .indicator-card');
    const wider = page.locator('[data-family="wider_outcome"] .indicator-card');
    await expect(traditional).toHaveCount(5);
    await expect(wider).toHaveCount(7);
    const homicide = page.locator('.indicator-card[data-indicator="homicide_rate"]');
    await expect(homicide.getByRole('link', { name: 'Intentional homicide rate' })).toHaveAttribute(
      'href',
      '/indicators/homicide_rate',
    );
    await expect(homicide.getByTestId('card-value')).toHaveText(/^\d[\d,]*(\.\d+)?$/);
    await expect(homicide).toContainText('95% interval');
    await expect(homicide.getByTestId('trend')).toContainText(/Rising|Falling|No clear trend/);
    await expect(
      page.locator('.indicator-card[data-indicator="social_worker_rate"]').getByTestId('card-value'),
    ).toHaveText(/\d/);
    // the charts are drawn (Observable Plot) and described for screen readers
    const chart = homicide.locator('[data-testid="trend-chart"] svg');
    await expect(chart).toHaveAttribute('role', 'img');
    await expect(chart).toHaveAttribute('aria-label', /Intentional homicide rate from \d{4} to \d{4}/);
    await expect(chart.locator('path').first()).toBeAttached();
    expect(await page.locator('[data-family="wider_outcome"] [data-testid="trend-chart"] svg').count()).toBe(
      7,
    );
    expect(errors).toEqual([]);
  });

  test('the year is in the address: switching it updates the URL and a reload keeps it', async ({ page }) => {
    await open(page, '/country/MEX');
    await page.getByLabel('Year').selectOption('2015');
    await expect(page).toHaveURL(/\/country\/MEX\?year=2015$/);
    await expect(page.locator('.indicator-card[data-indicator="homicide_rate"] .card-year')).toHaveText(
      '2015',
    );
    await expect(page.getByTestId('peers').getByText('Mexico, 2015')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Year')).toHaveValue('2015');
    await expect(page.locator('.indicator-card[data-indicator="homicide_rate"] .card-year')).toHaveText(
      '2015',
    );
  });

  test('peers: Mexico’s value, the median and its rank among the member states of its subregion', async ({
    page,
  }) => {
    await open(page, '/country/MEX?year=2020');
    const expected = await apiJson<{ rank: number; peers: number }>(
      page,
      '/api/analytics/peers?indicator=homicide_rate&orgUnit=MEX&period=2020',
    );
    const peers = page.getByTestId('peers');
    await expect(peers.getByTestId('peer-rank')).toContainText(`${expected.rank} of ${expected.peers}`);
    await expect(peers.getByText('Among the member states of Central America.')).toBeVisible();
    const rows = peers.getByTestId('peers-table').locator('tbody tr');
    await expect(rows).toHaveCount(expected.peers);
    const self = peers.locator('tr.is-self');
    await expect(self).toHaveAttribute('data-unit', 'MEX');
    await expect(self.locator('td').first()).toHaveText(String(expected.rank));
    await expect(peers.locator('[data-testid="peers-chart"] svg')).toHaveAttribute('aria-label', /Mexico/);
    // another indicator for the comparison, kept in the address
    await peers.getByLabel('Indicator').selectOption('prison_rate');
    await expect(page).toHaveURL(/peers=prison_rate/);
    await expect(peers.getByTestId('peers-table')).toContainText('Prison population rate');
  });

  test('drill-down: the table lists Mexico’s divisions, sorts by value, and opens a division’s profile', async ({
    page,
  }) => {
    await open(page, '/country/MEX?year=2020');
    const { units } = await apiJson<{ units: { code: string; name: { en: string } }[] }>(
      page,
      '/api/geography/units?parent=MEX',
    );
    const children = page.getByTestId('children');
    await expect(children.getByTestId('subnational-map').locator('svg[role="img"]')).toBeVisible();
    const rows = children.getByTestId('children-table').locator('tbody tr');
    await expect(rows).toHaveCount(units.length);
    const values = async () =>
      (await rows.locator('td.num:nth-of-type(1)').allInnerTexts()).map((v) => Number(v.replace(/,/g, '')));
    const descending = await values();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await children.getByRole('button', { name: /Value/ }).click();
    const ascending = await values();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await expect(children.locator('[data-testid="children-chart"] svg')).toBeAttached();

    const first = rows.first();
    const code = await first.getAttribute('data-unit');
    const name = units.find((unit) => unit.code === code)?.name.en ?? '';
    await first.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/country/${code?.replace('.', '\\.')}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(
      page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Mexico' }),
    ).toBeVisible();
    await expect(page.getByTestId('peers').getByText('Among the other units of Mexico.')).toBeVisible();
  });

  test('sex breakdown: female and male with names from the catalogue, for the year and as trends', async ({
    page,
  }) => {
    await open(page, '/country/MEX?year=2020');
    const section = page.getByTestId('by-sex');
    const table = section.getByTestId('sex-table');
    await expect(table.locator('thead th[data-category]')).toHaveText(['Female', 'Male']);
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await expect(table.locator('tbody tr[data-indicator="homicide_rate"] td')).toHaveCount(2);
    await expect(section.locator('[data-testid="sex-chart"] svg')).toHaveCount(3);
    await expect(section.locator('[data-testid="sex-chart"] svg').first()).toHaveAttribute(
      'aria-label',
      /Female .* Male/,
    );
  });

  test('a small state shows the small-count badge on the homicide rate in a year with few events', async ({
    page,
  }) => {
    const { rows } = await apiJson<{ rows: Row[] }>(
      page,
      '/api/analytics?indicator=homicide_rate&orgUnit=KNA&from=1990&to=2100&periodType=year',
    );
    const small = rows.find((row) => row.disaggregation === '' && row.smallCount);
    expect(small).toBeDefined();
    await open(page, `/country/KNA?year=${small!.period}`);
    const card = page.locator('.indicator-card[data-indicator="homicide_rate"]');
    await expect(card.locator('.badge')).toContainText(['Small count']);
  });

  test('sources that disagree by more than 10% are flagged on the homicide rate, naming both', async ({
    page,
  }) => {
    await open(page, '/country/GTM?year=2018');
    const card = page.locator('.indicator-card[data-indicator="homicide_rate"]');
    await expect(card.locator('.badge-alert')).toContainText('Sources disagree');
    await expect(card.locator('.badge-alert')).toContainText(
      /Police records and Forensic medicine institute differ by \d+%/,
    );
  });

  test('renders in Spanish and French, with names and numbers in the reader’s language', async ({ page }) => {
    const errors = collectErrors(page);
    await open(page, '/country/MEX?year=2020');
    await page.getByLabel('Language').selectOption('es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('México');
    await expect(page.getByRole('heading', { name: 'Indicadores principales' })).toBeVisible();
    await expect(page.getByTestId('sex-table').locator('thead th[data-category]')).toHaveText([
      'Femenino',
      'Masculino',
    ]);
    await expect(page).toHaveTitle(/^México · Atalaya$/);
    await page.getByLabel('Idioma').selectOption('fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mexique');
    await expect(page.getByRole('heading', { name: 'Unités infranationales' })).toBeVisible();
    await expect(
      page.getByTestId('peers').getByText('Parmi les États membres de la sous-région Amérique centrale.'),
    ).toBeVisible();
    // French decimals use a comma
    await expect(
      page.locator('.indicator-card[data-indicator="homicide_rate"]').getByTestId('card-value'),
    ).toHaveText(/^\d+,\d+$/);
    expect(errors).toEqual([]);
  });

  test('an unknown code says there is no such unit; a unit without children says so', async ({ page }) => {
    await open(page, '/country/XXX');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('No such unit');
    await expect(page.getByTestId('no-such-unit')).toContainText('XXX');
    const { units } = await apiJson<{ units: { code: string }[] }>(
      page,
      '/api/geography/units?parent=MEX.09',
    );
    const municipality = units[0]!.code;
    await open(page, `/country/${municipality}`);
    await expect(page.getByTestId('no-children')).toBeVisible();
    await expectAccessible(page);
  });

  test('has no serious accessibility violation and no horizontal scroll, at desktop and phone width', async ({
    page,
  }) => {
    await open(page, '/country/MEX');
    await expectAccessible(page);
    await page.setViewportSize({ width: 375, height: 800 });
    await expect(page.locator('.headline-columns')).toBeVisible();
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // the headline columns stack on a phone
    const [traditional, wider] = await Promise.all([
      page.locator('[data-family="traditional"]').boundingBox(),
      page.locator('[data-family="wider_outcome"]').boundingBox(),
    ]);
    expect(wider!.y).toBeGreaterThan(traditional!.y + traditional!.height - 1);
  });
});
