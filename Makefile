# Tavolo delle Risorse: the two commands of the README, and a few more.
#   make run    fresh clone -> running site on http://127.0.0.1:8000 (SQLite, demo data)
#   make test   the whole test suite, both tiers (DATABASE_URL honoured, SQLite otherwise)
#   make test-fast / make test-slow   one tier: models, services, views, matrix / browsers, PDFs, servers
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.8
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never

.PHONY: help run test test-fast test-slow bench firstpaint install static messages migrate seed lint check-deploy backup browsers clean

help:
	@echo "make run     install everything, migrate, load demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test    install what the tests need and run the whole suite (honours DATABASE_URL)"
	@echo "make test-fast  the fast tier only (in parallel); make test-slow  the slow tier only"
	@echo "make bench   run the benchmarks, results in bench/RESULTS.md"
	@echo "make firstpaint  Lighthouse on the public pages (mobile, desktop), results in bench/FIRSTPAINT.md"
	@echo "make backup  write a consistent backup of the database and uploaded files under backups/"
	@echo "make lint    ruff and the import layers (lint-imports)"

# --- installation (each step is skipped when already done) ---------------------------------------
$(PY):
	@py=$$(scripts/find-python) || exit 1; echo "Using $$py"; "$$py" -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --inexact --python $(PY)
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# The stylesheet keeps only the rules whose names the templates, the Python code and the JavaScript use
# (scripts/bootstrap-italia-purge.mjs): it is rebuilt when one of them changes.
STYLE_SOURCES := $(shell find templates core members meetings training reports tavolo static/js \
	\( -name '*.html' -o -name '*.py' -o -name '*.js' \) -not -path '*/__pycache__/*' 2>/dev/null)

static/vendor/.built: node_modules/.package-lock.json scripts/vendor_static.sh scripts/bootstrap-italia-parts.js \
		scripts/bootstrap-italia-purge.mjs $(STYLE_SOURCES) | $(VENV)/.synced
	bash scripts/vendor_static.sh
	@touch $@

install: $(VENV)/.synced static messages

static: static/vendor/.built

# Compiling catalogues needs no secrets: DEBUG=true lets the settings load on a bare machine.
messages: $(VENV)/.synced
	@DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# --- the two commands ------------------------------------------------------------------------------
run: export DEBUG ?= true
run: export TAVOLO_REQUIRE_STAFF_MFA ?= false
run: export TAVOLO_LOGIN_METHODS ?= password,demo
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export TAVOLO_OFFICE_ADDRESS ?= Piazza Garibaldi 1, 48015 Cervia (RA)
run: export TAVOLO_OFFICE_PHONE ?= 0544 979111
run: export TAVOLO_OFFICE_PEC ?= comune.cervia@legalmail.it
run: install
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	@# Public copies of reports published by an earlier version of the portal (core/published.py).
	$(PY) manage.py render_report_pdfs
	$(PY) manage.py runserver $(HOST):$(PORT)

# Two tiers: the fast one (no marker: models, services, views, permission matrix) runs in parallel
# with pytest-xdist (each worker gets its own test database); the slow one (marker `slow`: browsers,
# accessibility, W3C checker, PDF rendering, several servers) runs in one process, its data built once.
# TEST_WORKERS=0 runs the fast tier in one process.
TEST_WORKERS ?= 2

test: test-fast test-slow

# Exit status 5 is "no test selected" (PYTEST_ARGS naming tests of the other tier only): not a failure.
test-fast: install
	$(PY) -m pytest -m "not slow" -n $(TEST_WORKERS) $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-slow: install browsers
	$(PY) -m pytest -m slow $(PYTEST_ARGS) || [ $$? -eq 5 ]

# Browser tests need Debian's Chromium; installed when we may (root with apt), skipped otherwise.
browsers:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium poppler-utils"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing for the browser and HTML tests:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "Could not install$$missing: the tests that need them will be skipped."; \
	  else echo "Not found:$$missing (apt-get install$$missing): the tests that need them will be skipped."; fi; \
	fi

bench: install
	$(PY) -m bench.run

# First paint of the public pages with Lighthouse on Debian's Chromium (issue 16): bench/FIRSTPAINT.md.
# Lighthouse is installed on first use under LIGHTHOUSE_DIR (~/.cache/tavolo-lighthouse), not in the repo.
# FIRSTPAINT_REPORTS=folder keeps every Lighthouse report (JSON) there.
FIRSTPAINT_RUNS ?= 3
FIRSTPAINT_REPORTS ?=
firstpaint: install
	$(PY) -m bench.firstpaint --runs $(FIRSTPAINT_RUNS) --label "$$(git rev-parse --short HEAD)" --out bench/FIRSTPAINT.md \
	  $(if $(FIRSTPAINT_REPORTS),--reports $(FIRSTPAINT_REPORTS))

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check-deploy: $(VENV)/.synced
	DEBUG=false SECRET_KEY=$$(openssl rand -hex 40) ALLOWED_HOSTS=tavolo.example.it \
	  $(PY) manage.py check --deploy --fail-level WARNING

backup: $(VENV)/.synced
	$(PY) manage.py backup

migrate: export DEBUG ?= true
migrate: install
	$(PY) manage.py migrate

seed: export DEBUG ?= true
seed: migrate
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles

# --- production, tested (issue 20) ------------------------------------------------------------------
.PHONY: deploy-check upgrade-check
# The files of deploy/ run as installed, behind nginx with TLS, and walked (Debian, as root).
deploy-check: install
	deploy/check.sh

# A database made by the previous release's migrations upgrades with this code's migrate.
upgrade-check: $(VENV)/.synced
	deploy/upgrade-check.sh
