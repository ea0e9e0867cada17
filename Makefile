# One command each: `make example` builds the example tender, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: example test lint bench clean

$(BIN)/anskaffelse: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

example: $(BIN)/anskaffelse
	$(BIN)/anskaffelse build examples/eksempel-kommune.yaml examples/samarbeid/medlem-nynorsk.yaml -o out

test: $(BIN)/anskaffelse
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(BIN)/anskaffelse
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out dist build
