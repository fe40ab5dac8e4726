#!/bin/sh
# geo_places.sh — `tocsin places` on written examples of the conventions src/geo
# follows: datelines, places after prepositions, "City, State", country adjectives,
# subdivisions named like their cities; persons, organisations and governments that
# carry a place's name are no places. Offsets are byte offsets into the text as given
# (curly quotes, accents and CRLF before a place must not shift them). Bad records and
# missing inputs follow the exit-status rules; without a gazetteer the command says so.
# Skips (77) when the gazetteer was not built (no `make deps`: data/geo/README.md).
set -u
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "skip: /usr/bin/python3 is not installed"; exit 77; }
"$TOCSIN" places --help > /dev/null || { echo "FAILED: tocsin places --help"; exit 1; }
tmp=${TMPDIR:-/tmp}/tocsin-geo.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
echo '{"id":"probe","text":"in Paris"}' > "$tmp/probe.jsonl"
if ! "$TOCSIN" places "$tmp/probe.jsonl" > /dev/null 2> "$tmp/probe.err"; then
    cat "$tmp/probe.err"
    echo "skip: no gazetteer (run make deps && make)"; exit 77
fi
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}

# Documents, written with Python so that the non-ASCII bytes are exact.
$PY - "$tmp/in.jsonl" <<'PYEOF'
import json, sys
docs = [
 ("kyiv", "KYIV, Ukraine (AP) \u2014 Russian forces shelled Ukrainian positions near Donetsk on Monday, officials in Geneva said."),
 ("algiers", "ALGIERS, Oct. 27 (Xinhua) -- Talks in the Donbas region and in Kharkiv resumed."),
 ("paris", "The band played in Paris, Texas, on Friday before a show in Lyon."),
 ("persons", "Jordan Peterson spoke in Toronto. Peterson said Air Canada had sponsors. Washington said it would respond."),
 ("bytes", "\u201cWe\u2019re here,\u201d said Jos\u00e9 Mar\u00eda in \u00celes-de-la-Madeleine and then in Z\u00fcrich.\r\nLater he flew to Berlin."),
 ("state", "Georgia's governor met officials in Atlanta, where Georgia lawmakers gathered."),
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i, t in docs:
        f.write(json.dumps({"id": i, "date": "2022-01-02", "text": t}) + "\n")
PYEOF
"$TOCSIN" places "$tmp/in.jsonl" > "$tmp/out.jsonl" 2> "$tmp/err"
st=$?
cat "$tmp/err"
check "places exit status 0 (got $st)" "$([ $st -eq 0 ]; echo $?)"

$PY - "$tmp/in.jsonl" "$tmp/out.jsonl" <<'PYEOF'
import json, sys
docs = {json.loads(l)["id"]: json.loads(l)["text"].encode("utf-8") for l in open(sys.argv[1], encoding="utf-8")}
out = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
bad = 0
def ok(desc, cond):
    global bad
    print(("ok: " if cond else "FAILED: ") + desc)
    bad |= not cond
for m in out:
    span = docs[m["doc_id"]][m["start"]:m["end"]].decode("utf-8")
    ok("%s: bytes %d..%d are %r" % (m["doc_id"], m["start"], m["end"], m["text"]), span == m["text"])
def find(doc, text):
    return [m for m in out if m["doc_id"] == doc and m["text"] == text]
def one(doc, text, **want):
    ms = find(doc, text)
    got = ms[0] if ms else None
    ok("%s: %r found" % (doc, text), got is not None)
    if got:
        for k, v in want.items():
            ok("%s: %r %s = %r (got %r)" % (doc, text, k, v, got.get(k)), got.get(k) == v)
def none(doc, text):
    ok("%s: %r is no place" % (doc, text), not find(doc, text))
one("kyiv", "KYIV", cue="dateline", country="UA", feature="city", geonameid=703448)
one("kyiv", "Ukraine", feature="country", country="UA")
one("kyiv", "Russian", feature="country", country="RU", cue="adjective")
one("kyiv", "Ukrainian", feature="country", country="UA")
one("kyiv", "Donetsk", country="UA", feature="city", cue="prep")
one("kyiv", "Geneva", country="CH", geonameid=2660646)
none("kyiv", "Monday")
one("algiers", "ALGIERS", cue="dateline", country="DZ")
one("algiers", "Kharkiv", country="UA")
one("paris", "Paris", country="US", adm1="TX", cue="qualified")
one("paris", "Texas", feature="adm1", country="US", adm1="TX")
one("paris", "Lyon", country="FR")
none("paris", "Friday")
one("persons", "Toronto", country="CA")
none("persons", "Jordan")
none("persons", "Canada")
none("persons", "Washington")
one("bytes", "Berlin", country="DE")
one("bytes", "Zürich", country="CH")
one("state", "Atlanta", country="US")
one("state", "Georgia", country="US", feature="adm1", adm1="GA")
sys.exit(bad)
PYEOF
check "every expected place, every offset" $?

"$TOCSIN" places --format tsv "$tmp/in.jsonl" > "$tmp/out.tsv" 2> /dev/null
head -1 "$tmp/out.tsv" | grep -q '^doc_id	start	end	text	name	geonameid	country	adm1	lat	lon	feature	cue$'
check "tsv header" $?
[ "$(tail -n +2 "$tmp/out.tsv" | wc -l)" -eq "$(wc -l < "$tmp/out.jsonl")" ]
check "tsv has one row per mention" $?

# Bad input: a broken record is reported with file:line, the rest processed, exit 1.
{ echo '{"id":"a","date":"2022-01-01","text":"in Berlin"}'; echo '{"id":"b", broken'; echo '{"id":"c","date":"2022-01-01","text":"in Madrid"}'; } > "$tmp/bad.jsonl"
"$TOCSIN" places "$tmp/bad.jsonl" > "$tmp/bad.out" 2> "$tmp/bad.err"
st=$?
check "a bad record: exit 1 (got $st)" "$([ $st -eq 1 ]; echo $?)"
grep -q 'bad.jsonl:2' "$tmp/bad.err"
check "the bad record is named by file:line" $?
[ "$(grep -c '"doc_id":"[ac]"' "$tmp/bad.out")" -eq 2 ]
check "the other records are processed" $?
"$TOCSIN" places "$tmp/missing.jsonl" > /dev/null 2>&1
st=$?
check "a missing input: exit 2 (got $st)" "$([ $st -eq 2 ]; echo $?)"
TOCSIN_GEO="$tmp/nowhere.idx" "$TOCSIN" places "$tmp/in.jsonl" > /dev/null 2> "$tmp/nogaz.err"
st=$?
check "no gazetteer: exit 2 (got $st)" "$([ $st -eq 2 ]; echo $?)"
grep -q 'no gazetteer' "$tmp/nogaz.err"
check "no gazetteer: says so" $?
printf 'not a gazetteer at all, just text padding padding padding padding padding padding padding padding padding padding padding\n' > "$tmp/junk.idx"
TOCSIN_GEO="$tmp/junk.idx" "$TOCSIN" places "$tmp/in.jsonl" > /dev/null 2> "$tmp/junk.err"
st=$?
check "a file that is no gazetteer: exit 2 (got $st)" "$([ $st -eq 2 ]; echo $?)"
exit $fail
