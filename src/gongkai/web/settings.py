"""Django settings for the gongkai platform.

One env-driven module: ``DATABASE_URL`` selects the database (PostgreSQL in production and CI),
otherwise an embedded SQLite file under ``GONGKAI_DATA_DIR`` (default ``./var``).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("GONGKAI_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",  # ops: django-csp (Content-Security-Policy header; its system checks)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "captcha",
    "django_prose_editor",  # editor: static files of the item body editor (served by whitenoise)
    "gongkai.web",
    "gongkai.apps.accounts",
    "gongkai.apps.organizations",
    "gongkai.apps.audit",
    "gongkai.apps.publishing",
    "gongkai.apps.catalogue",
    "gongkai.apps.registers",
    "gongkai.apps.staff",
    "gongkai.apps.annual",
    "gongkai.apps.review",
    "gongkai.apps.applications",
    "gongkai.apps.stats",
    "gongkai.apps.portal",
    "gongkai.apps.notifications",
    "gongkai.apps.search",  # search: full-text search (FTS5 / tsvector)
    "gongkai.apps.api",  # api: the open API (django-ninja)
    "ninja",  # api: django-ninja's own Swagger UI files (served from here, no CDN)
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # ops: first, so that every log record of the request (and the 500 page) carries its id
    "gongkai.web.middleware.RequestIdMiddleware",
    "gongkai.web.dbrouter.ReplicaReadsMiddleware",  # api: public pages read from DATABASE_REPLICA_URL
    "django.middleware.security.SecurityMiddleware",
    # ops: the Content-Security-Policy below (django-csp's middleware; the plain policy built once per process)
    "gongkai.web.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.web.middleware.StripNulMiddleware",
    "gongkai.web.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongkai.apps.accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.web.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.apps.staff.context_processors.workbench",
                "gongkai.apps.notifications.context_processors.unread",
                "gongkai.web.display.display",  # editor: 大字 / 高对比度 classes on <html>
            ],
        },
    },
]

WSGI_APPLICATION = "gongkai.web.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- ops: database connections -----------------------------------------------------------------------------
# SQLite as a real default for a small office with several gunicorn workers: WAL lets readers run beside the
# one writer; busy_timeout (the driver's "timeout", seconds) makes a writer wait for the lock instead of failing
# with "database is locked"; IMMEDIATE transactions take the write lock at BEGIN, so that two transactions that
# read and then write never deadlock (the deferred default fails one of them at once, whatever the timeout).
# PostgreSQL: persistent connections (GONGKAI_CONN_MAX_AGE) checked before each request (CONN_HEALTH_CHECKS),
# so a connection killed by a restart or pg_terminate_backend is replaced instead of failing the next request.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": int(os.environ.get("GONGKAI_SQLITE_TIMEOUT", "30")),
            "transaction_mode": "IMMEDIATE",
            # synchronous stays FULL (the default): a committed record survives a power cut
            "init_command": "PRAGMA journal_mode=WAL",
        }
    )
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = os.environ.get("GONGKAI_CONN_HEALTH_CHECKS", "1") == "1"
# --- end ops: database connections -------------------------------------------------------------------------
# --- api: read replica -------------------------------------------------------------------------------------
# DATABASE_REPLICA_URL: a streaming replica of the primary. The public portal's page reads (GET/HEAD, the content
# apps only) go there; every write, every staff page and every session/account read stays on the primary
# (gongkai.web.dbrouter). In tests the replica mirrors the primary's test database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["OPTIONS"] = {"timeout": int(os.environ.get("GONGKAI_SQLITE_TIMEOUT", "30"))}
    else:
        DATABASES["replica"]["CONN_HEALTH_CHECKS"] = os.environ.get("GONGKAI_CONN_HEALTH_CHECKS", "1") == "1"
DATABASE_ROUTERS = ["gongkai.web.dbrouter.PortalReplicaRouter"]
# --- end api: read replica ---------------------------------------------------------------------------------

# Per-process memory cache (the portal caches organizations, catalogue trees and list counts in it). Room for
# a thousand organizations' entries; a shared cache (Redis, memcached) can replace it in production.
# One process: local memory. Several gunicorn workers or servers: set GONGKAI_CACHE_URL
# (redis://host:6379/0) so that every worker sees a change to the portal's cached trees at once.
if os.environ.get("GONGKAI_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["GONGKAI_CACHE_URL"],
            "KEY_PREFIX": os.environ.get("GONGKAI_CACHE_PREFIX", "gongkai"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("GONGKAI_CACHE_MAX_ENTRIES", "50000"))},
        }
    }
# --- api: many machines -------------------------------------------------------------------------------------
# Sessions: in the database by default; with the shared cache, "cached_db" (read from Redis, written through to
# the database, so a Redis restart logs nobody out). GONGKAI_SESSION_ENGINE overrides (e.g. …backends.cache).
if os.environ.get("GONGKAI_CACHE_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if os.environ.get("GONGKAI_SESSION_ENGINE"):
    SESSION_ENGINE = os.environ["GONGKAI_SESSION_ENGINE"]
# --- end api: many machines (sessions) ---------------------------------------------------------------------

# django-ratelimit only trusts memcached and django-redis; Django's own RedisCache increments atomically too, and
# local memory is right for one process (the demo). With several workers set GONGKAI_CACHE_URL, or each worker
# counts on its own.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# -- Accounts (等保 2.0 身份鉴别: lockout, password quality, sessions, second factor) -------------------------
# Password rules (GB/T 22239-2019 8.1.4.1 a): at least GONGKAI_PASSWORD_MIN_LENGTH characters, three of the four
# character classes, not like the username, not on Django's list of 20,000 common passwords. Messages in Chinese.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "gongkai.apps.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": _env_int("GONGKAI_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "gongkai.apps.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "gongkai.apps.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.apps.accounts.validators.CommonPasswordValidator"},
]
# Login failures (8.1.4.1 b), by django-axes: GONGKAI_LOGIN_FAILURE_LIMIT wrong passwords for one username, or
# GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT from one address, lock that username / that address for GONGKAI_LOGIN_COOLOFF_MINUTES (0: until the 安全管理员
# unlocks it on 账号锁定 page). Attempts are stored in the database, so every worker sees them.
AUTHENTICATION_BACKENDS = [
    "gongkai.apps.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("GONGKAI_LOGIN_FAILURE_LIMIT", 5)
# Two separate counts with their own limits (gongkai.apps.accounts.lockout): per username and per address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "gongkai.apps.accounts.lockout.LockoutHandler"
GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT = _env_int("GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
_cooloff = _env_int("GONGKAI_LOGIN_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff) if _cooloff > 0 else None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai.apps.accounts.views.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "gongkai.apps.accounts.network.client_ip"
AXES_VERBOSE = False
# The address of a client: REMOTE_ADDR, or the first address of this header when gongkai runs behind a reverse
# proxy that sets it (e.g. GONGKAI_CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR). Used by the lockout and the throttles.
GONGKAI_CLIENT_IP_HEADER = os.environ.get("GONGKAI_CLIENT_IP_HEADER", "")
# Sessions (8.1.4.1 b): logged out after GONGKAI_SESSION_IDLE_MINUTES without a request, and in any case
# GONGKAI_SESSION_MAX_HOURS after the login. The cookie dies with the browser.
GONGKAI_SESSION_IDLE_MINUTES = _env_int("GONGKAI_SESSION_IDLE_MINUTES", 30)
GONGKAI_SESSION_MAX_HOURS = _env_int("GONGKAI_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = GONGKAI_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Second factor (8.1.4.1 d, 两种或两种以上组合的鉴别技术): a TOTP code from an authenticator app (django-otp) for
# superusers, for every member holding one of GONGKAI_OTP_ROLES, and for every member of a body of one of the
# kinds in GONGKAI_OTP_ORG_KINDS (县级 and above by default). Empty both (and GONGKAI_OTP_SUPERUSERS=0) to turn the
# requirement off.
GONGKAI_OTP_SUPERUSERS = os.environ.get("GONGKAI_OTP_SUPERUSERS", "1") != "0"
GONGKAI_OTP_ROLES = [r for r in os.environ.get("GONGKAI_OTP_ROLES", "sysadmin,secadmin,auditor").split(",") if r]
GONGKAI_OTP_ORG_KINDS = [k for k in os.environ.get("GONGKAI_OTP_ORG_KINDS", "city,county").split(",") if k]
OTP_TOTP_ISSUER = os.environ.get("GONGKAI_OTP_ISSUER", "gongkai")
# Django's admin site lives at GONGKAI_ADMIN_PATH (not the guessable /admin/), for superusers with a verified
# second factor only.
GONGKAI_ADMIN_PATH = os.environ.get("GONGKAI_ADMIN_PATH", "admin").strip("/") or "admin"

# -- Public endpoints (throttles over the shared cache, django-ratelimit) ------------------------------------
# Rates are "count/period" with period s, m, h or d, counted per client address. GONGKAI_RATELIMIT=0 turns the
# throttles off (load benches that send everything from 127.0.0.1).
RATELIMIT_ENABLE = os.environ.get("GONGKAI_RATELIMIT", "1") != "0"
RATELIMIT_VIEW = "gongkai.web.views.too_many_requests"
GONGKAI_APPLY_RATE = os.environ.get("GONGKAI_APPLY_RATE", "20/h")  # submitted applications
GONGKAI_APPLY_FORM_RATE = os.environ.get("GONGKAI_APPLY_FORM_RATE", "120/h")  # previews and edits of the form
GONGKAI_STATUS_RATE = os.environ.get("GONGKAI_STATUS_RATE", "30/m")  # status lookups
# The image captcha (django-simple-captcha, drawn by Pillow with its own font, offline) appears on the form once
# an address has submitted more than GONGKAI_APPLY_CAPTCHA_AFTER applications in a day (0: always).
GONGKAI_APPLY_CAPTCHA_AFTER = _env_int("GONGKAI_APPLY_CAPTCHA_AFTER", 3)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_FONT_SIZE = 30
# A tracking number locks for GONGKAI_QUERY_LOCK_MINUTES after GONGKAI_QUERY_MAX_FAILURES wrong query codes.
GONGKAI_QUERY_MAX_FAILURES = _env_int("GONGKAI_QUERY_MAX_FAILURES", 5)
GONGKAI_QUERY_LOCK_MINUTES = _env_int("GONGKAI_QUERY_LOCK_MINUTES", 30)
# A double click or a retry of the same submission shows the same application and query code again, for this
# many hours after the first submission.
GONGKAI_SUBMISSION_REPLAY_HOURS = _env_int("GONGKAI_SUBMISSION_REPLAY_HOURS", 24)

# The pages always speak Simplified Chinese, whatever the browser asks for (no LocaleMiddleware).
LANGUAGE_CODE = "zh-hans"
# Our own few translations first: an installed app's catalogue (django-simple-captcha's) must not reword Django's
# form messages.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True
# --- api: file storage -------------------------------------------------------------------------------------
# Every stored file (attachments, applications' attachments, uploaded reports, backups of media) goes through
# Django's storage API. Default: the local disk under MEDIA_ROOT. With GONGKAI_S3_BUCKET set: an S3-compatible
# object store (MinIO on an intranet, any S3 API) through django-storages, shared by every app server and worker.
# Files are never public: the platform serves them itself after its permission checks (no public bucket URL).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("GONGKAI_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["GONGKAI_S3_BUCKET"],
            "endpoint_url": os.environ.get("GONGKAI_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("GONGKAI_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("GONGKAI_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("GONGKAI_S3_REGION") or None,
            "location": os.environ.get("GONGKAI_S3_PREFIX", ""),
            # MinIO and most intranet stores want path-style addressing (http://host:9000/bucket/key)
            "addressing_style": os.environ.get("GONGKAI_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "verify": os.environ.get("GONGKAI_S3_VERIFY", "1") != "0",
        },
    }
# --- end api: file storage ---------------------------------------------------------------------------------
# Supervisors upload many annual reports at once (年报检查): allow that many files in one request; the review
# app refuses more than GONGKAI_REVIEW_MAX_FILES with a Chinese message before Django's own limit is reached.
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("GONGKAI_UPLOAD_MAX_FILES", "1000"))

# Background work (Django's Tasks API through django-tasks, queue kept in the database by django-tasks-db):
# pages enqueue long work (reading uploaded reports, reminders, large PDFs) and return at once; `gongkai worker`
# processes run it. On PostgreSQL any number of workers on any number of machines share the queue (rows are
# claimed with SELECT … FOR UPDATE SKIP LOCKED); on SQLite run one worker beside the server. Queues: "default"
# for short jobs, "reports" for reading uploaded files (so a deployment can give heavy parsing its own workers).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "reports"],
    }
}

# Hostile files: every uploaded report is read in a child process held to GONGKAI_PARSE_MEMORY_MB (1024) of
# memory and GONGKAI_PARSE_TIMEOUT (60) seconds, after checks of GONGKAI_PARSE_MAX_PAGES (300 PDF pages) and,
# for DOCX, GONGKAI_PARSE_MAX_UNZIPPED (200 MB unpacked), GONGKAI_PARSE_MAX_ENTRIES (2000) and
# GONGKAI_PARSE_MAX_RATIO (100:1). The core reads those variables (its defaults in core/parse/limits.py);
# GONGKAI_PARSE_LIMITS here overrides fields of gongkai.core.parse.limits.ParseLimits for the platform only.
GONGKAI_PARSE_LIMITS: dict = {}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"

# Separation of duties (三员分立): an administrator role (系统管理员, 安全管理员) is never held together with a
# business role (经办人, 审核人, 领导) in one organization, unless a very small office sets this to 1. The
# 审计管理员 always stays alone, and the four-eyes rules on each item and reply hold either way.
GONGKAI_ALLOW_ADMIN_BUSINESS_ROLES = os.environ.get("GONGKAI_ALLOW_ADMIN_BUSINESS_ROLES", "0") == "1"

# E-mail (notifications, reminders): printed to the console by default; GONGKAI_EMAIL_FILE_PATH writes each
# message to a file in that folder instead; GONGKAI_SMTP_HOST sends through an SMTP server (GONGKAI_SMTP_PORT,
# GONGKAI_SMTP_USER, GONGKAI_SMTP_PASSWORD, GONGKAI_SMTP_TLS=1 for STARTTLS or GONGKAI_SMTP_SSL=1).
# GONGKAI_EMAIL_BACKEND names any backend outright. GONGKAI_SITE_URL makes the links in e-mails absolute.
if os.environ.get("GONGKAI_SMTP_HOST"):
    _email_backend = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["GONGKAI_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("GONGKAI_SMTP_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("GONGKAI_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("GONGKAI_SMTP_TLS", "0") == "1"
    EMAIL_USE_SSL = os.environ.get("GONGKAI_SMTP_SSL", "0") == "1"
    EMAIL_TIMEOUT = int(os.environ.get("GONGKAI_SMTP_TIMEOUT", "20"))
elif os.environ.get("GONGKAI_EMAIL_FILE_PATH"):
    _email_backend = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["GONGKAI_EMAIL_FILE_PATH"]
else:
    _email_backend = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", _email_backend)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000")

# Personal data at rest (PIPL; 等保 2.0 重要个人信息): applicants' names, ID numbers and contact details are
# SM4-GCM ciphertext in the database. The key never lives in the database: GONGKAI_DATA_KEY (32 hex digits,
# comma-separated, current first) or GONGKAI_DATA_KEY_FILE (one key per line, current first); with neither, a
# development/demo key is generated into GONGKAI_DEV_DATA_KEY_FILE on first use (check --deploy warns).
GONGKAI_DATA_KEY = os.environ.get("GONGKAI_DATA_KEY", "")
GONGKAI_DATA_KEY_FILE = os.environ.get("GONGKAI_DATA_KEY_FILE", "")
GONGKAI_DEV_DATA_KEY_FILE = DATA_DIR / "keys" / "data.key"
# Closed applications keep their personal data this many days after the 办结日期, then
# `gongkai erase_expired_personal_data` erases it (default 3 years; see docs/platform.md for the reasoning).
GONGKAI_PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("GONGKAI_PERSONAL_DATA_RETENTION_DAYS", "1095"))
# The standard catalogue's freshness watch judges columns by the 检查指标 thresholds (国办秘函〔2019〕19号);
# a JSON file named here replaces any of them (see docs/catalogue.md). Empty: the built-in values.
GONGKAI_CATALOGUE_INSPECTION = os.environ.get("GONGKAI_CATALOGUE_INSPECTION", "")

if os.environ.get("GONGKAI_TESTING") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- ops: logging ------------------------------------------------------------------------------------------
# Every server error (django.request) is written with its traceback and the request id to stderr and to one
# file per day under GONGKAI_DATA_DIR/logs (GONGKAI_LOG_DIR overrides). 网络安全法 第二十一条 asks for network
# logs kept at least six months: GONGKAI_LOG_RETENTION_DAYS defaults to 190 and a system check warns below 180.
LOG_DIR = Path(os.environ.get("GONGKAI_LOG_DIR", DATA_DIR / "logs")).resolve()
LOG_RETENTION_DAYS = int(os.environ.get("GONGKAI_LOG_RETENTION_DAYS", "190"))
LOG_LEVEL = os.environ.get("GONGKAI_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gongkai.web.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s pid=%(process)d: %(message)s"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"},
        "file": {
            "()": "gongkai.web.logs.DailyFileHandler",
            "directory": str(LOG_DIR),
            "retention_days": LOG_RETENTION_DAYS,
            "filters": ["request_id"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr", "file"], "level": "WARNING"},
    "loggers": {
        # django.request logs each 500 at ERROR with exc_info (the traceback); 4xx at WARNING
        "django": {"handlers": ["stderr", "file"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gongkai": {"handlers": ["stderr", "file"], "level": LOG_LEVEL, "propagate": False},
    },
}
# /healthz answers 503 with queue "stalled" when a ready task has waited longer than this (seconds; 0: never).
HEALTHZ_QUEUE_MAX_AGE = int(os.environ.get("GONGKAI_HEALTHZ_QUEUE_MAX_AGE", "900"))
# --- end ops: logging --------------------------------------------------------------------------------------

# --- ops: HTTPS and Content-Security-Policy ----------------------------------------------------------------
# GONGKAI_HTTPS=1 when the platform is reached over HTTPS (then `gongkai check --deploy` is clean): HSTS, cookies
# only over HTTPS, plain-HTTP requests redirected. Behind a reverse proxy that terminates TLS, set
# GONGKAI_PROXY_SSL_HEADER=1 *only if* the proxy always sets X-Forwarded-Proto itself (overwriting what a client
# sent); otherwise a client could claim HTTPS. See docs/platform.md "HTTPS".
HTTPS = os.environ.get("GONGKAI_HTTPS", "0") == "1"
if HTTPS:
    SECURE_SSL_REDIRECT = os.environ.get("GONGKAI_SSL_REDIRECT", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("GONGKAI_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("GONGKAI_HSTS_PRELOAD", "1") == "1"
if os.environ.get("GONGKAI_PROXY_SSL_HEADER", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by load balancers on the internal network: never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): every page asset comes from the platform itself (no CDN, intranet), no
# inline script, no inline style or style attribute. The one exception is a nonce for the self-contained 500 page's
# <style>; the WeChat preview page relaxes style-src-attr for itself only. GONGKAI_CSP_REPORT_ONLY=1 sends the
# policy as Content-Security-Policy-Report-Only (browsers report, block nothing) while trying out a customisation.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if os.environ.get("GONGKAI_CSP_REPORT_ONLY", "0") == "1":
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
# --- end ops: HTTPS and Content-Security-Policy ------------------------------------------------------------

# 索引号 scheme for new items (国办秘函〔2009〕6号 default: code/year-serial; provinces may set their own, e.g.
# "{code}-{year}-{seq:06d}"). Existing 索引号 never change.
GONGKAI_INDEX_PATTERN = os.environ.get("GONGKAI_INDEX_PATTERN", "{code}/{year}-{seq:05d}")

# The freshness watch flags a published 政策文件 that has no published 政策解读 after this many days (UNVERIFIED
# as a national figure: offices are told to publish the 解读 with the document; set 0 for "same day").
GONGKAI_POLICY_INTERPRETATION_DAYS = int(os.environ.get("GONGKAI_POLICY_INTERPRETATION_DAYS", "3"))
