# Everything the project needs is installed into .venv by these targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup chat test lint bench knowledge

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

chat: setup
	$(PY) -m bot console

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy knowledge handlers storage bot

test: setup lint
	$(PY) -m pytest -q -n auto --dist loadgroup

knowledge: setup
	$(PY) -m bot build-knowledge
	$(PY) -m knowledge.search.stem_cache

bench: setup
	$(PY) bench/search_bench.py
	$(PY) bench/telegram_bench.py
	$(PY) bench/reminder_bench.py --db both --telegram 1000
