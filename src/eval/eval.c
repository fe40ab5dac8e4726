/*
 * eval.c — `tocsin eval`: codes each gold record and compares the result with
 * the human coding (see eval.h for the three gold shapes). It exists so that
 * every change to the coder or dictionaries is measured against the field's
 * own validation suites, record by record, with the failures listed.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict/dict.h"
#include "eval/eval.h"

#define MAX_UNITS 256

typedef struct unit_set {
    char u[MAX_UNITS][48];
    int n;
} unit_set;

static void set_add(unit_set *s, const char *u)
{
    for (int i = 0; i < s->n; i++) if (!strcmp(s->u[i], u)) return;
    if (s->n < MAX_UNITS) snprintf(s->u[s->n++], sizeof s->u[0], "%s", u);
}

static int set_has(const unit_set *s, const char *u)
{
    for (int i = 0; i < s->n; i++) if (!strcmp(s->u[i], u)) return 1;
    return 0;
}

/* ---- TABARI's story sequencing ---- */

/* Splits "PREFIX-STORY-SENTENCE" (both numbers all digits) at its last '-'; the
 * shape TABARI's FORWARD reads story and sentence numbers from (manual 8.4:
 * "REUT-045-001"). Returns the sentence number and the length of the part before
 * it, or -1 when id has no such shape. */
static long sentence_number(const char *id, size_t *story_len)
{
    const char *dash = strrchr(id, '-');
    if (!dash || !dash[1] || strspn(dash + 1, "0123456789") != strlen(dash + 1) || strlen(dash + 1) > 6) return -1;
    const char *p = dash;
    while (p > id && isdigit((unsigned char)p[-1])) p--;
    if (p == dash || p == id || p[-1] != '-') return -1;
    *story_len = (size_t)(dash - id);
    return atol(dash + 1);
}

/* Is id the sentence after prev_id in the same story? */
static int next_sentence_of(const char *prev_id, const char *id)
{
    size_t la, lb;
    long a = sentence_number(prev_id, &la), b = sentence_number(id, &lb);
    return a >= 0 && b == a + 1 && la == lb && !strncmp(prev_id, id, la);
}

/* ---- CAMEO -> PLOVER ---- */

typedef struct plover_map {
    int n;
    char (*codes)[8];
    char (*cats)[24];
} plover_map;

static int load_plover(plover_map *pm, const char *path)
{
    memset(pm, 0, sizeof *pm);
    size_t len;
    char *text = util_read_file(path, &len);
    if (!text) return -1;
    int cap = 512;
    pm->codes = util_xcalloc((size_t)cap, sizeof *pm->codes);
    pm->cats = util_xcalloc((size_t)cap, sizeof *pm->cats);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || !isdigit((unsigned char)line[0])) continue;
        char *colon = strchr(line, ':');
        if (!colon || colon - line >= 8) continue;
        char *cat = colon + 1;
        while (*cat == ' ' || *cat == '\t') cat++;
        size_t cl = strcspn(cat, ", \t#");
        if (!cl || cl >= 24) continue;
        if (pm->n == cap) {
            cap *= 2;
            pm->codes = util_xrealloc(pm->codes, (size_t)cap * sizeof *pm->codes);
            pm->cats = util_xrealloc(pm->cats, (size_t)cap * sizeof *pm->cats);
        }
        memcpy(pm->codes[pm->n], line, (size_t)(colon - line));
        pm->codes[pm->n][colon - line] = 0;
        memcpy(pm->cats[pm->n], cat, cl);
        pm->cats[pm->n][cl] = 0;
        pm->n++;
    }
    free(text);
    return 0;
}

static const char *plover_of(const plover_map *pm, const char *code)
{
    char c[8];
    snprintf(c, sizeof c, "%s", code);
    for (size_t l = strlen(c); l >= 2; l--) {
        c[l] = 0;
        for (int i = 0; i < pm->n; i++) if (!strcmp(pm->codes[i], c)) return pm->cats[i];
    }
    return NULL;
}

/* The gold file predates the 2021 table's names for four categories. */
static const char *plover_alias(const char *cat)
{
    if (!strcmp(cat, "DEMAND")) return "REQUEST";
    if (!strcmp(cat, "FIGHT")) return "ASSAULT";
    if (!strcmp(cat, "DISAPPROVE")) return "ACCUSE";
    if (!strcmp(cat, "INVESTIGATE")) return "ACCUSE";
    return cat;
}

/* ---- coding one record ---- */

typedef struct got_events {
    int n;
    char src[64][40], tgt[64][40], code[64][8];
    const char *plover[64];   /* the coder's PLOVER type (data/plover.tsv), "" for none */
} got_events;

static void collect(const tocsin_event *ev, void *user)
{
    got_events *g = user;
    if (g->n >= 64) return;
    snprintf(g->src[g->n], sizeof g->src[0], "%s", ev->source.code);
    snprintf(g->tgt[g->n], sizeof g->tgt[0], "%s", ev->target.code);
    g->plover[g->n] = ev->plover_type ? ev->plover_type : "";
    snprintf(g->code[g->n], sizeof g->code[0], "%s", ev->code);
    g->n++;
}

static void print_set(FILE *out, const char *label, const unit_set *s)
{
    fprintf(out, "    %s:", label);
    if (!s->n) fprintf(out, " (none)");
    for (int i = 0; i < s->n; i++) fprintf(out, " %s", s->u[i]);
    fputc('\n', out);
}

/* ---- scoring ---- */

/* One gold file being scored: the options, the coder, the CAMEO->PLOVER table
 * (read at the first PLOVER record), how many failures are listed so far. */
typedef struct eval_state {
    const char *gold_path;
    const eval_opts *o;
    FILE *out;
    eval_result *res;
    tocsin_coder *c;
    plover_map pm;
    int have_pm;
    int listed;
    const char *mode;      /* the gold shape, for the summary line */
    char prev_id[256];     /* the previous record's id (TABARI's FORWARD) */
} eval_state;

/* ConfliBERT records: the expected units are the consensus roots (chosen by at
 * least half the coders, and at least two); the coder's are its events' roots. */
static void units_consensus(json_t *coders, const got_events *got, unit_set *want, unit_set *have)
{
    int ncod = (int)json_array_size(coders);
    unit_set all;
    all.n = 0;
    int counts[MAX_UNITS] = {0};
    for (int i = 0; i < ncod; i++) {
        json_t *cl = json_array_get(coders, (size_t)i);
        unit_set mine;
        mine.n = 0;
        for (size_t j = 0; j < json_array_size(cl); j++) {
            const char *root = json_string_value(json_array_get(cl, j));
            if (root) set_add(&mine, root);
        }
        for (int j = 0; j < mine.n; j++) {
            int at = -1;
            for (int q = 0; q < all.n; q++) if (!strcmp(all.u[q], mine.u[j])) at = q;
            if (at < 0 && all.n < MAX_UNITS) { at = all.n; set_add(&all, mine.u[j]); }
            if (at >= 0) counts[at]++;
        }
    }
    for (int q = 0; q < all.n; q++)
        if (counts[q] >= 2 && counts[q] * 2 >= ncod) set_add(want, all.u[q]);
    for (int i = 0; i < got->n; i++) {
        char root[3] = { got->code[i][0], got->code[i][1], 0 };
        set_add(have, root);
    }
}

/* Reads the CAMEO->PLOVER table of --plover once; without --plover the coder's own
 * PLOVER types (data/plover.tsv) are scored and no table is read.
 * Returns 0, or -1 with a message when it cannot be read. */
static int need_plover(eval_state *st)
{
    if (st->have_pm || !st->o->plover_table) return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s", st->o->plover_table);
    if (load_plover(&st->pm, path) < 0) {
        fprintf(stderr, "tocsin: %s: cannot read the CAMEO->PLOVER table (use --plover FILE)\n", path);
        return -1;
    }
    st->have_pm = 1;
    return 0;
}

/* PLOVER records: units are "CATEGORY:source country" (":---" without one). */
static void units_plover(const plover_map *pm, json_t *events, const got_events *got, unit_set *want, unit_set *have)
/* pm: the --plover table, or NULL for the coder's own types */
{
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t *e = json_array_get(events, i);
        const char *cat = json_string_value(json_object_get(e, "plover"));
        if (!cat) continue;
        json_t *srcs = json_object_get(e, "source");
        char u[48];
        if (json_array_size(srcs) == 0) {
            snprintf(u, sizeof u, "%s:---", plover_alias(cat));
            set_add(want, u);
        }
        for (size_t j = 0; j < json_array_size(srcs); j++) {
            const char *s = json_string_value(json_array_get(srcs, j));
            snprintf(u, sizeof u, "%s:%.3s", plover_alias(cat), s ? s : "---");
            set_add(want, u);
        }
    }
    for (int i = 0; i < got->n; i++) {
        const char *cat = pm ? plover_of(pm, got->code[i]) : got->plover[i];
        if (!cat || !*cat) continue;
        char u[48];
        snprintf(u, sizeof u, "%s:%.3s", plover_alias(cat), got->src[i]);
        set_add(have, u);
    }
}

/* CAMEO records: units are "source>target:code" triples. */
static void units_triples(json_t *events, const got_events *got, unit_set *want, unit_set *have)
{
    for (size_t i = 0; i < json_array_size(events); i++) {
        json_t *e = json_array_get(events, i);
        const char *s = json_string_value(json_object_get(e, "source"));
        const char *t = json_string_value(json_object_get(e, "target"));
        const char *cd = json_string_value(json_object_get(e, "code"));
        char u[48];
        snprintf(u, sizeof u, "%s>%s:%s", s ? s : "", t ? t : "", cd ? cd : "");
        set_add(want, u);
    }
    for (int i = 0; i < got->n; i++) {
        char u[48];
        snprintf(u, sizeof u, "%s>%s:%s", got->src[i], got->tgt[i], got->code[i]);
        set_add(have, u);
    }
}

/* Counts a record's units into the totals and lists it (a failure while fewer
 * than --failures are listed; a pass with -v). */
static void score_record(eval_state *st, const char *id, const char *text, const unit_set *want,
                         const unit_set *have)
{
    eval_result *res = st->res;
    long tp = 0;
    for (int i = 0; i < have->n; i++) if (set_has(want, have->u[i])) tp++;
    res->tp += tp;
    res->fp += have->n - tp;
    res->fn += want->n - tp;
    int pass = tp == have->n && tp == want->n;
    if (pass) res->passed++;
    if (!pass && (st->o->max_failures < 0 || st->listed < st->o->max_failures)) {
        st->listed++;
        fprintf(st->out, "FAIL %s: %s\n", id, text);
        print_set(st->out, "expected", want);
        print_set(st->out, "got     ", have);
    } else if (pass && st->o->verbose) {
        fprintf(st->out, "ok   %s\n", id);
    }
}

/* Codes the gold record r (line lineno) and scores it in the shape its fields
 * say. Returns 0 (a bad record is reported and counted in res->errors), or -1
 * when the PLOVER table cannot be read. */
static int eval_record(eval_state *st, json_t *r, const char *id, const char *date, const char *text, long lineno)
{
    tocsin_doc doc = { id, date, NULL, NULL, NULL, text, strlen(text) };
    if (st->o->forward && next_sentence_of(st->prev_id, id)) tocsin_coder_continue_story(st->c);
    snprintf(st->prev_id, sizeof st->prev_id, "%s", id);
    got_events got;
    got.n = 0;
    int rc = tocsin_code(st->c, &doc, collect, &got);
    if (rc < 0) {
        fprintf(stderr, "tocsin: %s:%ld: %s\n", st->gold_path, lineno, tocsin_coder_error(st->c));
        st->res->errors++;
        return 0;
    }
    unit_set want, have;
    want.n = have.n = 0;
    json_t *coders = json_object_get(r, "coders");
    json_t *events = json_object_get(r, "events");
    int plover = 0;
    if (json_is_array(events) && json_array_size(events) > 0 &&
        json_object_get(json_array_get(events, 0), "plover"))
        plover = 1;
    if (json_is_array(coders)) {
        st->mode = "ConfliBERT root consensus";
        units_consensus(coders, &got, &want, &have);
    } else if (plover) {
        st->mode = "PLOVER category + source country";
        if (need_plover(st) < 0) return -1;
        units_plover(st->have_pm ? &st->pm : NULL, events, &got, &want, &have);
    } else {
        units_triples(events, &got, &want, &have);
    }
    score_record(st, id, text, &want, &have);
    return 0;
}

/* Parses one gold line (line lineno, newline removed, not empty) and scores it;
 * a line that is no record with string id, date and text is reported and
 * counted. Returns -1 only on a fatal error (see eval_record). */
static int eval_line(eval_state *st, const char *line, long lineno)
{
    st->res->records++;
    json_error_t je;
    json_t *r = json_loads(line, 0, &je);
    const char *id = NULL, *date = NULL, *text = NULL;
    if (r && json_is_object(r)) {
        id = json_string_value(json_object_get(r, "id"));
        date = json_string_value(json_object_get(r, "date"));
        text = json_string_value(json_object_get(r, "text"));
    }
    if (!r || !id || !date || !text) {
        fprintf(stderr, "tocsin: %s:%ld: %s\n", st->gold_path, lineno,
                !r ? je.text : "record needs string fields id, date and text");
        st->res->errors++;
        json_decref(r);
        return 0;
    }
    int rc = eval_record(st, r, id, date, text, lineno);
    json_decref(r);
    return rc;
}

/* The rates from the counts, and the two summary lines. */
static void eval_summary(const eval_state *st)
{
    eval_result *res = st->res;
    long scored = res->records;
    res->pass_rate = scored ? (double)res->passed / (double)scored : 0;
    res->precision = res->tp + res->fp ? (double)res->tp / (double)(res->tp + res->fp) : 0;
    res->recall = res->tp + res->fn ? (double)res->tp / (double)(res->tp + res->fn) : 0;
    res->f1 = res->precision + res->recall > 0 ? 2 * res->precision * res->recall / (res->precision + res->recall) : 0;
    fprintf(st->out, "%s: %ld records (%s), %ld passed (%.1f%%), %ld errors\n", st->gold_path, res->records,
            st->mode, res->passed, 100.0 * res->pass_rate, res->errors);
    fprintf(st->out, "units: %ld correct, %ld spurious, %ld missed; precision %.3f recall %.3f F1 %.3f\n",
            res->tp, res->fp, res->fn, res->precision, res->recall, res->f1);
}

int eval_run(const tocsin_dict *d, const char *gold_path, const eval_opts *o, FILE *out, eval_result *res)
{
    memset(res, 0, sizeof *res);
    FILE *f = fopen(gold_path, "r");
    if (!f) {
        fprintf(stderr, "tocsin: %s: %s\n", gold_path, strerror(errno));
        return -1;
    }
    tocsin_coder *c = tocsin_coder_new(d);
    if (!c) { fclose(f); fprintf(stderr, "tocsin: cannot create a coder\n"); return -1; }
    tocsin_coder_set_locations(c, 0);   /* the gold has no locations: the pass's time saved */
    eval_state st;
    memset(&st, 0, sizeof st);
    st.gold_path = gold_path;
    st.o = o;
    st.out = out;
    st.res = res;
    st.c = c;
    st.mode = "CAMEO triples";
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int rc = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (!len) continue;
        if ((rc = eval_line(&st, line, lineno)) < 0) break;
    }
    free(line);
    fclose(f);
    if (st.have_pm) { free(st.pm.codes); free(st.pm.cats); }
    tocsin_coder_free(c);
    if (rc < 0) return -1;
    eval_summary(&st);
    return 0;
}
