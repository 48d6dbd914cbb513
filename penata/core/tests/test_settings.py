"""Settings validation: a bad value stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROD_KEY = "k" * 20 + "Q9x!Vb7#Lm2$Rt5%Yp8&Zw4*Ns6(Hd3)Jf1"


def run_settings(
    env: dict[str, str], tmp_path: Path, code: str = "import penata.settings"
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PENATA_", "DJANGO_"))}
    base["PENATA_DATA_DIR"] = str(tmp_path)
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"PENATA_DEBUG": "0"}, "PENATA_SECRET_KEY"),
        ({"PENATA_DEBUG": "maybe"}, "PENATA_DEBUG"),
        ({"PENATA_DEBUG": "0", "PENATA_SECRET_KEY": "short"}, "PENATA_SECRET_KEY"),
        ({"PENATA_DEBUG": "0", "PENATA_SECRET_KEY": PROD_KEY}, "PENATA_ALLOWED_HOSTS"),
        ({"PENATA_DEBUG": "1", "PENATA_DATABASE_URL": "mysql://u:p@h/db"}, "PENATA_DATABASE_URL"),
        ({"PENATA_DEBUG": "1", "PENATA_DATABASE_URL": "not a url"}, "PENATA_DATABASE_URL"),
        (
            {"PENATA_DEBUG": "1", "PENATA_CSRF_TRUSTED_ORIGINS": "penata.example"},
            "PENATA_CSRF_TRUSTED_ORIGINS",
        ),
        ({"PENATA_DEBUG": "1", "PENATA_LOGIN_MAX_FAILURES": "lima"}, "PENATA_LOGIN_MAX_FAILURES"),
        ({"PENATA_DEBUG": "1", "PENATA_LOGIN_MAX_FAILURES": "0"}, "PENATA_LOGIN_MAX_FAILURES"),
        ({"PENATA_DEBUG": "1", "PENATA_LOG_LEVEL": "LOUD"}, "PENATA_LOG_LEVEL"),
        (
            {
                "PENATA_DEBUG": "0",
                "PENATA_SECRET_KEY": PROD_KEY,
                "PENATA_ALLOWED_HOSTS": "penata.example",
                "PENATA_FIELD_KEY": "pendek",
            },
            "PENATA_FIELD_KEY",
        ),
        ({"PENATA_DEBUG": "1", "PENATA_SITE_URL": "penata.example"}, "PENATA_SITE_URL"),
        (
            {"PENATA_DEBUG": "1", "PENATA_EMAIL_HOST": "smtp.example", "PENATA_EMAIL_PORT": "x"},
            "PENATA_EMAIL_PORT",
        ),
    ],
)
def test_bad_value_names_the_variable(env: dict[str, str], variable: str, tmp_path: Path) -> None:
    result = run_settings(env, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_unwritable_data_dir_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_settings({"PENATA_DEBUG": "1", "PENATA_DATA_DIR": str(blocker / "sub")}, tmp_path)
    assert result.returncode != 0 and "PENATA_DATA_DIR" in result.stderr


def test_debug_key_generated_once_and_reused(tmp_path: Path) -> None:
    code = "import penata.settings as s; print(s.SECRET_KEY)"
    first = run_settings({"PENATA_DEBUG": "1"}, tmp_path, code)
    second = run_settings({"PENATA_DEBUG": "1"}, tmp_path, code)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip()
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_defaults_are_sqlite_in_data_dir_and_argon2(tmp_path: Path) -> None:
    code = (
        "import penata.settings as s; print(s.DATABASES['default']['ENGINE']);"
        "print(s.DATABASES['default']['NAME']); print(s.PASSWORD_HASHERS[0]);"
        "print(s.LANGUAGE_CODE)"
    )
    result = run_settings({"PENATA_DEBUG": "1"}, tmp_path, code)
    engine, name, hasher, lang = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "penata.sqlite3")
    assert hasher.endswith("Argon2PasswordHasher")
    assert lang == "id"


def test_postgres_url_is_accepted(tmp_path: Path) -> None:
    code = (
        "import penata.settings as s; db = s.DATABASES['default']; print(db['ENGINE'], db['NAME'])"
    )
    result = run_settings(
        {"PENATA_DEBUG": "1", "PENATA_DATABASE_URL": "postgres://u:p@db:5432/penata"},
        tmp_path,
        code,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "penata"]


def test_check_deploy_is_clean_with_production_variables(tmp_path: Path) -> None:
    env = {
        "PENATA_DEBUG": "0",
        "PENATA_SECRET_KEY": PROD_KEY,
        "PENATA_ALLOWED_HOSTS": "penata.semarangkota.go.id",
        "PENATA_CSRF_TRUSTED_ORIGINS": "https://penata.semarangkota.go.id",
        "PENATA_SITE_URL": "https://penata.semarangkota.go.id",
        "PENATA_EMAIL_HOST": "smtp.semarangkota.go.id",
    }
    code = "from penata.cli import main; main(['check', '--deploy', '--fail-level', 'WARNING'])"
    result = run_settings(env, tmp_path, code)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout
