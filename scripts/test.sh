#!/usr/bin/env bash
# The test command (`npm test`): every test, on SQLite and on PostgreSQL (a throwaway server on
# 127.0.0.1 unless ATALAYA_TEST_PG_URL names one), then the browser tests in Chromium against the
# built web app. ATALAYA_TEST_DIALECTS=sqlite skips PostgreSQL; ATALAYA_TEST_E2E=0 skips the
# browser; arguments (test files) run those vitest files only.
set -euo pipefail
cd "$(dirname "$0")/.."
export ATALAYA_TEST_DIALECTS=${ATALAYA_TEST_DIALECTS:-sqlite,postgres}
npx vite build web --logLevel warn
case "$ATALAYA_TEST_DIALECTS" in
  *postgres*) scripts/with-postgres.sh npx vitest run "$@" ;;
  *) npx vitest run "$@" ;;
esac
if [ "${ATALAYA_TEST_E2E:-1}" != 0 ] && [ $# -eq 0 ]; then
  npx playwright test -c test/e2e/playwright.config.ts
fi
