#!/bin/sh
# prefix_symbols.sh — scripts/prefix-symbols.sh on a small tree built like tocsin's
# (src/STAGE/*.c into a library, src/cli the program): every global gets its stage's
# prefix where it is that symbol, and nothing else of the same name changes: struct
# members, a local and a parameter that shadow it, a string, another file's own
# static, prose that is no mention of the function. The renamed tree must build and
# run as before.
set -u
# make check runs this with BUILD (and make's own variables) in the environment: the
# small tree builds in its own build/
unset BUILD MAKEFLAGS MFLAGS MAKELEVEL
ROOT=${TOCSIN_ROOT:-$PWD}
tmp=${TMPDIR:-/tmp}/tocsin-prefix.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/scripts" "$tmp/src/util" "$tmp/src/coder" "$tmp/src/web" "$tmp/src/cli" "$tmp/tests/unit"
cp "$ROOT/scripts/prefix-symbols.sh" "$tmp/scripts/"
fail=0
check() { if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi; }
has() { grep -qF -- "$2" "$tmp/$1"; }

printf '%s\n' 'BUILD ?= build' \
  'LIB := $(filter-out src/cli/%,$(wildcard src/*/*.c))' \
  'OBJ := $(LIB:%.c=$(BUILD)/obj/%.o)' \
  'CFLAGS := -std=c11 -Wall -Wextra -Werror -Isrc' \
  'all: $(BUILD)/prog' \
  'lib: $(BUILD)/lib.a' \
  'tests:' \
  '$(BUILD)/obj/%.o: %.c' \
  '	@mkdir -p $(dir $@)' \
  '	$(CC) $(CFLAGS) -c $< -o $@' \
  '$(BUILD)/lib.a: $(OBJ)' \
  '	rm -f $@ && ar rcs $@ $^' \
  '$(BUILD)/prog: src/cli/main.c $(BUILD)/lib.a' \
  '	$(CC) $(CFLAGS) -o $@ src/cli/main.c $(BUILD)/lib.a' > "$tmp/Makefile"

cat > "$tmp/src/util/util.h" <<'C'
/* util.h — report() adds one; counter counts its calls (`counter`); util_ready is prefixed already. */
int report(int report_value);
int read_it(const char *report);
int twice(int x);
extern int counter;
int util_ready(void);
C
cat > "$tmp/src/util/util.c" <<'C'
#include "util/util.h"
int counter;
int report(int x) { counter++; return x + 1; }
int read_it(const char *report) { return report[0] == 'r'; }
int twice(int x) { return report(report(x)); }
int util_ready(void) { return 1; }
C
cat > "$tmp/src/coder/coder.c" <<'C'
/* coder.c — uses report() and read_it; a report in prose stays a report. */
#include <string.h>
#include "util/util.h"
typedef struct state { int report; int counter; } state;
int coder_run(void);
static int shadowed(void)
{
    int counter = 40;              /* a local: not the global */
    return counter + 2;
}
int coder_run(void)
{
    state s = { .report = 1, .counter = 2 };
    state *p = &s;
    const char *msg = "report(1) counter";
    int (*fn)(int) = report;
    return fn(p->report) + s.counter + read_it("r") + shadowed() + (int)strlen(msg) + counter + twice(1);
}
C
cat > "$tmp/src/web/web.c" <<'C'
/* web.c — has a static report of its own. */
int web_page(void);
static int report(void) { return 7; }
int web_page(void) { return report(); }
C
printf '%s\n' 'import sys' 'if sys.argv[1:] == ["report"]:' '    print("report")' > "$tmp/tests/tool.py"
cat > "$tmp/src/cli/main.c" <<'C'
#include <stdio.h>
#include "util/util.h"
int coder_run(void);
int web_page(void);
int main(void) { printf("%d %d %d\n", coder_run(), web_page(), util_ready()); return 0; }
C
(cd "$tmp" && make -s >/dev/null 2>&1 && build/prog > before.txt)
check "the small tree builds before renaming" $?

(cd "$tmp" && sh scripts/prefix-symbols.sh > rename.out 2> rename.err)
rc=$?
check "the script renames, rebuilds and verifies (exit $rc)" $rc
cat "$tmp/rename.out"
has rename.out "4 symbols renamed"; check "four symbols renamed (report, read_it, twice, counter)" $?
has src/util/util.c 'int util_report(int x) { util_counter++; return x + 1; }'; check "the definitions" $?
has src/util/util.c "int util_read_it(const char *report) { return report[0] == 'r'; }"; check "a parameter named like the function stays" $?
has src/util/util.c 'return util_report(util_report(x));'; check "nested calls" $?
has src/util/util.h 'int util_report(int report_value);'; check "the declaration" $?
has src/util/util.h 'extern int util_counter;'; check "the global variable" $?
has src/util/util.h 'util_report() adds one; counter counts its calls (`util_counter`)'; check "a comment: the function and the name quoted as code, not the word" $?
has src/coder/coder.c 'typedef struct state { int report; int counter; } state;'; check "struct members stay" $?
has src/coder/coder.c 'state s = { .report = 1, .counter = 2 };'; check "designated initialisers stay" $?
has src/coder/coder.c 'int counter = 40;'; check "a local that shadows the global stays" $?
has src/coder/coder.c 'return counter + 2;'; check "uses of the local stay" $?
has src/coder/coder.c '"report(1) counter"'; check "strings stay" $?
has src/coder/coder.c 'int (*fn)(int) = util_report;'; check "the function as a value" $?
has src/coder/coder.c 'fn(p->report) + s.counter + util_read_it("r")'; check "member accesses stay, calls are renamed" $?
has src/coder/coder.c '(int)strlen(msg) + util_counter + util_twice(1);'; check "the global in an expression" $?
has src/coder/coder.c 'uses util_report() and util_read_it; a report in prose'; check "prose keeps the word" $?
has src/web/web.c 'static int report(void) { return 7; }'; check "another file's own static stays" $?
has src/web/web.c 'return report(); }'; check "and its uses" $?
has src/util/util.c 'int util_ready(void)'; check "a prefixed name stays" $?
has tests/tool.py 'if sys.argv[1:] == ["report"]:'; check "Python files are not changed" $?
has rename.out 'tests/tool.py:2: "report"'; check "a Python string that is a name is listed" $?
(cd "$tmp" && build/prog > after.txt && cmp -s before.txt after.txt)
check "the renamed program prints the same ($(cat "$tmp/after.txt"))" $?
nm -g --defined-only "$tmp/build/prefix/lib.a" 2>/dev/null | grep -q " T util_report$"
check "nm: util_report is defined" $?
exit $fail
