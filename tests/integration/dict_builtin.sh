#!/bin/sh
# dict_builtin.sh — the built-in dictionaries (data/dict) load without a single malformed-line
# warning, and a set of representative sentences written for this test codes as a careful
# coder would: date-restricted roles (Biden elite before 2021-01-20, government after; the
# Taliban rebels in 2010, government in 2022), seats of power (Kremlin, White House), agents
# that compose with their country (Russian troops -> RUSMIL), and one key verb per CAMEO root
# family, plus sentences that must yield nothing (sport, markets). Why: the data files are
# edited by hand; a typo silently drops a record, and a misfiring pattern or actor shows up
# here before it shows up on real news.
TOCSIN=${TOCSIN:-build/tocsin}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1. loading reports nothing on stderr
"$TOCSIN" code --date 2022-01-01 /dev/null > "$tmp/empty.out" 2> "$tmp/load.err"
rc=$?
if [ $rc -ne 0 ]; then echo "FAILED: tocsin code on an empty input exited $rc"; fail=1; fi
if [ -s "$tmp/load.err" ]; then
    echo "FAILED: loading the built-in dictionaries printed warnings:"
    head -20 "$tmp/load.err"
    fail=1
fi

# 2. sentences: id, date, text, expected "SRC>TGT:CODE" triples (space separated) or "-"
cat > "$tmp/cases.tsv" <<'CASES'
biden-elite	2019-06-01	Joe Biden criticized China.	USAELI>CHN:111
biden-gov	2022-06-01	Joe Biden criticized China.	USAGOV>CHN:111
taliban-reb	2010-05-01	Taliban fighters attacked Afghan police.	AFGREB>AFGCOP:190
taliban-gov	2022-05-01	Taliban fighters arrested Afghan journalists.	AFGGOV>AFGMED:173
whitehouse	2022-03-01	The White House condemned Russia.	USAGOV>RUS:111
kremlin	2022-03-01	The Kremlin has rejected Ukraine's proposal.	RUSGOV>UKR:120
agents	2022-03-01	Russian troops attacked Ukrainian soldiers near Kharkiv.	RUSMIL>UKRMIL:190
statement	2022-03-01	China said the United States was to blame.	CHN>USA:010
appeal	2022-03-01	The UN Security Council urged Israel to allow humanitarian aid into Gaza.	IGOUNO>ISR:0233
press	2005-01-01	Tony Blair is pressing the US to cut greenhouse gases.	GBRGOV>USA:020
intent-meet	2022-03-01	Turkish President Recep Tayyip Erdogan will meet Vladimir Putin next week.	TURGOV>RUSGOV:036
intent-visit	2004-10-01	Afghan President Hamid Karzai is to visit Pakistan.	AFGGOV>PAK:036
consult	2022-03-01	Emmanuel Macron held talks with Olaf Scholz in Berlin on Monday.	FRAGOV>DEUGOV:040
phone	2022-03-01	Olaf Scholz spoke with Vladimir Putin by telephone on Friday.	DEUGOV>RUSGOV:041
visit	2022-03-01	Indian Prime Minister Narendra Modi visited Japan on Tuesday.	INDGOV>JPN:042
praise	2022-03-01	Volodymyr Zelensky praised Poland for its support.	UKRGOV>POL:051
aid	2022-03-01	Germany sent humanitarian aid to Ukraine.	DEU>UKR:073
yield	2022-03-01	Russia released two American prisoners.	RUS>USACVL:0841
demand	2022-03-01	NATO demanded the withdrawal of Russian troops from Ukraine.	IGOWSTNAT>RUSMIL:1056
disapprove	2005-01-01	French president Jacques Chirac called the British rebate unjustified.	FRAGOV>GBR:111
accuse	2022-03-01	Israel accused Hamas.	ISR>PSEREB:112
reject	2022-03-01	Iran rejected the European Union's proposal.	IRN>IGOEUREEC:120
threaten	2022-03-01	The United States threatened China with sanctions.	USA>CHN:1312
threaten-force	2018-01-20	Turkey warned the Syrian government that it risked a military confrontation.	TUR>SYRGOV:138
protest	2022-03-01	Iranian protesters demonstrated against the government.	IRNOPP>IRNGOV:1411
mobilize	2022-03-01	Russia massed troops along the border with Ukraine.	RUS>UKR:154
reduce	2022-03-01	Canada expelled three Russian diplomats.	CAN>RUSGOV:161
coerce	2022-03-01	Indian police arrested Pakistani nationals.	INDCOP>PAKCVL:173
assault	2022-03-01	Saudi aircraft bombed Houthi positions in Yemen.	SAUMIL>YEMREB:195
fight	2022-03-01	Israeli forces clashed with Hezbollah fighters.	ISRMIL>LBNREB:190
none-sport	2022-03-01	Manchester United beat Liverpool 2-1 at Old Trafford.	-
none-market	2022-03-01	The Swiss franc rose against the euro.	-
CASES
# JSON Lines input (the texts contain no quotes or backslashes)
awk -F'\t' '{ printf "{\"id\":\"%s\",\"date\":\"%s\",\"text\":\"%s\"}\n", $1, $2, $3 }' "$tmp/cases.tsv" > "$tmp/cases.jsonl"
if ! "$TOCSIN" code --format tsv "$tmp/cases.jsonl" > "$tmp/out.tsv" 2> "$tmp/code.err"; then
    echo "FAILED: tocsin code exited non-zero:"; head -5 "$tmp/code.err"; exit 1
fi
# got: id -> sorted unique "SRC>TGT:CODE" list
awk -F'\t' 'NR > 1 { print $1 "\t" $4 ">" $5 ":" $6 }' "$tmp/out.tsv" | sort -u > "$tmp/got.tsv"
n=0; bad=0
while IFS="$(printf '\t')" read -r id date text want; do
    n=$((n + 1))
    got=$(awk -F'\t' -v id="$id" '$1 == id { print $2 }' "$tmp/got.tsv" | sort | tr '\n' ' ' | sed 's/ $//')
    exp=$(printf '%s\n' $want | grep -v '^-$' | sort | tr '\n' ' ' | sed 's/ $//')
    if [ "$got" != "$exp" ]; then
        bad=$((bad + 1))
        echo "FAIL $id: $text"
        echo "    expected: ${exp:-(none)}"
        echo "    got     : ${got:-(none)}"
    fi
done < "$tmp/cases.tsv"
echo "dict_builtin: $((n - bad))/$n sentences coded as expected"
[ $bad -eq 0 ] || fail=1
if [ $fail -ne 0 ]; then echo "FAILED: built-in dictionary checks"; exit 1; fi
exit 0
