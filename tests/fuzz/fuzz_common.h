/*
 * fuzz_common.h — small pieces every libFuzzer harness in tests/fuzz shares:
 * a quiet error handler, a per-process temporary file for the readers that take
 * a path, and checks that turn a silent wrong result into a crash the fuzzer
 * records (a harness that only waits for segfaults misses lost documents and
 * dangling event pointers).
 */
#ifndef TOCSIN_FUZZ_COMMON_H
#define TOCSIN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tocsin.h"
#include "util/util.h"

/* Library reports (malformed lines, bad records) are expected here: drop them,
 * unless FUZZ_VERBOSE is set (useful when replaying one crash). */
static void fuzz_quiet(const char *msg, void *user)
{
    (void)user;
    if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "tocsin: %s\n", msg);
}

static void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz invariant broken: %s\n", what);
    abort();
}

#define FUZZ_CHECK(cond) do { if (!(cond)) fuzz_fail(#cond); } while (0)

/* Writes data to a file in /dev/shm (memory, not disk) named with this process's
 * pid and the given suffix; returns the path (static storage). */
static const char *fuzz_temp_file(const char *suffix, const uint8_t *data, size_t size)
{
    static char path[256];
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/tocsin-fuzz-%ld%s", dir, (long)getpid(), suffix);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); abort(); }
    if (size && fwrite(data, 1, size, f) != size) { perror(path); abort(); }
    fclose(f);
    return path;
}

/* Touches every byte of s[0..n) so AddressSanitizer sees a dangling or short
 * pointer, and returns something that depends on them so it is not optimised away. */
static uint64_t fuzz_touch(const char *s, size_t n)
{
    if (!s) return 0;
    return util_hash_bytes(s, n);
}

/* Checks an event handed to the callback and reads all its strings. */
static uint64_t fuzz_check_event(const tocsin_event *ev)
{
    FUZZ_CHECK(ev->doc_id != NULL);
    FUZZ_CHECK(ev->sentence >= 1);
    FUZZ_CHECK(memchr(ev->code, 0, sizeof ev->code) != NULL);
    FUZZ_CHECK(strlen(ev->code) >= 2);
    FUZZ_CHECK(memchr(ev->root, 0, sizeof ev->root) != NULL);
    FUZZ_CHECK(memchr(ev->date, 0, sizeof ev->date) != NULL);
    int days;
    FUZZ_CHECK(util_date_parse(ev->date, &days) == 0);
    /* a dictionary may carry its own non-CAMEO code (TABARI's demo verbs: "[xxy]"),
     * which has no quad class; a numeric CAMEO code always has one, and the null
     * code "---" is never output */
    FUZZ_CHECK((ev->quad_class >= 1 && ev->quad_class <= 4) ||
               (ev->quad_class == 0 && ev->code[0] != '-' &&
                !(ev->code[0] >= '0' && ev->code[0] <= '9' && ev->code[1] >= '0' && ev->code[1] <= '9')));
    FUZZ_CHECK(ev->goldstein >= -10.0 && ev->goldstein <= 10.0);
    FUZZ_CHECK(memchr(ev->source.code, 0, sizeof ev->source.code) != NULL);
    FUZZ_CHECK(memchr(ev->target.code, 0, sizeof ev->target.code) != NULL);
    uint64_t h = hash_str(ev->doc_id);
    h ^= fuzz_touch(ev->text, ev->text_len);
    h ^= fuzz_touch(ev->verb_text, ev->verb_len);
    h ^= fuzz_touch(ev->source.text, ev->source.text_len);
    h ^= fuzz_touch(ev->target.text, ev->target.text_len);
    if (ev->issues) h ^= hash_str(ev->issues);
    /* what reaches output must be valid UTF-8 */
    FUZZ_CHECK(!ev->text || util_utf8_valid_prefix(ev->text, ev->text_len) == ev->text_len);
    return h;
}

static void fuzz_event_cb(const tocsin_event *ev, void *user)
{
    uint64_t *h = user;
    *h ^= fuzz_check_event(ev);
}

#endif
