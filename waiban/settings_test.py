"""Test settings: the production settings with test keys, plain HTTP and fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("WAIBAN_FIELD_ENCRYPTION_KEYS", "test-field-key-0123456789")
os.environ.setdefault("WAIBAN_LOOKUP_HASH_KEY", "test-lookup-key-0123456789")
os.environ.setdefault("WAIBAN_AUDIT_KEY", "test-audit-key-0123456789")
os.environ.setdefault("WAIBAN_HTTPS", "false")

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS, STATIC_ROOT, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media"
ALLOWED_HOSTS = ["*"]
# Each test process anchors the audit chain in its own file (never the demo's var/audit-anchors.jsonl).
# every fixed-shape statement (apps.core.statements) is also compiled in full and compared: a marked
# statement whose SQL changes with anything but its WHERE values fails the test that reaches it
WAIBAN_VERIFY_FIXED_SQL = True
AUDIT_ANCHOR_FILE = Path(tempfile.mkdtemp(prefix="waiban-anchors-")) / "anchors.jsonl"
# Small case types used only by the tests prove the casework engine (apps/casework/tests/casetype) and
# that a new case type declares its transitions without any change to casework (tests/casetype_app).
INSTALLED_APPS = [*INSTALLED_APPS, "apps.casework.tests.casetype", "tests.casetype_app"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing directory otherwise
