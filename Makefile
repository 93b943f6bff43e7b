# The two commands: `make demo` (set up and serve with demo data on SQLite) and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Official programme lists to import (the project never commits copies of them).
PROGRAMMES_DIR ?= ../shared/data/programmes
CENTROIDS_FILE ?= ../shared/data/territoires/communes_centroides.csv
# Département outlines for the offer map (GeoJSON; its README gives the provenance recorded here).
OUTLINES_FILE ?= ../shared/data/territoires/departements_contours.geojson
OUTLINES_VINTAGE ?= ANCT superposeur-V2 3f2b0c0 (2026-07-21)
OUTLINES_SOURCE ?= anct-carto/superposeur-V2 data/admin/polygone-4326_dep.geojson (IGN Admin Express), via departements_contours.geojson
# INSEE communal density grid (7 levels), for the VTA eligibility (its README gives the provenance).
DENSITY_FILE ?= ../shared/data/territoires/densite_communes.csv
DENSITY_VINTAGE ?= Insee 2025, COG 2025 (ANCT 3f2b0c0)
DENSITY_SOURCE ?= Observatoire des territoires via anct-carto/superposeur-V2 data/grilles/densite.csv, via densite_communes.csv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo setup-demo serve test test-clock lint typecheck-baseline format test-postgres test-e2e bench bench-load bench-faults backup restore clean

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed

# Everything a new user needs, idempotent: run it twice, nothing is duplicated.
setup-demo: install
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_territories
	$(MANAGE) load_rome
	@if [ -f "$(CENTROIDS_FILE)" ]; then $(MANAGE) import_commune_centroids "$(CENTROIDS_FILE)" --apply; fi
	@if [ -f "$(OUTLINES_FILE)" ]; then $(MANAGE) import_departement_outlines "$(OUTLINES_FILE)" --apply \
	  --vintage "$(OUTLINES_VINTAGE)" --source "$(OUTLINES_SOURCE)"; fi
	@if [ -f "$(DENSITY_FILE)" ]; then $(MANAGE) import_density_grid "$(DENSITY_FILE)" --apply \
	  --vintage "$(DENSITY_VINTAGE)" --source "$(DENSITY_SOURCE)"; fi
	$(MANAGE) import_programmes_dir "$(PROGRAMMES_DIR)" --apply
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0

demo: setup-demo serve

# The web server and a task worker beside it; Ctrl-C stops both. DEBUG is off, as in production:
# visitors get the French error pages (never Django's debug page), WhiteNoise serves the static files.
serve: install
	@echo "Emploi Territoires : http://$(HOST):$(PORT)/  (identifiants de démonstration dans README.md)"
	@export EMPLOI_TERRITOIRES_DEMO=1 DJANGO_DEBUG=0; \
	$(MANAGE) collectstatic --noinput --verbosity 0; \
	$(MANAGE) task_worker --worker-id demo-1 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(BIN)/gunicorn emploi_territoires.wsgi:application --bind $(HOST):$(PORT) --workers 2 --timeout 120 \
	  --access-logfile -

# The house checks (docs/architecture.md): style, then the layers and the types. `make test` runs them first.
lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/python scripts/typecheck.py

# After fixing type errors: shrink the baseline of tolerated ones (docs/architecture.md, "Types").
typecheck-baseline: install
	$(BIN)/python scripts/typecheck.py --update

format: install
	$(BIN)/ruff check --fix src tests bench scripts
	$(BIN)/ruff format src tests bench scripts

# The suite measures the coverage of src/emploi_territoires (pyproject [tool.coverage.*]); the files not yet
# fully covered are a list that may only shrink (scripts/coverage_check.py, docs/architecture.md "Coverage").
test: install
	@$(MAKE) --no-print-directory lint
	$(MANAGE) makemigrations --check --dry-run
	mkdir -p var
	$(BIN)/pytest -p no:cacheprovider --create-db --cov --cov-report=json:var/coverage.json
	$(BIN)/python scripts/coverage_check.py var/coverage.json

# No test may depend on the day it runs: the whole suite again with the clock moved (tests/clock.py)
# a year ahead, on a 29 February, and across the change to winter time in Paris (02:58 CEST, ticking).
CLOCKS ?= +1y 2028-02-29T10:00:00+01:00 2027-10-31T02:58:00+02:00
test-clock: install
	@for clock in $(CLOCKS); do \
	  echo "== horloge déplacée : $$clock"; \
	  TEST_CLOCK=$$clock $(BIN)/pytest -p no:cacheprovider --create-db -q || exit 1; \
	done

# The same suite against PostgreSQL (CI runs it after `make test`).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -p no:cacheprovider --create-db

# Browser journeys (e2e/) in Debian's Chromium against a fresh demo instance served on 127.0.0.1;
# screenshots in var/e2e/screenshots/. E2E_BASE_URL=<url> targets a running server instead.
CHROMIUM ?= /usr/bin/chromium
test-e2e: install
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; \
	  else \
	    echo "Chromium introuvable ($(CHROMIUM)) : installez-le (apt-get install chromium) ou passez CHROMIUM=<chemin>." >&2; exit 1; \
	  fi; \
	fi
	$(BIN)/ruff check e2e
	$(BIN)/ruff format --check e2e
	E2E_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -c e2e/pytest.ini --rootdir . e2e

bench: install
	$(BIN)/python bench/commune_search.py
	$(BIN)/python bench/startup.py

# The load test and the database-restart fault, against a PRIVATE PostgreSQL cluster (it empties
# the offers of its database; the fault mode stops and starts the cluster): docs/operations.md.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5433/load
LOAD_PGDATA ?= /tmp/pgload
bench-load: install
	$(BIN)/python bench/load.py --database-url $(LOAD_DATABASE_URL)

bench-faults: install
	$(BIN)/python bench/load.py --database-url $(LOAD_DATABASE_URL) --duration 90 --outage 20 --outage-at 30 \
	  --pg-ctl-datadir $(LOAD_PGDATA)

# The whole platform (database + CV files) in one archive; restore checks unless --apply is given.
backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(ARCHIVE)" || { echo "Usage : make restore ARCHIVE=var/backups/<archive>.tar [APPLY=1]" >&2; exit 2; }
	$(MANAGE) restore "$(ARCHIVE)" $(if $(APPLY),--apply,)

clean:
	rm -rf $(VENV) var
