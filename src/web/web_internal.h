/*
 * web_internal.h — the pieces of src/web shared between its files: character
 * set decoding (charset.c), the pre-parse filter that keeps gumbo fast and
 * bounded (prefilter.c), metadata (meta.c), language detection (lang.cc) and
 * date normalisation. Not part of the public contract (that is web.h).
 */
#ifndef TOCSIN_WEB_INTERNAL_H
#define TOCSIN_WEB_INTERNAL_H

#include <stddef.h>

#include "util/util.h"

/* Decodes a page to UTF-8 into out (cleared first). The charset is chosen by
 * BOM, then the HTTP Content-Type (may be NULL), then <meta charset> /
 * http-equiv in the first bytes, else UTF-8 when the bytes are valid UTF-8,
 * else windows-1252. Invalid sequences become U+FFFD, NUL becomes a space.
 * Returns the name of the charset used (static string). */
const char *web_decode(const char *bytes, size_t len, const char *content_type, buf *out);

/* The charset named in a Content-Type value ("text/html; charset=x"), copied
 * lower-case into name; 0 when found. */
int web_charset_from_content_type(const char *ct, char *name, size_t namelen);

/* Non-zero when the bytes are not text at all (image/archive signatures, many
 * control bytes); why names the reason. */
int web_looks_binary(const char *bytes, size_t len, const char **why);

/* Rewrites UTF-8 HTML for gumbo: drops comments, <style>, non-JSON-LD <script>,
 * <noscript>, <template> and <svg> bodies (half the bytes of a news page and
 * none of its text), and drops tags nested deeper than max_depth so that a
 * hostile page cannot make the parser quadratic. Returns the number of tags
 * dropped for depth. */
size_t web_prefilter(const char *html, size_t len, int max_depth, buf *out);

/* The bounds web_prefilter_ex() holds any page to (defaults from
 * web_prefilter_limits_default: depth 400, 64 attributes a tag, 200,000
 * elements, 8 MB out). */
typedef struct web_prefilter_limits {
    int max_depth;        /* start tags nested deeper are dropped */
    int max_attrs;        /* attributes kept per start tag; the rest are dropped */
    size_t max_elements;  /* start tags kept; the page is cut after them */
    size_t max_out;       /* bytes of filtered HTML; the page is cut there */
} web_prefilter_limits;

typedef struct web_prefilter_stats {
    size_t dropped_depth; /* start tags dropped for depth */
    size_t dropped_attrs; /* start tags that lost attributes */
    size_t elements;      /* start tags kept */
    int cut;              /* WEB_CUT_* when the page was cut, else 0 */
} web_prefilter_stats;

/* The bounds web_extract uses (see web_prefilter_limits). */
void web_prefilter_limits_default(web_prefilter_limits *l);

/* web_prefilter() with every bound of lim, and what it did in st. Time and
 * memory are linear in len whatever the page. */
void web_prefilter_ex(const char *html, size_t len, const web_prefilter_limits *lim, buf *out,
                      web_prefilter_stats *st);

/* Normalises a date written in one of the usual web forms (ISO 8601, RFC 2822,
 * "January 2, 2022", "2 Jan 2022", "2022/01/02", "20220102") to YYYY-MM-DD in
 * out; 0 on success. Years outside 1990..2100 are rejected as implausible for
 * a news page. */
int web_normalize_date(const char *s, size_t n, char out[11]);
/* Finds a /2022/01/02/-style date in a URL; 0 on success. */
int web_date_from_url(const char *url, char out[11]);
/* Finds a written date (month name or numeric) anywhere in a short text. */
int web_date_in_text(const char *s, size_t n, char out[11]);

/* ISO 639-1 code of the text's language (static string) or NULL when CLD2 is
 * not confident. hint: the page's lang attribute or NULL. */
const char *web_detect_language(const char *text, size_t len, const char *hint);

#endif
