#!/usr/bin/env bash
# Runs the whole test suite, slow full-data checks included. In CI (CI=true) the system
# services the tests need are installed and started first: Debian's chromium for the
# browser tests and a throwaway PostgreSQL server on loopback for the store tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CI:-}" = "true" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ -z "${WIRECODER_TEST_PG_URL:-}" ]; then
    WIRECODER_TEST_PG_URL=$(bash scripts/postgres-test-server.sh)
    export WIRECODER_TEST_PG_URL
    echo "PostgreSQL for tests: $WIRECODER_TEST_PG_URL"
  fi
fi
exec .venv/bin/pytest -n 2 -p no:cacheprovider "$@"
