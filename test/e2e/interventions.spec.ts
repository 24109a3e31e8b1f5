/**
 * The interventions register, an intervention's evaluation and the CSV evaluation page: what the
 * public sees (the list, no form, no evaluation), and what an analyst does (registers, evaluates
 * Barrios Seguros by ITS against donors and Cuadrantes Comunitarios by DiD, evaluates a CSV panel).
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, open, signInWithGrants } from './support.ts';

/** Creates an analyst with the operator token and signs in through /sign-in. */
function signInAsAnalyst(page: Page, request: APIRequestContext): Promise<void> {
  return signInWithGrants(page, request, [{ role: 'analyst', scope: null }], 'Ana Analyst');
}

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(client);
}

/** axe at 1280 px, then at 375 px with no horizontal scroll. */
async function checkBothWidths(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectAccessible(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A monthly series 2018-01 to 2021-12 whose level falls by 30% from 2020-01 (seeded noise). */
function droppedSeriesCsv(): string {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines = ['month,count,population'];
  for (let i = 0; i < 48; i++) {
    const year = 2018 + Math.floor(i / 12);
    const month = String((i % 12) + 1).padStart(2, '0');
    const mean = (i >= 24 ? 140 : 200) * (1 + 0.002 * i);
    const count = Math.round(mean + (random() - 0.5) * 2 * Math.sqrt(mean));
    lines.push(`${year}-${month},${count},1000000`);
  }
  return lines.join('\n');
}

test.describe('interventions and evaluation pages', () => {
  test('the public sees the register of the demo’s two interventions, no form and no evaluation', async ({
    page,
  }) => {
    await open(page, '/interventions');
    await expect(page.getByRole('heading', { level: 1, name: 'Interventions' })).toBeVisible();
    const register = page.getByTestId('register');
    await expect(register.getByRole('link', { name: 'Barrios Seguros' })).toBeVisible();
    await expect(register.getByRole('link', { name: 'Cuadrantes Comunitarios' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in', exact: true }).first()).toBeVisible();
    await expect(page.getByTestId('register-note')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Register' })).toHaveCount(0);

    await page.getByLabel('Country').selectOption('COL');
    await expect(register.getByRole('link', { name: 'Barrios Seguros' })).toHaveCount(0);
    await expect(page).toHaveURL(/country=COL/);
    await page.getByLabel('Type').selectOption('law');
    await expect(page.getByText('No intervention matches these filters.')).toBeVisible();
    await page.getByLabel('Country').selectOption('');
    await page.getByLabel('Type').selectOption('');
    await checkBothWidths(page);

    await register.getByRole('link', { name: 'Barrios Seguros' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Barrios Seguros' })).toBeVisible();
    await expect(page.getByTestId('details')).toContainText('Honduras');
    await expect(page.getByTestId('evaluate-note')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Run the evaluation' })).toHaveCount(0);
    await checkBothWidths(page);

    const refused = await page.request.post('/api/interventions/barrios_seguros/evaluate', {
      data: { method: 'its' },
    });
    expect(refused.status()).toBe(401);

    await open(page, '/evaluate');
    await expect(page.getByTestId('evaluate-note')).toBeVisible();
    await expect(page.getByLabel('CSV file')).toHaveCount(0);
  });

  test('an analyst registers an intervention after a field error for a bad code', async ({
    page,
    request,
  }) => {
    await signInAsAnalyst(page, request);
    await open(page, '/interventions');
    await expect(page.getByTestId('session')).toContainText('Signed in as Ana Analyst');
    const code = `e2e_${Date.now()}`;
    await page.locator('#reg-code').fill('Bad Code!');
    await page.locator('#reg-name').fill(`Patrullas ${code}`);
    await page.locator('#reg-type').selectOption('tactic');
    await page.locator('#reg-country').selectOption('HND');
    await page.locator('#reg-start').fill('2018-03');
    await page.locator('#reg-level').selectOption('division');
    await page.locator('#reg-units').selectOption(['HND.01', 'HND.02']);
    await page.locator('#reg-indicators').selectOption(['homicide_rate']);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByTestId('error-code')).toContainText('is not a code');
    await expect(page.locator('#reg-code')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert')).toContainText('not registered');
    await checkBothWidths(page);

    await page.locator('#reg-code').fill(code);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'is registered' })).toBeVisible();
    await expect(page.getByTestId('register').getByRole('link', { name: `Patrullas ${code}` })).toBeVisible();
    const saved = (await (await request.get(`/api/interventions/${code}`)).json()) as {
      units: { unit: string }[];
    };
    expect(saved).toMatchObject({ type: 'tactic', country: 'HND', start: '2018-03' });
    expect(saved.units.map((u) => u.unit)).toEqual(['HND.01', 'HND.02']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByTestId('register-note')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in', exact: true }).first()).toBeVisible();
  });

  test('an analyst evaluates Barrios Seguros by ITS against donors, and reads it in Spanish', async ({
    page,
    request,
  }) => {
    await signInAsAnalyst(page, request);
    await open(page, '/interventions/barrios_seguros');
    await page.getByLabel('Method').selectOption('its');
    await page.getByRole('radio', { name: /^Donors/ }).check();
    await page.getByRole('button', { name: 'Run the evaluation' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Running' })).toBeVisible();
    const estimate = page.getByTestId('estimate');
    await expect(estimate).toContainText('Rate ratio at the start', { timeout: 60_000 });
    const ratio = Number((await estimate.locator('strong').first().innerText()).split(' ')[0]);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(0.8);
    await expect(
      page.getByTestId('its-chart').locator('svg[viewBox], .chart-area svg').first(),
    ).toBeVisible();
    await expect(page.getByTestId('its-chart').locator('[role="img"]')).toHaveAttribute(
      'aria-label',
      /counterfactual/,
    );
    await expect(page.getByTestId('diagnostics')).toContainText('Ljung–Box');
    await checkBothWidths(page);

    await page.getByLabel('Language').selectOption('es');
    await expect(page.getByTestId('headline')).toContainText('razón de tasas');
    await expect(page.getByRole('heading', { name: 'Resultado' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Descargar el resultado (JSON)' })).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Descargar el resultado (JSON)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^barrios_seguros-its-.*\.json$/);
  });

  test('an analyst evaluates Cuadrantes Comunitarios by difference-in-differences', async ({
    page,
    request,
  }) => {
    await signInAsAnalyst(page, request);
    await open(page, '/interventions/cuadrantes_comunitarios');
    await page.getByLabel('Method').selectOption('did');
    await expect(page.getByLabel('Period type')).toHaveValue('quarter');
    await page.getByRole('button', { name: 'Run the evaluation' }).click();
    await expect(page.getByTestId('estimate')).toContainText('Average effect on the treated', {
      timeout: 60_000,
    });
    const chart = page.getByTestId('did-chart');
    await expect(chart.locator('.chart-area svg')).toBeVisible();
    await expect(chart).toContainText('Event study');
    await expect(page.getByTestId('diagnostics')).toContainText('Pre-test of parallel trends');
    const download = page.waitForEvent('download');
    await chart.getByRole('button', { name: 'Download the chart (SVG)' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.svg$/);
    await checkBothWidths(page);
  });

  test('/evaluate reads a CSV panel, shows the API’s refusal, then the result', async ({ page, request }) => {
    await signInAsAnalyst(page, request);
    await open(page, '/evaluate?lang=es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evaluar un panel desde un archivo CSV');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'drop.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(droppedSeriesCsv()),
    });
    await expect(page.getByTestId('file-status')).toContainText('48 rows, 3 columns');
    await expect(page.getByLabel('Time column')).toHaveValue('month');
    await expect(page.getByLabel('Outcome column')).toHaveValue('count');
    await expect(page.getByLabel('Exposure column (optional)')).toHaveValue('population');

    await page.getByLabel('First period of the intervention').fill('2035-01');
    await page.getByRole('button', { name: 'Run the evaluation' }).click();
    await expect(page.getByTestId('csv-error')).toContainText('The panel was refused');

    await page.getByLabel('First period of the intervention').fill('2020-01');
    await page.getByRole('button', { name: 'Run the evaluation' }).click();
    const estimate = page.getByTestId('estimate');
    await expect(estimate).toContainText('Rate ratio at the start', { timeout: 60_000 });
    const ratio = Number((await estimate.locator('strong').first().innerText()).split(' ')[0]);
    expect(ratio).toBeGreaterThan(0.62);
    expect(ratio).toBeLessThan(0.78);
    await expect(page.getByTestId('its-chart').locator('.chart-area svg')).toBeVisible();
    await checkBothWidths(page);
  });

  test('the pages speak Spanish', async ({ page }) => {
    await open(page, '/interventions?lang=es');
    await expect(page.getByRole('heading', { level: 1, name: 'Intervenciones' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Unidades tratadas' })).toBeVisible();
    await expect(page.getByTestId('register')).toContainText('Proyecto');
    await page.getByRole('link', { name: 'Cuadrantes Comunitarios' }).click();
    await expect(page.getByRole('heading', { name: 'Evaluación' })).toBeVisible();
    await expect(page.getByTestId('evaluate-note')).toContainText('Evaluar requiere');
    await expect(page.getByTestId('details')).toContainText('Estrategia');
  });
});
