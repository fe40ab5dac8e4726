#!/bin/sh
# dedup_eval.sh — the story-clustering evaluation, through `tocsin ingest` and
# `tocsin stories` as a user runs them. bench/dedup_gen.py builds a labelled set
# from ../shared/corpora by deterministic transformations (verbatim copies under
# other headers and boilerplate, edited copies, spun copies with a quarter of the
# words replaced by synonyms and names garbled, spun+edited) among 1,500 unrelated
# documents; bench/dedup_score.py scores pair precision and recall and fails below
# the targets: precision >= 0.95, recall >= 0.90 on spun copies, >= 0.99 on
# verbatim ones. The dictionaries are an empty directory: clustering does not
# depend on the events coded, and this keeps the test about clustering.
set -u
[ -f "$SHARED/corpora/reuters21578.jsonl" ] || { echo "skip: $SHARED/corpora not present"; exit 77; }
command -v python3 > /dev/null || { echo "skip: python3 is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-dedup.$$
mkdir -p "$tmp/nodict"
trap 'rm -rf "$tmp"' EXIT
python3 "$TOCSIN_ROOT/bench/dedup_gen.py" "$SHARED" "$tmp/eval.jsonl" "$tmp/labels.tsv" || exit 1
"$TOCSIN" ingest --db "$tmp/eval.db" --dict "$tmp/nodict" "$tmp/eval.jsonl" || exit 1
"$TOCSIN" stories --db "$tmp/eval.db" --format tsv > "$tmp/stories.tsv" || exit 1
python3 "$TOCSIN_ROOT/bench/dedup_score.py" "$tmp/labels.tsv" "$tmp/stories.tsv" \
    --min-precision 0.95 --min-recall-spun 0.90 --min-recall-verbatim 0.99 --show-errors 5
