/*
 * main.c — `tocsin COMMAND [options]`: dispatches to the subcommands, prints the
 * command list (--help), the version and dictionary set (--version), and the man
 * pages (the hidden `--man [CMD]` the Makefile runs; `--commands` lists the names).
 * Exit status: 0 all went well; 1 some records failed (each was reported);
 * 2 usage or a fatal error.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cli/cli.h"
#include "tocsin.h"
#include "util/util.h"

/* Every subcommand, in the order `tocsin --help` and tocsin(1) list them. */
static const cli_cmd *const commands[] = {
    &cli_cmd_code, &cli_cmd_eval, &cli_cmd_extract, &cli_cmd_ingest,
    &cli_cmd_export, &cli_cmd_stories, &cli_cmd_watch, &cli_cmd_serve, &cli_cmd_check, &cli_cmd_places,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

/* Every environment variable the program reads (the test install.sh checks this
 * list against the sources' getenv calls and the README). */
static const cli_env environment[] = {
    {"TOCSIN_DATA", "directory holding the built-in dictionaries (TOCSIN_DATA/dict); default: "
                    "share/tocsin next to the installed program, or data/ of the checkout it was built in"},
    {"TOCSIN_WEB", "directory of the dashboard served by tocsin serve; default: TOCSIN_DATA/web when it "
                   "exists, else share/tocsin/web next to the program, or web/ of the checkout"},
    {"TOCSIN_WORDNET", "directory of WordNet's index.verb and verb.exc for the verb lemmatizer; default "
                       "/usr/share/wordnet"},
    {"TOCSIN_DEBUG", "when set, the coder traces its decisions on standard error (for developers)"},
    {"TOCSIN_GEO", "the gazetteer index of tocsin places and the events' locations; default: "
                   "TOCSIN_DATA/geo/gazetteer.idx when it exists, else build/geo/gazetteer.idx of the checkout"},
};
#define NENV (sizeof environment / sizeof *environment)

static void usage(FILE *f)
{
    fprintf(f, "usage: tocsin COMMAND [options] [FILE...]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f, "\nenvironment:\n");
    for (size_t i = 0; i < NENV; i++) {
        fprintf(f, "  %-15s ", environment[i].name);
        cli_wrap(f, environment[i].help, 18, 18);
    }
    fprintf(f, "\n`tocsin COMMAND --help` describes a command's options; `tocsin --version` prints the\n"
               "version and the dictionary set.\n");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "tocsin VERSION" and the built-in dictionary set: where it is, its files and
 * a CRC-32 of their names and contents, which names the set exactly. */
static int version(void)
{
    printf("tocsin %s\n", TOCSIN_VERSION);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/dict", util_data_dir());
    DIR *d = opendir(dir);
    if (!d) {
        printf("built-in dictionaries: not found (%s; set TOCSIN_DATA)\n", dir);
        return 0;
    }
    char *names[256];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < 256;)
        if (e->d_name[0] != '.' && strcmp(e->d_name, "README.md")) names[n++] = util_xstrdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    uLong crc = crc32(0L, Z_NULL, 0);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4500];
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *data = util_read_file(path, &len);
        crc = crc32(crc, (const Bytef *)names[i], (uInt)strlen(names[i]) + 1);
        if (data) crc = crc32(crc, (const Bytef *)data, (uInt)len);
        bytes += len;
        free(data);
        free(names[i]);
    }
    printf("built-in dictionaries: %s (%zu files, %zu bytes, crc32 %08lx)\n", dir, n, bytes, (unsigned long)crc);
    return 0;
}

/* The hidden --man [CMD] and --commands the build uses to write the man pages. */
static int man(int argc, char **argv)
{
    if (!strcmp(argv[1], "--commands")) {
        for (size_t i = 0; i < NCOMMANDS; i++) puts(commands[i]->name);
        return 0;
    }
    if (argc < 3) {
        cli_man_index(commands, NCOMMANDS, environment, NENV, stdout);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!strcmp(argv[2], commands[i]->name)) {
            cli_man(commands[i], stdout);
            return 0;
        }
    }
    fprintf(stderr, "tocsin: --man: unknown command '%s'\n", argv[2]);
    return 2;
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
    if (!strcmp(argv[1], "--version")) return version();
    if (!strcmp(argv[1], "--man") || !strcmp(argv[1], "--commands")) return man(argc, argv);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], commands[i]->name)) return commands[i]->run(argc - 1, argv + 1);
    fprintf(stderr, "tocsin: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
