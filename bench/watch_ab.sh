#!/bin/sh
# watch_ab.sh — proves that two builds of tocsin give byte-identical watch output and
# API answers on the same input (used when the watch and the server moved onto the
# aggregate tables). Each build ingests the input into its own store, then
# `tocsin watch` (text, JSON, both levels, ranges, indicators of the top dyads) and
# every /api/ route of `tocsin serve` (on 127.0.0.1) are run on both and compared.
# The new build also reads a copy of the old build's store (the migration path).
#   usage: sh bench/watch_ab.sh OLD_TOCSIN NEW_TOCSIN INPUT.jsonl [WORKDIR]
# Exit 0 when everything is identical, 1 with the differing outputs named.
set -eu
old=$1 new=$2 input=$3
dir=${4:-${TMPDIR:-/tmp}/tocsin-watch-ab.$$}
mkdir -p "$dir"
"$old" ingest --db "$dir/old.db" "$input" > /dev/null 2>&1 || [ $? -eq 1 ]
"$new" ingest --db "$dir/new.db" "$input" > /dev/null 2>&1 || [ $? -eq 1 ]
cp "$dir/old.db" "$dir/migrated.db"
# the dyads the comparison looks into: the 4 busiest at each level, and one quiet one
ok="source_code NOT GLOB '*[^A-Z0-9]*' AND target_code NOT GLOB '*[^A-Z0-9]*' AND target_code <> ''"
sqlite3 "$dir/old.db" "SELECT substr(source_code,1,3)||'-'||substr(target_code,1,3) FROM events WHERE $ok GROUP BY 1 ORDER BY count(*) DESC LIMIT 4" > "$dir/dyads.country"
sqlite3 "$dir/old.db" "SELECT substr(source_code,1,3)||'-'||substr(target_code,1,3) FROM events WHERE $ok GROUP BY 1 ORDER BY count(*), 1 LIMIT 1" >> "$dir/dyads.country"
sqlite3 "$dir/old.db" "SELECT source_code||'-'||target_code FROM events WHERE $ok AND (length(source_code) > 3 OR length(target_code) > 3) GROUP BY 1 ORDER BY count(*) DESC LIMIT 4" > "$dir/dyads.actor"
span=$(sqlite3 "$dir/old.db" "SELECT min(date), max(date), date(min(date), '+' || ((julianday(max(date)) - julianday(min(date))) / 2) || ' days') FROM events WHERE date GLOB '[0-9][0-9][0-9][0-9]-*'")
first=$(echo "$span" | cut -d'|' -f1) last=$(echo "$span" | cut -d'|' -f2) mid=$(echo "$span" | cut -d'|' -f3)
stories=$(sqlite3 "$dir/old.db" "SELECT story_id FROM stories ORDER BY n_documents DESC, story_id LIMIT 3")
urls="$dir/urls"
: > "$urls"
for lv in country actor; do
    for r in "" "&from=$mid" "&to=$mid" "&from=$first&to=$mid"; do
        echo "api/dyads?level=$lv$r" >> "$urls"
        echo "api/dyads?level=$lv&limit=7$r" >> "$urls"
        echo "api/alerts?level=$lv$r" >> "$urls"
        echo "api/alerts?level=$lv&limit=5&evidence=0$r" >> "$urls"
        echo "api/network?level=$lv$r" >> "$urls"
        echo "api/events?level=$lv&limit=50$r" >> "$urls"
        for d in $(cat "$dir/dyads.$lv"); do
            echo "api/indicators?dyad=$d&level=$lv$r" >> "$urls"
            echo "api/indicators?dyad=$d&level=$lv&period=week$r" >> "$urls"
            echo "api/events?dyad=$d&level=$lv&limit=20&offset=3$r" >> "$urls"
            echo "api/alerts?dyad=$d&level=$lv$r" >> "$urls"
        done
    done
done
for s in $stories; do echo "api/stories/$s" >> "$urls"; done
fetch() { # tocsin, store, tag
    "$1" serve --db "$2" --port 0 > "$dir/$3.serve" 2> "$dir/$3.serve.err" &
    pid=$!
    i=0
    until grep -q 'http://127.0.0.1:[0-9]*/' "$dir/$3.serve" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 300 ] && { echo "watch_ab: $1 serve did not start" >&2; kill $pid; exit 2; }
        sleep 0.1
    done
    base=$(grep -o 'http://127.0.0.1:[0-9]*/' "$dir/$3.serve" | head -1)
    while read -r u; do
        printf '%s\n' "$u"
        curl -s -w ' HTTP %{http_code}\n' "$base$u"
    done < "$urls" > "$dir/$3.api"
    kill $pid; wait $pid 2>/dev/null || true
}
run() { "$@"; echo "[exit $?]"; }
watchall() { # tocsin, store, tag
    {
        for lv in country actor; do
            run "$1" watch --db "$2" --level $lv
            run "$1" watch --db "$2" --level $lv --format json --limit 0 --evidence 1000
            run "$1" watch --db "$2" --level $lv --from "$mid" --evidence 0
            run "$1" watch --db "$2" --level $lv --to "$mid" --threshold 2 --min-events 1 --min-stories 1 --format json
            for d in $(cat "$dir/dyads.$lv"); do
                run "$1" watch --db "$2" --level $lv --dyad "$d" --format json
                run "$1" watch --db "$2" --level $lv --dyad "$d" --indicators day
                run "$1" watch --db "$2" --level $lv --dyad "$d" --indicators week --format json
            done
        done
    } > "$dir/$3.watch" 2>&1
}
watchall "$old" "$dir/old.db" old
"$new" watch --db "$dir/migrated.db" > /dev/null 2> "$dir/migration.err" # adds the aggregates (once)
watchall "$new" "$dir/migrated.db" migrated
watchall "$new" "$dir/new.db" new
fetch "$old" "$dir/old.db" old
fetch "$new" "$dir/new.db" new
fetch "$new" "$dir/migrated.db" migrated
status=0
for t in watch api; do
    for b in new migrated; do
        if cmp -s "$dir/old.$t" "$dir/$b.$t"; then
            echo "watch_ab: $t ($b store): identical ($(wc -l < "$dir/old.$t") lines, $(wc -c < "$dir/old.$t") bytes)"
        else
            echo "watch_ab: $t ($b store): DIFFERENT: diff $dir/old.$t $dir/$b.$t"
            status=1
        fi
    done
done
echo "watch_ab: $(wc -l < "$urls") API requests per build; events $(sqlite3 "$dir/old.db" 'SELECT count(*) FROM events')"
exit $status
