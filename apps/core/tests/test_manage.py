"""manage.py on a fresh clone: code-only commands run without the production keys; nothing else does."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
KEYS = ("DJANGO_SECRET_KEY", "WAIBAN_FIELD_ENCRYPTION_KEYS", "WAIBAN_LOOKUP_HASH_KEY", "WAIBAN_AUDIT_KEY")


def _manage():
    spec = importlib.util.spec_from_file_location("waiban_manage", ROOT / "manage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_keys(monkeypatch):
    for name in KEYS:
        monkeypatch.delenv(name, raising=False)


def test_code_only_commands_get_throwaway_keys(no_keys):
    _manage()._keyless_command_keys(["manage.py", "makemigrations", "--check"])
    values = [os.environ[name] for name in KEYS]
    assert all(len(v) >= 32 for v in values) and len(set(values)) == len(KEYS)


@pytest.mark.parametrize("command", ["migrate", "runserver", "shell", "check", "load_demo"])
def test_commands_that_touch_data_still_need_the_real_keys(no_keys, command):
    _manage()._keyless_command_keys(["manage.py", command])
    assert not any(name in os.environ for name in KEYS)


def test_makemigrations_check_runs_without_an_environment():
    env = {k: v for k, v in os.environ.items() if k not in (*KEYS, "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    r = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "No changes detected" in r.stdout
