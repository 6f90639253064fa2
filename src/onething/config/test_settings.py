"""Settings for the test suite: fixed keys, a fast password hasher, a file SQLite database.

PostgreSQL is used when DATABASE_URL points at it (``make test`` does so when one is reachable).
"""

import os

os.environ.setdefault("ONETHING_SKIP_DOTENV", "1")
os.environ.setdefault("ONETHING_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
# 32 zero-ish bytes, base64: test keys only.
os.environ.setdefault(
    "ONETHING_DATA_KEYS",
    "t2:dGVzdC1kYXRhLWtleS10d28tLS0tLS0tLS0tLS0tLTI=,"
    "t1:dGVzdC1kYXRhLWtleS1vbmUtLS0tLS0tLS0tLS0tLTE=",
)
os.environ.setdefault("ONETHING_INDEX_KEY", "dGVzdC1pbmRleC1rZXktLS0tLS0tLS0tLS0tLS0tLS0=")
os.environ.setdefault("ONETHING_AUDIT_KEY", "dGVzdC1hdWRpdC1rZXktLS0tLS0tLS0tLS0tLS0tLS0=")

from .settings import *  # noqa: F403
from .settings import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ONETHING_SMS_BACKEND = "onething.core.notify.MemorySmsBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: threads (concurrency tests) and the live server share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    # Tests need no durability: SQLite does not sync the disk at each commit.
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )
else:
    # Tests need no durability: a commit does not wait for the WAL to reach the disk (the
    # demo city the tests load commits once per step of its histories).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
