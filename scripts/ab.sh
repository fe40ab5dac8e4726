#!/bin/sh
# scripts/ab.sh — the byte-identical A/B check: does a change change nothing?
#
# Why: a refactor of the coder or the dictionary loader must not change one output
# byte, and "byte-identical on N corpora x M dictionary sets" is what the commit
# messages claim. This script is that claim, reproducible. It builds a git revision
# (A, default: the merge-base of HEAD with main) and the current working tree,
# uncommitted edits included (B), each in its own build directory, codes the shared
# news corpora with five dictionary sets (built-in, Phoenix, TABARI-demo,
# petr-validate, udpetrarch-validate) and runs the gold suites through `tocsin eval -v`
# (pass rates, every passing and failing record), then compares A's and B's outputs
# byte for byte: an md5 per corpus x dictionary set and per suite, in a table.
#
#   sh scripts/ab.sh [REV]        or   make ab [AB_REV=REV]
#   sh scripts/ab.sh REV_A REV_B  compare two revisions (neither is the working tree)
#
# Environment:
#   SHARED        the shared data (default ../shared from the project root)
#   AB_CORPORA    corpora to code (default: guardian reuters21578 bbc agnews-test, all
#                 29,117 documents; about 20 s per side with all dictionary sets)
#   AB_DOCS       code only the first N documents of each corpus (default: all)
#   AB_KEEP=1     keep the outputs (printed path) instead of removing them
# A revision's build and outputs are cached under build/ab/<commit> (they depend on
# the commit only); the working tree is rebuilt and rerun every time.
# Exit status: 0 identical, 1 some output differs (or a side failed to code),
# 2 usage error, missing ../shared, or a build failure.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
SHARED=${SHARED:-$ROOT/../shared}
case $SHARED in /*) ;; *) SHARED=$ROOT/$SHARED ;; esac
CORPORA=${AB_CORPORA:-guardian reuters21578 bbc agnews-test}
DOCS=${AB_DOCS:-0}
JOBS=${AB_JOBS:-2}
G=$SHARED/gold

usage() { echo "usage: sh scripts/ab.sh [REV_A [REV_B]]   (B default: the working tree)" >&2; exit 2; }
[ $# -le 2 ] || usage
case ${1:-} in -h|--help) usage ;; esac
if [ ! -d "$SHARED/corpora" ] || [ ! -d "$SHARED/dict/phoenix" ] || [ ! -d "$G/dict" ]; then
    echo "ab: $SHARED (the shared corpora, dictionaries and gold) is not available" >&2
    exit 2
fi
SHARED=$(cd "$SHARED" && pwd -P); G=$SHARED/gold

rev_a=${1:-}
if [ -z "$rev_a" ]; then
    rev_a=$(git merge-base HEAD main 2>/dev/null) || { echo "ab: no merge-base with main; give a revision" >&2; exit 2; }
fi
sha_a=$(git rev-parse --verify -q "$rev_a^{commit}") || { echo "ab: $rev_a is not a revision" >&2; exit 2; }
if [ -z "${1:-}" ] && [ "$sha_a" = "$(git rev-parse HEAD)" ]; then
    # HEAD is already in main (the branch was merged): A is HEAD itself
    echo "ab: note: the merge-base with main is HEAD: only uncommitted changes are compared (give a revision)" >&2
fi
sha_b=
if [ $# -eq 2 ]; then
    sha_b=$(git rev-parse --verify -q "$2^{commit}") || { echo "ab: $2 is not a revision" >&2; exit 2; }
fi
mkdir -p build/ab

# build_rev SHA: extract the revision into build/ab/SHA/tree and build it there
# (its own data/ and web/ are compiled in); prints nothing, returns non-zero on failure.
build_rev() {
    d=build/ab/$1
    if [ ! -x "$d/tree/build/tocsin" ]; then
        rm -rf "$d" && mkdir -p "$d/tree" || return 1
        git archive "$1" | tar -x -C "$d/tree" || return 1
        echo "ab: building $1 in $d/tree" >&2
        make -C "$d/tree" -j"$JOBS" all > "$d/build.log" 2>&1 || { tail -n 20 "$d/build.log" >&2; return 1; }
    fi
}

# corpus NAME: the corpus file to code (the first AB_DOCS documents when AB_DOCS is set)
corpus() {
    if [ "$DOCS" -gt 0 ] 2>/dev/null; then
        f=build/ab/corpora.$DOCS/$1.jsonl
        if [ ! -f "$f" ]; then
            mkdir -p "build/ab/corpora.$DOCS" && head -n "$DOCS" "$SHARED/corpora/$1.jsonl" > "$f.tmp" && mv "$f.tmp" "$f"
        fi
        echo "$ROOT/$f"
    else
        echo "$SHARED/corpora/$1.jsonl"
    fi
}

dict_dir() { # dictionary set name -> --dict argument
    case $1 in
        builtin) echo builtin ;;
        phoenix) echo "$SHARED/dict/phoenix" ;;
        *) echo "$G/dict/$1" ;;
    esac
}

DICTS="builtin phoenix tabari-demo petr-validate udpetrarch-validate"
# suites: name|gold file|dictionary set|extra eval options
SUITES="petr2-unittest|petr2-unittest.jsonl|petr-validate|
udpetrarch-validate|udpetrarch-validate.jsonl|udpetrarch-validate|
tabari-validate|tabari-validate.jsonl|tabari-demo|--forward
tabari-validate-noforward|tabari-validate.jsonl|tabari-demo|
petr2-gsr|petr2-gsr.jsonl|phoenix|
petr2-gsr.builtin|petr2-gsr.jsonl|builtin|
plover-gsr.builtin|plover-gsr.jsonl|builtin|
plover-gsr.phoenix|plover-gsr.jsonl|phoenix|
conflibert-dev.builtin|conflibert-dev.jsonl|builtin|"

# run_side BINARY TREE OUTDIR: every output of one side into OUTDIR (file per corpus x
# dictionary set: <corpus>.<dict>.jsonl; per suite: eval.<suite>); stderr goes to .err
# files with the tree's own path replaced by TREE so that the two sides compare.
run_side() {
    bin=$1; tree=$2; out=$3
    mkdir -p "$out"
    for c in $CORPORA; do
        f=$(corpus "$c")
        for d in $DICTS; do  # --date: AG News records carry none (as in bench/run.sh)
            "$bin" code --date 2005-01-01 --dict "$(dict_dir "$d")" "$f" > "$out/$c.$d.jsonl" 2> "$out/$c.$d.err"
            echo $? > "$out/$c.$d.rc"
        done
    done
    echo "$SUITES" | while IFS='|' read -r name gold d opts; do
        [ -n "$name" ] || continue
        # shellcheck disable=SC2086
        "$bin" eval -v $opts --dict "$(dict_dir "$d")" "$G/$gold" > "$out/eval.$name" 2> "$out/eval.$name.stderr"
        echo $? > "$out/eval.$name.rc"
    done
    if [ -f "$tree/tests/gold/build_real_dev.py" ] && [ -x /usr/bin/python3 ]; then
        for name in real-dev real-holdout; do
            [ -f "$tree/tests/gold/$name.tsv" ] || continue
            /usr/bin/python3 "$tree/tests/gold/build_real_dev.py" "$out/gold.$name.jsonl" --shared "$SHARED" \
                --tsv "$tree/tests/gold/$name.tsv" > /dev/null 2>&1 || continue
            "$bin" eval -v "$out/gold.$name.jsonl" > "$out/eval.$name.builtin" 2> "$out/eval.$name.builtin.stderr"
            echo $? > "$out/eval.$name.builtin.rc"
            rm -f "$out/gold.$name.jsonl"
        done
    fi
    for e in "$out"/*.err "$out"/eval.*; do
        case $e in *.rc) continue ;; esac
        sed -i -e "s|$out|OUT|g" -e "s|$tree|TREE|g" "$e"
    done
}

# side SHA-or-empty: builds it and prints "BINARY OUTDIR" (cached per commit)
outputs_for() {
    sha=$1
    if [ -n "$sha" ]; then
        build_rev "$sha" || { echo "ab: build of $sha failed (log: build/ab/$sha/build.log)" >&2; exit 2; }
        key=$(echo "$CORPORA|$DOCS|${GEO_KEY:-}" | md5sum | cut -c1-8)
        o=build/ab/$sha/out.$key
        if [ ! -f "$o/done" ]; then
            rm -rf "$o"
            run_side "$ROOT/build/ab/$sha/tree/build/tocsin" "$ROOT/build/ab/$sha/tree" "$ROOT/$o"
            touch "$o/done"
        fi
        echo "$o"
    else
        echo "ab: building the working tree in build/ab/cur" >&2
        make -j"$JOBS" BUILD=build/ab/cur all > build/ab/cur.build.log 2>&1 || { tail -n 20 build/ab/cur.build.log >&2; echo "ab: build of the working tree failed" >&2; exit 2; }
        o=build/ab/cur.out
        rm -rf "$o"
        run_side "$ROOT/build/ab/cur/tocsin" "$ROOT" "$ROOT/$o"
        echo "$o"
    fi
}

# Both sides locate events with one gazetteer: the working tree's build/geo/gazetteer.idx
# (or $TOCSIN_GEO). A revision built under build/ab has none of its own (its tree has no
# data/geo/node_modules), so without this every "location" of A is null and every corpus
# differs. The gazetteer's path and date are part of the cache key of A's outputs.
if [ -z "${TOCSIN_GEO:-}" ] && [ -f "$ROOT/build/geo/gazetteer.idx" ]; then
    TOCSIN_GEO=$ROOT/build/geo/gazetteer.idx
fi
if [ -n "${TOCSIN_GEO:-}" ]; then
    export TOCSIN_GEO
    GEO_KEY="$TOCSIN_GEO $(stat -c %Y "$TOCSIN_GEO" 2> /dev/null)"
fi

start=$(date +%s)
out_a=$(outputs_for "$sha_a") || exit 2
out_b=$(outputs_for "$sha_b") || exit 2
label_b=${sha_b:-working tree}
echo "A: $sha_a  ($rev_a)"
echo "B: $label_b"
echo

status=0
md5() { md5sum < "$1" | cut -c1-12; }
passed() { # an eval report -> "233/257 90.7%"
    sed -n 's/.*: \([0-9]*\) records.* \([0-9]*\) passed (\([0-9.]*%\)).*/\2\/\1 \3/p' "$1" | head -n 1
}
printf '%-34s %9s %9s  %-12s %-12s %s\n' "corpus x dictionaries" "events A" "events B" "md5 A" "md5 B" ""
for c in $CORPORA; do
    for d in $DICTS; do
        fa=$out_a/$c.$d.jsonl; fb=$out_b/$c.$d.jsonl
        same=same
        if ! cmp -s "$fa" "$fb" || ! cmp -s "$out_a/$c.$d.err" "$out_b/$c.$d.err" \
            || ! cmp -s "$out_a/$c.$d.rc" "$out_b/$c.$d.rc"; then
            same=DIFFERS; status=1
        fi
        printf '%-34s %9s %9s  %-12s %-12s %s\n' "$c x $d" "$(wc -l < "$fa")" "$(wc -l < "$fb")" \
            "$(md5 "$fa")" "$(md5 "$fb")" "$same"
    done
done
echo
printf '%-34s %-22s %-22s %-12s %-12s %s\n' "suite (tocsin eval -v)" "passed A" "passed B" "md5 A" "md5 B" ""
for fa in "$out_a"/eval.*; do
    case $fa in *.rc|*.stderr) continue ;; esac
    b=$(basename "$fa"); fb=$out_b/$b
    [ -f "$fb" ] || { echo "$b: missing on side B"; status=1; continue; }
    same=same
    if ! cmp -s "$fa" "$fb" || ! cmp -s "$fa.rc" "$fb.rc" || ! cmp -s "$fa.stderr" "$fb.stderr"; then
        same=DIFFERS; status=1
    fi
    pa=$(passed "$fa"); pb=$(passed "$fb")
    printf '%-34s %-22s %-22s %-12s %-12s %s\n' "${b#eval.}" "${pa:-?}" "${pb:-?}" "$(md5 "$fa")" "$(md5 "$fb")" "$same"
done
for fb in "$out_b"/eval.*; do
    [ -f "$out_a/$(basename "$fb")" ] || { echo "$(basename "$fb"): missing on side A"; status=1; }
done
echo
if [ $status -eq 0 ]; then
    echo "ab: IDENTICAL: every output byte-identical ($(( $(date +%s) - start )) s)"
else
    echo "ab: DIFFERENT: see the DIFFERS lines; diff -r $out_a $out_b"
fi
[ "${AB_KEEP:-0}" = 1 ] || [ $status -ne 0 ] || rm -rf build/ab/cur.out
exit $status
