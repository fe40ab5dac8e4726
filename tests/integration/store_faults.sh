#!/bin/sh
# store_faults.sh — what SIGTERM, SIGINT, kill -9, a full disk and a read-only
# database do to `tocsin ingest` and the readers (issue 15.3, 15.4, 15.8):
#  - SIGTERM / SIGINT mid-ingest: exit 143 / 130, the summary's "stored" equals the
#    documents in the database, every index is there, and a re-run completes to
#    equal an uninterrupted run; kill -9 leaves every index too;
#  - a full disk (a 2 MB tmpfs): ONE error naming the database and the document,
#    exit 2, the summary counts only committed documents, the indexes are there,
#    and a re-run (with room again) completes to equal an uninterrupted run;
#  - a database that cannot be written (read-only mount, or a file of another
#    user): ONE fatal error naming it, exit 2;
#  - readers (export, stories, watch) read a WAL database on a read-only mount;
#  - a zero-byte file given to a reader is reported as empty, exit 2.
# Mounting needs root (CI runs as root); without it those parts are skipped with
# the reason and the rest still runs.
set -u
[ -f "$SHARED/corpora/reuters21578.jsonl" ] || { echo "skip: $SHARED/corpora not present"; exit 77; }
command -v sqlite3 > /dev/null || { echo "skip: the sqlite3 command-line tool is not installed"; exit 77; }
command -v python3 > /dev/null || { echo "skip: python3 is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-faults.$$
mkdir -p "$tmp"
pid=
mounts=
cleanup() {
    [ -n "$pid" ] && kill -9 $pid 2> /dev/null
    for m in $mounts; do umount "$m" 2> /dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
python3 "$TOCSIN_ROOT/bench/dedup_gen.py" "$SHARED" "$tmp/in.jsonl" "$tmp/labels.tsv" \
    --stories 150 --distractors 2000 > /dev/null || exit 1
n=$(wc -l < "$tmp/in.jsonl")

counts() {
    sqlite3 "$1" "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM stories),
        (SELECT count(*) FROM events), (SELECT count(*) FROM mentions),
        (SELECT sum(n_mentions) || '/' || sum(n_articles) || '/' || sum(n_sources) FROM events)"
}
# the indexes schema.sql declares, and those missing from a database
want_indexes=$(sed -n 's/^CREATE INDEX IF NOT EXISTS \([A-Za-z_0-9]*\).*/\1/p' "$TOCSIN_ROOT/src/store/schema.sql" | sort)
missing_indexes() {
    have=$(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    for i in $want_indexes; do echo "$have" | grep -qx "$i" || printf '%s ' "$i"; done
}
stored_in_summary() { sed -n 's/.* read, \([0-9]*\) stored.*/\1/p' "$1" | tail -n 1; }

"$TOCSIN" ingest --db "$tmp/ref.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/ref.err"
check "uninterrupted ingest exit status 0" $?
# a store holding the first 500 documents: ingesting the input into it has work to do
head -n 500 "$tmp/in.jsonl" > "$tmp/head.jsonl"
"$TOCSIN" ingest --db "$tmp/part.db" --batch 50 "$tmp/head.jsonl" 2> /dev/null
ref=$(counts "$tmp/ref.db")
echo "uninterrupted: $ref; indexes: $(echo $want_indexes | wc -w)"
check "uninterrupted ingest: every index of schema.sql is there" "$([ -z "$(missing_indexes "$tmp/ref.db")" ]; echo $?)"

# ---- signals ----
wait_stored() { # db, documents: waits until the ingest ($pid) has committed that many
    tries=0
    while [ $tries -lt 6000 ] && kill -0 $pid 2> /dev/null; do
        s=$(sqlite3 "$1" 'SELECT count(*) FROM documents' 2> /dev/null || echo 0)
        [ "${s:-0}" -ge "$2" ] && return 0
        sleep 0.05
        tries=$((tries + 1))
    done
    return 1
}
for sig in TERM INT KILL; do
    db="$tmp/sig$sig.db"
    case $sig in TERM) want=143 ;; INT) want=130 ;; KILL) want=137 ;; esac
    "$TOCSIN" ingest --db "$db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/sig$sig.err" &
    pid=$!
    wait_stored "$db" 300
    kill -$sig $pid 2> /dev/null
    wait $pid
    st=$?
    pid=
    at=$(sqlite3 "$db" 'SELECT count(*) FROM documents')
    check "SIG$sig mid-ingest: exit status $want (got $st; $at of $n documents stored)" \
        "$([ $st -eq $want ] && [ "$at" -lt "$n" ]; echo $?)"
    if [ $sig != KILL ]; then
        said=$(stored_in_summary "$tmp/sig$sig.err")
        tail -n 2 "$tmp/sig$sig.err"
        check "SIG$sig: the summary says $said stored, the database holds $at" "$([ "$said" = "$at" ]; echo $?)"
    fi
    mi=$(missing_indexes "$db")
    check "SIG$sig: every index is there (missing: ${mi:-none})" "$([ -z "$mi" ]; echo $?)"
    "$TOCSIN" ingest --db "$db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/sig$sig.rerun"
    st=$?
    check "SIG$sig: the re-run exits 0 ($st) and equals the uninterrupted run" \
        "$([ $st -eq 0 ] && [ "$(counts "$db")" = "$ref" ]; echo $?)"
done

# ---- full disk, read-only media: need mounts ----
if [ "$(id -u)" != 0 ]; then
    echo "skip (part): full disk and read-only mounts need root to mount a tmpfs / a read-only bind mount"
    can_mount=0
else
    mkdir -p "$tmp/full"
    if mount -t tmpfs -o size=2m tmpfs "$tmp/full" 2> "$tmp/mount.err"; then
        mounts="$tmp/full"
        can_mount=1
    else
        echo "skip (part): cannot mount a tmpfs: $(cat "$tmp/mount.err")"
        can_mount=0
    fi
fi
if [ $can_mount = 1 ]; then
    db="$tmp/full/news.db"
    "$TOCSIN" ingest --db "$db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/full.err"
    st=$?
    cat "$tmp/full.err"
    check "full disk: exit status 2 (got $st)" "$([ $st -eq 2 ]; echo $?)"
    nerr=$(grep -v ': ingest: [0-9]* documents read' "$tmp/full.err" | grep -v 'stopped by the database error' | wc -l)
    check "full disk: one error ($nerr lines)" "$([ "$nerr" -eq 1 ]; echo $?)"
    grep -q "$db: .*full.*document" "$tmp/full.err"
    check "full disk: the error names the database and the document" $?
    at=$(sqlite3 "$db" 'SELECT count(*) FROM documents')
    said=$(stored_in_summary "$tmp/full.err")
    check "full disk: the summary says $said stored, the database holds $at (of $n)" \
        "$([ "$said" = "$at" ] && [ "$at" -lt "$n" ]; echo $?)"
    mi=$(missing_indexes "$db")
    check "full disk: every index is there (missing: ${mi:-none})" "$([ -z "$mi" ]; echo $?)"
    mount -o remount,size=64m "$tmp/full"
    "$TOCSIN" ingest --db "$db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/full.rerun"
    st=$?
    tail -n 1 "$tmp/full.rerun"
    check "full disk: a re-run with room stores what was missing: exit $st, equal to the uninterrupted run" \
        "$([ $st -eq 0 ] && [ "$(counts "$db")" = "$ref" ]; echo $?)"

    # read-only: a read-only bind mount of a directory holding a WAL database
    mkdir -p "$tmp/rw" "$tmp/ro"
    cp "$tmp/ref.db" "$tmp/rw/news.db"
    cp "$tmp/part.db" "$tmp/rw/part.db"
    sqlite3 "$tmp/rw/news.db" 'PRAGMA journal_mode' | grep -q wal
    check "the copied store is a WAL database" $?
    if mount --bind "$tmp/rw" "$tmp/ro" && mounts="$tmp/ro $mounts" && mount -o remount,bind,ro "$tmp/ro"; then
        ls "$tmp/ro"
        "$TOCSIN" ingest --db "$tmp/ro/part.db" --batch 50 "$tmp/in.jsonl" 2> "$tmp/ro.err"
        st=$?
        cat "$tmp/ro.err"
        check "read-only mount: ingest exit status 2 (got $st)" "$([ $st -eq 2 ]; echo $?)"
        check "read-only mount: one error naming the database ($(wc -l < "$tmp/ro.err") lines)" \
            "$([ "$(wc -l < "$tmp/ro.err")" -eq 1 ] && grep -q "$tmp/ro/part.db" "$tmp/ro.err"; echo $?)"
        for what in "export --format gdelt" "stories" "watch"; do
            "$TOCSIN" $what --db "$tmp/ref.db" > "$tmp/rw.out" 2> /dev/null
            "$TOCSIN" $what --db "$tmp/ro/news.db" > "$tmp/ro.out" 2> "$tmp/ro.err"
            st=$?
            check "read-only mount: $what reads the WAL database (exit $st, $(wc -l < "$tmp/ro.out") lines, \
same as read-write)" "$([ $st -eq 0 ] && [ -s "$tmp/ro.out" ] && cmp -s "$tmp/rw.out" "$tmp/ro.out"; echo $?)"
            [ $st -eq 0 ] || cat "$tmp/ro.err"
        done
    else
        echo "skip (part): cannot make a read-only bind mount"
    fi
fi

# a file of another user: ingest as nobody (as root: setpriv)
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    mkdir -p "$tmp/other"
    chmod 755 "$tmp" "$tmp/other"
    cp "$tmp/part.db" "$tmp/other/news.db"
    chmod 644 "$tmp/other/news.db"
    chmod 777 "$tmp/other" # nobody may create the -wal/-shm files, not write the database
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$TOCSIN" ingest --db "$tmp/other/news.db" \
        "$tmp/in.jsonl" 2> "$tmp/other.err"
    st=$?
    cat "$tmp/other.err"
    check "a database of another user: ingest exit status 2 (got $st)" "$([ $st -eq 2 ]; echo $?)"
    check "a database of another user: one error naming it ($(wc -l < "$tmp/other.err") lines)" \
        "$([ "$(wc -l < "$tmp/other.err")" -eq 1 ] && grep -q "$tmp/other/news.db" "$tmp/other.err"; echo $?)"
else
    echo "skip (part): running as another user needs root and setpriv"
fi

# a zero-byte file given to the readers
: > "$tmp/empty.db"
for what in "export" "stories" "watch"; do
    "$TOCSIN" $what --db "$tmp/empty.db" > /dev/null 2> "$tmp/empty.err"
    st=$?
    cat "$tmp/empty.err"
    check "a zero-byte file: $what exits 2 ($st) and says it is empty" \
        "$([ $st -eq 2 ] && grep -q "empty" "$tmp/empty.err"; echo $?)"
done
check "a zero-byte file stays zero bytes" "$([ ! -s "$tmp/empty.db" ]; echo $?)"
exit $fail
