/*
 * main.c — `tocsin COMMAND [options]`: dispatches to the subcommands.
 * Exit status: 0 all went well; 1 some records failed (each was reported);
 * 2 usage or a fatal error.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "tocsin.h"

static const struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"code", cmd_code, "code documents into CAMEO events (JSON Lines or TSV out)"},
    {"eval", cmd_eval, "score the coder against a gold-standard file"},
    {"extract", cmd_extract, "extract an article's main text and metadata from HTML"},
    {"ingest", cmd_ingest, "code documents and store them in an event database"},
    {"export", cmd_export, "export stored events (GDELT 2.0, mentions, JSON Lines, CSV)"},
    {"stories", cmd_stories, "list clusters of documents that are copies of one story"},
    {"watch", cmd_watch, "escalation alerts per dyad, in the terminal"},
    {"serve", cmd_serve, "HTTP API and dashboard over an event database"},
    {"places", cmd_places, "place mentions of documents, resolved to the gazetteer (JSON Lines or TSV)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: tocsin COMMAND [options] [FILE...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n`tocsin COMMAND --help` describes a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("tocsin " TOCSIN_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "tocsin: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
