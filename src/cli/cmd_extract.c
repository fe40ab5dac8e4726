/*
 * cmd_extract.c — `tocsin extract [--format text|json] FILE...`: the main text
 * and metadata of web pages.
 *
 * Each FILE is an HTML page (plain or gzip-compressed; "-" is standard input)
 * or a WARC archive, whose HTML response records are each extracted. Text
 * format prints the article text (with a "==> name <==" line before each
 * document when there are several); JSON format prints one object per
 * document: {"file","title","date","author","url","lang","text"}. A page that
 * cannot be read or is not HTML is reported on stderr by name and the rest go
 * on; the exit status is then 1.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "io/io.h"
#include "util/util.h"
#include "web/web.h"

#define MAX_PAGE_BYTES (64u << 20) /* read at most this much of one page */

typedef struct extract_args {
    int format; /* index in "text|json" */
} extract_args;

static const cli_opt extract_opts[] = {
    CLI_O_CHOICE("--format", "FORMAT", extract_args, format, "text|json",
                 "text (default): the article text, paragraphs separated by blank lines\n"
                 "json: one JSON object per page: file, title, date, author, url, lang, text"),
    CLI_O_END,
};

const cli_cmd cli_cmd_extract = {
    .name = "extract",
    .run = cmd_extract,
    .summary = "extract an article's main text and metadata from HTML",
    .synopsis = "[--format text|json] FILE...",
    .operand = "FILE",
    .min_operands = 1,
    .about = "Each FILE is an HTML page (.html, .html.gz; - for standard input) or a WARC file,\n"
             "whose HTML response records are each extracted. With several documents, text\n"
             "format puts a \"==> name <==\" line before each.",
    .groups = {{extract_opts, 0}},
    .exit_status = "0 all extracted; 1 some pages could not be read or were not HTML (each reported); 2 usage error",
};

/* Reads a file, inflating gzip transparently; NULL with err set on failure. */
static char *read_page(const char *path, size_t *len, int *truncated, char *err, size_t errlen)
{
    gzFile g = strcmp(path, "-") ? gzopen(path, "rb") : gzdopen(dup(0), "rb");
    if (!g) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : ENOMEM));
        return NULL;
    }
    buf b;
    util_buf_init(&b);
    *truncated = 0;
    for (;;) {
        util_buf_reserve(&b, 1 << 16);
        int n = gzread(g, b.data + b.len, (unsigned)(b.cap - b.len - 1));
        if (n <= 0) { /* the end, or a read error (a truncated gzip file: its offset) */
            if (io_gz_read_error(g, path, err, errlen)) {
                gzclose(g);
                util_buf_free(&b);
                return NULL;
            }
            break;
        }
        b.len += (size_t)n;
        if (b.len >= MAX_PAGE_BYTES) {
            *truncated = 1;
            break;
        }
    }
    gzclose(g);
    if (!b.data) util_buf_reserve(&b, 1);
    b.data[b.len] = 0;
    *len = b.len;
    return b.data;
}

static void add_field(buf *o, const char *key, const char *val)
{
    util_buf_printf(o, ",\"%s\":", key);
    if (val) util_buf_add_json_str(o, val, strlen(val));
    else util_buf_adds(o, "null");
}

static void print_page(const web_page *p, const char *name, int json, int many, buf *o)
{
    util_buf_clear(o);
    if (json) {
        util_buf_adds(o, "{\"file\":");
        util_buf_add_json_str(o, name, strlen(name));
        add_field(o, "title", p->title);
        add_field(o, "date", p->date);
        add_field(o, "author", p->author);
        add_field(o, "url", p->url);
        add_field(o, "lang", p->lang);
        util_buf_adds(o, ",\"text\":");
        util_buf_add_json_str(o, p->text, p->text_len);
        util_buf_adds(o, "}\n");
    } else {
        if (many) util_buf_printf(o, "==> %s <==\n", name);
        util_buf_add(o, p->text, p->text_len);
        util_buf_adds(o, many ? "\n\n" : "\n");
    }
    fwrite(o->data, 1, o->len, stdout);
}

/* A WARC file (plain or gzip) starts with "WARC/1."; peeked without reading
 * the whole file, since an archive can be gigabytes and partly corrupt. */
static int is_warc_file(const char *path)
{
    if (!strcmp(path, "-")) return 0;
    size_t n0 = strlen(path);
    if ((n0 > 5 && !strcmp(path + n0 - 5, ".warc")) || (n0 > 8 && !strcmp(path + n0 - 8, ".warc.gz"))) return 1;
    gzFile g = gzopen(path, "rb");
    if (!g) return 0;
    char head[8];
    int n = gzread(g, head, 7);
    gzclose(g);
    return n == 7 && !memcmp(head, "WARC/1.", 7);
}

static int extract_warc(const char *path, int json, buf *o)
{
    char err[512];
    warc_reader *w = web_warc_open(path, err, sizeof err);
    if (!w) {
        fprintf(stderr, "tocsin extract: %s\n", err);
        return 2;
    }
    int failed = 0, r;
    warc_record rec;
    buf name;
    util_buf_init(&name);
    while ((r = web_warc_next(w, &rec, err, sizeof err)) != 0) {
        if (r < 0) {
            fprintf(stderr, "tocsin extract: %s: %s\n", path, err);
            failed = 1;
            continue;
        }
        web_page p;
        util_buf_clear(&name);
        util_buf_printf(&name, "%s#%s", path, rec.target_uri && *rec.target_uri ? rec.target_uri : rec.record_id);
        if (web_extract(rec.body, rec.body_len, rec.content_type, rec.target_uri, &p, err, sizeof err) != 0) {
            fprintf(stderr, "tocsin extract: %s record %s: %s\n", path, rec.record_id, err);
            failed = 1;
            continue;
        }
        if (p.cut) fprintf(stderr, "tocsin extract: warning: %s record %s: page cut: %s\n", path, rec.record_id,
                           web_cut_reason(p.cut));
        print_page(&p, name.data, json, 1, o);
        web_page_free(&p);
    }
    warc_stats st;
    web_warc_stats_get(w, &st);
    fprintf(stderr, "tocsin extract: %s: %zu records, %zu HTML responses extracted, %zu skipped, %zu errors\n",
            path, st.records, st.responses_html, st.skipped, st.errors);
    web_warc_close(w);
    util_buf_free(&name);
    return failed;
}

int cmd_extract(int argc, char **argv)
{
    extract_args args = {0};
    cli_operands ops;
    int st = cli_parse(&cli_cmd_extract, argc, argv, &args, &ops);
    if (st >= 0) return st;
    char **files = ops.v;
    int nfiles = ops.n, json = args.format == 1;
    int failed = 0, unopened = 0;
    buf o;
    util_buf_init(&o);
    for (int i = 0; i < nfiles; i++) {
        char err[512];
        size_t len = 0;
        int truncated = 0;
        struct stat sb = {0};
        if (strcmp(files[i], "-") && (stat(files[i], &sb) != 0 || S_ISDIR(sb.st_mode))) {
            fprintf(stderr, "tocsin extract: %s: cannot open: %s\n", files[i],
                    S_ISDIR(sb.st_mode) ? "is a directory" : strerror(errno));
            unopened = 1;
            continue;
        }
        if (is_warc_file(files[i])) {
            int st = extract_warc(files[i], json, &o);
            if (st == 2) unopened = 1;
            else failed |= st;
            continue;
        }
        char *bytes = read_page(files[i], &len, &truncated, err, sizeof err);
        if (!bytes) {
            fprintf(stderr, "tocsin extract: %s\n", err);
            failed = 1;
            continue;
        }
        if (truncated)
            fprintf(stderr, "tocsin extract: %s: larger than %u MB; only the start was read\n", files[i],
                    MAX_PAGE_BYTES >> 20);
        web_page p;
        if (web_extract(bytes, len, NULL, NULL, &p, err, sizeof err) != 0) {
            fprintf(stderr, "tocsin extract: %s: %s\n", files[i], err);
            failed = 1;
        } else {
            if (p.cut) fprintf(stderr, "tocsin extract: warning: %s: page cut: %s\n", files[i], web_cut_reason(p.cut));
            print_page(&p, files[i], json, nfiles > 1, &o);
            web_page_free(&p);
        }
        free(bytes);
    }
    util_buf_free(&o);
    cli_operands_free(&ops);
    fflush(stdout);
    return unopened ? 2 : failed ? 1 : 0;
}
