"""Settings for the test suite: production settings with plain-HTTP cookies and fast hashing.

`DATABASE_URL` picks the database as in production; `make test` runs once on SQLite and,
when TEST_DATABASE_URL is set, again on PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("JOINEDUP_DATA_DIR", os.path.join(os.getcwd(), "var", "test"))

from joinedup.settings import *  # noqa: E402,F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served straight from the app folders: nothing is collected
WHITENOISE_AUTOREFRESH = True
INSTALLED_APPS = [*INSTALLED_APPS, "joinedup.synthetic"]  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: the concurrency tests send requests from
    # threads, and a shared-cache memory database refuses a second writer at once ("table is
    # locked") where a file waits its turn, as the embedded production database does.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }

# Test only: a linkage run waits this long just before committing its new links ("commit"), or
# as it starts linking ("link"), and an import before committing its second chunk ("import"),
# so that a test can catch it, or kill its process, there (tests/linkage/test_worker_killed.py,
# tests/linkage/test_import_killed.py and tests/e2e set them for their process).
LINKAGE_TEST_PAUSE_SECONDS = float(os.environ.get("LINKAGE_TEST_PAUSE_SECONDS", "0"))
LINKAGE_TEST_PAUSE_AT = os.environ.get("LINKAGE_TEST_PAUSE_AT", "commit")
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "1"))
