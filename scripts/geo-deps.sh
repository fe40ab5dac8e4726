#!/bin/sh
# Installs the npm packages the gazetteer and the dashboard's map are built from
# (data/geo/package.json, versions pinned by its package-lock.json) into
# data/geo/node_modules. Needs npm (Debian's, from deps.txt); without it the
# build goes on without a gazetteer and says so.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir="$here/data/geo"
if [ -f "$dir/node_modules/.package-lock.json" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.src" 2>/dev/null; then
    echo "deps: geo data packages present"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "deps: npm missing: no gazetteer (install npm, then run make deps again)"
    exit 0
fi
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "deps: npm ci in data/geo failed"; exit 1; }
cp "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.src"
echo "deps: geo data packages installed in data/geo/node_modules"
