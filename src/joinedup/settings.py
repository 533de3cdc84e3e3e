"""Production settings: safe by default, configured from the environment.

The demo (`settings_demo`) and the tests (`settings_test`) relax what only makes sense on
127.0.0.1; nothing here is insecure unless an environment variable says so.
"""

import sys
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from joinedup import config

PACKAGE_DIR = Path(__file__).resolve().parent

try:
    DATA_DIR = config.data_dir()
    SECRET_KEY = config.env_str("SECRET_KEY")
    if not SECRET_KEY:
        raise config.ConfigError(
            "SECRET_KEY is not set: set SECRET_KEY (or SECRET_KEY_FILE) to a long random string"
        )
    DEBUG = config.env_bool("DEBUG", False)
    ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
    CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS", [])
    DATABASES = {
        "default": config.database_from_url(
            config.env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'joinedup.sqlite3'}"
        )
    }
    SECURE_SSL_REDIRECT = config.env_bool("SECURE_SSL_REDIRECT", True)
    BEHIND_TLS_PROXY = config.env_bool("BEHIND_TLS_PROXY", False)
    SESSION_IDLE_MINUTES = config.env_int("SESSION_IDLE_MINUTES", 30)
except config.ConfigError as exc:
    sys.exit(f"joinedup: {exc}")

# The demo's shortcuts (showing the second-factor code on screen) exist only in settings_demo.
JOINEDUP_DEMO = False

INSTALLED_APPS = [
    "joinedup",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks",
    "django_tasks_db",
    # joinedup, base layer first (imports point down this list).
    "joinedup.directory",
    "joinedup.accounts",
    "joinedup.audit",
    "joinedup.jobs",
    "joinedup.people",
    "joinedup.referrals",
    "joinedup.measures",
    "joinedup.costs",
    "joinedup.plans",
    "joinedup.commissioning",
    "joinedup.assessment",
    "joinedup.linkage",
    "joinedup.insight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "joinedup.limits.RefuseNulCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "joinedup.audit.middleware.RequestContextMiddleware",
    "joinedup.accounts.middleware.SignInRequiredMiddleware",
]

ROOT_URLCONF = "joinedup.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joinedup.accounts.context_processors.navigation",
                "joinedup.disclosure.context",
            ],
        },
    },
]

# Sign-in: argon2 hashes, lockout after repeated failures, short idle sessions.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# The sign-in form posts the email address in the field Django calls `username`.
AXES_USERNAME_FORM_FIELD = "username"
OTP_TOTP_ISSUER = "joinedup"

SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # the clock restarts on every request: expiry is idle time
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Transport and browser hardening.
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work (linkage runs, imports, large reports): django-tasks with its database
# backend, so no other server is needed; `joinedup worker` does the work (docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running job touches its row this often; one whose worker has not touched it for the second
# figure (or whose process is gone, on the same machine) is failed as dead.
JOBS_HEARTBEAT_SECONDS = config.env_int("JOBS_HEARTBEAT_SECONDS", 10)
JOBS_STALE_AFTER_SECONDS = config.env_int("JOBS_STALE_AFTER_SECONDS", 120)
# Figures the needs pages read (insight.figures): a set that took less than this to work out
# is worked out again on the page when the records move on; a slower one by the worker.
FIGURES_INLINE_SECONDS = config.env_float("FIGURES_INLINE_SECONDS", 2.0)
# Slower figures are asked of the worker at most this often while records keep changing.
FIGURES_REFRESH_MINUTES = config.env_float("FIGURES_REFRESH_MINUTES", 15.0)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# APIs that publish open data and need no sign-in (the Open Referral service directory).
PUBLIC_API_PREFIXES = ["/api/hsds/"]

# How long a closed record is kept before `joinedup retention` anonymises it (six years, a
# common retention period for adult social care and criminal justice case records).
RETENTION_DAYS_AFTER_CLOSURE = 6 * 365

# The panel's NDT eligibility threshold, shown beside every score. No standard threshold is
# published: each area sets its own (30 of 48 is a common local choice, not a rule).
NDT_ELIGIBILITY_THRESHOLD = config.env_int("NDT_ELIGIBILITY_THRESHOLD", 30)
# The one rule for small numbers (`joinedup.disclosure`): counts of people from 1 to one under
# this are hidden wherever they leave the access layer. Ten by default; an area whose data
# protection officer agrees may set 5. With SMALL_NUMBERS_ROUND_TO (for example 5) every count
# that is shown is also rounded to the nearest multiple of it (0: no rounding).
SMALL_NUMBERS_THRESHOLD = config.env_int("SMALL_NUMBERS_THRESHOLD", 10)
SMALL_NUMBERS_ROUND_TO = config.env_int("SMALL_NUMBERS_ROUND_TO", 0)
if SMALL_NUMBERS_THRESHOLD < 2:
    raise config.ConfigError("SMALL_NUMBERS_THRESHOLD must be at least 2 (10 is usual, 5 least)")
if SMALL_NUMBERS_ROUND_TO < 0:
    raise config.ConfigError("SMALL_NUMBERS_ROUND_TO must be 0 (no rounding) or more")
# A panel seat sees a referred person until their meeting, plus these days for the minutes;
# while no meeting is set, for the second figure.
PANEL_GRANT_DAYS = config.env_int("PANEL_GRANT_DAYS", 7)

# Commissioning's risk controls (docs/commissioning.md). The most of a provider's income from a
# contract that may ride on outcomes, as a fraction; below these a provider or a contract is
# small, and payment by results on it is flagged. Money as decimal strings: never floats.
COMMISSIONING_MAX_SHARE_AT_RISK = config.env_str("COMMISSIONING_MAX_SHARE_AT_RISK", "0.20")
COMMISSIONING_SMALL_PROVIDER_INCOME = config.env_str(
    "COMMISSIONING_SMALL_PROVIDER_INCOME", "1000000"
)
COMMISSIONING_SMALL_CONTRACT_VALUE = config.env_str("COMMISSIONING_SMALL_CONTRACT_VALUE", "250000")
PANEL_GRANT_UNSCHEDULED_DAYS = config.env_int("PANEL_GRANT_UNSCHEDULED_DAYS", 28)

# A co-ordinator follows 12 to 15 people (Cambridgeshire); past this the caseload page warns.
CASELOAD_CAP = config.env_int("CASELOAD_CAP", 15)
# An active person with no recorded contact for this long shows as inactive on the by-name list.
INACTIVE_AFTER_DAYS = config.env_int("INACTIVE_AFTER_DAYS", 90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403) is the access rules working: one line, not a traceback.
    "filters": {"one_line_refusals": {"()": "joinedup.log.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
