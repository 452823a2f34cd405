# peercoach: `make run` starts the app with demo data, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# Links in emails and calendars point here; `make run` serves on PORT, so they follow it.
SITE_URL ?= http://127.0.0.1:$(PORT)
PG_URL ?= postgres://postgres@127.0.0.1:5432/peercoach
CHROMIUM ?= /usr/bin/chromium
TEST_WORKERS ?= 2
SCREENSHOT_PORT ?= 8451
LIGHTHOUSE_PORT ?= 8452

.PHONY: install messages catalogues run test lint test-sqlite test-postgres chromium bench screenshots lighthouse clean

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	@cd peercoach && ../$(PY) ../manage.py compilemessages --verbosity 0

# After changing texts: refresh the Dutch catalogues, the project's own (for apps without one)
# and one per app that has its own `locale/`; then translate the new entries and `make messages`.
APP_CATALOGUES := $(patsubst peercoach/%/locale,%,$(wildcard peercoach/*/locale))
catalogues: install
	cd peercoach && ../$(BIN)/django-admin makemessages -l nl --ignore 'static/*' \
		$(foreach app,$(APP_CATALOGUES),--ignore '$(app)/*')
	for app in $(APP_CATALOGUES); do \
		(cd peercoach/$$app && ../../$(BIN)/django-admin makemessages -l nl) || exit 1; done

# The web server, a task worker and the loop that queues due reminders run side by side;
# Ctrl-C stops all three. The worker and the loop wait out database outages themselves and are
# restarted anyway should they die (`keep` below).
run: export SITE_URL := $(SITE_URL)
# Static files as production serves them: collected into var/, hashed, gzipped (settings.py).
run: export PEERCOACH_COLLECTED_STATIC := 1
run: install messages
	mkdir -p var
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py seed_demo --if-empty
	trap 'kill 0' EXIT INT TERM; \
	keep() { while true; do DEBUG=$${DEBUG:-0} "$$@"; echo "$$* exited ($$?); restarting in 2 s" >&2; sleep 2; done; }; \
	keep $(PY) manage.py task_worker --no-reload & \
	keep $(PY) manage.py send_due_notifications --loop 60 & \
	DEBUG=$${DEBUG:-0} $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install messages chromium lint
	mkdir -p var
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	PEERCOACH_PRODUCTION=1 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=peercoach.example \
		SITE_URL=https://peercoach.example \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(BIN)/pytest -q -n $(TEST_WORKERS)

test-postgres: install
	@if $(PY) -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== tests on PostgreSQL"; DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n $(TEST_WORKERS); \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is required under CI but not reachable at $(PG_URL)"; exit 1; \
	else echo "== PostgreSQL not reachable at $(PG_URL): skipped (required under CI)"; fi

bench: install
	$(PY) bench/match_bench.py

# PNGs of the key pages of every demo role, Dutch and English, phone and laptop: var/screenshots/.
screenshots: install messages chromium
	$(PY) bench/screenshots.py --port $(SCREENSHOT_PORT)

# Lighthouse's phone scores (performance, accessibility, best practices) for home, session, goal,
# program, report and people; npm's lighthouse is installed into var/ once, Debian's Chromium runs it.
var/lighthouse/node_modules/lighthouse/cli/index.js:
	mkdir -p var/lighthouse
	cd var/lighthouse && npm install --no-audit --no-fund --loglevel=error lighthouse@12.2.3

lighthouse: install messages chromium var/lighthouse/node_modules/lighthouse/cli/index.js
	$(PY) bench/lighthouse.py --port $(LIGHTHOUSE_PORT)

clean:
	rm -rf $(VENV) var
