# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATABASE ?= sqlite:///./memreg.db
STAMP := $(VENV)/.installed

.PHONY: run test lint unit bench clean install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	MEMREG_DATABASE_URL=$(DATABASE) $(BIN)/memreg demo --if-empty
	MEMREG_DATABASE_URL=$(DATABASE) $(BIN)/memreg serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)
	$(BIN)/mypy src
	$(BIN)/lint-imports

# PostgreSQL tests run when MEMREG_TEST_POSTGRES_URL is set, or when a server answers locally.
LOCAL_POSTGRES := postgresql://postgres@127.0.0.1:5432/postgres
test: lint
	@if [ -z "$$MEMREG_TEST_POSTGRES_URL" ] && command -v pg_isready >/dev/null \
	    && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  export MEMREG_TEST_POSTGRES_URL=$(LOCAL_POSTGRES); fi; \
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/import_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
