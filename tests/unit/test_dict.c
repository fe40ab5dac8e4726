/* test_dict.c — the dictionary loader: TABARI and PETRARCH-2 syntax, date
 * restrictions, synsets, patterns, agents with substitution markers, discards,
 * and malformed lines reported with file:line. Dictionaries are written inline
 * into a temporary directory so each test shows exactly what it reads. */
#include "testutil.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dict/dict.h"

static char tmpdir[256];
static char errors[8192];

static void collect_error(const char *msg, void *user)
{
    (void)user;
    strncat(errors, msg, sizeof errors - strlen(errors) - 2);
    strcat(errors, "\n");
}

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tocsin-test-dict-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    errors[0] = 0;
    tocsin_set_error_handler(collect_error, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    assert_int_equal(system(cmd), 0);
    tocsin_set_error_handler(NULL, NULL);
    return 0;
}

static tocsin_dict *load(void)
{
    tocsin_dict *d = tocsin_dict_new();
    assert_int_equal(tocsin_dict_add(d, tmpdir), 0);
    assert_int_equal(tocsin_dict_finish(d), 0);
    return d;
}

/* the group of the first actor phrase starting with w (and w2 for multiword phrases,
 * which are indexed by their first two words) */
static long actor_group_of2(const tocsin_dict *d, const char *w, const char *w2)
{
    uint32_t n;
    uint64_t key = w2 ? dict_pair_key(hash_str(w), hash_str(w2)) : hash_str(w);
    const uint32_t *ids = dict_index_get(&d->actor_idx, key, &n);
    if (!ids) return -1;
    return (long)VEC_AT(d->actors, actor_phrase, ids[0]).group;
}
#define actor_group_of(d, w) actor_group_of2(d, w, NULL)

static int day(const char *s)
{
    int d;
    assert_int_equal(util_date_parse(s, &d), 0);
    return d;
}

static void test_petrarch_actors_dates(void **state)
{
    (void)state;
    write_file("test.actors.txt",
               "<!-- a PETRARCH actors file -->\n"
               "JOE_BIDEN_  # comment\n"
               "+VICE_PRESIDENT_JOE_BIDEN_\n"
               "\t[USAELI 600101-090119]\n"
               "\t[USAGOV 090120-170120]\n"
               "\t[USAELI 170121-210119]\n"
               "\t[USAGOV 20210120-20250120]\n"
               "\t[USAELI]\n"
               "GONDOR [GON]\n"
               "+MINAS_TIRITH\n"
               "AXNOR  [AR1 <911226] [AR2]\n"
               "EAST_GERMANY [GME <901103]\n");
    tocsin_dict *d = load();
    long g = actor_group_of2(d, "joe", "biden");
    assert_true(g >= 0);
    assert_string_equal(dict_actor_code(d, (uint32_t)g, day("2022-01-02")), "USAGOV");
    assert_string_equal(dict_actor_code(d, (uint32_t)g, day("2019-05-01")), "USAELI");
    assert_string_equal(dict_actor_code(d, (uint32_t)g, day("2010-05-01")), "USAGOV");
    assert_string_equal(dict_actor_code(d, (uint32_t)g, day("2026-05-01")), "USAELI");
    /* the synonym shares the codes */
    long gv = actor_group_of2(d, "vice", "president");
    assert_int_equal(gv, g);
    long gm = actor_group_of2(d, "minas", "tirith");
    assert_string_equal(dict_actor_code(d, (uint32_t)gm, day("2000-01-01")), "GON");
    long ga = actor_group_of(d, "axnor");
    assert_string_equal(dict_actor_code(d, (uint32_t)ga, day("1991-12-26")), "AR1");
    assert_string_equal(dict_actor_code(d, (uint32_t)ga, day("1991-12-27")), "AR2");
    /* a single restriction without a default: null afterwards */
    long ge = actor_group_of2(d, "east", "germany");
    assert_string_equal(dict_actor_code(d, (uint32_t)ge, day("1990-01-01")), "GME");
    assert_string_equal(dict_actor_code(d, (uint32_t)ge, day("1995-01-01")), "");
    assert_string_equal(errors, "");
    tocsin_dict_free(d);
}

static void test_restriction_parsing(void **state)
{
    (void)state;
    int from, to;
    assert_int_equal(dict_parse_restriction("<950601", &from, &to), 0);
    assert_int_equal(from, INT_MIN);
    assert_int_equal(to, day("1995-06-01"));
    assert_int_equal(dict_parse_restriction("> 050101", &from, &to), 0);
    assert_int_equal(from, day("2005-01-01"));
    assert_int_equal(dict_parse_restriction("300101-310101", &from, &to), 0);
    assert_int_equal(from, day("2030-01-01"));   /* 00-30 are 20xx */
    assert_int_equal(to, day("1931-01-01"));
    assert_int_equal(dict_parse_restriction("950601 - 990815", &from, &to), 0);
    assert_int_equal(to, day("1999-08-15"));
    assert_int_equal(dict_parse_restriction("9008223-911221", &from, &to), -1);
    assert_int_equal(dict_parse_restriction("951301", &from, &to), -1);
}

static void test_malformed_lines_reported(void **state)
{
    (void)state;
    write_file("bad.actors",
               "GOOD_ONE [AAA]\n"
               "BROKEN [BBB\n"
               "DATED [CCC 9008223-911221]\n"
               "ALSO_GOOD [DDD]\n");
    write_file("bad.agents.txt",
               "MINISTER [~GOV]\n"
               "NO_TILDE [GOV]\n");
    tocsin_dict *d = load();
    assert_non_null(strstr(errors, "bad.actors:2:"));
    assert_non_null(strstr(errors, "bad.actors:3:"));
    assert_non_null(strstr(errors, "bad.agents.txt:2:"));
    /* the good lines around them were loaded */
    assert_true(actor_group_of2(d, "good", "one") >= 0);
    assert_true(actor_group_of2(d, "also", "good") >= 0);
    assert_int_equal(d->nerrors, 3);
    tocsin_dict_free(d);
}

static void test_tabari_actors_and_stems(void **state)
{
    (void)state;
    write_file("demo.actors",
               "<NOUN>\n"
               "FORCES_\n"
               "</NOUN>\n"
               "ARGENTIN  [ARG]\n"
               "ESTONIA_  [EST] ;tony  4/21/91\n"
               "GOLLUM ; pas 27 Apr 03\n"
               "+SMEAGOL\n"
               "\t[HOB < 950601]\n"
               "\t[HOBGOV 950601 - 990815]\n"
               "~FINISH\n"
               "IGNORED [XXX]\n");
    tocsin_dict *d = load();
    /* TABARI words without '_' are stems */
    uint32_t n;
    assert_null(dict_index_get(&d->actor_idx, hash_str("argentin"), &n));
    assert_non_null(dict_index_get(&d->actor_stem_idx, dict_stem_key("argentin", 8), &n));
    const dict_word *w = &VEC_AT(d->words, dict_word,
                                 VEC_AT(d->actors, actor_phrase, d->actor_stem_idx.ids[0]).w0);
    (void)w;
    assert_true(actor_group_of(d, "estonia") >= 0);
    assert_true(actor_group_of(d, "ignored") < 0);
    assert_true(actor_group_of(d, "forces") < 0);
    assert_string_equal(errors, "");
    tocsin_dict_free(d);
}

static void test_word_matching(void **state)
{
    (void)state;
    tocsin_dict *d = tocsin_dict_new();
    dict_word w = { 0 };
    /* exact word with regular endings */
    d->strings.len = 0;
    util_buf_adds(&d->strings, "country");
    w.hash = hash_str("country");
    w.str = 0;
    w.len = 7;
    w.flags = DW_ENDINGS;
    assert_true(dict_word_match(d, &w, "country", 7, hash_str("country"), 0));
    assert_true(dict_word_match(d, &w, "countries", 9, hash_str("countries"), 0));
    assert_false(dict_word_match(d, &w, "countryside", 11, hash_str("countryside"), 0));
    w.flags = DW_STEM;
    assert_true(dict_word_match(d, &w, "countryside", 11, hash_str("countryside"), 0));
    w.flags = 0;
    assert_false(dict_word_match(d, &w, "countries", 9, hash_str("countries"), 0));
    tocsin_dict_free(d);
}

static void test_petrarch_verbs(void **state)
{
    (void)state;
    write_file("test.verbs.txt",
               "&CURRENCY\n"
               "+DOLLAR\n"
               "+EURO\n"
               "\n"
               "--- WARN [130] ---\n"
               "WARN\n"
               "CAUTION\n"
               "- * (OF {SEVERE SANCTIONS})  [1312]  # comment\n"
               "- * CONSEQUENCES  [130]\n"
               "- * &CURRENCY [999]\n"
               "--- SEND [---] ---\n"
               "+SEND_OFF {+SENT_OFF}\n"
               "SEND {SENDS SENT SENDING}\n"
               "- * TROOPS [154]\n"
               "- $ * TO + [032:033]\n"
               "- * (TO COURT) [:173]\n"
               "- BROKEN PATTERN [111]\n"
               "- * WITHOUT CODE\n"
               "- * &UNDEFINED [111]\n");
    tocsin_dict *d = load();
    assert_int_equal(d->blocks.n, 2);
    const verb_block *warn = &VEC_AT(d->blocks, verb_block, 0);
    assert_string_equal(warn->code.code, "130");
    assert_int_equal(warn->np, 3);
    /* longest pattern first */
    const verb_pattern *p0 = &VEC_AT(d->patterns, verb_pattern, warn->p0);
    assert_string_equal(p0->code.code, "1312");
    assert_int_equal(p0->npost, 3);
    const verb_block *send = &VEC_AT(d->blocks, verb_block, 1);
    assert_true(send->code.flags & VC_NULL);
    int paired = 0, reverse_only = 0;
    for (uint32_t i = 0; i < send->np; i++) {
        const verb_pattern *p = &VEC_AT(d->patterns, verb_pattern, send->p0 + i);
        if (!strcmp(p->code.code, "032") && !strcmp(p->code.pair, "033")) paired = 1;
        if (!p->code.code[0] && !strcmp(p->code.pair, "173")) reverse_only = 1;
    }
    assert_true(paired);
    assert_true(reverse_only);
    /* verb forms: generated regular forms and irregular ones */
    uint32_t n;
    assert_non_null(dict_index_get(&d->verb_idx, hash_str("warned"), &n));
    assert_non_null(dict_index_get(&d->verb_idx, hash_str("sent"), &n));
    assert_non_null(dict_index_get(&d->verb_idx, hash_str("cautions"), &n));
    /* three malformed pattern lines, each named by line */
    assert_non_null(strstr(errors, "test.verbs.txt:17:"));
    assert_non_null(strstr(errors, "test.verbs.txt:18:"));
    assert_non_null(strstr(errors, "test.verbs.txt:19:"));
    tocsin_dict_free(d);
}

static void test_tabari_verbs_alternatives(void **state)
{
    (void)state;
    write_file("demo.verbs",
               "<SYNSETS>\n"
               "&TIETYPES\n"
               "+MILITARY\n"
               "+ECONOMIC\n"
               "</SYNSETS>\n"
               "ACCORD  [---]\n"
               "- SUGGESTED_+ * DEMAND_{ GENEVA_ | INTERNATIONAL }_CONVENTIONS  [111]\n"
               "ABANDON  [345]\n"
               "- * &TIETYPES TIES [902]\n"
               "ACT_ [100]\n"
               "{ ACTING_ ACTXD_ }\n"
               "~FINISH\n");
    tocsin_dict *d = load();
    assert_int_equal(d->blocks.n, 3);       /* one block per TABARI root */
    /* the alternative became an anonymous synset with two phrases */
    assert_int_equal(d->synsets.n, 2);
    assert_int_equal(VEC_AT(d->synsets, synset, 1).nph, 2);
    uint32_t n;
    assert_non_null(dict_index_get(&d->verb_idx, hash_str("actxd"), &n));
    assert_string_equal(errors, "");
    tocsin_dict_free(d);
}

static void test_agents_and_substitution(void **state)
{
    (void)state;
    write_file("test.agents.txt",
               "!PERSON! = MAN, MEN, WOMAN\n"
               "CONGRESS!PERSON! [~LEG]\n"
               "HUMAN_RIGHTS_BODY  [NGO~]\n"
               "POLICE {} [~COP]\n"
               "GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\n"
               "MINISTER [~GOV]\n");
    tocsin_dict *d = load();
    uint32_t n;
    assert_non_null(dict_index_get(&d->agent_idx, hash_str("congresswoman"), &n));
    assert_non_null(dict_index_get(&d->agent_idx, hash_str("ministers"), &n));
    const uint32_t *ids = dict_index_get(&d->agent_idx, dict_pair_key(hash_str("human"), hash_str("rights")), &n);
    assert_non_null(ids);
    assert_true(VEC_AT(d->agents, agent_phrase, ids[0]).prefix);
    assert_string_equal(VEC_AT(d->agents, agent_phrase, ids[0]).code, "NGO");
    assert_null(dict_index_get(&d->agent_idx, hash_str("polices"), &n));
    assert_string_equal(errors, "");
    tocsin_dict_free(d);
}

static void test_dict_opts(void **state)
{
    (void)state;
    dict_opts o;
    dict_opts_init(&o);
    assert_int_equal(dict_opts_add(&o, 0, "extra"), 0);   /* --dict+ extra */
    assert_false(o.replace);
    assert_int_equal(dict_opts_add(&o, 1, "mine"), 0);    /* --dict mine */
    assert_int_equal(dict_opts_add(&o, 0, "builtin"), 0); /* --dict+ builtin */
    assert_int_equal(dict_opts_add(&o, 0, ""), -1);       /* no directory */
    assert_int_equal(o.ndirs, 3);
    assert_true(o.replace);
    assert_string_equal(o.dirs[1], "mine");
    assert_string_equal(o.dirs[2], "builtin");
    while (o.ndirs < 32) assert_int_equal(dict_opts_add(&o, 0, "more"), 0);
    assert_int_equal(dict_opts_add(&o, 0, "one too many"), -1);
}

static void test_missing_directory(void **state)
{
    (void)state;
    tocsin_dict *d = tocsin_dict_new();
    assert_int_equal(tocsin_dict_add(d, "/nonexistent/tocsin/dir"), -1);
    assert_non_null(strstr(errors, "/nonexistent/tocsin/dir"));
    tocsin_dict_free(d);
}

static void test_cameo_table(void **state)
{
    (void)state;
    tocsin_dict *d = load();
    const cameo_entry *c = dict_cameo(d, "190");
    if (!c) skip();   /* the built-in table is not there yet */
    assert_int_equal(c->quad_class, 4);
    assert_true(c->goldstein < 0);
    assert_null(dict_cameo(d, "9999"));
    tocsin_dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_petrarch_actors_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restriction_parsing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_lines_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tabari_actors_and_stems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_word_matching, setup, teardown),
        cmocka_unit_test_setup_teardown(test_petrarch_verbs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tabari_verbs_alternatives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agents_and_substitution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dict_opts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cameo_table, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
