#!/bin/sh
# make demo — code the sample the project ships and show the events as a table,
# then store them and show the escalation alerts they raise.
set -eu
cd "$(dirname "$0")/.."
T=build/tocsin
sample=data/samples/escalation.jsonl
echo "== tocsin code $sample   (illustrative wire copy shipped with tocsin)"
echo
"$T" code --format tsv "$sample" > build/demo-events.tsv
# date, source, target, CAMEO code, Goldstein, and who did what to whom in the text's words
awk -F'\t' '{ printf "%s\t%s\t%s\t%s\t%s\t%.28s / %.20s / %.28s\n", $3, $4, $5, $6, $8, $9, $10, $11 }' \
    build/demo-events.tsv | column -t -s "$(printf '\t')" | head -n 40
n=$(($(wc -l < build/demo-events.tsv) - 1))
echo "... $n events in all: build/demo-events.tsv (JSON Lines: $T code $sample)"
echo
# where it happened: the gazetteer `make` builds from the packages `make deps` installs
"$T" code "$sample" > build/demo-events.jsonl 2> build/demo-code.err
located=$(grep -c '"location":{' build/demo-events.jsonl || true)
if [ "$located" -gt 0 ]; then
    echo "== where: $located of $n events located (\"location\" in $T code's JSON Lines), e.g."
    grep -o '"location":{"name":"[^"]*"' build/demo-events.jsonl | sed 's/.*"name":"//; s/"$//' |
        sort | uniq -c | sort -rn | head -n 5
else
    echo "== where: no locations: $(cat build/demo-code.err)"
fi
echo
echo "== tocsin ingest --db build/demo.db $sample && tocsin watch --db build/demo.db"
rm -f build/demo.db build/demo.db-wal build/demo.db-shm
"$T" ingest --db build/demo.db "$sample" > /dev/null
"$T" watch --db build/demo.db | head -n 30
echo
echo "Dashboard: $T serve --db build/demo.db   then open http://127.0.0.1:8080"
