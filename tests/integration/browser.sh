#!/bin/sh
# browser.sh — runs the dashboard's browser test (tests/browser/dashboard.test.js):
# headless Debian Chromium driven by playwright-core loads the dashboard served by
# $TOCSIN, picks a dyad, checks the timeline and the alert, opens an event and finds
# its sentence and copies, and saves a screenshot in $BUILD (with UPDATE_SCREENSHOT=1,
# the README's docs/dashboard.png).
# The store is the shipped sample (data/samples/escalation.jsonl) coded and ingested
# by this very binary when that raises an alert; otherwise the fixture store of
# tests/browser/fixture_store.py, so the page is tested even before the coder is.
# Skips (77) without /usr/bin/chromium or node; installs playwright-core with npm
# into tests/browser/node_modules when it is missing.
set -u
B="$TOCSIN_ROOT/tests/browser"
[ -x /usr/bin/chromium ] || { echo "no /usr/bin/chromium (apt-get install chromium, or make deps)"; exit 77; }
command -v node >/dev/null 2>&1 || { echo "no node (apt-get install nodejs, or make deps)"; exit 77; }
if [ ! -d "$B/node_modules/playwright-core" ]; then
    command -v npm >/dev/null 2>&1 || { echo "playwright-core missing and no npm to install it"; exit 77; }
    (cd "$B" && npm install --no-audit --no-fund --loglevel=error) || { echo "FAIL: npm install playwright-core"; exit 1; }
fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
store=""
if "$TOCSIN" ingest --db "$T/sample.db" "$TOCSIN_ROOT/data/samples/escalation.jsonl" > "$T/ingest.out" 2>&1 &&
   "$TOCSIN" watch --db "$T/sample.db" --format json > "$T/alerts.json" 2>/dev/null &&
   python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["alerts"] else 1)' "$T/alerts.json" 2>/dev/null; then
    store="$T/sample.db"
    echo "store: the shipped sample, ingested by $TOCSIN"
else
    echo "store: test fixture (the sample could not be ingested or raised no alert: $(tail -n 1 "$T/ingest.out"))"
    python3 "$B/fixture_store.py" "$T/fixture.db" || { echo "FAIL: fixture store"; exit 1; }
    store="$T/fixture.db"
fi
# The screenshot goes to the build dir; to docs/ (the README's picture) only when asked
# and only from the shipped sample, so that running the tests leaves the tree as it was.
mkdir -p "$TOCSIN_ROOT/${BUILD:-build}"
shot="$TOCSIN_ROOT/${BUILD:-build}/dashboard.png"
[ "${UPDATE_SCREENSHOT:-0}" = 1 ] && [ "$store" = "$T/sample.db" ] && shot="$TOCSIN_ROOT/docs/dashboard.png"
timeout 180 node "$B/dashboard.test.js" "$TOCSIN" "$store" "$shot"
st=$?
[ $st -eq 0 ] && echo "browser test passed; screenshot $shot"
exit $st
