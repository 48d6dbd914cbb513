"""Settings for the test suite: the real settings, with a throwaway data dir and fast hashing.

The database comes from PENATA_DATABASE_URL as usual (SQLite by default, PostgreSQL in CI).
"""

import os
import tempfile

os.environ.setdefault("PENATA_DEBUG", "1")
os.environ.setdefault("PENATA_DATA_DIR", tempfile.mkdtemp(prefix="penata-test-"))

from penata.settings import *  # noqa: F403

# Argon2 is the real hasher (see settings.py, and tests/test_settings.py asserts it); tests
# create many users and use a fast one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
