#!/bin/sh
# store_export.sh — `tocsin export` in every format, checked row by row: the GDELT
# 2.0 event table has 61 tab-separated columns in GDELT's formats, the mentions
# table 16, JSON Lines parse, CSV rows have the header's width; --from/--to select
# by event date; `tocsin stories` lists every document once.
set -u
[ -f "$SHARED/corpora/guardian.jsonl" ] || { echo "skip: $SHARED/corpora not present"; exit 77; }
command -v python3 > /dev/null || { echo "skip: python3 is not installed"; exit 77; }
tmp=${TMPDIR:-/tmp}/tocsin-export.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, condition-status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}

db="$tmp/news.db"
"$TOCSIN" ingest --db "$db" --date 2022-01-02 "$SHARED/corpora/guardian.jsonl" "$SHARED/seed/article.txt" 2> "$tmp/ingest.err"
st=$?
cat "$tmp/ingest.err"
check "ingest exit status 0 (got $st)" "$([ $st -eq 0 ]; echo $?)"

# Coding on several threads stores exactly the same thing (documents arrive in input order).
"$TOCSIN" ingest --db "$tmp/threads.db" --threads 3 --date 2022-01-02 "$SHARED/corpora/guardian.jsonl" \
    "$SHARED/seed/article.txt" 2> /dev/null
"$TOCSIN" export --db "$db" --format jsonl > "$tmp/one.jsonl" 2> /dev/null
"$TOCSIN" export --db "$tmp/threads.db" --format jsonl > "$tmp/three.jsonl" 2> /dev/null
cmp -s "$tmp/one.jsonl" "$tmp/three.jsonl" && [ -s "$tmp/one.jsonl" ]
check "--threads 3 stores the same events as one thread" $?

"$TOCSIN" export --db "$db" --format gdelt > "$tmp/events.tsv" 2> /dev/null
check "export gdelt exit status 0" $?
"$TOCSIN" export --db "$db" --format mentions > "$tmp/mentions.tsv" 2> /dev/null
check "export mentions exit status 0" $?
"$TOCSIN" export --db "$db" --format jsonl > "$tmp/events.jsonl" 2> /dev/null
check "export jsonl exit status 0" $?
"$TOCSIN" export --db "$db" --format csv > "$tmp/events.csv" 2> /dev/null
check "export csv exit status 0" $?
"$TOCSIN" export --db "$db" --format jsonl --from 2018-01-01 --to 2018-12-31 > "$tmp/y2018.jsonl" 2> /dev/null
check "export with --from/--to exit status 0" $?
"$TOCSIN" stories --db "$db" --format jsonl > "$tmp/stories.jsonl"
check "stories exit status 0" $?
"$TOCSIN" stories --db "$db" --format tsv > "$tmp/stories.tsv"
"$TOCSIN" export --db "$db" --format nonsense > /dev/null 2>&1
check "unknown format is a usage error (status 2)" "$([ $? -eq 2 ]; echo $?)"
"$TOCSIN" export --db "$db" --format gdelt --from 2018-02-30 > /dev/null 2>&1
check "bad --from date is an error" "$([ $? -ne 0 ]; echo $?)"
"$TOCSIN" export --db "$tmp/missing.db" --format gdelt > /dev/null 2>&1
check "missing database is an error" "$([ $? -ne 0 ]; echo $?)"

# With a gazetteer (src/geo) the geo blocks are filled; without, they are Type 0.
gaz=0
echo '{"id":"p","text":"in Paris"}' | "$TOCSIN" places - > /dev/null 2>&1 && gaz=1
python3 - "$tmp" "$SHARED/reference/gdelt2-events-columns.csv" "$gaz" << 'EOF'
import csv, json, re, sys
tmp, ref, gaz = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
cols = [r[0] for r in csv.reader(open(ref, encoding="utf-8"))][1:]
bad = []
def need(cond, what):
    if not cond:
        bad.append(what)
assert len(cols) == 61, len(cols)
I = {c: i for i, c in enumerate(cols)}
intre, floatre = re.compile(r"^-?[0-9]+$"), re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
rows = [l.rstrip("\n").split("\t") for l in open(tmp + "/events.tsv", encoding="utf-8")]
need(len(rows) > 0, "no events exported")
ids = set()
for n, r in enumerate(rows, 1):
    if len(r) != 61:
        bad.append("events row %d: %d columns" % (n, len(r)))
        continue
    g = lambda c: r[I[c]]
    need(intre.match(g("GLOBALEVENTID")), "row %d GLOBALEVENTID" % n)
    ids.add(g("GLOBALEVENTID"))
    d = g("SQLDATE")
    need(re.match(r"^(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$", d), "row %d SQLDATE %s" % (n, d))
    need(g("MonthYear") == d[:6] and g("Year") == d[:4], "row %d MonthYear/Year" % n)
    y, m, dd = int(d[:4]), int(d[4:6]), int(d[6:])
    need(g("FractionDate") == "%.4f" % (y + (m * 30 + dd) / 365.0), "row %d FractionDate %s" % (n, g("FractionDate")))
    for a in ("Actor1", "Actor2"):
        code = g(a + "Code")
        need(code == "" or re.match(r"^[A-Z0-9-]{3,}$", code), "row %d %sCode %s" % (n, a, code))
        cc = g(a + "CountryCode")
        need(cc == "" or (re.match(r"^[A-Z]{3}$", cc) and code.startswith(cc)), "row %d %sCountryCode" % (n, a))
        for t in ("Type1Code", "Type2Code", "Type3Code", "KnownGroupCode", "Religion1Code"):
            v = g(a + t)
            need(v == "" or (re.match(r"^[A-Z]{3}$", v) and v in code), "row %d %s%s %s" % (n, a, t, v))
    need(g("IsRootEvent") in ("0", "1"), "row %d IsRootEvent" % n)
    ec = g("EventCode")
    need(re.match(r"^[0-9]{2,4}$", ec), "row %d EventCode %s" % (n, ec))
    need(g("EventBaseCode") == ec[:3] and g("EventRootCode") == ec[:2], "row %d base/root codes" % n)
    need(g("QuadClass") in ("1", "2", "3", "4"), "row %d QuadClass" % n)
    need(floatre.match(g("GoldsteinScale")) and -10 <= float(g("GoldsteinScale")) <= 10, "row %d Goldstein" % n)
    for c in ("NumMentions", "NumSources", "NumArticles"):
        need(intre.match(g(c)) and int(g(c)) >= 1, "row %d %s" % (n, c))
    need(int(g("NumSources")) <= int(g("NumArticles")) <= int(g("NumMentions")), "row %d count order" % n)
    need(g("AvgTone") == "", "row %d AvgTone should be empty (unknown)" % n)
    for geo in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        t = g(geo + "Type")
        need(t in ("0", "1", "2", "3", "4", "5"), "row %d %sType %s" % (n, geo, t))
        if t == "0":
            need(all(g(geo + c) == "" for c in ("FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")),
                 "row %d %s: Type 0 with fields" % (n, geo))
            continue
        need(gaz, "row %d %s filled without a gazetteer" % (n, geo))
        cc, adm1 = g(geo + "CountryCode"), g(geo + "ADM1Code")
        need(g(geo + "FullName") != "", "row %d %sFullName empty" % (n, geo))
        # FIPS 10-4 country code; empty for the few countries the FIPS data lacks (then no ADM1Code)
        need(re.match(r"^([A-Z]{2})?$", cc), "row %d %sCountryCode %r (FIPS 10-4)" % (n, geo, cc))
        need(adm1.startswith(cc) and (t != "1" or adm1 == cc) and (cc or not adm1), "row %d %sADM1Code %r" % (n, geo, adm1))
        need(t not in ("2", "3") or cc == "US", "row %d %sType %s outside the US" % (n, geo, t))
        need(floatre.match(g(geo + "Lat")) and -90 <= float(g(geo + "Lat")) <= 90, "row %d %sLat" % (n, geo))
        need(floatre.match(g(geo + "Long")) and -180 <= float(g(geo + "Long")) <= 180, "row %d %sLong" % (n, geo))
        need(g(geo + "FeatureID") != "" or not cc, "row %d %sFeatureID empty" % (n, geo))
        need(t not in ("3", "4") or intre.match(g(geo + "FeatureID")), "row %d %sFeatureID of a city" % (n, geo))
    need(re.match(r"^[0-9]{14}$", g("DATEADDED")), "row %d DATEADDED %s" % (n, g("DATEADDED")))
    need(g("SOURCEURL") != "", "row %d SOURCEURL empty" % n)
if gaz:
    located = sum(1 for r in rows if len(r) == 61 and r[I["ActionGeo_Type"]] != "0")
    need(located * 2 > len(rows), "only %d of %d events have an ActionGeo" % (located, len(rows)))
    print("%d of %d events located" % (located, len(rows)))
mrows = [l.rstrip("\n").split("\t") for l in open(tmp + "/mentions.tsv", encoding="utf-8")]
need(len(mrows) >= len(rows), "fewer mentions than events")
for n, r in enumerate(mrows, 1):
    if len(r) != 16:
        bad.append("mentions row %d: %d columns" % (n, len(r)))
        continue
    need(r[0] in ids, "mentions row %d: unknown event %s" % (n, r[0]))
    need(re.match(r"^[0-9]{14}$", r[1]) and re.match(r"^[0-9]{14}$", r[2]), "mentions row %d timestamps" % n)
    need(r[3] in ("1", "2"), "mentions row %d MentionType" % n)
    need(r[5] != "", "mentions row %d MentionIdentifier" % n)
    need(intre.match(r[6]) and int(r[6]) >= 1, "mentions row %d SentenceID" % n)
    need(r[10] in ("0", "1"), "mentions row %d InRawText" % n)
    need(intre.match(r[12]), "mentions row %d MentionDocLen" % n)
jl = [json.loads(l) for l in open(tmp + "/events.jsonl", encoding="utf-8")]
need(len(jl) == len(rows), "jsonl has %d events, gdelt %d" % (len(jl), len(rows)))
for o in jl:
    need(isinstance(o["event_id"], int) and o["sentence"] and o["code"], "jsonl event %s" % o.get("event_id"))
with open(tmp + "/events.csv", encoding="utf-8", newline="") as f:
    cr = list(csv.reader(f))
need(len(cr) == len(rows) + 1, "csv has %d rows for %d events" % (len(cr) - 1, len(rows)))
for n, r in enumerate(cr):
    need(len(r) == len(cr[0]), "csv row %d has %d fields, header %d" % (n, len(r), len(cr[0])))
y18 = [json.loads(l) for l in open(tmp + "/y2018.jsonl", encoding="utf-8")]
need(all("2018-01-01" <= o["date"] <= "2018-12-31" for o in y18), "--from/--to let other dates through")
need(len(y18) == sum(1 for o in jl if "2018-01-01" <= o["date"] <= "2018-12-31"), "--from/--to lost events")
docs = [d for l in open(tmp + "/stories.jsonl", encoding="utf-8") for d in json.loads(l)["documents"]]
need(len(docs) == len(set(docs)) == 250, "stories list %d documents (%d distinct), want 250" % (len(docs), len(set(docs))))
tsv = [l.rstrip("\n").split("\t") for l in open(tmp + "/stories.tsv", encoding="utf-8")][1:]
need(sorted(r[2] for r in tsv) == sorted(docs), "stories tsv and jsonl disagree")
print("checked %d events, %d mentions, %d jsonl, %d csv rows, %d stories" % (len(rows), len(mrows), len(jl), len(cr) - 1,
      sum(1 for _ in open(tmp + "/stories.jsonl"))))
for b in bad[:20]:
    print("FAILED:", b)
sys.exit(1 if bad else 0)
EOF
check "every exported row has GDELT's columns and formats" $?
exit $fail
