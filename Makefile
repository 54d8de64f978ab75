# One command to set up and serve the course, one to set up and run the tests.
# The virtual environment is (re)built whenever pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8866
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: install serve test test-fast lint check release bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) ## create .venv and install the course with its test tools

serve: $(STAMP) ## serve the course at http://127.0.0.1:$(PORT)
	$(BIN)/python -m compileall -q widgets/mangfold
	$(BIN)/mangfold serve --port $(PORT)

check: $(STAMP) ## validate all course content (nb and en)
	$(BIN)/mangfold check

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint check ## everything: unit, notebooks, nbgrader cycles on both cores, then the browser tests
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m browser

test-fast: $(STAMP) ## only the quick tests (no notebooks, nbgrader or browser)
	$(BIN)/python -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

release: $(STAMP) ## rebuild source notebooks from content and regenerate release/ with nbgrader
	$(BIN)/mangfold release

bench: $(STAMP) ## run the benchmarks: prints a table, writes benchmarks/results/*.json
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
