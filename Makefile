# One command to set up and serve the course, one to set up and run the tests.
# `make serve` installs what a learner needs (the runtime); everything else installs the dev extra
# (test tools, trainer and research extras, PostgreSQL driver). Each install is done again whenever
# pyproject.toml changes, and a .venv made by another Python is removed and made again.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV     := $(VENV)/.installed-dev
PORT   ?= 8866
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: install serve test test-fast lint check release bench clean venv-python

# A .venv whose Python is not $(PYTHON) (another version, or a Python since removed) would be reused and
# fail: remove it, so the stamps below (inside it) are missing and everything installs again.
venv-python:
	@want="$$($(PYTHON) -c 'import sys; print(sys.version)')" || exit 1; \
	have="$$($(BIN)/python -c 'import sys; print(sys.version)' 2>/dev/null)"; \
	if [ -d $(VENV) ] && [ "$$want" != "$$have" ]; then \
		echo "$(VENV) was made by another Python ($${have:-not runnable}); making it again with $(PYTHON) ($$want)"; \
		rm -rf $(VENV); \
	fi

$(BIN)/python: | venv-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | venv-python $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV): pyproject.toml | venv-python $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUNTIME)

install: $(DEV) ## create .venv and install the course with its trainer, research and test tools

serve: $(RUNTIME) ## serve the course at http://127.0.0.1:$(PORT)
	$(BIN)/python -m compileall -q widgets/mangfold
	$(BIN)/mangfold serve --port $(PORT)

check: $(RUNTIME) ## validate all course content (nb and en)
	$(BIN)/mangfold check

lint: $(DEV)
	$(BIN)/ruff check .

test: $(DEV) lint check ## everything: unit, notebooks, nbgrader cycles on both cores, then the browser tests
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m browser

test-fast: $(DEV) ## only the quick tests (no notebooks, nbgrader or browser)
	$(BIN)/python -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

release: $(RUNTIME) ## rebuild source notebooks from content and regenerate release/ with nbgrader
	$(BIN)/mangfold release

bench: $(DEV) ## run the benchmarks: prints a table, writes benchmarks/results/*.json
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
