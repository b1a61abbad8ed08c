# PAR INDEX reporting pipeline. `make` lists the targets; everything runs in a local .venv
# that the first target builds from the pinned requirements.txt.
YEAR       ?= 2023
DATA_DIR   ?= data
OUTPUT_DIR ?= output
UNIT       ?=
PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
# Quoted: a folder may have spaces in its name (a shared drive).
ARGS       := --year "$(YEAR)" --data-dir "$(DATA_DIR)" --output-dir "$(OUTPUT_DIR)"
.DEFAULT_GOAL := help
.PHONY: help setup data report units unit verify test test-fast bench sample clean lock

## Show the targets and what they do
help:
	@echo "PAR INDEX pipeline. Variables: YEAR=$(YEAR) DATA_DIR=$(DATA_DIR) OUTPUT_DIR=$(OUTPUT_DIR)"
	@awk '/^## /{doc=substr($$0,4)} /^[a-z-]+:/{split($$1,t,":"); if(doc)printf "  make %-8s %s\n",t[1],doc; doc=""}' $(MAKEFILE_LIST)

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (set PYTHON=...)")'
	@echo "Cài môi trường $(VENV) từ requirements.txt (lần đầu, khoảng một phút)…"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# The test tools on top (make test, test-fast, bench).
$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Create .venv with the pinned packages (other targets do it when needed)
setup: $(VENV)/.installed

## Read and validate raw/YEAR, write the processed tables (DATA_DIR/processed/YEAR)
data: $(VENV)/.installed
	$(PY) -m pipeline data $(ARGS)

## Build every report for YEAR: HTML, PDF, Word, Excel, index page, manifest (OUTPUT_DIR/YEAR)
report: $(VENV)/.installed
	$(PY) -m pipeline report $(ARGS)

## Build the per-unit reports of YEAR (output/YEAR/don-vi/), with phan-phoi.csv and zips
units: $(VENV)/.installed
	$(PY) -m pipeline report $(ARGS) --only unit-report

## Build one unit's report: make unit YEAR=2023 UNIT=so-tu-phap
unit: $(VENV)/.installed
	@test -n "$(UNIT)" || { echo "usage: make unit YEAR=2023 UNIT=<ma_don_vi>"; exit 2; }
	$(PY) -m pipeline report $(ARGS) --only "$(UNIT)"

## Check every output of YEAR against the SHA-256 hashes in its manifest.json
verify: $(VENV)/.installed
	$(PY) -m pipeline verify $(ARGS)

## Run the tests
test: $(VENV)/.dev-installed
	$(PY) -m pytest

## Run only the fast unit tests (tests/unit, under 30 s): no report is built
test-fast: $(VENV)/.dev-installed
	$(PY) -m pytest tests/unit

## Benchmarks: ingest (incl. 3,500 sheets), provincial report stages, unit reports vs naive loop
bench: $(VENV)/.dev-installed
	$(PY) tests/bench_ingest.py
	$(PY) tests/bench_render.py --year $(YEAR)
	$(PY) tests/bench_units.py --year $(YEAR)
	$(PY) tests/bench_rerun.py --year $(YEAR)

## Regenerate the sample province under DATA_DIR/raw (2022, 2023, national-only 2025)
sample: $(VENV)/.installed
	$(PY) -m pipeline sample --data-dir "$(DATA_DIR)"

## Delete processed tables and outputs of YEAR (never raw data)
clean:
	@case "$(YEAR)" in [0-9][0-9][0-9][0-9]) ;; *) echo "usage: make clean YEAR=2023"; exit 2;; esac
	rm -rf "$(DATA_DIR)/processed/$(YEAR)" "$(OUTPUT_DIR)/$(YEAR)" "$(OUTPUT_DIR)/.cache/$(YEAR)"

# Re-pin requirements.txt from requirements.in (maintainers only).
lock:
	rm -rf /tmp/par-lock && $(PYTHON) -m venv /tmp/par-lock
	/tmp/par-lock/bin/pip install --quiet -r requirements.in setuptools
	{ echo "# Pinned runtime environment (generated from requirements.in with pip freeze; Python 3.11)."; \
	  echo "# Regenerate: make lock"; /tmp/par-lock/bin/pip freeze --all | grep -v '^pip=='; } > requirements.txt
	/tmp/par-lock/bin/pip freeze --all | sort > /tmp/par-lock/runtime.txt
	/tmp/par-lock/bin/pip install --quiet -r requirements-dev.in
	{ echo "# The runtime pins, plus the test tools and what they pull in (generated with \`make lock\`)."; \
	  echo "-r requirements.txt"; /tmp/par-lock/bin/pip freeze --all | sort | comm -13 /tmp/par-lock/runtime.txt -; \
	} > requirements-dev.txt
