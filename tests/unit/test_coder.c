/* test_coder.c — the coder on tiny inline dictionaries (PETRARCH-2 syntax):
 * actor/agent composition, title + unknown name, patterns, passive voice,
 * compound actors, negation and denial, conditionals, pronoun carry-over,
 * reported speech, fuzzy names, stray capitals and event dates. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "coder/coder.h"
#include "dict/dict.h"

static char tmpdir[256];
static tocsin_dict *dict;
static tocsin_coder *coder;

static void write_file(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void quiet(const char *msg, void *user)
{
    (void)msg;
    (void)user;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tocsin-test-coder-XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    tocsin_set_error_handler(quiet, NULL);
    write_file("test.actors.txt",
               "RUSSIA_ [RUS]\n+RUSSIAN_\n+RUSSIANS_\n+MOSCOW_\n"
               "KREMLIN_ [RUSGOV]\n"
               "UKRAINE_ [UKR]\n+UKRAINIAN_\n+KYIV_\n"
               "UNITED_STATES_ [USA]\n+US_\n+WASHINGTON_\n"
               "JOE_BIDEN_\n+BIDEN_\n\t[USAELI <210119]\n\t[USAGOV 20210120-20250120]\n\t[USAELI]\n"
               "VLADIMIR_PUTIN_ [RUSGOV]\n+PUTIN_\n"
               "ANTONY_BLINKEN_\n\t[USAGOV 20210126-20250120]\n\t[USAELI]\n"
               "JEN_PSAKI_ [USAGOV]\n"
               "CHELSEA_ [---]\n"
               /* no trailing '_': regular endings; equally long matches of one token */
               "ISI [PAKSPY]\nISIS [IMGMUSISI]\nPRCS [NGOHLHRCS]\nPRC [CHN]\n");
    write_file("test.agents.txt",
               "GOVERNMENT [~GOV]\nPRESIDENT [~GOV]\nTROOP [~MIL]\nAIDE [~GOV]\n"
               "SECRETARY_OF_STATE {} [~GOV]\nOFFICIAL [~GOV]\nREBEL [~REB]\n");
    write_file("test.discards.txt", "+WORLD_CUP_\nFOOTBALL\n");
    /* a two-entry PETRARCH ontology: "want" (intend) combines with "help" (aid) */
    /* "---:0" as in Phoenix's ontology: a combination with no entry falls back to it */
    write_file("test.ontology.txt", "030:0x3000#Intend\n033:0x3040\n070:0x0040#Aid\n190:0x8000\n"
                                    "051:0x0081\n---:0\n");
    write_file("test.verbs.txt",
               "&SANCTION\n+SANCTIONS\n+EMBARGO\n\n"
               "--- WARN [130] ---\nWARN\n- * (OF &SANCTION) [1312]\n"
               "--- URGE [020] ---\nURGE\n- * + TO EASE [0256]\n"
               "--- ATTACK [190] ---\nATTACK\nINVADE\n"
               "--- REQUEST [020] ---\nREQUEST\n"
               "--- PRAISE [051] ---\nPRAISE\n"
               "--- IMPOSE [---] ---\nIMPOSE\n- * &SANCTION [163]\n"
               "--- MEET [031:031] ---\nMEET {MET MEETS MEETING}\n"
               "--- SAY [010] ---\nSAY {SAID SAYS}\n"
               "--- PLAN [---] ---\nPLAN\n"
               "--- DENY [---] ---\nDENY {DENIED DENIES}\n"
               "--- WANT [030] ---\nWANT\n"
               "--- HELP [070] ---\nHELP\n"
               "--- CLAIM [---] ---\nCLAIM\n"
               "~ a (a b ATTACK) CLAIM = a b 015\n");
    dict = tocsin_dict_new();
    if (tocsin_dict_add(dict, tmpdir) < 0) return -1;
    tocsin_dict_finish(dict);
    coder = tocsin_coder_new(dict);
    return coder ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tocsin_coder_free(coder);
    tocsin_dict_free(dict);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) return -1;
    return 0;
}

typedef struct got {
    int n;
    char line[16][96];
    tocsin_match src_match[16];
    char date[16][11];
} got;

static void collect(const tocsin_event *ev, void *user)
{
    got *g = user;
    if (g->n >= 16) return;
    snprintf(g->line[g->n], sizeof g->line[0], "%s>%s:%s", ev->source.code, ev->target.code, ev->code);
    g->src_match[g->n] = ev->source.match;
    memcpy(g->date[g->n], ev->date, 11);
    g->n++;
}

static got code(const char *date, const char *text)
{
    got g;
    memset(&g, 0, sizeof g);
    tocsin_doc doc = { "t", date, NULL, NULL, NULL, text, strlen(text) };
    int n = tocsin_code(coder, &doc, collect, &g);
    assert_int_equal(n, g.n);
    return g;
}

static int has(const got *g, const char *line)
{
    for (int i = 0; i < g->n; i++) if (!strcmp(g->line[i], line)) return i + 1;
    return 0;
}

static void test_simple_and_pattern(void **state)
{
    (void)state;
    got g = code("2022-01-02", "Russia warned Ukraine.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "RUS>UKR:130"));
    assert_string_equal(g.date[0], "2022-01-02");
    g = code("2022-01-02", "Biden warned Putin of severe sanctions.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "USAGOV>RUSGOV:1312"));
    /* a date-restricted actor codes by the document date */
    g = code("2018-05-01", "Biden warned Putin of severe sanctions.");
    assert_true(has(&g, "USAELI>RUSGOV:1312"));
}

static void test_agents_and_titles(void **state)
{
    (void)state;
    got g = code("2022-01-02", "Russian troops attacked the Ukrainian government.");
    assert_true(has(&g, "RUSMIL>UKRGOV:190"));
    g = code("2022-01-02", "Ukrainian President Volodymyr Zelenskyy praised Washington.");
    int i = has(&g, "UKRGOV>USA:051");
    assert_true(i);
    assert_int_equal(g.src_match[i - 1], TOCSIN_MATCH_TITLE);
    g = code("2022-01-02", "Kremlin aide Yuri Ushakov warned Kyiv.");
    assert_true(has(&g, "RUSGOV>UKR:130"));
    g = code("2022-01-02", "The government of Ukraine praised Washington.");
    assert_true(has(&g, "UKRGOV>USA:051"));
}

/* How dictionary phrases meet tokens: closed phrases, exact forms, acronyms. */
static void test_phrase_matching(void **state)
{
    (void)state;
    /* "UKRAINIAN_" ends there: no plural ending is added to the phrase ... */
    got g = code("2022-01-02", "Russia attacked ukrainians.");
    assert_int_equal(g.n, 0);
    /* ... but a capitalised plural of a one-word country actor names its people */
    g = code("2022-01-02", "Russia attacked Ukrainians.");
    assert_true(has(&g, "RUS>UKR:190"));
    /* an exact match beats a stripped ending of the same length, in either file order */
    g = code("2022-01-02", "Isis attacked Ukraine.");
    assert_true(has(&g, "IMGMUSISI>UKR:190"));
    g = code("2022-01-02", "Prcs praised Ukraine.");
    assert_true(has(&g, "NGOHLHRCS>UKR:051"));
    g = code("2022-01-02", "Isi attacked Ukraine.");
    assert_true(has(&g, "PAKSPY>UKR:190"));
    /* "US" is an acronym: the pronoun "us" is not the United States */
    g = code("2022-01-02", "Russia attacked us.");
    assert_int_equal(g.n, 0);
    g = code("2022-01-02", "Russia attacked US.");
    assert_true(has(&g, "RUS>USA:190"));
}

static void test_passive(void **state)
{
    (void)state;
    got g = code("2022-01-02", "The second call was requested by the Russians.");
    assert_int_equal(g.n, 0);   /* no target: nothing to code */
    g = code("2022-01-02", "Ukraine was attacked by Russia.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "RUS>UKR:190"));
}

static void test_compounds(void **state)
{
    (void)state;
    got g = code("2022-01-02", "Russia and the United States warned Ukraine.");
    assert_int_equal(g.n, 2);
    assert_true(has(&g, "RUS>UKR:130"));
    assert_true(has(&g, "USA>UKR:130"));
    /* paired code, compound without a target: both directions */
    g = code("2022-01-02", "Russia and Ukraine met in Geneva.");
    assert_true(has(&g, "RUS>UKR:031"));
    assert_true(has(&g, "UKR>RUS:031"));
}

static void test_negation_denial_conditional(void **state)
{
    (void)state;
    got g = code("2022-01-02", "Russia did not attack Ukraine.");
    assert_int_equal(g.n, 0);
    g = code("2022-01-02", "Russia has repeatedly denied that it plans to attack Ukraine.");
    assert_false(has(&g, "RUS>UKR:190"));
    g = code("2022-01-02", "Biden warned Putin that if Russia invaded Ukraine, the United States would impose sanctions.");
    assert_true(has(&g, "USAGOV>RUSGOV:130"));
    assert_false(has(&g, "RUS>UKR:190"));
    assert_false(has(&g, "USA>RUS:163"));
}

static void test_reported_speech_and_pronouns(void **state)
{
    (void)state;
    got g = code("2022-01-02", "Kyiv said Russian troops attacked Ukraine.");
    assert_true(has(&g, "RUSMIL>UKR:190"));
    assert_false(has(&g, "UKR>RUSMIL:010"));
    g = code("2022-01-02", "Putin spoke by phone on Friday. He warned Ukraine.");
    int i = has(&g, "RUSGOV>UKR:130");
    assert_true(i);
    assert_int_equal(g.src_match[i - 1], TOCSIN_MATCH_PRONOUN);
    g = code("2022-01-02", "Ukraine said it would meet Russia.");
    assert_true(has(&g, "UKR>RUS:031"));
}

static void test_fuzzy_and_stray_capitals(void **state)
{
    (void)state;
    got g = code("2022-01-02", "Secretary of State Anthony Brinken warned Moscow.");
    int i = has(&g, "USAGOV>RUS:130");
    assert_true(i);
    assert_int_equal(g.src_match[i - 1], TOCSIN_MATCH_FUZZY);
    g = code("2022-01-02", "Jane Psaki warned Moscow.");
    i = has(&g, "USAGOV>RUS:130");
    assert_true(i);
    assert_int_equal(g.src_match[i - 1], TOCSIN_MATCH_FUZZY);
    /* an unrelated name is not pulled onto an official */
    g = code("2022-01-02", "Then Jack Smith warned Moscow.");
    assert_int_equal(g.n, 0);
    g = code("2022-01-02", "Biden also Urge Putin to ease tensions.");
    assert_true(has(&g, "USAGOV>RUSGOV:0256"));
}

static void test_dates(void **state)
{
    (void)state;
    /* 2022-01-02 is a Sunday */
    got g = code("2022-01-02", "Russia warned Ukraine on Thursday.");
    assert_string_equal(g.date[0], "2021-12-30");
    g = code("2022-01-02", "Russia and Ukraine will meet in Geneva on January 10.");
    assert_true(g.n > 0);
    assert_string_equal(g.date[0], "2022-01-10");
    g = code("2022-01-02", "Russia will meet Ukraine on Friday.");
    assert_string_equal(g.date[0], "2022-01-07");
    g = code("2022-01-02", "Russia warned Ukraine last week.");
    assert_string_equal(g.date[0], "2021-12-26");
    g = code("2022-01-02", "Russia warned Ukraine yesterday.");
    assert_string_equal(g.date[0], "2022-01-01");
    g = code("2022-01-02", "Biden warned Putin on New Year's Eve.");
    assert_string_equal(g.date[0], "2021-12-31");
    g = code("2022-01-02", "Biden warned Putin in early December.");
    assert_string_equal(g.date[0], "2021-12-05");
    g = code("2022-01-02", "Russia will meet Ukraine on Jan. 12.");
    assert_string_equal(g.date[0], "2022-01-12");
    /* past tense: the previous such day */
    g = code("2022-01-02", "Russia warned Ukraine on Jan. 12.");
    assert_string_equal(g.date[0], "2021-01-12");
    /* a written year is the year, not the one the tense picks */
    g = code("2022-01-02", "In March 2017, Russia warned Ukraine.");
    assert_string_equal(g.date[0], "2017-03-15");
    g = code("2022-01-02", "Russia warned Ukraine on March 10, 2019.");
    assert_string_equal(g.date[0], "2019-03-10");
    g = code("2022-01-02", "Russia warned Ukraine on 10 March 2019.");
    assert_string_equal(g.date[0], "2019-03-10");
    g = code("2022-01-02", "Russia warned Ukraine in January 2022.");
    assert_string_equal(g.date[0], "2022-01-02");
    /* a month and year that qualify a noun date nothing */
    g = code("2022-01-02", "Russia warned Ukraine about the March 2017 accord.");
    assert_string_equal(g.date[0], "2022-01-02");
}

static void test_chains_and_transformations(void **state)
{
    (void)state;
    /* the ontology combines "want" with "help": express intent to provide aid */
    got g = code("2022-01-02", "Russia wants to help Ukraine.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "RUS>UKR:033"));
    /* "A claimed that A attacked B": claims responsibility */
    g = code("2022-01-02", "Russia claimed that it attacked Ukraine.");
    assert_true(has(&g, "RUS>UKR:015"));
    assert_false(has(&g, "RUS>UKR:190"));
    /* fuzz: "praise" (0x81) + "help" (0x40) has no entry but the null code 0 "---",
     * which means no event: none is output (it had quad class 0) */
    g = code("2022-01-02", "Russia praised Ukraine to help.");
    for (int i = 0; i < g.n; i++) assert_null(strstr(g.line[i], ":-"));
}

static void test_conditional_threats_and_quotes(void **state)
{
    (void)state;
    /* the condition names who is threatened; the consequence how */
    got g = code("2022-01-02", "Biden told Kyiv that if Russia invaded, the United States would impose sanctions.");
    assert_true(has(&g, "USA>RUS:1312"));
    assert_false(has(&g, "RUS>UKR:190"));
    /* a quotation whose speaker is named in the next sentence */
    g = code("2022-01-02", "\"We warned Moscow. We will help Ukraine,\" Biden said.");
    assert_true(has(&g, "USAGOV>RUS:130"));
    /* without a speaker, "we" is nobody */
    g = code("2022-01-02", "\"We warned Moscow.\"");
    assert_int_equal(g.n, 0);
}

static void test_discards(void **state)
{
    (void)state;
    /* a story discard anywhere drops the whole document, events before it too */
    got g = code("2022-01-02", "Russia warned Ukraine. Then the World Cup began.");
    assert_int_equal(g.n, 0);
    /* a sentence discard drops only its sentence */
    g = code("2022-01-02", "Russia warned Ukraine. Football fans attacked Kyiv.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "RUS>UKR:130"));
}

static void test_obligations(void **state)
{
    (void)state;
    /* "X said that Y must ...": X demands of Y; Y's act has not happened */
    got g = code("2022-01-02", "Washington said that Moscow must meet Kyiv.");
    assert_true(has(&g, "USA>RUS:100"));
    assert_false(has(&g, "RUS>UKR:031"));
    /* the clause of a demand is not an act either */
    g = code("2022-01-02", "Kyiv urged that Moscow meet Washington.");
    assert_false(has(&g, "RUS>USA:031"));
}

static void test_headline_and_lone_agents(void **state)
{
    (void)state;
    /* an unpunctuated first line followed by a body is a headline */
    got g = code("2022-01-02", "Russia warns Ukraine\n\nThe talks went on.");
    assert_int_equal(g.n, 0);
    /* an agent without a country codes as an unknown country, PETRARCH-style */
    g = code("2022-01-02", "Rebels attacked the Russian troops.");
    assert_true(has(&g, "---REB>RUSMIL:190"));
    /* ... or takes the country of the only place the sentence names */
    g = code("2022-01-02", "Rebels attacked troops near Kyiv.");
    assert_true(has(&g, "UKRREB>UKRMIL:190"));
}

/* TABARI dictionaries and a story given sentence by sentence (TABARI's FORWARD):
 * a pronoun opening the next sentence's record stands for the first actor of
 * the one before, without the agents composed with it; a new story has none. */
static void test_tabari_forward(void **state)
{
    (void)state;
    char dir[300];
    snprintf(dir, sizeof dir, "%s/tabari", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    write_file("tabari/demo.actors", "FORNOST  [FOR]\nGONDOR  [GON]\nARNOR  [ARN]\n");
    write_file("tabari/demo.agents", "PRESIDENT_  [~GOVPRS]\n");
    write_file("tabari/demo.verbs", "APPEAL  [095]\nASK  [090]\n");
    tocsin_dict *td = tocsin_dict_new();
    assert_int_equal(tocsin_dict_add(td, dir), 0);
    tocsin_dict_finish(td);
    tocsin_coder *tc = tocsin_coder_new(td);
    assert_non_null(tc);
    const char *s1 = "Fornost President Umbardacil appealed to Gondor for peace.";
    const char *s2 = "He also asked Arnor to help.";
    tocsin_doc d1 = { "S-001-001", "1995-01-16", NULL, NULL, NULL, s1, strlen(s1) };
    tocsin_doc d2 = { "S-001-002", "1995-01-16", NULL, NULL, NULL, s2, strlen(s2) };
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(tocsin_code(tc, &d1, collect, &g), 1);
    assert_true(has(&g, "FORGOVPRS>GON:095"));
    memset(&g, 0, sizeof g);
    tocsin_coder_continue_story(tc);
    assert_int_equal(tocsin_code(tc, &d2, collect, &g), 1);
    assert_true(has(&g, "FOR>ARN:090"));
    memset(&g, 0, sizeof g);
    tocsin_code(tc, &d1, collect, &g);
    memset(&g, 0, sizeof g);
    tocsin_code(tc, &d2, collect, &g);
    assert_false(has(&g, "FOR>ARN:090"));
    tocsin_coder_free(tc);
    tocsin_dict_free(td);
}

static void test_bad_input(void **state)
{
    (void)state;
    got g;
    memset(&g, 0, sizeof g);
    tocsin_doc doc = { "bad", "2022-13-45", NULL, NULL, NULL, "Russia warned Ukraine.", 22 };
    assert_int_equal(tocsin_code(coder, &doc, collect, &g), -1);
    assert_non_null(strstr(tocsin_coder_error(coder), "bad"));
    /* invalid UTF-8 and junk never crash */
    static const char junk[] = "Russia \xff\xfe warned \x01\x02 Ukraine \xc3.";
    tocsin_doc d2 = { "junk", "2022-01-02", NULL, NULL, NULL, junk, sizeof junk - 1 };
    assert_true(tocsin_code(coder, &d2, collect, &g) >= 0);
    tocsin_doc d3 = { "empty", "2022-01-02", NULL, NULL, NULL, "", 0 };
    assert_int_equal(tocsin_code(coder, &d3, collect, &g), 0);
    /* fuzz: text_len 0 is an empty body even when the bytes are not NUL-terminated
     * (the coder used to strlen() them: heap overflow under ASan) */
    char *unterminated = malloc(1);
    unterminated[0] = 'R';
    tocsin_doc d4 = { "empty2", "2022-01-02", NULL, NULL, NULL, unterminated, 0 };
    assert_int_equal(tocsin_code(coder, &d4, collect, &g), 0);
    free(unterminated);
    /* a null-coded actor is not an actor */
    g = code("2022-01-02", "Chelsea attacked Ukraine.");
    assert_int_equal(g.n, 0);
    tocsin_stats st;
    tocsin_coder_stats(coder, &st);
    assert_true(st.documents > 0 && st.sentences > 0);
}

/* ---- the built-in dictionaries: rules that follow the CAMEO manual's conventions ---- */

static tocsin_dict *bdict;
static tocsin_coder *bcoder;

static got bcode(const char *text)
{
    got g;
    memset(&g, 0, sizeof g);
    tocsin_doc doc = { "b", "2022-01-02", NULL, NULL, NULL, text, strlen(text) };
    int n = tocsin_code(bcoder, &doc, collect, &g);
    assert_int_equal(n, g.n);
    return g;
}

static int builtin_setup(void **state)
{
    (void)state;
    bdict = tocsin_dict_new();
    if (tocsin_dict_add(bdict, "builtin") < 0) return -1;
    tocsin_dict_finish(bdict);
    bcoder = tocsin_coder_new(bdict);
    return bcoder ? 0 : -1;
}

static int builtin_teardown(void **state)
{
    (void)state;
    tocsin_coder_free(bcoder);
    tocsin_dict_free(bdict);
    return 0;
}

/* Unknown, countryless and place actors (built-in conventions). */
static void test_builtin_unknown_actors(void **state)
{
    (void)state;
    /* an agent of unknown country does not act */
    got g = bcode("Kidnappers seized two Americans.");
    assert_int_equal(g.n, 0);
    /* ... but a known actor may act on one */
    g = bcode("Egyptian police opened fire on demonstrators.");
    assert_true(has(&g, "EGYCOP>EGYOPP:175"));
    /* a countryless agent takes the one country a participant's own group names
     * (domestic politics) ... */
    g = bcode("Iranian protesters demonstrated against the government.");
    assert_true(has(&g, "IRNOPP>IRNGOV:1411"));
    /* ... but not a bare country's: the militants Israel attacked are not Israel's */
    g = bcode("Israel attacked militants.");
    assert_true(has(&g, "ISR>---REB:190"));
    assert_false(has(&g, "ISR>ISRREB:190"));
    /* two countries named: the agent's country is unknown */
    g = bcode("Iranian protesters demonstrated against the government and Iraq.");
    assert_false(has(&g, "IRNOPP>IRNGOV:1411"));
    assert_false(has(&g, "IRNOPP>IRQGOV:1411"));
    /* the place where something happened is not its agent, nor its subject */
    g = bcode("Two journalists were kidnapped in Iraq.");
    assert_int_equal(g.n, 0);
    g = bcode("A building in central Paris was attacked by Russia.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "RUS>:190"));   /* one-sided: the building is no actor (manual §4.1) */
    /* a participant beats the place */
    g = bcode("Russia arrested in Minsk a Ukrainian diplomat.");
    assert_true(has(&g, "RUS>UKRGOV:173"));
    assert_false(has(&g, "RUS>BLR:173"));
    /* an agent word used as an adjective is no participant: a compound subject
     * acts on its own members */
    g = bcode("Jordan and Britain have agreed to hold joint military exercises.");
    assert_true(has(&g, "JOR>GBR:0312"));
    assert_false(has(&g, "JOR>---MIL:0312"));
    /* only mutual acts pair a compound's members with each other, and partners
     * meet each other rather than the venue */
    g = bcode("Britain and France criticised the decision.");
    assert_int_equal(g.n, 2);   /* one-sided (manual §4.1), not each other */
    assert_true(has(&g, "GBR>:111"));
    assert_true(has(&g, "FRA>:111"));
    g = bcode("Russia and Ukraine held talks in Minsk.");
    assert_true(has(&g, "RUS>UKR:044"));
    assert_false(has(&g, "RUS>BLR:044"));
    g = bcode("Vladimir Putin and Recep Tayyip Erdogan are due to meet in Tehran on Friday to discuss Idlib.");
    assert_true(has(&g, "RUSGOV>TURGOV:036"));
    assert_false(has(&g, "RUSGOV>SYR:036"));
    /* "in northern China" is a place even with an adjective between */
    g = bcode("A building in northern China was attacked by Russia.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "RUS>:190"));   /* one-sided (manual §4.1), China is no target */
    /* a country's thing is not the country: the warning is not addressed to Australia */
    g = bcode("Howard warned that Australia's strong dollar would dampen exports.");
    assert_int_equal(g.n, 0);
    g = bcode("Britain condemned Russia's invasion of Ukraine.");
    assert_true(has(&g, "GBR>RUS:111"));
}

/* Stacked agent words (built-in conventions): one role, the head noun's. */
static void test_builtin_agent_stacks(void **state)
{
    (void)state;
    /* "ethnic minority rebels" are rebels, not rebels and civilians */
    got g = bcode("Ethnic minority rebels in Sudan attacked Chad.");
    assert_true(has(&g, "SDNREB>TCD:190"));
    assert_false(has(&g, "SDNREBCVL>TCD:190"));
    g = bcode("The army attacked ethnic minority rebels in Sudan.");
    assert_true(has(&g, "SDNMIL>SDNREB:190"));
    /* an IGO's staff: IGO + role; "hostage" after them is a complement, no head */
    g = bcode("Afghan militants kidnapped three U.N. workers hostage.");
    assert_true(has(&g, "AFGREB>IGOUNOLAB:181"));
    assert_false(has(&g, "AFGREB>IGOUNOLABCVL:181"));
    assert_false(has(&g, "AFGREB>IGOUNOCVL:181"));
    /* a religion is no role: it stays with the head noun's */
    g = bcode("Iraqi Shiite militiamen attacked Kuwait.");
    assert_true(has(&g, "IRQMUSSHIUAF>KWT:190"));
}

/* Clause structure on the built-in dictionaries: asides, shared objects, participles. */
static void test_builtin_clauses(void **state)
{
    (void)state;
    /* a participial aside: its mentions are no subjects, its verb no event */
    got g = bcode("Olaf Scholz, visiting refugees from Syria, criticized Russia.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "DEUGOV>RUS:111"));
    /* a relative aside with its own "and": the main verb keeps the subject */
    g = bcode("Emmanuel Macron, who has praised Germany and is one of the closest allies of Italy, "
              "will meet Olaf Scholz next week.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "FRAGOV>DEUGOV:036"));
    /* two verbs, one object: one event, the first verb's */
    g = bcode("Israeli soldiers shot and killed a Palestinian.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "ISRMIL>PSE:193"));
    /* "a soldier fighting against X has died": the participle describes the soldier */
    g = bcode("A Russian soldier fighting against Ukraine has died in an explosion.");
    assert_int_equal(g.n, 0);
    /* the participle's object is not the main verb's subject */
    g = bcode("Afghan militants holding three U.N. workers hostage began talks with the United Nations on Sunday.");
    assert_true(has(&g, "AFGREB>IGOUNO:046"));
    assert_int_equal(g.n, 1);
    /* infinitives: a planned attack is a threat, a planned visit an intent, an
     * act someone was unwilling or failed to do no act */
    g = bcode("Russia plans to attack Ukraine.");
    assert_true(has(&g, "RUS>UKR:138"));
    g = bcode("Putin is to visit India.");
    assert_true(has(&g, "RUSGOV>IND:036"));
    g = bcode("The US, Britain and France have been unwilling to instruct Turkey to pull back.");
    assert_int_equal(g.n, 0);
    g = bcode("Russia failed to help Ukraine.");
    assert_int_equal(g.n, 0);
    /* an official announcing his own country's future act makes the threat */
    g = bcode("The Turkish president has said that Turkey will launch a military operation against the Kurds.");
    assert_true(has(&g, "TURGOV>KUR:138"));
    assert_false(has(&g, "TUR>KUR:138"));
    /* an infinitive a noun governs ("decisions by X to ...") is no act of the subject */
    g = bcode("Erdogan lambasted decisions by Donald Trump to pull out of the Iran nuclear deal and "
              "recognise Jerusalem as the Israeli capital.");
    assert_false(has(&g, "TURGOV>ISR:054"));
    assert_true(has(&g, "TURGOV>USAELI:111"));
    /* "al-Yawar arrived in": a participle after a name part is the main verb */
    g = bcode("Iraqi President Ghazi al-Yawar arrived in Kuwait on Saturday for a two-day official visit.");
    assert_true(has(&g, "IRQGOV>KWT:042"));
    /* an object pronoun after the same actor's second act is its earlier target,
     * not the place that follows */
    g = bcode("Iraqi militants kidnapped an Australian journalist and interrogated him in a Baghdad hotel.");
    assert_true(has(&g, "IRQREB>AUSMED:090"));
    assert_false(has(&g, "IRQREB>IRQ:090"));
    /* "#39;" is a lost apostrophe, not a clause break */
    g = bcode("Emmanuel Macron, who has praised Germany and is one of the United States #39; closest allies, "
              "will meet Olaf Scholz next week.");
    assert_int_equal(g.n, 1);
    assert_true(has(&g, "FRAGOV>DEUGOV:036"));
    /* "alongside X", "together with X": a partner of the subject, not its target,
     * and the partners of a compound do not fight each other */
    g = bcode("Kurdish fighters fought alongside the United States against Isis.");
    assert_false(has(&g, "KURREB>USA:190"));
    assert_true(has(&g, "KURREB>IMGMUSISI:190"));
    g = bcode("Iranian troops and Hezbollah fighters are fighting alongside Syrian soldiers.");
    assert_int_equal(g.n, 2);   /* one-sided (manual §4.1): their enemy is not named */
    assert_true(has(&g, "IRNMIL>:190"));
    assert_true(has(&g, "LBNREB>:190"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_and_pattern),
        cmocka_unit_test(test_agents_and_titles),
        cmocka_unit_test(test_phrase_matching),
        cmocka_unit_test(test_passive),
        cmocka_unit_test(test_compounds),
        cmocka_unit_test(test_negation_denial_conditional),
        cmocka_unit_test(test_reported_speech_and_pronouns),
        cmocka_unit_test(test_fuzzy_and_stray_capitals),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_chains_and_transformations),
        cmocka_unit_test(test_conditional_threats_and_quotes),
        cmocka_unit_test(test_headline_and_lone_agents),
        cmocka_unit_test(test_obligations),
        cmocka_unit_test(test_discards),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_tabari_forward),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    const struct CMUnitTest builtin_tests[] = {
        cmocka_unit_test(test_builtin_unknown_actors),
        cmocka_unit_test(test_builtin_agent_stacks),
        cmocka_unit_test(test_builtin_clauses),
    };
    return failed + cmocka_run_group_tests(builtin_tests, builtin_setup, builtin_teardown);
}
