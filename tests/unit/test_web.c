/*
 * test_web.c — web_extract(): main text, metadata, character sets, dates and
 * hostile pages (deep nesting, unclosed tags, a 50 MB page, binary bodies).
 * Fixture pages live in tests/fixtures/web (written for these tests).
 */
#include "testutil.h"

#include <time.h>

#include "util/util.h"
#include "web/web.h"
#include "web/web_internal.h"

static char *fixture(const char *name, size_t *len)
{
    const char *root = getenv("TOCSIN_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/web/%s", root ? root : ".", name);
    char *s = util_read_file(path, len);
    if (!s) fail_msg("cannot read fixture %s", path);
    return s;
}

static web_page extract_ok(const char *html, size_t len, const char *ct, const char *url)
{
    web_page p;
    char err[256];
    int r = web_extract(html, len, ct, url, &p, err, sizeof err);
    if (r != 0) fail_msg("web_extract failed: %s", err);
    assert_non_null(p.text);
    return p;
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* ---- main text ---- */

static void test_article_text(void **state)
{
    (void)state;
    size_t len;
    char *html = fixture("article.html", &len);
    web_page p = extract_ok(html, len, NULL, "https://courier.example/news/2022/01/02/harbour-flood-barrier");
    const char *t = p.text;
    /* the story, in order, with its subheading */
    const char *a = strstr(t, "The harbour council of Westmarch voted on Sunday");
    const char *b = strstr(t, "The barrier, which will cost an estimated 40 million");
    const char *h = strstr(t, "Fishermen divided");
    const char *c = strstr(t, "“We have waited long enough,” said Ilse Varga");
    const char *d = strstr(t, "The regional government is expected to approve the funding in February.");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(h);
    assert_non_null(c);
    assert_non_null(d);
    assert_true(a < b && b < h && h < c && c < d);
    assert_true(a == t); /* nothing before the first paragraph */
    /* paragraphs separated by blank lines */
    assert_non_null(strstr(t, "winter storms.\n\nThe barrier"));
    /* boilerplate dropped */
    const char *junk[] = {"cookies", "Home", "Share on Facebook", "Advertisement", "Related stories",
                          "Storm damage", "Leave a Reply", "waste of money", "Post comment", "Most read",
                          "sidebar teaser", "Copyright", "artist's impression", "not text", "font-family",
                          "By Mira Olsen"};
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++)
        if (strstr(t, junk[i])) fail_msg("boilerplate '%s' in the extracted text:\n%s", junk[i], t);
    assert_int_equal(p.text_len, strlen(p.text));
    web_page_free(&p);
    free(html);
}

static void test_article_metadata(void **state)
{
    (void)state;
    size_t len;
    char *html = fixture("article.html", &len);
    web_page p = extract_ok(html, len, NULL, "https://courier.example/x?utm=1");
    assert_string_equal(p.title, "Harbour council agrees new flood barrier");
    assert_string_equal(p.date, "2022-01-02"); /* the local date of 18:45 -05:00, not UTC's 3rd */
    assert_string_equal(p.author, "Mira Olsen");
    assert_string_equal(p.url, "https://courier.example/news/2022/01/02/harbour-flood-barrier");
    assert_string_equal(p.lang, "en");
    web_page_free(&p);
    free(html);
}

static void test_metadata_sources(void **state)
{
    (void)state;
    /* no JSON-LD: meta published time, <title> cleaned of its site suffix, meta author */
    const char *h1 =
        "<html><head><title>Rail strike called off after late-night talks - Daily Planet</title>"
        "<meta property=\"article:published_time\" content=\"2021-03-04T08:00:00Z\">"
        "<meta name=\"author\" content=\"By Jon Kerr\"></head><body><p>Union leaders called off the "
        "national rail strike after talks that ran late into the night, the transport ministry said.</p>"
        "</body></html>";
    web_page p = extract_ok(h1, strlen(h1), NULL, NULL);
    assert_string_equal(p.title, "Rail strike called off after late-night talks");
    assert_string_equal(p.date, "2021-03-04");
    assert_string_equal(p.author, "Jon Kerr");
    assert_null(p.url);
    web_page_free(&p);

    /* date from <time datetime>, title from h1 */
    const char *h2 = "<html><body><h1>Ferry service resumes</h1><time datetime=\"2020-07-15\">15 July</time>"
                     "<p>The ferry service between the islands resumed on Wednesday after a month-long "
                     "suspension caused by engine trouble, the operator said.</p></body></html>";
    p = extract_ok(h2, strlen(h2), NULL, NULL);
    assert_string_equal(p.title, "Ferry service resumes");
    assert_string_equal(p.date, "2020-07-15");
    web_page_free(&p);

    /* date from the URL only */
    const char *h3 = "<html><body><p>The city library will reopen next month after repairs to its roof "
                     "were finished ahead of schedule, officials said on Monday.</p></body></html>";
    p = extract_ok(h3, strlen(h3), NULL, "https://news.example/2019/11/18/library-reopens");
    assert_string_equal(p.date, "2019-11-18");
    assert_string_equal(p.url, "https://news.example/2019/11/18/library-reopens");
    web_page_free(&p);

    /* a UTC timestamp just past midnight belongs to the URL's (local) day */
    const char *h3b = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                      "\"datePublished\":\"2019-11-19T03:05:46Z\"}</script></head><body><p>The city library "
                      "will reopen next month after repairs to its roof, officials said.</p></body></html>";
    p = extract_ok(h3b, strlen(h3b), NULL, "https://news.example/2019/11/18/library-reopens");
    assert_string_equal(p.date, "2019-11-18");
    web_page_free(&p);
    p = extract_ok(h3b, strlen(h3b), NULL, NULL);
    assert_string_equal(p.date, "2019-11-19");
    web_page_free(&p);

    /* visible dateline in a date element */
    const char *h4 = "<html><body><div class=\"post-date\">Posted on March 9, 2018</div><p>The mountain "
                     "pass was closed again on Friday after heavy snow, and drivers were told to wait "
                     "for the ploughs.</p></body></html>";
    p = extract_ok(h4, strlen(h4), NULL, NULL);
    assert_string_equal(p.date, "2018-03-09");
    web_page_free(&p);

    /* nothing known: NULLs, not guesses */
    const char *h5 = "<p>Just one short paragraph of text without any metadata around it at all, none.</p>";
    p = extract_ok(h5, strlen(h5), NULL, NULL);
    assert_null(p.date);
    assert_null(p.author);
    web_page_free(&p);
}

static void test_language(void **state)
{
    (void)state;
    const char *pt = "<html><body><article><p>O governo anunciou nesta segunda-feira um novo pacote de "
                     "medidas para conter a inflação, que atingiu o maior nível dos últimos dez anos, "
                     "segundo dados divulgados pelo instituto de estatística.</p><p>Os sindicatos "
                     "criticaram as medidas e prometeram manifestações em todo o país na próxima "
                     "semana.</p></article></body></html>";
    web_page p = extract_ok(pt, strlen(pt), NULL, NULL);
    assert_string_equal(p.lang, "pt");
    web_page_free(&p);
    /* fuzz: the declared language, used when the text is too short to tell, is
     * kept only as a two-letter code ("edaten" once gave lang "eda") */
    const char *odd = "<html lang=\"edaten\"><body><p>Short.</p></body></html>";
    p = extract_ok(odd, strlen(odd), NULL, NULL);
    assert_null(p.lang);
    web_page_free(&p);
    const char *gb = "<html lang=\"en-GB\"><body><p>Short.</p></body></html>";
    p = extract_ok(gb, strlen(gb), NULL, NULL);
    assert_string_equal(p.lang, "en");
    web_page_free(&p);
    /* fuzz: a <title> cut at its 1000-byte bound inside a two-byte character
     * keeps no half of it (it used to end in a lone lead byte) */
    char long_title[1200];
    int k = snprintf(long_title, sizeof long_title, "<html><head><title>");
    memset(long_title + k, 'a', 998);
    snprintf(long_title + k + 998, sizeof long_title - (size_t)k - 998,
             "\xC3\xA9" "b</title></head><body><p>Short.</p></body></html>");
    p = extract_ok(long_title, strlen(long_title), NULL, NULL);
    assert_non_null(p.title);
    assert_int_equal(util_utf8_valid_prefix(p.title, strlen(p.title)), strlen(p.title));
    web_page_free(&p);
}

/* ---- character sets ---- */

static void test_charsets(void **state)
{
    (void)state;
    const char *para = " owners marched to the town hall on Tuesday to protest against a new tax on terraces.";
    char html[512];
    /* declared latin-1 in <meta> */
    snprintf(html, sizeof html, "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9%s</p></body></html>", para);
    web_page p = extract_ok(html, strlen(html), NULL, NULL);
    assert_non_null(strstr(p.text, "Café owners"));
    web_page_free(&p);
    /* http-equiv */
    snprintf(html, sizeof html, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
             "</head><body><p>\x93Quoted\x94 caf\xe9%s</p></body></html>", para);
    p = extract_ok(html, strlen(html), NULL, NULL);
    assert_non_null(strstr(p.text, "“Quoted” café"));
    web_page_free(&p);
    /* the HTTP header wins over nothing declared */
    snprintf(html, sizeof html, "<html><body><p>Caf\xe9%s</p></body></html>", para);
    p = extract_ok(html, strlen(html), "text/html; charset=ISO-8859-1", NULL);
    assert_non_null(strstr(p.text, "Café owners"));
    web_page_free(&p);
    /* undeclared and not UTF-8: windows-1252 fallback */
    p = extract_ok(html, strlen(html), NULL, NULL);
    assert_non_null(strstr(p.text, "Café owners"));
    web_page_free(&p);
    /* declared latin-1 but really UTF-8 */
    snprintf(html, sizeof html, "<html><head><meta charset=latin1></head><body><p>Caf\xc3\xa9%s</p></body></html>", para);
    p = extract_ok(html, strlen(html), NULL, NULL);
    assert_non_null(strstr(p.text, "Café owners"));
    web_page_free(&p);
    /* UTF-8 BOM */
    snprintf(html, sizeof html, "\xEF\xBB\xBF<html><body><p>Caf\xc3\xa9%s</p></body></html>", para);
    p = extract_ok(html, strlen(html), NULL, NULL);
    assert_non_null(strstr(p.text, "Café owners"));
    web_page_free(&p);
    /* Shift_JIS through iconv: 日本 is 93FA 967B */
    snprintf(html, sizeof html, "<html><head><meta charset=\"shift_jis\"></head><body><p>\x93\xfa\x96\x7b%s</p></body></html>", para);
    p = extract_ok(html, strlen(html), NULL, NULL);
    assert_non_null(strstr(p.text, "日本 owners"));
    web_page_free(&p);
    /* invalid bytes in a UTF-8 page: replaced, never passed through */
    snprintf(html, sizeof html, "<html><head><meta charset=utf-8></head><body><p>Caf\xc3\xa9 \xff\xfe\xc3%s</p></body></html>", para);
    p = extract_ok(html, strlen(html), NULL, NULL);
    assert_int_equal(util_utf8_valid_prefix(p.text, p.text_len), p.text_len);
    assert_non_null(strstr(p.text, "Café \xEF\xBF\xBD"));
    web_page_free(&p);
    /* unknown charset name: decided like an undeclared page */
    snprintf(html, sizeof html, "<html><head><meta charset=\"x-no-such\"></head><body><p>Caf\xc3\xa9%s</p></body></html>", para);
    p = extract_ok(html, strlen(html), NULL, NULL);
    assert_non_null(strstr(p.text, "Café owners"));
    web_page_free(&p);
}

/* ---- dates ---- */

static void check_date(const char *in, const char *want)
{
    char out[11];
    int r = web_normalize_date(in, strlen(in), out);
    if (!want) {
        if (r == 0) fail_msg("'%s' gave %s, expected no date", in, out);
        return;
    }
    if (r != 0) fail_msg("'%s' gave no date, expected %s", in, want);
    if (strcmp(out, want)) fail_msg("'%s' gave %s, expected %s", in, out, want);
}

static void test_dates(void **state)
{
    (void)state;
    check_date("2022-01-02", "2022-01-02");
    check_date("2022-01-02T23:30:00-05:00", "2022-01-02");
    check_date("2019/11/18", "2019-11-18");
    check_date("20191118", "2019-11-18");
    check_date("Mon, 18 Nov 2019 10:00:00 GMT", "2019-11-18");
    check_date("November 18, 2019 12:26 PM", "2019-11-18");
    check_date("Nov. 18, 2019", "2019-11-18");
    check_date("18 November 2019", "2019-11-18");
    check_date("2 de janeiro de 2022", "2022-01-02");
    check_date("18.11.2019", "2019-11-18");
    check_date("11/18/2019", "2019-11-18");
    check_date("1574035200", "2019-11-18");
    check_date("03/04/2019", NULL);   /* ambiguous day/month */
    check_date("2019-02-30", NULL);   /* no such day */
    check_date("1850-01-01", NULL);   /* not a news date */
    check_date("yesterday", NULL);
    check_date("", NULL);
    char out[11];
    assert_int_equal(web_date_from_url("https://x.example/news/2022/01/02/story", out), 0);
    assert_string_equal(out, "2022-01-02");
    assert_int_equal(web_date_from_url("https://x.example/story-20220102.html", out), 0);
    assert_string_equal(out, "2022-01-02");
    assert_int_not_equal(web_date_from_url("https://x.example/item/123456/", out), 0);
    const char *t = "By Staff | Updated March 9, 2018 at 10:00";
    assert_int_equal(web_date_in_text(t, strlen(t), out), 0);
    assert_string_equal(out, "2018-03-09");
}

/* ---- hostile pages ---- */

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 100000;
    buf b;
    util_buf_init(&b);
    for (size_t i = 0; i < depth; i++) util_buf_adds(&b, "<div>");
    util_buf_adds(&b, "<p>At the bottom of a hundred thousand nested divisions, this paragraph still comes out.</p>");
    for (size_t i = 0; i < depth; i++) util_buf_adds(&b, "</div>");
    double t0 = seconds();
    web_page p = extract_ok(b.data, b.len, NULL, NULL);
    double dt = seconds() - t0;
    assert_non_null(strstr(p.text, "this paragraph still comes out"));
    if (dt > 5) fail_msg("100,000 nested divs took %.1f s", dt);
    web_page_free(&p);
    /* unclosed tags of every kind */
    util_buf_clear(&b);
    for (int i = 0; i < 20000; i++) util_buf_adds(&b, "<span><b><i><table><tr><td><ul><li><p>");
    p = extract_ok(b.data, b.len, NULL, NULL);
    web_page_free(&p);
    util_buf_free(&b);
}

static void test_unclosed_and_broken(void **state)
{
    (void)state;
    const char *pages[] = {
        "<html><body><p>The first paragraph is never closed and goes on for a while with words, "
        "words and more words<p>The second paragraph is not closed either but is still text here",
        "<<<>>><!--<p>comment never ends",
        "<script>document.write('<p>no')",
        "<p>An attribute never ends <a href=\"http://x.example/",
        "</div></div></p></span><p>Stray end tags before a paragraph of real text are ignored.</p>",
        "<html><head><title>Only a title</title>",
        "plain text without any tags at all, which is still a document with some text in it",
        "<svg><svg><svg><math><mi><table><select><option>",
        "<p>NUL\0byte inside a paragraph of text that goes on after it.</p>",
    };
    size_t lens[sizeof pages / sizeof *pages];
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) lens[i] = strlen(pages[i]);
    lens[8] = 63;
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        web_page p = extract_ok(pages[i], lens[i], NULL, NULL);
        assert_int_equal(util_utf8_valid_prefix(p.text, p.text_len), p.text_len);
        web_page_free(&p);
    }
    /* a page of a few words still gives its words, without the navigation */
    const char *tiny = "<nav><a href=\"/\">Home</a></nav><p>Hello world</p>";
    web_page t = extract_ok(tiny, strlen(tiny), NULL, NULL);
    assert_string_equal(t.text, "Hello world");
    web_page_free(&t);
    web_page p = extract_ok(pages[0], lens[0], NULL, NULL);
    assert_non_null(strstr(p.text, "The first paragraph is never closed"));
    assert_non_null(strstr(p.text, "The second paragraph"));
    web_page_free(&p);
}

static void test_huge_page(void **state)
{
    (void)state;
    buf b;
    util_buf_init(&b);
    util_buf_adds(&b, "<html><body><div class=\"story\">");
    const char *para = "<p>Officials said the river had risen above its banks in several places overnight, "
                       "forcing hundreds of families to leave their homes, and more rain is expected.</p>\n";
    while (b.len < (50u << 20)) util_buf_adds(&b, para);
    util_buf_adds(&b, "</div></body></html>");
    double t0 = seconds();
    web_page p = extract_ok(b.data, b.len, NULL, NULL);
    double dt = seconds() - t0;
    assert_true(p.text_len > 1000);
    if (dt > 60) fail_msg("a 50 MB page took %.1f s", dt);
    web_page_free(&p);
    util_buf_free(&b);
}

static void test_binary(void **state)
{
    (void)state;
    web_page p;
    char err[256];
    const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    assert_int_equal(web_extract(png, sizeof png - 1, NULL, NULL, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "PNG"));
    assert_int_equal(web_extract("", 0, NULL, NULL, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "empty"));
    unsigned char junk[65536];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    assert_int_equal(web_extract((const char *)junk, sizeof junk, NULL, NULL, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "not an HTML document"));
    /* high bytes but no control bytes: text in some encoding, extracted without crashing */
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(0x80 | junk[i]);
    p = extract_ok((const char *)junk, sizeof junk, NULL, NULL);
    assert_int_equal(util_utf8_valid_prefix(p.text, p.text_len), p.text_len);
    web_page_free(&p);
}

static void test_prefilter(void **state)
{
    (void)state;
    buf out;
    util_buf_init(&out);
    const char *in = "<p>a<!-- c --><script>x<y</script><script type=\"application/ld+json\">{}</script>"
                     "<style>p{}</style><svg><path/></svg>b</p>";
    web_prefilter(in, strlen(in), 100, &out);
    assert_string_equal(out.data, "<p>a<script type=\"application/ld+json\">{}</script>b</p>");
    /* depth limit drops the deepest start tags and their end tags */
    const char *deep = "<div><div><div><div>x</div></div></div></div>";
    size_t dropped = web_prefilter(deep, strlen(deep), 8, &out);
    assert_int_equal(dropped, 0);
    buf b;
    util_buf_init(&b);
    for (int i = 0; i < 20; i++) util_buf_adds(&b, "<div>");
    util_buf_adds(&b, "x");
    for (int i = 0; i < 20; i++) util_buf_adds(&b, "</div>");
    dropped = web_prefilter(b.data, b.len, 8, &out);
    assert_int_equal(dropped, 12);
    util_buf_free(&b);
    util_buf_free(&out);
}

/* A start tag keeps its first max_attrs attributes (quoted values with '>' in
 * them stay whole; a self-closing tag stays self-closing); a page is cut after
 * max_elements start tags, and says so. */
static void test_prefilter_limits(void **state)
{
    (void)state;
    buf out;
    util_buf_init(&out);
    web_prefilter_limits l;
    web_prefilter_limits_default(&l);
    assert_int_equal(l.max_attrs, 64);
    l.max_attrs = 2;
    web_prefilter_stats st;
    const char *in = "<div a=\"1>\" b='2' c=3 d>x</div><img src=x alt=\"y\" title=z/><p e f>";
    web_prefilter_ex(in, strlen(in), &l, &out, &st);
    assert_string_equal(out.data, "<div a=\"1>\" b='2'>x</div><img src=x alt=\"y\"/><p e f>");
    assert_int_equal(st.dropped_attrs, 2);
    assert_int_equal(st.cut, 0);
    l.max_elements = 3;
    const char *many = "<p>a</p><p>b</p><p>c</p><p>d</p>";
    web_prefilter_ex(many, strlen(many), &l, &out, &st);
    assert_string_equal(out.data, "<p>a</p><p>b</p><p>c</p>");
    assert_int_equal(st.cut, WEB_CUT_ELEMENTS);
    /* web_extract says when it cut a page */
    buf b;
    util_buf_init(&b);
    util_buf_adds(&b, "<html><body><p>The first paragraph of the article is here.</p>");
    for (int i = 0; i < 250000; i++) util_buf_adds(&b, "<i></i>");
    web_page p = extract_ok(b.data, b.len, NULL, NULL);
    assert_int_equal(p.cut, WEB_CUT_ELEMENTS);
    assert_non_null(strstr(web_cut_reason(p.cut), "elements"));
    web_page_free(&p);
    p = extract_ok("<p>A short page.</p>", 20, NULL, NULL);
    assert_int_equal(p.cut, 0);
    web_page_free(&p);
    util_buf_free(&b);
    util_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_text),     cmocka_unit_test(test_article_metadata),
        cmocka_unit_test(test_metadata_sources), cmocka_unit_test(test_language),
        cmocka_unit_test(test_charsets),         cmocka_unit_test(test_dates),
        cmocka_unit_test(test_deep_nesting),     cmocka_unit_test(test_unclosed_and_broken),
        cmocka_unit_test(test_huge_page),        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_prefilter),        cmocka_unit_test(test_prefilter_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
