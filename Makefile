# Tidtam — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PORT ?= 8000

.PHONY: install demo test test-sqlite test-postgres lint bench clean

# editable_mode=compat: the checkout itself goes on sys.path, so the dev tools (devtools/, not in the
# wheel) load through their entry points (pyproject.toml, "tidtam.dev"; bot/dev_tools.py).
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' --config-settings editable_mode=compat
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/tidtam demo --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install lint test-sqlite test-postgres

test-sqlite: install
	@echo "== test suite on SQLite"
	$(BIN)/pytest

# The same suite on PostgreSQL. CI sets REQUIRE_POSTGRES=1 so a missing server fails the run;
# on a laptop without PostgreSQL this pass is skipped with a warning. The dialogue fuzzer takes its
# 10,000+ steps in the SQLite pass and a shorter run here.
test-postgres: install
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(subst postgresql+psycopg,postgresql,$(PG_TEST_URL))', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== test suite on PostgreSQL"; \
		TIDTAM_TEST_DATABASE_URL=$(PG_TEST_URL) TIDTAM_FUZZ_EXAMPLES=40 $(BIN)/pytest -m "not browser"; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is not reachable at $(PG_TEST_URL)" >&2; exit 1; \
	else \
		echo "WARNING: PostgreSQL not reachable at $(PG_TEST_URL): skipped the PostgreSQL pass" >&2; \
	fi

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache
