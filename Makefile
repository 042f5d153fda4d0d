# CP Helpdesk. `make run` and `make test` set everything up on a fresh machine (Python 3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test test-fast lint bench messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CP Helpdesk needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create a virtual environment: on Debian, apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## Set up, migrate, load the demo data into an empty database and start the whole service.
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	HELPDESK_REQUIRE_STAFF_MFA=$${HELPDESK_REQUIRE_STAFF_MFA:-false} $(BIN)/python manage.py serve

## Set up and run the whole suite (set DATABASE_URL to run it on PostgreSQL), a process per core (pytest-xdist).
test: setup
	$(BIN)/python -m pytest -n auto

## Style, and the layers of docs/architecture.md ("Layers"): no upward import, no cycle, no late import outside the allow-list.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: setup
	$(BIN)/python -m bench

## Refresh the translation catalogs after changing strings (needs GNU gettext).
messages: setup
	cd cphelpdesk && ../$(BIN)/python ../manage.py makemessages --no-obsolete -l fr -l es -l ar --ignore 'static/*'
	cd cphelpdesk && ../$(BIN)/python ../manage.py compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache
