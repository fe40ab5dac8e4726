/*
 * cmd_watch.c — `tocsin watch`: ranked escalation alerts from an event store, in the
 * terminal (text) or as JSON (the same document as the server's /api/alerts).
 * The work is in src/watch; this file parses options and prints.
 * Exit status: 0 done (with or without alerts); 1 some stored events were unusable
 * (each reported); 2 usage or a fatal error.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "util/util.h"
#include "watch/watch.h"

typedef struct watch_args {
    const char *db, *dyad;
    watch_query q;
    int format;     /* index in "text|json" */
    int level;      /* index in "country|actor"; -1 when not given */
    int indicators; /* index in "day|week"; -1: alerts */
    int limit, evidence;
} watch_args;

static const cli_opt watch_opts[] = {
    CLI_O_REQUIRED("--db", "FILE", watch_args, db, "the event database"),
    CLI_O_STRING("--from", "YYYY-MM-DD", watch_args, q.from, "first day reported (the baseline uses all earlier history)"),
    CLI_O_STRING("--to", "YYYY-MM-DD", watch_args, q.to, "last day reported"),
    CLI_O_STRING("--dyad", "SRC-TGT", watch_args, dyad,
                 "one directed dyad: two 3-letter codes are a country pair (RUS-UKR),\n"
                 "longer codes an actor pair"),
    CLI_O_CHOICE("--level", "LEVEL", watch_args, level, "country|actor", "dyads of countries (default) or of full actor codes"),
    CLI_O_CHOICE("--format", "FORMAT", watch_args, format, "text|json",
                 "text (default) or json (the document of the server's /api/alerts)"),
    CLI_O_INT("--limit", "N", watch_args, limit, 0, 1000000, "at most N alerts (default: all)"),
    CLI_O_INT("--evidence", "N", watch_args, evidence, 0, 1000, "events shown per alert (default 3 in text, 10 in json)"),
    CLI_O_NUMBER("--alpha", "A", watch_args, q.params.alpha, "EWMA weight of the newest day (default 0.1)"),
    CLI_O_NUMBER("--threshold", "Z", watch_args, q.params.threshold, "standard deviations needed to alert (default 3)"),
    CLI_O_NUMBER("--sigma-floor", "S", watch_args, q.params.sigma_floor,
                 "lower bound on the baseline's standard deviation (default 2)"),
    CLI_O_INT("--min-events", "N", watch_args, q.params.min_events, 1, 1000000,
              "hostile events needed on the day (default 2)"),
    CLI_O_INT("--min-stories", "N", watch_args, q.params.min_stories, 1, 1000000,
              "distinct stories those events come from (default 2)"),
    CLI_O_INT("--warmup", "DAYS", watch_args, q.params.warmup_days, 0, 3650,
              "days of history before alerts may fire (default 7)"),
    CLI_O_CHOICE("--indicators", "PERIOD", watch_args, indicators, "day|week",
                 "with --dyad: print the dyad's indicators per day or week instead of alerts"),
    CLI_O_END,
};

const cli_cmd cli_cmd_watch = {
    .name = "watch",
    .run = cmd_watch,
    .summary = "escalation alerts per dyad, in the terminal",
    .synopsis = "--db FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--dyad SRC-TGT]\n"
                " [--level country|actor] [--format text|json] [--limit N] [--evidence N]\n"
                " [--alpha A] [--threshold Z] [--sigma-floor S] [--min-events N]\n"
                " [--min-stories N] [--warmup DAYS]\n"
                "--db FILE --dyad SRC-TGT --indicators day|week [--from D] [--to D]",
    .about = "Ranks days on which a directed dyad (e.g. RUS-UKR) turned more hostile than its\n"
             "own baseline: an EWMA of the daily Goldstein sum, alerting when the day is at least\n"
             "threshold standard deviations below it and carries at least min-events hostile\n"
             "events from at least min-stories distinct stories (see src/watch/README.md).\n"
             "\n"
             "--indicators day|week with --dyad prints the dyad's indicators instead: events\n"
             "(counted per story) by QuadClass, Goldstein sum and mean, share of material conflict.",
    .groups = {{watch_opts, 0}},
    .exit_status = "0 done (with or without alerts); 1 some stored events were unusable (each reported);\n"
                   "2 usage or a fatal error",
};

/* Prints one sentence on one line, shortened to about `max` bytes on a UTF-8 boundary. */
static void print_sentence(const char *s, size_t max)
{
    size_t n = strlen(s);
    int cut = 0;
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
        cut = 1;
    }
    putchar('"');
    for (size_t i = 0; i < n; i++) putchar(s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
    printf("%s\"\n", cut ? "..." : "");
}

static int print_indicators(store_reader *db, const watch_dyad *d, int weekly, const char *from,
                            const char *to, const char *format, buf *err)
{
    if (!strcmp(format, "json")) {
        buf out;
        util_buf_init(&out);
        int rc = watch_indicators_json(db, d, weekly, from, to, &out, err);
        if (!rc) printf("%s\n", out.data);
        util_buf_free(&out);
        return rc;
    }
    watch_row *rows;
    size_t n;
    if (watch_indicators(db, d, weekly, from, to, &rows, &n, err)) return -1;
    printf("%s-%s (%s level), per %s; events counted per story\n", d->source, d->target,
           d->level == WATCH_COUNTRY ? "country" : "actor", weekly ? "week" : "day");
    printf("%-11s %6s %7s %4s %4s %4s %4s %9s %6s %7s\n", weekly ? "week of" : "date", "events",
           "stories", "q1", "q2", "q3", "q4", "Goldstein", "mean", "matconf");
    for (size_t i = 0; i < n; i++) {
        const watch_row *r = &rows[i];
        char date[11];
        util_date_format(r->day, date);
        printf("%-11s %6d %7d %4d %4d %4d %4d %9.1f %6.2f %6.0f%%\n", date, r->events, r->stories,
               r->quad[0], r->quad[1], r->quad[2], r->quad[3], r->goldstein_sum,
               r->events ? r->goldstein_sum / r->events : 0.0,
               r->events ? 100.0 * r->quad[3] / r->events : 0.0);
    }
    free(rows);
    return 0;
}

static int print_text(store_reader *db, const watch_query *q, const watch_alert *alerts, size_t n,
                      int evidence, buf *err)
{
    const watch_params *p = &q->params;
    watch_level level = q->dyad ? q->dyad->level : q->level;
    printf("%zu alert%s (%s dyads; EWMA baseline of the daily Goldstein sum, alpha %.2g, "
           "alert at z >= %.2g with >= %d hostile events from >= %d stories)\n",
           n, n == 1 ? "" : "s", level == WATCH_COUNTRY ? "country" : "actor", p->alpha,
           p->threshold, p->min_events, p->min_stories);
    for (size_t i = 0; i < n; i++) {
        const watch_alert *a = &alerts[i];
        printf("%3zu. %-15s %s  z=%+.2f  Goldstein %.1f vs baseline %.1f (sd %.1f)  "
               "events %d (hostile %d from %d stories)  quad %d/%d/%d/%d\n",
               i + 1, a->dyad, a->date, a->z, a->goldstein_sum, a->baseline_mean, a->baseline_sd,
               a->n_events, a->n_hostile, a->n_hostile_stories, a->quad[0], a->quad[1], a->quad[2],
               a->quad[3]);
        if (evidence <= 0) continue;
        /* The same evidence as the JSON, printed as plain lines. */
        store_query *st = watch_alert_evidence(db, a, level, evidence, err);
        if (!st) return -1;
        while (store_query_next(st) == 1) { /* columns: WATCH_EVENT_COLS */
            const char *sentence = store_query_text(st, 12);
            printf("       story %lld event %lld  %s->%s %s (%.1f)  ",
                   (long long)store_query_int(st, 1), (long long)store_query_int(st, 0),
                   store_query_text(st, 3), store_query_text(st, 5),
                   store_query_text(st, 7), store_query_real(st, 10));
            print_sentence(sentence ? sentence : "", 160);
        }
        store_query_free(st);
    }
    return 0;
}

int cmd_watch(int argc, char **argv)
{
    watch_args args = {.level = -1, .indicators = -1, .evidence = -1};
    watch_params_default(&args.q.params);
    cli_operands ops;
    int st = cli_parse(&cli_cmd_watch, argc, argv, &args, &ops);
    if (st >= 0) return st;
    cli_operands_free(&ops);
    const char *db_path = args.db, *format = args.format ? "json" : "text", *dyad_s = args.dyad;
    const char *indicators = args.indicators < 0 ? NULL : args.indicators ? "week" : "day";
    watch_query q = args.q;
    q.level = args.level == 1 ? WATCH_ACTOR : WATCH_COUNTRY;
    int limit = args.limit, evidence = args.evidence, level_given = args.level >= 0;
    int from_day = 0, to_day = 0;
    if (q.from && util_date_parse(q.from, &from_day)) {
        fprintf(stderr, "tocsin watch: --from '%s' is not a date (YYYY-MM-DD)\n", q.from);
        return 2;
    }
    if (q.to && util_date_parse(q.to, &to_day)) {
        fprintf(stderr, "tocsin watch: --to '%s' is not a date (YYYY-MM-DD)\n", q.to);
        return 2;
    }
    if (q.from && q.to && from_day > to_day) {
        fprintf(stderr, "tocsin watch: --from %s is after --to %s\n", q.from, q.to);
        return 2;
    }
    buf err;
    util_buf_init(&err);
    watch_dyad dyad;
    if (dyad_s) {
        if (watch_dyad_parse(dyad_s, &dyad, &err)) {
            fprintf(stderr, "tocsin watch: --dyad '%s': %s\n", dyad_s, err.data);
            util_buf_free(&err);
            return 2;
        }
        if (level_given && q.level == WATCH_ACTOR) dyad.level = WATCH_ACTOR;
        if (level_given && q.level == WATCH_COUNTRY && dyad.level != WATCH_COUNTRY) {
            fprintf(stderr, "tocsin watch: --level country needs a dyad of two 3-letter codes\n");
            util_buf_free(&err);
            return 2;
        }
        q.dyad = &dyad;
    }
    if (indicators && !q.dyad) {
        fprintf(stderr, "tocsin watch: --indicators needs --dyad SRC-TGT\n");
        util_buf_free(&err);
        return 2;
    }
    if (watch_params_check(&q.params, &err)) {
        fprintf(stderr, "tocsin watch: %s\n", err.data);
        util_buf_free(&err);
        return 2;
    }
    store_reader *db = watch_open_db(db_path, &err);
    if (!db) {
        fprintf(stderr, "tocsin watch: %s\n", err.data);
        util_buf_free(&err);
        return 2;
    }
    watch_alert *alerts = NULL;
    size_t n = 0;
    int n_bad = 0, status = 0;
    if (indicators) {
        if (print_indicators(db, q.dyad, !strcmp(indicators, "week"), q.from, q.to, format, &err)) {
            fprintf(stderr, "tocsin watch: %s\n", err.data);
            status = 2;
        }
    } else if (watch_alerts(db, &q, &alerts, &n, &n_bad, &err)) {
        fprintf(stderr, "tocsin watch: %s\n", err.data);
        status = 2;
    } else {
        if (limit > 0 && n > (size_t)limit) n = (size_t)limit;
        int rc;
        if (!strcmp(format, "json")) {
            buf out;
            util_buf_init(&out);
            rc = watch_alerts_json(db, &q, alerts, n, evidence < 0 ? 10 : evidence, &out, &err);
            if (!rc) {
                fwrite(out.data, 1, out.len, stdout);
                putchar('\n');
            }
            util_buf_free(&out);
        } else {
            rc = print_text(db, &q, alerts, n, evidence < 0 ? 3 : evidence, &err);
        }
        if (rc) {
            fprintf(stderr, "tocsin watch: %s\n", err.data);
            status = 2;
        } else if (n_bad) {
            fprintf(stderr, "tocsin watch: %d group(s) of stored events had unusable dates\n", n_bad);
            status = 1;
        }
    }
    if (fflush(stdout) && !status) status = 2;
    free(alerts);
    store_reader_close(db);
    util_buf_free(&err);
    return status;
}
