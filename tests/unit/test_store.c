/* test_store.c — the event store with events built by hand: idempotency, batches
 * and rollback, copies of a story merged into one event with many mentions,
 * NumMentions/NumSources/NumArticles, the dedup index rebuilt on reopen, bad
 * input, and every export format's shape. */
#include "testutil.h"

#include <jansson.h>
#include <sqlite3.h>
#include <unistd.h>

#include "store/dedup.h"
#include "store/store.h"

static const char *story_text =
    "KYIV (Reuters) - President Joe Biden told Ukrainian President Volodymyr Zelensky on Sunday that the "
    "United States and its allies would respond decisively if Russia invaded Ukraine, the White House said. "
    "The two leaders spoke for about 50 minutes, a week before talks between Moscow and Washington in Geneva "
    "on January 10. Secretary of State Antony Blinken also spoke with his counterparts in the region, "
    "spokeswoman Jen Psaki said. Russia has massed around 100,000 troops near the border, according to "
    "Ukrainian officials, and demanded security guarantees from the West.";

/* The same story, spun: a quarter of the words replaced, names garbled, headers and boilerplate. */
static const char *spun_text =
    "Posted on 2022-01-03 by admin\n\nKYIV (Reuters) - Leader Joe Biden informed Ukrainian Head Volodymyr "
    "Zelenskyy on Sunday that the United States and its partners would react firmly if Russia invaded "
    "Ukraine, the White House stated. The two chiefs talked for roughly 50 minutes, a week before "
    "negotiations between Moscow and Washington in Geneva on January 10. Secretary of State Anthony Brinken "
    "also talked with his counterparts in the area, spokeswoman Jane Psaki stated. Russia has gathered "
    "around 100,000 soldiers near the frontier, according to Ukrainian authorities, and demanded security "
    "guarantees from the West.\n\nSource link\n\nLeave a Reply";

static const char *other_text =
    "Oil prices rose on Monday as OPEC ministers met in Vienna to discuss output quotas for the second "
    "quarter, with Saudi Arabia pressing for a cut of 1.5 million barrels a day. Brent crude gained 2.1 "
    "percent to 84.30 dollars a barrel. Analysts at Goldman Sachs said the market remained tight and "
    "inventories in the United States had fallen for a fourth week in a row, to 415 million barrels.";

static char db_path[256];

static void make_path(const char *name)
{
    snprintf(db_path, sizeof db_path, "/tmp/tocsin-test-store-%d-%s.db", (int)getpid(), name);
    char p[300];
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
}

static tocsin_event make_event(const char *doc_id, int sentence, const char *date, const char *src,
                               const char *tgt, const char *code, const char *text)
{
    tocsin_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc_id = doc_id;
    ev.sentence = sentence;
    snprintf(ev.date, sizeof ev.date, "%s", date);
    snprintf(ev.source.code, sizeof ev.source.code, "%s", src);
    ev.source.text = "Joe Biden";
    ev.source.text_len = 9;
    ev.source.match = TOCSIN_MATCH_EXACT;
    snprintf(ev.target.code, sizeof ev.target.code, "%s", tgt);
    ev.target.text = "Volodymyr Zelensky";
    ev.target.text_len = 18;
    ev.target.match = TOCSIN_MATCH_FUZZY;
    snprintf(ev.code, sizeof ev.code, "%s", code);
    snprintf(ev.root, sizeof ev.root, "%.2s", code);
    ev.quad_class = 1;
    ev.goldstein = 1.0;
    ev.verb_text = "told";
    ev.verb_len = 4;
    ev.text = text;
    ev.text_len = strlen(text);
    ev.issues = "";
    ev.confidence = 80;   /* the mentions export's Confidence column */
    return ev;
}

static long long q1(store *s, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int add_doc(store *s, const char *id, const char *date, const char *source, const char *text,
                   tocsin_event *evs, size_t n)
{
    tocsin_doc d = {.id = id, .date = date, .source = source, .text = text, .text_len = strlen(text)};
    const tocsin_event *ptrs[8];
    for (size_t i = 0; i < n; i++) ptrs[i] = &evs[i];
    char err[256];
    return store_add(s, &d, 5, ptrs, n, err, sizeof err);
}

static void test_copies_one_event(void **st)
{
    (void)st;
    make_path("copies");
    char err[256];
    store *s = store_open(db_path, NULL, err, sizeof err);
    assert_non_null(s);
    const char *sent = "President Joe Biden told Ukrainian President Volodymyr Zelensky ...";
    tocsin_event e1[2] = {make_event("a", 1, "2022-01-02", "USAGOV", "UKRGOV", "0311", sent),
                          make_event("a", 4, "2022-01-02", "USAGOV", "UKRGOV", "0311", sent)};
    assert_int_equal(add_doc(s, "a", "2022-01-02", "Reuters", story_text, e1, 2), 1);
    tocsin_event e2[1] = {make_event("b", 1, "2022-01-03", "USAGOV", "UKRGOV", "0311", sent)};
    assert_int_equal(add_doc(s, "b", "2022-01-03", "Spin Farm", spun_text, e2, 1), 1);
    tocsin_event e3[1] = {make_event("c", 2, "2022-01-03", "USAGOV", "UKRGOV", "0311", sent)};
    assert_int_equal(add_doc(s, "c", "2022-01-03", "reuters", story_text, e3, 1), 1); /* same outlet as a */
    tocsin_event e4[1] = {make_event("d", 1, "2022-01-03", "SAU", "IGOOPC", "0311", "Saudi Arabia ...")};
    assert_int_equal(add_doc(s, "d", "2022-01-03", "Reuters", other_text, e4, 1), 1);
    assert_int_equal(store_finish(s, err, sizeof err), 0);

    assert_int_equal(q1(s, "SELECT count(*) FROM documents"), 4);
    assert_int_equal(q1(s, "SELECT count(DISTINCT story_id) FROM documents"), 2);
    assert_int_equal(q1(s, "SELECT count(*) FROM documents WHERE story_id = "
                           "(SELECT story_id FROM documents WHERE doc_id = 'a') AND doc_id IN ('b', 'c')"),
                     2);
    assert_int_equal(q1(s, "SELECT n_documents FROM stories WHERE first_doc = 'a'"), 3);
    assert_int_equal(q1(s, "SELECT count(*) FROM events"), 2);
    /* one event, mentioned twice by a and once each by b and c; a and c are one outlet */
    assert_int_equal(q1(s, "SELECT n_mentions FROM events WHERE first_doc = 'a'"), 4);
    assert_int_equal(q1(s, "SELECT n_articles FROM events WHERE first_doc = 'a'"), 3);
    assert_int_equal(q1(s, "SELECT n_sources FROM events WHERE first_doc = 'a'"), 2);
    assert_int_equal(q1(s, "SELECT count(*) FROM mentions"), 5);
    assert_int_equal(q1(s, "SELECT n_mentions FROM events WHERE first_doc = 'd'"), 1);

    /* idempotent: the same document again changes nothing (queued, then found
     * stored when its batch is written: counted skipped) */
    store_stats before, after;
    store_get_stats(s, &before);
    assert_int_equal(add_doc(s, "b", "2022-01-03", "Spin Farm", spun_text, e2, 1), 1);
    assert_int_equal(store_commit(s, err, sizeof err), 0);
    store_get_stats(s, &after);
    assert_int_equal(after.skipped, before.skipped + 1);
    assert_int_equal(after.added, before.added);
    assert_int_equal(q1(s, "SELECT count(*) FROM mentions"), 5);
    assert_int_equal(q1(s, "SELECT n_mentions FROM events WHERE first_doc = 'a'"), 4);
    store_close(s);

    /* reopened: the index is rebuilt from the database, so a later copy still joins */
    s = store_open(db_path, NULL, err, sizeof err);
    assert_non_null(s);
    tocsin_event e5[1] = {make_event("e", 3, "2022-01-04", "USAGOV", "UKRGOV", "0311", sent)};
    assert_int_equal(add_doc(s, "e", "2022-01-04", "Other Wire", story_text, e5, 1), 1);
    assert_int_equal(store_finish(s, err, sizeof err), 0);
    assert_int_equal(q1(s, "SELECT n_documents FROM stories WHERE first_doc = 'a'"), 4);
    assert_int_equal(q1(s, "SELECT n_mentions FROM events WHERE first_doc = 'a'"), 5);
    assert_int_equal(q1(s, "SELECT n_sources FROM events WHERE first_doc = 'a'"), 3);
    store_close(s);
    unlink(db_path);
}

static void test_no_dedup_and_rollback(void **st)
{
    (void)st;
    make_path("nodedup");
    store_opts o;
    store_opts_default(&o);
    o.dedup = 0;
    o.batch_docs = 2;
    char err[256];
    store *s = store_open(db_path, &o, err, sizeof err);
    assert_non_null(s);
    tocsin_event e[1] = {make_event("x", 1, "2022-01-02", "USA", "RUS", "112", "USA accused Russia.")};
    assert_int_equal(add_doc(s, "x", "2022-01-02", NULL, story_text, e, 1), 1);
    /* binary junk as text: stored, no crash */
    char junk[300];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (char)(i * 37 + 11);
    tocsin_doc bin = {.id = "junk", .date = "2022-01-02", .text = junk, .text_len = sizeof junk};
    assert_int_equal(store_add(s, &bin, 0, NULL, 0, err, sizeof err), 1); /* batch of 2: committed */
    assert_int_equal(add_doc(s, "y", "2022-01-02", NULL, story_text, e, 1), 1); /* uncommitted */
    /* bad input: a message naming the record, the store stays usable */
    tocsin_doc bad = {.id = "bad", .date = "2022-02-30", .text = "x", .text_len = 1};
    assert_int_equal(store_add(s, &bad, 0, NULL, 0, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad"));
    store_close(s); /* like a crash: the open batch is lost, whole documents only */

    s = store_open(db_path, &o, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(q1(s, "SELECT count(*) FROM documents"), 2);
    assert_int_equal(q1(s, "SELECT count(*) FROM events"), 1);
    assert_int_equal(q1(s, "SELECT count(*) FROM mentions WHERE doc_id = 'y'"), 0);
    assert_int_equal(add_doc(s, "y", "2022-01-02", NULL, story_text, e, 1), 1);
    assert_int_equal(store_finish(s, err, sizeof err), 0);
    assert_int_equal(q1(s, "SELECT count(*) FROM documents"), 3);
    assert_int_equal(q1(s, "SELECT count(*) FROM events"), 2); /* no dedup: one story per document */
    assert_int_equal(q1(s, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_date'"), 1);
    store_close(s);
    unlink(db_path);
}

static void test_fingerprints(void **st)
{
    (void)st;
    dedup_scratch sc;
    store_dedup_scratch_init(&sc);
    dedup_fp a, b, c, d;
    store_dedup_fingerprint(&sc, story_text, strlen(story_text), &a);
    store_dedup_fingerprint(&sc, spun_text, strlen(spun_text), &b);
    store_dedup_fingerprint(&sc, other_text, strlen(other_text), &c);
    dedup_score s;
    assert_true(store_dedup_same_story(&a, &b, &s));
    assert_false(store_dedup_same_story(&a, &c, &s));
    assert_true(s.jaccard < 0.2);
    unsigned char blob[DEDUP_FP_BYTES];
    store_dedup_fp_encode(&b, blob);
    assert_int_equal(store_dedup_fp_decode(blob, sizeof blob, &d), 0);
    assert_memory_equal(&b, &d, sizeof d);
    assert_int_equal(store_dedup_fp_decode(blob, sizeof blob - 1, &d), -1);
    blob[0] ^= 1;
    assert_int_equal(store_dedup_fp_decode(blob, sizeof blob, &d), -1);
    /* empty and junk input never crash */
    store_dedup_fingerprint(&sc, "", 0, &d);
    assert_int_equal(d.nfeat, 0);
    assert_false(store_dedup_same_story(&d, &d, &s));
    store_dedup_fingerprint(&sc, "\xff\xfe\xe2\x80", 4, &d);
    store_dedup_scratch_free(&sc);

    /* the index evicts beyond its capacity and matches only within the date window */
    dedup_index *ix = store_dedup_index_new(3, 2);
    store_dedup_index_add(ix, &a, 100, 1);
    assert_int_equal(store_dedup_index_match(ix, &b, 101, NULL), 1);
    assert_int_equal(store_dedup_index_match(ix, &b, 103, NULL), -1);
    assert_int_equal(store_dedup_index_match(ix, &c, 100, NULL), -1);
    for (int i = 0; i < 3; i++) store_dedup_index_add(ix, &c, 100, 2 + i);
    assert_int_equal(store_dedup_index_size(ix), 3);
    assert_int_equal(store_dedup_index_match(ix, &b, 100, NULL), -1); /* a was evicted */
    assert_int_equal(store_dedup_index_match(ix, &c, 100, NULL), 2);  /* ties: lowest story */
    store_dedup_index_free(ix);
}

/* Growth past the initial capacity, then ring eviction: recent documents are found,
 * evicted ones are not, and nothing is corrupted on the way. */
static void test_index_growth_and_eviction(void **st)
{
    (void)st;
    dedup_scratch sc;
    store_dedup_scratch_init(&sc);
    enum { N = 1200, CAP = 700 };
    dedup_fp *fps = malloc(N * sizeof *fps);
    static const char *const vocab[] = {
        "army", "bank", "border", "budget", "cabinet", "capital", "ceasefire", "coalition", "court", "crisis",
        "debt", "deal", "drought", "economy", "election", "embassy", "energy", "envoy", "exports", "farmers",
        "flood", "forces", "gas", "grain", "harbour", "hospital", "inflation", "judge", "labour", "leader",
        "loans", "market", "militia", "minister", "mining", "navy", "oil", "opposition", "parliament", "pipeline",
        "police", "port", "protest", "railway", "rebels", "reform", "refugees", "rice", "sanctions", "school",
        "shares", "steel", "strike", "summit", "tariff", "taxes", "textiles", "treaty", "troops", "unions",
        "uranium", "vaccine", "village", "voters", "wages", "water", "wheat", "workers", "youth", "zinc"};
    size_t nv = sizeof vocab / sizeof *vocab;
    char text[2048];
    uint32_t rng = 12345;
    for (int i = 0; i < N; i++) {
        /* distinct documents: 40 words drawn at random */
        size_t len = 0;
        for (int w = 0; w < 40; w++) {
            rng = rng * 1103515245u + 12345u;
            /* a word from the list behind a prefix from a large space (the stem is the
             * first 6 bytes): few words recur between documents */
            len += (size_t)snprintf(text + len, sizeof text - len, "%s %c%c%s ", w % 5 ? "the" : "of",
                                    'a' + (int)((rng >> 16) % 26), 'a' + (int)((rng >> 21) % 26),
                                    vocab[(rng >> 8) % nv]);
        }
        store_dedup_fingerprint(&sc, text, len, &fps[i]);
    }
    dedup_index *ix = store_dedup_index_new(CAP, 10000);
    for (int i = 0; i < N; i++) {
        assert_int_equal(store_dedup_index_match(ix, &fps[i], 0, NULL), -1); /* all distinct */
        store_dedup_index_add(ix, &fps[i], 0, 1000 + i);
    }
    assert_int_equal(store_dedup_index_size(ix), CAP);
    for (int i = N - CAP; i < N; i++) assert_int_equal(store_dedup_index_match(ix, &fps[i], 0, NULL), 1000 + i);
    for (int i = 0; i < N - CAP; i += 50) assert_int_equal(store_dedup_index_match(ix, &fps[i], 0, NULL), -1);
    store_dedup_index_free(ix);
    free(fps);
    store_dedup_scratch_free(&sc);
}

static int count_fields(const char *line, char sep)
{
    int n = 1;
    for (; *line && *line != '\n'; line++) n += *line == sep;
    return n;
}

static void test_exports(void **st)
{
    (void)st;
    make_path("export");
    char err[256];
    store *s = store_open(db_path, NULL, err, sizeof err);
    assert_non_null(s);
    const char *sent = "Biden told Zelensky, \"we stand with you\"\tand\nmore";
    tocsin_event e1[1] = {make_event("a", 1, "2022-01-02", "USAGOV", "UKRGOV", "0311", sent)};
    e1[0].source.match = TOCSIN_MATCH_EXACT;
    e1[0].target.match = TOCSIN_MATCH_EXACT;
    tocsin_doc d = {.id = "a", .date = "2022-01-02", .url = "https://www.example.com/a", .source = "Example",
                    .text = story_text, .text_len = strlen(story_text)};
    const tocsin_event *p1[] = {&e1[0]};
    assert_int_equal(store_add(s, &d, 5, p1, 1, err, sizeof err), 1);
    tocsin_event e2[1] = {make_event("b", 9, "2022-02-10", "IGOUNOUNO", "---REB", "190", "UN ... rebels")};
    assert_int_equal(add_doc(s, "b", "2022-02-10", NULL, other_text, e2, 1), 1);
    assert_int_equal(store_finish(s, err, sizeof err), 0);

    char *out;
    size_t len;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(store_export(s, EXPORT_GDELT, NULL, NULL, f, err, sizeof err), 2);
    fclose(f);
    char *line = out;
    int rows = 0;
    while (*line) {
        assert_int_equal(count_fields(line, '\t'), 61);
        rows++;
        line = strchr(line, '\n') + 1;
    }
    assert_int_equal(rows, 2);
    assert_non_null(strstr(out, "\t20220102\t202201\t2022\t2022.0877\tUSAGOV\tJOE BIDEN\tUSA\t\t\t\t\tGOV\t"));
    assert_non_null(strstr(out, "\t0311\t031\t03\t1\t1.0\t1\t1\t1\t\t0\t"));
    assert_non_null(strstr(out, "\thttps://www.example.com/a\n"));
    assert_non_null(strstr(out, "\tIGOUNOUNO\t"));
    assert_non_null(strstr(out, "\tUNO\t\t\t\tIGO\t")); /* known group UNO, type IGO */
    assert_non_null(strstr(out, "\t---REB\tVOLODYMYR ZELENSKY\t\t\t\t\t\tREB\t")); /* no country, type REB */
    free(out);

    f = open_memstream(&out, &len);
    assert_int_equal(store_export(s, EXPORT_MENTIONS, "2022-01-01", "2022-01-31", f, err, sizeof err), 1);
    fclose(f);
    assert_int_equal(count_fields(out, '\t'), 16);
    assert_non_null(strstr(out, "\t1\texample.com\thttps://www.example.com/a\t1\t\t\t\t1\t80\t"));
    free(out);

    f = open_memstream(&out, &len);
    assert_int_equal(store_export(s, EXPORT_JSONL, "2022-02-01", NULL, f, err, sizeof err), 1);
    fclose(f);
    json_error_t je;
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, &je);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "code")), "190");
    assert_int_equal(json_integer_value(json_object_get(o, "n_mentions")), 1);
    json_decref(o);
    free(out);

    f = open_memstream(&out, &len);
    assert_int_equal(store_export(s, EXPORT_CSV, NULL, "2022-01-31", f, err, sizeof err), 1);
    fclose(f);
    assert_non_null(strstr(out, "event_id,date,story_id,"));
    assert_non_null(strstr(out, "\"Biden told Zelensky, \"\"we stand with you\"\"\tand\nmore\""));
    free(out);

    f = open_memstream(&out, &len);
    assert_int_equal(store_export(s, EXPORT_CSV, "2022-13-01", NULL, f, err, sizeof err), -1);
    fclose(f);
    free(out);

    f = open_memstream(&out, &len);
    assert_int_equal(store_list_stories(s, STORIES_JSONL, 1, f, err, sizeof err), 2);
    fclose(f);
    assert_non_null(strstr(out, "\"documents\":[\"a\"]"));
    free(out);
    store_close(s);
    unlink(db_path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copies_one_event),
        cmocka_unit_test(test_no_dedup_and_rollback),
        cmocka_unit_test(test_fingerprints),
        cmocka_unit_test(test_index_growth_and_eviction),
        cmocka_unit_test(test_exports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
