/*
 * test_coder_geo.c — the coder's location pass (src/coder/coder_geo.c): the events
 * tocsin_code() delivers carry the location that geo_locate_events() — the
 * standalone step over the document and its events — gives the same events, on
 * written documents (a dateline, "near Donetsk", a quotation whose speaker comes
 * in the next sentence, several documents on one coder), on the shipped sample
 * and, when ../shared is there, on the first Guardian stories; the events come out
 * in the same order with the same fields; tocsin_coder_set_locations(c, 0) leaves
 * them without one. Skips when the gazetteer was not built (no `make deps`).
 */
#include "testutil.h"

#include <jansson.h>

#include "geo/geo.h"
#include "tocsin.h"

static tocsin_dict *dict;
static const geo_gazetteer *gaz;

/* The events of one document, with their strings copied (pointers are valid only
 * during the callback). */
typedef struct collected {
    tocsin_event ev[512];
    char text[512][1024];
    size_t n;
} collected;

static void collect(const tocsin_event *ev, void *user)
{
    collected *c = user;
    assert_true(c->n < 512);
    c->ev[c->n] = *ev;
    size_t len = ev->text_len < 1023 ? ev->text_len : 1023;
    memcpy(c->text[c->n], ev->text, len);
    c->text[c->n][len] = 0;
    c->ev[c->n].text = c->text[c->n];
    c->ev[c->n].text_len = len;
    c->n++;
}

static void assert_same_geo(const tocsin_geo *a, const tocsin_geo *b)
{
    assert_int_equal(a->type, b->type);
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->country, b->country);
    assert_string_equal(a->fips, b->fips);
    assert_string_equal(a->adm1, b->adm1);
    assert_true(a->lat == b->lat && a->lon == b->lon);
    assert_int_equal(a->geonameid, b->geonameid);
}

/* Codes doc with c and checks each event's geo against geo_locate_events() on copies
 * of the same events; returns the number of events with an action location. */
static size_t code_and_compare(tocsin_coder *c, const char *id, const char *date, const char *text, collected *got)
{
    tocsin_doc doc = {.id = id, .date = date, .text = text, .text_len = strlen(text)};
    got->n = 0;
    assert_true(tocsin_code(c, &doc, collect, got) >= 0);
    static tocsin_event again[512];
    for (size_t i = 0; i < got->n; i++) {
        again[i] = got->ev[i];
        memset(&again[i].action_geo, 0, sizeof again[i].action_geo);
        memset(&again[i].actor1_geo, 0, sizeof again[i].actor1_geo);
        memset(&again[i].actor2_geo, 0, sizeof again[i].actor2_geo);
    }
    geo_locate_events(gaz, text, strlen(text), again, got->n, sizeof again[0], NULL);
    size_t located = 0;
    for (size_t i = 0; i < got->n; i++) {
        assert_same_geo(&got->ev[i].action_geo, &again[i].action_geo);
        assert_same_geo(&got->ev[i].actor1_geo, &again[i].actor1_geo);
        assert_same_geo(&got->ev[i].actor2_geo, &again[i].actor2_geo);
        located += got->ev[i].action_geo.type != 0;
    }
    return located;
}

static collected got, off, first;

static void test_written_documents(void **state)
{
    (void)state;
    if (!gaz) { skip(); return; }
    tocsin_coder *c = tocsin_coder_new(dict);
    const char *kyiv = "KYIV, Ukraine (AP) - Russian forces shelled Ukrainian positions near Donetsk on Monday. "
                       "Russia warned Ukraine on Tuesday.";
    assert_int_equal(code_and_compare(c, "kyiv", "2022-03-01", kyiv, &got), 2);
    assert_int_equal(got.n, 2);
    assert_int_equal(got.ev[0].action_geo.type, 4);
    assert_int_equal(got.ev[0].action_geo.geonameid, 709717);
    assert_non_null(strstr(got.ev[0].action_geo.name, "Donetsk"));
    assert_string_equal(got.ev[0].actor1_geo.fips, "RS");
    assert_non_null(strstr(got.ev[1].action_geo.name, "Kyiv"));   /* the dateline */
    off = got;
    /* a quotation waits for its speaker (coded after the next sentence); a place in a
     * later sentence; a document without dateline or place: the actors' country */
    const char *quote = "\"We will strike the Ukrainian army near Kharkiv.\" The warning came from Russia on Monday.\n\n"
                        "Later, Ukraine accused Russia of shelling a school in Mariupol. Germany praised France.";
    code_and_compare(c, "quote", "2022-03-02", quote, &got);
    assert_true(got.n >= 2);
    /* sentence 1 ends inside the quotation: it is coded after sentence 2 names the speaker */
    const char *putin = "MOSCOW (Reuters) - \"Our army attacked Ukrainian positions near Kharkiv on Monday. We will "
                        "not stop,\" Russian President Vladimir Putin said in Moscow.\n";
    assert_int_equal(code_and_compare(c, "putin", "2022-03-02", putin, &got), 1);
    assert_int_equal(got.ev[0].sentence, 1);
    assert_non_null(strstr(got.ev[0].action_geo.name, "Kharkiv"));
    code_and_compare(c, "none", "2022-03-03", "Russia warned Ukraine. Russia threatened Russia.", &got);
    /* the same documents again on the same coder: nothing carried over */
    first = got;
    code_and_compare(c, "none", "2022-03-03", "Russia warned Ukraine. Russia threatened Russia.", &got);
    assert_int_equal(first.n, got.n);
    for (size_t i = 0; i < got.n; i++) assert_same_geo(&first.ev[i].action_geo, &got.ev[i].action_geo);
    /* switched off: the same events, no location */
    tocsin_coder_set_locations(c, 0);
    tocsin_doc doc = {.id = "kyiv", .date = "2022-03-01", .text = kyiv, .text_len = strlen(kyiv)};
    got.n = 0;
    assert_int_equal(tocsin_code(c, &doc, collect, &got), 2);
    for (size_t i = 0; i < got.n; i++) {
        assert_int_equal(got.ev[i].action_geo.type, 0);
        assert_int_equal(got.ev[i].actor1_geo.type, 0);
        assert_int_equal(got.ev[i].actor2_geo.type, 0);
        assert_string_equal(got.ev[i].code, off.ev[i].code);
        assert_string_equal(got.ev[i].source.code, off.ev[i].source.code);
        assert_string_equal(got.ev[i].text, off.ev[i].text);
    }
    tocsin_coder_set_locations(c, 1);
    assert_int_equal(code_and_compare(c, "kyiv", "2022-03-01", kyiv, &got), 2);
    tocsin_coder_free(c);
}

/* Every record of a JSON Lines file (at most max), coded and compared. */
static void compare_file(const char *path, size_t max, size_t *events, size_t *located)
{
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "skip: %s not found\n", path); return; }
    tocsin_coder *c = tocsin_coder_new(dict);
    char *line = NULL;
    size_t cap = 0, docs = 0;
    while (docs < max && getline(&line, &cap, f) > 0) {
        json_t *r = json_loads(line, 0, NULL);
        if (!r) continue;
        const char *id = json_string_value(json_object_get(r, "id"));
        const char *date = json_string_value(json_object_get(r, "date"));
        const char *text = json_string_value(json_object_get(r, "text"));
        char day[11] = "2005-01-01";
        if (date && strlen(date) >= 10) { memcpy(day, date, 10); day[10] = 0; }
        if (id && text) {
            *located += code_and_compare(c, id, day, text, &got);
            *events += got.n;
            docs++;
        }
        json_decref(r);
    }
    free(line);
    fclose(f);
    tocsin_coder_free(c);
}

static void test_corpora(void **state)
{
    (void)state;
    if (!gaz) { skip(); return; }
    const char *root = getenv("TOCSIN_ROOT") ? getenv("TOCSIN_ROOT") : ".";
    const char *shared = getenv("SHARED");
    char path[4096];
    size_t events = 0, located = 0;
    snprintf(path, sizeof path, "%s/data/samples/escalation.jsonl", root);
    compare_file(path, 1000, &events, &located);
    assert_true(events > 50);
    assert_true(located * 2 > events);
    snprintf(path, sizeof path, "%s/corpora/guardian.jsonl", shared ? shared : "../shared");
    compare_file(path, 150, &events, &located);
    fprintf(stderr, "location pass = geo_locate_events on %zu events (%zu located)\n", events, located);
}

static int setup(void **state)
{
    (void)state;
    tocsin_set_error_handler(NULL, NULL);
    dict = tocsin_dict_new();
    if (tocsin_dict_add(dict, "builtin") < 0) return -1;
    tocsin_dict_finish(dict);
    gaz = geo_shared();
    if (!gaz) fprintf(stderr, "skip: no gazetteer at %s (make deps && make)\n", geo_default_path());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tocsin_dict_free(dict);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_written_documents),
        cmocka_unit_test(test_corpora),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
