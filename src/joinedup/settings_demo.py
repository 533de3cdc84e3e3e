"""Settings for `make demo`: the product on http://127.0.0.1:8000 with synthetic data only.

Never use these in production: cookies travel over plain HTTP, and the
second-factor page shows the demo account's current code so that visitors can sign in.
"""

import os
import secrets

from joinedup import config

_data_dir = config.data_dir()
_data_dir.mkdir(parents=True, exist_ok=True)
if not os.environ.get("SECRET_KEY") and not os.environ.get("SECRET_KEY_FILE"):
    # The demo keeps its own key in the git-ignored data directory.
    _key_file = _data_dir / "demo-secret-key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
        _key_file.chmod(0o600)
    os.environ["SECRET_KEY_FILE"] = str(_key_file)
os.environ.setdefault("DEBUG", "0")  # the demo looks like the product: no debug pages
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from joinedup.settings import *  # noqa: E402,F403

JOINEDUP_DEMO = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served straight from the app folders: nothing is collected
# The synthetic area's generator is installed only outside production.
INSTALLED_APPS = [*INSTALLED_APPS, "joinedup.synthetic"]  # noqa: F405
