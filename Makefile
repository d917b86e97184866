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
test: lint gofuzz-check test-unit fuzz-short

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
	$(GO) vet -tags purego ./parser

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

## Fuzzing: the in-process targets of fuzz/ (README, "Fuzzing").
## fuzz: every native target for FUZZTIME each, one after the other (go test -fuzz takes one
## target at a time), through fuzz/scripts/fuzz-native.sh, which tells Go 1.26's spurious
## "context deadline exceeded" at the end of a timed run (golang.org/issue/75804) from a finding.
## fuzz-short, part of make test: the same, but each target for a count of executions rather than
## a time (FUZZ_SHORT_<Target>, else FUZZ_SHORT), so that a slow or busy machine runs longer
## instead of failing at a deadline; the counts are about 10 s a target on a 2-core VM
## (StreamSplit splits each input many ways, some 250-500 execs/s; Limits about 800/s). It starts from an even
## sample of FUZZ_SHORT_SEEDS seeds to keep the baseline-coverage pass short; every seed still
## runs as a regression input in the plain go test ./fuzz of make test. fuzz-short leaves out
## Differential: a fresh run finds a new go-imap v2 leniency within a minute or so (each is then
## documented in fuzz/known.go), which says nothing about a change to this project and would make
## CI fail at random; run it with make fuzz or go-fuzz.
FUZZ_TARGETS ?= Responses Commands StreamSplit RoundTrip Differential Limits SeqBatch
FUZZ_SHORT_TARGETS ?= Responses Commands StreamSplit RoundTrip Limits
FUZZ_SHORT   ?= 30000x
FUZZ_SHORT_StreamSplit ?= 4000x
FUZZ_SHORT_Limits ?= 8000x
FUZZ_SHORT_SEEDS ?= 150
FUZZ_PARALLEL ?= 1
.PHONY: fuzz fuzz-short gofuzz gofuzz-check gofuzz-build gofuzz-seed gofuzz-coordinator gofuzz-worker fuzz-libfuzzer

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		GO=$(GO) fuzz/scripts/fuzz-native.sh $$t $(FUZZTIME) $(FUZZ_PARALLEL) || exit 1; \
	done

fuzz-short:
	@set -e; $(foreach t,$(FUZZ_SHORT_TARGETS),IMAPSTRESS_FUZZ_SEEDS=$(FUZZ_SHORT_SEEDS) GO=$(GO) fuzz/scripts/fuzz-native.sh $(t) $(or $(FUZZ_SHORT_$(t)),$(FUZZ_SHORT)) $(FUZZ_PARALLEL);)

## gofuzz TARGET=X: go-fuzz on target X (one of FUZZ_TARGETS), seeded from corpus/, in a workdir
## outside the source tree, with one process per CPU. Crashers land in $(GOFUZZ_DIR)/crashers;
## keep each one (minimised) in corpus/crashers/. gofuzz-coordinator and gofuzz-worker run the
## same build distributed: start the coordinator on one machine (COORDINATOR=host:port it listens
## on) and gofuzz-worker COORDINATOR=host:port on each other; workers need the same zip.
TARGET       ?= Responses
GOFUZZ_DIR   ?= $(HOME)/.cache/imapstress/gofuzz/$(TARGET)
GOFUZZ_ZIP   ?= $(GOFUZZ_DIR)/$(TARGET)-fuzz.zip
GOFUZZ_PROCS ?= $(shell nproc 2>/dev/null || echo 1)
COORDINATOR  ?= 127.0.0.1:8745
# go-fuzz-build instruments every dependency; this one (pulled in by go-imap v2 through
# crypto/tls) does not compile instrumented with Go 1.26 ("misplaced compiler directive").
GOFUZZ_PRESERVE ?= crypto/internal/fips140/bigmod
# The seed folders that hold target X's kind of bytes.
GOFUZZ_SEEDS = $(if $(filter Commands,$(TARGET)),corpus/commands,$(if $(filter Responses Differential,$(TARGET)),corpus/responses,corpus/commands corpus/responses)) corpus/crashers

## gofuzz-check, part of make test: go-fuzz-build still instruments and builds the fuzz package
## (one -func builds them all). Its sonar pass rejects code the compiler accepts, such as an
## untyped rune constant above 2^31 compared with a uint64, so only a build shows it.
gofuzz-check:
	@d=$$(mktemp -d); $(GO) tool go-fuzz-build -preserve $(GOFUZZ_PRESERVE) -func FuzzResponses -o $$d/check.zip ./fuzz; \
		rc=$$?; rm -rf $$d; [ $$rc = 0 ] && echo "go-fuzz-build: ./fuzz builds"; exit $$rc

gofuzz-build:
	@mkdir -p $(GOFUZZ_DIR)
	$(GO) tool go-fuzz-build -preserve $(GOFUZZ_PRESERVE) -func Fuzz$(TARGET) -o $(GOFUZZ_ZIP) ./fuzz

gofuzz-seed: build
	@mkdir -p $(GOFUZZ_DIR)/corpus
	@for d in $(GOFUZZ_SEEDS); do $(BIN) corpus convert --from gofuzz --to gofuzz $$d $(GOFUZZ_DIR)/corpus || exit 1; done

gofuzz: gofuzz-build gofuzz-seed
	$(GO) tool go-fuzz -bin $(GOFUZZ_ZIP) -workdir $(GOFUZZ_DIR) -procs $(GOFUZZ_PROCS)

gofuzz-coordinator: gofuzz-build gofuzz-seed
	$(GO) tool go-fuzz -bin $(GOFUZZ_ZIP) -workdir $(GOFUZZ_DIR) -coordinator $(COORDINATOR)

gofuzz-worker: gofuzz-build
	$(GO) tool go-fuzz -bin $(GOFUZZ_ZIP) -worker $(COORDINATOR) -procs $(GOFUZZ_PROCS)

## fuzz-libfuzzer TARGET=X: the same target built for libFuzzer (needs clang), with the
## grammar dictionary corpus/imap.dict, for FUZZTIME.
LIBFUZZER_DIR ?= $(HOME)/.cache/imapstress/libfuzzer/$(TARGET)
fuzz-libfuzzer: build
	@command -v clang >/dev/null || { echo "make: fuzz-libfuzzer needs clang"; exit 1; }
	@mkdir -p $(LIBFUZZER_DIR)/corpus
	@for d in $(GOFUZZ_SEEDS); do $(BIN) corpus convert --from gofuzz --to gofuzz $$d $(LIBFUZZER_DIR)/corpus || exit 1; done
	$(GO) tool go-fuzz-build -preserve $(GOFUZZ_PRESERVE) -libfuzzer -func Fuzz$(TARGET) -o $(LIBFUZZER_DIR)/$(TARGET).a ./fuzz
	clang -fsanitize=fuzzer $(LIBFUZZER_DIR)/$(TARGET).a -o $(LIBFUZZER_DIR)/$(TARGET)-libfuzzer
	$(LIBFUZZER_DIR)/$(TARGET)-libfuzzer -dict=corpus/imap.dict -max_total_time=$$(echo $(FUZZTIME) | awk '/h$$/ { print $$0 * 3600; next } /m$$/ { print $$0 * 60; next } { print $$0 + 0 }') \
		-artifact_prefix=$(LIBFUZZER_DIR)/ $(LIBFUZZER_DIR)/corpus

## fuzz-server: the network fuzzer (imapstress fuzz server) against FUZZ_ADDR for FUZZTIME,
## findings into FUZZ_OUT; exit 2 when it found something. Default: the private Dovecot.
FUZZ_ADDR ?= 127.0.0.1:$(DOVECOT_PORT)
FUZZ_OUT  ?= findings
.PHONY: fuzz-server
fuzz-server: build
	$(BIN) fuzz server --addr $(FUZZ_ADDR) --duration $(FUZZTIME) --out $(FUZZ_OUT)
