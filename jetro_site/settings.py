"""Settings for the JETRO Offices & Services Directory.

One module, driven by the environment (read with django-environ). With no
variables set it is a development site on SQLite; with DEBUG off it is
production and refuses to start without the secrets and hosts a public
deployment needs. Every variable is listed in docs/operations.md.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.environment import Env
from core.log import logging_config
from core.origin import canonical_origin

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()

# --- Core: debug, secrets, hosts ---------------------------------------------
DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    # Development only: a fixed key is fine for a site that never leaves the laptop.
    SECRET_KEY = env.str("SECRET_KEY", default="") or "django-insecure-development-only-key-not-for-production"
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
else:
    SECRET_KEY = env.required("SECRET_KEY")
    if SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: use at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    env.required("ALLOWED_HOSTS")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ----------------------------------------------------------------
INSTALLED_APPS = [
    # Django's own (the admin on its site with the directory's guards: core.admin.site).
    "jetro_site.apps.DirectoryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Libraries: filters, countries and phones, CSV import/export, history,
    # the API and its schema, CORS for the API, the CSP header, the login throttle.
    "django_filters",
    "django_countries",
    "phonenumber_field",
    "import_export",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "csp",
    "axes",
    # The site: the shared core first, then the listing apps in load order
    # (services refer to offices), then what builds on them.
    "core",
    "places",
    "offices",
    "services",
    "pages",
    "opendata",
    "pagecache",
    "suggestions",
    "enquiries",
    # Background work (mail) on Django's tasks API, with its queue in the database.
    "django_tasks",
    "django_tasks_db",
]

# --- Middleware, outermost first ----------------------------------------------
MIDDLEWARE = [
    # Every response under /api/v1/ gets its CORS headers, even a redirect
    # (django-cors-headers: as high as possible, before CommonMiddleware).
    "corsheaders.middleware.CorsMiddleware",
    # Every response (static files and errors included) gets a request id, a
    # log line with its duration, and the security headers.
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.resource_policy.CrossOriginResourcePolicyMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    # A body over the limit is a 413 before anything reads it (DATA_UPLOAD_MAX_MEMORY_SIZE).
    "core.middleware.RequestBodyLimitMiddleware",
    # Static files, answered before anything below runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A lost database is a 503 with Retry-After, not a 500 trace.
    "core.middleware.DatabaseUnavailableMiddleware",
    # ETag and 304 for every 200, cached or not: the one place they are made.
    "core.middleware.ConditionalGetOn200Middleware",
    # Django's request handling.
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The history records the signed-in editor.
    "simple_history.middleware.HistoryRequestMiddleware",
    "pagecache.middleware.PageCacheMiddleware",  # whole public pages, filed under the generation
    # Last, as django-axes requires: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# Seconds a public page or API answer may be kept (pagecache; never stale: every change to a
# listing moves the generation on); 0 keeps none. Pieces of pages (pagecache.fragments) are
# kept for the generation; off only for the benchmark's first render after an edit.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
PAGE_FRAGMENTS = env.bool("PAGE_FRAGMENTS", default=True)

ROOT_URLCONF = "jetro_site.urls"
WSGI_APPLICATION = "jetro_site.wsgi.application"

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
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------
# SQLite needs nothing installed; DATABASE_URL (postgres://...) switches to PostgreSQL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # No persistent connections on a local file. Parallel writers (threads, the worker) queue for the
    # write lock, taken when a transaction begins, for up to 20 s instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time ---------------------------------------------------------
LANGUAGE_CODE = "en"
# The site's languages, here only (core.languages reads them).
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Editors work in Tokyo; offices' own local times come from each office's time zone.
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files --------------------------------------------------------------
# STATIC_URL may be absolute, for a static host or CDN (https://cdn.example.org/static/).
STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_ROOT = BASE_DIR / "static" / "root"  # files asked for at the site's root whatever a page says: /favicon.ico
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files while developing
        # and testing, so that nothing needs collectstatic first.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# --- Listings ----------------------------------------------------------------------
PHONENUMBER_DEFAULT_REGION = None
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

# --- Request bodies (docs/operations.md#request-sizes-and-timeouts) -----------------
# A body over DATA_UPLOAD_MAX_MEMORY_SIZE (any form), or over the import's file and form (the
# admin's CSV import), is a 413 before it is read (core.middleware.RequestBodyLimitMiddleware);
# an upload of the import's size stays in memory, never in the temporary directory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
IMPORT_FILE_MAX_BYTES = 1024 * 1024
IMPORT_FILE_MAX_LINES = 500
IMPORT_REQUEST_MAX_BYTES = IMPORT_FILE_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_REQUEST_MAX_BYTES

# --- Editors' admin ---------------------------------------------------------------
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
# CSV import and export only for users granted "Can import/export ... from/to CSV"
# (the Editors group has them), not for every staff user.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
# `manage.py stale_listings` emails its report to these (comma-separated), if set.
STALE_LISTINGS_RECIPIENTS = env.list("STALE_LISTINGS_RECIPIENTS", default=[])
# Mail, sent by the worker (run_worker): a file per message in var/mail/ locally, SMTP in production.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
# Deferred work queued in the site's database (django-tasks-db), committed with what caused it; enquiries.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ENQUIRIES_FALLBACK_RECIPIENTS = env.list("ENQUIRIES_FALLBACK_RECIPIENTS", default=[])
ENQUIRIES_KEEP_DAYS = env.int("ENQUIRIES_KEEP_DAYS", default=180)
ENQUIRIES_REMIND_AFTER_WORKING_DAYS = env.int("ENQUIRIES_REMIND_AFTER_WORKING_DAYS", default=5)
# A dead worker's claim on a message ends after the lease; a failed send is tried again after the retry
# time, doubled each time. Enquiries kept a day from one sender, and to one office or service; sendings of
# a form an hour from one sender, whatever their outcome.
ENQUIRIES_MAIL_LEASE_SECONDS = env.int("ENQUIRIES_MAIL_LEASE_SECONDS", default=120)
ENQUIRIES_MAIL_RETRY_SECONDS = env.int("ENQUIRIES_MAIL_RETRY_SECONDS", default=30)
ENQUIRIES_PER_SENDER_PER_DAY = env.int("ENQUIRIES_PER_SENDER_PER_DAY", default=5)
ENQUIRIES_PER_RECIPIENT_PER_DAY = env.int("ENQUIRIES_PER_RECIPIENT_PER_DAY", default=50)
ENQUIRIES_SENDINGS_PER_HOUR = env.int("ENQUIRIES_SENDINGS_PER_HOUR", default=30)
ENQUIRIES_MIN_SECONDS = 3  # a form sent back sooner after it was shown is a robot's


def _admin_url(value):
    """ADMIN_URL as a URL prefix: no leading slash, one trailing slash ("admin/", "editors-7f3a/")."""
    value = value.strip().strip("/")
    if not value or not all(part and part.replace("-", "").replace("_", "").isalnum() for part in value.split("/")):
        raise ImproperlyConfigured(f"ADMIN_URL must be a path such as 'admin/' or 'editors/'; got {value!r}.")
    return value + "/"


# Where the editors' admin lives. Moving it off /admin/ only spares the logs
# from scripted guessing; the login throttle below is the real defence.
ADMIN_URL = _admin_url(env.str("ADMIN_URL", default="admin/"))

# --- HTTPS and proxies ------------------------------------------------------------
# On by default in production; a local trial of `make serve` over plain
# http sets SECURE_SSL_REDIRECT=0 and SESSION_COOKIE_SECURE=0.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies (load balancer, CDN) sit in front of the app and append to
# X-Forwarded-For. Zero: the client is the TCP peer. Used for the login
# throttle and the request log (core.middleware.client_ip, through django-ipware).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)

# --- Security headers -------------------------------------------------------------
# Django's SecurityMiddleware sends nosniff, Referrer-Policy and
# Cross-Origin-Opener-Policy; core.middleware adds the Content-Security-Policy
# (django-csp) and the Permissions-Policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
_static = urlsplit(STATIC_URL)
_static_origin = [f"{_static.scheme}://{_static.netloc}"] if _static.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        # No inline script anywhere on the public site; JSON-LD blocks are data, not script, and still work.
        "default-src": ["'self'"],
        "script-src": ["'self'", *_static_origin],
        "style-src": ["'self'", *_static_origin],
        "img-src": ["'self'", "data:", *_static_origin],
        "font-src": ["'self'", *_static_origin],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    },
}
# Added on admin pages only. The admin's own JavaScript is in files; its
# change list and django-import-export's export page use inline styles, and
# the export page's "select all" has one inline handler, allowed by its hash.
CSP_ADMIN_ADDITIONS = {
    "style-src": ["'unsafe-inline'"],
    "script-src": ["'unsafe-hashes'", "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"],
}
# Every powerful feature off: the site uses no camera, microphone, location, payment...
_FEATURES = "accelerometer autoplay camera display-capture geolocation gyroscope magnetometer microphone midi payment"
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in [*_FEATURES.split(), "usb", "xr-spatial-tracking"])

# --- Admin login throttle (django-axes) --------------------------------------------
# The fifth wrong password from one address within the cool-off locks it out:
# that attempt and every sign-in from the address are refused for 15 minutes. Locked by address,
# not by user name: by user name, a stranger could lock any editor out on
# purpose; by address, a guesser cannot spread attempts over many user names.
# Attempts are kept in the database, so every app server sees the same count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
if AXES_COOLOFF_TIME.total_seconds() < 60 or AXES_FAILURE_LIMIT < 1:
    # django-axes reads no cool-off as "locked until an administrator resets it".
    raise ImproperlyConfigured("AXES_COOLOFF_MINUTES and AXES_FAILURE_LIMIT must be 1 or more.")
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "lockout.html"

# --- Sessions and cache ------------------------------------------------------------
# Sessions belong to the admin only (the public site sets no cookie). They
# end when the browser closes, and after SESSION_COOKIE_AGE in any case.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=4 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The cache (page copies, rate limits) is Redis when REDIS_URL is set, else each process's memory;
# a Redis outage reads as an empty cache (decision 0013). Pieces of pages stay in the worker's memory
# (a Redis round trip for each of fifty rows costs more than rendering them). Sessions are in the
# database: with cached_db, a sign-out made while Redis is away would come back with it.
REDIS_URL = env.str("REDIS_URL", default="").strip()
# Redis is on the local network: slower is an outage; no retries with back-off.
REDIS_OPTIONS = {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5,
                 "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 0)}}  # fmt: skip
LOCMEM, DUMMY = "django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"
CACHES = {
    # 1,000 page copies a worker without Redis (Django's default is 300): ~40 KB each.
    "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPTIONS}
    if REDIS_URL
    else {"BACKEND": LOCMEM, "OPTIONS": {"MAX_ENTRIES": 1000}},
    # The alias {% cache %} uses; kept until pushed out (at most 5,000, a few kB each).
    "template_fragments": {"BACKEND": LOCMEM if PAGE_FRAGMENTS else DUMMY, "LOCATION": "template_fragments",
                           "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 5000}},
}  # fmt: skip
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Where the whole-directory downloads are built, once per generation (pagecache.files).
PAGE_CACHE_FILES = Path(env.str("PAGE_CACHE_FILES", default=str(BASE_DIR / "var" / "exports")))

# --- The site's canonical origin ---------------------------------------------------
# https://directory.example.org: only answers for it are cached and shared
# (core.origin). Unset, the page cache keeps a copy per origin asked for.
SITE_ORIGIN = canonical_origin(env.str("SITE_ORIGIN", default=""), ALLOWED_HOSTS)

# --- Open data: the read-only JSON API and the downloads ----------------------------
# The licence of the directory's data, named by the API's description and the open data page.
DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
REST_FRAMEWORK = {
    # JSON only: no browsable API, no parsers (nothing is ever written), no
    # sessions or CSRF (nothing is private).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # `format` is not a parameter of this API (JSON is the only format).
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "JETRO Offices & Services Directory API",
    "VERSION": "1",
    # 3.1: a field that may be null is said so plainly, even when it refers to another schema.
    "OAS_VERSION": "3.1.0",
    "PREPROCESSING_HOOKS": ["opendata.schema.only_the_api"],
    # The description (translatable) is added by opendata.schema.describe.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "opendata.schema.describe"],
    "SERVE_INCLUDE_SCHEMA": True,
    # Endpoints in the order of opendata/api_urls.py: offices, services, schema, downloads.
    "SORT_OPERATIONS": False,
    # Docstrings speak to developers of this code; the schema gets its own, translatable words.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    "LICENSE": DATA_LICENCE,
}
CORS_URLS_REGEX = r"^/api/v1/"  # any site may read the API and the downloads; nothing else
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]

# --- Logs ---------------------------------------------------------------------------
# One JSON object per line on stdout (LOG_FORMAT=json, the default with
# DEBUG off), every line with its request id; plain text while developing.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text; got {LOG_FORMAT!r}.")
LOGGING = logging_config(LOG_FORMAT, env.str("LOG_LEVEL", default="INFO"))
