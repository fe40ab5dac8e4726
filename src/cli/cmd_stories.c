/*
 * cmd_stories.c — `tocsin stories --db F [--format jsonl|tsv] [--min N]`: the
 * clusters of documents that are copies of one story, as
 * {"story": ID, "n_documents": N, "documents": [doc ids]} per line, or TSV with one
 * "story<TAB>n_documents<TAB>doc_id" line per document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/common.h"
#include "store/store.h"

static void stories_usage(FILE *f)
{
    fprintf(f, "usage: tocsin stories --db FILE [--format jsonl|tsv] [--min N]\n"
               "  --min N   only stories with at least N documents (default 1)\n");
}

int cmd_stories(int argc, char **argv)
{
    const char *db = NULL, *format = "jsonl";
    int min_docs = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            stories_usage(stdout);
            return 0;
        }
        if (i + 1 >= argc || (strcmp(a, "--db") && strcmp(a, "--format") && strcmp(a, "--min"))) {
            fprintf(stderr, "tocsin stories: %s '%s'\n", i + 1 >= argc ? "missing value for" : "unknown option", a);
            stories_usage(stderr);
            return 2;
        }
        const char *v = argv[++i];
        if (!strcmp(a, "--db")) db = v;
        else if (!strcmp(a, "--format")) format = v;
        else {
            char *end;
            long m = strtol(v, &end, 10);
            if (*end || m < 1 || m > 1000000) {
                fprintf(stderr, "tocsin stories: bad --min '%s'\n", v);
                return 2;
            }
            min_docs = (int)m;
        }
    }
    if (!db) {
        fprintf(stderr, "tocsin stories: --db is required\n");
        stories_usage(stderr);
        return 2;
    }
    stories_format fmt;
    if (!strcmp(format, "jsonl")) fmt = STORIES_JSONL;
    else if (!strcmp(format, "tsv")) fmt = STORIES_TSV;
    else {
        fprintf(stderr, "tocsin stories: unknown format '%s'\n", format);
        return 2;
    }
    char err[512];
    store *s = cli_open_store_readonly("stories", db);
    if (!s) return 2;
    long n = store_list_stories(s, fmt, min_docs, stdout, err, sizeof err);
    if (n < 0) fprintf(stderr, "tocsin stories: %s\n", err);
    if (fflush(stdout) != 0) n = -1;
    store_close(s);
    return n < 0 ? 2 : 0;
}
