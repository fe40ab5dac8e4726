#!/bin/sh
# scripts/prefix-symbols.sh — gives every global symbol of the library its stage's
# prefix (issue 11): `read_file` in src/util becomes `util_read_file`, `tokenize` in
# src/text `text_tokenize`, `code_sentence` in src/coder `coder_code_sentence`.
#
# Why a script and not a commit: helpers add code in parallel; the rename is run
# once, by the lead, on the merged tree, and then committed. It works on whatever
# tree it runs in:
#   1. builds the library (make lib, in $PREFIX_BUILD, default build/prefix) and lists
#      each object's defined global symbols (nm); the stage is the object's source
#      folder src/STAGE/ and its prefix "STAGE_" (src/util -> util_, src/web -> web_,
#      ...; src/cli is the program, not the library). Untouched: the public API
#      (tocsin_*), names that already start with their stage's prefix, C++ mangled
#      names, and the EXCEPTIONS below;
#   2. renames each remaining symbol S to STAGE_S at identifier boundaries in the
#      C/C++ sources of src/ include/ tests/ bench/ examples/ python/, skipping what
#      is not that symbol: struct/union members (declarations, `.S`, `->S`,
#      designated initialisers), struct/union/enum tags, locals and parameters that
#      shadow it (to the end of their function), a file's own static or typedef of
#      the same name, string and character literals, #include lines. In comments and
#      Markdown files S is renamed where it names the function: followed by '(',
#      quoted as code (`tokenize`), or written with an underscore or digit
#      (read_file), never as a file name (tokenize.c). Python files are not changed
#      (the binding calls only tocsin_* names): a string literal that is exactly S
#      is listed for a person to look at. A new name that already exists is a
#      collision: that symbol is left alone and reported;
#   3. rebuilds the library, the program and the unit tests with -Werror, checks with
#      nm that no unprefixed global is left, and prints the mapping (stage, old, new,
#      occurrences renamed) and the time taken.
#
#   sh scripts/prefix-symbols.sh        rename in place, rebuild, verify
#   sh scripts/prefix-symbols.sh -n     print the mapping only; change nothing
#
# When: once, after all branches are merged; then `make check`, `scripts/ab.sh` (the
# output must be byte-identical: a rename changes no behaviour) and commit. Other
# mentions of old names outside those folders (README.md, docs/) are listed at the
# end for a person to look at; they are not changed.
# Exit status: 0 renamed (or -n) and verified; 1 the renamed tree does not build or
# an unprefixed global is left; 2 usage error or the first build failed.
set -u
cd "$(dirname "$0")/.." || exit 2
DRY=0
case ${1:-} in
-n) DRY=1 ;;
'') ;;
*) echo "usage: sh scripts/prefix-symbols.sh [-n]" >&2; exit 2 ;;
esac
BUILD=${PREFIX_BUILD:-build/prefix}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
start=$(date +%s)
mkdir -p "$BUILD"
echo "prefix-symbols: building the library in $BUILD" >&2
if ! make -j2 --no-print-directory BUILD="$BUILD" lib > "$BUILD.log" 2>&1; then
    tail -n 30 "$BUILD.log" >&2
    echo "prefix-symbols: the library does not build (log: $BUILD.log)" >&2
    exit 2
fi
PROG=$(mktemp) || exit 2
trap 'rm -f "$PROG"' EXIT
cat > "$PROG" <<'PY'
import os, re, subprocess, sys

BUILD, DRY, MODE = sys.argv[1], sys.argv[2] == "1", sys.argv[3]

# Justified exceptions: global symbols that keep their name (NAME: reason).
EXCEPTIONS = {
}

DIRS = ["src", "include", "tests", "bench", "examples", "python"]
C_EXT = (".c", ".h", ".cc", ".cpp", ".hh", ".hpp", ".inc")


def symbols():
    """(stage, symbol, object) for every defined global of the library's objects."""
    out = []
    root = os.path.join(BUILD, "obj", "src")
    for stage in sorted(os.listdir(root)):
        if stage == "cli":
            continue
        for dirpath, _, files in os.walk(os.path.join(root, stage)):
            for f in sorted(files):
                if not f.endswith(".o"):
                    continue
                obj = os.path.join(dirpath, f)
                src = os.path.relpath(obj, os.path.join(BUILD, "obj"))[:-2]
                if not any(os.path.exists(src + ext) for ext in (".c", ".cc", ".cpp")):
                    continue      # the object of a source that is gone
                nm = subprocess.run(["nm", "-g", "--defined-only", obj], capture_output=True, text=True, check=True)
                for line in nm.stdout.splitlines():
                    parts = line.split()
                    if len(parts) == 3:
                        out.append((stage, parts[2], obj))
    return out


def wanted(stage, sym):
    """The new name of sym, or None when it keeps its name."""
    if sym.startswith("tocsin_") or sym.startswith(stage + "_") or sym.startswith("_Z"):
        return None
    if sym in EXCEPTIONS:
        return None
    return stage + "_" + sym


def unprefixed():
    seen, left = set(), []
    for stage, sym, obj in symbols():
        if sym in seen:
            continue
        seen.add(sym)
        if wanted(stage, sym):
            left.append((stage, sym, obj))
    return left


if MODE == "verify":
    left = unprefixed()
    for stage, sym, obj in left:
        print("prefix-symbols: still unprefixed: %s (%s)" % (sym, obj), file=sys.stderr)
    sys.exit(1 if left else 0)

# ---- the C lexer: identifiers, punctuation, literals and comments with their spans ----

TOKEN = re.compile(r"""
    (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?)
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[eEpP][+-]|[\w.])*)
  | (?P<punct>->|\S)
""", re.S | re.X)
DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*(include|pragma|error|warning|line)\b(?:[^\n]*\\\n)*[^\n]*", re.M)


def lex(src):
    """[(kind, text, start, end)] of src; #include-like lines are left out."""
    skip = [(m.start(), m.end()) for m in DIRECTIVE.finditer(src)]
    toks, k, pos = [], 0, 0
    while True:
        while k < len(skip) and skip[k][1] <= pos:
            k += 1
        m = TOKEN.search(src, pos)
        if not m:
            break
        if k < len(skip) and skip[k][0] <= m.start() < skip[k][1]:
            pos = skip[k][1]
            continue
        toks.append((m.lastgroup, m.group(), m.start(), m.end()))
        pos = m.end()
    return toks


NOT_TYPE = {"return", "case", "sizeof", "else", "do", "goto", "if", "while", "for", "switch", "default",
            "break", "continue", "_Alignof", "alignof", "typeof", "__typeof__"}
TAG = {"struct", "union", "enum"}


def is_decl(code, i):
    """Does identifier code[i] stand where a declaration puts its name ("int S =", "char *S)")?"""
    if i == 0 or i + 1 >= len(code):
        return False
    p, q = code[i - 1], code[i + 1]
    if q[1] not in ("=", ";", ",", ")", "[", ":"):
        return False
    if p[0] == "id" and p[1] not in NOT_TYPE:
        return True
    if p[1] == "*" and i >= 2:
        pp = code[i - 2]
        return (pp[0] == "id" and pp[1] not in NOT_TYPE) or pp[1] == "*"
    return False


def analyse(code, names):
    """Indexes (into code) of the identifiers to rename, and the names this file
    defines for itself (static or typedef at file scope)."""
    # pass 1: file-local definitions
    local = set()
    depth = paren = 0
    stmt_static = False
    for i, (kind, text, _, _) in enumerate(code):
        if text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                stmt_static = False
        elif text == "(":
            paren += 1
        elif text == ")":
            paren -= 1
        elif text == ";" and depth == 0:
            stmt_static = False
        elif kind == "id" and depth == 0:
            if text in ("static", "typedef"):
                stmt_static = True
            elif stmt_static and paren == 0 and text in names and \
                    (is_decl(code, i) or (i + 1 < len(code) and code[i + 1][1] == "(")):
                local.add(text)
    # pass 2: scopes
    rename = []
    stack = []            # brace kinds: struct, func, init, block
    stmt = 0              # index where the current statement starts
    paren = 0
    params, shadow = set(), set()
    for i, (kind, text, _, _) in enumerate(code):
        if text == "{":
            words = [t[1] for t in code[stmt:i]]
            top = all(k == "extern" for k in stack)
            if words == ["extern", '"C"']:
                k = "extern"          # C++ extern "C" { ... }: still file scope
            elif any(w in TAG for w in words) and "(" not in words and "=" not in words:
                k = "struct"
            elif "=" in words or (stack and stack[-1] == "init"):
                k = "init"
            elif top and "(" in words:
                k = "func"
                shadow = set(params)
            else:
                k = "block"
            stack.append(k)
            params = set()
            stmt = i + 1
            continue
        if text == "}":
            if stack and stack.pop() == "func":
                shadow = set()
            stmt = i + 1
            continue
        if text == ";":
            stmt = i + 1
            if all(k == "extern" for k in stack):
                params = set()
            continue
        if text == "(":
            paren += 1
        elif text == ")":
            paren = max(0, paren - 1)
        if kind != "id" or text not in names or text in local:
            continue
        prev = code[i - 1][1] if i else ""
        if prev in (".", "->") or prev in TAG:
            continue
        if "struct" in stack:
            continue
        in_func = "func" in stack
        if in_func and text in shadow:
            continue
        if is_decl(code, i):
            if all(k == "extern" for k in stack) and paren > 0:
                params.add(text)      # a parameter's name (it shadows S in the body)
                continue
            if in_func:
                shadow.add(text)      # a local: S means it to the end of the function
                continue
        rename.append(i)
    return rename, local


def prose_pattern(names):
    """Mentions of a name in comments and Markdown that name the function."""
    alt = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(r"(?<![\w.])(?<!->)(?<!struct )(" + alt + r")(?!\w|\.\w|-\w)")


def names_function(name, text, start, end):
    """Followed by '(', quoted as code (`name`), or no English word (an underscore or digit)."""
    if end < len(text) and text[end] == "(":
        return True
    if start > 0 and text[start - 1] == "`" and end < len(text) and text[end] == "`":
        return True
    return re.search(r"[_\d]", name) is not None


def rename_prose(text, pat, mapping, counts, skip=()):
    def sub(m):
        n = m.group(1)
        if n in skip or not names_function(n, m.string, m.start(), m.end()):
            return n
        counts[n] = counts.get(n, 0) + 1
        return mapping[n]
    return pat.sub(sub, text)


def source_files():
    for d in DIRS:
        for dirpath, dirnames, files in os.walk(d):
            dirnames[:] = sorted(x for x in dirnames if not x.startswith(".") and x not in ("node_modules", "__pycache__"))
            for f in sorted(files):
                yield os.path.join(dirpath, f)


# ---- the mapping ----

mapping, stage_of = {}, {}
for stage, sym, obj in symbols():
    new = wanted(stage, sym)
    if new and sym not in mapping:
        mapping[sym] = new
        stage_of[sym] = stage
files = list(source_files())
c_files = [f for f in files if f.endswith(C_EXT)]
texts = {f: open(f, encoding="utf-8", errors="surrogateescape").read() for f in files
         if f.endswith(C_EXT + (".md", ".py"))}
lexed = {f: lex(texts[f]) for f in c_files}
existing = set()
for toks in lexed.values():
    existing.update(t[1] for t in toks if t[0] == "id")
collisions = sorted(s for s, n in mapping.items() if n in existing)
for s in collisions:
    print("prefix-symbols: collision: %s -> %s, which already exists: %s keeps its name" % (s, mapping[s], s),
          file=sys.stderr)
    del mapping[s]

# ---- renaming ----

counts = {}
prose = prose_pattern(mapping) if mapping else None
changed = 0
for f in files:
    if f not in texts or not mapping:
        continue
    src = texts[f]
    if f.endswith(C_EXT):
        toks = lexed[f]
        code = [t for t in toks if t[0] != "comment"]
        idx, local = analyse(code, mapping)
        edits = [(code[i][2], code[i][3], mapping[code[i][1]]) for i in idx]
        for i in idx:
            counts[code[i][1]] = counts.get(code[i][1], 0) + 1
        for kind, text, s, e in toks:
            if kind == "comment":
                new = rename_prose(text, prose, mapping, counts, local)
                if new != text:
                    edits.append((s, e, new))
        edits.sort()
        out, pos = [], 0
        for s, e, new in edits:
            out.append(src[pos:s])
            out.append(new)
            pos = e
        out.append(src[pos:])
        new_src = "".join(out)
    elif f.endswith(".md"):
        new_src = rename_prose(src, prose, mapping, counts)
    else:  # Python: unchanged; a string that is exactly a name might be a ctypes lookup
        alt = "|".join(re.escape(n) for n in mapping)
        for m in re.finditer(r"""(["'])(""" + alt + r")\1", src):
            line = src.count("\n", 0, m.start()) + 1
            print("prefix-symbols: not renamed (a Python string; a ctypes lookup?): %s:%d: %s"
                  % (f, line, m.group(0)))
        new_src = src
    if new_src != src:
        changed += 1
        if not DRY:
            with open(f, "w", encoding="utf-8", errors="surrogateescape") as fh:
                fh.write(new_src)

print("%-7s %-28s %-36s %s" % ("stage", "symbol", "new name", "renamed"))
for s in sorted(mapping, key=lambda s: (stage_of[s], s)):
    print("%-7s %-28s %-36s %d" % (stage_of[s], s, mapping[s], counts.get(s, 0)))
print("prefix-symbols: %d symbols %s (%d occurrences in %d files)%s" %
      (len(mapping), "would be renamed" if DRY else "renamed", sum(counts.values()), changed,
       "; %d collisions left alone" % len(collisions) if collisions else ""))
# mentions elsewhere, for a person to look at
if mapping:
    word = re.compile(r"\b(" + "|".join(re.escape(n) for n in mapping if re.search(r"[_\d]", n)) + r")\b")
    for top in ["README.md", "docs", "scripts", "Makefile", "debian"]:
        paths = [top] if os.path.isfile(top) else [os.path.join(d, f) for d, _, fs in os.walk(top) for f in fs] \
            if os.path.isdir(top) else []
        for p in sorted(paths):
            if p.endswith("prefix-symbols.sh"):
                continue
            try:
                lines = open(p, encoding="utf-8").read().splitlines()
            except (UnicodeDecodeError, OSError):
                continue
            for n, line in enumerate(lines, 1):
                if word.search(line):
                    print("prefix-symbols: not renamed (outside the code folders): %s:%d: %s" % (p, n, line.strip()[:100]))
sys.exit(3 if collisions else 0)
PY
"$PY" "$PROG" "$BUILD" "$DRY" rename
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || exit 2
if [ $DRY = 1 ]; then
    echo "prefix-symbols: dry run, nothing changed ($(($(date +%s) - start)) s)" >&2
    exit 0
fi
echo "prefix-symbols: rebuilding the library, the program and the unit tests with -Werror" >&2
if ! make -j2 --no-print-directory BUILD="$BUILD" lib all tests > "$BUILD.log" 2>&1; then
    grep -E "error|undefined reference" "$BUILD.log" | head -n 30 >&2
    echo "prefix-symbols: the renamed tree does not build (log: $BUILD.log)" >&2
    exit 1
fi
if ! "$PY" "$PROG" "$BUILD" 0 verify; then
    echo "prefix-symbols: unprefixed globals are left (above)" >&2
    exit 1
fi
echo "prefix-symbols: the renamed tree builds with -Werror and nm shows no unprefixed global; $(($(date +%s) - start)) s" >&2
