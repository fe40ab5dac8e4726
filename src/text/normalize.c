/*
 * normalize.c — text_normalize(): turns any byte string into the clean UTF-8
 * that the rest of the pipeline assumes (see text.h), plus the small UTF-8
 * helpers the tokenizer and splitter share.
 *
 * Why it is shaped this way: news text is overwhelmingly ASCII, so ASCII runs
 * are copied in bulk with no per-character utf8proc calls. Only the non-ASCII
 * stretches go through validation (utf8proc_iterate), folding (curly quotes,
 * dashes, odd spaces) and NFC composition, which runs in a fixed stack buffer
 * via utf8proc_decompose/utf8proc_reencode so that nothing is malloc'd.
 */
#include <string.h>
#include <utf8proc.h>

#include "text/text_internal.h"

#define REPLACEMENT 0xFFFD

/* Folding of one code point before NFC. Returns the ASCII replacement byte,
 * 0 to keep cp as is, or -1 to drop it entirely. */
static int fold_cp(int32_t cp)
{
    if (cp < 0xA0) return (cp >= 0x80) ? ' ' : 0;           /* C1 controls */
    switch (cp) {
    case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return ' ';
    case 0x2028: case 0x2029:
        return '\n';
    case 0xAD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return -1;                                           /* invisible */
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035:
    case 0x2039: case 0x203A: case 0xFF07:
        return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
    case 0xAB: case 0xBB: case 0xFF02: case 0x301D: case 0x301E:
        return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        return '-';
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A) return ' ';
    return 0;
}

int text_decode(const char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k <= 0) { *cp = REPLACEMENT; return 1; }
    *cp = c;
    return (int)k;
}

int text_is_letter_cp(int32_t cp)
{
    if (cp < 0x80) return (cp | 32) >= 'a' && (cp | 32) <= 'z';
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME);
}

int text_is_upper_cp(int32_t cp)
{
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

int text_is_digit_cp(int32_t cp)
{
    if (cp < 0x80) return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

/* Code points composed per flush; a flush happens only before a starter. */
#define SEG_CP 512

typedef struct seg {
    int32_t cp[SEG_CP * 4 + 16];   /* decomposition can expand; 4x is ample for NFD */
    size_t n;                      /* code points collected (pre-decomposition) */
    char raw[SEG_CP * 4 + 8];      /* UTF-8 of the collected, folded code points */
    size_t rawlen;
} seg;

/* NFC of the collected stretch, appended to out. */
static void seg_flush(seg *sg, buf *out)
{
    if (sg->rawlen == 0) return;
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    utf8proc_ssize_t m = utf8proc_decompose((const utf8proc_uint8_t *)sg->raw,
                                            (utf8proc_ssize_t)sg->rawlen, sg->cp,
                                            (utf8proc_ssize_t)(sizeof sg->cp / sizeof sg->cp[0]), opt);
    if (m >= 0 && (size_t)m <= sizeof sg->cp / sizeof sg->cp[0]) {
        m = utf8proc_reencode(sg->cp, m, opt);
    }
    if (m >= 0 && (size_t)m <= sizeof sg->cp / sizeof sg->cp[0])
        util_buf_add(out, sg->cp, (size_t)m);
    else
        util_buf_add(out, sg->raw, sg->rawlen);   /* cannot happen for valid input; keep text */
    sg->rawlen = 0;
    sg->n = 0;
}

static void seg_add(seg *sg, buf *out, int32_t cp)
{
    /* Flush only before a starter so that no composition pair is cut apart. */
    if (sg->n >= SEG_CP) {
        const utf8proc_property_t *p = utf8proc_get_property(cp);
        /* comb_index >= 0x8000 marks the second element of a composition pair;
         * Hangul vowel and trailing jamo compose algorithmically. */
        int second = (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000) ||
                     (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2);
        if (p->combining_class == 0 && !second)
            seg_flush(sg, out);
        else if (sg->n >= SEG_CP * 3)
            seg_flush(sg, out);   /* pathological run of marks: cut anyway */
    }
    sg->rawlen += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)sg->raw + sg->rawlen);
    sg->n++;
}

size_t text_normalize(const char *in, size_t n, buf *out)
{
    seg sg;
    sg.n = sg.rawlen = 0;
    size_t bad = 0, i = 0;
    const unsigned char *s = (const unsigned char *)in;
    util_buf_reserve(out, n + 1);
    while (i < n) {
        /* Bulk copy of printable ASCII. */
        size_t j = i;
        /* eight bytes at a time: a byte below 0x20 or from 0x7F up sets its high bit in
         * one of the three terms (a borrow or carry only ever adds a false alarm) */
        while (j + 8 <= n) {
            uint64_t v;
            memcpy(&v, s + j, 8);
            if (((v - 0x2020202020202020ULL) | v | (v + 0x0101010101010101ULL)) & 0x8080808080808080ULL) break;
            j += 8;
        }
        while (j < n && s[j] >= 0x20 && s[j] < 0x7F) j++;
        if (j > i) {
            if (sg.rawlen) {
                /* The first ASCII byte never composes with what precedes it. */
                seg_flush(&sg, out);
            }
            util_buf_add(out, in + i, j - i);
            i = j;
            if (i >= n) break;
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            seg_flush(&sg, out);
            if (c == '\n') util_buf_addc(out, '\n');
            else if (c == '\r') {
                util_buf_addc(out, '\n');
                if (i + 1 < n && s[i + 1] == '\n') i++;
            } else util_buf_addc(out, ' ');              /* other controls, DEL, tab */
            i++;
            continue;
        }
        /* Non-ASCII: a combining mark may compose with the preceding ASCII
         * letter, so pull that byte back into the segment. */
        if (sg.rawlen == 0 && out->len > 0) {
            unsigned char prev = (unsigned char)out->data[out->len - 1];
            if (prev >= 0x20 && prev < 0x7F) {
                out->len--;
                out->data[out->len] = 0;
                seg_add(&sg, out, prev);
            }
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            bad++;
            cp = REPLACEMENT;
            k = 1;
        }
        i += (size_t)k;
        int f = fold_cp(cp);
        if (f < 0) continue;
        if (f > 0) {
            seg_flush(&sg, out);
            util_buf_addc(out, (char)f);
            continue;
        }
        if (cp == 0x2026) {                      /* ellipsis: the splitter reads "..." */
            seg_flush(&sg, out);
            util_buf_add(out, "...", 3);
            continue;
        }
        seg_add(&sg, out, cp);
    }
    seg_flush(&sg, out);
    return bad;
}
