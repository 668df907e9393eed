#!/usr/bin/env bash
# make run: the system with demo data on SQLite (or $DATABASE_URL), served by gunicorn on $HOST:$PORT
# (default 127.0.0.1:8000): `PORT=8080 make run`, `HOST=0.0.0.0 PORT=8080 make run`.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
  echo "PORT must be a number from 1 to 65535 (got \"$PORT\")." >&2
  exit 2
fi
# A second `make run` while one is serving: say so plainly instead of failing inside gunicorn.
port_in_use() {
  python3 - "$1" "$2" <<'PY'
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
probe = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
s = socket.socket(socket.AF_INET6 if ":" in probe else socket.AF_INET)
s.settimeout(0.5)
sys.exit(0 if s.connect_ex((probe, port)) == 0 else 1)
PY
}
if port_in_use "$HOST" "$PORT"; then
  pidfile=var/run-demo.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "waiban is already serving on http://$HOST:$PORT (make run, process $(cat "$pidfile"))." >&2
  else
    echo "Port $PORT on $HOST is already in use by another program." >&2
  fi
  echo "Stop it first, or serve on another port: PORT=8080 make run" >&2
  exit 1
fi
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
# Keys added by later versions are appended to an existing demo.env.
if ! grep -q '^WAIBAN_AUDIT_KEY=' var/demo.env; then
  echo "WAIBAN_AUDIT_KEY=$("$UV" run python -c 'import secrets; print(secrets.token_urlsafe(48))')" >> var/demo.env
fi
set -a; . var/demo.env; set +a
# The demo is served over plain HTTP on loopback; production keeps the secure defaults.
export WAIBAN_HTTPS=false
export DJANGO_SETTINGS_MODULE=waiban.settings
"$UV" run python manage.py migrate --noinput -v 0
"$UV" run python manage.py collectstatic --noinput -v 0
"$UV" run python manage.py load_demo
WORKERS="${WAIBAN_WORKERS:-3}"
# The host name the browser uses must be allowed (DJANGO_ALLOWED_HOSTS keeps any value you set).
if [ -z "${DJANGO_ALLOWED_HOSTS:-}" ]; then
  export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
  case "$HOST" in 127.0.0.1|localhost|::1) ;; 0.0.0.0|::) export DJANGO_ALLOWED_HOSTS="*" ;; *) DJANGO_ALLOWED_HOSTS+=",$HOST" ;; esac
fi
echo
echo "waiban is starting on http://$HOST:$PORT  (gunicorn, $WORKERS workers; Ctrl-C stops it)"
"$UV" run python manage.py db_worker --interval 2 >var/worker.log 2>&1 &
WORKER_PID=$!
echo $$ > var/run-demo.pid
trap 'kill $WORKER_PID 2>/dev/null || true; rm -f var/run-demo.pid' EXIT
exec_gunicorn() {
  "$UV" run gunicorn waiban.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" \
    --access-logfile - --error-logfile - --timeout 60
}
exec_gunicorn
