/*
 * web.h — the web as it is: HTML pages and WARC archives in, article text and
 * metadata out. (Contract; implemented in the .c files of src/web.)
 *
 * web_extract() parses HTML5 with gumbo after decoding the page's character set
 * (HTTP Content-Type, <meta charset>, http-equiv, else a legacy fallback) and
 * returns the article's main text (paragraphs separated by blank lines, in
 * order, boilerplate dropped) with its title, publication date, author,
 * canonical URL and language.
 *
 * web_warc_open()/web_warc_next() stream WARC/1.0 and 1.1 files, gzip per record or
 * plain, in constant memory, yielding the HTML response records.
 */
#ifndef TOCSIN_WEB_H
#define TOCSIN_WEB_H

#include <stddef.h>

typedef struct web_page {
    char *title;   /* NULL when unknown */
    char *date;    /* publication date YYYY-MM-DD, NULL when unknown */
    char *author;
    char *url;     /* canonical URL */
    char *lang;    /* ISO 639-1 code, e.g. "en", NULL when unknown */
    char *text;    /* main text, UTF-8, paragraphs separated by "\n\n"; never NULL on success */
    size_t text_len;
    int cut;       /* WEB_CUT_* when the page was too large to read whole, else 0 */
} web_page;

/* Why a page was cut: every page is read in time and memory linear in its size,
 * so a page past these bounds is read up to them and the rest ignored. */
enum {
    WEB_CUT_BYTES = 1,       /* over 24 MB of HTML */
    WEB_CUT_PARSE_BYTES = 2, /* over 8 MB of markup left after dropping scripts and styles */
    WEB_CUT_ELEMENTS = 3     /* over 200,000 elements */
};
/* A phrase saying why (for a warning: "page cut: <reason>"); "" for 0. */
const char *web_cut_reason(int cut);

/* content_type: the HTTP Content-Type header value or NULL; url: where the page
 * came from or NULL. Returns 0 on success, -1 (with err filled) when the bytes
 * are not an HTML document at all. */
int  web_extract(const char *html, size_t len, const char *content_type, const char *url,
                 web_page *out, char *err, size_t errlen);
void web_page_free(web_page *p);

typedef struct warc_reader warc_reader;

typedef struct warc_record {
    const char *target_uri;    /* WARC-Target-URI */
    const char *record_id;     /* WARC-Record-ID */
    const char *warc_date;     /* WARC-Date (ISO 8601) */
    const char *content_type;  /* HTTP Content-Type of the response */
    const char *body;          /* HTTP body (decoded of transfer/content encoding) */
    size_t body_len;
} warc_record;

typedef struct warc_stats {
    size_t records, responses_html, skipped, errors;
} warc_stats;

/* path may be "-" for standard input. */
warc_reader *web_warc_open(const char *path, char *err, size_t errlen);
/* 1: an HTML response record (valid until the next call); 0: end;
 * -1: a malformed record, err says which (offset/record id); call again to go on. */
int  web_warc_next(warc_reader *w, warc_record *rec, char *err, size_t errlen);
void web_warc_stats_get(const warc_reader *w, warc_stats *out);
/* Bytes of the file consumed so far (compressed bytes for .warc.gz), for
 * progress; 0 when it cannot be told (a pipe). */
unsigned long long web_warc_input_offset(const warc_reader *w);
void web_warc_close(warc_reader *w);

#endif
