# Kartoteka: `make up` runs the platform, `make test` runs every check and test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
PYTHON ?= python3
# uv from PATH when present, else a private copy in .tools (nothing installed system-wide).
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never

.PHONY: help up test sync lint typecheck proto-check helm-check pytest fmt migrate

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

sync: $(if $(shell command -v uv 2>/dev/null),,$(CURDIR)/.tools/bin/uv) ## install the workspace into .venv
	$(UV) sync --frozen

up: sync ## run the whole platform with demo data (Ctrl-C stops it)
	$(UV) run --frozen --no-sync kartoteka-up

migrate: sync ## apply every service's migrations to KARTOTEKA_DATABASE_URL
	$(UV) run --frozen --no-sync kartoteka-migrate

test: sync lint proto-check helm-check pytest ## everything CI checks

lint: ## ruff, formatting, strict mypy, import boundaries
	$(UV) run --frozen --no-sync ruff check .
	$(UV) run --frozen --no-sync ruff format --check .
	$(UV) run --frozen --no-sync mypy -p kartoteka_platform -p kartoteka_devstack \
		-p kartoteka_gateway -p kartoteka_contacts -p kartoteka_segmentation
	$(UV) run --frozen --no-sync lint-imports

proto-check: ## generated code up to date, buf lint, buf breaking
	bash scripts/proto.sh all

helm-check: ## lint, render and schema-validate the Helm chart offline
	bash deploy/helm/check.sh

pytest: ## unit, integration and end-to-end tests against real servers
	$(UV) run --frozen --no-sync pytest

fmt: ## format and auto-fix
	$(UV) run --frozen --no-sync ruff format .
	$(UV) run --frozen --no-sync ruff check --fix .
