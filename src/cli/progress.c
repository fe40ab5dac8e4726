/*
 * progress.c — the progress line of `tocsin code` and `tocsin ingest` on
 * standard error: bytes read of the total (when the inputs' sizes are known),
 * documents, documents/s, events and the time left, one line redrawn in place
 * at most four times a second; a closing summary. Shown when standard error is a
 * terminal, or with --progress; never with --quiet. The pipeline tells it where
 * the run is through its progress hook (src/io/pipeline.c).
 */
#include "cli/progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common.h"
#include "tocsin.h"

#define REDRAW_SECONDS 0.25

const cli_opt cli_progress_table[] = {
    CLI_O_FLAG("--progress", cli_progress_opts, progress,
               "show progress on standard error even when it is not a terminal"),
    CLI_O_FLAG("--quiet", cli_progress_opts, quiet, "neither progress nor the closing summary"),
    CLI_O_END,
};

/* Size of an input, 0 when it is no regular file (a pipe) or cannot be read. */
static uint64_t input_size(const char *path)
{
    struct stat st;
    int rc = strcmp(path, "-") ? stat(path, &st) : fstat(STDIN_FILENO, &st);
    return rc == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

/* "12,345" */
static const char *count(char *out, size_t n, uint64_t v)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v), k = 0;
    for (int i = 0; i < len && (size_t)k + 2 < n; i++) {
        if (i && (len - i) % 3 == 0) out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = 0;
    return out;
}

/* "1.2 GB" */
static const char *bytes(char *out, size_t n, uint64_t v)
{
    static const char *const unit[] = {"B", "kB", "MB", "GB", "TB"};
    double x = (double)v;
    int u = 0;
    while (x >= 1000 && u < 4) x /= 1000, u++;
    snprintf(out, n, u ? "%.1f %s" : "%.0f %s", x, unit[u]);
    return out;
}

/* "0:03:12" */
static const char *hms(char *out, size_t n, double secs)
{
    unsigned long s = secs > 0 && secs < 1e9 ? (unsigned long)(secs + 0.5) : 0;
    snprintf(out, n, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    return out;
}

static void clear_line(cli_progress *p)
{
    if (p->drawn) fputs("\r\033[K", stderr);
    p->drawn = 0;
}

/* The error handler while a line is drawn: clears it before the message. */
static void report_over_line(const char *message, void *user)
{
    clear_line(user);
    fprintf(stderr, "tocsin: %s\n", message);
}

void cli_progress_start(cli_progress *p, const char *cmd, const cli_progress_opts *o, char **paths, int n)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->on = !o->quiet && (o->progress || isatty(STDERR_FILENO));
    p->quiet = o->quiet;
    p->sizes = calloc((size_t)n + 1, sizeof *p->sizes);
    p->ninputs = n;
    p->total_known = p->sizes != NULL;
    for (int i = 0; i < n && p->sizes; i++) {
        p->sizes[i] = input_size(paths[i]);
        if (!p->sizes[i]) p->total_known = 0;
        p->total += p->sizes[i];
    }
    p->t0 = p->last = cli_now(); /* the first line after REDRAW_SECONDS: no figures from one document */
    if (p->on) tocsin_set_error_handler(report_over_line, p);
}

/* Bytes read so far: the inputs finished, and the part of the current one. */
static uint64_t bytes_done(const cli_progress *p)
{
    return p->done_before + p->cur_offset;
}

static void draw(cli_progress *p, const pipeline_result *res, double now)
{
    char a[32], b[32], c[32], d[32], e[32];
    double secs = now - p->t0 > 1e-6 ? now - p->t0 : 1e-6;
    uint64_t done = bytes_done(p);
    fputs("\r", stderr);
    if (p->total_known && p->total) {
        double frac = (double)done / (double)p->total;
        if (frac > 1) frac = 1;
        fprintf(stderr, "  %s/%s %3.0f%%", bytes(a, sizeof a, done), bytes(b, sizeof b, p->total), 100 * frac);
    } else if (done) {
        fprintf(stderr, "  %s", bytes(a, sizeof a, done)); /* no total: standard input, a pipe */
    }
    fprintf(stderr, "  %s docs  %s docs/s  %s events", count(c, sizeof c, p->read),
            count(d, sizeof d, (uint64_t)(p->read / secs)), count(e, sizeof e, res ? res->events : 0));
    if (p->total_known && p->total && done > 0 && secs >= 1) {
        double left = secs * (double)(p->total - (done < p->total ? done : p->total)) / (double)done;
        fprintf(stderr, "  ETA %s", hms(a, sizeof a, left));
    }
    fputs("\033[K", stderr);
    fflush(stderr);
    p->drawn = 1;
    p->last = now;
}

void cli_progress_hook(const pipeline_progress_info *pi, void *user)
{
    cli_progress *p = user;
    if (pi->input != p->cur_input) {
        p->cur_input = pi->input;
        p->cur_offset = 0;
    }
    p->read = pi->read;
    if (pi->input_done) {
        uint64_t size = pi->input < p->ninputs && p->sizes ? p->sizes[pi->input] : 0;
        p->done_before += size ? size : pi->input_offset;
        p->cur_offset = 0;
        p->cur_input = pi->input + 1;
    } else {
        p->cur_offset = pi->input_offset;
    }
    if (!p->on) return;
    double now = cli_now();
    if (now - p->last >= REDRAW_SECONDS) draw(p, pi->res, now);
}

void cli_progress_end(cli_progress *p, const pipeline_result *res, int summary)
{
    if (p->on) {
        clear_line(p);
        tocsin_set_error_handler(NULL, NULL);
    }
    if (summary && p->on && res) {
        char a[32], b[32], c[32], d[32], e[32], f[32];
        double secs = cli_now() - p->t0;
        uint64_t done = bytes_done(p);
        fprintf(stderr, "tocsin %s: %s documents (%s failed), %s events, %s%sin %s (%s docs/s)\n", p->cmd,
                count(a, sizeof a, res->documents), count(b, sizeof b, res->failed),
                count(c, sizeof c, res->events), done ? bytes(d, sizeof d, done) : "", done ? " " : "",
                hms(e, sizeof e, secs),
                count(f, sizeof f, (uint64_t)(res->documents / (secs > 1e-6 ? secs : 1e-6))));
    }
    free(p->sizes);
    p->sizes = NULL;
}
