import { expect, test } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './e2e-server.ts';
import { expectAccessible } from './support.ts';

const PASSWORD = 'correct horse battery staple 42';

test.describe('sign-in and user administration pages', () => {
  test('an administrator signs in, lands on /admin/users, and signs out', async ({
    page,
    request,
  }, testInfo) => {
    const email = `admin-${testInfo.workerIndex}-${Date.now()}@example.org`;
    const created = await request.post('/api/users', {
      headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
      data: {
        email,
        name: 'E2E Admin',
        password: PASSWORD,
        grants: [{ role: 'administrator', scope: null }],
      },
    });
    expect(created.status(), await created.text()).toBe(201);

    await page.goto('/sign-in');
    await expectAccessible(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).not.toBeEmpty();

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.locator('#users')).toContainText(email);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    expect((await page.goto('/admin/users'))?.status()).toBe(401);
  });

  test('the sign-in page speaks the reader’s language', async ({ page }) => {
    await page.goto('/sign-in?lang=es');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('button', { name: 'Entrar' })).toBeVisible();
  });
});
