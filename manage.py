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


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waiban.settings")
    _load_demo_env()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
