# noteatlas — every target creates or reuses .venv on its own, so a fresh clone needs only Python.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
CONTENT ?= content
OUT     ?= site

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint typecheck bench assets dist readme clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create or update .venv with noteatlas and its dev tools

NPM := $(shell command -v npm 2>/dev/null)

demo: venv $(if $(NPM),node_modules/.package-lock.json) ## Build the bundled content/ into site/ (atlas.json, report.md, explorer, mind map, link index)
	$(BIN)/noteatlas build $(CONTENT) -o $(OUT)
	@echo "Open $(OUT)/explorer.html and $(OUT)/mindmap.html in a browser."

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test: venv ## Run the test suite
	$(BIN)/python -m pytest -q

lint: venv typecheck ## ruff check, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy sees the installed layout (noteatlas.schema lives in schema/) through a tree of symlinks.
typecheck: venv
	@rm -rf build/typecheck && mkdir -p build/typecheck/noteatlas
	@for f in noteatlas/*.py noteatlas/cli; do ln -s ../../../$$f build/typecheck/noteatlas/; done
	@for d in schema graph query exporters linkcheck pipeline content; do ln -s ../../../$$d build/typecheck/noteatlas/$$d; done
	cd build/typecheck && ../../$(BIN)/mypy --config-file ../../pyproject.toml -p noteatlas

assets: ## Install the pinned mind-map JS (d3, markmap-view) from npm into node_modules/
	npm ci --no-audit --no-fund --loglevel=error

dist: venv ## Build the sdist and wheel into dist/ (with d3 and markmap-view from the npm lock)
	$(BIN)/python -m build --outdir dist .

bench: venv ## Run the benchmarks (not part of the tests)
	$(BIN)/python benchmarks/repair_bench.py
	$(BIN)/python benchmarks/run.py

readme: venv ## Regenerate the CLI reference in README.md from --help
	-$(BIN)/python scripts/readme_help.py

clean: ## Remove build outputs and caches (keeps .venv)
	rm -rf build dist site .noteatlas exporters/assets .pytest_cache .mypy_cache .ruff_cache
