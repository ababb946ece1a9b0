# The front door: every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast lint format bench quality peers clean

$(STAMP): pyproject.toml requirements-nlp.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,nlp,flower]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-nlp.txt
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)  ## embedded Redis + a real worker; enqueue samples/; print records and stats
	$(PY) scripts/demo.py

test: $(STAMP)  ## unit, golden and integration tests (real redis-server, real workers)
	$(PY) -m pytest

test-fast: $(STAMP)  ## the tests that start no process (no Redis, no worker): under a minute
	$(PY) -m pytest -m "not integration and not faults"

# The whole worker against the floor (trafilatura) and the peers: make bench DATA=folder-of-pages
DATA ?= ../shared/bench/aeb/html
PEERS := .venv-peers/.installed

$(PEERS):
	$(PYTHON) -m venv .venv-peers
	.venv-peers/bin/python -m pip install --quiet newspaper4k==0.9.6 news-please==1.6.16
	touch $(PEERS)

peers: $(PEERS)  ## newspaper4k and news-please in their own environment, for make bench

bench: $(STAMP) $(PEERS)  ## floor, in-process, distributed, intake, peers; JSON in bench.json
	$(PY) scripts/bench_worker.py $(DATA) --json bench.json

# Every evaluation against the floors pinned in scripts/quality_floors.toml (about 5 min)
BENCH ?= ../shared/bench

quality: $(STAMP)  ## the quality gate: evaluations on BENCH below their pinned floors fail
	$(PY) scripts/quality.py --bench $(BENCH)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy worker scripts tests

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .venv-peers .ingest .pytest_cache .mypy_cache .ruff_cache
