/*
 * fuzz_coder.c — libFuzzer harness for the coder: the input bytes are the body
 * of one document (fixed id and date) coded by tocsin_code().
 *
 * Dictionaries: FUZZ_DICT names the directory (default "builtin"); run it once
 * with the built-in set and once with FUZZ_DICT=/work/shared/dict/phoenix, since
 * the field's dictionaries exercise constructs the built-in ones do not use.
 * Checks: no crash or sanitizer report, a return of -1 carries a message, every
 * event is well formed and its strings are readable valid UTF-8, and coding the
 * same document twice gives the same events.
 */
#include "fuzz_common.h"

static tocsin_dict *dict;
static tocsin_coder *coder;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    tocsin_set_error_handler(fuzz_quiet, NULL);
    const char *dir = getenv("FUZZ_DICT");
    if (!dir || !*dir) dir = "builtin";
    dict = tocsin_dict_new();
    if (tocsin_dict_add(dict, dir) != 0 || tocsin_dict_finish(dict) != 0) {
        fprintf(stderr, "fuzz_coder: cannot load dictionaries %s\n", dir);
        exit(1);
    }
    coder = tocsin_coder_new(dict);
    if (!coder) { fprintf(stderr, "fuzz_coder: no coder\n"); exit(1); }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the text is not NUL-terminated on purpose: the coder must honour text_len */
    char *text = malloc(size ? size : 1);
    if (size) memcpy(text, data, size);
    tocsin_doc doc = { .id = "fuzz", .date = "2022-01-02", .text = text, .text_len = size };
    uint64_t h = 0;
    int n = tocsin_code(coder, &doc, fuzz_event_cb, &h);
    if (n < 0) {
        const char *e = tocsin_coder_error(coder);
        FUZZ_CHECK(e && *e);
    }
    /* the same document coded again gives the same events: nothing of one
     * document (pronoun antecedents, the last subject, queued events) leaks into
     * the next one */
    uint64_t h2 = 0;
    int n2 = tocsin_code(coder, &doc, fuzz_event_cb, &h2);
    FUZZ_CHECK(n2 == n && h2 == h);
    free(text);
    return 0;
}
