#!/usr/bin/env bash
# The test command (`npm test`): every test, on SQLite and on PostgreSQL.
# PostgreSQL: uses ATALAYA_TEST_PG_URL when set; otherwise starts a throwaway server on 127.0.0.1
# (installing the Debian package `postgresql` first when it is missing and we are root), and stops
# it at the end. Set ATALAYA_TEST_DIALECTS=sqlite to skip PostgreSQL on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then scripts/throwaway-postgres.sh stop "$pg_dir"; fi
}
trap cleanup EXIT

want_pg=1
case "${ATALAYA_TEST_DIALECTS:-sqlite,postgres}" in *postgres*) ;; *) want_pg=0 ;; esac

if [ "$want_pg" = 1 ] && [ -z "${ATALAYA_TEST_PG_URL:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "test: installing PostgreSQL (Debian package postgresql)…" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || { echo "test: could not install PostgreSQL" >&2; exit 1; }
    else
      echo "test: PostgreSQL is not installed; install the 'postgresql' package or set ATALAYA_TEST_DIALECTS=sqlite" >&2
      exit 1
    fi
  fi
  pg_dir=$(mktemp -d /tmp/atalaya-test-pg.XXXXXX)
  port=${ATALAYA_TEST_PG_PORT:-$((54330 + RANDOM % 500))}
  ATALAYA_TEST_PG_URL=$(scripts/throwaway-postgres.sh start "$pg_dir" "$port")
  export ATALAYA_TEST_PG_URL
  echo "test: throwaway PostgreSQL at $ATALAYA_TEST_PG_URL" >&2
fi
export ATALAYA_TEST_DIALECTS=${ATALAYA_TEST_DIALECTS:-sqlite,postgres}

npx vitest run "$@"
