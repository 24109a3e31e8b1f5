import { expect, test } from '@playwright/test';
import { open } from './support.ts';

test.describe('languages', () => {
  test('switches language, formats numbers by locale, and remembers the choice', async ({ page }) => {
    await open(page, '/?indicator=homicide_rate&year=2020');
    await page.getByLabel('Language').selectOption('es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seguridad en las Américas');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByTestId('synthetic-notice')).toContainText('Datos de demostración sintéticos');
    await page.getByLabel('Idioma').selectOption('fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('La sécurité dans les Amériques');
    // French decimals use a comma
    const value = await page
      .getByTestId('ranking-table')
      .locator('tbody tr')
      .first()
      .locator('td.num')
      .nth(1)
      .innerText();
    expect(value).toMatch(/^\d+,\d+$/);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('La sécurité dans les Amériques');
    await page.goto('/indicators');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Indicateurs');
  });

  test('a link with ?lang= opens in that language', async ({ page }) => {
    await open(page, '/?lang=pt');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Segurança nas Américas');
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt');
  });
});
