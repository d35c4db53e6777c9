# make book : build the Jupyter Book into _build/html (creates .venv if missing)
# make test : builds the book, then unit tests, nbval over every notebook and the
#             browser test of the built pages (headless chromium)
# make bench: every speed and memory target against the plain QuTiP computation
#             (bench_speed.py), then the per-case comparison (bench_battery.py)
# make bench-scaling: time and peak memory against N, every solver and QuTiP
# make bench-book: cold book builds, make book's (parallel) against jupyter-book build's
# make notebooks: re-execute book/*.ipynb in place (after changes to qbcore)
# make grids: recompute the explorer grids qbcore ships (after changes to qbcore)

PYTHON ?= python3

# The solvers do many small dense solves, where BLAS threads only spin (badly so
# on a busy machine); one thread per process is faster.  Override if you like.
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test bench bench-scaling bench-book grids notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# jupyter-book build . -W -n --keep-going, with the notebooks run on every CPU (qbcore/web/build.py)
book: $(STAMP)
	$(BIN)/python -m qbcore.web.build .

# the browser and launch-link tests read _build/html: build it first
test: book
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_speed.py
	$(BIN)/python benchmarks/bench_battery.py

bench-book: $(STAMP)
	$(BIN)/python benchmarks/bench_book.py

bench-scaling: $(STAMP)
	$(BIN)/python benchmarks/bench_scaling.py --csv qbcore/data/scaling.csv

# the explorer grids qbcore ships (qbcore/web/grids/): after a change to qbcore that changes them
grids: $(STAMP)
	$(BIN)/python -m qbcore.web.grid_cache

notebooks: $(STAMP)
	$(BIN)/python book/execute_notebooks.py

clean:
	rm -rf _build .pytest_cache .hypothesis
