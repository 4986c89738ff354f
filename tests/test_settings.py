"""Settings come from the environment, and a malformed one stops the site at start-up with a
message naming it, rather than being read as something else (DEBUG=ture as "off")."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.engine_independent


def start(**environment):
    """`manage.py check` in a fresh process with these variables: (exit code, what it said)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"} | environment
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("DEBUG", "ture", "DEBUG='ture'"),
        ("HTTPS", "maybe", "HTTPS='maybe'"),
        ("CONN_MAX_AGE", "soon", "CONN_MAX_AGE='soon'"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT='0'"),
        ("PUBLIC_PAGE_CACHE_SECONDS", "-5", "PUBLIC_PAGE_CACHE_SECONDS='-5'"),
        ("RATE_LIMIT_REVIEW", "ten", "RATE_LIMIT_REVIEW='ten'"),
        ("API_ANON_RATE", "120", "API_ANON_RATE='120'"),
        ("REELWISE_COUNTRY", "USA", "REELWISE_COUNTRY='USA'"),
        ("CACHE_URL", "memcached://x", "CACHE_URL 'memcached://x'"),
    ],
)
def test_a_malformed_setting_stops_start_up_naming_it(variable, value, named):
    code, said = start(**{variable: value})

    assert code != 0
    assert named in said


def test_well_formed_settings_start(tmp_path):
    code, said = start(
        DEBUG="yes",
        CONN_MAX_AGE="30",
        RATE_LIMIT_REVIEW="20/h",
        REELWISE_COUNTRY="gb",
        REELWISE_VAR_DIR=str(tmp_path),
    )

    assert code == 0, said
