/*
 * export.c — reading the store out: the GDELT 2.0 event table (61 columns), the
 * GDELT 2.0 mentions table (16 columns), JSON Lines, CSV, and the list of stories.
 *
 * GDELT formats (../shared/reference/gdelt2-events-columns.csv): tab-separated,
 * no header, dates as YYYYMMDD / YYYYMM / YYYY / YYYY.FFFF with
 * FFFF = (month * 30 + day) / 365, DATEADDED as YYYYMMDDHHMMSS (UTC). Fields tocsin
 * does not know (ethnicity, tone, geography, character offsets) are left empty as
 * GDELT leaves them; the geo Type columns are 0 ("no match") as in GDELT. Actor
 * codes are split into country / known group / religion / type columns by their
 * CAMEO three-letter segments. String fields never contain tabs or newlines.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "store/store_internal.h"

/* ---- CAMEO actor code segments ---- */

static int in_list(const char *seg, const char *const *list)
{
    for (; *list; list++)
        if (!strncmp(seg, *list, 3)) return 1;
    return 0;
}

/* CAMEO role/sector types (GDELT's Type1..3 columns). */
static const char *const type_codes[] = {"COP", "GOV", "INS", "JUD", "MIL", "OPP", "PTY", "REB", "SEP", "SPY",
                                         "UAF", "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH",
                                         "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "SET", "IGO", "NGO",
                                         "NGM", "MNC", "IMG", "UIS", "PRO", "RES", "CHL", "DIS", "NAT", NULL};
/* CAMEO religion codes (Religion1/2 columns). */
static const char *const religion_codes[] = {"ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH",
                                             "DOX", "HIN", "ITR", "JAN", "JEW", "LDS", "MOS", "NRM", "ORT",
                                             "PRO", "SHI", "SIK", "SUN", "TAO", "ZRO", "SFI", NULL};
/* Prefixes after which the next segment names a known organisation. */
static const char *const group_prefixes[] = {"IGO", "NGO", "NGM", "MNC", "IMG", NULL};

typedef struct actor_cols {
    char country[4], group[4], religion1[4], religion2[4], type[3][4];
} actor_cols;

static void split_actor(const char *code, actor_cols *a)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(code);
    int ntype = 0, nrel = 0, want_group = 0;
    for (size_t i = 0; i + 3 <= n; i += 3) {
        const char *seg = code + i;
        if (i == 0 && !strncmp(seg, "---", 3)) continue; /* CAMEO's "country unknown" */
        int alpha = isupper((unsigned char)seg[0]) && isupper((unsigned char)seg[1]) &&
                    isupper((unsigned char)seg[2]);
        if (!alpha) break;
        if (want_group) {
            memcpy(a->group, seg, 3);
            want_group = 0;
            continue;
        }
        if (in_list(seg, group_prefixes)) {
            if (ntype < 3) memcpy(a->type[ntype++], seg, 3);
            want_group = 1;
        } else if (in_list(seg, type_codes)) {
            if (ntype < 3) memcpy(a->type[ntype++], seg, 3);
        } else if (in_list(seg, religion_codes)) {
            if (nrel == 0) memcpy(a->religion1, seg, 3);
            else if (nrel == 1) memcpy(a->religion2, seg, 3);
            nrel++;
        } else if (i == 0) {
            memcpy(a->country, seg, 3);
        } else if (!a->group[0]) {
            /* an organisation segment after the country (e.g. a party or rebel group) */
            memcpy(a->group, seg, 3);
        }
    }
}

/* ---- field writers ---- */

/* A string field: tabs and line breaks become spaces (and, for CSV, quoting). */
static void put_clean(FILE *f, const char *s, int upper)
{
    if (!s) return;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        if (upper && c >= 'a' && c <= 'z') c = (unsigned char)(c - 32);
        fputc(c, f);
    }
}

static void put_csv(FILE *f, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void put_json(FILE *f, buf *b, const char *key, const char *s, int first)
{
    util_buf_clear(b);
    if (!first) util_buf_addc(b, ',');
    util_buf_add_json_str(b, key, strlen(key));
    util_buf_addc(b, ':');
    if (s) util_buf_add_json_str(b, s, strlen(s));
    else util_buf_adds(b, "null");
    fwrite(b->data, 1, b->len, f);
}

/* "2022-01-02T10:11:12Z" -> "20220102101112" */
static void timestamp14(const char *iso, char out[15])
{
    size_t j = 0;
    for (const char *p = iso ? iso : ""; *p && j < 14; p++)
        if (*p >= '0' && *p <= '9') out[j++] = *p;
    while (j < 14) out[j++] = '0';
    out[14] = 0;
}

/* A result being read: the backend and its statement. */
typedef struct rows {
    const store_backend *be;
    store_stmt *st;
    int geo;                 /* the events query has the geo blocks (columns 21-23) */
} rows;

static const char *col(rows *r, int i) { return r->be->col_text(r->st, i); }
static int64_t r_int(rows *r, int i) { return r->be->col_int(r->st, i); }
static double r_real(rows *r, int i) { return r->be->col_real(r->st, i); }
static int r_null(rows *r, int i) { return r->be->is_null(r->st, i); }

static int date_ok(const char *d)
{
    int x;
    return d && util_date_parse(d, &x) == 0;
}

/* ---- the GDELT event table ---- */

#define EVENTS_COLS                                                                                       \
    "SELECT e.event_id, e.date, e.source_code, e.source_text, e.target_code, e.target_text, e.code, e.root, "  \
    "e.quad_class, e.goldstein, e.n_mentions, e.n_sources, e.n_articles, d.ingested_at, d.url, e.first_doc, "  \
    "(SELECT min(m.sentence_no) FROM mentions m WHERE m.event_id = e.event_id AND m.doc_id = e.first_doc), "   \
    "e.story_id, e.verb_text, e.sentence, d.source "
#define EVENTS_FROM "FROM events e LEFT JOIN documents d ON d.doc_id = e.first_doc "
#define EVENTS_WHERE                                                                                       \
    "WHERE (CAST(?1 AS TEXT) IS NULL OR e.date >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR e.date <= ?2) "      \
    "ORDER BY e.event_id"
static const char gdelt_events_sql[] = EVENTS_COLS EVENTS_FROM EVENTS_WHERE;
/* The same with the geo blocks (columns 21-23) of stores that have event_geo (src/geo). */
static const char gdelt_events_geo_sql[] =
    EVENTS_COLS ", g.gdelt_actor1, g.gdelt_actor2, g.gdelt_action " EVENTS_FROM
    "LEFT JOIN event_geo g ON g.event_id = e.event_id " EVENTS_WHERE;

/* Does the store have the event_geo table (written by a tocsin with src/geo)? */
static int has_event_geo(store *s)
{
    store_stmt *st = s->be->prepare(s->c, "SELECT 1 FROM event_geo LIMIT 1");
    if (!st) return 0;
    s->be->finalize(st);
    return 1;
}

static void gdelt_actor(FILE *f, const char *code, const char *name)
{
    actor_cols a;
    split_actor(code ? code : "", &a);
    put_clean(f, code, 0);
    fputc('\t', f);
    put_clean(f, name, 1);
    fprintf(f, "\t%s\t%s\t\t%s\t%s\t%s\t%s\t%s\t", a.country, a.group, a.religion1, a.religion2, a.type[0],
            a.type[1], a.type[2]);
}

static void gdelt_event_row(FILE *f, rows *st)
{
    const char *date = col(st, 1);
    int y = 0, m = 0, d = 0, days;
    if (date && util_date_parse(date, &days) == 0) util_date_to_ymd(days, &y, &m, &d);
    const char *code = col(st, 6);
    char base[4] = "";
    if (code) snprintf(base, sizeof base, "%.3s", code);
    char added[15];
    timestamp14(col(st, 13), added);
    int sentence_no = r_null(st, 16) ? 1 : (int)r_int(st, 16);
    /* cols 1-5: id and dates */
    fprintf(f, "%lld\t%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t", (long long)r_int(st, 0), y, m, d, y,
            m, y, y + (m * 30 + d) / 365.0);
    gdelt_actor(f, col(st, 2), col(st, 3));  /* 6-15 */
    gdelt_actor(f, col(st, 4), col(st, 5));  /* 16-25 */
    /* 26 IsRootEvent: the first report's mention is in its lead (first three sentences) */
    fprintf(f, "%d\t", sentence_no <= 3);
    /* 27-31 codes, quad class, Goldstein */
    put_clean(f, code, 0);
    fputc('\t', f);
    fputs(base, f);
    fputc('\t', f);
    put_clean(f, col(st, 7), 0);
    fprintf(f, "\t%d\t%.1f\t", (int)r_int(st, 8), r_real(st, 9));
    /* 32-35 mentions, sources, articles, tone (unknown) */
    fprintf(f, "%d\t%d\t%d\t\t", (int)r_int(st, 10), (int)r_int(st, 11),
            (int)r_int(st, 12));
    /* 36-59: three geo blocks of 8 (Actor1Geo, Actor2Geo, ActionGeo) as src/geo stored
     * them; without: Type 0, the rest empty */
    for (int g = 0; g < 3; g++) {
        const char *blk = st->geo ? col(st, 21 + g) : NULL;
        if (blk && *blk) fprintf(f, "%s\t", blk);
        else fputs("0\t\t\t\t\t\t\t\t", f);
    }
    /* 60-61 DATEADDED, SOURCEURL (the URL of the first report, else its document id) */
    fprintf(f, "%s\t", added);
    const char *url = col(st, 14);
    put_clean(f, url && *url ? url : col(st, 15), 0);
    fputc('\n', f);
}

/* ---- the GDELT mentions table ---- */

static const char gdelt_mentions_sql[] =
    "SELECT m.event_id, fd.ingested_at, d.ingested_at, d.url, d.source, m.doc_id, m.sentence_no, "
    "m.source_match, m.target_match, x.text_len, x.source_key, mc.confidence "
    "FROM mentions m JOIN events e ON e.event_id = m.event_id "
    "LEFT JOIN mention_confidence mc ON mc.event_id = m.event_id AND mc.doc_id = m.doc_id "
    "AND mc.sentence_no = m.sentence_no "
    "LEFT JOIN documents d ON d.doc_id = m.doc_id LEFT JOIN documents fd ON fd.doc_id = e.first_doc "
    "LEFT JOIN doc_extra x ON x.doc_id = m.doc_id "
    "WHERE (CAST(?1 AS TEXT) IS NULL OR e.date >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR e.date <= ?2) "
    "ORDER BY m.event_id, m.date, m.doc_id, m.sentence_no";

static void url_host(const char *url, char *out, size_t n)
{
    out[0] = 0;
    const char *h = strstr(url, "://");
    if (!h) return;
    h += 3;
    size_t len = strcspn(h, "/?#:");
    if (len >= 4 && !strncmp(h, "www.", 4)) h += 4, len -= 4;
    if (len >= n) len = n - 1;
    memcpy(out, h, len);
    out[len] = 0;
}

static void gdelt_mention_row(FILE *f, rows *st)
{
    char t1[15], t2[15], host[256];
    timestamp14(col(st, 1), t1);
    timestamp14(col(st, 2), t2);
    const char *url = col(st, 3), *source = col(st, 4), *doc_id = col(st, 5);
    int web = url && (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8));
    fprintf(f, "%lld\t%s\t%s\t%d\t", (long long)r_int(st, 0), t1, t2, web ? 1 : 2);
    /* MentionSourceName: the URL's domain for web documents (GDELT), else the outlet name */
    if (web) {
        url_host(url, host, sizeof host);
        put_clean(f, host, 0);
    } else {
        put_clean(f, source, 0);
    }
    fputc('\t', f);
    put_clean(f, web ? url : doc_id, 0); /* MentionIdentifier: URL, else the citation (doc id) */
    const char *sm = col(st, 7), *tm = col(st, 8);
    /* InRawText: 1 when both actors were found as written, 0 when fuzzy/title/pronoun
     * resolution was needed (GDELT's sense: found in the unaltered text or not). */
    int raw = (!sm || !strcmp(sm, "exact")) && (!tm || !strcmp(tm, "exact") || !strcmp(tm, "none")); /* none: one-sided */
    fprintf(f, "\t%d\t\t\t\t%d\t", (int)r_int(st, 6), raw);
    /* Confidence: the coder's (mention_confidence), empty for mentions stored before it */
    if (!r_null(st, 11)) fprintf(f, "%lld", (long long)r_int(st, 11));
    fputc('\t', f);
    if (!r_null(st, 9)) fprintf(f, "%lld", (long long)r_int(st, 9));
    fputs("\t\t\t\n", f);
}

/* ---- JSON Lines and CSV: the events with their story and first report ---- */

static const char *const flat_cols[] = {"event_id",    "date",       "story_id",   "source_code", "source_text",
                                        "target_code", "target_text", "code",      "root",        "quad_class",
                                        "goldstein",   "n_mentions", "n_sources",  "n_articles",  "verb_text",
                                        "sentence",    "first_doc",  "url",        "source",      NULL};

static void flat_row(FILE *f, rows *st, int csv, buf *b)
{
    /* values in flat_cols order */
    char num[8][32];
    snprintf(num[0], 32, "%lld", (long long)r_int(st, 0));
    snprintf(num[1], 32, "%lld", (long long)r_int(st, 17));
    snprintf(num[2], 32, "%d", (int)r_int(st, 8));
    snprintf(num[3], 32, "%.1f", r_real(st, 9));
    snprintf(num[4], 32, "%d", (int)r_int(st, 10));
    snprintf(num[5], 32, "%d", (int)r_int(st, 11));
    snprintf(num[6], 32, "%d", (int)r_int(st, 12));
    const char *v[] = {num[0],     col(st, 1),  num[1],     col(st, 2),  col(st, 3),  col(st, 4), col(st, 5),
                       col(st, 6), col(st, 7),  num[2],     num[3],      num[4],      num[5],     num[6],
                       col(st, 18), col(st, 19), col(st, 15), col(st, 14), col(st, 20)};
    /* which values are numbers (unquoted in JSON) */
    static const int numeric[] = {1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    size_t n = sizeof v / sizeof *v;
    /* a one-sided event (stored target_code '', docs/coding-manual.md §4): null target */
    if (v[5] && !v[5][0]) v[5] = v[6] = NULL;
    if (csv) {
        for (size_t i = 0; i < n; i++) {
            if (i) fputc(',', f);
            put_csv(f, v[i]);
        }
        fputs("\r\n", f);
        return;
    }
    fputc('{', f);
    for (size_t i = 0; i < n; i++) {
        if (numeric[i]) {
            util_buf_clear(b);
            if (i) util_buf_addc(b, ',');
            util_buf_add_json_str(b, flat_cols[i], strlen(flat_cols[i]));
            util_buf_printf(b, ":%s", v[i]);
            fwrite(b->data, 1, b->len, f);
        } else {
            put_json(f, b, flat_cols[i], v[i], i == 0);
        }
    }
    fputs("}\n", f);
}

long store_export(store *s, export_format fmt, const char *from, const char *to, FILE *f, char *err,
                  size_t errlen)
{
    if ((from && !date_ok(from)) || (to && !date_ok(to))) {
        snprintf(err, errlen, "bad date '%s' (want YYYY-MM-DD)", from && !date_ok(from) ? from : to);
        return -1;
    }
    int geo = fmt != EXPORT_MENTIONS && has_event_geo(s);
    const char *sql = fmt == EXPORT_MENTIONS ? gdelt_mentions_sql : geo ? gdelt_events_geo_sql : gdelt_events_sql;
    rows r = {s->be, s->be->prepare(s->c, sql), geo}, *st = &r;
    store_val v[] = {from ? sv_text(from) : (store_val){.t = SV_NULL}, to ? sv_text(to) : (store_val){.t = SV_NULL}};
    if (!r.st || s->be->run(r.st, v, 2)) {
        snprintf(err, errlen, "export: %s", s->be->errmsg(s->c));
        s->be->finalize(r.st);
        return -1;
    }
    buf b;
    util_buf_init(&b);
    if (fmt == EXPORT_CSV) {
        for (int i = 0; flat_cols[i]; i++) fprintf(f, "%s%s", i ? "," : "", flat_cols[i]);
        fputs("\r\n", f);
    }
    long rows = 0;
    int rc;
    while ((rc = s->be->next(r.st)) == 1) {
        switch (fmt) {
        case EXPORT_GDELT: gdelt_event_row(f, st); break;
        case EXPORT_MENTIONS: gdelt_mention_row(f, st); break;
        case EXPORT_JSONL: flat_row(f, st, 0, &b); break;
        case EXPORT_CSV: flat_row(f, st, 1, &b); break;
        }
        rows++;
    }
    util_buf_free(&b);
    if (rc != 0) {
        snprintf(err, errlen, "export: %s", s->be->errmsg(s->c));
        s->be->finalize(r.st);
        return -1;
    }
    s->be->finalize(r.st);
    if (ferror(f)) {
        snprintf(err, errlen, "export: write error");
        return -1;
    }
    return rows;
}

long store_list_stories(store *s, stories_format fmt, int min_docs, FILE *f, char *err, size_t errlen)
{
    const char *sql = "SELECT d.story_id, d.doc_id, s.n_documents FROM documents d "
                      "JOIN stories s ON s.story_id = d.story_id WHERE s.n_documents >= ?1 "
                      "ORDER BY d.story_id, d.date, d.doc_id";
    rows r = {s->be, s->be->prepare(s->c, sql), 0}, *st = &r;
    store_val v = sv_int(min_docs);
    if (!r.st || s->be->run(r.st, &v, 1)) {
        snprintf(err, errlen, "stories: %s", s->be->errmsg(s->c));
        s->be->finalize(r.st);
        return -1;
    }
    buf b;
    util_buf_init(&b);
    long n = 0;
    long long cur = -1;
    int rc;
    if (fmt == STORIES_TSV) fputs("story\tn_documents\tdoc_id\n", f);
    while ((rc = s->be->next(r.st)) == 1) {
        long long story = r_int(st, 0);
        const char *doc = col(st, 1);
        if (!doc) doc = "";
        int first = story != cur;
        if (first) n++;
        if (fmt == STORIES_TSV) {
            /* one line per document: unambiguous whatever the ids contain */
            fprintf(f, "%lld\t%d\t", story, (int)r_int(st, 2));
            put_clean(f, doc, 0);
            fputc('\n', f);
            cur = story;
            continue;
        }
        if (first) {
            if (cur >= 0) fputs("]}\n", f);
            cur = story;
            fprintf(f, "{\"story\":%lld,\"n_documents\":%d,\"documents\":[", story, (int)r_int(st, 2));
        } else {
            fputc(',', f);
        }
        util_buf_clear(&b);
        util_buf_add_json_str(&b, doc, strlen(doc));
        fwrite(b.data, 1, b.len, f);
    }
    if (cur >= 0 && fmt == STORIES_JSONL) fputs("]}\n", f);
    util_buf_free(&b);
    int ok = rc == 0;
    if (!ok) snprintf(err, errlen, "stories: %s", s->be->errmsg(s->c));
    s->be->finalize(r.st);
    return ok ? n : -1;
}
