"""Production settings refuse to start without what a public deployment needs."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(50)


def start(env, *command):
    """Run manage.py in a fresh process with exactly these settings variables."""
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *(command or ("check",))],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_development_needs_no_variables():
    assert start({}).returncode == 0


def test_production_refuses_to_start_without_secret_key():
    result = start({"DEBUG": "0", "ALLOWED_HOSTS": "directory.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = start({"DEBUG": "0", "SECRET_KEY": "short", "ALLOWED_HOSTS": "directory.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = start({"DEBUG": "0", "SECRET_KEY": STRONG_KEY})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_a_malformed_boolean_is_named():
    result = start({"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    env = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "directory.example.org"}
    result = start(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
