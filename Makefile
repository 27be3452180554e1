# Spor's Makefile is a README that runs: `make` lists the targets.
SHELL := bash
.DEFAULT_GOAL := help
.ONESHELL:

DATA_DIR ?= .data
# The test run's own private PostgreSQL, separate from `make run`'s.
TEST_DATA_DIR ?= .data/test
TEST_OUTPUT ?= .data/test-output
GO ?= go

## help: list the targets
.PHONY: help
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

## run: private PostgreSQL (or DATABASE_URL), migrations, demo content, server on :8080
.PHONY: run
run: deps-postgres
	DEMO=$${DEMO:-true} RUN_MIGRATIONS=$${RUN_MIGRATIONS:-true} DATA_DIR=$(DATA_DIR) $(GO) run ./cmd/spor serve

## build: build the spor binary into bin/
.PHONY: build
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/spor ./cmd/spor

## generate: regenerate templ code from the .templ files
.PHONY: generate
generate:
	$(GO) tool templ generate

## generate-check: fail when the committed generated code differs from the .templ sources
.PHONY: generate-check
generate-check: generate
	@if [ -d .git ] && ! git diff --quiet -- '*_templ.go'; then \
		echo "generated templ code is out of date: run 'make generate' and commit"; git diff --stat -- '*_templ.go'; exit 1; fi
	@if [ -d .git ] && [ -n "$$(git ls-files --others --exclude-standard -- '*_templ.go')" ]; then \
		echo "generated templ code not committed:"; git ls-files --others --exclude-standard -- '*_templ.go'; exit 1; fi

## lint: go vet and gofmt
.PHONY: lint
lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal migrations templates web)" || { gofmt -l cmd internal migrations templates web; echo "gofmt needed"; exit 1; }

## test: everything: vet, gofmt, generated code, all Go tests (race detector) on a private PostgreSQL, browser checks
.PHONY: test
test: deps generate-check lint
	@start=$$(date +%s)
	url=$$(DATA_DIR=$(TEST_DATA_DIR) $(GO) run ./cmd/spor cluster start --fast) || exit 1
	mkdir -p $(TEST_OUTPUT)
	TEST_DATABASE_URL="$$url" TEST_OUTPUT="$(abspath $(TEST_OUTPUT))" $(GO) test -race -count=1 -timeout 30m ./...; rc=$$?
	DATA_DIR=$(TEST_DATA_DIR) $(GO) run ./cmd/spor cluster stop >/dev/null || true
	echo "make test: $$(( $$(date +%s) - start )) s; screenshots in $(TEST_OUTPUT)/screenshots"
	tail -n 1 $(TEST_OUTPUT)/search-relevance.txt 2>/dev/null || true
	exit $$rc

## bench: national-scale data and a load run on loopback (see README, Performance)
.PHONY: bench
bench: deps-postgres
	$(GO) run ./cmd/sporbench $(BENCH_FLAGS)

## deps: install what the tests need and is missing (PostgreSQL; Chromium, Java and npm packages for browser checks)
.PHONY: deps
deps:
	@bash .ci/deps.sh all

.PHONY: deps-postgres
deps-postgres:
	@bash .ci/deps.sh postgres

## db/migrations/new name=...: create a new SQL migration
.PHONY: db/migrations/new
db/migrations/new:
	@test -n "$(name)" || { echo "usage: make db/migrations/new name=what_it_does"; exit 2; }
	n=$$(ls migrations/*.sql | sed 's#migrations/\([0-9]*\)_.*#\1#' | sort -n | tail -1)
	f=migrations/$$(printf '%05d' $$((10#$$n + 1)))_$(name).sql
	printf -- '-- +goose Up\n\n-- +goose Down\n' > $$f && echo "created $$f"

## clean: stop the private clusters and delete DATA_DIR (all local data!)
.PHONY: clean
clean:
	-DATA_DIR=$(DATA_DIR) $(GO) run ./cmd/spor cluster stop
	-DATA_DIR=$(TEST_DATA_DIR) $(GO) run ./cmd/spor cluster stop
	rm -rf $(DATA_DIR) bin
