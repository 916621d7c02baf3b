# The front door. `make run` and `make test` need only Python 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test test-changed serve lint format bench help backup restore soak cluster-soak lock

help:
	@echo "make run    - install, migrate, load the directory, serve on http://127.0.0.1:$(PORT)/"
	@echo "make test   - run every test (PostgreSQL if DATABASE_URL is set, SQLite otherwise)"
	@echo "make test-changed - the tests of what this branch changes against main (BASE=...), no browser tests"
	@echo "make serve  - production-like: DEBUG off, gunicorn + whitenoise; settings from the environment"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - load test against gunicorn + PostgreSQL; prints each page's throughput as a ratio of /healthz"
	@echo "make backup - write the whole directory to backups/ (FILE=path to choose)"
	@echo "make restore FILE=backups/... - put the directory back as it was in that backup"
	@echo "make soak   - reliability run: gunicorn on a private PostgreSQL, restarted mid-run (~90 s)"
	@echo "make cluster-soak - two app servers behind HAProxy, shared PostgreSQL and Redis, parts failing (~2 min)"
	@echo "make lock   - regenerate requirements.txt and requirements-dev.txt from pyproject.toml (pip-compile)"

# --no-compile: Python writes each module's .pyc when it is first imported; compiling every
# installed module up front was half of pip's time on a first run.
$(VENV)/.installed: requirements.txt
	@echo "==> the site's pinned requirements, into $(VENV) (a first run: about 15 s with pip's cache warm)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	@echo "==> the tests' and lint's requirements, into $(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile -r requirements-dev.txt
	touch $@

# requirements.txt (the site) and requirements-dev.txt (plus tests and lint) are
# generated: the direct dependencies are declared once, in pyproject.toml, and
# pip-compile pins everything they pull in. Pins already in the files are kept
# unless pyproject.toml asks for another version; to move the others, e.g.
# make lock LOCK_ARGS="--upgrade-package faker". The dev file is constrained by
# the site's pins, so both files pin a package at the same version. No index or
# find-links URL is written into the files, and the header names `make lock`.
LOCK_OPTS := --quiet --strip-extras --no-allow-unsafe --no-emit-index-url --no-emit-find-links
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check $$(grep -o 'pip-tools==[^"]*' pyproject.toml)
	CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile $(LOCK_OPTS) $(LOCK_ARGS) \
		--output-file requirements.txt pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(PY) -m piptools compile $(LOCK_OPTS) $(LOCK_ARGS) \
		--extra dev --constraint requirements.txt --output-file requirements-dev.txt pyproject.toml

# Migrate, load the gazetteer and the directory, place the offices: one process (scripts/prepare_site.py).
run: $(VENV)/.installed
	$(PY) scripts/prepare_site.py
	@echo "==> serving http://$(HOST):$(PORT)/ (Ctrl-C stops), with the worker that sends mail;"
	@echo "    mail is written to var/mail/, one file per message"
	$(PY) scripts/with_worker.py $(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the accessibility checks in the browser tests (skipped, with the
# reason, where npm or Chromium is missing; CI requires both).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --silent --no-audit --no-fund

# The suite starts a few hundred Python processes (gunicorn, the worker, manage.py): each imports
# Django and the site, which from source (no .pyc: PYTHONDONTWRITEBYTECODE=1, or pip's --no-compile
# above) costs about 2.5 s more each. So the tests let Python keep its bytecode (__pycache__/, ignored
# by git): on the 2-core machine the suite took about half the time.
test test-changed: export PYTHONDONTWRITEBYTECODE =
test: $(VENV)/.installed-dev
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.package-lock.json; fi
	$(PY) -m pytest $(PYTEST_ARGS)

# The tests for the change at hand, without the browser tests (docs/development.md): BASE=main by default.
test-changed: $(VENV)/.installed-dev
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.package-lock.json; fi
	$(PY) -m pytest -m "not browser" $$($(PY) scripts/changed_tests.py $(BASE))

# Production-like. Deploy-check warnings are printed (CI fails on them); the
# shipped data is loaded only into an empty database:
# on a live site, editors' changes must never be overwritten by a deploy.
serve: export DEBUG = 0
serve: $(VENV)/.installed
	$(PY) scripts/port_free.py $(HOST) $(PORT)
	$(PY) scripts/prepare_site.py --serve
	$(PY) scripts/with_worker.py $(VENV)/bin/gunicorn jetro_site.wsgi --bind $(HOST):$(PORT) \
		--worker-class jetro_site.gunicorn_worker.DeadlineThreadWorker \
		--workers $${WEB_CONCURRENCY:-2} --threads $${GUNICORN_THREADS:-4} \
		--limit-request-line 8190 --forwarded-allow-ips '' --reuse-port --no-control-socket --error-logfile -

# --- Operations ---
# gthread workers with deadlines for reading a request (jetro_site/gunicorn_worker.py): a client
# that trickles its request holds no thread, and is cut off after REQUEST_HEAD_TIMEOUT seconds
# (slow-loris). No control socket: gunicorn's default path is shared by every gunicorn of the user.
# The app logs every request as JSON with its id and duration, so gunicorn's
# own access log is off (above); gunicorn's request-line limit is at its
# maximum so that an over-long search reaches the site, which explains it,
# rather than getting gunicorn's bare 414 (the load balancer adds the security
# headers to gunicorn's own errors: docs/operations.md). gunicorn trusts no
# X-Forwarded-* header from anyone ('' above; its default trusts 127.0.0.1):
# only Django reads X-Forwarded-Proto, and only with BEHIND_TLS_PROXY=1. Backups hold offices, services, editors'
# accounts and the admin log; a restore replaces the directory in one
# transaction after saving its current state to backups/.
backup: $(VENV)/.installed
	$(PY) manage.py backup_directory $(if $(FILE),--output "$(FILE)")

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/directory-....xml.gz" >&2; exit 2; }
	$(PY) manage.py restore_directory --replace "$(FILE)"

# Not part of `make test`: about 90 seconds, loopback only, its own PostgreSQL.
soak: $(VENV)/.installed
	$(PY) scripts/soak.py $(SOAK_ARGS)

# Not part of `make test` either: about two minutes, loopback only, its own
# PostgreSQL, Redis and SMTP server (aiosmtpd, from the dev requirements); installs
# Debian's haproxy with apt-get if it is missing.
cluster-soak: $(VENV)/.installed-dev
	$(PY) scripts/cluster_soak.py $(CLUSTER_SOAK_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Loopback load test, about eight minutes (BENCH_ARGS="--duration 1 --sizes real": about four): SQLite and
# PostgreSQL + Redis side by side, page cache hit and miss, distinct searches, growth to 100k offices.
# Needs a PostgreSQL server (BENCH_ADMIN_URL) and Debian's redis-server; installs wrk if missing
# (docs/performance.md).
bench: $(VENV)/.installed
	$(PY) bench/run.py $(BENCH_ARGS)
