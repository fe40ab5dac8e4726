#!/bin/sh
# The command line's one option parser (src/cli/opts.c): every command answers a
# usage mistake the same way — one "tocsin CMD: ..." line saying what is wrong, a
# pointer to --help, exit status 2 — and --help on standard output with status 0.
set -u
T=${TOCSIN:-build/tocsin}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
# expect STATUS PATTERN args...: the exit status and a line of standard error
expect() {
    want=$1 pat=$2; shift 2
    "$T" "$@" > "$tmp/out" 2> "$tmp/err"
    st=$?
    [ $st -eq "$want" ] && grep -q -- "$pat" "$tmp/err"
    check "tocsin $* -> $want, '$pat' (got $st: $(head -n 1 "$tmp/err"))" $?
}

for c in $("$T" --commands); do
    "$T" "$c" --help > "$tmp/help" 2> "$tmp/err"
    [ $? -eq 0 ] && grep -q "^usage: tocsin $c" "$tmp/help" && [ ! -s "$tmp/err" ]
    check "tocsin $c --help: usage on standard output, status 0" $?
    expect 2 "^tocsin $c: unknown option '--no-such-option'" "$c" --no-such-option
    grep -q "^tocsin $c: see 'tocsin $c --help'" "$tmp/err"; check "tocsin $c: the error points to --help" $?
done

# a value-taking option without its value says so, also when another option follows
expect 2 "^tocsin code: --format needs a value: jsonl, json or tsv" code --format
expect 2 "^tocsin code: --format needs a value" code --format --stats
expect 2 "^tocsin export: --format needs a value" export --db x.db --format
expect 2 "^tocsin ingest: --db needs a value: FILE" ingest --db
# one integer parser: range and junk
expect 2 "^tocsin code: --threads wants a whole number from 1 to 1048576, not '0'" code --threads 0
expect 2 "wants a whole number from 1 to 1048576, not '2x'" code --threads 2x
expect 2 "^tocsin serve: --port wants a whole number from 0 to 65535, not '70000'" serve --db x.db --port 70000
expect 2 "^tocsin watch: --limit wants a whole number" watch --db x.db --limit -1
expect 2 "^tocsin stories: --min wants a whole number" stories --db x.db --min 0
expect 2 "^tocsin eval: --min-f1 wants a number, not 'high'" eval --min-f1 high x.jsonl
expect 2 "^tocsin ingest: --window wants a whole number from 0 to 3650" ingest --db x.db --window 4000
# choices, dates, required options, operands
expect 2 "^tocsin watch: --level wants country or actor, not 'planet'" watch --db x.db --level planet
expect 2 "^tocsin code: --input wants auto, text, jsonl, html or warc, not 'pdf'" code --input pdf
expect 2 "^tocsin code: --date wants a date YYYY-MM-DD, not '2022-13-01'" code --date 2022-13-01
expect 2 "^tocsin ingest: --db FILE|URI is required" ingest x.jsonl
expect 2 "^tocsin export: --db FILE is required" export
expect 2 "^tocsin eval: no GOLD.jsonl given" eval
expect 2 "^tocsin extract: no FILE given" extract
expect 2 "^tocsin stories: unexpected argument 'extra'" stories --db x.db extra
expect 2 "^tocsin code: --stats takes no value" code --stats=1
expect 2 "^tocsin code: too many --dict options" code $(i=0; while [ $i -lt 33 ]; do printf -- '--dict+ d%d ' $i; i=$((i + 1)); done)
expect 2 "^tocsin: unknown command 'frobnicate'" frobnicate

# --opt=VALUE is the same as --opt VALUE, and -- ends the options
printf 'Russia attacked Ukraine.\n' > "$tmp/a.txt"
"$T" code --date 2022-03-01 --format tsv "$tmp/a.txt" > "$tmp/spaced" 2>/dev/null
"$T" code --date=2022-03-01 --format=tsv "$tmp/a.txt" > "$tmp/equals" 2>/dev/null
[ -s "$tmp/spaced" ] && cmp -s "$tmp/spaced" "$tmp/equals"; check "--opt=VALUE equals --opt VALUE" $?
cp "$tmp/a.txt" "$tmp/-dash.txt"
(cd "$tmp" && "$T" code --date 2022-03-01 --format tsv -- -dash.txt) > "$tmp/dash" 2>/dev/null
[ "$(cut -f2- "$tmp/dash")" = "$(cut -f2- "$tmp/spaced")" ]; check "-- ends the options (a file named -dash.txt)" $?

"$T" --version > "$tmp/v" 2>&1
grep -q "^tocsin [0-9]" "$tmp/v" && grep -q "^built-in dictionaries: .*/dict ([0-9]* files, [0-9]* bytes, crc32 [0-9a-f]*)" "$tmp/v"
check "--version: $(tr '\n' ' ' < "$tmp/v")" $?
exit $fail
