"""Settings for waiban.

Production-safe by default: DEBUG off, a secret key and a field-encryption key are required from the
environment, cookies are secure and HSTS is on. The demo (``make run``) and the tests set what they need
explicitly (see the Makefile and ``waiban/settings_test.py``).
"""

from pathlib import Path

import environ
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("WAIBAN_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env(
    DJANGO_DEBUG=(bool, False),
    WAIBAN_HTTPS=(bool, True),
    DJANGO_ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
)
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

DEBUG = env("DJANGO_DEBUG")
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # required: no default on purpose
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- HTTPS and cookies -------------------------------------------------------------------------------
HTTPS = env("WAIBAN_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("WAIBAN_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("WAIBAN_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("WAIBAN_BEHIND_PROXY", default=False) else None
)
# How many reverse proxies append to X-Forwarded-For in front of the app (the client IP is read there).
WAIBAN_TRUSTED_PROXIES = env.int("WAIBAN_TRUSTED_PROXIES", default=1)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every answer: scripts, styles, fonts and data only from this
# server; no inline script, no inline style attribute, no eval, no plugin, no framing. Page behaviour
# lives in static/js/waiban.js (data-* attributes), looks in static/css/waiban.css; per-page data goes
# through json_script (a data block, never executed). img-src allows data: for Bootstrap's and Tom
# Select's built-in SVG icons (arrows, check marks) in their stylesheets. Browsers report a violation in
# the console (tests/browser/test_csp.py fails on any). PDFs (WeasyPrint) are not pages: their <style>
# is read by the renderer, not by a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # + this request's nonce on the one page that asks for it (request.csp_nonce): the leaders'
        # calendar, whose FullCalendar puts its styles into a <style> element it gives the nonce.
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        # data: for FullCalendar's small icon font (its arrows), which its styles carry inline
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SESSION_COOKIE_NAME = "waiban_session"
# Inactivity expiry: requests renew the session (at most once a minute, apps.accounts.middleware
# touch_session, instead of SESSION_SAVE_EVERY_REQUEST); configurable, default 30 minutes.
SESSION_COOKIE_AGE = env.int("WAIBAN_SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Applications ------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_fsm",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "csp",
    # waiban
    "apps.core",
    "apps.audit",
    "apps.org",
    "apps.accounts",
    "apps.reference",
    "apps.casework",
    "apps.exports",
    "apps.regulations",
    "apps.people",
    "apps.passports",
    "apps.trips",
    # --- visits ---
    "apps.visits",
    # --- end visits ---
    # --- documents: official documents (GB/T 9704-2012) ---
    "apps.documents",
    # --- invitations (邀请外国人来华) ---
    "apps.invitations",
    # --- end invitations ---
    # partners: sister cities, exchange plans, the country view (apps.partners)
    "apps.partners",
    # --- i13: 涉外管理处 (conferences, journalists, incidents) ---
    "apps.conferences",
    "apps.journalists",
    "apps.incidents",
    "apps.honours",
    # --- end i13 ---
    "apps.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.middleware.RequestContextMiddleware",
    "apps.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.middleware.SecurityHeadersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.SessionTrackingMiddleware",
    "apps.accounts.middleware.RequireTwoFactorMiddleware",
    "apps.accounts.passwords.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # A refusal (apps.core.errors.ServiceError) no view shows becomes its error page, never a 500.
    "apps.web.refusals.RefusalMiddleware",
]

ROOT_URLCONF = "waiban.urls"
WSGI_APPLICATION = "waiban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.web.context_processors.navigation",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'waiban.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("WAIBAN_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's default random_page_cost (4.0) prices a random read as on a spinning disk. On SSD
    # storage (1.1 is the usual value) the planner then walks the right index for a filtered list:
    # the case list filtered by a state whose rows are the oldest ("closed") took 42 ms through the
    # newest-first index at 1m cases, 0.4 ms through (state, created_at) (benchmarks/RESULTS.md).
    # Sent with the connection (no extra round trip); set WAIBAN_PG_RANDOM_PAGE_COST=4 on rotating disks.
    _rpc = env.float("WAIBAN_PG_RANDOM_PAGE_COST", default=1.1)
    if _rpc > 0:
        _opts = DATABASES["default"].setdefault("OPTIONS", {})
        _opts["options"] = f"{_opts.get('options', '')} -c random_page_cost={_rpc}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth --------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "apps.accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    # 等保2.0 level 3 (apps/accounts/passwords.py): length, 3 of 4 character classes, no reuse of the
    # last WAIBAN["PASSWORD_HISTORY"] passwords; the numbers are the WAIBAN settings below.
    {"NAME": "apps.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "apps.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.passwords.PasswordHistoryValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock out after repeated failures (per username + IP)
AXES_FAILURE_LIMIT = env.int("WAIBAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("WAIBAN_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lock out by the client's address as the trusted proxy reports it (not the proxy's own address, which
# every client shares) together with the username.
AXES_CLIENT_IP_CALLABLE = "apps.core.context.client_ip"

OTP_TOTP_ISSUER = env.str("WAIBAN_OTP_ISSUER", default="waiban")

# --- I18N --------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "waiban_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Attachments live outside the web root and are served only by a view that checks permission.
MEDIA_ROOT = Path(env.str("WAIBAN_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Never served as static files: attachments are streamed by a view after a permission check.
MEDIA_URL = "/_attachments-are-not-served-directly/"
ATTACHMENT_MAX_BYTES = env.int("WAIBAN_ATTACHMENT_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Sensitive personal data -------------------------------------------------------------------------
# django-fernet-encrypted-fields derives its key from SECRET_KEY unless FIELD_ENCRYPTION_KEYS is set;
# we always set it, from the environment, so rotating SECRET_KEY does not lose data.
FIELD_ENCRYPTION_KEYS = env.list("WAIBAN_FIELD_ENCRYPTION_KEYS")
SALT_KEY = FIELD_ENCRYPTION_KEYS
# Keyed hash (HMAC-SHA256) for exact-match lookup of encrypted fields.
LOOKUP_HASH_KEY = env.str("WAIBAN_LOOKUP_HASH_KEY")

# --- Audit trail -------------------------------------------------------------------------------------
# The audit chain is keyed (HMAC-SHA256): the key lives outside the database, so someone who can write to
# the database cannot recompute the hashes of rows they rewrote (apps/audit/chain.py).
AUDIT_CHAIN_KEY = env.str("WAIBAN_AUDIT_KEY")
# Events up to this id were written by a version that hashed them without a key (0: none, a new install).
AUDIT_LEGACY_UNKEYED_UNTIL = env.int("WAIBAN_AUDIT_LEGACY_UNKEYED_UNTIL", default=0)
# Anchors (the head of the chain: last id, its hash and the count of events, signed with the key) are
# appended to this file, which should live where the database administrator cannot rewrite it (another
# host, a write-once volume, a log collector); each is also written to the "waiban.audit.anchor" log.
AUDIT_ANCHOR_FILE = Path(env.str("WAIBAN_AUDIT_ANCHOR_FILE", default=str(VAR_DIR / "audit-anchors.jsonl")))

# --- Cache -------------------------------------------------------------------------------------------
# Per-process memory by default; several app servers should share one (e.g. redis://127.0.0.1:6379/1).
CACHES = {"default": env.cache("WAIBAN_CACHE_URL", default="locmemcache://")}

# --- Background tasks --------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Email -------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("WAIBAN_EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("WAIBAN_FROM_EMAIL", default="waiban@localhost")

# --- Logging -----------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("WAIBAN_LOG_LEVEL", default="WARNING")},
}

# --- waiban ------------------------------------------------------------------------------------------
WAIBAN = {
    # 外事专办员: Shenzhen allows at most 2 per unit (domain.md §1); configurable.
    "MAX_CLERKS_PER_UNIT": env.int("WAIBAN_MAX_CLERKS_PER_UNIT", default=2),
    # 网络安全法 art. 21: logs kept at least six months.
    "AUDIT_MIN_RETENTION_DAYS": 183,
    "LIST_PAGE_SIZE": 25,
    # Abuse limits (apps.core.throttle): requests per window (seconds) per client address.
    "THROTTLE": {
        "public": (env.int("WAIBAN_PUBLIC_RATE_PER_MINUTE", default=30), 60),
        "verify": (30, 600),  # public verification of documents: lookups per 10 minutes
    },
    # ID-number reveals one user may make in an hour before they are refused and the security
    # administrators alerted (apps.people.services.person_reveal_id_number).
    "REVEALS_PER_HOUR": env.int("WAIBAN_REVEALS_PER_HOUR", default=30),
    # 等保2.0 level 3 (GB/T 22239-2019 8.1.4.1 身份鉴别): sessions and passwords (apps/accounts/sessions.py,
    # passwords.py, enrolment.py). A sign-in lasts at most this many hours, however active (0: no limit).
    "SESSION_ABSOLUTE_HOURS": env.float("WAIBAN_SESSION_ABSOLUTE_HOURS", default=12),
    # One session per user: a new sign-in ends the user's other sessions (they are told why).
    "SINGLE_SESSION": env.bool("WAIBAN_SINGLE_SESSION", default=False),
    "PASSWORD_MIN_LENGTH": env.int("WAIBAN_PASSWORD_MIN_LENGTH", default=12),  # ASVS 2.1.1; 等保: 8
    # of the four classes: upper-case letters, lower-case letters, digits, other characters
    "PASSWORD_MIN_CLASSES": env.int("WAIBAN_PASSWORD_MIN_CLASSES", default=3),
    # the last N passwords (their hashes are kept) may not be used again; 0: no history
    "PASSWORD_HISTORY": env.int("WAIBAN_PASSWORD_HISTORY", default=5),
    # a password older than this must be changed at the next sign-in (0: never expires) …
    "PASSWORD_MAX_AGE_DAYS": env.int("WAIBAN_PASSWORD_MAX_AGE_DAYS", default=90),
    # … and the user is warned this many days before
    "PASSWORD_WARN_DAYS": env.int("WAIBAN_PASSWORD_WARN_DAYS", default=14),
    # life of the one-time code an administrator account needs for its first two-factor enrolment
    "ENROLMENT_CODE_MINUTES": env.int("WAIBAN_ENROLMENT_CODE_MINUTES", default=30),
}
