# corroborate: `make demo` and `make test` work on a fresh clone with only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test lint types layers check build pure clean

# The extract stage is compiled in place by setup.py (mypyc), so an edit to one of its
# modules reinstalls the package; `make pure` drops the compiled modules instead.
EXTRACT := $(wildcard src/corroborate/extract/*.py)

# The runtime install, refreshed when pyproject.toml, setup.py or the extractor changes.
$(VENV)/.runtime: pyproject.toml setup.py $(EXTRACT)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e .
	touch $@

# Development extras: tests, lint, the PostgreSQL driver and the benchmark baselines.
# Installed by name so that the package is not built a second time.
$(VENV)/.dev: pyproject.toml $(VENV)/.runtime
	$(BIN)/python scripts/extras dev bench | xargs $(PIP) install
	touch $@

build: $(VENV)/.runtime

pure:
	rm -f src/corroborate/extract/*.so src/corroborate_extract__mypyc*.so
	rm -f $(VENV)/.runtime

demo: $(VENV)/.runtime
	$(BIN)/corroborate demo

# Lint, types ([tool.mypy]) and the layers ([tool.importlinter]), then the whole suite
# with a throwaway PostgreSQL (scripts/with-postgres) and Debian's Chromium for the
# browser tests (scripts/ensure-chromium, apt when root).
test: $(VENV)/.dev
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	scripts/ensure-chromium
	scripts/with-postgres $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests

types: $(VENV)/.dev
	$(BIN)/mypy

layers: $(VENV)/.dev
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build src/corroborate/extract/*.so src/corroborate_extract__mypyc*.so .pytest_cache .ruff_cache .mypy_cache .import_linter_cache corroborate-demo.db
