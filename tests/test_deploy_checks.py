"""Production settings pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent

BASE_DIR = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **overrides):
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "reelwise.example.org",
        "REELWISE_VAR_DIR": str(tmp_path),
        **overrides,
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def run_check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = run_check_deploy(production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_fails_without_https_settings(tmp_path):
    """The check can fail: without HTTPS=1 it names the missing HSTS and secure cookies."""
    result = run_check_deploy(production_env(tmp_path, HTTPS="0"))

    assert result.returncode != 0
    for check in ["security.W004", "security.W012", "security.W016"]:
        assert check in result.stderr + result.stdout
