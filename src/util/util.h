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
void  arena_init(arena *a, size_t block_size);
void *arena_alloc(arena *a, size_t n);            /* 16-byte aligned, never NULL (aborts on OOM) */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Keeps the largest block for reuse, frees the rest: a steady state allocates nothing. */
void  arena_reset(arena *a);
void  arena_free(arena *a);

/* ---- buf: growable bytes, always NUL-terminated ---- */
typedef struct buf {
    char *data;
    size_t len, cap;
} buf;

/* An empty buf (data NULL until the first add; buf_free gives the memory back and
 * leaves it empty). Every add keeps data NUL-terminated and aborts on OOM;
 * buf_reserve makes room for extra more bytes; buf_clear empties it, keeping the
 * memory. */
void buf_init(buf *b);
void buf_free(buf *b);
void buf_reserve(buf *b, size_t extra);
void buf_add(buf *b, const void *p, size_t n);
void buf_addc(buf *b, char c);
void buf_adds(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_clear(buf *b);
/* JSON string literal with quotes; invalid UTF-8 must already be repaired. */
void buf_add_json_str(buf *b, const char *s, size_t n);

/* ---- UTF-8 ---- */
/* Length of the valid UTF-8 prefix of s[0..n) (== n when all of it is valid). */
size_t utf8_valid_prefix(const char *s, size_t n);
/* Appends s[0..n) to out with every invalid UTF-8 sequence replaced by U+FFFD and
 * NUL bytes by spaces. Returns the number of replacements. */
size_t utf8_repair(const char *s, size_t n, buf *out);

/* ---- hashing ---- */
uint64_t hash_bytes(const void *p, size_t n);
/* hash_bytes() of a NUL-terminated string (defined below). */
static inline uint64_t hash_str(const char *s);

/* ---- xmalloc family: abort with a message on OOM ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* ---- dates: days since 1970-01-01, proleptic Gregorian ---- */
/* Parses exactly YYYY-MM-DD (a real calendar date). Returns 0 and sets *days, else -1. */
int  date_parse(const char *s, int *days);
void date_format(int days, char out[11]);
int  date_from_ymd(int y, int m, int d);          /* no validation */
void date_to_ymd(int days, int *y, int *m, int *d);
int  date_weekday(int days);                      /* 0 = Monday .. 6 = Sunday */
int  date_valid_ymd(int y, int m, int d);

/* ---- errors ---- */
/* Reports a problem through the handler set with tocsin_set_error_handler(). */
void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vreport(const char *fmt, va_list ap);

/* ---- files ---- */
/* Reads a whole file into a NUL-terminated buffer; NULL and errno on failure. */
char *read_file(const char *path, size_t *len);
/* Directory of tocsin's shipped data (it holds dict/): $TOCSIN_DATA, else found
 * next to the program or library (share/tocsin when installed, data/ in a
 * checkout); see src/util/paths.c. Never a path compiled in. */
const char *data_dir(void);
/* Directory of the dashboard's files: $TOCSIN_WEB, else $TOCSIN_DATA/web when it
 * exists, else found as data_dir() is (share/tocsin/web, or web/ in a checkout). */
const char *util_web_dir(void);

/* hash_str(), declared above. */
static inline uint64_t hash_str(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return hash_bytes(s, n);
}

#endif
