/**
 * The import page: the public is told to sign in (and sees no Import link); a contributor of
 * Honduras checks a canonical CSV (new values, nothing written), imports it, checks it again
 * (unchanged), sees a bad file's problems at their lines, rolls an import of theirs back from the
 * list of recent imports, checks a WDI export with its mapping file (the rows of Chile outside
 * their scope rejected), and an XLSX workbook with a table mapping (its rows of Honduras new, an
 * error value named by its cell). In Spanish too; axe at both widths.
 */
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, open, signInWithGrants } from './support.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ingest');

function signInAsContributor(page: Page, request: APIRequestContext, scope: string): Promise<void> {
  return signInWithGrants(page, request, [{ role: 'contributor', scope }], 'Carla Contributor');
}

/** A canonical CSV of two firearm values in a month no other test uses. */
function canonicalCsv(month: string, values: readonly [number, number]): Buffer {
  return Buffer.from(
    [
      'element,org_unit,period,disaggregation,source,value',
      `firearms_marked,HND,${month},,ministry,${values[0]}`,
      `firearms_destroyed,HND,${month},,ministry,${values[1]}`,
    ].join('\n') + '\n',
  );
}

test.describe('import page', () => {
  test('the public is asked to sign in, and the header offers no import', async ({ page }) => {
    await open(page, '/imports');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a file');
    await expect(page.getByTestId('imports-note')).toContainText('contributor, approver or administrator');
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }),
    ).toHaveCount(0);
    await expectAccessible(page);
  });

  test('a contributor checks, imports and checks again a canonical CSV, and sees a bad file’s problems', async ({
    page,
    request,
  }) => {
    await signInAsContributor(page, request, 'HND');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await expect(page).toHaveURL(/\/imports$/);
    // a month of 1951 no other test writes, different on each run of the same store
    const month = `1951-${String((Date.now() % 12) + 1).padStart(2, '0')}`;
    const values = [10 + (Date.now() % 50), 5 + (Date.now() % 7)] as const;
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'firearms.csv',
      mimeType: 'text/csv',
      buffer: canonicalCsv(month, values),
    });
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
    await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
    const preview = page.getByTestId('import-preview');
    await expect(preview.locator('[data-count="new"] dd')).toHaveText('2');
    await expect(page.getByTestId('no-problems')).toBeVisible();
    await expect(page.getByTestId('import-changes').locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('import-changes')).toContainText(`firearms_marked · HND · ${month}`);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByTestId('import-done')).toContainText('2 rows, 2 new, 0 changed, 0 unchanged');
    await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
    await expect(preview.locator('[data-count="unchanged"] dd')).toHaveText('2');
    await expect(preview.locator('[data-count="new"] dd')).toHaveText('0');

    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'element,org_unit,period,disaggregation,source,value\nfirearms_markd,HND,1951-01,,ministry,3\n',
      ),
    });
    await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
    await expect(preview.locator('[data-count="rejected"] dd')).toHaveText('1');
    await expect(page.getByTestId('import-issues')).toContainText('line 2');
    await expect(page.getByTestId('import-issues')).toContainText('unknown data element "firearms_markd"');
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  });

  test('a contributor rolls back their own import from the list of recent imports', async ({
    page,
    request,
  }) => {
    await signInAsContributor(page, request, 'HND');
    await open(page, '/imports');
    const month = `1952-${String((Date.now() % 12) + 1).padStart(2, '0')}`;
    const csv = canonicalCsv(month, [20 + (Date.now() % 50), 3 + (Date.now() % 7)]);
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'undo.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
    await expect(page.getByTestId('no-problems')).toBeVisible();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const done = page.getByTestId('import-done');
    await expect(done).toContainText('2 new');
    const batch = /as batch (\d+)/.exec((await done.textContent()) ?? '')![1]!;

    await page.reload();
    const batches = page.getByTestId('import-batches');
    const row = batches.locator(`tr[data-batch="${batch}"]`);
    await expect(row).toContainText('undo.csv');
    await row.getByRole('button', { name: `Roll back batch ${batch}` }).click();
    const confirm = page.getByTestId('rollback-confirm');
    await expect(confirm).toContainText(`Roll back batch ${batch}?`);
    await expect(confirm).toContainText('delete 2 new values');
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Roll back', exact: true }).click();
    await expect(page.getByTestId('rollback-done')).toContainText(`Batch ${batch} was rolled back as batch`);
    await expect(row).toContainText('rolled back by batch');
    await expect(row.getByRole('button')).toHaveCount(0);

    // the values are gone: the same file is new again
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'undo.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
    await expect(page.getByTestId('import-preview').locator('[data-count="new"] dd')).toHaveText('2');
    await page.setViewportSize({ width: 375, height: 900 });
    await expectAccessible(page);
  });

  test('a WDI export with its mapping file: what is left out, and rows outside the scope rejected', async ({
    page,
    request,
  }) => {
    await signInAsContributor(page, request, 'HND');
    await open(page, '/imports?lang=es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importar un archivo');
    await page.getByLabel('Formato').selectOption('wdi');
    await page.getByLabel('Archivo', { exact: true }).setInputFiles(join(FIXTURES, 'wdi-population.csv'));
    await page
      .getByLabel('Archivo de mapeo (JSON)')
      .setInputFiles(join(FIXTURES, 'wdi-population.mapping.json'));
    await page.getByRole('button', { name: 'Verificar (no escribe nada)' }).click();
    const preview = page.getByTestId('import-preview');
    await expect(preview).toContainText('utf-8-bom');
    await expect(preview).toContainText('agregado (región o grupo de ingreso)');
    await expect(preview.locator('[data-count="rejected"] dd')).toHaveText('3');
    await expect(page.getByTestId('import-issues')).toContainText('outside your scope');
    await expect(page.getByRole('button', { name: 'Importar', exact: true })).toBeDisabled();
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await expectAccessible(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
  });

  test('an XLSX workbook with a table mapping: the dry run’s changes, and an error value at its cell', async ({
    page,
    request,
  }) => {
    await signInAsContributor(page, request, 'HND');
    await open(page, '/imports');
    await page.getByLabel('Format').selectOption('table');
    await page.getByLabel('File', { exact: true }).setInputFiles(join(FIXTURES, 'table-prisons.xlsx'));
    await page
      .getByLabel('Mapping file (JSON)')
      .setInputFiles(join(FIXTURES, 'table-prisons-xlsx.mapping.json'));
    await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
    const preview = page.getByTestId('import-preview');
    // Honduras' two values (source: ministry, which the demo does not fill); Guatemala and
    // El Salvador are outside the contributor's scope
    await expect(preview.locator('[data-count="new"] dd')).toHaveText('2');
    await expect(preview.locator('[data-count="rejected"] dd')).toHaveText('3');
    await expect(page.getByTestId('import-changes')).toContainText('prisoners · HND · 2019');
    await expect(page.getByTestId('import-issues')).toContainText('outside your scope');
    await expectAccessible(page);

    await page.getByLabel('File', { exact: true }).setInputFiles(join(FIXTURES, 'table-errors.xlsx'));
    await page.getByRole('button', { name: 'Check (writes nothing)' }).click();
    await expect(page.getByTestId('import-issues')).toContainText('Prisiones!D3');
    await expect(page.getByTestId('import-issues')).toContainText('the cell holds the error value #DIV/0!');
    await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  });
});
