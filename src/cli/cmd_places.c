/*
 * cmd_places.c — `tocsin places`: every place mention of the documents,
 * resolved against the gazetteer (src/geo), as JSON Lines or TSV. Same inputs
 * as `tocsin code`; offsets are UTF-8 byte offsets into each document's text
 * as given (after HTML extraction for web input).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/opts.h"
#include "geo/geo.h"
#include "io/io.h"

/* The mention's text with tabs and newlines as spaces (TSV). */
static void add_plain(buf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) util_buf_addc(o, (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i]);
}

static void emit_mention(buf *o, const geo_gazetteer *g, const tocsin_doc *d, const geo_mention *m, int tsv)
{
    geo_place p;
    geo_place_get(g, m->place, &p);
    static const char *cues[] = {"name", "prep", "qualified", "type", "dateline", "adjective"};
    const char *cue = m->cue >= 0 && m->cue < 6 ? cues[m->cue] : "name";
    if (tsv) {
        add_plain(o, d->id, strlen(d->id));
        util_buf_printf(o, "\t%zu\t%zu\t", m->start, m->end);
        add_plain(o, d->text + m->start, m->end - m->start);
        util_buf_addc(o, '\t');
        add_plain(o, p.name, strlen(p.name));
        util_buf_printf(o, "\t%u\t%s\t%s\t%.5f\t%.5f\t%s\t%s\n", p.geonameid, p.country, p.adm1, p.lat, p.lon,
                   geo_kind_name(p.kind), cue);
        return;
    }
    util_buf_adds(o, "{\"doc_id\":");
    util_buf_add_json_str(o, d->id, strlen(d->id));
    util_buf_printf(o, ",\"sentence\":%d,\"start\":%zu,\"end\":%zu,\"text\":", m->sentence, m->start, m->end);
    util_buf_add_json_str(o, d->text + m->start, m->end - m->start);
    util_buf_adds(o, ",\"name\":");
    util_buf_add_json_str(o, p.name, strlen(p.name));
    if (p.geonameid) util_buf_printf(o, ",\"geonameid\":%u", p.geonameid);
    else util_buf_adds(o, ",\"geonameid\":null");
    util_buf_printf(o, ",\"country\":\"%s\",\"adm1\":", p.country);
    if (p.adm1[0]) util_buf_add_json_str(o, p.adm1, strlen(p.adm1));
    else util_buf_adds(o, "null");
    util_buf_printf(o, ",\"lat\":%.5f,\"lon\":%.5f,\"feature\":\"%s\",\"cue\":\"%s\"}\n", p.lat, p.lon,
               geo_kind_name(p.kind), cue);
}

typedef struct places_args {
    reader_opts input;
    int format; /* index in "jsonl|json|tsv" */
    int stats;
    const char *gaz;
} places_args;

static const cli_opt places_opts[] = {
    CLI_O_CHOICE("--format", "FORMAT", places_args, format, "jsonl|json|tsv", "jsonl (default; json is the same) or tsv"),
    CLI_O_STRING("--gazetteer", "FILE", places_args, gaz,
                 "the gazetteer index (default: $TOCSIN_GEO, else the one `make` built)"),
    CLI_O_FLAG("--stats", places_args, stats, "print counts and throughput to standard error"),
    CLI_O_END,
};

const cli_cmd cli_cmd_places = {
    .name = "places",
    .run = cmd_places,
    .summary = "place mentions of documents, resolved to the gazetteer (JSON Lines or TSV)",
    .synopsis = "[options] [FILE...]",
    .operand = "FILE",
    .about = "Reads each FILE (no FILE or \"-\": standard input) as `tocsin code` does and writes every place\n"
             "mention, resolved to GeoNames and ISO 3166, one per line: doc_id, sentence, start and end (UTF-8\n"
             "byte offsets into the text as given, after HTML extraction), text, name, geonameid, country,\n"
             "adm1, lat, lon, feature, cue. Documents need no date.",
    .groups = {{cli_input_table, offsetof(places_args, input)}, {places_opts, 0}},
    .exit_status = "0 all read; 1 some records failed (each reported); 2 usage error, no gazetteer or an input\n"
                   "that could not be opened",
};

int cmd_places(int argc, char **argv)
{
    places_args args = {0};
    cli_operands ops;
    int st = cli_parse(&cli_cmd_places, argc, argv, &args, &ops);
    if (st >= 0) return st;
    /* places need no date, but the readers reject undated records without one */
    if (!args.input.date) args.input.date = "1970-01-01";
    static char *stdin_only[] = {"-"};
    char **files = ops.n ? ops.v : stdin_only;
    int nfiles = ops.n ? ops.n : 1;
    int tsv = args.format == 2;
    double t0 = cli_now();
    geo_gazetteer *g = geo_open(args.gaz);
    if (!g) {
        fprintf(stderr, "tocsin places: no gazetteer: it is built by `make` from the packages `make deps` "
                        "installs (data/geo/README.md)\n");
        cli_operands_free(&ops);
        return 2;
    }
    double t1 = cli_now();
    int status = 0;
    size_t docs = 0, mentions = 0, bytes = 0;
    buf out;
    util_buf_init(&out);
    if (tsv) util_buf_adds(&out, "doc_id\tstart\tend\ttext\tname\tgeonameid\tcountry\tadm1\tlat\tlon\tfeature\tcue\n");
    arena a;
    util_arena_init(&a, 1 << 16);
    for (int f = 0; f < nfiles; f++) {
        char err[1024];
        doc_reader *r = io_reader_open(files[f], &args.input, err, sizeof err);
        if (!r) {
            fprintf(stderr, "tocsin places: %s\n", err);
            status = 2;
            continue;
        }
        tocsin_doc d;
        int k;
        while ((k = io_reader_next(r, &d, err, sizeof err)) != 0) {
            if (k < 0) {
                fprintf(stderr, "tocsin places: %s\n", err);
                if (status == 0) status = 1;
                continue;
            }
            geo_result res;
            util_arena_reset(&a);
            geo_places(g, d.text, d.text_len, &a, &res);
            for (size_t i = 0; i < res.n; i++) emit_mention(&out, g, &d, &res.m[i], tsv);
            docs++;
            mentions += res.n;
            bytes += d.text_len;
            if (out.len >= 1 << 16) {
                fwrite(out.data, 1, out.len, stdout);
                util_buf_clear(&out);
            }
        }
        io_reader_close(r);
    }
    if (out.len) fwrite(out.data, 1, out.len, stdout);
    fflush(stdout);
    double t2 = cli_now();
    if (args.stats) {
        double secs = t2 - t1 > 1e-9 ? t2 - t1 : 1e-9;
        fprintf(stderr, "tocsin places: gazetteer loaded in %.1f ms; %zu documents, %zu mentions, %.1f MB in %.3f s (%.0f docs/s)\n",
                (t1 - t0) * 1e3, docs, mentions, bytes / 1e6, secs, docs / secs);
    }
    util_buf_free(&out);
    util_arena_free(&a);
    geo_close(g);
    cli_operands_free(&ops);
    return status;
}
