# onething — two commands: `make run` serves the demo city, `make test` runs every test.
# Prerequisites: Python 3.11+, make, Node.js with npm. Nothing else.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
VENDOR := src/onething/web/static/vendor/.copied
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run dev setup test lint format bench messages demo clean help

help:
	@echo "make run    set up, load the demo city and serve http://$(HOST):$(PORT)/ as production does"
	@echo "make dev    the same with DEBUG on and runserver (Django's debug pages, reloading)"
	@echo "make test   set up and run the whole suite (SQLite, then PostgreSQL if reachable)"
	@echo "make lint   ruff check + format check + import contracts   make bench   run bench/"

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	  || { echo "onething needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.package-lock.json: package-lock.json
	@command -v npm >/dev/null || { echo "onething needs Node.js with npm to fetch its front-end libraries"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR): node_modules/.package-lock.json scripts/vendor_assets.py
	$(PY) scripts/vendor_assets.py
	@touch $@

setup: $(VENV)/.installed $(VENDOR) messages

messages: $(VENV)/.installed
	@$(PY) scripts/compile_messages.py

# `make run` serves as production does: DEBUG off, gunicorn, static files collected and
# served by WhiteNoise, the error pages in the user's language. `make dev` is for
# developers: DEBUG on (Django's debug pages), runserver reloading on every change.
run: setup
	@$(PY) -m onething.config.initenv .env
	@ONETHING_DEBUG=0 $(PY) -m onething migrate --noinput -v 0
	@echo "Loading the demo city…"
	@ONETHING_DEBUG=0 $(PY) -m onething demo
	@ONETHING_DEBUG=0 $(PY) -m onething collectstatic --noinput -v 0
	@ONETHING_DEBUG=0 $(PY) -m onething uploads purge -v 0
	@echo ""
	@echo "onething is serving the demo city at http://$(HOST):$(PORT)/   (API docs: http://$(HOST):$(PORT)/api/docs)"
	@echo "(a task worker delivers notifications: e-mails go to var/mail/, SMS to the log)"
	@echo "(a simulator feeds the demo city's devices: over HTTP, or MQTT if ONETHING_MQTT_URL is set;"
	@echo " the access log goes to var/access.log)"
	@mqtt=$${ONETHING_MQTT_URL:-$$(sed -n 's/^ONETHING_MQTT_URL=//p' .env 2>/dev/null)}; \
	  ONETHING_DEBUG=0 $(PY) -m onething db_worker --interval 2 -v 0 & worker=$$!; \
	  if [ -n "$$mqtt" ]; then ONETHING_DEBUG=0 $(PY) -m onething cityops_mqtt & ingester=$$!; fi; \
	  ONETHING_DEBUG=0 $(PY) -m onething cityops_simulate --url http://$(HOST):$(PORT) -v 0 & \
	  simulator=$$!; \
	  trap 'kill $$worker $$simulator $$ingester 2>/dev/null' EXIT INT TERM; \
	  ONETHING_DEBUG=0 $(VENV)/bin/gunicorn onething.config.wsgi -w 2 -b $(HOST):$(PORT) \
	    --access-logfile var/access.log --log-level warning

dev: setup
	@$(PY) -m onething.config.initenv .env
	@ONETHING_DEBUG=1 $(PY) -m onething migrate --noinput -v 0
	@ONETHING_DEBUG=1 $(PY) -m onething demo
	@ONETHING_DEBUG=1 $(PY) -m onething db_worker --interval 2 -v 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  ONETHING_DEBUG=1 $(PY) -m onething runserver $(HOST):$(PORT)

test: setup
	@scripts/run-tests

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(VENV)/bin/lint-imports --no-cache  # the dependency rules (pyproject.toml, docs/architecture.md)

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix src tests bench scripts
	$(VENV)/bin/ruff format src tests bench scripts

bench: setup
	$(PY) bench/run.py

# For developers with gettext installed: refresh the catalogues from the sources.
makemessages: $(VENV)/.installed
	cd src/onething && ../../$(PY) -m onething makemessages -l zh_Hans --no-obsolete --no-location

clean:
	rm -rf $(VENV) node_modules src/onething/web/static/vendor var/static
