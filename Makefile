# The two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ARTIFACTS ?= test-artifacts
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve bench lint install install-test system-packages clean

## make run: install, migrate, load the demo, print an editor login, serve on http://127.0.0.1:8000
## make run CATALOG=path/to/movies.csv also imports the 58,788-film catalogue first
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(if $(CATALOG),$(PY) manage.py import_catalog "$(CATALOG)")
	$(PY) manage.py load_demo
	$(PY) manage.py create_editor --url http://$(HOST):$(PORT)/admin/
	@echo "Reelwise is at http://$(HOST):$(PORT)/films/never-let-me-go-2010/ (Ctrl-C stops it)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## make test: install what the tests need, then lint and run the whole suite on SQLite and PostgreSQL
test: $(VENV)/.installed-test system-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	@mkdir -p $(ARTIFACTS)
	@echo "== The suite on SQLite and on PostgreSQL side by side, each pytest on a core of its own =="
	@echo "   (tests marked engine_independent run on SQLite only; the load tests come after)"
	@postgres="$$(.ci/postgres)"; status=0; \
	SCREENSHOT_DIR=$(ARTIFACTS)/screenshots/sqlite $(VENV)/bin/pytest -m "not load" \
	  > $(ARTIFACTS)/sqlite.log 2>&1 & sqlite=$$!; \
	DATABASE_URL="$$postgres" REELWISE_VAR_DIR="$(CURDIR)/var/test-postgresql" \
	  SCREENSHOT_DIR=$(ARTIFACTS)/screenshots/postgresql $(VENV)/bin/pytest -m "not load and not engine_independent" \
	  > $(ARTIFACTS)/postgresql.log 2>&1 & postgresql=$$!; \
	wait $$sqlite || status=1; wait $$postgresql || status=1; \
	echo "== SQLite =="; cat $(ARTIFACTS)/sqlite.log; echo "== PostgreSQL =="; cat $(ARTIFACTS)/postgresql.log; \
	exit $$status
	@echo "== The load tests, one engine at a time, with the machine to themselves =="
	SCREENSHOT_DIR=$(ARTIFACTS)/screenshots/sqlite $(VENV)/bin/pytest -m load
	DATABASE_URL="$$(.ci/postgres)" $(VENV)/bin/pytest -m "load and not engine_independent"

## make serve: production mode (gunicorn, DEBUG off, hashed compressed static files); needs SECRET_KEY
serve: $(VENV)/.installed
	@test -n "$${SECRET_KEY:-}" || { echo "make serve needs SECRET_KEY (and ALLOWED_HOSTS) in the environment" >&2; exit 1; }
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	DEBUG=0 BIND=$${BIND:-$(HOST):$(PORT)} $(VENV)/bin/gunicorn -c config/gunicorn.conf.py

## make bench CATALOG=path/to/imdb-movies.csv: production server at 58,788 films, driven by wrk
bench: $(VENV)/.installed
	@test -n "$(CATALOG)" || { echo "make bench needs CATALOG=path/to/imdb-movies.csv" >&2; exit 1; }
	.ci/system-packages wrk redis-server
	$(PY) -m loadtest.bench --catalog "$(CATALOG)"

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { .ci/system-packages python3-venv && $(PYTHON) -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-test.txt
	touch $(VENV)/.installed $@

system-packages:
	.ci/system-packages chromium postgresql redis-server wrk

clean:
	rm -rf $(VENV) var $(ARTIFACTS) .pytest_cache .ruff_cache
