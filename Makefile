# Archway build. `make run` and `make test` are the two commands a new
# machine needs; both install missing Debian packages first (make deps).

PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
PKGS := libxml-2.0 jansson libcgraph libgvc libmicrohttpd sqlite3 libpq yaml-0.1
THREADS := -pthread
DEB_PACKAGES := build-essential pkg-config libxml2-dev libjansson-dev libgraphviz-dev graphviz \
                libsqlite3-dev libmicrohttpd-dev libpq-dev postgresql check nodejs wrk nginx \
                python3-jsonschema python3-simpy chromium libyaml-dev
VALIDATORS := tests/validators
# Documentation checks (Spectral, markdown-it, a headless-browser driver), npm, locked.
DOC_TOOLS := tests/doc-tools
CFN_LINT_VERSION := 1.51.0

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# Headers generated at build time (the price list as a C array).
GEN = $(BUILD)/gen
PKG_CFLAGS += -I$(GEN)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)

WARN := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla
CFLAGS ?= -O2 -g
ALL_CFLAGS = $(WARN) -D_POSIX_C_SOURCE=200809L $(CFLAGS) $(PKG_CFLAGS) -MMD -MP
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -DAW_VERIFY_IR

LIB_SRCS := $(sort $(wildcard ir/*.c compiler/*.c compiler/rules/*.c emitters/*.c sim/*.c importer/*.c))
CLI_SRCS := $(sort $(wildcard cli/*.c))
# The canvas server: HTTP and storage over the library, never inside it.
SERVER_SRCS := $(sort $(wildcard canvas-server/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
BENCH_SRCS := $(sort $(wildcard bench/*.c))

# $(call objs,DIR,SRCS)
objs = $(patsubst %.c,$(1)/obj/%.o,$(2))

LIB := $(BUILD)/libarchway.a
SERVER_LIB := $(BUILD)/libcanvas.a
ARCHWAY := $(BUILD)/archway
TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
BENCHES := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))

SAN := $(BUILD)/san
SAN_LIB := $(SAN)/libarchway.a
SAN_SERVER_LIB := $(SAN)/libcanvas.a
SAN_ARCHWAY := $(SAN)/archway
SAN_TESTS := $(patsubst tests/unit/%.c,$(SAN)/tests/%,$(TEST_SRCS))

.PHONY: all deps validators run test unit golden asan validate bench fuzz install clean web web-test

all: $(ARCHWAY)

# Installs the Debian packages that are missing (as root, or through sudo);
# npm only when no npm came with the machine's Node.js; AWS's cfn-lint with
# pip when it is missing (never fatal: without it the tests say SKIPPED).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi; \
	if ! command -v npm >/dev/null; then \
	  echo "installing: npm"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm; \
	fi; \
	if ! command -v cfn-lint >/dev/null; then \
	  echo "installing: cfn-lint $(CFN_LINT_VERSION) (pip)"; \
	  pip=$$(command -v pip3 || command -v pip); \
	  { [ -n "$$pip" ] && { $$pip install -q --timeout 20 --retries 1 cfn-lint==$(CFN_LINT_VERSION) || \
	      $$pip install -q --timeout 20 --retries 1 --break-system-packages cfn-lint==$(CFN_LINT_VERSION); }; } || \
	    echo "cfn-lint could not be installed (no pip, or PyPI unreachable): the tests will skip it"; \
	fi

# The independent validators the tests run over our output (npm, locked).
validators: deps $(VALIDATORS)/node_modules/.installed $(DOC_TOOLS)/node_modules/.installed
$(VALIDATORS)/node_modules/.installed: $(VALIDATORS)/package.json $(VALIDATORS)/package-lock.json
	cd $(VALIDATORS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
$(DOC_TOOLS)/node_modules/.installed: $(DOC_TOOLS)/package.json $(DOC_TOOLS)/package-lock.json
	cd $(DOC_TOOLS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: deps
	@$(MAKE) --no-print-directory all web
	@echo "== archway check samples/*"
	@$(ARCHWAY) check samples/*.json samples/*.xml; echo "(exit status $$?)"
	@mkdir -p $(BUILD)/pictures
	@for s in samples/*.json; do $(ARCHWAY) render --format svg -o $(BUILD)/pictures/$$(basename $$s .json).svg $$s || exit 1; done
	@echo "== pictures of the samples: $(BUILD)/pictures/*.svg"
	@echo "== archway serve: the samples in $(BUILD)/canvas.db (Ctrl-C stops it)"
	@$(ARCHWAY) serve --db $(BUILD)/canvas.db --samples samples --web $(WEB)/dist --quiet

test: deps
	@$(MAKE) --no-print-directory unit golden validate asan web-test

# Tests judge dated rules (Lambda runtime deprecation) by this fixed day, not
# the calendar, so that they pass the same way on any day.
unit golden validate asan: export ARCHWAY_TODAY = 2026-12-06

unit: $(TESTS)
	@scripts/run-unit-tests.sh $(TESTS)

golden: $(ARCHWAY)
	@ARCHWAY=$(ARCHWAY) scripts/run-golden-tests.sh

# Our output checked by validators we did not write.
validate: validators $(ARCHWAY) $(BUILD)/bench/generate
	@ARCHWAY=$(ARCHWAY) scripts/run-validators.sh

# The same tests against a build with AddressSanitizer and UBSan. Leaks
# inside Graphviz and its font stack are suppressed (that file only names
# those libraries).
LSAN_SUPP := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan-graphviz.supp:print_suppressions=0
asan: $(SAN_TESTS) $(SAN_ARCHWAY)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(LSAN_SUPP) \
	  scripts/run-unit-tests.sh $(SAN_TESTS)
	@ARCHWAY=$(SAN_ARCHWAY) ASAN_OPTIONS=detect_leaks=1 $(LSAN_SUPP) scripts/run-golden-tests.sh

# The web canvas (web/, docs/canvas.md): npm ci when the lock changed, then Vite's build into
# web/dist; its tests are Vitest's unit tests and Playwright driving Chromium against a real server.
WEB := web
WEB_SRCS := $(shell find $(WEB)/src -type f 2>/dev/null) $(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json docs/schema/diagram-1.schema.json
web: deps $(WEB)/dist/index.html
$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
$(WEB)/dist/index.html: $(WEB)/node_modules/.installed $(WEB_SRCS)
	cd $(WEB) && npx tsc --noEmit && npx vite build --logLevel warn
web-test: web $(ARCHWAY)
	cd $(WEB) && npx vitest run
	@ARCHWAY=$(ARCHWAY) WEB_DIST=$(WEB)/dist node --test --test-concurrency=1 tests/web/

bench: $(BENCHES) $(ARCHWAY) web
	@for b in $(BENCHES); do echo "== $$b"; $$b || exit 1; done
	@echo "== bench/web-canvas.mjs"; ARCHWAY=$(ARCHWAY) node bench/web-canvas.mjs

# Fuzzes both front ends through the whole compile, the canvas server's
# request handling and store, and archway import, for FUZZ_SECONDS each
# (clang's libFuzzer; installed here if missing). Not part of `make test`:
# a fuzz run is open-ended and its findings become golden tests.
FUZZ_SECONDS ?= 60
FUZZ_SRCS := $(LIB_SRCS) tests/fuzz/fuzz_compile.c
FUZZ_FLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -O1 -g -fsanitize=fuzzer,address,undefined -DAW_VERIFY_IR
fuzz: deps $(GEN)/aw_prices_json.h
	@command -v clang >/dev/null && [ -n "$$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || \
	  { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clang libclang-rt-dev || \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq clang libclang-rt-14-dev; }
	@mkdir -p $(BUILD)/fuzz/json $(BUILD)/fuzz/xml
	clang $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $(BUILD)/fuzz/fuzz_json $(FUZZ_SRCS) $(PKG_LIBS) $(THREADS) -lm
	clang $(FUZZ_FLAGS) -DAW_FUZZ_XML $(PKG_CFLAGS) -o $(BUILD)/fuzz/fuzz_xml $(FUZZ_SRCS) $(PKG_LIBS) $(THREADS) -lm
	cp samples/*.json tests/diagnostics/*.json $(BUILD)/fuzz/json/
	cp samples/*.xml tests/diagnostics/*.xml $(BUILD)/fuzz/xml/
	$(BUILD)/fuzz/fuzz_json -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 $(BUILD)/fuzz/json
	$(BUILD)/fuzz/fuzz_xml -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 $(BUILD)/fuzz/xml
	clang $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $(BUILD)/fuzz/fuzz_server $(LIB_SRCS) $(SERVER_SRCS) tests/fuzz/fuzz_server.c $(PKG_LIBS) $(THREADS) -lm
	@mkdir -p $(BUILD)/fuzz/http && cp tests/fuzz/http/* $(BUILD)/fuzz/http/
	$(BUILD)/fuzz/fuzz_server -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 $(BUILD)/fuzz/http
	clang $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $(BUILD)/fuzz/fuzz_import $(LIB_SRCS) tests/fuzz/fuzz_import.c $(PKG_LIBS) $(THREADS) -lm
	@mkdir -p $(BUILD)/fuzz/import && for f in $$(find tests/import/cases -type f ! -name expected.txt ! -name args); do \
	  cp "$$f" $(BUILD)/fuzz/import/$$(echo "$$f" | tr / -); done
	$(BUILD)/fuzz/fuzz_import -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 $(BUILD)/fuzz/import

install: $(ARCHWAY)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(ARCHWAY) $(DESTDIR)$(PREFIX)/bin/archway

clean:
	rm -rf $(BUILD)

# ---- normal build ----
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(call objs,$(BUILD),$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(SERVER_LIB): $(call objs,$(BUILD),$(SERVER_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(ARCHWAY): $(call objs,$(BUILD),$(CLI_SRCS)) $(SERVER_LIB) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(THREADS) -lm

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(SERVER_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) $(THREADS) -lm

# The serve command's own tests call its entry point in cli/.
SERVE_CLI := cli/serve.c cli/usage.c
$(BUILD)/tests/test_server_durability: $(BUILD)/obj/tests/unit/test_server_durability.o $(call objs,$(BUILD),$(SERVE_CLI)) $(SERVER_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) $(THREADS) -lm

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) $(THREADS) -lm

# ---- sanitizer build ----
$(SAN)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -D_POSIX_C_SOURCE=200809L $(SAN_FLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(SAN_LIB): $(call objs,$(SAN),$(LIB_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(SAN_SERVER_LIB): $(call objs,$(SAN),$(SERVER_SRCS))
	@rm -f $@
	ar rcs $@ $^

$(SAN_ARCHWAY): $(call objs,$(SAN),$(CLI_SRCS)) $(SAN_SERVER_LIB) $(SAN_LIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(THREADS) -lm

$(SAN)/tests/%: $(SAN)/obj/tests/unit/%.o $(SAN_SERVER_LIB) $(SAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) $(THREADS) -lm

$(SAN)/tests/test_server_durability: $(SAN)/obj/tests/unit/test_server_durability.o $(call objs,$(SAN),$(SERVE_CLI)) $(SAN_SERVER_LIB) $(SAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS) $(THREADS) -lm

# The price list of `archway cost`, built into the program so that an
# installed binary needs no data directory (sim/cost_prices.c).
$(GEN)/aw_prices_json.h: sim/prices.json
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from $< by the Makefile; do not edit. */'; \
	  echo 'static const unsigned char aw_prices_json[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; echo 'static const size_t aw_prices_json_len = sizeof aw_prices_json;'; } >$@.tmp && mv $@.tmp $@
$(BUILD)/obj/sim/cost_prices.o $(SAN)/obj/sim/cost_prices.o: $(GEN)/aw_prices_json.h

.SECONDARY:
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
