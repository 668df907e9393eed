#!/usr/bin/env python
import os
import sys
from pathlib import Path


def _load_demo_env():
    """After `make run`, plain `./manage.py …` uses the demo's generated keys (var/demo.env), so a developer
    needs no exports; production sets its own environment and has no such file."""
    env_file = Path(__file__).resolve().parent / "var" / "demo.env"
    if "DJANGO_SECRET_KEY" in os.environ or not env_file.exists():
        return
    for line in env_file.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.startswith("#"):
            os.environ.setdefault(key.strip(), value.strip())
    os.environ.setdefault("WAIBAN_HTTPS", "false")


# Commands that read code and files only: they never sign, encrypt or look up anything with the keys,
# so on a fresh clone (no environment, no var/demo.env) they run with throw-away keys of this process.
# Every other command still needs the real keys (waiban/settings.py has no defaults on purpose).
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "makemessages", "compilemessages", "help"}


def _keyless_command_keys(argv):
    command = argv[1] if len(argv) > 1 else "help"
    if command not in KEYLESS_COMMANDS or "DJANGO_SECRET_KEY" in os.environ:
        return
    import secrets

    for name in ("DJANGO_SECRET_KEY", "WAIBAN_FIELD_ENCRYPTION_KEYS", "WAIBAN_LOOKUP_HASH_KEY", "WAIBAN_AUDIT_KEY"):
        os.environ.setdefault(name, secrets.token_urlsafe(32))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings")
    _load_demo_env()
    _keyless_command_keys(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
