# csrledger — the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := demo/csrledger.db

.PHONY: demo test lint bench train setup browser sysdeps clean

# PyICU (needed by followthemoney, the exports extra) compiles against the system's ICU.
sysdeps:
	@{ command -v pkg-config >/dev/null 2>&1 && pkg-config --exists icu-uc; } || { command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null) || \
	  echo "libicu-dev not installed: PyICU may fail to build"; }

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	mkdir -p demo
	rm -f $(DEMO_DB)
	$(BIN)/csrledger run samples/corpus.jsonl --db $(DEMO_DB)
	$(BIN)/csrledger report --db $(DEMO_DB)
	$(BIN)/csrledger export --db $(DEMO_DB) --format csv -o demo/records.csv
	@echo "Ledger: $(DEMO_DB); records exported to demo/records.csv; browse with: $(BIN)/csrledger serve --db $(DEMO_DB)"

# Debian's Chromium for the real-browser test; skipped where apt-get is unavailable.
browser:
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the browser test will be skipped"; }

# The store and web tests run on SQLite and on a throw-away PostgreSQL server (Debian's postgresql, installed by
# tests/with_postgres.sh through apt-get when missing; those runs are skipped, with the reason, where it cannot be).
test: $(STAMP) browser lint
	tests/with_postgres.sh $(BIN)/pytest -q

# ruff and mypy --strict on the package (their settings are in pyproject.toml)
lint: $(STAMP)
	@status=0; \
	echo "$(BIN)/ruff check csrledger"; $(BIN)/ruff check csrledger || status=1; \
	echo "$(BIN)/mypy csrledger"; $(BIN)/mypy csrledger || status=1; \
	exit $$status

# The records judge from the annotated articles of ../shared/train (deterministic: the same data, the same bytes).
train: $(STAMP)
	$(BIN)/python -m csrledger.records.train --data ../shared/train -o csrledger/records/data/judge.npz

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) demo build *.egg-info
