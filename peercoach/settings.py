"""Settings for peercoach, read from the environment.

Defaults are safe for a laptop: SQLite under ./var, DEBUG off unless asked for. Production sets
PEERCOACH_PRODUCTION=1, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from peercoach.lib.environment import env_flag, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PEERCOACH_VAR_DIR", BASE_DIR / "var"))

PRODUCTION = env_flag("PEERCOACH_PRODUCTION")
DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when PEERCOACH_PRODUCTION=1")
    SECRET_KEY = "django-insecure-local-development-only-key-do-not-use-in-production"

# The address people reach the app at; every absolute link (emails, set-password links,
# unsubscribe, calendar feeds and invitations) starts with it. `make run` sets it from PORT.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SITE_URL must be set when PEERCOACH_PRODUCTION=1, e.g. https://coaching.example.org"
        )
    SITE_URL = "http://127.0.0.1:8000"
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "peercoach.lib.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "peercoach.lib",
    "peercoach.organisations",
    "peercoach.programs",
    "peercoach.coaching",
    "peercoach.participants",
    "peercoach.matching",
    "peercoach.methods",
    "peercoach.growth",
    "peercoach.notifications",
    "peercoach.reports",
    "peercoach.paths",
    "peercoach.assessments",
    "peercoach.privacy",
    # Single sign-on and two-step verification (peercoach.identity): allauth's protocols and
    # authenticators only; its own sign-in pages are not used (see peercoach/identity/urls.py).
    "peercoach.identity",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "peercoach.audit",
    "peercoach.health",
    "peercoach.people",
    "peercoach.running",
    "peercoach.home",
    "peercoach.demo",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # First, so that every response carries them: static files (WhiteNoise) and the HTTPS
    # redirect (SecurityMiddleware) answer without calling the middleware below them.
    "csp.middleware.CSPMiddleware",
    "peercoach.lib.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and sign-in, which read the database: /healthz answers 503, not 500.
    "peercoach.lib.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "peercoach.lib.session_store.SessionUserMiddleware",  # Django's, with the session's user
    "peercoach.organisations.middleware.CurrentPersonMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Keeps the request (person, client address) for the audit log's record().
    "peercoach.audit.log.AuditContextMiddleware",
    # Before CsrfViewMiddleware reads the body (its process_view runs after every __call__).
    "peercoach.lib.request_limits.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages (it says why it signed someone out) and the person's language.
    "peercoach.organisations.sessions.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "peercoach.identity.middleware.RequireMfaMiddleware",
    # Last (django-axes): turns a sign-in refused for a lockout into the translated 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peercoach.urls"
WSGI_APPLICATION = "peercoach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "peercoach" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["peercoach.lib.url_tag"],  # {% url %} remembering its answers
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peercoach.organisations.context_processors.current_person",
                "peercoach.reports.context_processors.reports_link",
            ],
        },
    },
]

FORM_RENDERER = "peercoach.lib.form_rendering.DesignSystemRenderer"  # Bootstrap form groups

SQLITE_PATH = VAR_DIR / "peercoach.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT (unless DATABASE_URL sets options): it cost 50–90 ms per run of a report's counts.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "peercoach.organisations.passwords.InformalUserAttributeSimilarityValidator"},
    {"NAME": "peercoach.organisations.passwords.TranslatedMinimumLengthValidator"},
    {"NAME": "peercoach.organisations.passwords.InformalCommonPasswordValidator"},
]
# django-axes first: every `authenticate()` (our sign-in page, the Django admin, any later login
# view) is refused while the account or the address it comes from is locked out.
AUTHENTICATION_BACKENDS = [
    "peercoach.organisations.lockout.SigningInBackend",
    "peercoach.organisations.auth.EmailBackend",
]
LOGIN_URL = "login"
# Links to choose a password arrive in program invitations, which people do not always open the
# same week; an expired link is replaced from "Forgot your password?" on the sign-in page.
PASSWORD_RESET_TIMEOUT = 14 * 24 * 3600
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "nl")
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "peercoach" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "peercoach" / "static"]
# Collected (hashed, gzipped) static files: production and `make run`; tests serve the apps' own.
COLLECTED_STATIC = env_flag("PEERCOACH_COLLECTED_STATIC", PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if not COLLECTED_STATIC:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
# Seconds before a silent mail server counts as down (Django's default waits forever).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "peercoach <peercoach@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
# Sessions carry the user's id (peercoach.lib.models.UserSession), so a deactivated person's
# sessions can be ended at once. A sign-in ends after SESSION_IDLE_SECONDS without a request
# (default 8 hours) and in any case SESSION_ABSOLUTE_SECONDS after it began (default 14 days);
# see peercoach/organisations/sessions.py. The privacy page states both.
SESSION_ENGINE = "peercoach.lib.session_store"
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 8 * 3600)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 14 * 24 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    # Both bind every subdomain of the operator's domain (preload: for years, in browsers'
    # built-in lists), so they are the operator's explicit choice, never a default.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")
    # `check --deploy` recommends both; leaving them off is the choice made above, not an
    # oversight, so its two reminders are silenced (they never fire once an operator opts in).
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp 4): only our own scripts, styles and images; no inline
# script or style (templates use classes; htmx's indicator style is in our stylesheet, see
# base.html), no plugins, not framed, forms post only here. `data:` images for the empty favicon.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Features no page here uses are switched off for the page and anything it might embed.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Notifications (peercoach.notifications, issue 6) --------------------------------------------
# Background work runs in `manage.py db_worker` processes (django-tasks with its database backend);
# periodic work (which messages are due) runs from `manage.py send_due_notifications`, every
# minute from cron/systemd or with `--loop`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Reminders before a session, in minutes (default: a day and an hour before).
NOTIFICATIONS_REMINDER_OFFSETS = [
    int(minutes) for minutes in env_list("NOTIFICATIONS_REMINDER_OFFSETS", "1440,60")
]
# How long a worker's claim on a message lasts before another worker may retry it (seconds); a
# working worker renews it every third of that, so only a dead worker's claims run out.
NOTIFICATIONS_CLAIM_SECONDS = env_int("NOTIFICATIONS_CLAIM_SECONDS", 30)
# How long a worker keeps trying to record a message's outcome while the database is away.
NOTIFICATIONS_RECORD_SECONDS = env_int("NOTIFICATIONS_RECORD_SECONDS", 600)
# Task workers and the scheduler loop on PostgreSQL: the server ends a session left idle inside a
# transaction this long (a cut connection's locks; `lib.retry.bound_network_waits`). 0: never.
DATABASE_IDLE_IN_TRANSACTION_SECONDS = env_int("DATABASE_IDLE_IN_TRANSACTION_SECONDS", 60)
# Retention of operational data, in days (peercoach.notifications.retention, swept daily).
RETENTION_OUTBOX_DAYS = env_int("RETENTION_OUTBOX_DAYS", 30)
RETENTION_OUTBOX_KEYS_DAYS = env_int("RETENTION_OUTBOX_KEYS_DAYS", 365)
# Audit log entries, with the address each change came from (at least 30 days; audit.retention).
RETENTION_AUDIT_DAYS = env_int("RETENTION_AUDIT_DAYS", 365)
RETENTION_TASKS_DAYS = env_int("RETENTION_TASKS_DAYS", 30)
RETENTION_IMPORT_UPLOADS_DAYS = env_int("RETENTION_IMPORT_UPLOADS_DAYS", 30)
# Default for new organisations: months a closed program keeps its session notes (privacy app).
RETENTION_SESSION_CONTENT_MONTHS = env_int("RETENTION_SESSION_CONTENT_MONTHS", 12)
# Capability links (unsubscribe, calendar feed) stop working this many days after the last email
# that carried or renewed them (peercoach.notifications.capabilities).
CAPABILITY_TOKEN_DAYS = env_int("CAPABILITY_TOKEN_DAYS", 90)

# --- Reports (peercoach.reports) -----------------------------------------------------------------
# A manager sees figures about their team only when at least this many of their people take part.
REPORTS_MINIMUM_GROUP = env_int("REPORTS_MINIMUM_GROUP", 5)

# --- Program health (peercoach.health) -----------------------------------------------------------
# From this hour (site time zone) on an action item's due date its owner is asked how it went.
HEALTH_COMMITMENT_HOUR = 9

# --- Library (peercoach.growth) ------------------------------------------------------------------
# Largest file one person may share, and what all of an organisation's library files may take up
# together (bytes). Links have no limit.
LIBRARY_MAX_FILE_BYTES = env_int("LIBRARY_MAX_FILE_BYTES", 5 * 1024 * 1024)
LIBRARY_MAX_ORGANISATION_BYTES = env_int("LIBRARY_MAX_ORGANISATION_BYTES", 2 * 1024 * 1024 * 1024)

# --- Bad input (issue 12) ------------------------------------------------------------------------
# The largest request body: a form's fields (a note of TEXT_MAX_LENGTH characters fits many times
# over, so a longer note reaches its form and is refused there with the text kept) and an
# uploaded file. Larger requests get a page saying the limit before their body is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Participant files: rows (the header not counted), columns, characters per cell; an XLSX may
# unpack to at most this many bytes, and no member of it may inflate more than this ratio.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 60)
IMPORT_MAX_CELL_CHARACTERS = env_int("IMPORT_MAX_CELL_CHARACTERS", 1000)
IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = env_int(
    "IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024
)
IMPORT_MAX_XLSX_RATIO = env_int("IMPORT_MAX_XLSX_RATIO", 100)
# Imports of more rows than this run in the task worker, with progress on the page.
IMPORT_BACKGROUND_FROM = env_int("IMPORT_BACKGROUND_FROM", 2000)
# Programs with at least this many active enrolments are matched in the task worker.
MATCHING_BACKGROUND_FROM = 1000
# How many outbox deliveries a worker runs side by side (`manage.py run_worker`).
NOTIFICATIONS_PARALLEL_DELIVERIES = 2

# --- Single sign-on and two-step verification (peercoach.identity, issue 15) ---------------------
# Each organisation's OpenID Connect provider is kept on its settings page and handed to allauth
# by our adapter; allauth never creates accounts (people are matched by verified email).
SOCIALACCOUNT_ADAPTER = "peercoach.identity.adapter.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SSO_REQUESTS_TIMEOUT", 10)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
# Authenticator apps: 6 digits every 30 seconds, one step of clock drift either way.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "peercoach")
# --- Security (issue 15: lockout, re-authentication, audit log) ---------------------------------
# The client's address: REMOTE_ADDR, or behind this many reverse proxies the address the
# outermost trusted one saw (counted from the right of X-Forwarded-For). 0: no proxy.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# After SIGNIN_FAILURE_LIMIT failed sign-ins for one account, or from one address, further
# attempts (the right password too) are refused for SIGNIN_LOCKOUT_MINUTES (django-axes).
SIGNIN_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 10)
SIGNIN_LOCKOUT_MINUTES = env_int("SIGNIN_LOCKOUT_MINUTES", 30)
# Before the lock, slowed: from SIGNIN_SLOWDOWN_AFTER failures on, the next attempt waits
# SIGNIN_SLOWDOWN_SECONDS after the last failure, twice as long with each further one.
SIGNIN_SLOWDOWN_AFTER = env_int("SIGNIN_SLOWDOWN_AFTER", 3)
SIGNIN_SLOWDOWN_SECONDS = env_int("SIGNIN_SLOWDOWN_SECONDS", 5)
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGNIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log; no second record of them
AXES_USERNAME_CALLABLE = "peercoach.organisations.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "peercoach.lib.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "peercoach.organisations.lockout.lockout_response"
AXES_VERBOSE = False
# "Forgot your password?": at most this many links per address, and requests per client address,
# per PASSWORD_LINK_WINDOW_MINUTES. More for an address are dropped silently (the page says the
# same, so it never tells whether an address is known); more from one client get a 429 page.
PASSWORD_LINK_PER_ADDRESS = env_int("PASSWORD_LINK_PER_ADDRESS", 3)
PASSWORD_LINK_PER_CLIENT = env_int("PASSWORD_LINK_PER_CLIENT", 10)
PASSWORD_LINK_WINDOW_MINUTES = env_int("PASSWORD_LINK_WINDOW_MINUTES", 60)
# Changing roles, email addresses and organisation settings asks for the password again unless
# it was entered within this many minutes.
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 15)
# Audit log pages show this many entries each.
AUDIT_PAGE_SIZE = env_int("AUDIT_PAGE_SIZE", 50)
