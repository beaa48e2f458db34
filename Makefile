# Maillage — commandes de travail. Seuls prérequis : Python 3.11+, git, make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Deux verrous à empreintes (requirements/) : base.txt, ce qu'il faut pour faire tourner l'app (make demo) ;
# dev.txt, base plus les outils de test et de qualité (make test, make quality). `make lock` les régénère.
STAMP := $(VENV)/.installed-base
STAMP_DEV := $(VENV)/.installed-dev
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" --quiet $(if $(UPGRADE),--upgrade)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv venv-dev install lock demo runserver migrate populate_db test test-fast quality fix lint bench clean

venv: $(STAMP)

venv-dev: $(STAMP_DEV)

# Le projet n'est pas installé dans le venv : il tourne depuis ce dossier (manage.py, pytest, bench/ le trouvent).
$(STAMP): requirements/base.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	@touch $(STAMP)

$(STAMP_DEV): requirements/dev.txt $(STAMP)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $(STAMP_DEV)

install: venv-dev

# Après un changement des dépendances de pyproject.toml : garde les versions déjà verrouillées quand elles
# conviennent ; `make lock UPGRADE=1` monte tout aux dernières versions permises.
lock: venv-dev
	$(UV_COMPILE) -o requirements/base.txt
	$(UV_COMPILE) --extra dev -c requirements/base.txt -o requirements/dev.txt

migrate: venv
	$(PY) manage.py migrate --noinput

populate_db: migrate
	$(PY) manage.py load_communes
	$(PY) manage.py load_demo

# Le serveur et, en arrière-plan, le processus des tâches de fond (imports web…), arrêté avec le serveur. Sans DEBUG
# (DJANGO_DEBUG=True make demo pour le remettre) : pages d'erreur 404 et 500 du site, en français, comme en production.
demo: populate_db
	@echo ""
	@echo "Maillage (démonstration) : http://$(HOST):$(PORT)/ (un autre port : make demo PORT=8001)"
	@$(PY) manage.py db_worker & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-False} $(PY) manage.py runserver $(HOST):$(PORT)

runserver: venv
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint maillage --lint
	$(BIN)/lint-imports --no-cache

# pre-commit rejoue lint et ajoute l'hygiène des fichiers et django-upgrade (.pre-commit-config.yaml).
quality: lint
	$(BIN)/pre-commit run --all-files --show-diff-on-failure
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	DJANGO_SECRET_KEY=ci-dummy-secret-key-that-is-long-enough-0123456789abcdefghijklmnop \
	DATABASE_URL=postgres://ci:ci@127.0.0.1:5432/ci CACHE_URL=dbcache://maillage_cache \
	$(PY) manage.py check --deploy --fail-level WARNING --settings=config.settings.prod

fix: venv-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Toute la suite (navigateur compris) sur la base de DATABASE_URL, SQLite par défaut.
test: venv-dev lint
	$(BIN)/pytest -q

test-fast: venv-dev
	$(BIN)/pytest -q -m "not browser" -x

bench: venv-dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
