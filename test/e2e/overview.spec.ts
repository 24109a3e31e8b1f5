import { expect, test } from '@playwright/test';
import { collectErrors, expectAccessible, open } from './support.ts';

test.describe('Americas overview', () => {
  test('shows the map, the subregions and the ranking, and says the data is synthetic', async ({ page }) => {
    const errors = collectErrors(page);
    await open(page, '/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security in the Americas');
    await expect(page.getByTestId('synthetic-notice')).toContainText('Synthetic demo data');
    // every member state is on the map, as a link to its profile
    await expect(page.locator('.americas-map a.member')).toHaveCount(35);
    await expect(page.locator('[data-subregion]')).toHaveCount(4);
    const rows = page.getByTestId('ranking-table').locator('tbody tr');
    await expect(rows).toHaveCount(35);
    // ranked from the highest value down
    const values = await rows.locator('td.num:nth-of-type(2)').allInnerTexts();
    const numbers = values.map((v) => Number(v.replace(/,/g, '')));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(errors).toEqual([]);
  });

  test('hovering a state shows its value and interval; clicking opens its profile', async ({ page }) => {
    await open(page, '/?indicator=homicide_rate&year=2020');
    const mexico = page.locator('.americas-map a.member[data-unit="MEX"]');
    await mexico.hover();
    await expect(page.locator('.map-tooltip')).toContainText('Mexico');
    await expect(page.locator('.map-tooltip')).toContainText('95% interval');
    await mexico.click();
    await expect(page).toHaveURL(/\/country\/MEX$/);
  });

  test('the indicator and the year are in the address, so a link reproduces the view', async ({ page }) => {
    await open(page, '/');
    await page.getByLabel('Indicator').selectOption('prison_rate');
    await expect(page).toHaveURL(/indicator=prison_rate/);
    await page.getByLabel('Year').selectOption('2015');
    await expect(page).toHaveURL(/year=2015/);
    await expect(page.getByRole('heading', { name: /Prison.*2015/ })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Year')).toHaveValue('2015');
    await expect(page.getByLabel('Indicator')).toHaveValue('prison_rate');
  });

  test('is usable by keyboard: a state on the map is reached with Tab and opened with Enter', async ({
    page,
  }) => {
    await open(page, '/');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    const canada = page.locator('.americas-map a.member[data-unit="CAN"]');
    await canada.focus();
    await expect(page.locator('.map-tooltip')).toContainText('Canada');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/country\/CAN$/);
  });

  test('has no serious accessibility violation, at desktop and phone width', async ({ page }) => {
    await open(page, '/');
    await expectAccessible(page);
    await page.setViewportSize({ width: 375, height: 800 });
    await expectAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
