# imapstress build, test and benchmark targets.
# Plan for a 2-core machine: tests run with -p 2.

GO       ?= go
BIN      ?= bin/imapstress
PKGS     ?= ./...
FUZZTIME ?= 30s

.PHONY: all build test test-unit bench lint fmt clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/imapstress

## test: everything CI runs.
test: lint test-unit

test-unit:
	$(GO) test -race -p 2 -timeout 30m $(PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./parser/...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin

## corpus-seeds: regenerate the generated seed files in corpus/ from corpus/internal/seeds.
.PHONY: corpus-seeds
corpus-seeds:
	$(GO) run ./corpus/internal/seedgen -dir corpus
