/**
 * Screenshots of every page for the README (docs/screenshots/). Not a test of behaviour: it runs
 * only when asked, `ATALAYA_SCREENSHOTS=1 npx playwright test -c test/e2e/playwright.config.ts screenshots`.
 */
import { join } from 'node:path';
import { test } from '@playwright/test';
import { open } from './support.ts';

const OUT = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

const PAGES: readonly (readonly [name: string, path: string, width: number])[] = [
  ['overview', '/?indicator=homicide_rate&year=2023', 1280],
  ['overview-es-phone', '/?indicator=homicide_rate&year=2023&lang=es', 390],
  ['country-profile', '/country/MEX?year=2023', 1280],
  ['subnational-profile', '/country/MEX.09?year=2023', 1280],
  ['explorer', '/explore?indicator=homicide_rate&units=MEX,GTM,HND,SLV,CAM&from=2005&to=2024', 1280],
  ['explorer-map-fr', '/explore?indicator=prison_rate&from=2010&to=2024&view=map&lang=fr', 1280],
  ['indicator', '/indicators/homicide_rate', 1280],
  ['embed', '/embed/explore?indicator=homicide_rate&units=BRA,COL,VEN&from=2005&to=2024', 800],
];

test.describe('screenshots', () => {
  test.skip(
    process.env['ATALAYA_SCREENSHOTS'] !== '1',
    'screenshots are taken only with ATALAYA_SCREENSHOTS=1',
  );
  for (const [name, path, width] of PAGES) {
    test(name, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await open(page, path);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    });
  }
});
