/* test_io.c — the readers (JSONL, plain text, format sniffing), event writers and
 * the threaded pipeline's promise: identical output, in input order. */
#include "testutil.h"

#include <unistd.h>

#include "io/io.h"
#include "util/util.h"

static char *write_tmp(const char *name, const char *content, size_t len)
{
    char *path = util_xmalloc(256);
    snprintf(path, 256, "%s/tocsin-test-io-%d-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid(),
             name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(content, 1, len, f);
    fclose(f);
    return path;
}

static void quiet(const char *msg, void *user)
{
    (void)msg;
    (*(int *)user)++;
}

static void test_jsonl_records(void **st)
{
    (void)st;
    const char data[] =
        "{\"id\":\"a\",\"date\":\"2022-01-02\",\"text\":\"One.\",\"title\":\"T\",\"url\":\"u\",\"source\":\"s\"}\n"
        "\n"
        "{\"id\":7,\"date\":\"2022-01-02T10:00:00Z\",\"text\":\"Two.\"}\r\n"
        "{\"id\":\"nodate\",\"text\":\"x\"}\n"
        "{\"id\":\"bad\",\"date\":\"2022-02-30\",\"text\":\"x\"}\n"
        "not json\n"
        "{\"id\":\"bad-utf8\",\"date\":\"2022-01-03\",\"text\":\"caf\xe9\"}\n"
        "{\"id\":\"last\",\"date\":\"2022-01-04\",\"text\":\"Three.\"}";
    char *path = write_tmp("a.jsonl", data, sizeof data - 1);
    char err[512];
    doc_reader *r = io_reader_open(path, NULL, err, sizeof err);
    assert_non_null(r);
    tocsin_doc d;
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.id, "a");
    assert_string_equal(d.title, "T");
    assert_string_equal(d.source, "s");
    assert_int_equal(d.text_len, 4);
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.id, "7");
    assert_string_equal(d.date, "2022-01-02");
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "nodate"));
    assert_non_null(strstr(err, ":4:"));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad"));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, ":6: bad JSON"));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.id, "bad-utf8");
    assert_string_equal(d.text, "caf\xef\xbf\xbd");
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.id, "last");
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 0);
    io_reader_close(r);
    unlink(path);
    free(path);
}

/* A byte range of a JSON Lines file (tocsin.dask's chunks, `ingest --shards-stdin`):
 * only its records, named PATH[bytes A-B]:LINE with lines counted within it; a
 * range of standard input or of a WARC archive is refused. */
static void test_byte_range(void **st)
{
    (void)st;
    const char data[] = "{\"id\":\"a\",\"date\":\"2022-01-02\",\"text\":\"One.\"}\n"  /* bytes 0-44 */
                        "{\"id\":\"b\",\"date\":\"2022-01-02\",\"text\":\"Two.\"}\n"  /* 45-89 */
                        "not json\n"                                             /* 90-98 */
                        "{\"id\":\"c\",\"date\":\"2022-01-02\",\"text\":\"Three.\"}\n";
    char *path = write_tmp("range.jsonl", data, sizeof data - 1);
    char err[512], want[300];
    reader_opts o = {.format = IN_AUTO, .range_start = 45, .range_end = 99};
    doc_reader *r = io_reader_open(path, &o, err, sizeof err);
    assert_non_null(r);
    tocsin_doc d;
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.id, "b");
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s[bytes 45-99]:2: bad JSON", path);
    assert_non_null(strstr(err, want));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 0); /* "c" is past the range */
    io_reader_close(r);
    o.range_start = 0;
    o.range_end = 45;
    r = io_reader_open(path, &o, err, sizeof err);
    assert_non_null(r);
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.id, "a");
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 0);
    io_reader_close(r);
    assert_null(io_reader_open("-", &o, err, sizeof err));
    o.format = IN_WARC;
    assert_null(io_reader_open(path, &o, err, sizeof err));
    assert_non_null(strstr(err, "byte range"));
    unlink(path);
    free(path);
}

/* The flat-record fast path and the jansson fallback must read records alike. */
static void test_jsonl_decoding(void **st)
{
    (void)st;
    const char data[] =
        "{\"id\":\"e1\",\"date\":\"2022-01-02\",\"text\":\"q\\\"b\\\\s\\/n\\n\\u00e9\\ud83d\\ude00\\t\"}\n"
        "{\"id\":\"nested\",\"date\":\"2022-01-02\",\"text\":\"t\",\"events\":[{\"a\":1}],\"x\":{}}\n"
        "{\"id\":\"\",\"date\":\"2022-01-02\",\"text\":\"empty id\"}\n"
        "{\"id\":\"a\\u0000b\",\"date\":\"2022-01-02\",\"text\":\"nul id\"}\n"
        "{\"id\":1.5,\"date\":\"2022-01-02\",\"text\":\"real id\"}\n"
        "{ \"id\" : -42 , \"date\" : \"\" , \"text\" : \"x\" , \"n\" : 1e5, \"b\": true, \"z\": null }\n"
        "{\"id\":\"t\",\"date\":\"2022-01-02\",\"text\":7}\n"
        "{\"id\":\"lone\",\"date\":\"2022-01-02\",\"text\":\"\\ud83d x\"}\n"
        "{\"id\":\"trail\",\"date\":\"2022-01-02\",\"text\":\"x\"} junk\n";
    char *path = write_tmp("dec.jsonl", data, sizeof data - 1);
    char err[512];
    reader_opts o = {.date = "2021-01-01"};
    doc_reader *r = io_reader_open(path, &o, err, sizeof err);
    assert_non_null(r);
    tocsin_doc d;
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.text, "q\"b\\s/n\n\xc3\xa9\xf0\x9f\x98\x80\t");
    assert_int_equal(d.text_len, strlen(d.text));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);   /* nested values: jansson path */
    assert_string_equal(d.id, "nested");
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);  /* empty id */
    assert_non_null(strstr(err, "no \"id\""));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);  /* NUL in the id */
    assert_non_null(strstr(err, "NUL"));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);  /* a real number is no id */
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);   /* integer id, empty date -> --date */
    assert_string_equal(d.id, "-42");
    assert_string_equal(d.date, "2021-01-01");
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);  /* text not a string */
    assert_non_null(strstr(err, "\"text\""));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);  /* lone surrogate: bad JSON */
    assert_non_null(strstr(err, ":8:"));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);  /* trailing garbage */
    assert_non_null(strstr(err, ":9: bad JSON"));
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 0);
    io_reader_close(r);
    unlink(path);
    free(path);
}

static void test_text_and_sniffing(void **st)
{
    (void)st;
    const char text[] = "Russia accused Ukraine of shelling.\n\nSecond paragraph.";
    char *path = write_tmp("story.txt", text, sizeof text - 1);
    char err[512];
    reader_opts o = {.date = "2022-01-02"};
    doc_reader *r = io_reader_open(path, &o, err, sizeof err);
    assert_non_null(r);
    tocsin_doc d;
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_non_null(strstr(d.id, "story"));
    assert_null(strchr(d.id, '.'));
    assert_string_equal(d.date, "2022-01-02");
    assert_int_equal(d.text_len, sizeof text - 1);
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 0);
    io_reader_close(r);
    /* Without a date a plain-text document is an error that names it. */
    r = io_reader_open(path, NULL, err, sizeof err);
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "date"));
    io_reader_close(r);
    unlink(path);
    free(path);
    /* JSONL content in a file without the extension is recognised. */
    const char js[] = "  {\"id\":\"x\",\"date\":\"2022-01-02\",\"text\":\"t\"}\n";
    path = write_tmp("noext", js, sizeof js - 1);
    r = io_reader_open(path, NULL, err, sizeof err);
    assert_int_equal(io_reader_next(r, &d, err, sizeof err), 1);
    assert_string_equal(d.id, "x");
    io_reader_close(r);
    unlink(path);
    free(path);
    assert_null(io_reader_open("/nonexistent/file.jsonl", NULL, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/file.jsonl"));
}

static void test_emit(void **st)
{
    (void)st;
    tocsin_event ev = {0};
    ev.doc_id = "d\"1";
    ev.sentence = 3;
    strcpy(ev.date, "2021-12-30");
    strcpy(ev.source.code, "USAGOV");
    ev.source.text = "Biden";
    ev.source.text_len = 5;
    ev.source.match = TOCSIN_MATCH_EXACT;
    strcpy(ev.target.code, "RUSGOV");
    ev.target.text = "Putin\t";
    ev.target.text_len = 6;
    ev.target.match = TOCSIN_MATCH_FUZZY;
    strcpy(ev.code, "1312");
    strcpy(ev.root, "13");
    ev.quad_class = 3;
    ev.goldstein = -5.8;
    ev.verb_text = "warned";
    ev.verb_len = 6;
    ev.text = "Biden warned Putin.";
    ev.text_len = strlen(ev.text);
    buf b;
    util_buf_init(&b);
    io_emit_event_jsonl(&b, &ev);
    assert_string_equal(b.data,
                        "{\"doc_id\":\"d\\\"1\",\"sentence\":3,\"date\":\"2021-12-30\","
                        "\"source\":{\"code\":\"USAGOV\",\"text\":\"Biden\",\"match\":\"exact\"},"
                        "\"target\":{\"code\":\"RUSGOV\",\"text\":\"Putin\\t\",\"match\":\"fuzzy\"},"
                        "\"event\":{\"code\":\"1312\",\"root\":\"13\",\"quad_class\":3,\"goldstein\":-5.8,"
                        "\"text\":\"warned\"},\"confidence\":0,\"text\":\"Biden warned Putin.\",\"location\":null}\n");
    util_buf_clear(&b);
    io_emit_event_tsv(&b, &ev);
    /* 14 columns (the last: confidence), no tab inside a field. */
    int tabs = 0;
    for (size_t i = 0; i < b.len; i++) tabs += b.data[i] == '\t';
    assert_int_equal(tabs, 13);
    util_buf_free(&b);
}

/* ---- pipeline: same output with 1 and 3 threads, in input order ---- */

typedef struct collected {
    buf out;
    size_t docs;
} collected;

static int collect(const coded_doc *cd, void *user)
{
    collected *c = user;
    util_buf_printf(&c->out, "#%s\n", cd->doc->id);
    for (size_t i = 0; i < cd->nevents; i++) io_emit_event_jsonl(&c->out, &cd->events[i].ev);
    c->docs++;
    return 0;
}

static void test_pipeline_order(void **st)
{
    (void)st;
    buf in;
    util_buf_init(&in);
    const char *sents[] = {
        "Russia accused Ukraine of shelling the town.",
        "France condemned the attack.",
        "The United States imposed sanctions on Iran.",
        "China praised Pakistan.",
    };
    for (int i = 0; i < 1200; i++)
        util_buf_printf(&in, "{\"id\":\"doc%d\",\"date\":\"2022-01-02\",\"text\":\"%s %s\"}\n", i, sents[i % 4],
                   sents[(i / 4) % 4]);
    util_buf_adds(&in, "{\"id\":\"broken\"}\n");
    char *path = write_tmp("p.jsonl", in.data, in.len);
    util_buf_free(&in);
    int reports = 0;
    tocsin_set_error_handler(quiet, &reports);
    tocsin_dict *d = tocsin_dict_new();
    assert_int_equal(tocsin_dict_add(d, "builtin"), 0);
    tocsin_dict_finish(d);
    collected one = {0}, three = {0};
    pipeline_result r1, r3;
    char *paths[] = {path};
    assert_int_equal(io_pipeline_run(d, paths, 1, NULL, 1, collect, &one, &r1), 1);
    assert_int_equal(io_pipeline_run(d, paths, 1, NULL, 3, collect, &three, &r3), 1);
    assert_int_equal(reports, 2);
    assert_int_equal(one.docs, 1200);
    assert_int_equal(r1.failed, 1);
    assert_int_equal(r3.documents, 1200);
    assert_int_equal(r1.events, r3.events);
    assert_true(r1.events > 0);
    assert_int_equal(one.out.len, three.out.len);
    assert_memory_equal(one.out.data, three.out.data, one.out.len);
    assert_non_null(strstr(one.out.data, "#doc0\n"));
    assert_true(strstr(one.out.data, "#doc1199\n") > strstr(one.out.data, "#doc0\n"));
    util_buf_free(&one.out);
    util_buf_free(&three.out);
    tocsin_dict_free(d);
    tocsin_set_error_handler(NULL, NULL);
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_records),
        cmocka_unit_test(test_jsonl_decoding),
        cmocka_unit_test(test_byte_range),
        cmocka_unit_test(test_text_and_sniffing),
        cmocka_unit_test(test_emit),
        cmocka_unit_test(test_pipeline_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
