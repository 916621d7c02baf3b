"""The site as `make serve` runs it, on loopback: shared by the soak run and the benchmark.

Both must measure the production server, so both take its settings and its
gunicorn options from here rather than each keeping a copy that can drift.
"""

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def production_env(database_url, **overrides):
    """Production settings for plain http on loopback: no redirect to https, cookies without Secure."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        **overrides,
    }


# `make serve`'s gunicorn options (its Makefile target says the same; tests/test_canonical_origin.py and
# tests/test_serve_spreads_load.py check both): gthread workers that give a slow client no thread while
# it is slow and a deadline for its request (jetro_site/gunicorn_worker.py: slow-loris); a 5,000-character
# search reaches the site, which says it is too long; gunicorn trusts no X-Forwarded-* header (only Django
# does, and only with BEHIND_TLS_PROXY); each worker listens on its own SO_REUSEPORT socket, so the kernel
# spreads new connections across the workers (with one shared socket, one gthread worker could accept
# every keep-alive connection and leave the other cores idle: half the throughput, at random from run to
# run); no control socket (gunicorn's default, ~/.gunicorn/gunicorn.ctl, is one path for every gunicorn
# of the user: each new one took it over from the last).
GUNICORN_OPTIONS = [
    "--worker-class", "jetro_site.gunicorn_worker.DeadlineThreadWorker", "--limit-request-line", "8190",
    "--forwarded-allow-ips", "", "--reuse-port", "--no-control-socket",
]  # fmt: skip


def start_gunicorn(env, port, workers=2, threads=4, options=(), **popen):
    """gunicorn with `make serve`'s options (plus `options`); returns the process once /healthz answers."""
    command = [
        GUNICORN, "jetro_site.wsgi", "--bind", f"{HOST}:{port}", *GUNICORN_OPTIONS,
        "--workers", str(workers), "--threads", str(threads), *options,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, **popen)  # noqa: S603 - our own gunicorn
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return process
        except OSError:  # not listening yet, or a 503 while it connects to the database
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    process.wait()
    raise SystemExit("gunicorn did not answer /healthz")
