/**
 * Browser tests (test/e2e) in Debian's Chromium, against `atalaya serve --demo` on 127.0.0.1 with
 * the built web app. The demo store is kept in .e2e/ between local runs (loading it takes about a
 * minute); CI starts from a clean clone. `npm test` builds the app and runs these after vitest.
 */
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium-args.ts';
import { E2E_ADMIN_TOKEN, E2E_PORT as PORT } from './e2e-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const DB = process.env['ATALAYA_E2E_DB'] ?? join(ROOT, '.e2e', 'atalaya-e2e.db');

export default defineConfig({
  testDir: '.',
  outputDir: join(ROOT, 'test-results', 'e2e'),
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env['CI'] === undefined ? 0 : 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `mkdir -p .e2e && node bin/atalaya.js --db ${DB} serve --demo --port ${PORT} --log-level warn --admin-token ${E2E_ADMIN_TOKEN}`,
    cwd: ROOT,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: process.env['CI'] === undefined,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
