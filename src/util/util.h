/*
 * util.h — small shared building blocks: an arena allocator, a growable byte
 * buffer, a string hash, dates, and error reporting.
 *
 * Every stage uses these instead of its own copies. The arena exists because the
 * hot path must not call malloc per token or per sentence: a coder resets its
 * arena between sentences and reuses the same blocks.
 */
#ifndef TOCSIN_UTIL_H
#define TOCSIN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- arena: bump allocation, freed all at once ---- */
typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;   /* current block; older blocks follow */
    size_t block_size;
} arena;

/* An empty arena allocating blocks of block_size bytes (0: 64 KB; a larger request
 * gets a block its size). */
void  util_arena_init(arena *a, size_t block_size);
void *util_arena_alloc(arena *a, size_t n);            /* 16-byte aligned, never NULL (aborts on OOM) */
char *util_arena_strndup(arena *a, const char *s, size_t n);
/* Keeps the largest block for reuse, frees the rest: a steady state allocates nothing. */
void  util_arena_reset(arena *a);
void  util_arena_free(arena *a);

/* ---- buf: growable bytes, always NUL-terminated ---- */
typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

/* An empty buf (data NULL until the first add; util_buf_free gives the memory back and
 * leaves it empty). Every add keeps data NUL-terminated and aborts on OOM;
 * util_buf_reserve makes room for extra more bytes; util_buf_clear empties it, keeping the
 * memory. */
void util_buf_init(buf *b);
void util_buf_free(buf *b);
void util_buf_reserve(buf *b, size_t extra);
void util_buf_add(buf *b, const void *p, size_t n);
void util_buf_addc(buf *b, char c);
void util_buf_adds(buf *b, const char *s);
void util_buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void util_buf_clear(buf *b);
/* JSON string literal with quotes; invalid UTF-8 must already be repaired. */
void util_buf_add_json_str(buf *b, const char *s, size_t n);

/* ---- UTF-8 ---- */
/* Length of the valid UTF-8 prefix of s[0..n) (== n when all of it is valid). */
size_t util_utf8_valid_prefix(const char *s, size_t n);
/* Appends s[0..n) to out with every invalid UTF-8 sequence replaced by U+FFFD and
 * NUL bytes by spaces. Returns the number of replacements. */
size_t util_utf8_repair(const char *s, size_t n, buf *out);

/* ---- hashing ---- */
uint64_t util_hash_bytes(const void *p, size_t n);
/* util_hash_bytes() of a NUL-terminated string (defined below). */
static inline uint64_t hash_str(const char *s);

/* ---- xmalloc family: abort with a message on OOM ---- */
void *util_xmalloc(size_t n);
void *util_xcalloc(size_t n, size_t size);
void *util_xrealloc(void *p, size_t n);
char *util_xstrdup(const char *s);
char *util_xstrndup(const char *s, size_t n);

/* ---- dates: days since 1970-01-01, proleptic Gregorian ---- */
/* Parses exactly YYYY-MM-DD (a real calendar date). Returns 0 and sets *days, else -1. */
int  util_date_parse(const char *s, int *days);
void util_date_format(int days, char out[11]);
int  util_date_from_ymd(int y, int m, int d);          /* no validation */
void util_date_to_ymd(int days, int *y, int *m, int *d);
int  util_date_weekday(int days);                      /* 0 = Monday .. 6 = Sunday */
int  util_date_valid_ymd(int y, int m, int d);

/* ---- errors ---- */
/* Reports a problem through the handler set with tocsin_set_error_handler(). */
void util_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void util_vreport(const char *fmt, va_list ap);

/* ---- files ---- */
/* Reads a whole file into a NUL-terminated buffer; NULL and errno on failure. */
char *util_read_file(const char *path, size_t *len);
/* Directory of tocsin's shipped data (it holds dict/): $TOCSIN_DATA, else found
 * next to the program or library (share/tocsin when installed, data/ in a
 * checkout); see src/util/paths.c. Never a path compiled in. */
const char *util_data_dir(void);
/* Directory of the dashboard's files: $TOCSIN_WEB, else $TOCSIN_DATA/web when it
 * exists, else found as util_data_dir() is (share/tocsin/web, or web/ in a checkout). */
const char *util_web_dir(void);

/* hash_str(), declared above. */
static inline uint64_t hash_str(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return util_hash_bytes(s, n);
}

#endif
