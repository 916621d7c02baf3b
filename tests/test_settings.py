"""Production settings refuse to start without what a public deployment needs."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(50)
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "directory.example.org"}
# Issue 5's variables: a test sets the ones it is about, never inherits them.
PRODUCTION_VARIABLES = {
    "ADMIN_URL",
    "BEHIND_TLS_PROXY",
    "TRUSTED_PROXY_COUNT",
    "REDIS_URL",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "STATIC_URL",
    "STATIC_ROOT",
    "SESSION_COOKIE_AGE",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
}


def start(env, *command):
    """Run manage.py in a fresh process with exactly these settings variables."""
    ignored = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", *PRODUCTION_VARIABLES}
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


# --- Issue 5: production settings as an operator sets them -------------------

SHOW = """
import json
from django.conf import settings
from django.urls import reverse
print(json.dumps({
    "admin": reverse("admin:index"),
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "trusted_proxies": settings.TRUSTED_PROXY_COUNT,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "log_format": settings.LOGGING["handlers"]["stdout"]["formatter"],
    "csp_upgrade": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"],
    "csp_style": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"],
}))
"""


def production_settings(**env):
    result = start({**PRODUCTION, **env}, "shell", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_https_only_with_hashed_static_files_and_json_logs():
    shown = production_settings()
    assert shown["ssl_redirect"] is True
    assert shown["hsts"] == 31536000
    assert shown["secure_cookies"] == [True, True]
    assert shown["csp_upgrade"] is True
    assert shown["proxy_header"] is None, "X-Forwarded-Proto is not trusted unless a proxy is declared"
    assert shown["trusted_proxies"] == 0
    assert shown["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert shown["log_format"] == "json"
    assert shown["admin"] == "/admin/"


def test_behind_a_tls_proxy_https_is_read_from_x_forwarded_proto():
    shown = production_settings(BEHIND_TLS_PROXY="1")
    assert shown["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["trusted_proxies"] == 1


def test_the_admin_moves_to_admin_url():
    assert production_settings(ADMIN_URL="/editors-7f3a/")["admin"] == "/editors-7f3a/"


def test_a_malformed_admin_url_is_refused():
    result = start({**PRODUCTION, "ADMIN_URL": "../admin"})
    assert result.returncode != 0
    assert "ADMIN_URL must be a path" in result.stderr


def test_a_lockout_without_end_is_refused():
    result = start({**PRODUCTION, "AXES_COOLOFF_MINUTES": "0"})
    assert result.returncode != 0
    assert "AXES_COOLOFF_MINUTES and AXES_FAILURE_LIMIT must be 1 or more" in result.stderr


def test_an_unknown_log_format_is_refused():
    result = start({**PRODUCTION, "LOG_FORMAT": "xml"})
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text" in result.stderr


def test_redis_url_shares_the_cache_and_sessions_between_app_servers():
    shown = production_settings(REDIS_URL="redis://127.0.0.1:6379/5")
    assert shown["cache"] == "django_redis.cache.RedisCache"
    # Database sessions even with Redis: a sign-out made while Redis is away must not come back with it.
    assert shown["sessions"] == "django.contrib.sessions.backends.db"


def test_without_redis_sessions_stay_in_the_database():
    shown = production_settings()
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["sessions"] == "django.contrib.sessions.backends.db"


def test_static_files_on_a_cdn_are_allowed_by_the_policy():
    shown = production_settings(STATIC_URL="https://cdn.example.org/jetro/assets/")
    assert shown["csp_style"] == ["'self'", "https://cdn.example.org"]


def test_a_plain_http_trial_does_not_ask_browsers_to_upgrade_to_https():
    env = {"SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0"}
    assert production_settings(**env)["csp_upgrade"] is False
