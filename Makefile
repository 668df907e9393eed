# waiban — two commands: `make run` (demo on SQLite) and `make test` (the whole suite).
# Set DATABASE_URL=postgres://… to run either on PostgreSQL instead.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
export UV

.PHONY: help run test lint serve demo-data bench-data bench messages

help:
	@echo "make run    — install, migrate, load demo data and serve http://127.0.0.1:8000"
	@echo "make test   — install and run the whole test suite"
	@echo "make lint   — ruff"

run:
	@scripts/run-demo.sh

test:
	@scripts/test.sh $(ARGS)

lint:
	@scripts/bootstrap.sh >/dev/null && $(UV) run ruff check . && $(UV) run ruff format --check .

messages:
	@scripts/bootstrap.sh >/dev/null && scripts/messages.sh

# Load benchmarks (benchmarks/RESULTS.md): a throw-away PostgreSQL database "waiban_bench" on
# $$BENCH_PG (default postgres://postgres@127.0.0.1:5432), then gunicorn + locust against it.
SCALE ?= 10k
bench-data:
	@scripts/bootstrap.sh >/dev/null && benchmarks/data.sh $(SCALE)

bench:
	@scripts/bootstrap.sh >/dev/null && benchmarks/run.sh $(ARGS)
