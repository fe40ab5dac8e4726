/*
 * test_geo.c — src/geo on its own: a file that is no gazetteer is refused with a
 * message, byte offsets survive everything tocsin's normalisation changes (curly
 * quotes, accents, CRLF, invalid UTF-8), arbitrary bytes never crash recognition and
 * every mention lies inside the text, and an event's location follows the rules of
 * geo.h. Tests that need the built gazetteer skip when it is absent.
 */
#include "testutil.h"

#include <unistd.h>

#include "geo/geo.h"
#include "tocsin.h"

static geo_gazetteer *gaz;

static int setup(void **state)
{
    (void)state;
    tocsin_set_error_handler(NULL, NULL);
    FILE *f = fopen(geo_default_path(), "rb");
    if (f) {
        fclose(f);
        gaz = geo_open(NULL);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    geo_close(gaz);
    return 0;
}

static void quiet(const char *msg, void *user)
{
    (void)msg;
    *(int *)user += 1;
}

static void test_not_a_gazetteer(void **state)
{
    (void)state;
    char path[] = "/tmp/tocsin-geo-junk-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char junk[256] = "TOCGEO junk that is no index at all";
    assert_int_equal(write(fd, junk, sizeof junk), (int)sizeof junk);
    close(fd);
    int reports = 0;
    tocsin_set_error_handler(quiet, &reports);
    assert_null(geo_open(path));
    assert_null(geo_open("/nonexistent/gazetteer.idx"));
    tocsin_set_error_handler(NULL, NULL);
    assert_int_equal(reports, 2);
    unlink(path);
}

static const geo_mention *find(const geo_result *r, const char *text, const char *doc, const char *word)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->m[i].end - r->m[i].start == strlen(word) && !memcmp(doc + r->m[i].start, word, strlen(word)))
            return &r->m[i];
    (void)text;
    return NULL;
}

static void test_offsets(void **state)
{
    (void)state;
    if (!gaz) { skip(); return; }
    /* curly quotes (3 bytes -> 1), an accented name, CRLF (2 -> 1), an invalid byte, NBSP */
    const char *doc = "\xe2\x80\x9cWe\xe2\x80\x99re here,\xe2\x80\x9d said Jos\xc3\xa9 in Z\xc3\xbcrich.\r\n"
                      "Bad \xff byte\xc2\xa0then talks in Berlin and near Donetsk.";
    arena a;
    util_arena_init(&a, 1 << 14);
    geo_result r;
    geo_places(gaz, doc, strlen(doc), &a, &r);
    const char *want[] = {"Z\xc3\xbcrich", "Berlin", "Donetsk"}, *cc[] = {"CH", "DE", "UA"};
    for (int i = 0; i < 3; i++) {
        const geo_mention *m = find(&r, NULL, doc, want[i]);
        assert_non_null(m);
        geo_place p;
        assert_int_equal(geo_place_get(gaz, m->place, &p), 0);
        assert_string_equal(p.country, cc[i]);
        assert_int_equal(p.kind, GEO_CITY);
    }
    util_arena_free(&a);
}

static void test_random_bytes(void **state)
{
    (void)state;
    if (!gaz) { skip(); return; }
    uint64_t x = 0x9E3779B97F4A7C15ull;
    char buf[600];
    static const char *words[] = {"in ", "Paris", ", ", "Texas", "KYIV", " (AP) -- ", "\xe2\x80\x94", "near ",
                                  "Jordan ", "Peterson", "\xff", "\r\n", "Russia-Turkey", "U.S.-led", "'s "};
    arena a;
    util_arena_init(&a, 1 << 14);
    for (int d = 0; d < 300; d++) {
        size_t n = 0;
        while (n < sizeof buf - 20) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            if (x % 3) {
                const char *w = words[(x >> 8) % (sizeof words / sizeof *words)];
                size_t l = strlen(w);
                memcpy(buf + n, w, l);
                n += l;
            } else {
                buf[n++] = (char)(x >> 16);
            }
        }
        geo_result r;
        util_arena_reset(&a);
        geo_places(gaz, buf, n, &a, &r);
        for (size_t i = 0; i < r.n; i++) {
            assert_true(r.m[i].start <= r.m[i].end);
            assert_true(r.m[i].end <= n);
            assert_true(r.m[i].sentence >= 0);
            if (i) assert_true(r.m[i - 1].sentence <= r.m[i].sentence || r.m[i].sentence == 0);
        }
    }
    util_arena_free(&a);
}

/* The place a mention of `word` in doc resolves to (fails when there is none). */
static void resolved(const char *doc, const char *word, geo_place *p)
{
    arena a;
    util_arena_init(&a, 1 << 14);
    geo_result r;
    geo_places(gaz, doc, strlen(doc), &a, &r);
    const geo_mention *m = find(&r, NULL, doc, word);
    assert_non_null(m);
    assert_int_equal(geo_place_get(gaz, m->place, p), 0);
    util_arena_free(&a);
}

/* Resolution by what the story says: a dateline qualified by an AP state
 * abbreviation pulls the story's other places into that state; a US county; a
 * place located by another one; subdivisions at their own point, not their
 * country's. */
static void test_context(void **state)
{
    (void)state;
    if (!gaz) { skip(); return; }
    geo_place p;
    const char *ky = "GLASGOW, Ky. (WBKO) -- A woman died in Glasgow on Saturday.\n"
                     "The driver, 59, of Edmonton, was not hurt.";
    resolved(ky, "GLASGOW", &p);
    assert_string_equal(p.country, "US");
    assert_string_equal(p.adm1, "KY");
    resolved(ky, "Edmonton", &p);
    assert_string_equal(p.adm1, "KY");
    resolved(ky, "Ky.", &p);
    assert_int_equal(p.kind, GEO_ADM1);
    resolved("The fire burned in Hall County, Texas, for a week.", "Hall County", &p);
    assert_int_equal(p.kind, GEO_ADM2);
    assert_string_equal(p.adm1, "TX");
    resolved("He stabbed a man at a house in Edmonton, south of Cairns, in November.", "Edmonton", &p);
    assert_string_equal(p.country, "AU");
    resolved("Wildfires spread across Alberta on Monday.", "Alberta", &p);
    assert_int_equal(p.kind, GEO_ADM1);
    assert_true(p.adm1[0]);                       /* tied to GeoNames admin1 */
    assert_true(p.lat > 49 && p.lat < 60 && p.lon > -120 && p.lon < -110);   /* in Alberta */
    /* a list's commas qualify nothing: not "Mexico, China" (China, Maine) nor
     * "Washington, Pennsylvania" */
    const char *list = "Officials in other countries such as Mexico, China, Japan and Brazil report cases.";
    resolved(list, "Mexico", &p);
    assert_int_equal(p.kind, GEO_COUNTRY);
    assert_string_equal(p.country, "MX");
    resolved("Cases are investigated in Washington, Pennsylvania and California.", "Washington", &p);
    assert_int_equal(p.kind, GEO_ADM1);
    assert_string_equal(p.adm1, "WA");
    /* one sense per story, a country-level qualifier too */
    resolved("Farms in Suffolk were closed after the virus was found on a farm in Suffolk, England.", "Suffolk", &p);
    assert_string_equal(p.country, "GB");
    /* a place the gazetteer lacks, qualified by its province: the province */
    resolved("He was stopped on a highway in Stroud, Ontario, Canada.", "Stroud", &p);
    assert_int_equal(p.kind, GEO_ADM1);
    assert_string_equal(p.country, "CA");
    /* a province whose seat is not its largest city, in a story naming that city */
    const char *qc = "Mayors in Montreal asked the Quebec government to act. In Montreal, drivers wait.";
    resolved(qc, "Quebec", &p);
    assert_int_equal(p.kind, GEO_ADM1);
    /* a dateline the story's first words follow after a dash, and a county in its state */
    const char *sea = "SEATTLE -- Amazon.com has filed three lawsuits in King County Superior Court.";
    resolved(sea, "SEATTLE", &p);
    assert_string_equal(p.adm1, "WA");
    resolved(sea, "King County", &p);
    assert_int_equal(p.kind, GEO_ADM2);
    assert_string_equal(p.adm1, "WA");
    /* a town among the story's towns of one state; the story's other "Athens" is
     * no evidence for Greece */
    resolved("He bought Athens-Limestone Bank in Athens, and banks in Scottsboro, in Demopolis and in Opelika.",
             "Athens", &p);
    assert_string_equal(p.country, "US");
    assert_string_equal(p.adm1, "AL");
    /* two places a comma pairs that lie near one another locate each other */
    resolved("Detectives charged an Edmonton woman. Morgan, of Edmonton, was charged. "
             "A man from Clacton, Essex, was charged too.", "Essex", &p);
    assert_string_equal(p.country, "GB");
    /* a subdivision named like its seat, among its peers */
    resolved("Cases by province: fifteen in British Columbia, fourteen in Nova Scotia, twelve in Ontario "
             "and one in Quebec.", "Quebec", &p);
    assert_int_equal(p.kind, GEO_ADM1);
    /* a territory ISO lists as a country and as a subdivision: the country, with its point */
    resolved("The French island of Mayotte reported cases.", "Mayotte", &p);
    assert_int_equal(p.kind, GEO_COUNTRY);
    assert_string_equal(p.country, "YT");
}

static void test_event_location(void **state)
{
    (void)state;
    if (!gaz) { skip(); return; }
    const char *doc = "KYIV, Ukraine (AP) - Russian forces shelled Ukrainian positions near Donetsk on Monday. "
                      "Russia warned Ukraine.";
    tocsin_event ev[2];
    memset(ev, 0, sizeof ev);
    strcpy(ev[0].source.code, "RUSMIL");
    strcpy(ev[0].target.code, "UKRMIL");
    ev[0].sentence = 1;
    ev[0].text = "Russian forces shelled Ukrainian positions near Donetsk on Monday.";
    ev[0].text_len = strlen(ev[0].text);
    strcpy(ev[1].source.code, "RUS");
    strcpy(ev[1].target.code, "UKR");
    ev[1].sentence = 2;
    ev[1].text = "Russia warned Ukraine.";
    ev[1].text_len = strlen(ev[1].text);
    geo_locate_events(gaz, doc, strlen(doc), ev, 2, sizeof ev[0], NULL);
    /* the place the sentence ties to the action: a world city */
    assert_int_equal(ev[0].action_geo.type, 4);
    assert_string_equal(ev[0].action_geo.country, "UA");
    assert_string_equal(ev[0].action_geo.fips, "UP");
    assert_int_equal(ev[0].action_geo.geonameid, 709717);
    assert_non_null(strstr(ev[0].action_geo.name, "Donetsk"));
    /* the actors' countries, FIPS in the GDELT fields */
    assert_int_equal(ev[0].actor1_geo.type, 1);
    assert_string_equal(ev[0].actor1_geo.fips, "RS");
    assert_string_equal(ev[0].actor2_geo.country, "UA");
    /* no place in the sentence: the dateline */
    assert_int_equal(ev[1].action_geo.type, 4);
    assert_non_null(strstr(ev[1].action_geo.name, "Kyiv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_a_gazetteer),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_event_location),
        cmocka_unit_test(test_context),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
