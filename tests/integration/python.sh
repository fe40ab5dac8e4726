#!/bin/sh
# python.sh — the Python package (python/tocsin) with Debian's /usr/bin/python3:
# tests/python/test_binding.py (the ctypes binding over libtocsin.so against the CLI,
# threads, DataFrames from SQLite and PostgreSQL) and tests/python/test_dask.py (a real
# Dask LocalCluster of two worker processes: cluster run = single ingest, kill a worker
# mid-task, PostgreSQL). Skips only when Debian's Python packages are not installed.
# Under make check the library is the ASan/UBSan build: its runtime is preloaded into
# Python (leak checking off: the interpreter keeps its memory at exit by design).
set -u
PY=/usr/bin/python3
ROOT=${TOCSIN_ROOT:-$PWD}
TOCSIN=${TOCSIN:-$ROOT/build/tocsin}
export TOCSIN TOCSIN_ROOT="$ROOT" SHARED="${SHARED:-$ROOT/../shared}"
[ -x "$PY" ] || { echo "skip: $PY (Debian's python3) is not installed"; exit 77; }
for m in pandas dask distributed; do
    "$PY" -c "import $m" 2> /dev/null || {
        echo "skip: Debian's python3-$m is not installed (make deps installs it)"; exit 77; }
done
lib=$(dirname "$TOCSIN")/libtocsin.so
[ -e "$lib" ] || { echo "FAILED: $lib not built (make tests builds it)"; exit 1; }
export TOCSIN_LIB="$lib"
export PYTHONWARNINGS=ignore::DeprecationWarning
preload=
if ldd "$lib" | grep -q libasan; then
    preload=$(gcc -print-file-name=libasan.so)
fi
cd "$ROOT/tests/python" || exit 1
fail=0
echo "== the binding ($lib)"
LD_PRELOAD=$preload ASAN_OPTIONS=detect_leaks=0 "$PY" -m unittest -v test_binding || fail=1
echo "== Dask ($TOCSIN)"
"$PY" -m unittest -v test_dask || fail=1
exit $fail
