/*
 * util.c — implementation of the shared building blocks declared in util.h.
 */
#include "util/util.h"
#include "tocsin.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- allocation ---- */

static void oom(size_t n)
{
    fprintf(stderr, "tocsin: out of memory allocating %zu bytes\n", n);
    abort();
}

void *util_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *util_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *util_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) oom(n);
    return p;
}

char *util_xstrndup(const char *s, size_t n)
{
    char *p = util_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *util_xstrdup(const char *s) { return util_xstrndup(s, strlen(s)); }

/* ---- arena ---- */

/* Under AddressSanitizer (SAN=1 builds, the fuzzers) the unused part of a block is
 * poisoned and every allocation is followed by a poisoned redzone: the coder keeps
 * all its per-sentence arrays in arenas, and without this an index past the end of
 * one would silently read or overwrite its neighbour instead of being reported. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_RED 16
#define ARENA_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define ARENA_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define ARENA_RED 0
#define ARENA_POISON(p, n) ((void)(p), (void)(n))
#define ARENA_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

struct arena_block {
    arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char mem[];
};

void util_arena_init(arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
}

void *util_arena_alloc(arena *a, size_t n)
{
    size_t want = n;
    n = ((n + 15) & ~(size_t)15) + ARENA_RED;
    arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > a->block_size ? n : a->block_size;
        b = util_xmalloc(sizeof *b + size);
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        ARENA_POISON(b->mem, size);
    }
    void *p = b->mem + b->used;
    b->used += n;
    ARENA_UNPOISON(p, want);
    return p;
}

char *util_arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = util_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void util_arena_reset(arena *a)
{
    arena_block *keep = NULL;
    for (arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (!keep || b->size > keep->size) {
            if (keep) free(keep);
            keep = b;
        } else {
            free(b);
        }
    }
    if (keep) {
        keep->used = 0;
        ARENA_POISON(keep->mem, keep->size);
        keep->next = NULL;
        /* A block grown for one huge sentence is kept only if it is ordinary. */
        if (keep->size > 16 * a->block_size) {
            free(keep);
            keep = NULL;
        }
    }
    a->head = keep;
}

void util_arena_free(arena *a)
{
    for (arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

/* ---- buf ---- */

void util_buf_init(buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void util_buf_free(buf *b)
{
    free(b->data);
    util_buf_init(b);
}

void util_buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    b->data = util_xrealloc(b->data, cap);
    b->cap = cap;
}

void util_buf_add(buf *b, const void *p, size_t n)
{
    util_buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void util_buf_addc(buf *b, char c)
{
    util_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

void util_buf_adds(buf *b, const char *s) { util_buf_add(b, s, strlen(s)); }

void util_buf_printf(buf *b, const char *fmt, ...)
{
    /* one vsnprintf into the room already there; a second one only when it did not fit */
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n >= room) {
        util_buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    }
    if (n > 0) b->len += (size_t)n;
    else if (room) b->data[b->len] = 0;
    va_end(ap2);
}

void util_buf_clear(buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

void util_buf_add_json_str(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    util_buf_reserve(b, n + 2);
    util_buf_addc(b, '"');
    size_t run = 0;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (size_t i = 0; i < n; i++) {
        /* eight bytes at a time past those that need no escape (a zero byte of v ^ c*ones
         * is a byte equal to c; (v - 0x20*ones) & ~v flags a byte below 0x20) */
        while (i + 8 <= n) {
            uint64_t v, q, bs, del;
            memcpy(&v, s + i, 8);
            q = v ^ (ones * '"'); bs = v ^ (ones * '\\'); del = v ^ (ones * 0x7f);
            if ((((q - ones) & ~q) | ((bs - ones) & ~bs) | ((del - ones) & ~del) | ((v - ones * 0x20) & ~v)) & highs) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
        util_buf_add(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': util_buf_add(b, "\\\"", 2); break;
        case '\\': util_buf_add(b, "\\\\", 2); break;
        case '\n': util_buf_add(b, "\\n", 2); break;
        case '\t': util_buf_add(b, "\\t", 2); break;
        case '\r': util_buf_add(b, "\\r", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            util_buf_add(b, e, 6);
        }
        }
    }
    util_buf_add(b, s + run, n - run);
    util_buf_addc(b, '"');
}

/* ---- UTF-8 ---- */

/* Length of the valid sequence starting at s[i], or 0 if it is invalid. Rejects
 * overlong forms, surrogates and code points above U+10FFFF. */
static size_t utf8_seq_len(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    if (c < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return 0;
    if (i + len > n) return 0;
    if (s[i + 1] < lo || s[i + 1] > hi) return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[i + k] & 0xC0) != 0x80) return 0;
    return len;
}

size_t util_utf8_valid_prefix(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            uint64_t v;   /* ASCII eight bytes at a time */
            while (i + 8 <= n && (memcpy(&v, s + i, 8), !(v & 0x8080808080808080ULL))) i += 8;
            if (i < n && s[i] < 0x80) i++;
            continue;
        }
        size_t l = utf8_seq_len(s, i, n);
        if (!l) break;
        i += l;
    }
    return i;
}

size_t util_utf8_repair(const char *str, size_t n, buf *out)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t fixes = 0, run = 0, i = 0;
    util_buf_reserve(out, n);
    while (i < n) {
        if (s[i] >= 0x80) {
            size_t l = utf8_seq_len(s, i, n);
            if (l) {
                i += l;
                continue;
            }
        } else if (s[i]) {
            i++;
            continue;
        }
        util_buf_add(out, str + run, i - run);
        if (s[i]) util_buf_add(out, "\xEF\xBF\xBD", 3);
        else util_buf_addc(out, ' ');
        fixes++;
        run = ++i;
    }
    util_buf_add(out, str + run, n - run);
    return fixes;
}

/* ---- hashing: FNV-1a folded through a 64-bit finaliser ---- */

uint64_t util_hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* ---- dates (Howard Hinnant's civil-from-days algorithms) ---- */

int util_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468;
}

void util_date_to_ymd(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

int util_date_weekday(int days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (days + 3) % 7;
    return w < 0 ? w + 7 : w;
}

int util_date_valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

int util_date_parse(const char *s, int *days)
{
    if (!s) return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return -1;
        } else if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
    }
    if (s[10]) return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!util_date_valid_ymd(y, m, d)) return -1;
    *days = util_date_from_ymd(y, m, d);
    return 0;
}

void util_date_format(int days, char out[11])
{
    int y, m, d;
    util_date_to_ymd(days, &y, &m, &d);
    if (y < 0 || y > 9999) y = 0;
    if (m < 1 || m > 12) m = 1;
    if (d < 1 || d > 31) d = 1;
    /* "%04d-%02d-%02d" without printf (every coded event formats its date) */
    out[0] = (char)('0' + y / 1000); out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10); out[3] = (char)('0' + y % 10);
    out[4] = '-'; out[5] = (char)('0' + m / 10); out[6] = (char)('0' + m % 10);
    out[7] = '-'; out[8] = (char)('0' + d / 10); out[9] = (char)('0' + d % 10);
    out[10] = 0;
}

/* ---- errors ---- */

static void default_handler(const char *msg, void *user)
{
    (void)user;
    fprintf(stderr, "tocsin: %s\n", msg);
}

static tocsin_error_fn err_fn = default_handler;
static void *err_user;

void tocsin_set_error_handler(tocsin_error_fn fn, void *user)
{
    err_fn = fn ? fn : default_handler;
    err_user = user;
}

void util_vreport(const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    err_fn(msg, err_user);
}

void util_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    util_vreport(fmt, ap);
    va_end(ap);
}

/* ---- files ---- */

char *util_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b;
    util_buf_init(&b);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) util_buf_add(&b, tmp, n);
    int err = ferror(f);
    fclose(f);
    if (err) {
        util_buf_free(&b);
        errno = EIO;
        return NULL;
    }
    if (!b.data) util_buf_reserve(&b, 0), b.data[0] = 0;
    if (len) *len = b.len;
    return b.data;
}
