"""Settings for peercoach, read from the environment.

Defaults are safe for a laptop: SQLite under ./var, DEBUG off unless asked for. Production sets
PEERCOACH_PRODUCTION=1, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PEERCOACH_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_flag("PEERCOACH_PRODUCTION")
DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when PEERCOACH_PRODUCTION=1")
    SECRET_KEY = "django-insecure-local-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

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
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "peercoach.organisations.middleware.CurrentPersonMiddleware",
    # Before CsrfViewMiddleware reads the body (its process_view runs after every __call__).
    "peercoach.lib.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "peercoach.urls"
WSGI_APPLICATION = "peercoach.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "peercoach" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peercoach.organisations.context_processors.current_person",
            ],
        },
    },
]

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
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "peercoach.organisations.passwords.TranslatedMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["peercoach.organisations.auth.EmailBackend"]
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "peercoach <peercoach@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
# How long a worker's claim on a message lasts before another worker may retry it (seconds).
NOTIFICATIONS_CLAIM_SECONDS = int(os.environ.get("NOTIFICATIONS_CLAIM_SECONDS", "300"))
# The address links in emails point to (no trailing slash).
NOTIFICATIONS_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Reports (peercoach.reports) -----------------------------------------------------------------
# A manager sees figures about their team only when at least this many of their people take part.
REPORTS_MINIMUM_GROUP = int(os.environ.get("REPORTS_MINIMUM_GROUP", "5"))

# --- Bad input (issue 12) ------------------------------------------------------------------------
# The largest request body: a form's fields (a note of TEXT_MAX_LENGTH characters fits many times
# over, so a longer note reaches its form and is refused there with the text kept) and an
# uploaded file. Larger requests get a page saying the limit before their body is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024))
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
# Participant files: rows (the header not counted), columns, characters per cell; an XLSX may
# unpack to at most this many bytes, and no member of it may inflate more than this ratio.
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "60"))
IMPORT_MAX_CELL_CHARACTERS = int(os.environ.get("IMPORT_MAX_CELL_CHARACTERS", "1000"))
IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = int(
    os.environ.get("IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
)
IMPORT_MAX_XLSX_RATIO = int(os.environ.get("IMPORT_MAX_XLSX_RATIO", "100"))
# Imports of more rows than this run in the task worker, with progress on the page.
IMPORT_BACKGROUND_FROM = int(os.environ.get("IMPORT_BACKGROUND_FROM", "2000"))
