#!/usr/bin/env bash
# make test: the whole suite on SQLite, or on PostgreSQL when DATABASE_URL=postgres://… is set.
# Extra arguments go to pytest (e.g. make test ARGS="apps/trips -x").
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(scripts/bootstrap.sh)"
"$UV" run python manage.py makemigrations --check --dry-run --settings=waiban.settings_test >/dev/null \
  || { echo "model changes without migrations"; exit 1; }
WORKERS="${WAIBAN_TEST_WORKERS:-2}"
if [ "$#" -gt 0 ]; then
  exec "$UV" run pytest -n "$WORKERS" --dist loadgroup -q "$@"
fi
# Unit and integration tests, then the browser tests in their own run: live-server tests need the
# database flushed and restored around each test, which mixes badly with the other transactional tests.
"$UV" run pytest -n "$WORKERS" --dist loadgroup -q --ignore=tests/browser
"$UV" run pytest -n "$WORKERS" --dist loadgroup -q tests/browser
