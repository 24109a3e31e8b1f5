#!/usr/bin/env bash
# Runs a command with ATALAYA_TEST_PG_URL pointing at a PostgreSQL server: the one already named by
# that variable, or a throwaway server started here on 127.0.0.1 (installing the Debian package
# `postgresql` first when it is missing and we are root) and stopped when the command ends.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then scripts/throwaway-postgres.sh stop "$pg_dir"; fi
}
trap cleanup EXIT

if [ -z "${ATALAYA_TEST_PG_URL:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "installing PostgreSQL (Debian package postgresql)…" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || { echo "could not install PostgreSQL" >&2; exit 1; }
    else
      echo "PostgreSQL is not installed: install the 'postgresql' package, or set ATALAYA_TEST_DIALECTS=sqlite" >&2
      exit 1
    fi
  fi
  pg_dir=$(mktemp -d /tmp/atalaya-pg.XXXXXX)
  port=${ATALAYA_TEST_PG_PORT:-$((54330 + RANDOM % 500))}
  ATALAYA_TEST_PG_URL=$(scripts/throwaway-postgres.sh start "$pg_dir" "$port")
  export ATALAYA_TEST_PG_URL
  echo "throwaway PostgreSQL at $ATALAYA_TEST_PG_URL" >&2
fi

"$@"
