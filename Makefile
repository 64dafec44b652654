# Two commands set everything up: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make check FORMAT=github` prints problems as GitHub Actions annotations.
FORMAT ?= text

.PHONY: serve test build check fmt new metadata editor-schema github-templates bench load package clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt -e .
	touch $(STAMP)

build: $(STAMP)
	$(PY) build_db.py

# Quiet: the output is the problems, then one line saying the records are valid.
check: $(STAMP)
	@$(PY) build_db.py --check --format $(FORMAT)
	@$(PY) -m kb.tools.fmt --check --format $(FORMAT)
	@$(PY) -m kb.site.metadata --check
	@$(PY) -m kb.records.jsonschema --check
	@$(PY) -m kb.tools.github --check

fmt: $(STAMP)
	$(PY) -m kb.tools.fmt

# make new TYPE=person ID=galymzhan-zhakiyanov: a commented skeleton of a new record.
new: $(STAMP)
	@$(PY) -m kb.tools.scaffold "$(TYPE)" "$(ID)"

serve: build
	$(PY) -m kb.site --port 8001

test: $(STAMP)
	$(PY) -m pytest

metadata: $(STAMP)
	$(PY) -m kb.site.metadata

editor-schema: $(STAMP)
	$(PY) -m kb.records.jsonschema

github-templates: $(STAMP)
	$(PY) -m kb.tools.github

bench: $(STAMP)
	$(PY) -m kb.tools.bench

# 20 concurrent clients for 20 s against the built site on 127.0.0.1; exit 1 on any failed request.
load: build
	$(PY) -m kb.tools.load

# dist/site/: the database, site files, pinned requirements and a Dockerfile (see README, Deploy).
package: build
	$(PY) -m kb.tools.package

clean:
	rm -rf $(VENV) opposition.db test-artifacts
