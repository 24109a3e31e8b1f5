import { expect, test } from '@playwright/test';
import { collectErrors, expectAccessible, open } from './support.ts';

test.describe('indicator pages', () => {
  test('the list groups every indicator by family and links to each page', async ({ page }) => {
    const errors = collectErrors(page);
    await open(page, '/indicators');
    await expect(page.getByRole('heading', { level: 2 })).toHaveText([
      'Traditional indicators',
      'Wider outcomes',
      'Context',
    ]);
    const links = page.locator('.indicator-list a');
    expect(await links.count()).toBeGreaterThanOrEqual(20);
    await page.getByRole('link', { name: 'Intentional homicide rate' }).click();
    await expect(page).toHaveURL(/\/indicators\/homicide_rate$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Intentional homicide rate');
    expect(errors).toEqual([]);
  });

  test('an indicator page gives its definition, formula, mappings, sources and caveats', async ({ page }) => {
    await open(page, '/indicators/homicide_rate');
    await expect(page.getByTestId('formula')).toContainText('Victims of intentional homicide');
    await expect(page.getByTestId('formula')).toContainText('100,000');
    await expect(page.locator('.definition-list')).toContainText('16.1.1');
    await expect(page.locator('.definition-list')).toContainText('0101');
    await expect(page.locator('.definition-list')).toContainText('Intentional homicide');
    // police and forensic counts are both published in the demo data
    await expect(page.getByTestId('sources').locator('li')).not.toHaveCount(0);
    await expect(page.getByTestId('sources')).toContainText('Police');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Intentional homicide rate');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Explore this indicator' }).click();
    await expect(page).toHaveURL(/\/explore\?indicator=homicide_rate/);
  });

  test('a share shows its breakdown in the formula, in French too', async ({ page }) => {
    await open(page, '/indicators/women_prisoner_share?lang=fr');
    await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
    await expect(page.getByTestId('formula')).toContainText('Féminin');
    await expect(page.locator('.definition-list dt').first()).toHaveText('Définition');
  });

  test('an unknown indicator says so; an unknown path is a 404', async ({ page }) => {
    await open(page, '/indicators/no_such_thing');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('no_such_thing');
    await expect(page.getByRole('link', { name: 'All indicators' })).toBeVisible();
    // a path the app does not have: the server answers 404, the app is not served
    expect((await page.goto('/no/such/page'))?.status()).toBe(404);
  });
});
