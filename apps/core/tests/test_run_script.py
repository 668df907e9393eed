"""`make run` (scripts/run-demo.sh): HOST/PORT choose where it serves; a second run says the port is taken."""

import os
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "run-demo.sh"


def _run(env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT")}
    env.update(env_extra)
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_port_in_use_is_reported_before_anything_starts():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        result = _run({"PORT": str(port)})
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "PORT=8080 make run" in result.stderr


def test_port_must_be_a_number():
    result = _run({"PORT": "eighty"})
    assert result.returncode == 2
    assert "PORT must be a number" in result.stderr


def test_script_binds_gunicorn_to_host_and_port():
    text = SCRIPT.read_text()
    assert '--bind "$HOST:$PORT"' in text
    assert 'HOST="${HOST:-127.0.0.1}"' in text and 'PORT="${PORT:-8000}"' in text
