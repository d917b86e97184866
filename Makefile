# imapstress build, test and benchmark targets.
# Plan for a 2-core machine: tests run with -p 2.

GO       ?= go
BIN      ?= bin/imapstress
PKGS     ?= ./...
FUZZTIME ?= 30s
# The private Dovecot that the integration tests load (scripts/dovecot.sh). Its directory is
# under /tmp because its imap processes run as nobody and must reach the maildirs.
DOVECOT_DIR  ?= /tmp/imapstress-dovecot
DOVECOT_PORT ?= 10143
DOVECOT_USERS ?= 12000

.PHONY: all build test test-unit bench lint fmt clean dovecot-start dovecot-stop

all: build

build:
	$(GO) build -o $(BIN) ./cmd/imapstress

## test: everything CI runs.
test: lint test-unit

# test-unit starts Dovecot first and exports its address as IMAPSTRESS_DOVECOT_ADDR; the tests
# that need it skip without it, except under CI=true, where they fail. It stops Dovecot and
# removes the mailboxes afterwards, so every run starts from empty mailboxes.
test-unit:
	@addr=$$(scripts/dovecot.sh start $(DOVECOT_DIR) $(DOVECOT_PORT) $(DOVECOT_USERS)) || \
		{ echo "make: Dovecot did not start; its tests skip (or fail under CI=true)"; addr=; }; \
	IMAPSTRESS_DOVECOT_ADDR=$$addr $(GO) test -race -p 2 -timeout 30m $(PKGS); rc=$$?; \
	scripts/dovecot.sh stop $(DOVECOT_DIR); rm -rf $(DOVECOT_DIR)/mail; exit $$rc

## dovecot-start / dovecot-stop: the same private Dovecot, for runs by hand.
dovecot-start:
	scripts/dovecot.sh start $(DOVECOT_DIR) $(DOVECOT_PORT) $(DOVECOT_USERS)

dovecot-stop:
	scripts/dovecot.sh stop $(DOVECOT_DIR)

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

## corpus-capture: record corpus/{responses,sessions}/{dovecot,goimap}-* again from a fresh private
## Dovecot (quota, acl, metadata and compress enabled) and the embedded go-imap v2 target.
## The captured files are committed; tests never need this. Needs root, like dovecot-start.
.PHONY: corpus-capture
corpus-capture:
	GO=$(GO) corpus/internal/capture/capture.sh
