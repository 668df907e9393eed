#!/usr/bin/env bash
# make bench: load benchmark against gunicorn (production settings) on the bench database.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-uv}"
. benchmarks/env.sh
mkdir -p "$WAIBAN_VAR_DIR"
"$UV" run python manage.py collectstatic --noinput -v 0
exec "$UV" run python benchmarks/bench.py "$@"
