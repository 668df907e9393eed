#!/usr/bin/env bash
# Installs uv (if missing) and the locked Python environment into .venv. Prints the uv path.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="$(command -v uv 2>/dev/null || true)"
if [ -z "$UV" ]; then
  if [ -x "$HOME/.local/bin/uv" ]; then
    UV="$HOME/.local/bin/uv"
  else
    echo "installing uv (user site) …" >&2
    python3 -m pip install --user --quiet uv >&2 || python3 -m pip install --quiet uv >&2
    UV="$(command -v uv 2>/dev/null || echo "$HOME/.local/bin/uv")"
  fi
fi
"$UV" sync --frozen --quiet >&2
echo "$UV"
