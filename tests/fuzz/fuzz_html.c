/*
 * fuzz_html.c — libFuzzer harness for web_extract(): the input is an HTML page;
 * its first byte picks the HTTP Content-Type the page claims (none, UTF-8, a
 * legacy single-byte set, a multibyte set, UTF-16, junk), so the charset
 * decoding paths are reached as well as gumbo and the main-text heuristics.
 * Checks: success gives non-NULL text of text_len bytes, valid UTF-8 (it goes
 * straight to the coder), and a date, when found, is a real calendar date.
 */
#include "fuzz_common.h"
#include "web/web.h"

static const char *const content_types[] = {
    NULL, "text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1",
    "text/html; charset=windows-1251", "text/html; charset=shift_jis", "text/html; charset=gb2312",
    "text/html; charset=utf-16", "text/html; charset=utf-16le", "application/xhtml+xml",
    "text/html; charset=\"", "text/html; charset=x-nonsense-42", ";;;charset==", "",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    tocsin_set_error_handler(fuzz_quiet, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const char *ct = content_types[data[0] % (sizeof content_types / sizeof *content_types)];
    size--; data++;
    char *html = malloc(size ? size : 1);   /* not NUL-terminated on purpose */
    if (size) memcpy(html, data, size);
    web_page page;
    memset(&page, 0x5a, sizeof page);      /* the callee must set every field */
    char err[512] = "";
    int rc = web_extract(html, size, ct, "http://example.com/a/b.html", &page, err, sizeof err);
    if (rc == 0) {
        FUZZ_CHECK(page.text != NULL);
        FUZZ_CHECK(strlen(page.text) == page.text_len);
        FUZZ_CHECK(util_utf8_valid_prefix(page.text, page.text_len) == page.text_len);
        if (page.title) FUZZ_CHECK(util_utf8_valid_prefix(page.title, strlen(page.title)) == strlen(page.title));
        if (page.author) fuzz_touch(page.author, strlen(page.author));
        if (page.url) fuzz_touch(page.url, strlen(page.url));
        if (page.lang) FUZZ_CHECK(strlen(page.lang) == 2);
        int days;
        if (page.date) FUZZ_CHECK(util_date_parse(page.date, &days) == 0);
        web_page_free(&page);
    } else {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(err[0] != 0);
    }
    free(html);
    return 0;
}
