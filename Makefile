# `make example` builds the example tenders; `make test` is scripts/test (ruff, mypy, pytest).
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
	$(BIN)/anskaffelse build examples/eksempel-kommune.yaml examples/samarbeid/medlem-nynorsk.yaml \
		examples/samarbeid-felles/felles-anskaffelse.yaml -o out

test:
	./scripts/test

bench: $(BIN)/anskaffelse
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out dist build
