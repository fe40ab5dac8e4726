#!/bin/sh
# Runs every test of `make check`: the cmocka unit programs in $BUILD/tests and the
# shell tests in tests/integration. Prints one line per test program and a closing
# "N passed, N failed" line; exits non-zero if anything failed.
# Tests that need ../shared (third-party data) skip with a message when it is absent.
BUILD=${BUILD:-build/san}
export TOCSIN="$PWD/$BUILD/tocsin"
export TOCSIN_ROOT="$PWD"
export SHARED="${SHARED:-$PWD/../shared}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
pass=0; fail=0; skip=0; failed=""
log=$BUILD/test-logs; mkdir -p "$log"
run() { # name, command...
    name=$1; shift
    if "$@" > "$log/$name.log" 2>&1; then
        st=0
    else
        st=$?
    fi
    if [ $st -eq 0 ]; then
        pass=$((pass + 1)); echo "PASS  $name"
    elif [ $st -eq 77 ]; then
        skip=$((skip + 1)); echo "SKIP  $name: $(tail -n 1 "$log/$name.log")"
    else
        fail=$((fail + 1)); failed="$failed $name"; echo "FAIL  $name (log: $log/$name.log)"
        tail -n 30 "$log/$name.log" | sed 's/^/    /'
    fi
}
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run "$(basename "$t")" "$t"
done
for t in tests/integration/*.sh; do
    [ -f "$t" ] || continue
    run "$(basename "$t" .sh)" sh "$t"
done
echo
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
