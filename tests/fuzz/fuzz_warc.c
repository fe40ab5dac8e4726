/*
 * fuzz_warc.c — libFuzzer harness for the WARC reader: the input bytes become a
 * temporary file (plain or, when they start with the gzip magic, gzip) read with
 * web_warc_open()/web_warc_next() to the end; every HTML record's body then goes through
 * web_extract(), as `tocsin code x.warc` does.
 * Checks: -1 always comes with a message, the reader ends (a malformed record is
 * skipped, never re-read forever), and record fields are readable.
 */
#include "fuzz_common.h"
#include "web/web.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    tocsin_set_error_handler(fuzz_quiet, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_temp_file(".warc", data, size);
    char err[512] = "";
    warc_reader *w = web_warc_open(path, err, sizeof err);
    if (!w) {
        FUZZ_CHECK(err[0] != 0);
        return 0;
    }
    warc_record rec;
    int rc, steps = 0;
    /* a malformed record must be skipped, not re-reported forever (a gzip member
     * can inflate far beyond its size, so the bound is generous; -timeout catches the rest) */
    while ((rc = web_warc_next(w, &rec, err, sizeof err)) != 0) {
        FUZZ_CHECK(++steps <= 1000000);
        if (rc < 0) {
            FUZZ_CHECK(rc == -1 && err[0] != 0);
            err[0] = 0;
            continue;
        }
        FUZZ_CHECK(rc == 1);
        if (rec.target_uri) fuzz_touch(rec.target_uri, strlen(rec.target_uri));
        if (rec.record_id) fuzz_touch(rec.record_id, strlen(rec.record_id));
        if (rec.warc_date) fuzz_touch(rec.warc_date, strlen(rec.warc_date));
        FUZZ_CHECK(rec.body != NULL || rec.body_len == 0);
        fuzz_touch(rec.body, rec.body_len);
        web_page page;
        char e2[512] = "";
        if (web_extract(rec.body, rec.body_len, rec.content_type, rec.target_uri, &page, e2, sizeof e2) == 0) {
            FUZZ_CHECK(util_utf8_valid_prefix(page.text, page.text_len) == page.text_len);
            web_page_free(&page);
        }
    }
    warc_stats st;
    web_warc_stats_get(w, &st);
    web_warc_close(w);
    unlink(path);
    return 0;
}
