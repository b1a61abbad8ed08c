# PAR INDEX reporting pipeline. `make` lists the targets; everything runs in a local .venv
# that the first target builds from the pinned requirements.txt.
# Works from any folder: `make -f path/to/Makefile report YEAR=2023` uses the project's .venv and, unless
# DATA_DIR/OUTPUT_DIR are given, the project's data/ and output/ (a relative DATA_DIR is the caller's).
# Without make (Windows): README, "Không có make".
ROOT       := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
ifeq ($(abspath $(CURDIR)),$(ROOT))
DATA_DIR   ?= data
OUTPUT_DIR ?= output
else
DATA_DIR   ?= $(ROOT)/data
OUTPUT_DIR ?= $(ROOT)/output
endif
# No default year: a report or a clean of the wrong year must be asked for by name.
YEAR       ?=
UNIT       ?=
PYTHON     ?= python3
# make test and test-fast run the tests in this many processes (pytest-xdist), a test module's tests in one of them
# (they share its fixtures: a province built once per module). Each process's builds use two workers of their own.
TEST_JOBS  ?= 2
VENV       := $(ROOT)/.venv
PY         := $(VENV)/bin/python
# Quoted: a folder may have spaces in its name (a shared drive).
ARGS       := --year "$(YEAR)" --data-dir "$(DATA_DIR)" --output-dir "$(OUTPUT_DIR)"
# Stops a target when YEAR is missing or not a year, naming the years that have data.
NEED_YEAR   = @case "$(YEAR)" in [0-9][0-9][0-9][0-9]) ;; *) echo "lỗi: thiếu năm, hãy ghi rõ: make $@ YEAR=<năm>, \
	vd. make $@ YEAR=2023 (các năm có dữ liệu trong $(DATA_DIR)/raw: $$(ls "$(DATA_DIR)/raw" 2>/dev/null | \
	grep -E '^[0-9]{4}$$' | tr '\n' ' '))" >&2; exit 2;; esac
.DEFAULT_GOAL := help
.PHONY: help setup data report units unit issue verify forms check test test-fast bench sample clean lock

## Show the targets and what they do
help:
	@echo "PAR INDEX pipeline. Variables: YEAR=<năm, bắt buộc> DATA_DIR=$(DATA_DIR) OUTPUT_DIR=$(OUTPUT_DIR)"
	@awk '/^## /{doc=substr($$0,4)} /^[a-z-]+:/{split($$1,t,":"); if(doc)printf "  make %-9s %s\n",t[1],doc; doc=""}' $(MAKEFILE_LIST)

$(VENV)/.installed: $(ROOT)/requirements.txt $(ROOT)/pyproject.toml $(ROOT)/setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (set PYTHON=...)")'
	@echo "Cài môi trường $(VENV) từ requirements.txt (lần đầu, khoảng một phút)…"
	test -x "$(PY)" || $(PYTHON) -m venv "$(VENV)"
	"$(PY)" -m pip install --quiet --disable-pip-version-check -r "$(ROOT)/requirements.txt"
	"$(PY)" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$(ROOT)"
	"$(PY)" -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch "$@"

# The test tools on top (make test, test-fast, bench).
$(VENV)/.dev-installed: $(VENV)/.installed $(ROOT)/requirements-dev.txt
	"$(PY)" -m pip install --quiet --disable-pip-version-check -r "$(ROOT)/requirements-dev.txt"
	touch "$@"

## Create .venv with the pinned packages (other targets do it when needed)
setup: $(VENV)/.installed

## Read and validate raw/YEAR, write the processed tables (DATA_DIR/processed/YEAR)
data: $(VENV)/.installed
	$(NEED_YEAR)
	"$(PY)" -m pipeline data $(ARGS)

## Build every report for YEAR: HTML, PDF, Word, Excel, index page, manifest (OUTPUT_DIR/YEAR)
report: $(VENV)/.installed
	$(NEED_YEAR)
	"$(PY)" -m pipeline report $(ARGS)

## Build the per-unit reports of YEAR (output/YEAR/don-vi/), with phan-phoi.csv and zips
units: $(VENV)/.installed
	$(NEED_YEAR)
	"$(PY)" -m pipeline report $(ARGS) --only unit-report

## Build one unit's report: make unit YEAR=2023 UNIT=so-tu-phap
unit: $(VENV)/.installed
	$(NEED_YEAR)
	@test -n "$(UNIT)" || { echo "lỗi: thiếu đơn vị: make unit YEAR=$(YEAR) UNIT=<ma_don_vi>" >&2; exit 2; }
	"$(PY)" -m pipeline report $(ARGS) --only "$(UNIT)"

## Issue YEAR's current drafts: the DỰ THẢO mark goes, so-phat-hanh.csv lists them (after make report)
issue: $(VENV)/.installed
	$(NEED_YEAR)
	"$(PY)" -m pipeline issue $(ARGS)

## Check every output of YEAR against the SHA-256 hashes in its manifest.json
verify: $(VENV)/.installed
	$(NEED_YEAR)
	"$(PY)" -m pipeline verify $(ARGS)

## Write the scoring forms of YEAR (one per unit) and the agencies' appraisal workbooks (OUTPUT_DIR/YEAR/bieu-mau/)
forms: $(VENV)/.installed
	$(NEED_YEAR)
	"$(PY)" -m pipeline forms $(ARGS)

## Check YEAR's inputs without building reports; return lists per unit with problems (OUTPUT_DIR/YEAR/tra-lai/)
check: $(VENV)/.installed
	$(NEED_YEAR)
	"$(PY)" -m pipeline check $(ARGS)

## Run every test (the slow ones too: command line, kernels, whole province, the installed package)
test: $(VENV)/.dev-installed
	cd "$(ROOT)" && "$(PY)" -m pytest -n $(TEST_JOBS) --dist loadscope

## Run the fast tests only (under 20 s): no command line, kernel or report build
test-fast: $(VENV)/.dev-installed
	cd "$(ROOT)" && "$(PY)" -m pytest -m "not slow" -n $(TEST_JOBS) --dist loadscope

## Benchmarks: ingest (incl. 3,500 sheets), provincial report stages, unit reports vs naive loop
bench: $(VENV)/.dev-installed
	cd "$(ROOT)" && "$(PY)" tests/bench_ingest.py
	cd "$(ROOT)" && "$(PY)" tests/bench_render.py --year $(or $(YEAR),2023)
	cd "$(ROOT)" && "$(PY)" tests/bench_units.py --year $(or $(YEAR),2023)
	cd "$(ROOT)" && "$(PY)" tests/bench_rerun.py --year $(or $(YEAR),2023)
	cd "$(ROOT)" && "$(PY)" tests/bench_forms.py

## Regenerate the sample province under DATA_DIR/raw (refuses a folder that is not the sample's)
sample: $(VENV)/.installed
	PYTHONPATH="$(ROOT)" "$(PY)" -m tools.sample --data-dir "$(DATA_DIR)"

## Delete processed tables and outputs of YEAR (never raw data); YEAR is required
clean:
	$(NEED_YEAR)
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
