"""Settings for the Tavolo delle Risorse portal, read from the environment.

Every value a deployment may change comes from an environment variable (see README.md).
A bad value stops the start-up with ImproperlyConfigured instead of running half-configured.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    """Parse a boolean variable strictly: a typo must not silently mean False."""
    raw = environ.Env().str(name, default="").strip().lower()
    if raw == "":
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}.")


def _int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = environ.Env().str(name, default="").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def _date(name: str, default: dt.date) -> dt.date:
    raw = environ.Env().str(name, default="").strip()
    if raw == "":
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date (YYYY-MM-DD), got {raw!r}.") from None


env = environ.Env()

DEBUG = _bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-for-make-run-0123456789abcdefghij"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

TAVOLO_MUNICIPALITY = env.str("TAVOLO_MUNICIPALITY", default="Comune di Cervia").strip()
if not TAVOLO_MUNICIPALITY:
    raise ImproperlyConfigured("TAVOLO_MUNICIPALITY must not be empty.")
# The office that runs the table day to day: it signs e-mails and certificates.
TAVOLO_OFFICE = env.str("TAVOLO_OFFICE", default="Servizi alla Persona - Ufficio Welfare")
TAVOLO_ACCESSIBILITY_EMAIL = env.str("TAVOLO_ACCESSIBILITY_EMAIL", default="welfare@comune.example.it")
# The office's public contacts (footer, privacy notice, legal notes): each line shows only when set.
TAVOLO_OFFICE_ADDRESS = env.str("TAVOLO_OFFICE_ADDRESS", default="").strip()
TAVOLO_OFFICE_PHONE = env.str("TAVOLO_OFFICE_PHONE", default="").strip()
TAVOLO_OFFICE_EMAIL = env.str("TAVOLO_OFFICE_EMAIL", default="").strip()
TAVOLO_OFFICE_PEC = env.str("TAVOLO_OFFICE_PEC", default="").strip()
# The data protection officer (RPD/DPO) the municipality has appointed (GDPR art. 37-39).
TAVOLO_DPO_NAME = env.str("TAVOLO_DPO_NAME", default="").strip()
TAVOLO_DPO_EMAIL = env.str("TAVOLO_DPO_EMAIL", default="").strip()
# The accessibility statement published on AgID's form, when the municipality has filed one, and the
# dates of the portal's own statement (ISO dates, shown in Italian).
TAVOLO_ACCESSIBILITY_STATEMENT_URL = env.str("TAVOLO_ACCESSIBILITY_STATEMENT_URL", default="").strip()
TAVOLO_ACCESSIBILITY_DRAFTED = _date("TAVOLO_ACCESSIBILITY_DRAFTED", default=dt.date(2026, 11, 30))
TAVOLO_ACCESSIBILITY_REVIEWED = _date("TAVOLO_ACCESSIBILITY_REVIEWED", default=dt.date(2026, 11, 30))
# Bumped when the privacy notice changes: consents record which version was accepted.
TAVOLO_PRIVACY_VERSION = "1.0"
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Share of a training session's hours a participant must attend to earn a certificate.
TAVOLO_CERTIFICATE_MIN_ATTENDANCE = _int("TAVOLO_CERTIFICATE_MIN_ATTENDANCE", 75, minimum=1)
if TAVOLO_CERTIFICATE_MIN_ATTENDANCE > 100:
    raise ImproperlyConfigured("TAVOLO_CERTIFICATE_MIN_ATTENDANCE must be a percentage (1-100).")
# Service referents are reminded of a routing this many days before its answer is due (and once more
# when it is overdue): manage.py send_routing_reminders, started every morning by its timer.
TAVOLO_ROUTING_REMINDER_DAYS = _int("TAVOLO_ROUTING_REMINDER_DAYS", 2)

# The municipality's coat of arms on the synthesis document's cover: a PNG, JPEG or SVG file (absolute
# or relative to the project folder). None by default.
TAVOLO_COAT_OF_ARMS = env.str("TAVOLO_COAT_OF_ARMS", default="").strip()
if TAVOLO_COAT_OF_ARMS:
    _arms = Path(TAVOLO_COAT_OF_ARMS)
    _arms = _arms if _arms.is_absolute() else BASE_DIR / _arms
    if not _arms.is_file() or _arms.suffix.lower() not in {".png", ".jpg", ".jpeg", ".svg"}:
        raise ImproperlyConfigured("TAVOLO_COAT_OF_ARMS must be an existing PNG, JPEG or SVG file.")
    TAVOLO_COAT_OF_ARMS = str(_arms)
# The municipality's code in the IPA index (indicepa.gov.it): identifies the publisher in the open data.
TAVOLO_IPA_CODE = env.str("TAVOLO_IPA_CODE", default="").strip()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "auditlog",
    "tavolo.apps.TasksDatabaseConfig",  # django_tasks_db with an Italian name in the admin
    "core",
    "members",
    "meetings",
    "training",
    "reports",
    "tavolo",
]

# The project composes the apps: what each extension point of a lower app shows from higher ones
# (see core.providers). Lower apps call these without naming them.
TAVOLO_PROVIDERS: dict[str, list[str]] = {
    "dashboard_panels": [
        "tavolo.panels.panels",
        "members.dashboard.panels",
        "meetings.dashboard.panels",
        "training.dashboard.panels",
        "reports.dashboard.panels",
        "core.notifications.panels",
    ],
    # Lists of core.notifications.EmailKind: the kinds of e-mail and notification each app sends.
    "email_kinds": ["members.email_kinds.KINDS", "meetings.email_kinds.KINDS", "training.email_kinds.KINDS"],
    # Modules with personal_data(user) and anonymise(user), called in this order.
    "privacy": [
        "members.privacy",
        "meetings.privacy",
        "training.privacy",
        "reports.privacy",
        "core.notification_privacy",
    ],
    # Callables () -> list of icalendar events, merged into /calendario.ics (meetings' view).
    "calendar_events": ["meetings.ical.public_events", "training.ical.public_events"],
    # Callables (organisation) -> list[core.dashboard.Panel], shown on its public profile (members).
    "organisation_sections": ["reports.sections.organisation_sections"],
    # Dicts {action: check(user)} that members.roles.can answers for, besides members' own actions.
    "role_actions": ["meetings.roles.ACTIONS", "training.roles.ACTIONS", "reports.roles.ACTIONS"],
    # Called with the organisation, inside the transaction that makes it a member (approval, reinstatement).
    "became_member": ["meetings.services.invitations_for_new_member"],
    # Called with the organisation, inside the transaction that ends its membership (suspension, withdrawal).
    "left_membership": ["training.services.registrations_release_for_organisation"],
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.memo.RequestMemoMiddleware",
    # WhiteNoise, plus the public copies of published files (core.published) under /pubblicati/.
    "core.published.PublishedFilesMiddleware",
    # Before CommonMiddleware: the 400 page of a Host that is not allowed gets the nonce and the header.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Outside the session, CSRF and language middleware: sees their cookies and Vary on the way out,
    # and answers a hit without them (core.pagecache).
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.submit_once.SubmitOnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.security.StrongIdentityMiddleware",
    "members.security.StaffMFAMiddleware",
    "members.security.RegulationAcceptanceMiddleware",
    "core.security.ClientAddressAuditlogMiddleware",
]

ROOT_URLCONF = "tavolo.urls"
WSGI_APPLICATION = "tavolo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tavolo.context_processors.portal",
            ],
            # {% submit_once %} goes next to every {% csrf_token %} without a {% load %}.
            "builtins": ["core.templatetags.submit_once", "core.templatetags.italian_dates"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
try:
    DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
except (ImproperlyConfigured, KeyError, ValueError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if DATABASES["default"].get("ENGINE") not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:/// or postgres:// URL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections: measured here, a page serves about twice the requests with them.
    DATABASES["default"]["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when configured (needed by several processes), local memory otherwise ---------
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url:
    if not _cache_url.startswith(("redis://", "rediss://", "locmem://", "dummy://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or locmem:// URL.")
    CACHES = {"default": env.cache_url_config(_cache_url)}
    if _cache_url.startswith(("redis://", "rediss://")):
        CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages for anonymous visitors, from the cache above (core.pagecache): the views whose 200
# answer is kept, and the apps whose every write makes the kept pages stale. The time limit is only a
# backstop for what changes with the clock alone (a meeting that becomes past); 0 turns the cache off.
TAVOLO_PAGE_CACHE_SECONDS = _int("TAVOLO_PAGE_CACHE_SECONDS", 60)
TAVOLO_PAGE_CACHE_VIEWS = frozenset(
    {
        "home",
        "regolamento",
        "regolamento_version",
        "accessibility",
        "privacy",
        "legal",
        "members:directory",
        "members:detail",
        "members:services",
        "members:service_detail",
        "meetings:list",
        "meetings:detail",
        "meetings:decisions",
        "meetings:decision",
        "training:list",
        "training:detail",
        "reports:archive",
        "reports:detail",
    }
)
TAVOLO_PAGE_CACHE_APPS = frozenset({"members", "meetings", "training", "reports", "tavolo"})

# --- Authentication -------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tavolo delle Risorse] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Failed sign-ins (tavolo.accounts.AccountAdapter): "ip" counts one client address on any account,
# "key" one account from one address (so an attacker's address is refused, not the owner's), and
# login_failed_account one account from every address; a password reset or a sign-in that passed the
# second factor clears the latter. Addresses come from core.security.client_ip.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "login_failed_account": "20/h/key",
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    "confirm_email": "3/3m/key",
}
# Applications to join (/aderisci/), counted per client address (members.views.join).
ACCOUNT_RATE_LIMITS["join"] = "10/h/key"
ACCOUNT_ADAPTER = "tavolo.accounts.AccountAdapter"
# The password reset link proves the e-mail address: it signs the person in (through the second factor).
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# A staff account without an authenticator confirms each sign-in with a code sent by e-mail
# (tavolo.accounts.AccountAdapter.is_login_by_code_required), so that a password alone cannot enrol one.
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = f"Tavolo delle Risorse - {TAVOLO_MUNICIPALITY}"
# Staff and Presidenza must enrol TOTP before using the staff area (members.security).
# `make run` turns it off so the demo staff accounts can be tried without an authenticator app.
TAVOLO_REQUIRE_STAFF_MFA = _bool("TAVOLO_REQUIRE_STAFF_MFA", True)
ACCOUNT_FORMS = {"signup": "tavolo.forms.SignupForm"}

# How people sign in (members.identity): "password" (e-mail and password, allauth), "spid" and "cie"
# (the national digital identities, through the OpenID Connect Federation relying party) and "demo"
# (the built-in test identity provider, offered as "SPID (demo)" and "CIE (demo)": for `make run` and
# the tests, never in production: it is refused unless DEBUG is on).
TAVOLO_LOGIN_METHODS = [
    m.strip().lower() for m in env.list("TAVOLO_LOGIN_METHODS", default=["password"]) if m.strip()
]
_unknown_methods = set(TAVOLO_LOGIN_METHODS) - {"password", "spid", "cie", "demo"}
if _unknown_methods or not TAVOLO_LOGIN_METHODS:
    raise ImproperlyConfigured(
        "TAVOLO_LOGIN_METHODS is a comma-separated list of: password, spid, cie, demo."
    )
if "demo" in TAVOLO_LOGIN_METHODS and not DEBUG:
    raise ImproperlyConfigured("TAVOLO_LOGIN_METHODS: the demo identity provider only runs with DEBUG=true.")
if "demo" in TAVOLO_LOGIN_METHODS and {"spid", "cie"} & set(TAVOLO_LOGIN_METHODS):
    raise ImproperlyConfigured("TAVOLO_LOGIN_METHODS: demo replaces spid and cie; offer one or the other.")

# The OpenID Connect Federation relying party of SPID and CIE (members.federation; README, "SPID and
# CIE"). Its entity id is SITE_URL. The keys come from `manage.py oidc_fed_keys`; the trust anchors
# (entity ids, optionally pinned to their keys), authority hints and trust marks from the federation
# onboarding; the providers as `entity id|name`.
TAVOLO_OIDC_FED_KEYS_FILE = env.str("TAVOLO_OIDC_FED_KEYS_FILE", default="")
TAVOLO_OIDC_FED_TRUST_ANCHORS = env.list("TAVOLO_OIDC_FED_TRUST_ANCHORS", default=[])
TAVOLO_OIDC_FED_TRUST_ANCHOR_KEYS_FILE = env.str("TAVOLO_OIDC_FED_TRUST_ANCHOR_KEYS_FILE", default="")
TAVOLO_OIDC_FED_AUTHORITY_HINTS = env.list("TAVOLO_OIDC_FED_AUTHORITY_HINTS", default=[])
TAVOLO_OIDC_FED_TRUST_MARKS_FILE = env.str("TAVOLO_OIDC_FED_TRUST_MARKS_FILE", default="")
TAVOLO_OIDC_FED_SPID_PROVIDERS = env.list("TAVOLO_OIDC_FED_SPID_PROVIDERS", default=[])
TAVOLO_OIDC_FED_CIE_PROVIDERS = env.list("TAVOLO_OIDC_FED_CIE_PROVIDERS", default=[])
if {"spid", "cie"} & set(TAVOLO_LOGIN_METHODS):
    _missing = [
        name
        for name, value in (
            ("TAVOLO_OIDC_FED_KEYS_FILE", TAVOLO_OIDC_FED_KEYS_FILE),
            ("TAVOLO_OIDC_FED_TRUST_ANCHORS", TAVOLO_OIDC_FED_TRUST_ANCHORS),
            (
                "TAVOLO_OIDC_FED_SPID_PROVIDERS",
                "spid" not in TAVOLO_LOGIN_METHODS or TAVOLO_OIDC_FED_SPID_PROVIDERS,
            ),
            (
                "TAVOLO_OIDC_FED_CIE_PROVIDERS",
                "cie" not in TAVOLO_LOGIN_METHODS or TAVOLO_OIDC_FED_CIE_PROVIDERS,
            ),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"TAVOLO_LOGIN_METHODS offers spid or cie: set {', '.join(_missing)} (README, SPID and CIE)."
        )
    if not Path(TAVOLO_OIDC_FED_KEYS_FILE).is_file():
        raise ImproperlyConfigured(
            f"TAVOLO_OIDC_FED_KEYS_FILE: {TAVOLO_OIDC_FED_KEYS_FILE!r} is not a readable file "
            "(python manage.py oidc_fed_keys writes it)."
        )
    if not SITE_URL.startswith("https://") and not DEBUG:
        raise ImproperlyConfigured(
            "SPID and CIE need SITE_URL on https:// (it is the relying party's entity id)."
        )

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Behind nginx: files the portal has decided to send are handed to nginx with X-Accel-Redirect under
# this internal location (deploy/nginx/tavolo.conf: location /_media/ { internal; alias MEDIA_ROOT; }).
MEDIA_ACCEL_REDIRECT = env.str("MEDIA_ACCEL_REDIRECT", default="").strip()
if MEDIA_ACCEL_REDIRECT and not (MEDIA_ACCEL_REDIRECT.startswith("/") and MEDIA_ACCEL_REDIRECT.endswith("/")):
    raise ImproperlyConfigured("MEDIA_ACCEL_REDIRECT must be a path between slashes, e.g. /_media/.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # Shared storage for several application servers (django-storages, S3-compatible).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
# Uploaded attachments: hard ceiling, checked again per file type by the forms.
TAVOLO_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- E-mail ---------------------------------------------------------------------------------------
# EMAIL_URL (smtp://user:password@host:587/?tls=True) becomes Django 6.1's MAILERS setting.
_email_url = env.str("EMAIL_URL", default="")
_MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}
if _email_url:
    _scheme = _email_url.split("://", 1)[0]
    if _scheme not in _MAIL_BACKENDS or "://" not in _email_url:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtps://, submission://, consolemail:// or memorymail://."
        )
    try:
        _mail = env.email_url_config(_email_url)
    except (KeyError, ValueError) as exc:
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {exc}") from exc
    _options = {}
    if _MAIL_BACKENDS[_scheme].endswith("smtp.EmailBackend"):
        _options = {
            "host": _mail.get("EMAIL_HOST") or "localhost",
            "port": _mail.get("EMAIL_PORT") or 25,
            "username": _mail.get("EMAIL_HOST_USER") or "",
            "password": _mail.get("EMAIL_HOST_PASSWORD") or "",
            "use_tls": bool(_mail.get("EMAIL_USE_TLS")),
            "use_ssl": bool(_mail.get("EMAIL_USE_SSL")) or _scheme == "smtps",
            "timeout": 20,
        }
    MAILERS = {"default": {"BACKEND": _MAIL_BACKENDS[_scheme], "OPTIONS": _options}}
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    # Production without EMAIL_URL: the local mail server, as Django itself defaults to.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "localhost", "port": 25, "timeout": 20},
        }
    }
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tavolo.risorse@comune.example.it")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How long a deliverer owns a message it is sending; a deliverer killed mid-send leaves its messages to
# the next one after this. Longer than one SMTP exchange (the timeout above is 20 seconds).
TAVOLO_EMAIL_CLAIM_SECONDS = _int("TAVOLO_EMAIL_CLAIM_SECONDS", 300, minimum=60)

# --- Background tasks (django.tasks) --------------------------------------------------------------
# Immediate by default: development and small installations need no worker. With
# TASKS_BACKEND=database, e-mails and PDFs go through django-tasks-db and its db_worker.
_tasks_backend = env.str("TASKS_BACKEND", default="immediate")
if _tasks_backend == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
elif _tasks_backend == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")

# --- Forms ----------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------------
CSRF_FAILURE_VIEW = "tavolo.views.csrf_failure"
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = _bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind nginx/Apache: the scheme from X-Forwarded-Proto, the client address from X-Forwarded-For,
# trusting exactly TRUSTED_PROXY_COUNT proxies counted from the right (core.security.client_ip).
BEHIND_PROXY = _bool("BEHIND_PROXY", False)
TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 1, minimum=1)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_totp_secret": {"()": "core.logfilters.RedactTOTPSecret"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_totp_secret"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Server errors are logged here with the request: redacted before any handler sees them.
        "django.request": {"filters": ["redact_totp_secret"]},
        # WeasyPrint logs every rendering step at INFO: only problems are worth reading.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
