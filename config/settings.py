"""Reelwise settings: one module, read from the environment.

Every setting that differs between a laptop and production comes from an
environment variable; the defaults are the development ones, and production
refuses to start without a real SECRET_KEY.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("REELWISE_VAR_DIR", BASE_DIR / "var"))


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    """A yes/no setting: 1, true, yes, on or 0, false, no, off. Anything else stops start-up,
    so that a typo (DEBUG=ture) is never silently read as "no"."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={value!r}: use 1, true, yes, on, or 0, false, no, off.")
    return word in TRUE_WORDS


def env_int(name, default, minimum=0):
    """A whole number of at least `minimum`; anything else stops start-up."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r}: use a whole number from {minimum}.")
    return number


def env_rate(name, default):
    """A rate, "count/period" with the period in s, m, h or d (django-ratelimit's and DRF's
    form: "10/h", "30/10m", "120/minute"); anything else stops start-up."""
    value = os.environ.get(name) or default
    if not re.fullmatch(r"[0-9]+/[0-9]*(s|m|h|d)[a-z]*", value.strip()):
        raise ImproperlyConfigured(f"{name}={value!r}: use a count and a period, such as 10/h or 30/10m.")
    return value.strip()


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# Without SECRET_KEY the site runs with a development key whose "django-insecure-" prefix
# makes `check --deploy` fail loudly; wsgi.py refuses to serve with it unless DEBUG is on.
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-reelwise-development-key-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")


def env_origin(name, default):
    """An origin, "scheme://host[:port]" with http or https and nothing after the host (a
    trailing slash is dropped); anything else stops start-up."""
    value = (os.environ.get(name) or default).strip().rstrip("/")
    parts = urlsplit(value)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if not (
        parts.scheme in ("http", "https")
        and parts.hostname
        and port_ok
        and not (parts.path or parts.query or parts.fragment or parts.username or parts.password)
    ):
        raise ImproperlyConfigured(f"{name}={value!r}: use an origin such as https://reelwise.org.")
    return value


# Where the site is, as links in emails give it: never taken from a request's Host header.
SITE_URL = env_origin("SITE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # intcomma: every count a person reads ("58,796 films") goes through it.
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "csp",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The project's apps, from the bottom layer up (README: Architecture).
    "films",
    "advisories",
    "accounts",
    "reviews",
    "families",
    "pages",
    "ops",
    "loadtest",
]

MIDDLEWARE = [
    # Type-ahead, public JSON, through the few of these that shape its response, before
    # sessions, CSRF and authentication (pages/middleware.py); every other request goes on.
    "pages.middleware.SuggestionsFirstMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so that the film pages it answers are counted too.
    "reviews.page_views.FilmPageViewMiddleware",
    "pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# The site's pages are Jinja2 (templates/ and each app's jinja2/; config/jinja2.py says why);
# the admin's and the API docs' are Django's own engine's (django_templates/).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "families.context_processors.compare_list",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "django_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "families.context_processors.compare_list",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise (PostgreSQL in production).
# SQLite runs in WAL mode with IMMEDIATE transactions so that concurrent writers queue on
# the busy timeout instead of failing with "database is locked" halfway through.
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Kept open like PostgreSQL's (CONN_MAX_AGE): opening one and running the PRAGMAs
    # below cost every request about 1.4 ms. `restore` copies into the open database
    # (SQLite's backup API), so a kept connection never reads a replaced file.
    # Writers queue on a lock of their own rather than on SQLite's busy handler (config/sqlite).
    DATABASES["default"]["ENGINE"] = "config.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # FULL: each commit is synced to disk before the server answers, so no acknowledged
        # write can be lost, even to a power cut (NORMAL would only survive process crashes).
        "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"),
    }
    if DATABASES["default"]["NAME"] == str(SQLITE_PATH):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("PREPARED_STATEMENTS", True):
    # The prepared reads (prepared/) run as statements PostgreSQL plans once per connection:
    # planning a page's query by ids took it 0.35 ms, running it 0.05 ms. Django turns
    # psycopg's preparing off (prepare_threshold None, for poolers that lose a connection's
    # statements between transactions), and every other query still binds its values on
    # the client, which psycopg never prepares; a pooler in transaction mode would need
    # PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5


def cache_from_url(url):
    """Turn CACHE_URL into a CACHES entry: redis://..., file:///path, locmem://, or dummy://."""
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": url}
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": urlsplit(url).path,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL {url!r}: use redis://, file://, locmem:// or dummy://")


# One cache for the server, every worker and every management command, chosen here only:
# CACHE_URL when set (Redis where several app servers run), else a file cache in the var
# folder that every process on this machine shares. A per-process cache would leave each
# process its own page cache and rate-limit counts: an import run from the command line
# would never reach the server's cached pages.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL") or f"file://{VAR_DIR / 'cache'}")}

# The anonymous page cache (pagecache.py; the pages are the views marked @public_page).
# Off by default in development (DEBUG), where templates change under a running server.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
# What every stored page and fragment is keyed by besides its generations (a commit id, say):
# a new release never serves what an older one stored. Empty: a fingerprint of the code and
# templates, worked out on first use (pagecache.release()).
RELEASE = os.environ.get("RELEASE", "")
# Each process also keeps the pages it served last, up to this many bytes of its memory
# (0: none), so that a hit reads only the small generation counters from a shared cache.
PUBLIC_PAGE_CACHE_LOCAL_BYTES = env_int("PUBLIC_PAGE_CACHE_LOCAL_BYTES", 12 * 1024 * 1024)

# The country whose film certificates are shown first ("US PG-13 · UK 12A"): ISO 3166-1 alpha-2.
REELWISE_COUNTRY = os.environ.get("REELWISE_COUNTRY", "US").strip().upper() or "US"
if not re.fullmatch(r"[A-Z]{2}", REELWISE_COUNTRY):
    raise ImproperlyConfigured(f"REELWISE_COUNTRY={REELWISE_COUNTRY!r}: use a two-letter country code (GB).")

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

# Abuse limits (accounts/limits.py), counted in the default cache: "count/period", the
# period in s, m, h or d. Per account for review, helpful and report; per address for
# signup and login (behind a proxy, set RATELIMIT_IP_META_KEY to the header it sets).
# Each can be set from the environment: RATE_LIMIT_REVIEW=100/h.
RATE_LIMITS = {
    key: env_rate(f"RATE_LIMIT_{key.upper()}", default)
    for key, default in {
        "review": "10/h",
        "contribution": "30/h",
        "helpful": "60/h",
        "report": "20/h",
        "signup": "10/h",
        "login": "30/10m",
        "password_reset": "5/h",
        # a media server fetching a child's list (families/lists.py), per address
        "media_list": "120/h",
    }.items()
}
RATELIMIT_VIEW = "accounts.limits.too_many_requests"

# Views of film pages (for the admin's Most wanted list) add up in each process's memory
# and are written in one short transaction once this many are waiting or this many seconds
# have passed (reviews/page_views.py).
PAGE_VIEWS_FLUSH_VIEWS = env_int("PAGE_VIEWS_FLUSH_VIEWS", 500, minimum=1)
PAGE_VIEWS_FLUSH_SECONDS = env_int("PAGE_VIEWS_FLUSH_SECONDS", 30, minimum=1)

# A film's community advisory is shown (and read by the filters and verdicts where the
# editors have none) once this many members' contributions are published.
COMMUNITY_ADVISORY_MIN = env_int("COMMUNITY_ADVISORY_MIN", 3, minimum=1)
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]
    AXES_IPWARE_META_PRECEDENCE_ORDER = (RATELIMIT_IP_META_KEY, "REMOTE_ADDR")

# Log-in lockout (django-axes): after AXES_FAILURE_LIMIT failed log-ins for one username from
# one address, that pair is refused for AXES_COOLOFF_MINUTES, on our log-in page and the
# admin's alike, with our page (accounts.views.locked_out: status 429). Counting
# the pair, not the address alone, means a school or a family behind one address is not
# locked out by one person's typos; the per-address rate limit above still caps guessing.
# Failures are stored in the database, so every app server sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, with the user of each signed-in request read by a prepared read.
    "accounts.sessions.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "accounts.views.username_for_lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
# English only: without translation machinery each number and date renders faster.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("REELWISE_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Reelwise <noreply@localhost>")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "films.api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # Apps send "Authorization: Token <key>"; the site's own pages use the session. Token
    # comes first so that a missing or revoked token gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Counted per client IP (anonymous) or per account, in the default cache: set CACHE_URL
    # to a shared Redis when several app servers run, or each counts on its own. In windows
    # that open at a client's first request (config/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "config.throttling.AnonWindowThrottle",
        "config.throttling.UserWindowThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_ANON_RATE", "120/minute"),
        "user": env_rate("API_USER_RATE", "600/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Reelwise API",
    "DESCRIPTION": (
        "Open parental content advisories for films: the youngest suitable age, seven content "
        "scores with notes, and reviews by parents and teens. Reading needs no account; an app "
        "acting for a person sends their token as `Authorization: Token <key>` (they create it "
        "on their account page). A bad query parameter gets a 400 naming it; too many requests "
        "get a 429 with a Retry-After header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes tells of every log-in at INFO; its warnings (a lockout) are what matters.
    "loggers": {"axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}},
}

# Content-Security-Policy (django-csp): everything from our own origin, nothing inline.
# Templates carry no inline scripts or style attributes; data: images are for the small
# SVG pictures and Swagger UI's icons. JSON-LD blocks are data, never executed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Security. Headers that cost nothing are always on; HTTPS=1 (production behind TLS) adds
# the redirect, HSTS and secure-only cookies, which would break plain-HTTP development.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read through a prepared read (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
CSRF_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS")
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' HSTS preload list binds the domain and its subdomains to
        # HTTPS for months and is hard to undo: the domain's owner opts in with
        # SECURE_HSTS_PRELOAD=1; until then the check that asks for it is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
