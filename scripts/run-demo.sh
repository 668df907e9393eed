#!/usr/bin/env bash
# make run: the system with demo data on SQLite (or $DATABASE_URL), served by gunicorn on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(scripts/bootstrap.sh)"
mkdir -p var
# Demo secrets are generated once per checkout and kept in var/ (never committed).
if [ ! -f var/demo.env ]; then
  gen() { "$UV" run python -c 'import secrets; print(secrets.token_urlsafe(48))'; }
  {
    echo "DJANGO_SECRET_KEY=$(gen)"
    echo "WAIBAN_FIELD_ENCRYPTION_KEYS=$(gen)"
    echo "WAIBAN_LOOKUP_HASH_KEY=$(gen)"
  } > var/demo.env
  chmod 600 var/demo.env
fi
set -a; . var/demo.env; set +a
# The demo is served over plain HTTP on loopback; production keeps the secure defaults.
export WAIBAN_HTTPS=false
export DJANGO_SETTINGS_MODULE=waiban.settings
"$UV" run python manage.py migrate --noinput -v 0
"$UV" run python manage.py collectstatic --noinput -v 0
"$UV" run python manage.py load_demo
WORKERS="${WAIBAN_WORKERS:-3}"
echo
echo "waiban is starting on http://127.0.0.1:8000  (gunicorn, $WORKERS workers; Ctrl-C stops it)"
"$UV" run python manage.py db_worker --interval 2 >var/worker.log 2>&1 &
WORKER_PID=$!
trap 'kill $WORKER_PID 2>/dev/null || true' EXIT
exec_gunicorn() {
  "$UV" run gunicorn waiban.wsgi:application --bind 127.0.0.1:8000 --workers "$WORKERS" \
    --access-logfile - --error-logfile - --timeout 60
}
exec_gunicorn
