/*
 * charset.c — turns the bytes of a web page into UTF-8 before parsing.
 *
 * gumbo only reads UTF-8, and real pages come in every encoding: the charset is
 * taken, in the HTML5 order, from a byte-order mark, the HTTP Content-Type, then
 * a <meta charset> or http-equiv declaration in the first bytes. Undeclared pages
 * are UTF-8 when their bytes are valid UTF-8 and windows-1252 otherwise (the
 * encoding browsers assume for undeclared Western pages, a superset of
 * latin-1). Two common lies are corrected: a page declared latin-1 whose bytes
 * are valid multi-byte UTF-8 is UTF-8, and a page declared UTF-8 that has no
 * valid multi-byte sequence but invalid high bytes is windows-1252. Named
 * charsets other than these go through glibc's iconv. Invalid bytes become
 * U+FFFD; nothing here can fail.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "web/web_internal.h"

/* windows-1252 bytes 0x80..0x9F (the rest of the high half is latin-1). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void put_utf8(buf *out, unsigned cp)
{
    char b[4];
    if (cp < 0x80) {
        util_buf_addc(out, (char)cp);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        util_buf_add(out, b, 2);
    } else {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        util_buf_add(out, b, 3);
    }
}

static void decode_cp1252(const char *s, size_t n, buf *out)
{
    util_buf_reserve(out, n + n / 4);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == 0) {
            util_buf_add(out, s + run, i - run);
            if (c == 0) util_buf_addc(out, ' ');
            else put_utf8(out, c < 0xA0 ? cp1252_high[c - 0x80] : c);
            run = i + 1;
        }
    }
    util_buf_add(out, s + run, n - run);
}

/* Decodes with iconv; -1 when iconv does not know the charset. */
static int decode_iconv(const char *label, const char *s, size_t n, buf *out)
{
    iconv_t cd = iconv_open("UTF-8", label);
    if (cd == (iconv_t)-1) return -1;
    buf tmp;
    util_buf_init(&tmp);
    util_buf_reserve(&tmp, n * 2 + 16);
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        if (tmp.cap - tmp.len < 64) util_buf_reserve(&tmp, tmp.cap);
        char *o = tmp.data + tmp.len;
        size_t oleft = tmp.cap - tmp.len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        tmp.len = (size_t)(o - tmp.data);
        if (r == (size_t)-1) {
            if (errno == E2BIG) {
                util_buf_reserve(&tmp, tmp.cap);
            } else { /* EILSEQ or a truncated sequence at the end: one U+FFFD per bad byte */
                util_buf_add(&tmp, "\xEF\xBF\xBD", 3);
                in++;
                inleft--;
                iconv(cd, NULL, NULL, NULL, NULL);
            }
        }
    }
    iconv_close(cd);
    tmp.data[tmp.len] = 0;
    util_utf8_repair(tmp.data, tmp.len, out);
    util_buf_free(&tmp);
    return 0;
}

/* Canonical charset name for a label, or the label itself for iconv. */
static const char *canonical_charset(const char *label)
{
    static const struct { const char *label, *name; } aliases[] = {
        {"utf-8", "utf-8"}, {"utf8", "utf-8"}, {"unicode-1-1-utf-8", "utf-8"},
        {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"},
        {"iso_8859-1", "windows-1252"}, {"latin1", "windows-1252"}, {"latin-1", "windows-1252"},
        {"l1", "windows-1252"}, {"us-ascii", "windows-1252"}, {"ascii", "windows-1252"},
        {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
        {"cp819", "windows-1252"}, {"ansi_x3.4-1968", "windows-1252"},
        /* the HTML5 encoding standard decodes these with their supersets */
        {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"gb18030", "GB18030"},
        {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"}, {"windows-949", "CP949"},
        {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
        {"windows-31j", "CP932"}, {"ms_kanji", "CP932"}, {"iso-8859-9", "CP1254"},
        {"tis-620", "CP874"}, {"iso-8859-11", "CP874"}, {"big5", "BIG5-HKSCS"},
    };
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (!strcmp(label, aliases[i].label)) return aliases[i].name;
    return label;
}

static void copy_label(const char *s, size_t n, char *name, size_t namelen)
{
    size_t k = 0;
    while (n > 0 && (*s == '"' || *s == '\'' || isspace((unsigned char)*s))) s++, n--;
    for (size_t i = 0; i < n && k + 1 < namelen; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\'' || c == ';' || c == '>' || c == '/' || isspace(c) || c == ',') break;
        name[k++] = (char)tolower(c);
    }
    name[k] = 0;
}

int web_charset_from_content_type(const char *ct, char *name, size_t namelen)
{
    if (!ct || namelen == 0) return -1;
    const char *p = strcasestr(ct, "charset=");
    if (!p) return -1;
    copy_label(p + 8, strlen(p + 8), name, namelen);
    return name[0] ? 0 : -1;
}

/* <meta charset=x> or <meta http-equiv=content-type content="...; charset=x">
 * within the first 4 KB (browsers look at 1 KB; pages with long heads put it later). */
static int charset_from_meta(const char *s, size_t n, char *name, size_t namelen)
{
    size_t lim = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 5 < lim; i++) {
        if (s[i] != '<' || strncasecmp(s + i + 1, "meta", 4)) continue;
        const char *end = memchr(s + i, '>', lim - i);
        if (!end) break;
        size_t tl = (size_t)(end - (s + i));
        for (size_t j = i; j + 8 <= i + tl; j++) {
            if (!strncasecmp(s + j, "charset", 7)) {
                size_t k = j + 7;
                while (k < i + tl && isspace((unsigned char)s[k])) k++;
                if (k < i + tl && s[k] == '=') {
                    copy_label(s + k + 1, i + tl - k - 1, name, namelen);
                    if (name[0]) return 0;
                }
            }
        }
        i += tl;
    }
    return -1;
}

/* Counts valid multi-byte UTF-8 sequences and invalid bytes. */
static void utf8_census(const char *s, size_t n, size_t *multibyte, size_t *invalid)
{
    *multibyte = *invalid = 0;
    size_t i = 0;
    while (i < n) {
        size_t v = util_utf8_valid_prefix(s + i, n - i);
        const char *p = s + i;
        for (size_t k = 0; k < v; k++)
            if ((p[k] & 0xC0) == 0xC0) (*multibyte)++;
        i += v;
        if (i < n) {
            (*invalid)++;
            i++;
        }
    }
}

const char *web_decode(const char *s, size_t n, const char *content_type, buf *out)
{
    util_buf_clear(out);
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        util_utf8_repair(s + 3, n - 3, out);
        return "utf-8";
    }
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        const char *cs = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        if (decode_iconv(cs, s + 2, n - 2, out) == 0) return u[0] == 0xFF ? "utf-16le" : "utf-16be";
    }
    char label[64] = "";
    int from_http = web_charset_from_content_type(content_type, label, sizeof label) == 0;
    if (!from_http && charset_from_meta(s, n, label, sizeof label) != 0) label[0] = 0;
    /* A <meta> cannot truthfully declare UTF-16 (it was readable as ASCII). */
    if (!from_http && !strncmp(label, "utf-16", 6)) strcpy(label, "utf-8");

    size_t multibyte = 0, invalid = 0;
    int valid = util_utf8_valid_prefix(s, n) == n;
    const char *cs = label[0] ? canonical_charset(label) : NULL;
    /* counting is only needed to second-guess a declaration */
    if (!valid || (cs && !strcmp(cs, "windows-1252"))) utf8_census(s, n, &multibyte, &invalid);
    if (!cs) cs = invalid == 0 ? "utf-8" : "windows-1252";
    else if (!strcmp(cs, "windows-1252") && invalid == 0 && multibyte > 0) cs = "utf-8";
    else if (!strcmp(cs, "utf-8") && multibyte == 0 && invalid > 0) cs = "windows-1252";

    if (!strcmp(cs, "utf-8")) {
        if (valid && !memchr(s, 0, n)) util_buf_add(out, s, n); /* the common case: a plain copy */
        else util_utf8_repair(s, n, out);
        return "utf-8";
    }
    if (!strcmp(cs, "windows-1252")) {
        decode_cp1252(s, n, out);
        return "windows-1252";
    }
    if (decode_iconv(cs, s, n, out) == 0) return "iconv";
    /* Unknown label: decide as for an undeclared page. */
    if (invalid == 0) {
        util_utf8_repair(s, n, out);
        return "utf-8";
    }
    decode_cp1252(s, n, out);
    return "windows-1252";
}

int web_looks_binary(const char *s, size_t n, const char **why)
{
    static const struct { const char *magic; size_t len; const char *what; } sigs[] = {
        {"%PDF-", 5, "a PDF file"}, {"\x89PNG", 4, "a PNG image"}, {"GIF8", 4, "a GIF image"},
        {"\xFF\xD8\xFF", 3, "a JPEG image"}, {"PK\x03\x04", 4, "a ZIP archive"},
        {"\x1F\x8B", 2, "gzip data"}, {"RIFF", 4, "a RIFF (WebP/AVI/WAV) file"},
        {"\x7F" "ELF", 4, "an ELF executable"}, {"OggS", 4, "an Ogg file"},
        {"ID3", 3, "an MP3 file"}, {"wOFF", 4, "a web font"}, {"wOF2", 4, "a web font"},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (n >= sigs[i].len && !memcmp(s, sigs[i].magic, sigs[i].len)) {
            *why = sigs[i].what;
            return 1;
        }
    const unsigned char *u = (const unsigned char *)s;
    /* UTF-16 text has many NULs but is text */
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) return 0;
    size_t lim = n < 8192 ? n : 8192, ctl = 0;
    for (size_t i = 0; i < lim; i++)
        if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' && u[i] != '\f') ctl++;
    if (lim > 0 && ctl * 20 > lim) {
        *why = "binary data (control bytes)";
        return 1;
    }
    return 0;
}
