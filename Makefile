# Maillage — commandes de travail. Seuls prérequis : Python 3.11+, git, make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv install demo runserver migrate populate_db test test-fast quality fix lint bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: venv

migrate: venv
	$(PY) manage.py migrate --noinput

populate_db: migrate
	$(PY) manage.py load_communes
	$(PY) manage.py load_demo

demo: populate_db
	@echo ""
	@echo "Maillage (démonstration) : http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

runserver: venv
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

quality: lint
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	DJANGO_SECRET_KEY=ci-dummy-secret-key-that-is-long-enough-0123456789abcdefghijklmnop \
	DATABASE_URL=postgres://ci:ci@127.0.0.1:5432/ci CACHE_URL=dbcache://maillage_cache \
	$(PY) manage.py check --deploy --fail-level WARNING --settings=config.settings.prod

fix: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Toute la suite (navigateur compris) sur la base de DATABASE_URL, SQLite par défaut.
test: venv lint
	$(BIN)/pytest -q

test-fast: venv
	$(BIN)/pytest -q -m "not browser" -x

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
