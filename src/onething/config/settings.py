"""Settings: one base with safe defaults, overridden by environment variables.

Every variable is listed in docs/deploy.md. A local ``.env`` file (written by ``make run``)
is read when present; real environment variables win over it.
"""

import datetime as _dt
from pathlib import Path

import environ

PROJECT_DIR = Path(__file__).resolve().parents[1]  # src/onething
BASE_DIR = PROJECT_DIR.parents[1]  # the checkout

env = environ.Env()
if not env.bool("ONETHING_SKIP_DOTENV", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("ONETHING_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("ONETHING_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="" if not DEBUG else "dev-only-insecure-key")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when ONETHING_DEBUG is off.")

ALLOWED_HOSTS = env.list("ONETHING_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("ONETHING_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("ONETHING_BEHIND_TLS_PROXY", False) else None
)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("ONETHING_SECURE_COOKIES", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("ONETHING_SESSION_SECONDS", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
# Behind a TLS proxy, browsers are told to come back over HTTPS only (a year, subdomains).
SECURE_HSTS_SECONDS = 31_536_000 if env.bool("ONETHING_BEHIND_TLS_PROXY", False) else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Content-Security-Policy (django-csp): scripts from our own origin only — no inline script
# or handler, no other host (the API docs' Swagger UI starts from its own files too); styles
# may still be inline (the apps' <style> blocks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from its own static files, not from a CDN
    "django_tasks",
    "django_tasks_db",
    "axes",  # sign-in throttling (below)
    "onething.core",
    "onething.catalog",
    "onething.cases",
    "onething.crossregion",
    "onething.bundles",
    "onething.appeals",
    "onething.cards",
    "onething.cityops",
    "onething.citymgmt",  # city management (城市精细化管理)
    "onething.opendata",  # the public-data platform (公共数据开放平台)
    "onething.training",  # the talent training institute (实训学院)
    "onething.duty",  # leaders on night duty (带班值班)
    "onething.valueadded",  # value-added services for enterprises (增值服务)
    "onething.dashboard",
    "onething.web",
    "onething.demo",  # the demo city and its commands (demo, generate)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "onething.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "onething.core.middleware.RefuseNulMiddleware",  # a NUL in a path: 422/400, not a 500
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "onething.core.middleware.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last: turns a sign-in refused by the throttle into the 429 page (onething.web.views.signin)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onething.config.urls"
WSGI_APPLICATION = "onething.config.wsgi.application"
ASGI_APPLICATION = "onething.config.asgi.application"

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
                "django.template.context_processors.i18n",
                "onething.web.context.navigation",
            ],
            # |number and |yuan: the one way figures and money read (docs/decisions.md)
            "builtins": ["onething.web.templatetags.numbers"],
        },
    },
]

# --- database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL -------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'onething.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue instead of failing with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("ONETHING_CONN_MAX_AGE", 60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT compilation: a page's queries each read a few rows through an index, and the
    # planner's cost guess on a big table would have it spend 50–100 ms compiling one.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# A PostgreSQL streaming replica for the figures' reads (docs/deploy.md); tests mirror it.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["onething.config.routers.FiguresReplicaRouter"]

# In-process by default: room for a city's tokens and rate counters (Django's default of 300
# entries would evict a round of 800 scoring devices' token look-ups before their next use).
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://onething?max_entries=100000")
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- sign-in throttling (django-axes; docs/decisions.md) --------------------------------
# Failed sign-ins are counted per account and per client address, in the database (so every
# app server sees the same counts); past a limit, sign-in answers 429 until the cool-off
# has passed since the failures. Every password sign-in (the pages, the admin) goes through
# authenticate(), whose first backend refuses a locked-out attempt before any password is
# checked. force_login (tests) and bearer tokens do not authenticate by password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = True
AXES_HANDLER = "onething.core.signin.SignInAttempts"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("ONETHING_SIGNIN_ACCOUNT_FAILURES", default=5)
# one address may be a whole service centre behind one gateway: its own, higher limit
ONETHING_SIGNIN_ADDRESS_FAILURES = env.int("ONETHING_SIGNIN_ADDRESS_FAILURES", default=20)
AXES_COOLOFF_TIME = _dt.timedelta(minutes=env.int("ONETHING_SIGNIN_COOL_OFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True  # a success forgives the account's failures from that address
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the wait shown is the wait
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not kept (personal data, growth)
AXES_LOCKOUT_CALLABLE = "onething.web.views.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "onething.core.signin.client_address"
# How many reverse proxies in front append to X-Forwarded-For (0: the peer is the client).
ONETHING_PROXY_HOPS = env.int("ONETHING_PROXY_HOPS", default=0)

# --- language and time ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static and uploaded files ----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
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

# --- onething ---------------------------------------------------------------------------
# Personal data keys (base64 of 32 random bytes each). ONETHING_DATA_KEYS is a comma list of
# "<key id>:<key>", the first one encrypts, all of them decrypt (rotation). The index key
# makes the keyed hash used for exact lookup; the audit key makes the audit chain's HMAC.
ONETHING_DATA_KEYS = env.str("ONETHING_DATA_KEYS", default="")
ONETHING_INDEX_KEY = env.str("ONETHING_INDEX_KEY", default="")
ONETHING_AUDIT_KEY = env.str("ONETHING_AUDIT_KEY", default="")
ONETHING_AUDIT_SHARDS = env.int("ONETHING_AUDIT_SHARDS", default=64)
ONETHING_CITY_CODE = env.str("ONETHING_CITY_CODE", default="320200")
# The city's bounding box for appeal locations: south, west, north, east (WGS-84 degrees).
ONETHING_CITY_BOUNDS = env.list(
    "ONETHING_CITY_BOUNDS", default=["31.10", "119.50", "32.05", "120.65"]
)
# Open311 GeoReport v2: the jurisdiction this server answers for.
ONETHING_OPEN311_JURISDICTION = env.str("ONETHING_OPEN311_JURISDICTION", default="wuxi.gov.cn")
# The MQTT broker the operations centre's ingester (`python -m onething cityops_mqtt`) takes
# devices' readings from, e.g. mqtt://127.0.0.1:1883 (empty: not configured).
ONETHING_MQTT_URL = env.str("ONETHING_MQTT_URL", default="")
# How long the devices' readings are kept (days) and their minute roll-ups (longer: the
# charts of past years read them); `python -m onething cityops_prune` deletes older ones.
ONETHING_READINGS_KEEP_DAYS = env.int("ONETHING_READINGS_KEEP_DAYS", default=400)
ONETHING_ROLLUPS_KEEP_DAYS = env.int("ONETHING_ROLLUPS_KEEP_DAYS", default=1100)
# How long a bearer token lasts at most (days); a token is issued for that or less.
ONETHING_TOKEN_DAYS = env.int("ONETHING_TOKEN_DAYS", default=365)
# Look-ups of a person by full ID number, per account (counters in the cache, so shared by
# every app server when CACHE_URL is Redis); past either, 429 with Retry-After.
ONETHING_LOOKUPS_PER_MINUTE = env.int("ONETHING_LOOKUPS_PER_MINUTE", default=30)
ONETHING_LOOKUPS_PER_DAY = env.int("ONETHING_LOOKUPS_PER_DAY", default=300)

ONETHING_UPLOAD_MAX_BYTES = env.int("ONETHING_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Hours an upload never attached to an application is kept (a file chosen in a refused form
# and its signed token last this long); `python -m onething uploads purge` deletes older ones.
ONETHING_PENDING_UPLOAD_HOURS = env.int("ONETHING_PENDING_UPLOAD_HOURS", default=24)
# An uploaded image is refused above this many pixels, read from its header before any
# decoding (a small PNG can claim 13000×13000 and take 600 MB to decode); a 24-megapixel
# phone photo passes. Pillow's own MAX_IMAGE_PIXELS is set to the same (core's AppConfig).
ONETHING_MAX_IMAGE_PIXELS = env.int("ONETHING_MAX_IMAGE_PIXELS", default=40_000_000)
ONETHING_SMS_BACKEND = env.str("ONETHING_SMS_BACKEND", default="onething.core.notify.LogSmsBackend")
ONETHING_FONT_DIR = Path(
    env.str("ONETHING_FONT_DIR", default=str(PROJECT_DIR / "web" / "static" / "vendor" / "fonts"))
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = ONETHING_UPLOAD_MAX_BYTES + 1024 * 1024

# Background work: django-tasks with its database queue (`python -m onething db_worker`).
TASKS = {
    "default": {
        "BACKEND": env.str("ONETHING_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}
EMAIL_BACKEND = env.str(
    "ONETHING_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("ONETHING_FROM_EMAIL", default="onething <no-reply@onething.local>")
EMAIL_HOST = env.str("ONETHING_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("ONETHING_EMAIL_PORT", default=25)

NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "filters": {"request_id": {"()": "onething.core.middleware.RequestIdLogFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("ONETHING_LOG_LEVEL", default="INFO")},
    "loggers": {"fontTools": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}
