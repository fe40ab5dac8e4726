#!/bin/sh
# make install / make uninstall into a temporary prefix, and the installed tocsin used
# the way a user would: from a directory outside the checkout, with nothing pointing
# back at it. Checks:
#   - install puts the binary, libtocsin.a, libtocsin.so (soname, symlinks, only the
#     public API exported), tocsin.h, tocsin.pc, the dictionaries, the dashboard and
#     the man pages in place, touching nothing else in the prefix;
#   - no installed binary carries the checkout's path, and the installed program finds
#     its data next to itself (TOCSIN_DATA unset; --version names the prefix), codes
#     the seed exactly as the build-tree binary does, and serves the dashboard;
#   - examples/app.c builds against the installed files with pkg-config, shared and
#     static, and codes the seed the same way;
#   - progress appears under a pseudo-terminal and not in a pipe;
#   - --help, the man pages (rendered without warnings) and the README agree, and every
#     environment variable the sources read is documented;
#   - DESTDIR stages an install; make uninstall leaves no tocsin file behind.
set -u
root=${TOCSIN_ROOT:-$(pwd)}
BUILD=${BUILD:-build}
SHARED=${SHARED:-$root/../shared}
case $BUILD in /*) build=$BUILD ;; *) build=$root/$BUILD ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tocsin-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, status
    if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}
# The build being tested: a sanitizer build needs its flags on the example too.
san=0; sanflags=""
if grep -q fsanitize "$build/.flags" 2>/dev/null; then san=1; sanflags="-fsanitize=address,undefined"; fi
unset TOCSIN_DATA TOCSIN_WEB MAKEFLAGS MAKELEVEL
mk() { make --no-print-directory -C "$root" BUILD="$BUILD" SAN=$san "$@"; }

# 1. install, next to files of the user's that must survive it
prefix=$tmp/prefix
mkdir -p "$prefix/bin" "$prefix/share/man/man1" "$prefix/lib"
echo mine > "$prefix/bin/users-tool"; echo mine > "$prefix/share/man/man1/users-tool.1"
mk PREFIX="$prefix" install > "$tmp/install.log" 2>&1
check "make install PREFIX=$prefix (log: $(tail -n 3 "$tmp/install.log" | tr '\n' ' '))" $?
T=$prefix/bin/tocsin
ver=$(sed -n 's/^#define TOCSIN_VERSION "\(.*\)"/\1/p' "$root/include/tocsin.h")
for f in bin/tocsin lib/libtocsin.a "lib/libtocsin.so.$ver" include/tocsin.h lib/pkgconfig/tocsin.pc \
         share/tocsin/dict/cameo.tsv share/tocsin/dict/countries.actors share/tocsin/web/index.html \
         share/man/man1/tocsin.1; do
    [ -f "$prefix/$f" ]; check "installed $f" $?
done
[ "$(readlink "$prefix/lib/libtocsin.so")" = libtocsin.so.0 ] && [ "$(readlink "$prefix/lib/libtocsin.so.0")" = "libtocsin.so.$ver" ]
check "libtocsin.so -> libtocsin.so.0 -> libtocsin.so.$ver" $?
readelf -d "$prefix/lib/libtocsin.so.$ver" | grep -q 'SONAME.*\[libtocsin.so.0\]'; check "soname libtocsin.so.0" $?
nm -D --defined-only "$prefix/lib/libtocsin.so.$ver" | awk '{print $3}' | sort > "$tmp/exported"
grep -o 'TOCSIN_API [^(]*(' "$root/include/tocsin.h" | sed 's/.*[ *]\(tocsin_[a-z_]*\)($/\1/' | grep '^tocsin_' | sort > "$tmp/public"
cmp -s "$tmp/exported" "$tmp/public"
check "libtocsin.so exports exactly the $(wc -l < "$tmp/public") TOCSIN_API functions of tocsin.h ($(wc -l < "$tmp/exported") exported)" $?
for c in $("$T" --commands); do
    [ -f "$prefix/share/man/man1/tocsin-$c.1" ]; check "man page tocsin-$c.1 installed" $?
done
[ -f "$prefix/bin/users-tool" ] && [ -f "$prefix/share/man/man1/users-tool.1" ]; check "install left the user's files alone" $?

# 2. nothing points back at the checkout
for f in "$T" "$prefix/lib/libtocsin.so.$ver" "$prefix/lib/libtocsin.a"; do
    ! strings "$f" | grep -qF "$root"; check "no checkout path ($root) in $(basename "$f")" $?
done
mkdir -p "$tmp/elsewhere" && cd "$tmp/elsewhere" || exit 1
"$T" --version > version.txt 2>&1
grep -qF "$prefix/share/tocsin/dict" version.txt && ! grep -qF "$root" version.txt
check "--version names the installed dictionaries, not the checkout: $(tail -n 1 version.txt)" $?

# 3. the seed, coded by the installed binary from outside the checkout
if [ -f "$SHARED/seed/article.txt" ]; then
    cp "$SHARED/seed/article.txt" seed.txt
    set -- code --date 2022-01-02 --id seed --format tsv seed.txt
else
    echo "note: $SHARED/seed/article.txt absent; coding data/samples/escalation.jsonl instead"
    cp "$root/data/samples/escalation.jsonl" seed.jsonl
    set -- code --format tsv seed.jsonl
fi
"$T" "$@" > installed.tsv 2> installed.err
check "installed tocsin codes the seed (exit $?)" $?
"$build/tocsin" "$@" > build.tsv 2>/dev/null
[ "$(wc -l < installed.tsv)" -ge 10 ]; check "the seed gives events ($(($(wc -l < installed.tsv) - 1)))" $?
cmp -s installed.tsv build.tsv; check "installed and build-tree binaries give the same events" $?

# 4. the dashboard is served from share/tocsin/web
"$T" ingest --db store.db --quiet "$root/data/samples/escalation.jsonl" > /dev/null 2>&1
"$T" serve --db store.db --port 0 > serve.out 2> serve.err &
spid=$!
i=0; while [ $i -lt 100 ] && ! grep -q http serve.out; do sleep 0.1; i=$((i + 1)); done
url=$(grep -o 'http://[^ ]*' serve.out)
/usr/bin/python3 -c 'import sys, urllib.request; sys.exit(0 if b"<html" in urllib.request.urlopen(sys.argv[1], timeout=20).read().lower() else 1)' "$url" 2>/dev/null
check "installed serve finds its dashboard ($url)" $?
kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null

# 5. the example, built with pkg-config against the installed files only
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cp "$root/examples/app.c" app.c
pc_cflags=$(pkg-config --cflags tocsin) && pc_libs=$(pkg-config --libs tocsin)
check "pkg-config --cflags --libs tocsin: $pc_cflags $pc_libs" $?
cc -std=c11 -Wall -Wextra -Werror $sanflags app.c $pc_cflags $pc_libs -o app-shared 2> cc.err
check "examples/app.c builds against libtocsin.so ($(head -c 300 cc.err))" $?
static_libs=$(pkg-config --static --libs tocsin | tr ' ' '\n' | grep -v '^-ltocsin$' | tr '\n' ' ')
cc -std=c11 -Wall -Wextra -Werror $sanflags app.c $pc_cflags "$prefix/lib/libtocsin.a" $static_libs -o app-static 2> cc.err
check "examples/app.c builds against libtocsin.a ($(head -c 300 cc.err))" $?
readelf -d app-shared | grep -q 'NEEDED.*libtocsin.so.0'; check "app-shared needs libtocsin.so.0" $?
! readelf -d app-static | grep -q 'libtocsin'; check "app-static does not" $?
printf 'Russia attacked Ukraine. Germany praised France.\n' > two.txt
[ -f seed.txt ] && cp seed.txt two.txt
LD_LIBRARY_PATH="$prefix/lib" ./app-shared 2022-01-02 < two.txt > app-shared.out 2> app.err
check "app-shared runs ($(cat app.err))" $?
# libtocsin.a is inside app-static, which lives nowhere near share/tocsin: it is told
TOCSIN_DATA="$prefix/share/tocsin" ./app-static 2022-01-02 < two.txt > app-static.out 2>> app.err
check "app-static runs (TOCSIN_DATA=$prefix/share/tocsin)" $?
"$T" code --date 2022-01-02 --format tsv two.txt 2>/dev/null | awk -F'\t' 'NR > 1 {print $2 "\t" $3 "\t" $4 "\t" $6 "\t" $5}' > cli.out
cut -f1-5 app-shared.out > app.cut
[ -s app.cut ] && cmp -s app.cut cli.out; check "the example's events equal tocsin code's ($(wc -l < app.cut) events)" $?
cmp -s app-shared.out app-static.out; check "shared and static example agree" $?

# 6. progress: under a pseudo-terminal, not in a pipe
i=0; while [ $i -lt 400 ]; do sed "s/\"id\":\"/\"id\":\"r$i-/" "$root/data/samples/escalation.jsonl"; i=$((i + 1)); done > big.jsonl
script -qec "'$T' code big.jsonl > /dev/null" /dev/null > pty.out 2>&1
tr '\r' '\n' < pty.out | sed 's/\x1b\[K//g' > pty.txt
grep -q 'docs/s' pty.txt && grep -q 'B/[0-9.]* [kMG]B ' pty.txt; check "progress line under a terminal ($(grep 'docs/s' pty.txt | head -n 1 | tr -d '\033'))" $?
grep -q '^tocsin code: 22,400 documents (0 failed)' pty.txt; check "closing summary under a terminal ($(grep '^tocsin code:' pty.txt))" $?
"$T" code big.jsonl > /dev/null 2> pipe.err
[ ! -s pipe.err ]; check "nothing on standard error in a pipe" $?
"$T" code --progress big.jsonl > /dev/null 2> forced.err
sed 's/\x1b\[K//g' forced.err | tr '\r' '\n' | grep -q '^tocsin code: 22,400 documents' ; check "--progress forces it in a pipe" $?
script -qec "'$T' code --quiet big.jsonl > /dev/null" /dev/null > quiet.out 2>&1
[ ! -s quiet.out ]; check "--quiet silences it on a terminal" $?

# 7. --help, man pages and README agree; environment documented
for page in "$prefix"/share/man/man1/tocsin*.1; do
    groff -ww -man -z "$page" > groff.err 2>&1 && [ ! -s groff.err ]
    check "$(basename "$page") renders without groff warnings $(head -c 200 groff.err)" $?
    MANWIDTH=80 man -l "$page" > man.txt 2> man.err && [ ! -s man.err ] && [ -s man.txt ]
    check "man -l $(basename "$page")" $?
done
for c in $("$T" --commands); do
    "$T" "$c" --help | grep -o '^  -[-a-z0-9+]*' | sed 's/^ *//' | sort -u > help.opts
    sed -n 's/^\\fB\(\\-[^\\]*\(\\-[^\\]*\)*\)\\fR.*/\1/p; s/^\.B \(\\-.*\)/\1/p' "$prefix/share/man/man1/tocsin-$c.1" |
        sed 's/\\-/-/g; s/, .*//' | sort -u > man.opts
    cmp -s help.opts man.opts; check "tocsin $c: --help and man page list the same $(wc -l < help.opts) options" $?
    grep -o "tocsin $c [^|#]*" "$root/README.md" | grep -o -- '--[a-z][-a-z0-9+]*' | sort -u > readme.opts
    missing=$(comm -23 readme.opts help.opts | tr '\n' ' ')
    [ -z "$missing" ]; check "tocsin $c: every option the README shows is in its table ${missing:+(missing: $missing)}" $?
    grep -qF "tocsin\\-$c" "$prefix/share/man/man1/tocsin.1"; check "tocsin(1) lists tocsin-$c" $?
done
for v in $(grep -rhoE 'getenv\("[A-Z_]+"\)' "$root/src" | sed 's/getenv("\(.*\)")/\1/' | sort -u); do
    "$T" --help | grep -q "^  $v " && grep -q "$v" "$prefix/share/man/man1/tocsin.1" && grep -q "\`$v\`" "$root/README.md"
    check "environment variable $v documented in --help, tocsin(1) and the README" $?
done

# 8. DESTDIR stages a packager's install under the final prefix
mk DESTDIR="$tmp/stage" PREFIX=/usr install > "$tmp/stage.log" 2>&1
[ -x "$tmp/stage/usr/bin/tocsin" ] && grep -q '^prefix=/usr$' "$tmp/stage/usr/lib/pkgconfig/tocsin.pc"
check "DESTDIR=$tmp/stage PREFIX=/usr install" $?
TOCSIN_DATA= "$tmp/stage/usr/bin/tocsin" --version 2>&1 | grep -qF "$tmp/stage/usr/share/tocsin/dict"
check "a staged binary finds its data relative to itself" $?

# 9. uninstall leaves nothing of tocsin and everything of the user's
mk PREFIX="$prefix" uninstall > "$tmp/uninstall.log" 2>&1
check "make uninstall" $?
left=$(cd "$prefix" && find . \( -type f -o -type l \) | grep -i tocsin | tr '\n' ' ')
[ -z "$left" ]; check "no tocsin file left in the prefix ${left:+($left)}" $?
[ -f "$prefix/bin/users-tool" ] && [ -f "$prefix/share/man/man1/users-tool.1" ]; check "uninstall left the user's files alone" $?
exit $fail
