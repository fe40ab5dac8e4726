#!/bin/sh
# The Debian packages: builds them from a copy of the sources with
# `dpkg-buildpackage -us -uc -b`, runs lintian (no error or warning allowed), unpacks
# tocsin, tocsin-data, tocsin-gazetteer, libtocsin0 and libtocsin-dev into a temporary
# root (dpkg -x: the system is not touched) and uses them there: the packaged binary
# codes the seed exactly as the build tree's does, locations included (the packaged
# gazetteer), resolves places with it, and examples/app.c builds with pkg-config
# against the packaged header and library and codes it too. The gazetteer's data
# (data/geo/node_modules, `make deps`) goes into the source copy as
# debian/README.source says; without it the test skips.
# Building takes about 3 minutes on 2 busy cores, so it runs only when asked:
#   TOCSIN_TEST_DEB=1 sh tests/integration/deb.sh
set -u
root=${TOCSIN_ROOT:-$(pwd)}
BUILD=${BUILD:-build}
SHARED=${SHARED:-$root/../shared}
case $BUILD in /*) build=$BUILD ;; *) build=$root/$BUILD ;; esac
if [ "${TOCSIN_TEST_DEB:-0}" != 1 ]; then
    echo "skipped: building the .deb takes minutes; set TOCSIN_TEST_DEB=1 to run it"
    exit 77
fi
for t in dpkg-buildpackage dh fakeroot; do
    command -v $t > /dev/null || { echo "skipped: $t missing (apt-get install dpkg-dev debhelper fakeroot lintian)"; exit 77; }
done
[ -d "$root/data/geo/node_modules" ] || { echo "skipped: no data/geo/node_modules for the gazetteer (run make deps)"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tocsin-deb.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
unset TOCSIN_DATA TOCSIN_WEB TOCSIN_GEO MAKEFLAGS MAKELEVEL

# 1. build from a copy (dpkg-buildpackage writes into the parent directory)
ver=$(sed -n '1s/^tocsin (\([^)]*\)).*/\1/p' "$root/debian/changelog")
src=$tmp/tocsin-$ver
mkdir -p "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$src/") ||
    (cd "$root" && tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$src")
[ -d "$src/data/geo/node_modules" ] || cp -a "$root/data/geo/node_modules" "$src/data/geo/"
start=$(date +%s)
(cd "$src" && DEB_BUILD_OPTIONS="parallel=2" dpkg-buildpackage -us -uc -b) > "$tmp/build.log" 2>&1
check "dpkg-buildpackage -us -uc -b ($(($(date +%s) - start)) s; log tail: $(tail -n 2 "$tmp/build.log" | tr '\n' ' '))" $?
arch=$(dpkg --print-architecture)
pkgs="tocsin_${ver}_$arch tocsin-data_${ver}_all tocsin-gazetteer_${ver}_$arch libtocsin0_${ver}_$arch libtocsin-dev_${ver}_$arch"
for p in $pkgs; do
    [ -f "$tmp/$p.deb" ]; check "built $p.deb" $?
done
dpkg -c "$tmp/tocsin-gazetteer_${ver}_$arch.deb" | grep 'usr/share/tocsin/geo/gazetteer.idx$' > /dev/null
check "tocsin-gazetteer ships usr/share/tocsin/geo/gazetteer.idx" $?
dpkg -c "$tmp/tocsin-data_${ver}_all.deb" | grep 'usr/share/tocsin/geo/README.md$' > /dev/null
check "tocsin-data ships the gazetteer's attribution (geo/README.md) and the map" $?
if command -v lintian > /dev/null; then
    lintian "$tmp/tocsin_${ver}_$arch.changes" > "$tmp/lintian.txt" 2>&1
    ! grep -E '^(E|W):' "$tmp/lintian.txt"; check "lintian: no error or warning" $?
else
    echo "note: lintian not installed; not run"
fi

# 2. unpack and use
r=$tmp/root
for p in $pkgs; do
    dpkg -x "$tmp/$p.deb" "$r"
done
T=$r/usr/bin/tocsin
mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere" || exit 1
"$T" --version | grep -qF "$r/usr/share/tocsin/dict"; check "packaged tocsin finds /usr/share/tocsin next to itself" $?
if [ -f "$SHARED/seed/article.txt" ]; then
    cp "$SHARED/seed/article.txt" seed.txt; set -- code --date 2022-01-02 --id seed --format tsv seed.txt
else
    cp "$root/data/samples/escalation.jsonl" seed.jsonl; set -- code --format tsv seed.jsonl
fi
"$T" "$@" > deb.tsv 2> deb.err; check "packaged tocsin codes the seed ($(head -c 200 deb.err))" $?
"$build/tocsin" "$@" > build.tsv 2> /dev/null
[ "$(wc -l < deb.tsv)" -ge 10 ] && cmp -s deb.tsv build.tsv
check "the same $(($(wc -l < deb.tsv) - 1)) events as the build tree's binary" $?
if [ -f seed.txt ]; then set -- code --date 2022-01-02 --id seed seed.txt; else set -- code seed.jsonl; fi
"$T" "$@" > deb.jsonl 2> /dev/null
"$build/tocsin" "$@" > build.jsonl 2> /dev/null
grep -q '"location":{' deb.jsonl && cmp -s deb.jsonl build.jsonl
check "with the same locations ($(grep -c '"location":{' deb.jsonl) events located by the packaged gazetteer)" $?
printf 'Russian forces shelled positions near Donetsk. Talks were held in Geneva.\n' > places.txt
"$T" places --format tsv places.txt > places.tsv 2> places.err
grep -q 'Donetsk.*UA' places.tsv && grep -q 'Geneva.*CH' places.tsv
check "packaged tocsin places resolves Donetsk and Geneva ($(head -c 200 places.err))" $?
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
cp "$root/examples/app.c" .
PKG_CONFIG_PATH=$r/usr/lib/$multiarch/pkgconfig PKG_CONFIG_SYSROOT_DIR=$r \
    sh -c 'cc -std=c11 -Wall -Wextra -Werror app.c $(pkg-config --cflags --libs tocsin) -o app' 2> cc.err
check "examples/app.c builds against libtocsin-dev ($(head -c 300 cc.err))" $?
[ -f seed.txt ] || printf 'Russia attacked Ukraine.\n' > seed.txt
LD_LIBRARY_PATH=$r/usr/lib/$multiarch ./app 2022-01-02 < seed.txt > app.out 2> app.err
check "it runs on libtocsin0, which finds /usr/share/tocsin from the library's place ($(cat app.err))" $?
[ -s app.out ]; check "and codes events ($(wc -l < app.out))" $?
exit $fail
