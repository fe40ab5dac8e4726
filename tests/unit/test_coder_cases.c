/* test_coder_cases.c — runs tests/coder/cases.txt: the coder's cases as data (issue 11).
 *
 * Each case is a sentence (or a short document on one line) with a dictionary set and a
 * date, followed by the events the coder must produce, in order; the file's format is
 * described at its top. Every case is coded through the public API (tocsin_code) and its
 * events, written in the file's one-line form, must equal the expected lines exactly, so
 * that a refactor of the coder that changes any rule fails here, naming the case by its
 * line. Needs nothing from ../shared: the dictionary sets are the built-in ones and the
 * small TABARI- and PETRARCH-style ones under tests/coder/dict/.
 *
 * TOCSIN_ROOT (set by tests/run.sh) is the project root; default ".".
 * TOCSIN_CASES_UPDATE=FILE writes the case file to FILE with every expectation replaced
 * by what the coder produces now (to write new cases; review the result before
 * committing it). */
#include "testutil.h"

#include "tocsin.h"

#define MAX_SETS 8
#define LINE_MAX_LEN 8192

typedef struct {
    char name[64];
    tocsin_dict *dict;
    tocsin_coder *coder;
} dict_set;

static dict_set sets[MAX_SETS];
static int nsets;
static char root[4096] = ".";
static char load_errors[4096];

/* growable text buffer */
typedef struct {
    char *p;
    size_t n, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        b->cap = (b->n + len + 1) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = 0;
}

static void buf_str(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static void on_error(const char *msg, void *user)
{
    (void)user;
    size_t n = strlen(load_errors);
    snprintf(load_errors + n, sizeof load_errors - n, "%s\n", msg);
}

/* The coder for dictionary set `name` ("builtin" or a folder of tests/coder/dict),
 * loaded on first use. Fails the test when the set cannot be loaded cleanly. */
static tocsin_coder *coder_for(const char *name, const char *where)
{
    for (int i = 0; i < nsets; i++)
        if (!strcmp(sets[i].name, name)) return sets[i].coder;
    assert_true(nsets < MAX_SETS);
    dict_set *s = &sets[nsets];
    snprintf(s->name, sizeof s->name, "%s", name);
    s->dict = tocsin_dict_new();
    char path[8192];
    if (!strcmp(name, "builtin")) snprintf(path, sizeof path, "builtin");
    else snprintf(path, sizeof path, "%s/tests/coder/dict/%s", root, name);
    load_errors[0] = 0;
    tocsin_set_error_handler(on_error, NULL);
    int rc = tocsin_dict_add(s->dict, path);
    if (rc == 0) rc = tocsin_dict_finish(s->dict);
    tocsin_set_error_handler(NULL, NULL);
    if (rc != 0 || load_errors[0]) {
        fprintf(stderr, "%s: dictionary set %s (%s) does not load cleanly:\n%s", where, name, path, load_errors);
        fail();
    }
    s->coder = tocsin_coder_new(s->dict);
    assert_non_null(s->coder);
    nsets++;
    return s->coder;
}

typedef struct {
    buf *out;
    const char *date;
} collect_ctx;

static const char *match_key(tocsin_match m)
{
    return m == TOCSIN_MATCH_EXACT || m == TOCSIN_MATCH_NONE ? NULL : tocsin_match_name(m);
}

/* One event in the file's form: "SOURCE TARGET CODE" ("-" for none), then
 * " s=N" when not the first sentence, " date=D" when not the document's date,
 * " src=M" / " tgt=M" when an actor was not an exact dictionary match. */
static void collect(const tocsin_event *ev, void *user)
{
    collect_ctx *c = user;
    char line[512];
    int n = snprintf(line, sizeof line, "%s %s %s", ev->source.code[0] ? ev->source.code : "-",
                     ev->target.code[0] ? ev->target.code : "-", ev->code[0] ? ev->code : "-");
    if (ev->sentence != 1) n += snprintf(line + n, sizeof line - n, " s=%d", ev->sentence);
    if (strcmp(ev->date, c->date)) n += snprintf(line + n, sizeof line - n, " date=%s", ev->date);
    const char *m = ev->source.code[0] ? match_key(ev->source.match) : NULL;
    if (m) n += snprintf(line + n, sizeof line - n, " src=%s", m);
    m = ev->target.code[0] ? match_key(ev->target.match) : NULL;
    if (m) n += snprintf(line + n, sizeof line - n, " tgt=%s", m);
    snprintf(line + n, sizeof line - n, "\n");
    buf_str(c->out, line);
}

/* the state of a pass over the case file */
typedef struct {
    const char *path;
    char dict[64];
    char date[64];
    int in_block, have_text, text_line, ncases, nfailed;
    char text[LINE_MAX_LEN];
    buf expected;  /* the case's expected event lines */
    FILE *update;  /* TOCSIN_CASES_UPDATE output, or NULL */
} cases_run;

static void trim_end(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
}

/* Codes the pending case and compares (or, updating, writes its events). */
static void finish_case(cases_run *r)
{
    if (!r->have_text) return;
    char where[4200];
    snprintf(where, sizeof where, "%s:%d", r->path, r->text_line);
    tocsin_coder *c = coder_for(r->dict, where);
    buf got = { 0 };
    buf_str(&got, "");
    collect_ctx cc = { &got, r->date };
    tocsin_doc doc = { .id = "case", .date = r->date, .text = r->text, .text_len = strlen(r->text) };
    int n = tocsin_code(c, &doc, collect, &cc);
    if (n < 0) {
        fprintf(stderr, "%s: cannot code (%s): %s\n", where, tocsin_coder_error(c), r->text);
        r->nfailed++;
    } else if (r->update) {
        fputs(got.p, r->update);
    } else if (strcmp(got.p, r->expected.p ? r->expected.p : "")) {
        fprintf(stderr, "%s: case differs [dict %s, date %s]\n  %s\n  expected:\n%s  got:\n%s", where, r->dict,
                r->date, r->text, r->expected.n ? r->expected.p : "    (no event)\n", got.n ? got.p : "    (no event)\n");
        r->nfailed++;
    }
    r->ncases++;
    free(got.p);
    r->have_text = 0;
    r->expected.n = 0;
    if (r->expected.p) r->expected.p[0] = 0;
}

/* One line of the case file: directive, comment, blank, text or expected event. */
static void case_line(cases_run *r, char *line, int lineno)
{
    trim_end(line);
    if (!line[0]) {
        finish_case(r);
        r->in_block = 0;
        if (r->update) fputs("\n", r->update);
        return;
    }
    if (line[0] == '#') {
        if (r->update) fprintf(r->update, "%s\n", line);
        return;
    }
    if (line[0] == '%' && !r->in_block) {
        char key[32], val[64];
        if (sscanf(line, "%%%31s %63s", key, val) != 2) {
            fprintf(stderr, "%s:%d: bad directive: %s\n", r->path, lineno, line);
            fail();
        }
        if (!strcmp(key, "dict")) snprintf(r->dict, sizeof r->dict, "%s", val);
        else if (!strcmp(key, "date")) snprintf(r->date, sizeof r->date, "%s", val);
        else {
            fprintf(stderr, "%s:%d: unknown directive %s\n", r->path, lineno, key);
            fail();
        }
        if (r->update) fprintf(r->update, "%s\n", line);
        return;
    }
    if (!r->in_block) {
        r->in_block = 1;
        r->have_text = 1;
        r->text_line = lineno;
        snprintf(r->text, sizeof r->text, "%s", line);
        if (r->update) fprintf(r->update, "%s\n", line);
        return;
    }
    if (!r->have_text) {
        fprintf(stderr, "%s:%d: an event line outside a case: %s\n", r->path, lineno, line);
        fail();
    }
    /* expected events are compared in the collapsed form collect() writes */
    char norm[LINE_MAX_LEN];
    size_t k = 0;
    for (const char *p = line; *p && k + 2 < sizeof norm; p++) {
        if (*p == ' ' || *p == '\t') {
            if (k && norm[k - 1] != ' ') norm[k++] = ' ';
        } else {
            norm[k++] = *p;
        }
    }
    norm[k++] = '\n';
    norm[k] = 0;
    buf_add(&r->expected, norm, k);
}

static void test_cases(void **state)
{
    (void)state;
    const char *env = getenv("TOCSIN_ROOT");
    if (env && *env) snprintf(root, sizeof root, "%s", env);
    char path[8192];
    snprintf(path, sizeof path, "%s/tests/coder/cases.txt", root);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s (set TOCSIN_ROOT to the project root)\n", path);
        fail();
    }
    cases_run r = { .path = path, .dict = "builtin", .date = "2022-01-02" };
    const char *upd = getenv("TOCSIN_CASES_UPDATE");
    if (upd && *upd) {
        r.update = fopen(upd, "w");
        assert_non_null(r.update);
    }
    char line[LINE_MAX_LEN];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) case_line(&r, line, ++lineno);
    finish_case(&r);
    fclose(f);
    if (r.update) fclose(r.update);
    free(r.expected.p);
    for (int i = 0; i < nsets; i++) {
        tocsin_coder_free(sets[i].coder);
        tocsin_dict_free(sets[i].dict);
    }
    fprintf(stderr, "%s: %d cases, %d differ\n", path, r.ncases, r.nfailed);
    assert_true(r.ncases > 0);
    assert_int_equal(r.nfailed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
