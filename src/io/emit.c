/*
 * emit.c — writes coded events: JSON Lines for programs, TSV for people and
 * spreadsheets. The JSON shape is the one documented in the README; keep them
 * in step.
 */
#include "io/io.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *tocsin_match_name(tocsin_match m)
{
    switch (m) {
    case TOCSIN_MATCH_EXACT: return "exact";
    case TOCSIN_MATCH_FUZZY: return "fuzzy";
    case TOCSIN_MATCH_TITLE: return "title";
    case TOCSIN_MATCH_PRONOUN: return "pronoun";
    default: return "none";
    }
}

/* The writers below append strings and integers themselves: printf's format parsing
 * was a third of the cost of a JSON line. Only floating point goes through printf. */

/* %d */
static void emit_int(buf *out, int v)
{
    char d[12];
    int n = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do { d[n++] = (char)('0' + u % 10); u /= 10; } while (u);
    util_buf_reserve(out, (size_t)n + 1);
    if (v < 0) out->data[out->len++] = '-';
    while (n) out->data[out->len++] = d[--n];
    out->data[out->len] = 0;
}

/* printf("%.1f", v), remembered per thread by the value's bits (a Goldstein score
 * takes a few dozen values) */
static void emit_f1(buf *out, double v)
{
    static _Thread_local struct { uint64_t bits; char s[24]; unsigned char n, used; } memo[64];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    unsigned h = (unsigned)((bits * 0x9E3779B97F4A7C15ull) >> 58);
    if (!memo[h].used || memo[h].bits != bits) {
        int n = snprintf(memo[h].s, sizeof memo[h].s, "%.1f", v);
        if (n < 0 || n >= (int)sizeof memo[h].s) {   /* never for a Goldstein score */
            util_buf_printf(out, "%.1f", v);
            return;
        }
        memo[h].bits = bits;
        memo[h].n = (unsigned char)n;
        memo[h].used = 1;
    }
    util_buf_add(out, memo[h].s, memo[h].n);
}

static void emit_actor(buf *out, const char *key, const tocsin_actor *a)
{
    /* a one-sided event's target (no code, docs/coding-manual.md §4) is null */
    util_buf_addc(out, '"');
    util_buf_adds(out, key);
    if (!strcmp(key, "target") && !a->code[0] && !a->text_len) {
        util_buf_adds(out, "\":null");
        return;
    }
    util_buf_adds(out, "\":{\"code\":");
    util_buf_add_json_str(out, a->code, strlen(a->code));
    util_buf_adds(out, ",\"text\":");
    util_buf_add_json_str(out, a->text ? a->text : "", a->text ? a->text_len : 0);
    util_buf_adds(out, ",\"match\":\"");
    util_buf_adds(out, tocsin_match_name(a->match));
    util_buf_adds(out, "\"}");
}

/* "location": where the event happened (src/geo), or null. ISO country codes here;
 * FIPS ones in the GDELT export. */
static void emit_location(buf *out, const tocsin_geo *g)
{
    if (!g->type) {
        util_buf_adds(out, ",\"location\":null");
        return;
    }
    static const char *types[] = {"", "country", "us_state", "us_city", "world_city", "world_state"};
    util_buf_adds(out, ",\"location\":{\"name\":");
    util_buf_add_json_str(out, g->name, strlen(g->name));
    util_buf_printf(out, ",\"country\":\"%s\",\"type\":\"%s\",\"lat\":%.5f,\"lon\":%.5f", g->country,
               g->type >= 1 && g->type <= 5 ? types[g->type] : "", g->lat, g->lon);
    if (g->geonameid) util_buf_printf(out, ",\"geonameid\":%u", g->geonameid);
    util_buf_addc(out, '}');
}

int io_emit_wants(const tocsin_event *ev, emit_ontology ont)
{
    return ont != EMIT_PLOVER || (ev->plover_type && ev->plover_type[0]);
}

/* ,"plover":{"type":...,"mode":...,"context":...} (mode and context only when set) */
static void emit_plover(buf *out, const tocsin_event *ev)
{
    const char *t = ev->plover_type ? ev->plover_type : "";
    if (!*t) {
        util_buf_adds(out, ",\"plover\":null");
        return;
    }
    util_buf_adds(out, ",\"plover\":{\"type\":\"");
    util_buf_adds(out, t);
    util_buf_addc(out, '"');
    if (ev->plover_mode && *ev->plover_mode) {
        util_buf_adds(out, ",\"mode\":\"");
        util_buf_adds(out, ev->plover_mode);
        util_buf_addc(out, '"');
    }
    if (ev->plover_context && *ev->plover_context) {
        util_buf_adds(out, ",\"context\":\"");
        util_buf_adds(out, ev->plover_context);
        util_buf_addc(out, '"');
    }
    util_buf_addc(out, '}');
}

void io_emit_event_jsonl(buf *out, const tocsin_event *ev) { io_emit_event_jsonl_ont(out, ev, EMIT_CAMEO); }

void io_emit_event_jsonl_ont(buf *out, const tocsin_event *ev, emit_ontology ont)
{
    util_buf_adds(out, "{\"doc_id\":");
    util_buf_add_json_str(out, ev->doc_id, strlen(ev->doc_id));
    util_buf_adds(out, ",\"sentence\":");
    emit_int(out, ev->sentence);
    util_buf_adds(out, ",\"date\":\"");
    util_buf_adds(out, ev->date);
    util_buf_adds(out, "\",");
    emit_actor(out, "source", &ev->source);
    util_buf_addc(out, ',');
    emit_actor(out, "target", &ev->target);
    if (ont != EMIT_PLOVER) {
        util_buf_adds(out, ",\"event\":{\"code\":\"");
        util_buf_adds(out, ev->code);
        util_buf_adds(out, "\",\"root\":\"");
        util_buf_adds(out, ev->root);
        util_buf_adds(out, "\",\"quad_class\":");
        emit_int(out, ev->quad_class);
        util_buf_adds(out, ",\"goldstein\":");
        emit_f1(out, ev->goldstein);
        util_buf_adds(out, ",\"text\":");
        util_buf_add_json_str(out, ev->verb_text ? ev->verb_text : "", ev->verb_text ? ev->verb_len : 0);
        util_buf_addc(out, '}');
    }
    if (ont != EMIT_CAMEO) emit_plover(out, ev);
    util_buf_adds(out, ",\"confidence\":");
    emit_int(out, ev->confidence);
    if (ev->issues && *ev->issues) {
        util_buf_adds(out, ",\"issues\":");
        util_buf_add_json_str(out, ev->issues, strlen(ev->issues));
    }
    util_buf_adds(out, ",\"text\":");
    util_buf_add_json_str(out, ev->text, ev->text_len);
    emit_location(out, &ev->action_geo);
    util_buf_adds(out, "}\n");
}

/* TSV fields may not contain tabs or newlines: fold them to spaces. */
static void tsv_field(buf *out, const char *s, size_t n)
{
    size_t start = out->len;
    util_buf_add(out, s ? s : "", s ? n : 0);
    for (size_t i = start; i < out->len; i++)
        if (out->data[i] == '\t' || out->data[i] == '\n' || out->data[i] == '\r') out->data[i] = ' ';
}

void io_emit_tsv_header(buf *out) { io_emit_tsv_header_ont(out, EMIT_CAMEO); }

void io_emit_tsv_header_ont(buf *out, emit_ontology ont)
{
    util_buf_adds(out, "doc_id\tsentence\tdate\tsource\ttarget\tcode\tquad\tgoldstein\tsource_text\tverb\ttarget_text\tmatch\ttext"
                  "\tconfidence");
    util_buf_adds(out, ont != EMIT_CAMEO ? "\tplover\tplover_mode\n" : "\n");
}

void io_emit_event_tsv(buf *out, const tocsin_event *ev) { io_emit_event_tsv_ont(out, ev, EMIT_CAMEO); }

void io_emit_event_tsv_ont(buf *out, const tocsin_event *ev, emit_ontology ont)
{
    tsv_field(out, ev->doc_id, strlen(ev->doc_id));
    util_buf_printf(out, "\t%d\t%s\t%s\t%s\t%s\t%d\t%.1f\t", ev->sentence, ev->date, ev->source.code, ev->target.code,
               ev->code, ev->quad_class, ev->goldstein);
    tsv_field(out, ev->source.text, ev->source.text_len);
    util_buf_addc(out, '\t');
    tsv_field(out, ev->verb_text, ev->verb_len);
    util_buf_addc(out, '\t');
    tsv_field(out, ev->target.text, ev->target.text_len);
    util_buf_printf(out, "\t%s/%s\t", tocsin_match_name(ev->source.match), tocsin_match_name(ev->target.match));
    tsv_field(out, ev->text, ev->text_len);
    util_buf_printf(out, "\t%d", ev->confidence);
    if (ont != EMIT_CAMEO)
        util_buf_printf(out, "\t%s\t%s", ev->plover_type ? ev->plover_type : "", ev->plover_mode ? ev->plover_mode : "");
    util_buf_addc(out, '\n');
}
