/**
 * The server the browser tests run against: its port, its store, and the operator token it is
 * started with (test/e2e/playwright.config.ts), so tests can create the accounts they sign in with.
 */
export const E2E_PORT = Number(process.env['ATALAYA_E2E_PORT'] ?? 8181);
export const E2E_ADMIN_TOKEN =
  process.env['ATALAYA_E2E_ADMIN_TOKEN'] ?? 'e2e-operator-token-0123456789abcdef0123456789abcdef';
