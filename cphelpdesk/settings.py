"""Settings for CP Helpdesk, read from the environment (see docs/configuration.md)."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from cphelpdesk.core.languages import INTERFACE_CODES, language_choices

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment, or the default when unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment: 1/true/yes/on or 0/false/no/off."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """An integer from the environment."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list from the environment."""
    raw = os.environ.get(name, "").strip()
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


# Development defaults just work; production sets DEBUG=false and a real SECRET_KEY.
DEBUG = env_bool("DEBUG", True)
DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", LOCAL_HOSTS if DEBUG else [])
if SECRET_KEY == DEV_SECRET_KEY and set(ALLOWED_HOSTS) - {*LOCAL_HOSTS, "testserver"}:
    # A public host name means a real deployment, even one that forgot DEBUG=false.
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value when ALLOWED_HOSTS names a public host.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: files go through permission-checked views
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# The embedded default keeps its database, cache and collected files under var/; make sure it exists.
for _directory in (VAR_DIR, STATIC_ROOT):
    _directory.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "cphelpdesk.core",
    "cphelpdesk.directory",
    "cphelpdesk.taxonomy",
    "cphelpdesk.queries",
    "cphelpdesk.api",
    "cphelpdesk.mail",
    "cphelpdesk.search",
    "cphelpdesk.privacy",
    "cphelpdesk.library",
    "cphelpdesk.surveys",
    "cphelpdesk.communities",
    "cphelpdesk.learning",
    "cphelpdesk.insight",
    "cphelpdesk.site",  # the top floor: pages that span apps and the service commands
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cphelpdesk.api.middleware.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cphelpdesk.directory.middleware.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cphelpdesk.directory.middleware.StaffMFAMiddleware",
    "cphelpdesk.privacy.middleware.TermsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "cphelpdesk.urls"
WSGI_APPLICATION = "cphelpdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cphelpdesk.core.context_processors.helpdesk",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL (or any dj-database-url URL) in production.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while the worker writes; IMMEDIATE avoids lock upgrades that
        # fail with "database is locked" instead of waiting for the busy timeout.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file, not SQLite's in-memory default: an in-memory database forces the browser tests'
    # live server to share one connection across its request threads, which can deadlock (the GIL
    # against SQLite's connection mutex, when concurrent chart requests call Django's SQL functions).
    # A file gives every thread its own connection, as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by all web processes (login rate limits live here).
CACHE_URL = env_str("CACHE_URL", "")
# Used TOTP codes and login rate limits share the cache with remembered search rankings and insight tables. Past
# MAX_ENTRIES (300 by default) the file and memory caches drop a third of their entries at random, a used code
# among them; Redis evicts by its own memory policy instead.
CULL_PAST = {"MAX_ENTRIES": 5000}
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": CULL_PAST}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://, rediss://, unix:// or locmem://, not {CACHE_URL!r}")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": CULL_PAST,
        }
    }

AUTH_USER_MODEL = "directory.Member"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "cphelpdesk.directory.permissions.RoleBackend",
    "cphelpdesk.directory.backends.EmailLoginBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:dashboard"

# Accounts (django-allauth): email login, verified addresses, rate-limited logins.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_FORMS = {"signup": "cphelpdesk.directory.forms.MembershipSignupForm",
                 "login": "cphelpdesk.directory.forms.LoginForm"}
ACCOUNT_ADAPTER = "cphelpdesk.directory.adapters.AccountAdapter"
# How allauth names an account in its mail, which goes to addresses not yet verified: never the full name
# typed at sign-up (free text anyone could fill with a message to send to any address).
ACCOUNT_USER_DISPLAY = "cphelpdesk.directory.adapters.user_display"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Wrong passwords: 10 per 5 minutes from one client address, and per account a growing delay that a known
# device or a second factor passes (directory.login_limits). The address is the connection's; behind proxies of
# our own, TRUSTED_PROXY_COUNT says how many, and allauth takes the address the outermost one appended to
# X-Forwarded-For (what the client itself writes there is never believed).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/5m/ip", "signup": "20/h/ip"}
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
EMAIL_SUBJECT_PREFIX = "[CP Helpdesk] "  # the product's name, the same in every language
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CP Helpdesk"
# A code typed in its last seconds on a slow field connection arrives in the next 30-second step: the step
# before the current one is accepted too (RFC 6238 section 5.2), and allauth refuses a used code for all three.
MFA_TOTP_TOLERANCE = 1
# Staff roles must have TOTP before they can work; the demo may switch this off (and says so).
HELPDESK_REQUIRE_STAFF_MFA = env_bool("HELPDESK_REQUIRE_STAFF_MFA", True)
# API tokens end this many days after they are made.
HELPDESK_API_TOKEN_DAYS = env_int("HELPDESK_API_TOKEN_DAYS", 90)

# Tasks: django-tasks with the database backend; `manage.py worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 30)

# Mail.
HELPDESK_EMAIL = env_str("HELPDESK_EMAIL", "helpdesk@cphelpdesk.localhost")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"CP Helpdesk <{HELPDESK_EMAIL}>")
SERVER_EMAIL = env_str("SERVER_EMAIL", HELPDESK_EMAIL)
# In development and the demo, mail is written to files under var/mail/ (listed for officers at
# /staff/mail-written/), not printed among the server's log lines.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "cphelpdesk.core.mail_files.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
HELPDESK_MAIL_GATEWAY = env_str("HELPDESK_MAIL_GATEWAY", "127.0.0.1:2525")
# A received message still unprocessed after this long (its task lost in a crash) is processed again.
HELPDESK_MAIL_SWEEP_SECONDS = env_int("HELPDESK_MAIL_SWEEP_SECONDS", 600)
# A worker's claim on a batch of received messages lapses after this long (the worker died mid-batch):
# another worker's next run takes the messages over.
HELPDESK_MAIL_CLAIM_SECONDS = env_int("HELPDESK_MAIL_CLAIM_SECONDS", 60)
# Sender authentication (mail.authentication): a message claiming a member's or a staff address acts as them
# only when its From is proven. Authentication-Results headers (RFC 8601) are believed only from these
# authserv-ids, the receiving MTAs' (which must remove any such header arriving from outside).
HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS = [name.lower() for name in env_list("HELPDESK_MAIL_TRUSTED_AUTHSERV_IDS", [])]
# The gateway receives straight from the internet (no MTA in front adds Authentication-Results): it checks
# DKIM signatures and SPF itself.
HELPDESK_MAIL_RECEIVES_DIRECTLY = env_bool("HELPDESK_MAIL_RECEIVES_DIRECTLY", False)
# Where those checks ask DNS: a dotted path to a class with lookup(name, qtype) (tests give a stub).
HELPDESK_MAIL_DNS_RESOLVER = env_str("HELPDESK_MAIL_DNS_RESOLVER", "cphelpdesk.mail.authentication.SystemResolver")
# Acknowledgements to one domain per hour, across all its mailboxes (one mailbox gets at most five).
HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR = env_int("HELPDESK_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_HOUR", 20)
# A hosted mailbox to poll over IMAP (optional; the gateway or a pipe is the usual way in).
HELPDESK_IMAP = {
    "host": env_str("HELPDESK_IMAP_HOST", ""), "port": env_int("HELPDESK_IMAP_PORT", 993),
    "username": env_str("HELPDESK_IMAP_USER", ""), "password": env_str("HELPDESK_IMAP_PASSWORD", ""),
    "oauth2_token": env_str("HELPDESK_IMAP_OAUTH2_TOKEN", ""), "ssl": env_bool("HELPDESK_IMAP_SSL", True),
    "folder": env_str("HELPDESK_IMAP_FOLDER", "INBOX"),
    "processed_folder": env_str("HELPDESK_IMAP_PROCESSED_FOLDER", "Processed"),
}
# DKIM signing of outgoing mail (optional): the domain, the selector published in DNS, a PEM private key file.
HELPDESK_DKIM = {
    "domain": env_str("HELPDESK_DKIM_DOMAIN", ""), "selector": env_str("HELPDESK_DKIM_SELECTOR", "helpdesk"),
    "private_key": Path(env_str("HELPDESK_DKIM_KEY_FILE", "")).read_text() if env_str("HELPDESK_DKIM_KEY_FILE", "")
    else "",
}
# Files attached to a reply travel with the mail up to this total; beyond it the mail links to the query page.
HELPDESK_MAX_MAILED_ATTACHMENT_BYTES = env_int("HELPDESK_MAX_MAILED_ATTACHMENT_MB", 10) * 1024 * 1024
# XOAUTH2 with a refresh token: the poller asks the identity provider for access tokens as they expire.
HELPDESK_IMAP_OAUTH2 = {
    "token_url": env_str("HELPDESK_IMAP_OAUTH2_TOKEN_URL", ""),
    "client_id": env_str("HELPDESK_IMAP_OAUTH2_CLIENT_ID", ""),
    "client_secret": env_str("HELPDESK_IMAP_OAUTH2_CLIENT_SECRET", ""),
    "refresh_token": env_str("HELPDESK_IMAP_OAUTH2_REFRESH_TOKEN", ""),
    "scope": env_str("HELPDESK_IMAP_OAUTH2_SCOPE", ""),
}
HELPDESK_IMAP_POLL_SECONDS = env_int("HELPDESK_IMAP_POLL_SECONDS", 60)
HELPDESK_MAX_MESSAGE_BYTES = env_int("HELPDESK_MAX_MESSAGE_MB", 40) * 1024 * 1024
HELPDESK_MAX_ATTACHMENT_BYTES = env_int("HELPDESK_MAX_ATTACHMENT_MB", 20) * 1024 * 1024
HELPDESK_MAX_ATTACHMENTS = env_int("HELPDESK_MAX_ATTACHMENTS", 10)
# Raise it when the privacy notice or terms of use change: everyone is asked to accept them again.
HELPDESK_TERMS_VERSION = env_str("HELPDESK_TERMS_VERSION", "2026-11")
# File types accepted (e.g. "pdf,docx,xlsx"); empty: every type of the built-in allow-list.
HELPDESK_ALLOWED_ATTACHMENT_TYPES = env_list("HELPDESK_ALLOWED_ATTACHMENT_TYPES", [])
# Text extraction from attachments (core.extraction): each file is read in a child process within these bounds.
HELPDESK_EXTRACT_MAX_BYTES = env_int("HELPDESK_EXTRACT_MAX_MB", 50) * 1024 * 1024
HELPDESK_EXTRACT_MAX_PAGES = env_int("HELPDESK_EXTRACT_MAX_PAGES", 500)
HELPDESK_EXTRACT_MAX_CHARS = env_int("HELPDESK_EXTRACT_MAX_CHARS", 2_000_000)
HELPDESK_EXTRACT_TIMEOUT_SECONDS = env_int("HELPDESK_EXTRACT_TIMEOUT_SECONDS", 30)
HELPDESK_EXTRACT_MAX_MEMORY_BYTES = env_int("HELPDESK_EXTRACT_MAX_MEMORY_MB", 1024) * 1024 * 1024
# Signed links for referral recipients stay valid this many days.
HELPDESK_LINK_MAX_AGE_DAYS = env_int("HELPDESK_LINK_MAX_AGE_DAYS", 30)
# Feedback on answers (surveys): the requester's rating link stays valid this many days after the answer,
# and one reminder goes out after this many days without a rating.
HELPDESK_FEEDBACK_DAYS = env_int("HELPDESK_FEEDBACK_DAYS", 30)
HELPDESK_FEEDBACK_REMINDER_DAYS = env_int("HELPDESK_FEEDBACK_REMINDER_DAYS", 7)
# A requester without an account follows their query through a mailed link, valid this long after the last mail.
HELPDESK_REQUESTER_LINK_DAYS = env_int("HELPDESK_REQUESTER_LINK_DAYS", 60)
# Retention (privacy.retention, run daily): how long personal data is kept, in days.
HELPDESK_RETENTION_RAW_MAIL_DAYS = env_int("HELPDESK_RETENTION_RAW_MAIL_DAYS", 730)
HELPDESK_RETENTION_ATTACHMENT_DAYS = env_int("HELPDESK_RETENTION_ATTACHMENT_DAYS", 730)
HELPDESK_RETENTION_CONTACT_DAYS = env_int("HELPDESK_RETENTION_CONTACT_DAYS", 365)
HELPDESK_RETENTION_MEMBER_DAYS = env_int("HELPDESK_RETENTION_MEMBER_DAYS", 365)
HELPDESK_RETENTION_SURVEY_INVITATION_DAYS = env_int("HELPDESK_RETENTION_SURVEY_INVITATION_DAYS", 180)
HELPDESK_RETENTION_SUBSCRIPTION_REQUEST_DAYS = env_int("HELPDESK_RETENTION_SUBSCRIPTION_REQUEST_DAYS", 30)
HELPDESK_RETENTION_SUSPENDED_SUBSCRIPTION_DAYS = env_int("HELPDESK_RETENTION_SUSPENDED_SUBSCRIPTION_DAYS", 90)
HELPDESK_BASE_URL = env_str("HELPDESK_BASE_URL", "http://127.0.0.1:8000")
HELPDESK_MAILING_LISTS = env_list("HELPDESK_MAILING_LISTS", [])
# Communities of practice: every list address is <slug>@HELPDESK_LISTS_DOMAIN, and its bounces come back to
# <slug>-bounces+<token>@ the same domain (VERP), so the MTA sends the whole domain to the mail gateway.
HELPDESK_LISTS_DOMAIN = env_str("HELPDESK_LISTS_DOMAIN", "lists." + HELPDESK_EMAIL.rpartition("@")[2])

# Internationalisation: the four UI languages; Arabic is right-to-left.
LANGUAGE_CODE = "en"
LANGUAGES = language_choices(INTERFACE_CODES)
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Security. Each hardening switch follows DEBUG unless set on its own (e.g. behind a TLS proxy).
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Request addresses are logged without query strings or the credentials of personal links (core.logs).
    "filters": {"hide_credentials": {"()": "cphelpdesk.core.logs.HideCredentials"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["hide_credentials"]},
        "django.security.csrf": {"filters": ["hide_credentials"]},
        "django.server": {"handlers": ["console"], "filters": ["hide_credentials"], "propagate": False},
    },
}
