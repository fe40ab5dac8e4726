/*
 * test_web_warc.c — the streaming WARC reader: plain, gzip per record and
 * whole-file gzip; chunked and gzip-encoded HTTP bodies; skipped record kinds;
 * corrupt gzip members, bad headers, truncated and oversized records.
 * Fixtures: the .warc files in tests/fixtures/web (made by make_warc.py there).
 */
#include "testutil.h"

#include <unistd.h>

#include "util/util.h"
#include "web/web.h"

static const char *fixture_path(const char *name)
{
    static char path[4096];
    const char *root = getenv("TOCSIN_ROOT");
    snprintf(path, sizeof path, "%s/tests/fixtures/web/%s", root ? root : ".", name);
    return path;
}

static void check_sample(const char *name)
{
    char err[512];
    warc_reader *w = web_warc_open(fixture_path(name), err, sizeof err);
    if (!w) fail_msg("%s: %s", name, err);
    warc_record r;
    const char *want_uri[] = {"http://portvale.example/strike", "http://oldtown.example/cafe",
                              "http://nowhere.example/plain"};
    int n = 0, st;
    while ((st = web_warc_next(w, &r, err, sizeof err)) != 0) {
        if (st < 0) fail_msg("%s: unexpected error: %s", name, err);
        assert_true(n < 3);
        assert_string_equal(r.target_uri, want_uri[n]);
        assert_non_null(r.record_id);
        assert_string_equal(r.warc_date, "2022-01-02T10:00:00Z");
        web_page p;
        assert_int_equal(web_extract(r.body, r.body_len, r.content_type, r.target_uri, &p, err, sizeof err), 0);
        if (n == 0) {
            /* chunked + gzip content-encoding were undone */
            assert_string_equal(r.content_type, "text/html; charset=utf-8");
            assert_non_null(strstr(r.body, "<html>"));
            assert_non_null(strstr(p.text, "Dockworkers in Portvale began a two-day strike on Monday"));
            assert_non_null(strstr(p.text, "talks would resume on Wednesday"));
            assert_string_equal(p.title, "Dockworkers strike in Portvale");
        } else if (n == 1) {
            /* WARC/1.0 <uri>, latin-1 body decoded through the HTTP charset */
            assert_non_null(memchr(r.body, '\xe9', r.body_len));
            assert_non_null(strstr(p.text, "Café owners in the old town"));
        } else {
            assert_null(r.content_type); /* sniffed as HTML */
            assert_non_null(strstr(p.text, "recognised as HTML by its first bytes"));
        }
        web_page_free(&p);
        n++;
    }
    assert_int_equal(n, 3);
    warc_stats s;
    web_warc_stats_get(w, &s);
    assert_int_equal(s.records, 9);
    assert_int_equal(s.responses_html, 3);
    assert_int_equal(s.skipped, 6);
    assert_int_equal(s.errors, 0);
    web_warc_close(w);
}

static void test_plain(void **state)
{
    (void)state;
    check_sample("sample.warc");
}

static void test_gzip_per_record(void **state)
{
    (void)state;
    check_sample("sample.warc.gz");
}

static void test_gzip_whole_file(void **state)
{
    (void)state;
    check_sample("sample-whole.warc.gz");
}

static void test_broken(void **state)
{
    (void)state;
    char err[512];
    warc_reader *w = web_warc_open(fixture_path("broken.warc.gz"), err, sizeof err);
    assert_non_null(w);
    warc_record r;
    int ok = 0, bad = 0, st, saw_gzip = 0, saw_length = 0;
    const char *uris[2] = {0};
    while ((st = web_warc_next(w, &r, err, sizeof err)) != 0) {
        if (st < 0) {
            bad++;
            if (strstr(err, "gzip")) saw_gzip = 1;
            if (strstr(err, "Content-Length") && strstr(err, "000000000005")) saw_length = 1;
            continue;
        }
        if (ok < 2) uris[ok] = strcmp(r.target_uri, "http://portvale.example/strike") ? "cafe" : "strike";
        ok++;
    }
    assert_int_equal(ok, 2);
    assert_string_equal(uris[0], "strike");
    assert_string_equal(uris[1], "cafe");
    assert_int_equal(bad, 2);
    assert_true(saw_gzip);
    assert_true(saw_length);
    warc_stats s;
    web_warc_stats_get(w, &s);
    assert_int_equal(s.errors, 2);
    web_warc_close(w);
}

static void test_not_warc(void **state)
{
    (void)state;
    char err[512] = "";
    assert_null(web_warc_open(fixture_path("article.html"), err, sizeof err));
    assert_non_null(strstr(err, "not a WARC"));
    assert_null(web_warc_open(fixture_path("no-such-file.warc"), err, sizeof err));
    assert_non_null(strstr(err, "no-such-file"));
}

static char *temp_file(const buf *content)
{
    char *path = util_xstrdup("/tmp/tocsin-warc-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content->data, content->len), (ssize_t)content->len);
    close(fd);
    return path;
}

static void add_response(buf *b, const char *id, const char *http, size_t body_len, char fill)
{
    size_t hl = strlen(http);
    util_buf_printf(b, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
                  "WARC-Target-URI: http://t.example/%s\r\nContent-Type: application/http; msgtype=response\r\n"
                  "Content-Length: %zu\r\n\r\n%s", id, id, hl + body_len, http);
    util_buf_reserve(b, body_len);
    memset(b->data + b->len, fill, body_len);
    b->len += body_len;
    util_buf_adds(b, "\r\n\r\n");
}

static void test_truncated_and_oversized(void **state)
{
    (void)state;
    char err[512];
    buf b;
    util_buf_init(&b);
    /* a record over the 20 MB limit is skipped with an error; the next is read */
    add_response(&b, "big", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", 21u << 20, 'x');
    const char *page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>small page text</p>";
    add_response(&b, "small", page, 0, ' ');
    /* and a last record cut short */
    add_response(&b, "cut", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", 1000, 'y');
    b.len -= 600;
    char *path = temp_file(&b);
    warc_reader *w = web_warc_open(path, err, sizeof err);
    assert_non_null(w);
    warc_record r;
    assert_int_equal(web_warc_next(w, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "limit"));
    assert_non_null(strstr(err, "big"));
    assert_int_equal(web_warc_next(w, &r, err, sizeof err), 1);
    assert_string_equal(r.target_uri, "http://t.example/small");
    assert_non_null(strstr(r.body, "small page text"));
    assert_int_equal(web_warc_next(w, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "truncated"));
    assert_int_equal(web_warc_next(w, &r, err, sizeof err), 0);
    web_warc_close(w);
    unlink(path);
    free(path);
    util_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),           cmocka_unit_test(test_gzip_per_record),
        cmocka_unit_test(test_gzip_whole_file), cmocka_unit_test(test_broken),
        cmocka_unit_test(test_not_warc),        cmocka_unit_test(test_truncated_and_oversized),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
