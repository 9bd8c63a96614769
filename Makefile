# innercircle — the two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DEMO_DB ?= demo.db
# Floors for the development-set scores; they only ever go up.
EVAL_MIN ?= --min entities.person.f1=0.95 --min entities.org.f1=0.93 --min relations.f1=0.90 \
	--min events.f1=0.88 --min events.date_accuracy=0.72 --min quotes.f1=0.93 \
	--min quotes.speaker_accuracy=0.90 --min documents.published_accuracy=1.0 \
	--min documents.duplicates.f1=1.0 --min resolution.pairwise.f1=0.95 \
	--min resolution.pairwise.precision=0.97

.PHONY: demo test eval lint typecheck bench clean install install-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	rm -f $(DEMO_DB)
	$(BIN)/innercircle --db $(DEMO_DB) ingest examples/articles
	$(BIN)/innercircle --db $(DEMO_DB) summary

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy --strict src

test: lint typecheck
	$(BIN)/python -m pytest -n 2 tests

eval: $(VENV)/.installed
	$(BIN)/innercircle extract $(SHARED)/data/articles --format annotations --out eval.pred.json
	$(BIN)/python $(SHARED)/tools/score.py --gold $(SHARED)/data/gold/seeds.gold.json --pred eval.pred.json $(EVAL_MIN)

clean:
	rm -rf $(VENV) $(DEMO_DB) eval.pred.json .mypy_cache .ruff_cache .pytest_cache
