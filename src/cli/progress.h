/*
 * progress.h — the progress line and closing summary of long commands (code,
 * ingest) on standard error; see progress.c.
 */
#ifndef TOCSIN_CLI_PROGRESS_H
#define TOCSIN_CLI_PROGRESS_H

#include <stdint.h>

#include "cli/opts.h"
#include "io/io.h"

/* --progress and --quiet (the group cli_progress_table). */
typedef struct cli_progress_opts {
    int progress; /* show it even when standard error is no terminal */
    int quiet;    /* neither progress nor the closing summary */
} cli_progress_opts;

extern const cli_opt cli_progress_table[];

typedef struct cli_progress {
    const char *cmd;
    int on, quiet;           /* drawing; --quiet given */
    uint64_t *sizes;         /* per input, 0 when unknown (a pipe) */
    int ninputs, total_known;
    uint64_t total;          /* bytes of all inputs */
    uint64_t done_before;    /* bytes of the inputs already read */
    uint64_t cur_offset;     /* bytes read of the current input */
    int cur_input;
    size_t read;             /* documents read */
    double t0, last;         /* start, last drawing */
    int drawn;               /* a line is on the screen */
} cli_progress;

/* Sets up for a run over paths: decides whether to draw (a terminal or --progress,
 * never --quiet), sizes the inputs, and routes the library's messages so that
 * they clear the line first. */
void cli_progress_start(cli_progress *p, const char *cmd, const cli_progress_opts *o, char **paths, int n);
/* The pipeline's progress hook (pipeline_hooks.progress, user = the cli_progress):
 * records where the run is and redraws at most four times a second. Install it
 * only when p->on: without a line to draw it would cost a file-offset query
 * (a system call) per document for nothing. */
void cli_progress_hook(const pipeline_progress_info *pi, void *user);
/* Clears the line, restores the default error handler and, when the line was
 * shown and `summary` is set, prints "tocsin CMD: N documents (F failed), E events,
 * SIZE in H:MM:SS (R docs/s)". */
void cli_progress_end(cli_progress *p, const pipeline_result *res, int summary);

#endif
