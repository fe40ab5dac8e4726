#!/bin/sh
# bench/extract.sh — main-text extraction against the article-extraction
# benchmark (Scrapinghub AEB, the half kept in ../shared/html/aeb).
# Prints F1, precision, recall (the benchmark's 4-token-shingle metric, see
# extract_score.py) and pages/s of `tocsin extract` on one core.
#   sh bench/extract.sh            uses build/tocsin (or $TOCSIN)
#   sh bench/extract.sh --pages    also prints the per-page scores, worst first
# Exits 0 when the benchmark data is absent (with a message), 1 if tocsin fails.
root=$(cd "$(dirname "$0")/.." && pwd)
tocsin=${TOCSIN:-$root/build/tocsin}
aeb=${SHARED:-$root/../shared}/html/aeb
if [ ! -f "$aeb/ground-truth.json" ]; then
    echo "bench-extract: skipped: $aeb/ground-truth.json not found (the benchmark data lives in ../shared)"
    exit 0
fi
if [ ! -x "$tocsin" ]; then
    echo "bench-extract: $tocsin not built (run make)" >&2
    exit 1
fi
exec python3 "$root/bench/extract_score.py" "$tocsin" "$aeb" "$@"
