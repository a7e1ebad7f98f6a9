# Two commands do everything: `make demo` and `make test`. Both create .venv/ and install pinned deps.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint qa clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pipeline run

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/pipeline qa tests/fixtures/pages
	$(BIN)/pipeline qa pipeline/data/demo/pages

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench scripts
	$(BIN)/mypy pipeline tests bench

qa: $(STAMP)
	$(BIN)/pipeline qa tests/fixtures/pages --report reports/qa.html

clean:
	rm -rf data/clean/* data/raw/archive reports
	touch data/clean/.gitkeep
