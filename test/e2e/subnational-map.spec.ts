/**
 * The subnational map of a country profile: Mexico's 32 divisions drawn from the demo's synthetic
 * boundaries (one path each, coloured by the selected indicator), said to be synthetic, with its
 * legend and a sentence for screen readers; El Salvador's divisions too; a division (whose
 * municipalities have no boundaries) keeps "boundaries not loaded". Accessible at 1280 and 375 px.
 * The import page checks a GeoJSON file of three states (a dry run: nothing written).
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, expectAccessible, open, signInWithGrants } from './support.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ingest');

async function boundaryCount(page: Page, parent: string): Promise<number> {
  const response = await page.request.get(`/api/geography/boundaries?parent=${parent}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { features: unknown[] }).features.length;
}

for (const width of [1280, 375]) {
  test(`Mexico's profile draws the map of its divisions, at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const errors = collectErrors(page);
    await open(page, '/country/MEX?year=2020');
    const expected = await boundaryCount(page, 'MEX');
    expect(expected).toBe(32);
    const children = page.getByTestId('children');
    const map = children.getByTestId('subnational-map');
    const svg = map.locator('svg[role="img"]');
    await expect(svg).toHaveAttribute(
      'aria-label',
      /^Map of Intentional homicide rate in 2020 across the 32 subdivisions of Mexico with a boundary: highest .+ \(\d/,
    );
    await expect(svg.locator('[data-mark="geo"] path')).toHaveCount(expected);
    // coloured by value: the divisions do not all share one colour, and none is the no-data grey
    const fills = await svg
      .locator('[data-mark="geo"] path')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
    expect(new Set(fills).size).toBeGreaterThan(2);
    // each division is drawn small (no ring wound the wrong way covering the whole map)
    const box = await svg.boundingBox();
    const areas = await svg
      .locator('[data-mark="geo"] path')
      .evaluateAll((paths) =>
        paths.map((p) => (p as SVGGraphicsElement).getBBox()).map((b) => b.width * b.height),
      );
    expect(Math.max(...areas)).toBeLessThan((box!.width * box!.height) / 4);
    await expect(map.getByTestId('synthetic-boundaries')).toHaveText(
      'Synthetic boundaries: shapes generated for the demo, not real borders.',
    );
    await expect(map.locator('.map-legend li')).toHaveCount(6);
    await expect(children.getByTestId('no-boundaries')).toHaveCount(0);
    // another indicator redraws the map
    await children.getByLabel('Indicator').selectOption('prison_rate');
    await expect(svg).toHaveAttribute('aria-label', /^Map of Prison population rate in 2020/);
    expect(errors).toEqual([]);
    await expectAccessible(page);
  });
}

test('El Salvador has its map; a division without boundaries below it says so', async ({ page }) => {
  await open(page, '/country/SLV');
  await expect(page.getByTestId('subnational-map').locator('[data-mark="geo"] path')).toHaveCount(
    await boundaryCount(page, 'SLV'),
  );
  await open(page, '/country/MEX.09');
  await expect(page.getByTestId('no-boundaries')).toHaveText(
    'No subnational map: boundaries not loaded yet.',
  );
  await expect(page.getByTestId('subnational-map')).toHaveCount(0);
  await expectAccessible(page);
});

test('the import page checks a GeoJSON file of boundaries (a dry run, nothing written)', async ({
  page,
  request,
}) => {
  await signInWithGrants(page, request, [{ role: 'contributor', scope: 'MEX' }], 'Mara Mapper');
  await open(page, '/imports');
  await page.getByLabel('Format').selectOption('geojson');
  await expect(page.getByLabel('Status of new and changed values')).toHaveCount(0);
  await page.getByLabel('File', { exact: true }).setInputFiles(join(FIXTURES, 'mex-estados.geojson'));
  await page.getByLabel('Mapping file (JSON)').setInputFiles(join(FIXTURES, 'mex-estados.mapping.json'));
  await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
  const preview = page.getByTestId('import-preview');
  await expect(preview.locator('[data-count="features"] dd')).toHaveText('3');
  // the demo's synthetic cells of these three states would be replaced
  await expect(preview.locator('[data-count="changed"] dd')).toHaveText('3');
  await expect(page.getByTestId('no-problems')).toBeVisible();
  await expect(page.getByTestId('import-changes').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('import-changes')).toContainText('MEX.17');
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();
  await expectAccessible(page);
});
