# tocsin — top-level build.
#
#   make            build/tocsin and build/libtocsin.a (optimised)
#   make demo       install missing Debian packages, build, code the shipped sample
#   make check      build with ASan+UBSan and run every test
#   make bench      throughput benchmark (prints figures; fails only if the program fails)
#   make bench-extract  HTML main-text extraction benchmark
#   make bench-serve    the dashboard API under load on a store of a million events
#   make deps       install the Debian packages listed in deps.txt
#
# Sources are found by wildcard: every src/<stage>/*.c goes into the library, except
# src/cli/ which is the command-line program. Every tests/unit/test_*.c is one cmocka
# test program; every tests/integration/*.sh is one shell test.

CC       ?= cc
CXX      ?= g++
BUILD    ?= build
SAN      ?= 0

PKGS     := sqlite3 gumbo libutf8proc libmicrohttpd jansson zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

DATADIR  ?= $(abspath data)
WEBDIR   ?= $(abspath web)

WARN     := -Wall -Wextra -Werror
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE -DTOCSIN_DATADIR='"$(DATADIR)"' -DTOCSIN_WEBDIR='"$(WEBDIR)"'
ifeq ($(SAN),1)
OPT      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
OPT      := -O2 -g
endif
CFLAGS   += -std=c11 $(WARN) $(OPT) $(PKG_CFLAGS)
CXXFLAGS += -std=c++11 $(WARN) $(OPT)
LDFLAGS  += $(OPT)
LDLIBS   += $(PKG_LIBS) -lcld2 -lstdc++ -lpthread -lm

LIB_SRC  := $(filter-out src/cli/%,$(wildcard src/*/*.c))
LIB_CXX  := $(wildcard src/*/*.cc)
CLI_SRC  := $(wildcard src/cli/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(LIB_CXX:%.cc=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all lib tests check demo bench bench-extract bench-serve deps clean
all: $(BUILD)/tocsin

lib: $(BUILD)/libtocsin.a

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libtocsin.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/tocsin: $(CLI_OBJ) $(BUILD)/libtocsin.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libtocsin.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtocsin.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libtocsin.a $(LDFLAGS) $(LDLIBS) -lcmocka

tests: $(BUILD)/tocsin $(TEST_BIN)

# ---- store: src/store/schema.sql embedded into the library (owner: store helper) ----
# schema.sql stays the one source of truth; this turns it into a C string literal in
# $(BUILD)/gen/store_schema.inc, included by src/store/schema.c.
$(BUILD)/gen/store_schema.inc: src/store/schema.sql
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/src/store/schema.o: $(BUILD)/gen/store_schema.inc
$(BUILD)/obj/src/store/schema.o: CPPFLAGS += -I$(BUILD)/gen
# ---- end store block ----

deps:
	@sh scripts/deps.sh

# make check: everything under AddressSanitizer + UndefinedBehaviorSanitizer.
check: deps
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 tests
	@BUILD=build/san sh tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@sh bench/run.sh

# Main-text extraction on the article-extraction benchmark pages (F1, P, R, pages/s).
bench-extract: deps
	@$(MAKE) --no-print-directory all
	@sh bench/extract.sh

# The dashboard API with wrk on 127.0.0.1: a generated store of BENCH_EVENTS (1,000,000)
# events, req/s and p50/p99 per endpoint (bench/serve.sh).
bench-serve: deps
	@$(MAKE) --no-print-directory all
	@sh bench/serve.sh

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
