"""The production settings (no test overrides): what docs/SECURITY.md says about cookies, transport and
headers holds, and ``manage.py check --deploy`` finds nothing with the defaults."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in (
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS",
    "PASSWORD_HASHERS", "LANGUAGE_COOKIE_SECURE")} | {"WAIBAN": {k: v for k, v in s.WAIBAN.items()
    if k.startswith(("SESSION_", "SINGLE_", "PASSWORD_", "ENROLMENT_"))},
    "VALIDATORS": [v["NAME"] for v in s.AUTH_PASSWORD_VALIDATORS]}, default=str))
"""


def production_env(tmp_path) -> dict:
    """The environment a production server has: its own keys, HTTPS (the default), nothing else."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "VIRTUAL_ENV")}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "waiban.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "WAIBAN_FIELD_ENCRYPTION_KEYS": secrets.token_urlsafe(32),
        "WAIBAN_LOOKUP_HASH_KEY": secrets.token_urlsafe(32),
        "WAIBAN_AUDIT_KEY": secrets.token_urlsafe(32),
        "WAIBAN_VAR_DIR": str(tmp_path),
        "DJANGO_ALLOWED_HOSTS": "waiban.example.gov.cn",
    }


def run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_production_defaults_pass_the_deploy_check(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_transport_headers_and_policy(tmp_path):
    result = run(["-c", PRINT_SETTINGS], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout)
    assert s["DEBUG"] is False
    # cookies: only over HTTPS, not readable by scripts, not sent cross-site; gone when the browser closes
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["LANGUAGE_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"] and s["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert s["SESSION_EXPIRE_AT_BROWSER_CLOSE"] and s["SESSION_COOKIE_AGE"] == 30 * 60
    # transport and headers
    assert s["SECURE_SSL_REDIRECT"] and s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] and s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"
    # passwords hashed with a slow salted hash (not the tests' fast one)
    assert s["PASSWORD_HASHERS"][0].endswith(("PBKDF2PasswordHasher", "Argon2PasswordHasher"))
    # 等保 level 3 session and password policy
    assert s["WAIBAN"] == {
        "SESSION_ABSOLUTE_HOURS": 12.0,
        "SINGLE_SESSION": False,
        "PASSWORD_MIN_LENGTH": 12,
        "PASSWORD_MIN_CLASSES": 3,
        "PASSWORD_HISTORY": 5,
        "PASSWORD_MAX_AGE_DAYS": 90,
        "PASSWORD_WARN_DAYS": 14,
        "ENROLMENT_CODE_MINUTES": 30,
    }
    assert {
        "apps.accounts.passwords.MinimumLengthValidator",
        "apps.accounts.passwords.CharacterClassesValidator",
        "apps.accounts.passwords.PasswordHistoryValidator",
    } <= set(s["VALIDATORS"])


@pytest.mark.parametrize("name", ["WAIBAN_FIELD_ENCRYPTION_KEYS", "WAIBAN_AUDIT_KEY", "DJANGO_SECRET_KEY"])
def test_production_refuses_to_start_without_its_keys(tmp_path, name):
    env = production_env(tmp_path)
    del env[name]
    # The server's own start (waiban/wsgi.py), not manage.py: on a checkout where `make run` has been
    # used, manage.py takes the demo's keys from var/demo.env, which a production server never has.
    result = run(["-c", "import waiban.wsgi"], env)
    assert result.returncode != 0
    assert name in result.stderr
