/*
 * warc.c — streaming WARC/1.0 and 1.1 reader (ISO 28500).
 *
 * Web archives (Common Crawl's news crawl among them) are gigabytes of records,
 * so the reader holds one record at a time: input is read in 64 KB pieces and,
 * when gzip-compressed (one gzip member per record, or the whole file as one
 * stream — the format is detected from the magic bytes, not the file name),
 * inflated through a bounded window. A record body is capped at 20 MB; bigger
 * ones are skipped with an error. Response records whose HTTP payload is HTML
 * are returned with the payload decoded of chunked transfer-encoding and
 * gzip/deflate content-encoding (crawlers differ on whether they already did
 * this, so each decoding is applied only when the bytes really are encoded).
 * warcinfo, request, metadata, revisit, non-2xx and non-HTML records are
 * skipped and counted. A malformed record is reported once and the reader
 * resynchronises on the next "WARC/1." line; a corrupt gzip member is skipped
 * by searching the compressed bytes for the next member header.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "web/web.h"
#include "util/util.h"

#define IN_CHUNK (64u << 10)
#define WINDOW (256u << 10)
#define MAX_LINE (64u << 10)
#define MAX_RECORD (20u << 20)

struct warc_reader {
    FILE *f;
    int own;
    int gz, zlive, zbroken;
    int zmember;                  /* inside a gzip member: input consumed, its end not seen */
    int ztrunc;                   /* input ended inside a gzip member (reported once) */
    unsigned long long zmember_at; /* compressed offset where that member starts */
    z_stream z;
    unsigned char *in;
    size_t in_len, in_pos;
    unsigned long long in_base;   /* file offset of in[0] */
    int in_eof;
    unsigned char *win;           /* decompressed bytes [win_pos, win_len) */
    size_t win_pos, win_len;
    unsigned long long offset;    /* decompressed offset of win_pos */
    int resync;
    buf line, block, payload;
    char target[2048], id[256], date[64], ctype[256];
    warc_stats st;
};

/* Reads more compressed (or plain) input. */
static void read_input(warc_reader *w)
{
    if (w->in_pos < w->in_len) return;
    w->in_base += w->in_len;
    w->in_pos = 0;
    w->in_len = fread(w->in, 1, IN_CHUNK, w->f);
    if (w->in_len == 0) w->in_eof = 1;
}

/* Skips compressed input up to the next gzip member header after a corrupt member. */
static void gz_resync(warc_reader *w)
{
    for (;;) {
        read_input(w);
        if (w->in_eof) return;
        while (w->in_pos + 2 < w->in_len) {
            if (w->in[w->in_pos] == 0x1f && w->in[w->in_pos + 1] == 0x8b && w->in[w->in_pos + 2] == 8) {
                inflateReset(&w->z);
                w->zmember = 0;
                return;
            }
            w->in_pos++;
        }
        if (w->in_len - w->in_pos < 3) { /* keep a possible split header */
            size_t keep = w->in_len - w->in_pos;
            w->in_base += w->in_pos;
            memmove(w->in, w->in + w->in_pos, keep);
            size_t got = fread(w->in + keep, 1, IN_CHUNK - keep, w->f);
            w->in_pos = 0;
            w->in_len = keep + got;
            if (got == 0) {
                w->in_eof = 1;
                return;
            }
        }
    }
}

/* Makes at least one more decompressed byte available; 0 at end of input. */
static int fill(warc_reader *w)
{
    if (w->win_pos > 0) {
        memmove(w->win, w->win + w->win_pos, w->win_len - w->win_pos);
        w->win_len -= w->win_pos;
        w->win_pos = 0;
    }
    size_t before = w->win_len;
    if (w->zbroken) return 0; /* until web_warc_next reports it and resynchronises */
    while (w->win_len == before) {
        if (w->win_len == WINDOW) return 1;
        read_input(w);
        if (w->in_eof) {
            if (w->gz && w->zmember) w->ztrunc = 1;
            return 0;
        }
        if (!w->gz) {
            size_t n = w->in_len - w->in_pos;
            if (n > WINDOW - w->win_len) n = WINDOW - w->win_len;
            memcpy(w->win + w->win_len, w->in + w->in_pos, n);
            w->win_len += n;
            w->in_pos += n;
            continue;
        }
        w->z.next_in = w->in + w->in_pos;
        w->z.avail_in = (uInt)(w->in_len - w->in_pos);
        w->z.next_out = w->win + w->win_len;
        w->z.avail_out = (uInt)(WINDOW - w->win_len);
        if (!w->zmember) w->zmember_at = w->in_base + w->in_pos;
        int r = inflate(&w->z, Z_NO_FLUSH);
        if (w->in_len - w->z.avail_in > w->in_pos) w->zmember = 1;
        w->in_pos = w->in_len - w->z.avail_in;
        w->win_len = WINDOW - w->z.avail_out;
        if (r == Z_STREAM_END) {
            inflateReset(&w->z); /* next gzip member, if any */
            w->zmember = 0;
        } else if (r != Z_OK && r != Z_BUF_ERROR) {
            w->zbroken = 1;
            w->in_pos++;
            gz_resync(w);
            return w->win_len > before;
        }
    }
    return 1;
}

/* One line without its CR LF into w->line; -1 at end of input, -2 when too long. */
static int read_line(warc_reader *w)
{
    util_buf_clear(&w->line);
    for (;;) {
        if (w->win_pos == w->win_len && !fill(w)) return w->line.len ? 0 : -1;
        unsigned char *s = w->win + w->win_pos;
        size_t avail = w->win_len - w->win_pos;
        unsigned char *nl = memchr(s, '\n', avail);
        size_t take = nl ? (size_t)(nl - s) + 1 : avail;
        if (w->line.len + take <= MAX_LINE) util_buf_add(&w->line, s, take);
        w->win_pos += take;
        w->offset += take;
        if (nl) break;
    }
    if (w->line.len > MAX_LINE - 1) return -2;
    while (w->line.len && (w->line.data[w->line.len - 1] == '\n' || w->line.data[w->line.len - 1] == '\r'))
        w->line.len--;
    w->line.data[w->line.len] = 0;
    return 0;
}

/* Reads n bytes into dst (or discards them when dst is NULL); -1 when input ends first. */
static int read_exact(warc_reader *w, size_t n, buf *dst)
{
    if (dst) {
        util_buf_clear(dst);
        util_buf_reserve(dst, n);
    }
    while (n > 0) {
        if (w->win_pos == w->win_len && !fill(w)) return -1;
        size_t avail = w->win_len - w->win_pos;
        size_t take = avail < n ? avail : n;
        if (dst) util_buf_add(dst, w->win + w->win_pos, take);
        w->win_pos += take;
        w->offset += take;
        n -= take;
    }
    return 0;
}

warc_reader *web_warc_open(const char *path, char *err, size_t errlen)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    warc_reader *w = util_xcalloc(1, sizeof *w);
    w->f = f;
    w->own = f != stdin;
    w->in = util_xmalloc(IN_CHUNK);
    w->win = util_xmalloc(WINDOW);
    util_buf_init(&w->line);
    util_buf_init(&w->block);
    util_buf_init(&w->payload);
    read_input(w);
    if (w->in_len >= 2 && w->in[0] == 0x1f && w->in[1] == 0x8b) {
        w->gz = 1;
        if (inflateInit2(&w->z, 15 + 16) != Z_OK) {
            snprintf(err, errlen, "%s: zlib initialisation failed", path);
            web_warc_close(w);
            return NULL;
        }
        w->zlive = 1;
    }
    if (!w->gz && !(w->in_len >= 5 && !memcmp(w->in, "WARC/", 5))) {
        snprintf(err, errlen, "%s: not a WARC file (no WARC/1.x header at the start)", path);
        web_warc_close(w);
        return NULL;
    }
    return w;
}

void web_warc_close(warc_reader *w)
{
    if (!w) return;
    if (w->zlive) inflateEnd(&w->z);
    if (w->own) fclose(w->f);
    free(w->in);
    free(w->win);
    util_buf_free(&w->line);
    util_buf_free(&w->block);
    util_buf_free(&w->payload);
    free(w);
}

void web_warc_stats_get(const warc_reader *w, warc_stats *out)
{
    *out = w->st;
}

unsigned long long web_warc_input_offset(const warc_reader *w)
{
    off_t pos = ftello(w->f);
    size_t buffered = w->in_len - w->in_pos;
    return pos > 0 && (unsigned long long)pos >= buffered ? (unsigned long long)pos - buffered : 0;
}

static void copy_value(char *dst, size_t cap, const char *v)
{
    while (*v == ' ' || *v == '\t') v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
    /* WARC 1.0 wrote target URIs in <angle brackets> */
    if (n >= 2 && v[0] == '<' && v[n - 1] == '>' && strncmp(v, "<urn:", 5)) v++, n -= 2;
    if (n >= cap) n = cap - 1;
    memcpy(dst, v, n);
    dst[n] = 0;
}

/* Removes chunked transfer-encoding in place; -1 when the bytes are not chunked. */
static int dechunk(buf *b)
{
    size_t r = 0, wpos = 0, n = b->len;
    char *s = b->data;
    for (;;) {
        size_t k = r, size = 0;
        int digits = 0;
        while (k < n && isxdigit((unsigned char)s[k])) {
            int c = tolower((unsigned char)s[k]);
            size = size * 16 + (size_t)(c <= '9' ? c - '0' : c - 'a' + 10);
            if (size > MAX_RECORD) return -1;
            k++, digits++;
        }
        if (!digits) return -1;
        const char *nl = memchr(s + k, '\n', n - k);
        if (!nl) return -1;
        k = (size_t)(nl - s) + 1;
        if (size == 0) break;
        if (k + size > n) size = n - k; /* truncated capture: keep what there is */
        memmove(s + wpos, s + k, size);
        wpos += size;
        r = k + size;
        while (r < n && (s[r] == '\r' || s[r] == '\n')) r++;
        if (r >= n) break;
    }
    b->len = wpos;
    s[wpos] = 0;
    return 0;
}

/* Inflates gzip or zlib content-encoding; -1 on corrupt data. */
static int decompress(const char *s, size_t n, buf *out, int raw_deflate)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, raw_deflate ? -15 : 15 + 32) != Z_OK) return -1;
    util_buf_clear(out);
    z.next_in = (unsigned char *)s;
    z.avail_in = (uInt)n;
    int r = Z_OK;
    while (r == Z_OK && out->len < MAX_RECORD) {
        util_buf_reserve(out, 65536);
        z.next_out = (unsigned char *)out->data + out->len;
        z.avail_out = (uInt)(out->cap - out->len - 1);
        size_t before = z.avail_out;
        r = inflate(&z, Z_NO_FLUSH);
        out->len += before - z.avail_out;
        if (r == Z_BUF_ERROR && z.avail_in == 0) break; /* truncated capture */
    }
    inflateEnd(&z);
    if (out->data) out->data[out->len] = 0;
    return (r == Z_OK || r == Z_STREAM_END || r == Z_BUF_ERROR) && out->len > 0 ? 0 : -1;
}

static int is_html_type(const char *ct)
{
    return strcasestr(ct, "text/html") || strcasestr(ct, "application/xhtml");
}

static int sniff_html(const char *s, size_t n)
{
    size_t lim = n < 1024 ? n : 1024;
    size_t i = 0;
    while (i < lim && isspace((unsigned char)s[i])) i++;
    if (i >= lim || s[i] != '<') return 0;
    for (size_t k = i; k + 5 < lim; k++)
        if (!strncasecmp(s + k, "<html", 5) || !strncasecmp(s + k, "<!doctype html", 14) ||
            !strncasecmp(s + k, "<head", 5) || !strncasecmp(s + k, "<body", 5))
            return 1;
    return 0;
}

/* After a read ran out: a corrupt gzip member is reported and skipped (the
 * reader goes on at the next member); otherwise the input really ended. */
static int read_failed(warc_reader *w, unsigned long long off, const char *what, char *err, size_t errlen)
{
    w->st.errors++;
    if (w->ztrunc) {
        w->ztrunc = 0;
        w->zmember = 0;
        snprintf(err, errlen,
                 "offset %llu: the gzip member at compressed byte %llu is cut short (the file is truncated)%s%s%s%s",
                 off, w->zmember_at, w->id[0] ? "; record " : "", w->id[0] ? w->id : "", *what ? ": " : "", what);
        return -1;
    }
    if (w->zbroken) {
        w->zbroken = 0;
        w->resync = 1;
        snprintf(err, errlen, "offset %llu: corrupt gzip data%s%s; skipped to the next gzip member", off,
                 w->id[0] ? " in record " : "", w->id[0] ? w->id : "");
        return -1;
    }
    snprintf(err, errlen, "offset %llu: record %s: %s", off, w->id[0] ? w->id : "(no id)", what);
    return -1;
}

/* The HTTP status line and headers at the start of a response record. */
typedef struct http_head {
    int status, header_end, chunked, gzipped, deflated;
    char ctype[256];
} http_head;

/* Parses the HTTP head of s[0, n) into h; returns where the payload starts. */
static size_t parse_http_head(const char *s, size_t n, http_head *h)
{
    memset(h, 0, sizeof *h);
    size_t i = 0;
    if (n > 12 && !strncmp(s, "HTTP/", 5)) {
        const char *sp = memchr(s, ' ', n < 32 ? n : 32);
        if (sp) h->status = atoi(sp + 1);
    }
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        if (!nl) break;
        size_t ll = (size_t)(nl - (s + i));
        if (ll && s[i + ll - 1] == '\r') ll--;
        if (ll == 0) {
            h->header_end = 1;
            return (size_t)(nl - s) + 1;
        }
        char hl[512];
        size_t cl = ll < sizeof hl - 1 ? ll : sizeof hl - 1;
        memcpy(hl, s + i, cl);
        hl[cl] = 0;
        char *colon = strchr(hl, ':');
        if (colon) {
            *colon = 0;
            if (!strcasecmp(hl, "Content-Type")) copy_value(h->ctype, sizeof h->ctype, colon + 1);
            else if (!strcasecmp(hl, "Transfer-Encoding") && strcasestr(colon + 1, "chunked")) h->chunked = 1;
            else if (!strcasecmp(hl, "Content-Encoding")) {
                if (strcasestr(colon + 1, "gzip")) h->gzipped = 1;
                else if (strcasestr(colon + 1, "deflate")) h->deflated = 1;
            }
        }
        i = (size_t)(nl - s) + 1;
    }
    return i;
}

/* The payload p[0, n) into w->payload, decoded only where it really is encoded
 * (chunked, gzip, deflate); -1 with err on a corrupt encoding. */
static int decode_payload(warc_reader *w, const http_head *h, const char *p, size_t n, char *err, size_t errlen)
{
    util_buf_clear(&w->payload);
    util_buf_add(&w->payload, p, n);
    if (h->chunked) {
        buf copy;
        util_buf_init(&copy);
        util_buf_add(&copy, w->payload.data, w->payload.len);
        if (dechunk(&copy) == 0) {
            util_buf_free(&w->payload);
            w->payload = copy;
        } else {
            util_buf_free(&copy);
        }
    }
    const unsigned char *pu = (const unsigned char *)w->payload.data;
    if ((h->gzipped && w->payload.len > 2 && pu[0] == 0x1f && pu[1] == 0x8b) ||
        (h->deflated && w->payload.len > 2)) {
        buf dec;
        util_buf_init(&dec);
        int ok = decompress(w->payload.data, w->payload.len, &dec, 0);
        if (ok != 0 && h->deflated) ok = decompress(w->payload.data, w->payload.len, &dec, 1);
        if (ok != 0) {
            util_buf_free(&dec);
            w->st.errors++;
            snprintf(err, errlen, "record %s (%s): corrupt %s content-encoding", w->id, w->target,
                     h->gzipped ? "gzip" : "deflate");
            return -1;
        }
        util_buf_free(&w->payload);
        w->payload = dec;
    }
    return 0;
}

int web_warc_next(warc_reader *w, warc_record *rec, char *err, size_t errlen)
{
    memset(rec, 0, sizeof *rec);
    for (;;) {
        w->id[0] = 0;
        unsigned long long rec_off = w->offset;
        int r;
        do {
            rec_off = w->offset;
            r = read_line(w);
        } while (r == 0 && (w->line.len == 0 || (w->resync && strncmp(w->line.data, "WARC/1.", 7))));
        if (r == -1) {
            if (w->zbroken || w->ztrunc) return read_failed(w, rec_off, "", err, errlen);
            return 0;
        }
        if (r == -2 || strncmp(w->line.data, "WARC/1.", 7)) {
            w->resync = 1;
            w->st.errors++;
            snprintf(err, errlen, "offset %llu: expected a WARC/1.x record header; skipping to the next record",
                     rec_off);
            return -1;
        }
        w->resync = 0;
        char type[64] = "", rctype[256] = "";
        long long length = -1;
        w->target[0] = w->id[0] = w->date[0] = w->ctype[0] = 0;
        for (;;) {
            r = read_line(w);
            if (r != 0 || w->line.len == 0) break;
            char *colon = strchr(w->line.data, ':');
            if (!colon) continue;
            *colon = 0;
            const char *name = w->line.data, *val = colon + 1;
            if (!strcasecmp(name, "WARC-Type")) copy_value(type, sizeof type, val);
            else if (!strcasecmp(name, "WARC-Target-URI")) copy_value(w->target, sizeof w->target, val);
            else if (!strcasecmp(name, "WARC-Record-ID")) copy_value(w->id, sizeof w->id, val);
            else if (!strcasecmp(name, "WARC-Date")) copy_value(w->date, sizeof w->date, val);
            else if (!strcasecmp(name, "Content-Type")) copy_value(rctype, sizeof rctype, val);
            else if (!strcasecmp(name, "Content-Length")) {
                char *end;
                errno = 0;
                length = strtoll(val, &end, 10);
                while (*end == ' ' || *end == '\t') end++;
                if (errno || *end || length < 0) length = -1;
            }
        }
        if (r == -1) return read_failed(w, rec_off, "input ends inside the WARC headers", err, errlen);
        w->st.records++;
        if (length < 0) {
            w->resync = 1;
            w->st.errors++;
            snprintf(err, errlen, "offset %llu: record %s: missing or invalid Content-Length", rec_off,
                     w->id[0] ? w->id : "(no id)");
            return -1;
        }
        int response = !strcasecmp(type, "response") && strcasestr(rctype, "application/http");
        if (!response || length > (long long)MAX_RECORD) {
            if (read_exact(w, (size_t)length, NULL) != 0)
                return read_failed(w, rec_off, "truncated (input ends inside the record)", err, errlen);
            if (!response) {
                w->st.skipped++;
                continue;
            }
            w->st.errors++;
            snprintf(err, errlen, "record %s (%s): %lld bytes exceeds the %u MB record limit; skipped",
                     w->id, w->target, length, MAX_RECORD >> 20);
            return -1;
        }
        if (read_exact(w, (size_t)length, &w->block) != 0)
            return read_failed(w, rec_off, "truncated (input ends inside the record)", err, errlen);
        http_head h;
        char *s = w->block.data ? w->block.data : "";
        size_t i = parse_http_head(s, w->block.len, &h);
        if (!h.status || !h.header_end) {
            w->st.errors++;
            snprintf(err, errlen, "record %s (%s): response without a valid HTTP header", w->id, w->target);
            return -1;
        }
        if (h.status < 200 || h.status > 299) {
            w->st.skipped++;
            continue;
        }
        if (decode_payload(w, &h, s + i, w->block.len - i, err, errlen) != 0) return -1;
        char *httpct = h.ctype;
        int html = httpct[0] ? is_html_type(httpct)
                             : sniff_html(w->payload.data ? w->payload.data : "", w->payload.len);
        if (!html) {
            w->st.skipped++;
            continue;
        }
        w->st.responses_html++;
        copy_value(w->ctype, sizeof w->ctype, httpct);
        rec->target_uri = w->target;
        rec->record_id = w->id;
        rec->warc_date = w->date;
        rec->content_type = w->ctype[0] ? w->ctype : NULL;
        rec->body = w->payload.data ? w->payload.data : "";
        rec->body_len = w->payload.len;
        return 1;
    }
}
