"""Penata settings: one module, every value from ``PENATA_*`` environment variables.

A bad value stops start-up with :class:`ImproperlyConfigured` naming the variable (in the
spirit of healthchecks' ``hc/settings.py``). The variables are documented in README.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP  # type: ignore[attr-defined,unused-ignore]
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
ENV_PREFIX = "PENATA_"


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(ENV_PREFIX + name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on", "ya"}:
        return True
    if lowered in {"0", "false", "no", "off", "tidak"}:
        return False
    raise ImproperlyConfigured(
        f"{ENV_PREFIX}{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env_str(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{ENV_PREFIX}{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{ENV_PREFIX}{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- core --------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(env_str("DATA_DIR", str(Path.cwd() / "var")) or "var").resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(
        f"{ENV_PREFIX}DATA_DIR={str(DATA_DIR)!r} cannot be created: {exc.strerror}."
    ) from None
if not os.access(DATA_DIR, os.W_OK):
    raise ImproperlyConfigured(f"{ENV_PREFIX}DATA_DIR={str(DATA_DIR)!r} is not writable.")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if not DEBUG and (len(key) < 50 or len(set(key)) < 5):
            raise ImproperlyConfigured(
                f"{ENV_PREFIX}SECRET_KEY is too weak: use at least 50 random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
            )
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            f"{ENV_PREFIX}SECRET_KEY is required when {ENV_PREFIX}DEBUG is off."
        )
    # In debug a key is generated once into the data dir and reused.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        f"{ENV_PREFIX}ALLOWED_HOSTS is required when {ENV_PREFIX}DEBUG is off "
        "(comma-separated host names, e.g. penata.semarangkota.go.id)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    _parts = urlsplit(_origin)
    if _parts.scheme not in {"http", "https"} or not _parts.netloc:
        raise ImproperlyConfigured(
            f"{ENV_PREFIX}CSRF_TRUSTED_ORIGINS entry {_origin!r} must be a scheme and host, "
            "e.g. https://penata.semarangkota.go.id."
        )

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000") or ""
if urlsplit(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"{ENV_PREFIX}SITE_URL={SITE_URL!r} must start with http(s)://.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "ninja",
    "django_filters",
    "django_tables2",
    "penata.core",
    "penata.workforce",
    "penata.performance",
    "penata.learning",
    "penata.forum",
    "penata.engagement",
    "penata.funding",
    "penata.planning",
    "penata.talent",
    "penata.policy",
    "penata.portal",
    "penata.research",
    "penata.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "penata.security.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "penata.core.middleware.RequestIdMiddleware",
    "penata.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "penata.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "penata.security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "penata.core.middleware.AccessMiddleware",
]

ROOT_URLCONF = "penata.urls"
WSGI_APPLICATION = "penata.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "penata.core.context_processors.shell",
                "penata.forum.context_processors.forum",
            ],
        },
    }
]

# --- database ----------------------------------------------------------------------------------

_default_db = f"sqlite:///{DATA_DIR / 'penata.sqlite3'}"
_db_url = env_str("DATABASE_URL", _default_db) or _default_db
try:
    _db: dict[str, Any] = dict(dj_database_url.parse(_db_url, conn_max_age=0))
except ValueError as exc:
    raise ImproperlyConfigured(
        f"{ENV_PREFIX}DATABASE_URL is not a valid database URL ({exc}); "
        "use sqlite:///path/penata.sqlite3 or postgres://user:pass@host:5432/name."
    ) from None
if _db["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured(
        f"{ENV_PREFIX}DATABASE_URL must point to SQLite or PostgreSQL, not {_db['ENGINE']}."
    )
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets the web server read while the task worker writes; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside transactions.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    _db["TEST"] = {"NAME": None}
else:
    _db["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"

# --- background tasks --------------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A running task whose worker holds no lease (penata.core.recovery) is interrupted once it has
# been running this long (the lease is taken a moment after the claim).
TASK_STALE_GRACE_SECONDS = env_int("TASK_STALE_GRACE_SECONDS", 60)

# --- accounts ----------------------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "penata.security.passwords.IndonesianCommonPasswordValidator"},
]
# Login throttling: after this many failures for one username (or one address) within the
# window, further attempts are refused until the window passes.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
# Lock-out: reaching LOGIN_MAX_FAILURES locks sign-in for that username this long (or until an
# administrator unlocks it on the "Keamanan akun" page); see docs/security.md.
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = env_int("SESSION_AGE_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = 3600 * 24

# --- e-mail ------------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Penata <penata@localhost>") or ""
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_host = env_str("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": env_str("EMAIL_HOST_USER", "") or "",
                "password": env_str("EMAIL_HOST_PASSWORD", "") or "",
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    # Without an SMTP server, mail is written to files under the data dir (demo, tests).
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "mail")},
        }
    }

# --- i18n --------------------------------------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta") or "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
EXPORT_ROOT = DATA_DIR / "exports"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 50, minimum=1) * 1024 * 1024

# --- security ----------------------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- logging -----------------------------------------------------------------------------------

LOG_LEVEL = (env_str("LOG_LEVEL", "INFO") or "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"{ENV_PREFIX}LOG_LEVEL={LOG_LEVEL!r} must be DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Personal data (NIK, telephone, address, e-mail) is masked before any handler writes.
    "filters": {"personal_data": {"()": "penata.security.logging.PersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Penata ------------------------------------------------------------------------------------

# Whether the password-reset e-mail and links point at this site.
PENATA_DEMO = env_bool("DEMO", False)

# Research partnerships: every combination of quasi-identifiers in a data release to a
# university occurs at least this many times (k-anonymity; UU 27/2022).
PENATA_RESEARCH_K = env_int("RESEARCH_K", 5, minimum=2)
# Two-factor sign-in (TOTP) for administrators and BKPP officers: on by default in production,
# off in debug and demo runs (docs/security.md).
PENATA_REQUIRE_2FA = env_bool("REQUIRE_2FA", not DEBUG and not PENATA_DEMO)
# Encryption at rest of the TOTP secrets (penata.security.crypto): the key string, else the
# SECRET_KEY; the old key strings, comma-separated, still accepted for reading during a rotation
# (docs/security.md, "Encryption of secrets at rest").
PENATA_FIELD_KEY = env_str("FIELD_KEY", "") or ""
if (
    PENATA_FIELD_KEY
    and not DEBUG
    and (len(PENATA_FIELD_KEY) < 32 or len(set(PENATA_FIELD_KEY)) < 5)
):
    raise ImproperlyConfigured(
        f"{ENV_PREFIX}FIELD_KEY is too weak: use at least 32 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
    )
PENATA_FIELD_KEYS_OLD = env_list("FIELD_KEYS_OLD", [])
