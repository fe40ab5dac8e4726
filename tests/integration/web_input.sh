#!/bin/sh
# HTML pages and WARC archives go through extraction before coding: the article is
# coded with the page's own publication date, and nothing from the navigation, the
# comments or the "related stories" around it.
set -u
tmp=${TMPDIR:-/tmp}/tocsin-web.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi; }

cat > "$tmp/page.html" <<'HTML'
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Russia accuses Ukraine over border clash | Example News</title>
<meta property="article:published_time" content="2022-01-02T09:30:00Z">
<link rel="canonical" href="https://news.example/world/2022/01/02/border-clash"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Russia accuses Ukraine over border clash</h1>
<p class="byline">By A. Reporter</p>
<p>Russia accused Ukraine on Sunday of shelling a village near the border, the Russian
foreign ministry said in a statement released in Moscow.</p>
<p>Ukraine denied the accusation and said its forces had not fired across the border.
Officials in Kyiv said they were ready to hold talks with observers from the OSCE.</p>
<p>The incident comes amid weeks of tension along the frontier, where both sides have
reinforced their positions since the autumn.</p></article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">France condemned Iran over the embassy attack</a></li>
<li><a href="/b">China warned Japan about the islands</a></li></ul></aside>
<section id="comments"><h3>Leave a Reply</h3><p>Germany attacked Poland, says a commenter.</p>
<form><textarea></textarea></form></section>
<footer>Copyright 2022 Example News. All rights reserved.</footer></body></html>
HTML
"$TOCSIN" code "$tmp/page.html" > "$tmp/out.jsonl" 2> "$tmp/err"
st=$?
cat "$tmp/err"
check "HTML page coded (exit $st)" "$([ $st -eq 0 ]; echo $?)"
grep -q '"code":"RUS' "$tmp/out.jsonl" && grep -q '"date":"2022-01-02"' "$tmp/out.jsonl"
check "Russia's accusation coded with the page's publication date" $?
! grep -qiE 'France|China|Germany|commenter' "$tmp/out.jsonl"
check "nothing coded from related stories or comments" $?
"$TOCSIN" extract --format json "$tmp/page.html" > "$tmp/meta.json"
python3 - "$tmp/meta.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
ok = m["date"] == "2022-01-02" and "border clash" in m["title"] and "Example News" not in m["title"] \
    and m["url"].endswith("border-clash") and "Related stories" not in m["text"] and "Leave a Reply" not in m["text"]
print("extract metadata:", m["title"], m["date"], m["url"])
sys.exit(0 if ok else 1)
PY
check "extract finds title, date, canonical URL and drops boilerplate" $?

# The same page as a WARC response record, next to a request and a non-HTML response.
python3 - "$tmp/page.html" "$tmp/crawl.warc.gz" <<'PY'
import gzip, sys
page = open(sys.argv[1], "rb").read()
def record(rtype, uri, block, ctype):
    head = ("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2022-01-03T00:00:00Z\r\n"
            "WARC-Record-ID: <urn:uuid:%s>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"
            % (rtype, uri, abs(hash((rtype, uri))), ctype, len(block))).encode()
    return gzip.compress(head + block + b"\r\n\r\n")
def http(body, ctype):
    return b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
uri = "https://news.example/world/2022/01/02/border-clash"
out = record("request", uri, b"GET /world HTTP/1.1\r\nHost: news.example\r\n\r\n", "application/http; msgtype=request")
out += record("response", uri, http(page, b"text/html; charset=utf-8"), "application/http; msgtype=response")
out += record("response", "https://news.example/logo.png", http(b"\x89PNG\r\n\x1a\nxxxx", b"image/png"), "application/http; msgtype=response")
open(sys.argv[2], "wb").write(out)
PY
"$TOCSIN" code "$tmp/crawl.warc.gz" > "$tmp/warc.jsonl" 2> "$tmp/werr"
st=$?
cat "$tmp/werr"
check "WARC coded (exit $st)" "$([ $st -eq 0 ]; echo $?)"
grep -q '"doc_id":"https://news.example/world/2022/01/02/border-clash"' "$tmp/warc.jsonl"
check "WARC response record coded, named by its target URI" $?
grep -q "crawl.warc.gz: 2 records are not HTML pages" "$tmp/werr"
check "WARC request and image records reported as passed over" $?
exit $fail
