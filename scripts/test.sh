#!/usr/bin/env bash
# make test: the whole suite on SQLite, or on PostgreSQL when DATABASE_URL=postgres://… is set.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(scripts/bootstrap.sh)"
"$UV" run python manage.py makemigrations --check --dry-run --settings=waiban.settings_test >/dev/null \
  || { echo "model changes without migrations"; exit 1; }
"$UV" run pytest -n "${WAIBAN_TEST_WORKERS:-2}" --dist loadgroup -q "$@"
