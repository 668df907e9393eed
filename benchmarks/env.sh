# Environment of the benchmark: production settings (waiban.settings) against a throw-away PostgreSQL
# database, plain HTTP on loopback. Fixed synthetic keys: the data set and the server must agree.
export BENCH_DB="${BENCH_DB:-waiban_bench}"
export BENCH_PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="$BENCH_PG/$BENCH_DB"
export DJANGO_SETTINGS_MODULE=waiban.settings
export DJANGO_SECRET_KEY="bench-secret-key-not-for-production-8c1f0e7a9b2d4c6e"
export WAIBAN_FIELD_ENCRYPTION_KEYS="bench-field-key-6b7e2c9d1a0f"
export WAIBAN_LOOKUP_HASH_KEY="bench-lookup-key-3d5a8e1c7f90"
export WAIBAN_AUDIT_KEY="bench-audit-key-9e4b1d7c2a58"
export WAIBAN_HTTPS=false
export WAIBAN_VAR_DIR="${WAIBAN_VAR_DIR:-$PWD/var/bench}"
export WAIBAN_LOG_LEVEL=ERROR
# The public pages' per-address limit (30 a minute) protects the open internet; the benchmark measures
# what a page costs, from one address, so it lifts the limit.
export WAIBAN_PUBLIC_RATE_PER_MINUTE=100000000
