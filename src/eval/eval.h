/*
 * eval.h — scoring the coder against human-coded gold files (the shared suites:
 * PETRARCH and TABARI validation, petr2-gsr, plover-gsr, conflibert-dev).
 *
 * A gold record is {"id","date","text", "events":[...]} or "noevents": true.
 * Three kinds of gold are recognised per record:
 *   CAMEO triples  {"source","target","code"}: a record passes when the set of
 *                  coded (source, target, code) triples equals the expected set;
 *   PLOVER         {"plover","source":[...],"target":[...]}: the coded events'
 *                  PLOVER types (the coder's, data/plover.tsv; or a CAMEO->PLOVER
 *                  table given with --plover) matched on (category, source country);
 *   ConfliBERT     {"coders":[[roots]...]}: coded root classes are scored against
 *                  the roots at least half of the coders (and two) chose.
 * Precision/recall/F1 are over the same units (triples, category+country pairs,
 * roots). eval_run() prints a summary and the failures.
 */
#ifndef TOCSIN_EVAL_H
#define TOCSIN_EVAL_H

#include <stdio.h>

#include "tocsin.h"

typedef struct eval_opts {
    const char *plover_table;  /* a CAMEO->PLOVER table (C2P format), or NULL: the coder's types */
    int max_failures;          /* failures listed (-1: all) */
    int verbose;               /* list passing records' events too */
    /* TABARI's FORWARD: a record whose id numbers it as the next sentence of the
     * previous record's story ("REUT-045-002" after "REUT-045-001") continues it */
    int forward;
} eval_opts;

typedef struct eval_result {
    long records, passed, errors;
    long tp, fp, fn;           /* over scoring units */
    double pass_rate, precision, recall, f1;
} eval_result;

/* Codes every record of gold_path with dictionary d, writes the report to out.
 * Returns 0 on success, -1 if the file cannot be read (message on stderr). Bad
 * records are reported and counted as failures; the run goes on. */
int eval_run(const tocsin_dict *d, const char *gold_path, const eval_opts *o, FILE *out, eval_result *res);

#endif
