# The README's commands. Everything else is a helper for them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
BENCH_SCALE ?= 1.0
FUZZ_EXAMPLES ?= 100
# Test processes (pytest-xdist; 0 runs in this process): one a core. Tests are handed out one by
# one in pytest-django's order, which keeps the transactional tests (their flush empties the
# shipped data) after the others; --dist loadfile would run them amid other files' tests.
# CI has 90 minutes for both databases.
PYTEST_WORKERS ?= auto
# WeasyPrint's libraries, a CJK font for PDFs, gettext for translations.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-wqy-zenhei gettext
# Reading PDFs back (pdffonts, pdftotext) and the browser for end-to-end tests.
TEST_SYSTEM_PACKAGES := poppler-utils chromium

.PHONY: run test setup worker beat lint audit system-packages test-system-packages translations clean bench fuzz screenshots restore-drill

run: setup  ## set up everything, load demo data, serve http://127.0.0.1:$(PORT)/
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed test-system-packages translations lint  ## the whole suite
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

setup: $(VENV)/.installed system-packages translations
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0

worker: setup  ## a real Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A ecoorigin worker --loglevel=INFO

beat: setup  ## the one Celery beat process (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A ecoorigin beat --loglevel=INFO

restore-drill: $(VENV)/.installed  ## back up, restore into fresh copies and compare (DATABASE_URL, MEDIA_ROOT; docs/deployment.md)
	PYTHON=$(PY) bin/restore-drill

bench: $(VENV)/.bench-installed system-packages translations  ## load benchmark on PostgreSQL (docs/performance.md)
	@bin/ensure-debian-packages wrk
	BENCH_SCALE=$(BENCH_SCALE) $(PY) bench/run.py

fuzz: $(VENV)/.dev-installed system-packages translations  ## schemathesis on every API operation as every role (docs/fuzzing.md)
	FUZZ_EXPLORE=1 FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/api/test_fuzz.py -q -p no:cacheprovider $(PYTEST_ARGS)

screenshots: $(VENV)/.dev-installed test-system-packages translations  ## every role's landing page at 1366 and 375 px (docs/screenshots/)
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(PY) -m pytest tests/e2e/test_screenshots.py -q -p no:cacheprovider $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r .
	$(PY) manage.py makemigrations --check --dry-run

# bandit (offline) and pip-audit, which asks PyPI about every pinned version: run it where PyPI's
# JSON API answers; it fails on any package it could not check (docs/security.md).
audit: $(VENV)/.dev-installed  ## security checks of the code and the pinned dependencies
	$(VENV)/bin/bandit -q -c pyproject.toml -r .
	$(VENV)/bin/pip-audit --strict --disable-pip --no-deps -r requirements/dev.txt

system-packages:
	@bin/ensure-debian-packages $(SYSTEM_PACKAGES)

test-system-packages: system-packages
	@bin/ensure-debian-packages $(TEST_SYSTEM_PACKAGES)

translations: $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%.mo: locale/%.po | system-packages
	msgfmt --check -o $@ $<

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { bin/ensure-debian-packages python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements/base.txt
	touch $@

$(VENV)/.bench-installed: requirements/bench.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements/bench.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements/dev.txt
	touch $@

clean:
	rm -rf $(VENV) staticfiles
