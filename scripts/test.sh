#!/usr/bin/env bash
# The test command (`npm test`): every test, on SQLite and on PostgreSQL (a throwaway server on
# 127.0.0.1 unless ATALAYA_TEST_PG_URL names one). ATALAYA_TEST_DIALECTS=sqlite skips PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export ATALAYA_TEST_DIALECTS=${ATALAYA_TEST_DIALECTS:-sqlite,postgres}
case "$ATALAYA_TEST_DIALECTS" in
  *postgres*) exec scripts/with-postgres.sh npx vitest run "$@" ;;
  *) exec npx vitest run "$@" ;;
esac
