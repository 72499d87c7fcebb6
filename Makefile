# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATABASE ?= sqlite:///./memreg.db
STAMP := $(VENV)/.installed
# Front-end packages the pages serve and the browser tests use (package.json), from npm.
NPM_STAMP := node_modules/.installed

.PHONY: run test lint unit bench clean install messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $(NPM_STAMP); \
	else echo "npm not found: the map has no offline borders, browser tests cannot run axe"; fi

install: $(STAMP) $(NPM_STAMP)

run: $(STAMP) $(NPM_STAMP)
	MEMREG_DATABASE_URL=$(DATABASE) $(BIN)/memreg demo --if-empty
	MEMREG_DATABASE_URL=$(DATABASE) $(BIN)/memreg serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)
	$(BIN)/mypy src
	$(BIN)/lint-imports

# PostgreSQL tests run when MEMREG_TEST_POSTGRES_URL is set, or when a server answers locally.
LOCAL_POSTGRES := postgresql://postgres@127.0.0.1:5432/postgres
test: lint $(NPM_STAMP)
	@if [ -z "$$MEMREG_TEST_POSTGRES_URL" ] && command -v pg_isready >/dev/null \
	    && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  export MEMREG_TEST_POSTGRES_URL=$(LOCAL_POSTGRES); fi; \
	$(BIN)/python -m pytest -q

# Bring the catalogs (ru, be, en) up to date with the messages of the code and templates;
# then translate the new entries (tests/unit/test_translations.py fails until every one is).
LOCALE := src/memreg/web/pages/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -q -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output \
	  -o $(LOCALE)/messages.pot .
	for lang in ru be en; do $(BIN)/pybabel update -q -i $(LOCALE)/messages.pot -d $(LOCALE) \
	  -l $$lang --no-location --ignore-obsolete --no-fuzzy-matching; done
	rm $(LOCALE)/messages.pot

bench: $(STAMP)
	$(BIN)/python bench/import_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
