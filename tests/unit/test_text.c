/* test_text.c — the text stage: normalisation, tokenizer, sentence splitter
 * (including the seed article from $SHARED), boilerplate, datelines, huge and
 * binary input, and the WordNet verb lemmatizer. */
#include "testutil.h"
#include "text/text.h"

#include <utf8proc.h>

static lemmatizer *g_lm;

/* ---- helpers ---- */

static char *norm(const char *in, size_t n, size_t *bad)
{
    buf b;
    util_buf_init(&b);
    size_t k = text_normalize(in, n, &b);
    if (bad) *bad = k;
    return b.data;   /* caller frees */
}

static int valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) return 0;
        i += (size_t)k;
    }
    return 1;
}

/* Splits normalised text; returns sentences joined by " | ". */
static char *split_all(const char *text, int *count)
{
    buf nb, out;
    util_buf_init(&nb);
    util_buf_init(&out);
    text_normalize(text, strlen(text), &nb);
    arena a;
    util_arena_init(&a, 4096);
    splitter sp;
    text_splitter_init(&sp, nb.data, nb.len);
    sentence s;
    int k = 0;
    while (text_splitter_next(&sp, &a, g_lm, &s)) {
        if (k++) util_buf_adds(&out, " | ");
        util_buf_add(&out, s.text, s.len);
        assert_int_equal(s.index, k);
        util_arena_reset(&a);
    }
    util_arena_free(&a);
    util_buf_free(&nb);
    if (count) *count = k;
    if (!out.data) util_buf_adds(&out, "");
    return out.data;
}

static void expect_split(const char *in, const char *want)
{
    char *got = split_all(in, NULL);
    if (strcmp(got, want) != 0) {
        print_error("input: %s\n  want: %s\n  got:  %s\n", in, want, got);
        free(got);
        fail();
    }
    free(got);
}

/* ---- normalisation ---- */

static void test_normalize_invalid_utf8(void **st)
{
    (void)st;
    size_t bad;
    char *r = norm("a\xff" "b\xc3", 4, &bad);
    assert_int_equal(bad, 2);
    assert_string_equal(r, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    free(r);
    /* overlong '/', a UTF-16 surrogate, a stray continuation byte */
    r = norm("\xc0\xaf|\xed\xa0\x80|\x80", 9, &bad);
    assert_true(bad >= 3);
    assert_true(valid_utf8(r, strlen(r)));
    assert_null(strstr(r, "/"));
    free(r);
    /* a NUL byte and controls become spaces; the text is not cut short */
    r = norm("a\0b\x01" "c\td", 7, &bad);
    assert_string_equal(r, "a b c d");
    free(r);
}

static void test_normalize_folding(void **st)
{
    (void)st;
    const char *in = "\xe2\x80\x9cHe\xe2\x80\x99s here,\xe2\x80\x9d she said \xe2\x80\x94 at 5\xe2\x80\xb2"
                     "\xc2\xa0pm\xe2\x80\x89\xe2\x88\x92" "3 \xe2\x80\x93 ok\xe2\x80\xa6\r\nnext\rline";
    char *r = norm(in, strlen(in), NULL);
    assert_string_equal(r, "\"He's here,\" she said - at 5' pm -3 - ok...\nnext\nline");
    free(r);
    /* zero-width and soft-hyphen characters vanish */
    r = norm("ab\xe2\x80\x8b" "c\xc2\xad" "d", 9, NULL);
    assert_string_equal(r, "abcd");
    free(r);
}

static void test_normalize_nfc(void **st)
{
    (void)st;
    /* e + COMBINING ACUTE -> U+00E9; across the ASCII/non-ASCII boundary */
    const char *in = "Cafe\xcc\x81 E\xcc\x81lyse\xcc\x81" "e";
    char *r = norm(in, strlen(in), NULL);
    assert_string_equal(r, "Caf\xc3\xa9 \xc3\x89lys\xc3\xa9" "e");
    free(r);
    /* already-composed text and pure ASCII are unchanged */
    r = norm("Kyiv \xc3\xa9t\xc3\xa9", 10, NULL);
    assert_string_equal(r, "Kyiv \xc3\xa9t\xc3\xa9");
    free(r);
    /* Hangul jamo compose */
    r = norm("\xe1\x84\x80\xe1\x85\xa1", 6, NULL);
    assert_string_equal(r, "\xea\xb0\x80");
    free(r);
    /* a long non-ASCII run (beyond one composition chunk) with marks everywhere */
    buf b;
    util_buf_init(&b);
    for (int i = 0; i < 3000; i++) util_buf_adds(&b, "\xd0\x98\xcc\x86");   /* И + breve = Й */
    char *out = norm(b.data, b.len, NULL);
    assert_int_equal(strlen(out), 3000 * 2);
    for (int i = 0; i < 3000; i++) assert_memory_equal(out + 2 * i, "\xd0\x99", 2);
    free(out);
    util_buf_free(&b);
}

static void test_normalize_binary_junk(void **st)
{
    (void)st;
    size_t n = 1 << 20;
    char *junk = malloc(n);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        junk[i] = (char)(x >> 24);
    }
    size_t bad;
    buf b;
    util_buf_init(&b);
    bad = text_normalize(junk, n, &b);
    assert_true(bad > 1000);
    assert_true(valid_utf8(b.data, b.len));
    assert_int_equal(strlen(b.data), b.len);            /* no NUL inside */
    /* splitting junk: bounded sentences, no crash */
    arena a;
    util_arena_init(&a, 1 << 16);
    splitter sp;
    text_splitter_init(&sp, b.data, b.len);
    sentence s;
    while (text_splitter_next(&sp, &a, g_lm, &s)) {
        assert_true(s.len <= TEXT_MAX_SENTENCE_BYTES);
        assert_true(s.ntok <= TEXT_MAX_SENTENCE_TOKENS);
        assert_true(valid_utf8(s.text, s.len));
        util_arena_reset(&a);
    }
    util_arena_free(&a);
    util_buf_free(&b);
    free(junk);
}

/* ---- tokenizer ---- */

static void tok(const char *text, sentence *s, arena *a)
{
    text_tokenize(text, strlen(text), a, g_lm, s);
}

static void expect_tokens(const char *text, const char *const *want, size_t nwant)
{
    arena a;
    util_arena_init(&a, 4096);
    sentence s;
    tok(text, &s, &a);
    int ok = s.ntok == nwant;
    for (size_t i = 0; ok && i < nwant; i++) ok = strcmp(s.tok[i].text, want[i]) == 0;
    if (!ok) {
        print_error("tokenizing: %s\n  got %zu tokens:", text, s.ntok);
        for (size_t i = 0; i < s.ntok; i++) print_error(" [%s]", s.tok[i].text);
        print_error("\n");
        util_arena_free(&a);
        fail();
    }
    util_arena_free(&a);
}

#define TOKS(text, ...) do { \
        static const char *const w_[] = { __VA_ARGS__ }; \
        expect_tokens(text, w_, sizeof w_ / sizeof *w_); \
    } while (0)

static void test_tokenize_cases(void **st)
{
    (void)st;
    TOKS("Russia's 100,000 troops, 3.5 pct.", "Russia", "'s", "100,000", "troops", ",", "3.5", "pct.");
    TOKS("the U.S. and Gen. J. Smith met.", "the", "U.S.", "and", "Gen.", "J.", "Smith", "met", ".");
    TOKS("al-Assad's confidence-building, 50-minute call", "al-Assad", "'s",
         "confidence-building", ",", "50-minute", "call");
    TOKS("\"We won't,\" O'Brien said...", "\"", "We", "won't", ",", "\"", "O'Brien", "said", "...");
    TOKS("the allies' plan (AT&T) - $5 at 10:30", "the", "allies", "'", "plan", "(", "AT&T", ")",
         "-", "$", "5", "at", "10:30");
    TOKS("principle of'without you", "principle", "of", "'", "without", "you");
    TOKS("Plan B.", "Plan", "B", ".");
    TOKS("No. 10 and Art. 5 but he said no.", "No.", "10", "and", "Art.", "5", "but", "he", "said",
         "no", ".");
    TOKS("Sen. Smith (R-Ariz.) met Acme Inc.", "Sen.", "Smith", "(", "R-Ariz.", ")", "met", "Acme", "Inc.");
    TOKS("in the U.S.A today", "in", "the", "U.S.A", "today");
    TOKS("", );
}

static void test_tokenize_fields(void **st)
{
    (void)st;
    arena a;
    util_arena_init(&a, 4096);
    sentence s;
    tok("\"NATO warned Élysée on Ukraine's U.S. talks", &s, &a);
    assert_int_equal(s.ntok, 9);
    token *t = s.tok;
    assert_true(t[0].flags & TOK_QUOTE);
    assert_true(t[0].flags & TOK_PUNCT);
    assert_false(t[0].flags & TOK_FIRST);
    assert_true(t[1].flags & TOK_FIRST);
    assert_true(t[1].flags & TOK_ALLCAPS);
    assert_string_equal(t[1].lower, "nato");
    assert_string_equal(t[2].lemma, "warn");
    assert_int_equal(t[2].lemma_hash, hash_str("warn"));
    assert_int_equal(t[2].hash, hash_str("warned"));
    assert_string_equal(t[3].text, "Élysée");
    assert_string_equal(t[3].lower, "elysee");
    assert_true(t[3].flags & TOK_CAP);
    assert_false(t[3].flags & TOK_ALLCAPS);
    assert_ptr_equal(t[3].lemma, t[3].lower);
    assert_string_equal(t[5].lower, "ukraine");
    assert_ptr_equal(t[5].lemma, t[5].lower);          /* not a verb: pointer-equal */
    assert_int_equal(t[5].lemma_hash, t[5].hash);
    assert_true(t[6].flags & TOK_POSS);
    assert_string_equal(t[7].lower, "u.s.");
    assert_true(t[7].flags & TOK_ABBREV);
    assert_string_equal(t[8].lemma, "talk");
    for (size_t i = 0; i < s.ntok; i++) {
        assert_int_equal(t[i].hash, hash_str(t[i].lower));
        assert_memory_equal(s.text + t[i].off, t[i].text, t[i].len);
    }
    /* numbers */
    tok("3.5 100,000 1980s", &s, &a);
    for (size_t i = 0; i < s.ntok; i++) assert_true(s.tok[i].flags & TOK_NUM);
    /* without a lemmatizer lemma == lower */
    text_tokenize("warned", 6, &a, NULL, &s);
    assert_ptr_equal(s.tok[0].lemma, s.tok[0].lower);
    /* text_fold matches token folding */
    size_t fl;
    assert_string_equal(text_fold("\xc3\x89LYS\xc3\x89" "E Stra\xc3\x9f" "e", 16, &a, &fl), "elysee strasse");
    util_arena_free(&a);
}

static void test_tokenize_many(void **st)
{
    (void)st;
    /* more tokens than the on-stack array: all kept, offsets right */
    buf b;
    util_buf_init(&b);
    for (int i = 0; i < 1500; i++) util_buf_adds(&b, "a, ");
    arena a;
    util_arena_init(&a, 4096);
    sentence s;
    text_tokenize(b.data, b.len, &a, g_lm, &s);
    assert_int_equal(s.ntok, 3000);
    assert_string_equal(s.tok[2998].text, "a");
    assert_int_equal(s.tok[2999].off, 3 * 1499 + 1);
    util_arena_free(&a);
    util_buf_free(&b);
}

/* ---- sentence splitting ---- */

static void test_split_cases(void **st)
{
    (void)st;
    expect_split("Mr. Smith met Gen. Jones in the U.S. Senate. They talked.",
                 "Mr. Smith met Gen. Jones in the U.S. Senate. | They talked.");
    expect_split("Support for the U.S. The White House said so.",
                 "Support for the U.S. | The White House said so.");
    expect_split("Growth was 3.5 pct in Jan. 2020. It fell.", "Growth was 3.5 pct in Jan. 2020. | It fell.");
    expect_split("J. R. R. Tolkien wrote. George W. Bush spoke.",
                 "J. R. R. Tolkien wrote. | George W. Bush spoke.");
    expect_split("Is it war? \"No!\" he said. Really...", "Is it war? | \"No!\" he said. | Really...");
    expect_split("He said \"we will respond.\" Then he left.",
                 "He said \"we will respond.\" | Then he left.");
    expect_split("Talks were held in recent weeks.Biden also urged Putin.",
                 "Talks were held in recent weeks. | Biden also urged Putin.");
    expect_split("The U.S.A is big. See example.com now.", "The U.S.A is big. | See example.com now.");
    expect_split("It was... a mistake. No. 10 Downing St. said.",
                 "It was... a mistake. | No. 10 Downing St. said.");
    expect_split("He said no. The talks failed. No. 10 said so.",
                 "He said no. | The talks failed. | No. 10 said so.");
    expect_split("Sen. John McCain, R-Ariz., spoke. He lives on Main St. The house is big.",
                 "Sen. John McCain, R-Ariz., spoke. | He lives on Main St. | The house is big.");
    expect_split("Shares of Acme Inc. rose. Acme Inc. The firm said.",
                 "Shares of Acme Inc. rose. | Acme Inc. | The firm said.");
    /* paragraphs: blank line; single newline after terminal punctuation + capital */
    expect_split("A title without stop\n\nBody one. Body two", "A title without stop | Body one. | Body two");
    expect_split("Line one ends here.\nLine two starts.", "Line one ends here. | Line two starts.");
    expect_split("a wrapped line\ncontinues here.", "a wrapped line continues here.");
    expect_split("BAHIA COCOA REVIEW\nShowers continued in Bahia.", "BAHIA COCOA REVIEW | Showers continued in Bahia.");
    expect_split("UNITED NATIONS\nSECURITY COUNCIL\nVoted today.", "UNITED NATIONS SECURITY COUNCIL | Voted today.");
    expect_split("no letters\n\n12345 -- 678\n\nok", "no letters | ok");
    expect_split("Windows text.\r\n\r\nNext para.\r\nSame para? Yes.",
                 "Windows text. | Next para. | Same para? | Yes.");
    expect_split("", "");
    expect_split("   \n\n  ", "");
}

static void test_split_paragraph_numbers(void **st)
{
    (void)st;
    buf nb;
    util_buf_init(&nb);
    const char *doc = "Title here\n\nFirst one. Second one.\n\nSource link\n\nThird.";
    text_normalize(doc, strlen(doc), &nb);
    arena a;
    util_arena_init(&a, 4096);
    splitter sp;
    text_splitter_init(&sp, nb.data, nb.len);
    sentence s;
    int want_para[] = { 1, 2, 2, 3 };
    int k = 0;
    while (text_splitter_next(&sp, &a, NULL, &s)) {
        assert_true(k < 4);
        assert_int_equal(s.index, k + 1);
        assert_int_equal(s.paragraph, want_para[k]);
        k++;
    }
    assert_int_equal(k, 4);
    assert_int_equal(text_splitter_next(&sp, &a, NULL, &s), 0);   /* stays at the end */
    assert_int_equal(text_splitter_next(&sp, &a, NULL, &s), 0);
    util_arena_free(&a);
    util_buf_free(&nb);
}

static void test_split_boilerplate(void **st)
{
    (void)st;
    expect_split("The army withdrew.\n\nSource link\n\nLeave a Reply\n\n"
                 "Your email address will not be published. Required fields are marked *\n\n"
                 "Related posts\nShare this:\nClick to share on Twitter (Opens in new window)\n"
                 "Copyright 2022 Example News. All rights reserved.\n\n"
                 "Sign up for our newsletter\n\nAdvertisement\n\nRead more\n\n"
                 "\xc2\xa9 2022 The Paper\n\nName *\n\nEmail *\n\nThe End came.",
                 "The army withdrew. | The End came.");
    expect_split("Elections are not due until 1988. REUTER\n\nNext story. Read more",
                 "Elections are not due until 1988. | Next story.");
    /* whole-line matching only: a real sentence containing the words stays */
    expect_split("Officials said the source link to the leak was found.",
                 "Officials said the source link to the leak was found.");
    expect_split("Copyright law changed in 1998.\n\nShare prices rose.",
                 "Copyright law changed in 1998. | Share prices rose.");
}

static void test_split_datelines(void **st)
{
    (void)st;
    expect_split("WASHINGTON (AP) \xe2\x80\x94 The Senate voted on Tuesday.", "The Senate voted on Tuesday.");
    expect_split("MOSCOW, Jan 2 (Reuters) - Russia said it would respond.", "Russia said it would respond.");
    expect_split("Headline here\n\nKYIV, Ukraine (AP) -- Shelling resumed. More came.",
                 "Headline here | Shelling resumed. | More came.");
    expect_split("NEW DELHI: India and Pakistan met.", "India and Pakistan met.");
    expect_split("WASHINGTON (AP) --\nThe Senate voted.", "The Senate voted.");
    expect_split("Washington (CNN)The president spoke.", "The president spoke.");
    expect_split("BEIRUT - Shelling resumed.", "Shelling resumed.");
    /* not datelines */
    expect_split("The US (officially) said - no.", "The US (officially) said - no.");
    expect_split("Joe Biden - the president - spoke.", "Joe Biden - the president - spoke.");
    expect_split("NATO said it would meet - Russia declined.", "NATO said it would meet - Russia declined.");
    expect_split("The US (officially) - no.", "The US (officially) - no.");
}

static void test_split_huge_line(void **st)
{
    (void)st;
    /* one 4 MB line without any sentence end: bounded sentences, all text kept
     * (the 50 MB case is timed by the benchmark; under ASan it would be slow) */
    size_t n = 4u << 20;
    char *big = malloc(n + 1);
    static const char word[] = "tension and talks, ";
    for (size_t i = 0; i < n; i++) big[i] = word[i % (sizeof word - 1)];
    big[n] = 0;
    arena a;
    util_arena_init(&a, 1 << 16);
    splitter sp;
    text_splitter_init(&sp, big, n);
    sentence s;
    size_t total = 0, count = 0;
    while (text_splitter_next(&sp, &a, NULL, &s)) {
        assert_true(s.len <= TEXT_MAX_SENTENCE_BYTES);
        assert_true(s.ntok <= TEXT_MAX_SENTENCE_TOKENS);
        total += s.len;
        count++;
        util_arena_reset(&a);
    }
    assert_true(count > n / TEXT_MAX_SENTENCE_BYTES);
    assert_true(total >= n - count - 2);                 /* only separating spaces lost */
    /* and a line with no spaces at all, full of dots */
    for (size_t i = 0; i < n; i++) big[i] = (i % 7 == 3) ? '.' : 'x';
    text_splitter_init(&sp, big, n);
    count = 0;
    while (text_splitter_next(&sp, &a, NULL, &s)) {
        assert_true(s.len <= TEXT_MAX_SENTENCE_BYTES);
        count++;
        util_arena_reset(&a);
    }
    assert_true(count >= n / TEXT_MAX_SENTENCE_BYTES);
    util_arena_free(&a);
    free(big);
}

static void test_seed_article(void **st)
{
    (void)st;
    const char *shared = getenv("SHARED");
    if (!shared) { skip(); return; }
    char path[1024];
    snprintf(path, sizeof path, "%s/seed/article.txt", shared);
    size_t n;
    char *raw = util_read_file(path, &n);
    if (!raw) { skip(); return; }
    buf nb;
    util_buf_init(&nb);
    text_normalize(raw, n, &nb);
    arena a;
    util_arena_init(&a, 1 << 14);
    splitter sp;
    text_splitter_init(&sp, nb.data, nb.len);
    sentence s;
    int k = 0, saw_weeks = 0, saw_biden_urge = 0, saw_respond = 0;
    while (text_splitter_next(&sp, &a, g_lm, &s)) {
        k++;
        if (k == 1) {
            assert_string_equal(s.text, "Biden reiterated that the U.S. supports Ukraine's call "
                                        "with Zelensky because Russia is worried about Russia");
            assert_int_equal(s.paragraph, 1);
        }
        if (!strcmp(s.text, "Phone is The second two leaders Held in recent weeks.")) saw_weeks = 1;
        if (!strncmp(s.text, "Biden also Urge Russian President Vladimir Putin Last week", 57)) {
            saw_biden_urge = 1;
            assert_string_equal(s.tok[2].lemma, "urge");
        }
        if (strstr(s.text, "would \"respond decisively.\"")) saw_respond = 1;
        assert_null(strstr(s.text, "Source link"));
        assert_null(strstr(s.text, "Leave a Reply"));
        assert_null(strstr(s.text, "email address"));
        if (k == 23) assert_string_equal(s.text, "The meeting between Russia and NATO is scheduled for January 12.");
        util_arena_reset(&a);
    }
    assert_int_equal(k, 23);
    assert_true(saw_weeks);
    assert_true(saw_biden_urge);
    assert_true(saw_respond);
    util_arena_free(&a);
    util_buf_free(&nb);
    free(raw);
}

/* ---- lemmatizer ---- */

static void test_lemmatizer(void **st)
{
    (void)st;
    if (!g_lm) { skip(); return; }
    static const char *const cases[][2] = {
        { "warned", "warn" }, { "imposes", "impose" }, { "held", "hold" }, { "met", "meet" },
        { "urging", "urge" }, { "planned", "plan" }, { "talks", "talk" }, { "stopping", "stop" },
        { "said", "say" }, { "was", "be" }, { "hoping", "hope" }, { "singing", "sing" },
        { "seed", "seed" }, { "needed", "need" }, { "tries", "try" }, { "accused", "accuse" },
        { "criticizes", "criticize" }, { "threatened", "threaten" }, { "sanctions", "sanction" },
        { "ukraine", NULL }, { "the", NULL }, { "russia", NULL }, { "x", NULL }, { "", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *got = text_lemmatize_verb(g_lm, cases[i][0], strlen(cases[i][0]));
        if (!cases[i][1]) {
            if (got) print_error("%s -> %s, want NULL\n", cases[i][0], got);
            assert_null(got);
        } else {
            if (!got || strcmp(got, cases[i][1]))
                print_error("%s -> %s, want %s\n", cases[i][0], got ? got : "NULL", cases[i][1]);
            assert_non_null(got);
            assert_string_equal(got, cases[i][1]);
        }
    }
    /* a missing directory is reported, not a crash; $TOCSIN_WORDNET is honoured */
    assert_null(text_lemmatizer_load("/nonexistent/wordnet"));
    setenv("TOCSIN_WORDNET", "/nonexistent/wordnet", 1);
    assert_null(text_lemmatizer_load(NULL));
    lemmatizer *lm2 = text_lemmatizer_load("/usr/share/wordnet");   /* an explicit directory wins */
    assert_non_null(lm2);
    assert_string_equal(text_lemmatize_verb(lm2, "held", 4), "hold");
    text_lemmatizer_free(lm2);
    unsetenv("TOCSIN_WORDNET");
}

static int setup(void **st)
{
    (void)st;
    g_lm = text_lemmatizer_load(NULL);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    text_lemmatizer_free(g_lm);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize_invalid_utf8),
        cmocka_unit_test(test_normalize_folding),
        cmocka_unit_test(test_normalize_nfc),
        cmocka_unit_test(test_normalize_binary_junk),
        cmocka_unit_test(test_tokenize_cases),
        cmocka_unit_test(test_tokenize_fields),
        cmocka_unit_test(test_tokenize_many),
        cmocka_unit_test(test_split_cases),
        cmocka_unit_test(test_split_paragraph_numbers),
        cmocka_unit_test(test_split_boilerplate),
        cmocka_unit_test(test_split_datelines),
        cmocka_unit_test(test_split_huge_line),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_lemmatizer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
