/**
 * The approval page: a signed-out visitor is sent to sign in; an approver of Honduras takes a
 * draft (a national and a divisional figure, imported through the API) bottom-up to published,
 * sees the national approval refused while the division is behind, and a division's retraction
 * refused while the nation is published; the public analytics API shows the national figure only
 * once it is published. In Spanish too; axe at 1280 and 375 px.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './e2e-server.ts';
import { expectAccessible, open, signInWithGrants } from './support.ts';

const OPERATOR = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const ELEMENT = 'firearms_marked';

/** A month of 1955–1999 where neither unit holds a value yet (the e2e store lives across runs). */
async function freeMonth(request: APIRequestContext, units: readonly string[]): Promise<string> {
  const start = Date.now() % 540;
  for (let k = 0; k < 540; k++) {
    const i = (start + k) % 540;
    const month = `${1955 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    const res = await request.get(
      `/api/data-values?element=${ELEMENT}&orgUnit=${units.join(',')}&period=${month}&limit=1`,
      { headers: OPERATOR },
    );
    expect(res.status()).toBe(200);
    if (((await res.json()) as { values: unknown[] }).values.length === 0) return month;
  }
  throw new Error('no free month left in 1955–1999');
}

/** What the public analytics API says for the unit and month (undefined: no row). */
async function publicValue(
  request: APIRequestContext,
  unit: string,
  month: string,
): Promise<number | undefined> {
  const res = await request.get(
    `/api/analytics?indicator=${ELEMENT}&orgUnit=${unit}&period=${month}&periodType=month`,
  );
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { view: string; rows: { value: number | null }[] };
  expect(body.view).toBe('published');
  return body.rows[0]?.value ?? undefined;
}

/** Opens a cell's actions, picks one, checks the confirmation, confirms; returns the outcome. */
async function move(page: Page, unit: string, month: string, action: RegExp, confirmation: RegExp) {
  await page.locator(`tr[data-unit="${unit}"] td[data-period="${month}"] button`).click();
  const panel = page.getByTestId('approval-actions');
  await panel.getByRole('button', { name: action }).click();
  await expect(panel.getByTestId('approval-confirm')).toHaveText(confirmation);
  await panel.getByRole('button', { name: 'Confirm' }).click();
  return page.getByTestId('approval-outcome');
}

test.describe('approval page', () => {
  test('a signed-out visitor is sent to sign in, and comes back signed in', async ({ page, request }) => {
    await page.goto('/approval?orgUnit=HND&from=2020&to=2021');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fapproval%3ForgUnit%3DHND%26from%3D2020%26to%3D2021$/);
    // signing in there comes back to the same view
    const email = `contributor-${Date.now()}@example.org`;
    const password = 'correct horse battery staple 42';
    const created = await request.post('/api/users', {
      headers: OPERATOR,
      data: { email, name: 'Carla Contributor', password, grants: [{ role: 'contributor', scope: 'HND' }] },
    });
    expect(created.status()).toBe(201);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/approval\?orgUnit=HND&from=2020&to=2021$/);
    await expect(page.getByTestId('approval-table')).toBeVisible();
    // a contributor may submit, not approve: no approval among the year's actions
    await expect(page.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
  });

  test('an approver takes a draft bottom-up to published; the public sees it only then', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const children = await request.get('/api/geography/units?parent=HND');
    const division = ((await children.json()) as { units: { code: string }[] }).units[0]!.code;
    const month = await freeMonth(request, ['HND', division]);
    const imported = await request.post('/api/data-values/import?status=draft&fileName=approval.csv', {
      headers: { ...OPERATOR, 'content-type': 'text/csv' },
      data: `element,org_unit,period,disaggregation,source,value\n${ELEMENT},HND,${month},,ministry,17\n${ELEMENT},${division},${month},,ministry,5\n`,
    });
    expect(imported.status(), await imported.text()).toBe(200);
    expect(await publicValue(request, 'HND', month)).toBeUndefined();

    await signInWithGrants(page, request, [{ role: 'approver', scope: 'HND' }], 'Ana Approver');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approval' }).click();
    await expect(page).toHaveURL(/\/approval$/);
    await open(page, `/approval?orgUnit=HND&from=${month}&to=${month}`);
    const national = page.locator(`tr[data-unit="HND"] td[data-period="${month}"]`);
    await expect(national.locator('[data-part="own"]')).toHaveText('○ 1 draft');
    await expect(national.locator('[data-part="below"]')).toContainText('1 draft');

    let outcome = await move(
      page,
      'HND',
      month,
      /^Submit drafts/,
      /^Submit the 1 draft values of Honduras for/,
    );
    await expect(outcome).toHaveText(`Done: 1 values of Honduras for ${month} are now submitted.`);
    await expect(national.locator('[data-part="own"]')).toHaveText('◐ 1 submitted');

    // bottom-up: the nation waits for its division
    outcome = await move(page, 'HND', month, /^Approve/, /^Approve the 1 submitted values of Honduras/);
    await expect(outcome.getByRole('alert')).toHaveText(
      `Refused: approval goes bottom-up, and units below Honduras are still behind for ${month}: ${division} ${month}: 1 draft.`,
    );
    await expect(national.locator('[data-part="own"]')).toHaveText('◐ 1 submitted');
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    for (const [action, status] of [
      [/^Submit drafts/, 'submitted'],
      [/^Approve/, 'approved'],
    ] as const) {
      outcome = await move(page, division, month, action, /values of/);
      await expect(outcome).toContainText(`now ${status}`);
    }
    outcome = await move(page, 'HND', month, /^Approve/, /^Approve the 1 submitted/);
    await expect(outcome).toHaveText(`Done: 1 values of Honduras for ${month} are now approved.`);
    outcome = await move(page, division, month, /^Publish/, /The public will see them\.$/);
    await expect(outcome).toContainText('now published');
    // approved is not public: the national figure is not seen yet
    expect(await publicValue(request, 'HND', month)).not.toBe(17);
    outcome = await move(page, 'HND', month, /^Publish/, /^Publish the 1 approved values of Honduras/);
    await expect(outcome).toHaveText(`Done: 1 values of Honduras for ${month} are now published.`);
    expect(await publicValue(request, 'HND', month)).toBe(17);
    expect(await publicValue(request, division, month)).toBe(5);

    // top-down: the division's publication stays while the nation's does
    outcome = await move(page, division, month, /^Retract publication/, /no longer see them\.$/);
    await expect(outcome.getByRole('alert')).toHaveText(
      new RegExp(
        `^Refused: withdrawals go top-down, and units above .+ are further on for ${month}: HND ${month}: 1 published\\. Send those back first\\.$`,
      ),
    );

    await open(page, `/approval?orgUnit=HND&from=${month}&to=${month}&lang=es`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aprobación');
    await expect(national.locator('[data-part="own"]')).toHaveText('✔ 1 publicado');
  });
});
