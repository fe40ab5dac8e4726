/*
 * prefilter.c — a single fast pass over the HTML before gumbo sees it.
 *
 * Two reasons. Speed: on news pages more than half the bytes are inline
 * scripts, styles, comments and SVG, none of which is text; gumbo tokenises
 * them byte by byte, so cutting them out here (with memchr-driven scanning)
 * nearly doubles throughput. Safety: the HTML5 tree builder checks "element in
 * scope" by walking the stack of open elements, so 100,000 nested <div>s make
 * gumbo quadratic (tens of seconds). This pass keeps its own approximate stack
 * of open elements and drops start tags (and their end tags) beyond max_depth,
 * which bounds the parser's work on any input. Two more limits keep every page
 * linear in its size: gumbo checks each new attribute of a tag against all the
 * tag's earlier ones (quadratic in the attributes of one tag: a 1 MB tag of
 * 92,000 attributes took 69 s), so a start tag keeps at most max_attrs
 * attributes; and every element costs gumbo a node of a few hundred bytes, so
 * after max_elements start tags the page is cut (a news page has a few
 * thousand). JSON-LD scripts are kept because metadata comes from them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"
#include "web/web_internal.h"

#define NAME_MAX_LEN 24

static int is_name_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c == ':' || c == '_' || c == '.';
}

/* Position just past the '>' that ends the tag starting at s[i] ('<'), skipping
 * quoted attribute values; n when the tag never ends. */
static size_t tag_end(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n) {
        char c = s[j];
        if (c == '>') return j + 1;
        if (c == '=') {
            j++;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) j++;
            if (j < n && (s[j] == '"' || s[j] == '\'')) {
                const char *q = memchr(s + j + 1, s[j], n - j - 1);
                if (!q) return n;
                j = (size_t)(q - s) + 1;
                continue;
            }
            continue;
        }
        j++;
    }
    return n;
}

/* Start of "</name" (followed by space, / or >) at or after i, else n. */
static size_t find_end_tag(const char *s, size_t n, size_t i, const char *name, size_t nl)
{
    while (i < n) {
        const char *p = memchr(s + i, '<', n - i);
        if (!p) return n;
        size_t k = (size_t)(p - s);
        if (k + 2 + nl <= n && s[k + 1] == '/' && !strncasecmp(s + k + 2, name, nl) &&
            (k + 2 + nl == n || !is_name_char((unsigned char)s[k + 2 + nl])))
            return k;
        i = k + 1;
    }
    return n;
}

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(name, *list)) return 1;
    return 0;
}

static const char *const void_tags[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", NULL};
/* Elements whose start tag implicitly closes an open element of the same name. */
static const char *const self_closing_siblings[] = {
    "p", "li", "dt", "dd", "option", "tr", "td", "th", NULL};
/* Block starts that close an open <p>. */
static const char *const closes_p[] = {
    "div", "p", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "aside", "header", "footer", "nav", "blockquote", "pre", "form", "figure",
    "hr", "main", "address", "fieldset", NULL};
/* Elements whose whole content is dropped. */
static const char *const dropped_tags[] = {
    "style", "noscript", "template", "svg", "math", "textarea", "iframe", "noembed",
    "noframes", "xmp", "object", "select", NULL};

typedef struct open_stack {
    char names[NAME_MAX_LEN + 1];
    unsigned slot; /* its name's counter in count[] (see name_slot) */
} open_el;

/* Counters of the names on the stack, by hash (a counting filter): an end tag
 * whose counter is 0 has no open element to close, and is passed over without
 * scanning the stack (hostile pages send thousands of stray end tags). */
#define OPEN_SLOTS 1024u

static unsigned name_slot(const char *name)
{
    unsigned h = 2166136261u;
    for (; *name; name++) h = (h ^ (unsigned char)*name) * 16777619u;
    return h % OPEN_SLOTS;
}

/* Pops the stack down to depth `to`, keeping the counters. */
static void pop_to(open_el *stack, unsigned *count, int *depth, int to)
{
    while (*depth > to) count[stack[--*depth].slot]--;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Position just past the attribute that starts at or after s[j] (skipping blanks
 * and stray '/'), or last when none does. last: the tag's '>' (or the end of
 * input when the tag never closes). */
static size_t next_attr_end(const char *s, size_t last, size_t j)
{
    while (j < last && (is_space(s[j]) || s[j] == '/')) j++;
    if (j >= last) return last;
    while (j < last && !is_space(s[j]) && s[j] != '=' && s[j] != '/') j++;
    size_t t = j;
    while (t < last && is_space(s[t])) t++;
    if (t >= last || s[t] != '=') return j;
    t++;
    while (t < last && is_space(s[t])) t++;
    if (t < last && (s[t] == '"' || s[t] == '\'')) {
        const char *q = memchr(s + t + 1, s[t], last - t - 1);
        return q ? (size_t)(q - s) + 1 : last;
    }
    while (t < last && !is_space(s[t])) t++;
    return t;
}

/* Copies the start tag s[k, end) to out keeping at most max_attrs attributes;
 * returns 1 when attributes were dropped (the tag is then closed right after
 * the last one kept). name_end: just past the tag name. */
static int emit_start_tag(buf *out, const char *s, size_t k, size_t name_end, size_t end, int max_attrs)
{
    int closed = end > k && s[end - 1] == '>';
    size_t last = closed ? end - 1 : end, j = name_end;
    for (int a = 0; a < max_attrs && j < last; a++) j = next_attr_end(s, last, j);
    size_t more = j;
    while (more < last && (is_space(s[more]) || s[more] == '/')) more++;
    if (more >= last) {
        util_buf_add(out, s + k, end - k);
        return 0;
    }
    util_buf_add(out, s + k, j - k);
    if (closed && end >= 2 && s[end - 2] == '/') util_buf_addc(out, '/');
    util_buf_addc(out, '>');
    return 1;
}

void web_prefilter_limits_default(web_prefilter_limits *l)
{
    l->max_depth = 400;
    l->max_attrs = 64;
    l->max_elements = 200000;
    l->max_out = 8u << 20;
}

size_t web_prefilter(const char *s, size_t n, int max_depth, buf *out)
{
    web_prefilter_limits l;
    web_prefilter_limits_default(&l);
    l.max_depth = max_depth;
    web_prefilter_stats st;
    web_prefilter_ex(s, n, &l, out, &st);
    return st.dropped_depth;
}

void web_prefilter_ex(const char *s, size_t n, const web_prefilter_limits *lim, buf *out,
                      web_prefilter_stats *st)
{
    util_buf_clear(out);
    memset(st, 0, sizeof *st);
    util_buf_reserve(out, n / 2 + 64);
    int max_depth = lim->max_depth < 8 ? 8 : lim->max_depth;
    open_el *stack = util_xmalloc(sizeof *stack * (size_t)max_depth);
    unsigned *count = util_xcalloc(OPEN_SLOTS, sizeof *count);
    int depth = 0;
    size_t dropped = 0, i = 0;
    while (i < n) {
        if (out->len >= lim->max_out) {
            st->cut = WEB_CUT_PARSE_BYTES;
            break;
        }
        const char *p = memchr(s + i, '<', n - i);
        if (!p) {
            util_buf_add(out, s + i, n - i);
            break;
        }
        size_t k = (size_t)(p - s);
        util_buf_add(out, s + i, k - i);
        i = k;
        if (k + 1 >= n) {
            util_buf_add(out, s + k, n - k);
            break;
        }
        unsigned char c = (unsigned char)s[k + 1];
        if (c == '!') {
            if (k + 3 < n && s[k + 2] == '-' && s[k + 3] == '-') {
                const char *e = memmem(s + k + 4, n - k - 4, "-->", 3);
                i = e ? (size_t)(e - s) + 3 : n;
            } else { /* doctype, CDATA, bogus comment */
                const char *e = memchr(s + k, '>', n - k);
                size_t end = e ? (size_t)(e - s) + 1 : n;
                if (!strncasecmp(s + k + 2, "doctype", 7)) util_buf_add(out, s + k, end - k);
                i = end;
            }
            continue;
        }
        if (c == '?') {
            const char *e = memchr(s + k, '>', n - k);
            i = e ? (size_t)(e - s) + 1 : n;
            continue;
        }
        int is_end = c == '/';
        size_t ns = k + 1 + (size_t)is_end;
        if (ns >= n || !isalpha((unsigned char)s[ns])) {
            util_buf_addc(out, '<'); /* a bare '<' in text */
            i = k + 1;
            continue;
        }
        char name[NAME_MAX_LEN + 1];
        size_t nl = 0, j = ns;
        while (j < n && is_name_char((unsigned char)s[j])) {
            if (nl < NAME_MAX_LEN) name[nl++] = (char)tolower((unsigned char)s[j]);
            j++;
        }
        name[nl] = 0;
        size_t end = tag_end(s, n, k);
        if (is_end) {
            int at = -1;
            if (count[name_slot(name)])
                for (int d = depth - 1; d >= 0; d--)
                    if (!strcmp(stack[d].names, name)) {
                        at = d;
                        break;
                    }
            if (at >= 0) pop_to(stack, count, &depth, at);
            if (at >= 0 || dropped == 0) util_buf_add(out, s + k, end - k);
            i = end;
            continue;
        }
        if (!strcmp(name, "script")) {
            size_t close = find_end_tag(s, n, end, "script", 6);
            size_t after = close < n ? tag_end(s, n, close) : n;
            /* keep JSON-LD (metadata) and nothing else */
            const char *ld = memmem(s + k, end - k, "ld+json", 7);
            if (ld) util_buf_add(out, s + k, after - k);
            i = after;
            continue;
        }
        if (name_in(name, dropped_tags)) {
            size_t close = find_end_tag(s, n, end, name, nl);
            i = close < n ? tag_end(s, n, close) : n;
            continue;
        }
        if (!strcmp(name, "title")) { /* RCDATA: copy through verbatim */
            size_t close = find_end_tag(s, n, end, "title", 5);
            size_t after = close < n ? tag_end(s, n, close) : n;
            util_buf_add(out, s + k, after - k);
            i = after;
            continue;
        }
        if (st->elements >= lim->max_elements) {
            st->cut = WEB_CUT_ELEMENTS;
            break;
        }
        int self_closed = end >= 2 && s[end - 2] == '/';
        if (name_in(name, void_tags) || self_closed) {
            st->elements++;
            st->dropped_attrs += (size_t)emit_start_tag(out, s, k, j, end, lim->max_attrs);
            i = end;
            continue;
        }
        if (name_in(name, self_closing_siblings)) {
            for (int d = depth - 1; d >= 0 && d >= depth - 4; d--)
                if (!strcmp(stack[d].names, name)) {
                    pop_to(stack, count, &depth, d);
                    break;
                }
        }
        if (depth > 0 && !strcmp(stack[depth - 1].names, "p") && name_in(name, closes_p))
            pop_to(stack, count, &depth, depth - 1);
        if (depth >= max_depth) {
            dropped++;
            i = end;
            continue;
        }
        memcpy(stack[depth].names, name, nl + 1);
        stack[depth].slot = name_slot(name);
        count[stack[depth].slot]++;
        depth++;
        st->elements++;
        st->dropped_attrs += (size_t)emit_start_tag(out, s, k, j, end, lim->max_attrs);
        i = end;
    }
    free(stack);
    free(count);
    if (out->len > lim->max_out) {
        out->len = lim->max_out;
        out->data[out->len] = 0; /* a buf stays NUL-terminated */
        st->cut = WEB_CUT_PARSE_BYTES;
    }
    st->dropped_depth = dropped;
}
