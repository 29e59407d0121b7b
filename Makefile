# csrledger — the two commands a new user needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := demo/csrledger.db

.PHONY: demo test bench setup browser clean

$(STAMP): pyproject.toml
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

test: $(STAMP) browser
	$(BIN)/pytest -q

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) demo build *.egg-info
