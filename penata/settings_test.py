"""Settings for the test suite: the real settings, with a throwaway data dir and fast hashing.

The database comes from PENATA_DATABASE_URL as usual (SQLite by default, PostgreSQL in CI).
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("PENATA_DEBUG", "1")
if "PENATA_DATA_DIR" not in os.environ:
    _tmp = tempfile.mkdtemp(prefix="penata-test-")
    os.environ["PENATA_DATA_DIR"] = _tmp
    atexit.register(shutil.rmtree, _tmp, ignore_errors=True)

from penata.settings import *  # noqa: F403

# Argon2 is the real hasher (see settings.py, and tests/test_settings.py asserts it); tests
# create many users and use a fast one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A file-based SQLite test database (not the shared in-memory one): it behaves like production
# under concurrency (WAL, busy timeout), which the concurrent-writer tests rely on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# Two-factor sign-in is off for the suite (tests that check it switch it on with
# override_settings), so the standing role users can sign in with force_login.
PENATA_REQUIRE_2FA = False
