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
