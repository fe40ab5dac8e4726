/*
 * dates.c — publication dates as the web writes them, normalised to YYYY-MM-DD.
 *
 * Every event date the coder resolves ("on Sunday", "last week") is counted from
 * the story's publication date, so dates from meta tags, JSON-LD, URLs and
 * visible datelines all come through here. The date as written is kept (the
 * local date of "2019-11-18T23:30:00-05:00" is the 18th): that is the date the
 * story's own relative expressions refer to. Years outside 1990..2100 are
 * refused because on a news page they are never a publication date.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

static int plausible(int y, int m, int d)
{
    return y >= 1990 && y <= 2100 && util_date_valid_ymd(y, m, d);
}

static int put(int y, int m, int d, char out[11])
{
    if (!plausible(y, m, d)) return -1;
    util_date_format(util_date_from_ymd(y, m, d), out);
    return 0;
}

/* Month number of a month name or abbreviation (English, French, German,
 * Spanish, Portuguese, Italian, Dutch), else 0. */
static int month_of(const char *w, size_t n)
{
    static const char *const names[][12] = {
        {"january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"},
        {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
         "octobre", "novembre", "decembre"},
        {"januar", "februar", "marz", "april", "mai", "juni", "juli", "august", "september",
         "oktober", "november", "dezember"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"},
        {"janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro",
         "outubro", "novembro", "dezembro"},
        {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
         "settembre", "ottobre", "novembre", "dicembre"},
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
         "oktober", "november", "december"},
    };
    char low[16];
    if (n < 3 || n >= sizeof low) return 0;
    for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)w[i]);
    low[n] = 0;
    if (!strcmp(low, "sept")) return 9;
    for (size_t l = 0; l < sizeof names / sizeof *names; l++)
        for (int m = 0; m < 12; m++) {
            const char *full = names[l][m];
            size_t fl = strlen(full);
            if (n == fl && !strcmp(low, full)) return m + 1;
            if (n == 3 && !strncmp(low, full, 3)) return m + 1; /* Jan, Feb, ... */
        }
    return 0;
}

/* A run of digits or letters of a date string (the text tokenizer is another thing). */
typedef struct date_token {
    int num;          /* -1 for a word */
    int ndigits;
    const char *s;
    size_t len;
    char sep;         /* the character right after the token */
} date_token;

/* Splits s[0..n) into at most max digit and letter runs; returns how many. */
static size_t date_tokens(const char *s, size_t n, date_token *t, size_t max)
{
    size_t nt = 0, i = 0;
    while (i < n && nt < max) {
        unsigned char c = (unsigned char)s[i];
        if (isdigit(c)) {
            size_t j = i;
            long v = 0;
            while (j < n && isdigit((unsigned char)s[j])) {
                if (j - i < 9) v = v * 10 + (s[j] - '0');
                j++;
            }
            t[nt++] = (date_token){(int)(j - i <= 9 ? v : -2), (int)(j - i), s + i, j - i, j < n ? s[j] : 0};
            i = j;
        } else if (isalpha(c)) {
            size_t j = i;
            while (j < n && isalpha((unsigned char)s[j])) j++;
            t[nt++] = (date_token){-1, 0, s + i, j - i, j < n ? s[j] : 0};
            i = j;
        } else {
            i++;
        }
    }
    return nt;
}

/* A date around the month-name token t[m]: "November 18, 2019", "18 Nov 2019",
 * "18. November 2019", "Nov 18 2019". */
static int date_around_month(const date_token *t, size_t nt, size_t m, int month, char out[11])
{
    int day = 0, year = 0;
    if (m + 1 < nt && t[m + 1].num >= 1 && t[m + 1].ndigits <= 2) { /* Month D, YYYY */
        day = t[m + 1].num;
        if (m + 2 < nt && t[m + 2].ndigits == 4) year = t[m + 2].num;
    }
    if (!year && m >= 1 && t[m - 1].num >= 1 && t[m - 1].ndigits <= 2) { /* D Month YYYY */
        day = t[m - 1].num;
        if (m + 1 < nt && t[m + 1].ndigits == 4) year = t[m + 1].num;
        else if (m + 2 < nt && t[m + 1].num < 0 && t[m + 1].len <= 2 && t[m + 2].ndigits == 4)
            year = t[m + 2].num; /* "2 de janeiro de 2022" */
    }
    if (!year && m >= 2 && t[m - 1].num < 0 && t[m - 1].len <= 2 && t[m - 2].num >= 1 &&
        t[m - 2].ndigits <= 2) { /* "2 de janeiro de 2022" */
        day = t[m - 2].num;
        if (m + 2 < nt && t[m + 1].num < 0 && t[m + 1].len <= 2 && t[m + 2].ndigits == 4)
            year = t[m + 2].num;
        else if (m + 1 < nt && t[m + 1].ndigits == 4) year = t[m + 1].num;
    }
    if (!year) return -1;
    return put(year, month, day, out);
}

/* A numeric date starting at token t[i]: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD,
 * DD.MM.YYYY, DD/MM/YYYY (or MM/DD/YYYY when the first number exceeds 12 only
 * as a month could not). */
static int numeric_date_at(const date_token *t, size_t nt, size_t i, char out[11])
{
    if (t[i].ndigits == 8) {
        int v = t[i].num;
        return put(v / 10000, v / 100 % 100, v % 100, out);
    }
    if (i + 2 >= nt || t[i + 1].num < 0 || t[i + 2].num < 0) return -1;
    char s1 = t[i].sep, s2 = t[i + 1].sep;
    if (!(s1 == '-' || s1 == '/' || s1 == '.') || s2 != s1) return -1;
    if (t[i].ndigits == 4 && t[i + 1].ndigits <= 2 && t[i + 2].ndigits <= 2)
        return put(t[i].num, t[i + 1].num, t[i + 2].num, out);
    if (t[i].ndigits <= 2 && t[i + 1].ndigits <= 2 && t[i + 2].ndigits == 4) {
        int a = t[i].num, b = t[i + 1].num, y = t[i + 2].num;
        if (b > 12 && a <= 12) return put(y, a, b, out);   /* US month/day */
        if (s1 == '/' && a <= 12 && b <= 12) return -1;    /* ambiguous */
        return put(y, b, a, out);
    }
    return -1;
}

int web_normalize_date(const char *s, size_t n, char out[11])
{
    while (n > 0 && isspace((unsigned char)*s)) s++, n--;
    if (n == 0) return -1;
    date_token t[24];
    size_t nt = date_tokens(s, n < 200 ? n : 200, t, 24);
    if (nt == 0) return -1;
    /* epoch seconds or milliseconds */
    if (nt == 1 && (t[0].ndigits == 10 || t[0].ndigits == 13)) {
        long long v = atoll(t[0].s);
        if (t[0].ndigits == 13) v /= 1000;
        int y, m, d;
        util_date_to_ymd((int)(v / 86400), &y, &m, &d);
        return put(y, m, d, out);
    }
    if (t[0].num >= 0 && numeric_date_at(t, nt, 0, out) == 0) return 0;
    for (size_t i = 0; i < nt && i < 8; i++) {
        if (t[i].num >= 0) continue;
        int m = month_of(t[i].s, t[i].len);
        if (m && date_around_month(t, nt, i, m, out) == 0) return 0;
    }
    return -1;
}

int web_date_from_url(const char *url, char out[11])
{
    if (!url) return -1;
    const char *path = strstr(url, "://");
    path = path ? strchr(path + 3, '/') : url;
    if (!path) return -1;
    size_t n = strlen(path);
    date_token t[64];
    size_t nt = date_tokens(path, n, t, 64);
    for (size_t i = 0; i < nt; i++) {
        if (t[i].num < 0) continue;
        if (t[i].ndigits == 4 && i + 2 < nt && t[i + 1].num >= 1 && t[i + 1].ndigits <= 2 &&
            t[i + 2].num >= 1 && t[i + 2].ndigits <= 2 && (t[i].sep == '/' || t[i].sep == '-') &&
            t[i + 1].sep == t[i].sep && put(t[i].num, t[i + 1].num, t[i + 2].num, out) == 0)
            return 0;
        if (t[i].ndigits == 8 && i > 0 && numeric_date_at(t, nt, i, out) == 0) return 0;
    }
    return -1;
}

int web_date_in_text(const char *s, size_t n, char out[11])
{
    date_token t[256];
    size_t nt = date_tokens(s, n, t, 256);
    for (size_t i = 0; i < nt; i++) {
        if (t[i].num >= 0) {
            if ((t[i].ndigits == 4 || t[i].ndigits <= 2) && numeric_date_at(t, nt, i, out) == 0)
                return 0;
            continue;
        }
        int m = month_of(t[i].s, t[i].len);
        if (m && date_around_month(t, nt, i, m, out) == 0) return 0;
    }
    return -1;
}
