/*
 * tokenize.c — text_tokenize() and text_fold(): one sentence of normalised text
 * into tokens with their case-folded form, hash and verb lemma.
 *
 * Why it is shaped this way: the coder compares every token against large
 * dictionaries, so each token carries its folded form and hash computed once
 * here. ASCII words (nearly all of news text) are folded with a table-free
 * fast path and, when already lower-case, share the surface string; only
 * words with non-ASCII letters go through utf8proc (case folding plus accent
 * stripping, so "Élysée" matches the dictionary entry "elysee"). All strings
 * come from two pools carved out of the caller's arena, so a sentence costs a
 * handful of arena bumps and no malloc.
 */
#include <string.h>
#include <utf8proc.h>

#include "text/text_internal.h"

/* Character classes of the tokenizer. */
enum { C_SPACE, C_LETTER, C_DIGIT, C_OTHER };

/* Classes of the ASCII bytes (controls and DEL count as space). A constant
 * table: no initialisation, so concurrent tokenizers share it safely. */
#define S C_SPACE
#define L C_LETTER
#define D C_DIGIT
#define O C_OTHER
static const unsigned char ascii_class[128] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
    D, D, D, D, D, D, D, D, D, D, O, O, O, O, O, O,
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, O,
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, O, O, O, O, S,
};
#undef S
#undef L
#undef D
#undef O

static int char_class_slow(const char *t, size_t n, size_t i, int *w, int32_t *cpo)
{
    int32_t cp;
    *w = text_decode(t + i, n - i, &cp);
    if (cpo) *cpo = cp;
    if (text_is_letter_cp(cp)) return C_LETTER;
    if (text_is_digit_cp(cp)) return C_DIGIT;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP)
        return C_SPACE;
    return C_OTHER;
}

/* Class of the character at t[i] (t[0..n)); *w gets its byte length. */
static inline int char_class(const char *t, size_t n, size_t i, int *w, int32_t *cpo)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) { *w = 1; if (cpo) *cpo = c; return ascii_class[c]; }
    return char_class_slow(t, n, i, w, cpo);
}

static inline int cls_at(const char *t, size_t n, size_t i)
{
    int w;
    if (i >= n) return C_SPACE;
    return char_class(t, n, i, &w, NULL);
}

static int is_lower_ascii_byte(char c) { return c >= 'a' && c <= 'z'; }

static int is_word_class(int k) { return k == C_LETTER || k == C_DIGIT; }

const char *text_fold(const char *s, size_t n, arena *a, size_t *out_len)
{
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    if (i == n) {
        char *d = util_arena_alloc(a, n + 1);
        for (size_t k = 0; k < n; k++) {
            unsigned char c = (unsigned char)s[k];
            d[k] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        }
        d[n] = 0;
        if (out_len) *out_len = n;
        return d;
    }
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                            UTF8PROC_STRIPMARK;
    int32_t stackbuf[128];
    int32_t *cp = stackbuf;
    utf8proc_ssize_t cap = 128;
    utf8proc_ssize_t m = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                            cp, cap, opt);
    if (m > cap) {
        cap = m;
        cp = util_arena_alloc(a, (size_t)cap * sizeof *cp);
        m = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cp, cap, opt);
    }
    if (m < 0) {                     /* invalid UTF-8: not normalised input; keep bytes */
        char *d = util_arena_strndup(a, s, n);
        if (out_len) *out_len = n;
        return d;
    }
    m = utf8proc_reencode(cp, m, opt);
    if (m < 0) m = 0;
    char *d = util_arena_strndup(a, (const char *)cp, (size_t)m);
    if (out_len) *out_len = (size_t)m;
    return d;
}

/* Span of the word token starting at t[i] (a letter or digit). Sets *abbrev when
 * the token ends in a full stop that belongs to it. Returns the end offset. */
static size_t scan_word(const char *t, size_t n, size_t i, int *abbrev)
{
    size_t start = i;
    int w;
    int first = char_class(t, n, i, &w, NULL);
    *abbrev = 0;
    for (;;) {
        while (i < n) {
            unsigned char c = (unsigned char)t[i];
            if (c < 0x80) {                                   /* ASCII fast path */
                if (ascii_class[c] != C_LETTER && ascii_class[c] != C_DIGIT) break;
                i++;
                continue;
            }
            int k = char_class_slow(t, n, i, &w, NULL);
            if (!is_word_class(k)) break;
            i += (size_t)w;
        }
        if (i + 1 >= n) break;
        char c = t[i];
        int next = cls_at(t, n, i + 1);
        if (c == '-' && is_word_class(next)) { i++; continue; }           /* al-Assad, 50-minute */
        if (c == '\'' && next == C_LETTER) {
            /* possessive 's is split off; O'Brien and don't stay whole */
            if ((t[i + 1] == 's' || t[i + 1] == 'S') && !is_word_class(cls_at(t, n, i + 2))) break;
            /* a quote glued between two words ("principle of'without"): a lower-case
             * word of 2+ letters before and 3+ letters after is not a contraction */
            size_t xl = i - start, yl = 0, y = i + 1;
            int x_lower = xl >= 2;
            for (size_t q = start; q < i && x_lower; q++) x_lower = is_lower_ascii_byte(t[q]);
            int yw;
            while (y < n && char_class(t, n, y, &yw, NULL) == C_LETTER) { yl++; y += (size_t)yw; }
            if (x_lower && yl >= 3) break;
            i++;
            continue;
        }
        if (c == '&' && next == C_LETTER && i > start && cls_at(t, n, i - 1) == C_LETTER) {
            i++;                                                           /* AT&T, R&D */
            continue;
        }
        if ((c == ',' || c == '.' || c == ':' || c == '/') && next == C_DIGIT &&
            first == C_DIGIT && cls_at(t, n, i - 1) == C_DIGIT) {
            i++;                                                           /* 100,000 3.5 10:30 */
            continue;
        }
        break;
    }
    if (i < n && t[i] == '.') {
        size_t wl = i - start;
        /* dotted acronyms: U.S. U.N. e.g. a.m. */
        if (wl == 1 && first == C_LETTER && i + 1 < n && cls_at(t, n, i + 1) == C_LETTER &&
            (i + 2 >= n || t[i + 2] == '.' || !is_word_class(cls_at(t, n, i + 2)))) {
            while (i + 1 < n && t[i] == '.' && cls_at(t, n, i + 1) == C_LETTER &&
                   (i + 2 >= n || !is_word_class(cls_at(t, n, i + 2)))) {
                int cw;
                char_class(t, n, i + 1, &cw, NULL);
                i += 1 + (size_t)cw;
            }
            if (i < n && t[i] == '.') { i++; *abbrev = 1; }
            return i;
        }
        /* initials (J.) and listed abbreviations (Gen. Jan. Inc.) keep their dot,
         * except a lone capital at the very end of the sentence ("Plan B.") */
        if (first == C_LETTER) {
            int initial = (wl == 1 && t[start] >= 'A' && t[start] <= 'Z');
            if (!initial && (unsigned char)t[start] >= 0x80) {
                int32_t cp;
                int cw = text_decode(t + start, n - start, &cp);
                initial = ((size_t)cw == wl && text_is_upper_cp(cp));
            }
            /* at the end of the sentence only an abbreviation that can end one
             * keeps the dot ("Acme Inc."); "he said no." and "Plan B." do not */
            size_t after = i + 1;
            while (after < n && (t[after] == '"' || t[after] == '\'' || t[after] == ')' ||
                                 t[after] == ']' || t[after] == ' '))
                after++;
            int at_end = after >= n;
            size_t seg = i;                                /* "R-Ariz.": the last part */
            while (seg > start && t[seg - 1] != '-') seg--;
            int cls = text_abbrev_class(t + seg, i - seg);
            int keep = (cls == ABBR_ENDABLE) ||
                       (!at_end && (initial || cls == ABBR_TITLE)) ||
                       (cls == ABBR_NUMBER && after < n && t[after] >= '0' && t[after] <= '9');
            if (keep) { i++; *abbrev = 1; }
        }
    }
    return i;
}

/* A token's letters counted by case, as text_tokenize's flags need them. */
typedef struct tok_case { int upper, lowercase, nonascii, nletters, first_upper; } tok_case;

/* Copies text[start, end) to surf (NUL-terminated) and counts its letters by case:
 * the ASCII prefix is copied and counted in one pass, the rest decoded. */
static inline void copy_and_case(const char *text, size_t start, size_t end, char *surf, tok_case *out)
{
    int upper = 0, lowercase = 0, nonascii = 0, nletters = 0, first_upper = 0;
    int first_letter_seen = 0;
    size_t j0 = start;
    for (; j0 < end; j0++) {
        unsigned char c = (unsigned char)text[j0];
        if (c >= 0x80) break;
        surf[j0 - start] = (char)c;
        if ((unsigned)(c - 'A') < 26) {
            upper++;
            if (!first_letter_seen) first_upper = 1;
            first_letter_seen = 1;
        } else if ((unsigned)(c - 'a') < 26) {
            lowercase++;
            first_letter_seen = 1;
        }
    }
    nletters = upper + lowercase;
    for (size_t j = j0; j < end; j++) surf[j - start] = text[j];   /* short: no libc call */
    surf[end - start] = 0;
    for (size_t j = j0; j < end;) {
        unsigned char c = (unsigned char)text[j];
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') {
                upper++; nletters++;
                if (!first_letter_seen) first_upper = 1;
                first_letter_seen = 1;
            } else if (c >= 'a' && c <= 'z') {
                lowercase++; nletters++;
                first_letter_seen = 1;
            }
            j++;
        } else {
            nonascii = 1;
            int32_t ch;
            j += (size_t)text_decode(text + j, end - j, &ch);
            if (text_is_letter_cp(ch)) {
                utf8proc_category_t cat = utf8proc_category(ch);
                if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
                    upper++; nletters++;
                    if (!first_letter_seen) first_upper = 1;
                    first_letter_seen = 1;
                } else if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LO ||
                           cat == UTF8PROC_CATEGORY_LM) {
                    lowercase += (cat == UTF8PROC_CATEGORY_LL);
                    nletters++;
                    first_letter_seen = 1;
                }
            }
        }
    }
    *out = (tok_case){upper, lowercase, nonascii, nletters, first_upper};
}

#define TOK_INITIAL 1024

void text_tokenize(const char *text, size_t len, arena *a, const lemmatizer *lm, sentence *s)
{
    /* A token has at least one byte, so len+1 slots always suffice; beyond
     * TOK_INITIAL the array doubles (a whole document may be passed in). */
    size_t cap = len + 1 < TOK_INITIAL ? len + 1 : TOK_INITIAL, nt = 0;
    token *toks = util_arena_alloc(a, cap * sizeof *toks);
    /* Surface copies need at most len + ntok <= 2*len bytes; so do ASCII folds. */
    char *pool = util_arena_alloc(a, 2 * len + 2), *lpool = NULL;
    size_t pool_used = 0, lpool_used = 0;
    int seen_word = 0;
    size_t i = 0;
    while (i < len) {
        int w;
        int32_t cp;
        int k = char_class(text, len, i, &w, &cp);
        if (k == C_SPACE) { i += (size_t)w; continue; }
        size_t start = i, end;
        uint16_t flags = 0;
        int html_poss = 0;   /* 1: "#39;" read as "'", 2: "#39;s" read as "'s" */
        if (k == C_LETTER || k == C_DIGIT) {
            int abbrev;
            end = scan_word(text, len, i, &abbrev);
            if (abbrev) flags |= TOK_ABBREV;
            if (k == C_DIGIT) flags |= TOK_NUM;
        } else if (cp == '\'' && i + 1 < len && (text[i + 1] == 's' || text[i + 1] == 'S') &&
                   nt > 0 && toks[nt - 1].off + toks[nt - 1].len == i &&
                   !(toks[nt - 1].flags & TOK_PUNCT) && !is_word_class(cls_at(text, len, i + 2))) {
            end = i + 2;
            flags |= TOK_POSS;
        } else if (cp == '\'' && nt > 0 && toks[nt - 1].off + toks[nt - 1].len == i &&
                   !(toks[nt - 1].flags & TOK_PUNCT) && i > 0 &&
                   (text[i - 1] == 's' || text[i - 1] == 'S') &&
                   !is_word_class(cls_at(text, len, i + 1))) {
            end = i + 1;                                   /* the allies' */
            flags |= TOK_POSS;
        } else if (cp == '#' && nt > 0 && !(toks[nt - 1].flags & TOK_PUNCT) && i + 4 < len &&
                   !memcmp(text + i, "#39;", 4) &&
                   (((text[i + 4] == 's' || text[i + 4] == 'S') && !is_word_class(cls_at(text, len, i + 5))) ||
                    (text[i + 4] == ' ' && i >= 2 && (text[i - 2] == 's' || text[i - 2] == 'S')))) {
            /* "Sudan #39;s Darfur", "the allies #39; plans": an HTML apostrophe whose
             * '&' was lost in scraped wire copy (common in AG News) is the possessive */
            html_poss = text[i + 4] == ' ' ? 1 : 2;
            end = i + 3 + (size_t)html_poss;
            flags |= TOK_POSS;
        } else {
            end = i + (size_t)w;
            flags |= TOK_PUNCT;
            if (cp == '"' || cp == '\'') flags |= TOK_QUOTE;
            else if (cp == '.' || cp == '-' || cp == '?' || cp == '!') {
                while (end < len && text[end] == (char)cp) end++;   /* ... -- ?? */
            }
        }
        i = end;
        size_t tl = end - start;
        if (nt == cap) {
            token *bigger = util_arena_alloc(a, 2 * cap * sizeof *bigger);
            memcpy(bigger, toks, nt * sizeof *toks);
            toks = bigger;
            cap *= 2;
        }
        token *t = &toks[nt++];
        char *surf = pool + pool_used;
        /* case flags and fold; the ASCII bytes are copied and counted in one pass */
        tok_case c;
        copy_and_case(text, start, end, surf, &c);
        int upper = c.upper, lowercase = c.lowercase, nonascii = c.nonascii, nletters = c.nletters,
            first_upper = c.first_upper;
        pool_used += tl + 1;
        t->text = surf;
        t->off = (uint32_t)start;
        t->len = (uint32_t)tl;
        if (!(flags & (TOK_PUNCT | TOK_POSS))) {
            if (first_upper) flags |= TOK_CAP;
            if (nletters >= 2 && lowercase == 0 && upper == nletters) flags |= TOK_ALLCAPS;
            if (!seen_word) { flags |= TOK_FIRST; seen_word = 1; }
        }
        size_t ll = tl;
        if (nonascii) {
            t->lower = text_fold(surf, tl, a, &ll);
        } else if (upper) {
            if (!lpool) lpool = util_arena_alloc(a, 2 * len + 2);
            char *d = lpool + lpool_used;
            for (size_t j = 0; j < tl; j++) {
                unsigned char c = (unsigned char)surf[j];
                d[j] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            }
            d[tl] = 0;
            lpool_used += tl + 1;
            t->lower = d;
        } else {
            t->lower = surf;
        }
        if (html_poss) {
            t->lower = html_poss == 2 ? "'s" : "'";
            ll = (size_t)html_poss;
        }
        t->hash = util_hash_bytes(t->lower, ll);
        t->lemma = t->lower;
        t->lemma_hash = t->hash;
        if (lm && nletters >= 2 && !(flags & (TOK_PUNCT | TOK_POSS | TOK_NUM | TOK_ABBREV))) {
            uint64_t lh = 0;
            const char *lem = text_lemmatize_verb_hashed(lm, t->lower, ll, t->hash, &lh);
            if (lem && !(lh == t->hash && strcmp(lem, t->lower) == 0)) {
                t->lemma = lem;
                t->lemma_hash = lh;
            }
        }
        t->flags = flags;
    }
    s->text = text;
    s->len = len;
    s->tok = toks;
    s->ntok = nt;
}
