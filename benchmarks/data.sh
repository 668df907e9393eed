#!/usr/bin/env bash
# make bench-data SCALE=100k: a fresh PostgreSQL database filled with the synthetic data set.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-uv}"
SCALE="${1:-10k}"
. benchmarks/env.sh
mkdir -p "$WAIBAN_VAR_DIR"
START=$(date +%s)
psql "$BENCH_PG/postgres" -q -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $BENCH_DB"
T0=$(date +%s)
"$UV" run python manage.py migrate --noinput -v 0
T1=$(date +%s)
echo "migrate: $((T1 - T0)) s"
"$UV" run python manage.py bench_data --scale "$SCALE" --report "$WAIBAN_VAR_DIR/data-$SCALE.json"
echo "bench-data $SCALE: $(( $(date +%s) - START )) s in all (database $BENCH_DB)"
