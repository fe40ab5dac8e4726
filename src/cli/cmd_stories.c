/*
 * cmd_stories.c — `tocsin stories --db F [--format jsonl|tsv] [--min N]`: the
 * clusters of documents that are copies of one story, as
 * {"story": ID, "n_documents": N, "documents": [doc ids]} per line, or TSV with one
 * "story<TAB>n_documents<TAB>doc_id" line per document.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "cli/opts.h"
#include "store/store.h"

typedef struct stories_args {
    const char *db;
    int format; /* index in "jsonl|tsv", the order of stories_format */
    int min_docs;
} stories_args;

static const cli_opt stories_opts[] = {
    CLI_O_REQUIRED("--db", "FILE", stories_args, db, "the event database"),
    CLI_O_CHOICE("--format", "FORMAT", stories_args, format, "jsonl|tsv", "jsonl (default) or tsv"),
    CLI_O_INT("--min", "N", stories_args, min_docs, 1, 1000000, "only stories with at least N documents (default 1)"),
    CLI_O_END,
};

const cli_cmd cli_cmd_stories = {
    .name = "stories",
    .run = cmd_stories,
    .summary = "list clusters of documents that are copies of one story",
    .synopsis = "--db FILE [--format jsonl|tsv] [--min N]",
    .about = "JSON Lines: {\"story\": ID, \"n_documents\": N, \"documents\": [doc ids]} per story;\n"
             "TSV: one story<TAB>n_documents<TAB>doc_id line per document.",
    .groups = {{stories_opts, 0}},
    .exit_status = "0 listed; 2 usage error or the database could not be read",
};

int cmd_stories(int argc, char **argv)
{
    stories_args args = {.min_docs = 1};
    cli_operands ops;
    int st = cli_parse(&cli_cmd_stories, argc, argv, &args, &ops);
    if (st >= 0) return st;
    cli_operands_free(&ops);
    static const stories_format formats[] = {STORIES_JSONL, STORIES_TSV};
    stories_format fmt = formats[args.format];
    const char *db = args.db;
    int min_docs = args.min_docs;
    char err[512];
    store *s = cli_open_store_readonly("stories", db);
    if (!s) return 2;
    long n = store_list_stories(s, fmt, min_docs, stdout, err, sizeof err);
    if (n < 0) fprintf(stderr, "tocsin stories: %s\n", err);
    if (fflush(stdout) != 0) n = -1;
    store_close(s);
    return n < 0 ? 2 : 0;
}
