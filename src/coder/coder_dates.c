/*
 * coder_dates.c — when did the event happen? News reports events relative to
 * the publication date: "on Sunday", "Thursday", "yesterday", "last week",
 * "last month", "New Year's Eve", "early December", "January 10", "Jan. 12".
 * An event takes the publication date unless its sentence says otherwise.
 *
 * Direction: a past-tense clause (or "last", "ago") points back to the most
 * recent such day, a future clause ("will", "scheduled", "is to", "next") to the
 * next one, a present clause to the nearest (weekday names: most recent, which
 * is how wire copy uses them).
 */
#include <pthread.h>
#include <string.h>

#include "coder/coder.h"

static const char *const weekdays[7] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };

static const struct { const char *name; int month; } months[] = {
    {"january", 1}, {"jan.", 1}, {"jan", 1}, {"february", 2}, {"feb.", 2}, {"feb", 2},
    {"march", 3}, {"mar.", 3}, {"april", 4}, {"apr.", 4}, {"apr", 4}, {"may", 5},
    {"june", 6}, {"jun.", 6}, {"july", 7}, {"jul.", 7}, {"august", 8}, {"aug.", 8}, {"aug", 8},
    {"september", 9}, {"sept.", 9}, {"sep.", 9}, {"sept", 9}, {"october", 10}, {"oct.", 10}, {"oct", 10},
    {"november", 11}, {"nov.", 11}, {"nov", 11}, {"december", 12}, {"dec.", 12}, {"dec", 12},
};

int coder_month_of(const char *w)
{
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
        if (!strcmp(w, months[i].name)) return months[i].month;
    return 0;
}

static int weekday_of(const char *w)
{
    for (int i = 0; i < 7; i++) if (!strcmp(w, weekdays[i])) return i;
    return -1;
}

static int small_number(const token *t, int max)
{
    if (!(t->flags & TOK_NUM)) return 0;
    const char *p = t->lower;
    int v = 0, nd = 0;
    while (*p >= '0' && *p <= '9' && nd < 3) { v = v * 10 + (*p - '0'); p++; nd++; }
    /* allow ordinal suffixes: 10th, 1st, 2nd, 3rd */
    if (*p && strcmp(p, "th") && strcmp(p, "st") && strcmp(p, "nd") && strcmp(p, "rd")) return 0;
    return v >= 1 && v <= max ? v : 0;
}

/* The year a 4-digit token at k names (1900-2099: "March 2017", "March 10, 2017"), else 0. */
static int year_token(const sentence *s, size_t k)
{
    if (k >= s->ntok || !(s->tok[k].flags & TOK_NUM)) return 0;
    const char *p = s->tok[k].lower;
    int v = 0, nd = 0;
    while (*p >= '0' && *p <= '9') { v = v * 10 + (*p - '0'); p++; nd++; }
    return !*p && nd == 4 && v >= 1900 && v <= 2099 ? v : 0;
}

/* The year written after a month at i ("March 2017", "March 10, 2017", "10 March 2017");
 * day_after: the day number is the token after the month. 0 when none is written. */
static int written_year(const sentence *s, size_t i, int day_after)
{
    size_t k = i + 1 + (day_after ? 1 : 0);
    if (day_after && k < s->ntok && !strcmp(s->tok[k].lower, ",")) k++;
    return year_token(s, k);
}

/* Day for month m, day dd, choosing the year by direction relative to pub. */
static int month_day(int pub, int m, int dd, int dir)
{
    int y, pm, pd;
    util_date_to_ymd(pub, &y, &pm, &pd);
    int best = -1;
    int cands[3];
    int nc = 0;
    for (int yy = y - 1; yy <= y + 1; yy++)
        if (util_date_valid_ymd(yy, m, dd)) cands[nc++] = util_date_from_ymd(yy, m, dd);
    if (!nc) return pub;
    int bestdist = 1 << 30;
    for (int i = 0; i < nc; i++) {
        int diff = cands[i] - pub;
        if (dir == TENSE_PAST && diff > 0) continue;
        if (dir == TENSE_FUTURE && diff < 0) continue;
        int ad = diff < 0 ? -diff : diff;
        if (ad < bestdist) { bestdist = ad; best = cands[i]; }
    }
    if (best < 0) {
        for (int i = 0; i < nc; i++) {
            int ad = cands[i] - pub < 0 ? pub - cands[i] : cands[i] - pub;
            if (ad < bestdist) { bestdist = ad; best = cands[i]; }
        }
    }
    return best;
}

/* Hashes of every word that can anchor a time expression: tokens that are not
 * among them are skipped without any string comparison. */
static uint64_t anchor_hash[128];
static uint64_t anchor_bits[64];   /* 4096-bit filter of the anchor hashes (<1% false hits) */
static size_t nanchor;
static pthread_once_t anchor_once = PTHREAD_ONCE_INIT;

static void init_anchors(void)
{
    static const char *const words[] = { "yesterday", "today", "tonight", "tomorrow", "week", "month", "eve",
                                         "day", "christmas" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) anchor_hash[nanchor++] = hash_str(words[i]);
    for (int i = 0; i < 7; i++) anchor_hash[nanchor++] = hash_str(weekdays[i]);
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) anchor_hash[nanchor++] = hash_str(months[i].name);
    for (size_t i = 0; i < nanchor; i++) anchor_bits[(anchor_hash[i] >> 6) & 63] |= (uint64_t)1 << (anchor_hash[i] & 63);
}

static int is_anchor(uint64_t h)
{
    if (!(anchor_bits[(h >> 6) & 63] & ((uint64_t)1 << (h & 63)))) return 0;
    for (size_t i = 0; i < nanchor; i++) if (anchor_hash[i] == h) return 1;
    return 0;
}

/* Tense at token i: the nearest verb form or future marker before it, else dflt. */
static int tense_at(const sentence *s, size_t i, int dflt)
{
    static const char *const future[] = { "will", "'ll", "shall", "scheduled", "expected", "due", "plans", "planned",
                                          "next", "upcoming" };
    for (size_t k = i, steps = 0; k-- > 0 && steps < 8; steps++) {
        const token *t = &s->tok[k];
        for (size_t f = 0; f < sizeof future / sizeof future[0]; f++)
            if (!strcmp(t->lower, future[f])) return TENSE_FUTURE;
        if (t->flags & TOK_PUNCT) break;
        size_t l = strlen(t->lower);
        if (t->lemma != t->lower && strcmp(t->lemma, t->lower) && l > 2 && t->lower[l - 1] != 's' &&
            strcmp(t->lower + l - 3, "ing"))
            return TENSE_PAST;
    }
    return dflt;
}

int coder_resolve_date(const sentence *s, size_t from, size_t to, int pub, int tense_default, int *found)
{
    if (found) *found = 0;
    pthread_once(&anchor_once, init_anchors);
    const token *t = s->tok;
    for (size_t i = from; i < to; i++) {
        if ((t[i].flags & (TOK_PUNCT | TOK_NUM)) || !is_anchor(t[i].hash)) continue;
        const char *w = t[i].lower;
        int tense = tense_default;
        if (w[0] >= 'a' && w[0] <= 'z') tense = tense_at(s, i, tense_default);
        const char *prev = i > 0 ? t[i - 1].lower : "";
        const char *next = i + 1 < s->ntok ? t[i + 1].lower : "";
        int res = -1;
        if (!strcmp(w, "yesterday")) res = pub - 1;
        else if (!strcmp(w, "today") || !strcmp(w, "tonight")) res = pub;
        else if (!strcmp(w, "tomorrow")) res = pub + 1;
        else if (!strcmp(w, "week") && !strcmp(prev, "last")) res = pub - 7;
        else if (!strcmp(w, "week") && !strcmp(prev, "next")) res = pub + 7;
        else if (!strcmp(w, "month") && (!strcmp(prev, "last") || !strcmp(prev, "next"))) {
            int y, m, dd;
            util_date_to_ymd(pub, &y, &m, &dd);
            m += prev[0] == 'l' ? -1 : 1;
            if (m == 0) { m = 12; y--; }
            if (m == 13) { m = 1; y++; }
            while (dd > 28 && !util_date_valid_ymd(y, m, dd)) dd--;
            res = util_date_from_ymd(y, m, dd);
        } else if (!strcmp(w, "eve") && i >= 2 && !strcmp(prev, "'s") && !strcmp(t[i - 2].lower, "year") &&
                   i >= 3 && !strcmp(t[i - 3].lower, "new")) {
            res = month_day(pub, 12, 31, tense == TENSE_FUTURE ? TENSE_FUTURE : TENSE_PAST);
        } else if (!strcmp(w, "day") && i >= 2 && !strcmp(prev, "'s") && !strcmp(t[i - 2].lower, "year") &&
                   i >= 3 && !strcmp(t[i - 3].lower, "new")) {
            res = month_day(pub, 1, 1, tense == TENSE_FUTURE ? TENSE_FUTURE : TENSE_PAST);
        } else if (!strcmp(w, "christmas")) {
            int dd = !strcmp(next, "eve") ? 24 : 25;
            res = month_day(pub, 12, dd, tense);
        } else {
            int wd = weekday_of(w);
            if (wd >= 0) {
                int pw = util_date_weekday(pub);
                int dir = tense;
                if (!strcmp(prev, "last")) dir = TENSE_PAST;
                if (!strcmp(prev, "next") || !strcmp(prev, "coming")) dir = TENSE_FUTURE;
                if (dir == TENSE_FUTURE) {
                    int delta = (wd - pw + 7) % 7;
                    res = pub + delta;
                } else {
                    int delta = (pw - wd + 7) % 7;
                    res = pub - delta;
                }
            } else {
                int m = coder_month_of(w);
                /* "May" is also a modal verb: only with a day number next to it */
                if (m) {
                    int dd = 0, day_after = 0;
                    if (i + 1 < s->ntok) dd = small_number(&t[i + 1], 31), day_after = dd > 0;
                    if (!dd && i > 0) dd = small_number(&t[i - 1], 31);
                    if (!dd && i > 1 && !strcmp(prev, "of")) dd = small_number(&t[i - 2], 31);
                    int yr = written_year(s, i, day_after);
                    int y, pm, pd;
                    util_date_to_ymd(pub, &y, &pm, &pd);
                    int in_month = !strcmp(prev, "early") || !strcmp(prev, "mid") || !strcmp(prev, "late") ||
                                   !strcmp(prev, "in") || !strcmp(prev, "since") || !strcmp(prev, "mid-");
                    if (yr && dd) {
                        /* a written year is the year ("In March 10, 2017", "10 March 2017") */
                        res = util_date_valid_ymd(yr, m, dd) ? util_date_from_ymd(yr, m, dd) : -1;
                    } else if (yr && in_month) {
                        /* "in March 2017": the month's middle (or its early/late part); this month: pub date */
                        int day = !strcmp(prev, "early") ? 5 : !strcmp(prev, "late") ? 25 : 15;
                        res = yr == y && m == pm ? -1 : util_date_from_ymd(yr, m, day);
                    } else if (dd) {
                        res = month_day(pub, m, dd, tense);
                    } else if (m != 5 && !yr && in_month) {
                        int day = !strcmp(prev, "early") ? 5 : !strcmp(prev, "late") ? 25 : 15;
                        if (m == pm && !strcmp(prev, "in")) res = -1;  /* "in January" of this month: pub date */
                        else res = month_day(pub, m, day, tense == TENSE_FUTURE ? TENSE_FUTURE : TENSE_PAST);
                    }
                }
            }
        }
        if (res >= 0) {
            if (found) *found = 1;
            return res;
        }
    }
    return pub;
}
