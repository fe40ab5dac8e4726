/*
 * fuzz_dict.c — libFuzzer harness for the dictionary loader: the input bytes
 * become the one file in a temporary directory, named by the first byte as an
 * actors, verbs, agents, discards or issues file (or with no telling name, so
 * the loader has to classify it by content); the directory is loaded and
 * finished, and a few fixed sentences are coded with the result, because a
 * malformed dictionary entry that loads can still break the matcher.
 * Checks: no crash, leak or sanitizer report; coding either works or says why.
 */
#include <sys/stat.h>

#include "fuzz_common.h"

static const char *const names[] = {
    "fuzz.actors", "fuzz.verbs", "fuzz.agents", "fuzz.discards", "fuzz.issues",
    "Fuzz.actors.txt", "CAMEO.fuzz.txt", "fuzz.txt",
};

static const char sentences[] =
    "Russia accused Ukraine of shelling the town on Monday. "
    "President Biden met Ukrainian President Zelensky in Kyiv and promised military aid. "
    "The rebels attacked police officers near the border, the ministry said. "
    "Arnor and Gondor signed a peace agreement; Mordor's army threatened them.\n\n"
    "Germany will not impose sanctions on China, the foreign minister told reporters.";

static char dir[256];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    tocsin_set_error_handler(fuzz_quiet, NULL);
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/tocsin-fuzz-dict-%ld", base, (long)getpid());
    mkdir(dir, 0700);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const char *name = names[data[0] % (sizeof names / sizeof *names)];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size > 1) fwrite(data + 1, 1, size - 1, f);
    fclose(f);

    tocsin_dict *d = tocsin_dict_new();
    int rc = tocsin_dict_add(d, dir);
    FUZZ_CHECK(rc == 0);
    rc = tocsin_dict_finish(d);
    if (rc == 0) {
        tocsin_coder *c = tocsin_coder_new(d);
        if (c) {
            tocsin_doc doc = { .id = "fuzzdict", .date = "2022-01-02", .text = sentences,
                               .text_len = sizeof sentences - 1 };
            uint64_t h = 0;
            if (tocsin_code(c, &doc, fuzz_event_cb, &h) < 0) {
                const char *e = tocsin_coder_error(c);
                FUZZ_CHECK(e && *e);
            }
            tocsin_coder_free(c);
        }
    }
    tocsin_dict_free(d);
    unlink(path);
    return 0;
}
