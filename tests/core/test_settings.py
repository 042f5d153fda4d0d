"""Configuration from the environment: safe production defaults, refusals, SQLite tuning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "helpdesk.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://helpdesk.example.org",
    "HELPDESK_BASE_URL": "https://helpdesk.example.org",
    "SECURE_HSTS_PRELOAD": "true",
}


def manage(*args, env_overrides, tmp_path):
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(VAR_DIR=str(tmp_path), **env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_passes_with_documented_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text()
    for name in [*PRODUCTION, "DATABASE_URL", "MEDIA_ROOT", "HELPDESK_EMAIL", "TIME_ZONE", "EMAIL_HOST"]:
        assert f"`{name}`" in documented


@pytest.mark.parametrize("secret", [None, "short-secret", "dev-only-insecure-key-never-use-in-production"])
def test_refuses_to_start_without_a_real_secret_when_debug_is_off(tmp_path, secret):
    overrides = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    if secret:
        overrides["SECRET_KEY"] = secret
    result = manage("check", env_overrides=overrides, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_boolean_is_a_clear_error(tmp_path):
    result = manage("check", env_overrides={"DEBUG": "maybe"}, tmp_path=tmp_path)
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    script = ("from django.db import connection; c = connection.cursor(); "
              "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
              "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])")
    result = manage("shell", "-c", script, env_overrides={"DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}"},
                    tmp_path=tmp_path)
    mode, timeout_ms = result.stdout.split()[-2:]
    assert mode == "wal" and int(timeout_ms) >= 5000, result.stderr


def test_development_secret_is_refused_for_a_public_host_even_with_debug_on(tmp_path):
    result = manage("check", env_overrides={"DEBUG": "true", "ALLOWED_HOSTS": "helpdesk.example.org"},
                    tmp_path=tmp_path)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_unknown_cache_url_is_a_clear_error(tmp_path):
    result = manage("check", env_overrides={"CACHE_URL": "memcache://127.0.0.1"}, tmp_path=tmp_path)
    assert result.returncode != 0 and "CACHE_URL must be" in result.stderr


def test_deploy_check_warns_when_staff_mfa_is_off(tmp_path):
    result = manage("check", "--deploy", env_overrides={**PRODUCTION, "HELPDESK_REQUIRE_STAFF_MFA": "false"},
                    tmp_path=tmp_path)
    assert "cphelpdesk.W001" in result.stdout + result.stderr
