/** Shared steps for the browser tests: open a page and wait until it drew its data; run axe. */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './e2e-server.ts';

/** Opens `path` and waits for the page to mark itself ready (web/src/page-ready.ts). */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await expect(page.locator('main[data-ready="true"], body[data-ready="true"]')).toHaveCount(1, {
    timeout: 45_000,
  });
}

/** axe-core on the whole page: no serious or critical violation (listed in the failure). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** Errors the page printed or threw, collected while a test runs. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

const PASSWORD = 'correct horse battery staple 42';

/** Creates a user with these grants (with the operator token) and signs in through /sign-in. */
export async function signInWithGrants(
  page: Page,
  request: APIRequestContext,
  grants: readonly { role: string; scope: string | null }[],
  name: string,
): Promise<void> {
  const email = `${grants[0]?.role ?? 'user'}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
  const created = await request.post('/api/users', {
    headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` },
    data: { email, name, password: PASSWORD, grants },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}
