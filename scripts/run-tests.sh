#!/usr/bin/env bash
# Runs the whole test suite, slow full-data checks included. In CI (CI=true) a throwaway
# PostgreSQL server is started on loopback so that the store tests also run against it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${WIRECODER_TEST_PG_URL:-}" ] && [ "${CI:-}" = "true" ]; then
  WIRECODER_TEST_PG_URL=$(bash scripts/postgres-test-server.sh)
  export WIRECODER_TEST_PG_URL
  echo "PostgreSQL for tests: $WIRECODER_TEST_PG_URL"
fi
exec .venv/bin/pytest -n 2 -p no:cacheprovider "$@"
