#!/bin/sh
# build.sh — builds the libFuzzer harnesses of tests/fuzz with clang:
#   sh tests/fuzz/build.sh [OUTDIR]     (default build/fuzz/fuzzers; run from the repo root)
# The library sources are compiled once with -fsanitize=fuzzer-no-link plus ASan and
# UBSan (coverage for the fuzzer, sanitizers to turn silent corruption into a report),
# then each fuzz_*.c is linked against them. Library warnings are the gcc build's
# business (clang warns differently), so -w there; the harnesses get -Werror. Needs clang (Debian: clang, libclang-rt-dev).
# Not part of make check: fuzzing is run by hand, see tests/fuzz/README.md.
set -eu
OUT=${1:-build/fuzz/fuzzers}
CC=${FUZZ_CC:-clang}
CXX=${FUZZ_CXX:-clang++}
PKGS="sqlite3 gumbo libutf8proc libmicrohttpd jansson zlib libpq"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
FLAGS="-g -O1 $SAN"
CPP="-Iinclude -Isrc -I$OUT/gen -D_GNU_SOURCE $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lcld2 -lstdc++ -lpthread -lm"
mkdir -p "$OUT/obj" "$OUT/gen"
# the store schema, embedded as the Makefile does it
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' src/store/schema.sql > "$OUT/gen/store_schema.inc"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' src/store/schema_pg.sql > "$OUT/gen/store_schema_pg.inc"
objs=""
for src in $(ls src/*/*.c src/*/*.cc | grep -v '^src/cli/'); do
    obj="$OUT/obj/$(echo "$src" | tr / _).o"
    objs="$objs $obj"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$0" -nt "$obj" ] || \
       [ -n "$(find src -name '*.h' -newer "$obj" 2>/dev/null | head -n 1)" ]; then
        case $src in
        *.cc) $CXX -std=c++11 $FLAGS -fsanitize=fuzzer-no-link $CPP -c "$src" -o "$obj" ;;
        *)    $CC -std=c11 -w $FLAGS -fsanitize=fuzzer-no-link $CPP -c "$src" -o "$obj" ;;
        esac
    fi
done
for h in tests/fuzz/fuzz_*.c; do
    name=$(basename "$h" .c)
    $CC -std=c11 -Wall -Wextra -Werror -Wno-unused-function $FLAGS -fsanitize=fuzzer $CPP \
        -o "$OUT/$name" "$h" $objs $LIBS
    echo "built $OUT/$name"
done
