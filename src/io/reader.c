/*
 * reader.c — turns an input path into a stream of documents.
 *
 * One reader handles every input kind so that `code`, `ingest` and `eval` accept
 * the same things: JSON Lines (one record per line), a plain-text file (one
 * document), an HTML page, or a WARC archive (every HTML response record). All
 * go through zlib's gzread, which reads plain and gzip-compressed files alike.
 *
 * Why the care with lines: a JSONL export can hold a 50 MB line, binary junk or
 * a truncated record. Lines are read in bounded chunks; a record longer than
 * MAX_RECORD is skipped with an error (memory stays bounded), and every bad
 * record is reported with path:line and, when known, its id, and the stream goes on.
 */
#include "io/io.h"
#include "web/web.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_RECORD (256u << 20)  /* a JSONL line or a whole text/HTML document */
#define CHUNK (1u << 16)

struct doc_reader {
    char *path;
    input_format format;
    reader_opts opts;
    gzFile gz;
    int at_eof, done;
    int ranged;          /* reading a byte range: range_left bytes of it are left */
    uint64_t range_left;
    int read_failed;     /* 1: the input ended in an error (a truncated gzip file); 2: reported */
    char read_err[256];
    /* buffered input */
    char *chunk;
    size_t chunk_len, chunk_pos;
    unsigned long line_no;
    buf line;        /* current record bytes */
    buf fixed;       /* the record with invalid UTF-8 repaired */
    buf scratch;     /* the record decoded in place by the fast JSON path */
    json_t *json;    /* current JSONL record, kept alive until the next call */
    char id_buf[64];
    char date_store[11];
    char *default_id;
    /* HTML / WARC */
    warc_reader *warc;
    web_page page;
    int have_page;
    buf id_store;
    buf where_store;
};

static void reader_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reader_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcasecmp(s + a - b, suffix);
}

/* The file name without directories and extensions (".txt", ".html.gz"). */
static char *default_doc_id(const char *path)
{
    if (!strcmp(path, "-")) return util_xstrdup("stdin");
    const char *b = base_name(path);
    char *id = util_xstrdup(b);
    char *dot = strchr(id + (id[0] == '.'), '.');
    if (dot && dot != id) *dot = 0;
    return id;
}

static input_format format_by_name(const char *path)
{
    const char *jsonl[] = {".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz"};
    const char *html[] = {".html", ".htm", ".html.gz", ".htm.gz", ".xhtml"};
    for (size_t i = 0; i < sizeof jsonl / sizeof *jsonl; i++)
        if (has_suffix(path, jsonl[i])) return IN_JSONL;
    for (size_t i = 0; i < sizeof html / sizeof *html; i++)
        if (has_suffix(path, html[i])) return IN_HTML;
    if (has_suffix(path, ".warc") || has_suffix(path, ".warc.gz")) return IN_WARC;
    return IN_AUTO;
}

int io_gz_read_error(void *g, const char *path, char *err, size_t errlen)
{
    int zerr;
    const char *zmsg = gzerror((gzFile)g, &zerr);
    if (zerr == Z_OK || zerr == Z_STREAM_END) return 0;
    size_t pl = strlen(path); /* zlib's message starts with the path */
    if (!strncmp(zmsg, path, pl) && !strncmp(zmsg + pl, ": ", 2)) zmsg += pl + 2;
    snprintf(err, errlen, "%s: read error at compressed byte %lld: %s%s", path, (long long)gzoffset((gzFile)g),
             zerr == Z_ERRNO ? strerror(errno) : zmsg, zerr == Z_BUF_ERROR ? " (the gzip file is truncated)" : "");
    return 1;
}

/* Fills the chunk buffer; returns bytes available. */
static size_t fill(doc_reader *r)
{
    if (r->chunk_pos < r->chunk_len) return r->chunk_len - r->chunk_pos;
    if (r->at_eof) return 0;
    unsigned want = CHUNK;
    if (r->ranged && r->range_left < want) want = (unsigned)r->range_left;
    int n = want ? gzread(r->gz, r->chunk, want) : 0;
    if (n <= 0) {
        r->at_eof = 1;
        if (!r->read_failed && io_gz_read_error(r->gz, r->path, r->read_err, sizeof r->read_err))
            r->read_failed = 1;
        return 0;
    }
    if (r->ranged) r->range_left -= (unsigned)n;
    r->chunk_len = (size_t)n;
    r->chunk_pos = 0;
    return (size_t)n;
}

/* Guesses the format from the first bytes (already in the chunk buffer). */
static input_format sniff(doc_reader *r)
{
    fill(r);
    const char *p = r->chunk + r->chunk_pos, *end = r->chunk + r->chunk_len;
    if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    size_t n = (size_t)(end - p);
    if (n >= 5 && !memcmp(p, "WARC/", 5)) return IN_WARC;
    if (n && *p == '{') return IN_JSONL;
    if (n && *p == '<') {
        const char *tags[] = {"<!doctype html", "<html", "<head", "<body", "<!--", "<?xml", "<meta", "<div", "<p"};
        for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
            size_t tl = strlen(tags[i]);
            if (n >= tl && !strncasecmp(p, tags[i], tl)) return IN_HTML;
        }
    }
    return IN_TEXT;
}

doc_reader *io_reader_open(const char *path, const reader_opts *o, char *err, size_t errlen)
{
    reader_opts defaults = {0};
    if (!o) o = &defaults;
    input_format fmt = o->format != IN_AUTO ? o->format : format_by_name(path);
    struct stat sb;
    if (strcmp(path, "-") && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        reader_err(err, errlen, "%s: cannot open: is a directory (give the files in it)", path);
        return NULL;
    }

    int ranged = o->range_end > o->range_start;
    if (ranged && (!strcmp(path, "-") || fmt == IN_WARC)) {
        reader_err(err, errlen, "%s: a byte range is read from a file of JSON Lines, text or HTML only", path);
        return NULL;
    }
    doc_reader *r = util_xcalloc(1, sizeof *r);
    if (ranged) {
        buf name;
        util_buf_init(&name);
        util_buf_printf(&name, "%s[bytes %llu-%llu]", path, (unsigned long long)o->range_start,
                        (unsigned long long)o->range_end);
        r->path = name.data;
    } else {
        r->path = util_xstrdup(path);
    }
    r->opts = *o;
    util_buf_init(&r->line);
    util_buf_init(&r->fixed);
    util_buf_init(&r->scratch);
    util_buf_init(&r->id_store);
    util_buf_init(&r->where_store);
    r->default_id = o->id ? util_xstrdup(o->id) : default_doc_id(path);

    if (fmt == IN_WARC) {
        r->warc = web_warc_open(path, err, errlen);
        if (!r->warc) {
            io_reader_close(r);
            return NULL;
        }
        r->format = IN_WARC;
        return r;
    }
    int fd = strcmp(path, "-") ? -1 : dup(STDIN_FILENO);
    r->gz = fd >= 0 ? gzdopen(fd, "rb") : gzopen(path, "rb");
    if (!r->gz) {
        reader_err(err, errlen, "%s: cannot open: %s", path, strerror(errno ? errno : ENOENT));
        if (fd >= 0) close(fd);
        io_reader_close(r);
        return NULL;
    }
    gzbuffer(r->gz, CHUNK);
    if (ranged) {
        if (gzseek(r->gz, (z_off_t)o->range_start, SEEK_SET) != (z_off_t)o->range_start) {
            reader_err(err, errlen, "%s: cannot seek to byte %llu", path, (unsigned long long)o->range_start);
            io_reader_close(r);
            return NULL;
        }
        r->ranged = 1;
        r->range_left = o->range_end - o->range_start;
    }
    r->chunk = util_xmalloc(CHUNK);
    if (fmt == IN_AUTO) fmt = sniff(r);
    if (fmt == IN_WARC) {
        /* Sniffed WARC on a path we already opened: reopen through the WARC reader. */
        gzclose(r->gz);
        r->gz = NULL;
        if (r->ranged) {
            reader_err(err, errlen, "%s: a byte range of a WARC archive cannot be read", path);
            io_reader_close(r);
            return NULL;
        }
        if (!strcmp(path, "-")) {
            reader_err(err, errlen, "-: WARC on standard input needs --input warc");
            io_reader_close(r);
            return NULL;
        }
        r->warc = web_warc_open(path, err, errlen);
        if (!r->warc) {
            io_reader_close(r);
            return NULL;
        }
    }
    r->format = fmt;
    return r;
}

/* Reads the next line into r->line (without the newline). Returns 1 for a line,
 * 0 at end, -1 when the line was longer than MAX_RECORD (skipped). */
static int next_line(doc_reader *r)
{
    util_buf_clear(&r->line);
    int too_long = 0, any = 0;
    for (;;) {
        size_t avail = fill(r);
        if (!avail) break;
        any = 1;
        const char *p = r->chunk + r->chunk_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        if (!too_long) {
            if (r->line.len + take > MAX_RECORD) {
                too_long = 1;
                util_buf_free(&r->line);
            } else {
                util_buf_add(&r->line, p, take);
            }
        }
        r->chunk_pos += take + (nl != NULL);
        if (nl) break;
    }
    if (!any) return 0;
    r->line_no++;
    if (too_long) return -1;
    if (r->line.len && r->line.data[r->line.len - 1] == '\r') r->line.data[--r->line.len] = 0;
    return 1;
}

/* Accepts YYYY-MM-DD, optionally followed by a time ("2022-01-02T10:00:00Z",
 * "2022-01-02 10:00"); copies the date part to out. */
static int accept_date(const char *s, char out[11])
{
    if (!s || strlen(s) < 10) return -1;
    char d[11];
    memcpy(d, s, 10);
    d[10] = 0;
    if (s[10] && s[10] != 'T' && s[10] != ' ') return -1;
    int days;
    if (util_date_parse(d, &days)) return -1;
    memcpy(out, d, 11);
    return 0;
}

/* The fields of a record tocsin reads, from either JSON parser. */
typedef struct record_fields {
    int id_kind;          /* 0 absent or unusable, 1 string, 2 integer, 3 string holding NUL */
    const char *id;
    long long id_int;
    int date_kind;        /* 0 absent or null, 1 string, 2 another type */
    const char *date;
    const char *text;     /* NULL: absent or not a string */
    size_t text_len;
    const char *title, *url, *source;
} record_fields;

/* ---- fast path: a flat object of strings, numbers and literals, decoded in place ----
 * Nearly every record of a news export is such an object. jansson builds a tree and
 * allocates every value, which cost a tenth of the coding time on the reading thread;
 * this reads the usual shape without allocating and hands anything else (nesting,
 * \u0000, lone surrogates, anything malformed) to jansson, which also writes the
 * error messages. */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static int hex4(const char *p, const char *end, unsigned *out)
{
    if (end - p < 4) return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    *out = v;
    return 0;
}

/* Decodes the string whose opening quote is at *pp, in place; returns its start
 * (NUL-terminated, length in *len) and moves *pp past the closing quote. NULL: not
 * a string jansson would read the same way. */
static char *decode_string(char **pp, char *end, size_t *len)
{
    char *p = *pp + 1, *w = p, *start = p;
    for (;;) {
        /* eight plain bytes at a time (no quote, backslash or control byte among them) */
        while (end - p >= 8) {
            uint64_t v;
            memcpy(&v, p, 8);
            const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
            uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
            if ((((q - ones) & ~q) | ((b - ones) & ~b) | ((v - ones * 0x20) & ~v)) & highs) break;
            if (w != p) memmove(w, p, 8);
            w += 8;
            p += 8;
        }
        if (p >= end) return NULL;
        unsigned char c = (unsigned char)*p;
        if (c == '"') break;
        if (c < 0x20) return NULL;
        if (c != '\\') {
            *w++ = *p++;
            continue;
        }
        if (p + 1 >= end) return NULL;
        char e = p[1];
        p += 2;
        switch (e) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '/': *w++ = '/'; break;
        case 'b': *w++ = '\b'; break;
        case 'f': *w++ = '\f'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        case 't': *w++ = '\t'; break;
        case 'u': {
            unsigned u;
            if (hex4(p, end, &u)) return NULL;
            p += 4;
            if (u == 0 || (u >= 0xDC00 && u <= 0xDFFF)) return NULL;
            if (u >= 0xD800 && u <= 0xDBFF) {
                unsigned lo;
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, end, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return NULL;
                p += 6;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (u < 0x80) {
                *w++ = (char)u;
            } else if (u < 0x800) {
                *w++ = (char)(0xC0 | (u >> 6));
                *w++ = (char)(0x80 | (u & 0x3F));
            } else if (u < 0x10000) {
                *w++ = (char)(0xE0 | (u >> 12));
                *w++ = (char)(0x80 | ((u >> 6) & 0x3F));
                *w++ = (char)(0x80 | (u & 0x3F));
            } else {
                *w++ = (char)(0xF0 | (u >> 18));
                *w++ = (char)(0x80 | ((u >> 12) & 0x3F));
                *w++ = (char)(0x80 | ((u >> 6) & 0x3F));
                *w++ = (char)(0x80 | (u & 0x3F));
            }
            break;
        }
        default: return NULL;
        }
    }
    *pp = p + 1;
    *w = 0;
    *len = (size_t)(w - start);
    return start;
}

/* A JSON number; *is_int says it has no fraction or exponent. */
static char *scan_number(char *p, char *end, int *is_int)
{
    char *q = p;
    *is_int = 1;
    if (q < end && *q == '-') q++;
    if (q >= end || *q < '0' || *q > '9') return NULL;
    if (*q == '0') q++;
    else while (q < end && *q >= '0' && *q <= '9') q++;
    if (q < end && *q == '.') {
        *is_int = 0;
        if (++q >= end || *q < '0' || *q > '9') return NULL;
        while (q < end && *q >= '0' && *q <= '9') q++;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        *is_int = 0;
        q++;
        if (q < end && (*q == '+' || *q == '-')) q++;
        if (q >= end || *q < '0' || *q > '9') return NULL;
        while (q < end && *q >= '0' && *q <= '9') q++;
    }
    return q;
}

static int parse_flat_record(char *p, char *end, record_fields *f)
{
    memset(f, 0, sizeof *f);
    p = (char *)skip_ws(p, end);
    if (p >= end || *p != '{') return 0;
    p = (char *)skip_ws(p + 1, end);
    if (p < end && *p == '}') return skip_ws(p + 1, end) == end;
    for (;;) {
        if (p >= end || *p != '"') return 0;
        size_t klen, vlen;
        char *key = decode_string(&p, end, &klen);
        if (!key) return 0;
        p = (char *)skip_ws(p, end);
        if (p >= end || *p != ':') return 0;
        p = (char *)skip_ws(p + 1, end);
        if (p >= end) return 0;
        if (*p == '"') {
            char *v = decode_string(&p, end, &vlen);
            if (!v) return 0;
            if (!strcmp(key, "id")) f->id_kind = vlen ? 1 : 0, f->id = v;
            else if (!strcmp(key, "date")) f->date_kind = 1, f->date = v;
            else if (!strcmp(key, "text")) f->text = v, f->text_len = vlen;
            else if (!strcmp(key, "title")) f->title = v;
            else if (!strcmp(key, "url")) f->url = v;
            else if (!strcmp(key, "source")) f->source = v;
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            int is_int;
            char *q = scan_number(p, end, &is_int);
            if (!q) return 0;
            if (!strcmp(key, "id")) {
                errno = 0;
                long long v = strtoll(p, NULL, 10);
                f->id_kind = is_int && errno != ERANGE ? 2 : 0;
                f->id_int = v;
            } else if (!strcmp(key, "date")) {
                f->date_kind = 2;
            } else if (!strcmp(key, "text")) {
                f->text = NULL;
            }
            p = q;
        } else {
            static const char *const lits[] = {"true", "false", "null"};
            size_t k = 0;
            for (; k < 3; k++)
                if ((size_t)(end - p) >= strlen(lits[k]) && !memcmp(p, lits[k], strlen(lits[k]))) break;
            if (k == 3) return 0; /* nesting or garbage: jansson decides */
            if (!strcmp(key, "id")) f->id_kind = 0;
            else if (!strcmp(key, "date")) f->date_kind = k == 2 ? 0 : 2;
            else if (!strcmp(key, "text")) f->text = NULL;
            p += strlen(lits[k]);
        }
        p = (char *)skip_ws(p, end);
        if (p >= end) return 0;
        if (*p == '}') return skip_ws(p + 1, end) == end;
        if (*p != ',') return 0;
        p = (char *)skip_ws(p + 1, end);
    }
}

static const char *json_str_field(json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) return NULL;
    if (len) *len = json_string_length(v);
    return json_string_value(v);
}

/* The same fields from a jansson tree. */
static void tree_fields(json_t *o, record_fields *f)
{
    memset(f, 0, sizeof *f);
    json_t *idv = json_object_get(o, "id");
    if (json_is_string(idv) && strlen(json_string_value(idv)) != json_string_length(idv)) {
        f->id_kind = 3;
    } else if (json_is_string(idv) && json_string_length(idv)) {
        f->id_kind = 1;
        f->id = json_string_value(idv);
    } else if (json_is_integer(idv)) {
        f->id_kind = 2;
        f->id_int = (long long)json_integer_value(idv);
    }
    f->text = json_str_field(o, "text", &f->text_len);
    json_t *dv = json_object_get(o, "date");
    if (dv && !json_is_null(dv)) {
        f->date_kind = json_is_string(dv) ? 1 : 2;
        f->date = json_is_string(dv) ? json_string_value(dv) : NULL;
    }
    f->title = json_str_field(o, "title", NULL);
    f->url = json_str_field(o, "url", NULL);
    f->source = json_str_field(o, "source", NULL);
}

/* Turns the fields into a document, or names what is wrong with the record. */
static int record_to_doc(doc_reader *r, const record_fields *f, tocsin_doc *doc, char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    switch (f->id_kind) {
    case 1: doc->id = f->id; break;
    case 2:
        snprintf(r->id_buf, sizeof r->id_buf, "%lld", f->id_int);
        doc->id = r->id_buf;
        break;
    case 3:
        /* "\u0000" would cut the id short: "a\u0000b" and "a" would be one document */
        reader_err(err, errlen, "%s:%lu: record \"id\" holds a NUL character", r->path, r->line_no);
        return -1;
    default:
        reader_err(err, errlen, "%s:%lu: record has no \"id\"", r->path, r->line_no);
        return -1;
    }
    if (!f->text) {
        reader_err(err, errlen, "%s:%lu: record %s has no \"text\" string", r->path, r->line_no, doc->id);
        return -1;
    }
    doc->text = f->text;
    doc->text_len = f->text_len;
    /* An empty "date" is an unknown one, as a missing one is. */
    if (f->date_kind && !(f->date_kind == 1 && !*f->date)) {
        if (f->date_kind != 1 || accept_date(f->date, r->date_store)) {
            reader_err(err, errlen, "%s:%lu: record %s has a bad \"date\" (want YYYY-MM-DD)", r->path, r->line_no,
                       doc->id);
            return -1;
        }
        doc->date = r->date_store;
    } else if (r->opts.date) {
        doc->date = r->opts.date;
    } else {
        reader_err(err, errlen, "%s:%lu: record %s has no \"date\" (give --date YYYY-MM-DD for undated input)",
                   r->path, r->line_no, doc->id);
        return -1;
    }
    doc->title = f->title;
    doc->url = f->url;
    doc->source = f->source;
    return 1;
}

static int next_jsonl(doc_reader *r, tocsin_doc *doc, char *err, size_t errlen)
{
    for (;;) {
        if (r->json) {
            json_decref(r->json);
            r->json = NULL;
        }
        int st = next_line(r);
        if (st == 0) return 0;
        if (st < 0) {
            reader_err(err, errlen, "%s:%lu: record longer than %u MB, skipped", r->path, r->line_no,
                       MAX_RECORD >> 20);
            return -1;
        }
        /* Blank lines are not records. */
        size_t i = 0;
        while (i < r->line.len && (r->line.data[i] == ' ' || r->line.data[i] == '\t')) i++;
        if (i == r->line.len) continue;

        buf *rec = &r->line;
        if (util_utf8_valid_prefix(r->line.data, r->line.len) != r->line.len) {
            util_buf_clear(&r->fixed);
            util_utf8_repair(r->line.data, r->line.len, &r->fixed);
            rec = &r->fixed;
        }
        /* The fast parser decodes in place, so jansson gets a pristine copy if it
         * gives up half-way. */
        util_buf_clear(&r->scratch);
        util_buf_add(&r->scratch, rec->data, rec->len);
        record_fields f;
        if (!parse_flat_record(r->scratch.data, r->scratch.data + r->scratch.len, &f)) {
            json_error_t jerr;
            r->json = json_loadb(rec->data, rec->len, JSON_ALLOW_NUL, &jerr);
            if (!r->json) {
                reader_err(err, errlen, "%s:%lu: bad JSON at column %d: %s", r->path, r->line_no, jerr.column,
                           jerr.text);
                return -1;
            }
            if (!json_is_object(r->json)) {
                reader_err(err, errlen, "%s:%lu: record is not a JSON object", r->path, r->line_no);
                return -1;
            }
            tree_fields(r->json, &f);
        }
        return record_to_doc(r, &f, doc, err, errlen);
    }
}

/* Reads the rest of the input as one document (plain text or HTML). */
static int slurp(doc_reader *r, char *err, size_t errlen)
{
    util_buf_clear(&r->line);
    size_t avail;
    while ((avail = fill(r)) > 0) {
        if (r->line.len + avail > MAX_RECORD) {
            reader_err(err, errlen, "%s: document larger than %u MB, skipped", r->path, MAX_RECORD >> 20);
            r->done = 1;
            return -1;
        }
        util_buf_add(&r->line, r->chunk + r->chunk_pos, avail);
        r->chunk_pos += avail;
    }
    if (r->read_failed == 1) {
        r->read_failed = 2;
        reader_err(err, errlen, "%s", r->read_err);
        r->done = 1;
        return -1;
    }
    r->done = 1;
    return 1;
}

static int next_text(doc_reader *r, tocsin_doc *doc, char *err, size_t errlen)
{
    if (r->done) return 0;
    int st = slurp(r, err, errlen);
    if (st <= 0) return st;
    memset(doc, 0, sizeof *doc);
    doc->id = r->default_id;
    doc->text = r->line.data ? r->line.data : "";
    doc->text_len = r->line.len;
    if (r->opts.date) {
        doc->date = r->opts.date;
        return 1;
    }
    reader_err(err, errlen, "%s: %s has no publication date (give --date YYYY-MM-DD)", r->path, doc->id);
    return -1;
}

static int next_html(doc_reader *r, raw_doc *d, char *err, size_t errlen)
{
    if (r->done) return 0;
    int st = slurp(r, err, errlen);
    if (st <= 0) return st;
    memset(d, 0, sizeof *d);
    d->html = 1;
    d->doc.id = r->default_id;
    d->doc.text = r->line.data ? r->line.data : "";
    d->doc.text_len = r->line.len;
    d->where = r->path;
    return 1;
}

static int next_warc(doc_reader *r, raw_doc *d, char *err, size_t errlen)
{
    warc_record rec;
    char werr[256];
    int st = web_warc_next(r->warc, &rec, werr, sizeof werr);
    if (st == 0) return 0;
    if (st < 0) {
        reader_err(err, errlen, "%s: %s", r->path, werr);
        return -1;
    }
    /* web_warc_next gives "" (not NULL) for a missing header: such records need an id
     * of their own, or they all share "" and the store takes them for one (fuzz) */
    util_buf_clear(&r->id_store);
    if (rec.target_uri && *rec.target_uri) {
        util_buf_adds(&r->id_store, rec.target_uri);
    } else if (rec.record_id && *rec.record_id) {
        util_buf_adds(&r->id_store, rec.record_id);
    } else {
        warc_stats ws;
        web_warc_stats_get(r->warc, &ws);
        util_buf_printf(&r->id_store, "%s#record%zu", base_name(r->path), ws.records);
    }
    util_buf_clear(&r->where_store);
    util_buf_printf(&r->where_store, "%s: record %s", r->path, r->id_store.data);
    memset(d, 0, sizeof *d);
    d->html = 1;
    d->doc.id = r->id_store.data;
    d->doc.url = rec.target_uri && *rec.target_uri ? rec.target_uri : NULL;
    d->doc.text = rec.body ? rec.body : "";
    d->doc.text_len = rec.body_len;
    d->content_type = rec.content_type;
    d->fallback_date = rec.warc_date;
    d->where = r->where_store.data;
    return 1;
}

int io_extract_raw_doc(const raw_doc *d, const char *default_date, web_page *page, char date_store[11],
                    tocsin_doc *out, char *err, size_t errlen)
{
    char werr[256];
    if (web_extract(d->doc.text, d->doc.text_len, d->content_type, d->doc.url, page, werr, sizeof werr)) {
        reader_err(err, errlen, "%s: %s", d->where, werr);
        return -1;
    }
    *out = d->doc;
    out->title = page->title;
    if (page->url) out->url = page->url;
    out->text = page->text;
    out->text_len = page->text_len;
    /* The page's own date wins, then --date, then the crawl date. */
    if (page->date && !accept_date(page->date, date_store)) {
        out->date = date_store;
    } else if (default_date) {
        out->date = default_date;
    } else if (d->fallback_date && !accept_date(d->fallback_date, date_store)) {
        out->date = date_store;
    } else {
        reader_err(err, errlen, "%s: %s has no publication date (give --date YYYY-MM-DD)", d->where, d->doc.id);
        return -1;
    }
    return 0;
}

static int next_raw_by_format(doc_reader *r, raw_doc *d, char *err, size_t errlen)
{
    switch (r->format) {
    case IN_HTML: return next_html(r, d, err, errlen);
    case IN_WARC: return next_warc(r, d, err, errlen);
    default:
        memset(d, 0, sizeof *d);
        d->where = r->path;
        return r->format == IN_JSONL ? next_jsonl(r, &d->doc, err, errlen) : next_text(r, &d->doc, err, errlen);
    }
}

int io_reader_next_raw(doc_reader *r, raw_doc *d, char *err, size_t errlen)
{
    err[0] = 0;
    int st = next_raw_by_format(r, d, err, errlen);
    if (st == 0 && r->read_failed == 1) { /* the end was an error: say so once */
        r->read_failed = 2;
        memset(d, 0, sizeof *d);
        reader_err(err, errlen, "%s", r->read_err);
        return -1;
    }
    return st;
}

int io_reader_next(doc_reader *r, tocsin_doc *doc, char *err, size_t errlen)
{
    if (r->have_page) web_page_free(&r->page);
    r->have_page = 0;
    raw_doc d;
    int st = io_reader_next_raw(r, &d, err, errlen);
    if (st <= 0 || !d.html) {
        *doc = d.doc;
        return st;
    }
    int ok = io_extract_raw_doc(&d, r->opts.date, &r->page, r->date_store, doc, err, errlen);
    r->have_page = 1;
    return ok ? -1 : 1;
}

uint64_t io_reader_offset(const doc_reader *r)
{
    if (r->warc) return web_warc_input_offset(r->warc);
    if (!r->gz) return 0;
    z_off_t off = gzoffset(r->gz);
    return off > 0 ? (uint64_t)off : 0;
}

size_t io_reader_not_documents(const doc_reader *r)
{
    if (!r->warc) return 0;
    warc_stats ws;
    web_warc_stats_get(r->warc, &ws);
    return ws.skipped;
}

void io_reader_close(doc_reader *r)
{
    if (!r) return;
    if (r->json) json_decref(r->json);
    if (r->gz) gzclose(r->gz);
    if (r->warc) web_warc_close(r->warc);
    if (r->have_page) web_page_free(&r->page);
    util_buf_free(&r->line);
    util_buf_free(&r->fixed);
    util_buf_free(&r->scratch);
    util_buf_free(&r->id_store);
    util_buf_free(&r->where_store);
    free(r->chunk);
    free(r->path);
    free(r->default_id);
    free(r);
}
