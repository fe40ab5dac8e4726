/*
 * split.c — the sentence splitter for news and scraped web text
 * (text_splitter_init / text_splitter_next).
 *
 * Why it is shaped this way: the document is cut into paragraphs first, one
 * line at a time, because that is where scraped pages put their junk — a
 * whole line that is boilerplate ("Source link", "Leave a Reply", see
 * wordlists.c) or has no letters is dropped and ends the paragraph; a
 * sentence that is boilerplate on its own (a wire sign-off) is dropped too. A blank
 * line always ends a paragraph; so does a single newline after a line ending
 * in terminal punctuation when the next line starts with a capital, and one
 * after an all-capitals heading line. Inside a
 * paragraph, sentence ends are decided at '.', '?' and '!' from local context:
 * abbreviation class (wordlists.c), initials, decimals, ellipses, closing
 * quotes, and the case of the next word ("weeks.Biden" splits, "U.S.A" and
 * "3.5" do not). Datelines ("WASHINGTON (AP) -") are removed from the first
 * sentence of a paragraph near the start of a story.
 *
 * Every byte of the document is looked at a bounded number of times, and a
 * sentence never exceeds TEXT_MAX_SENTENCE_BYTES / _TOKENS, so a 50 MB line
 * costs linear time and bounded memory per sentence.
 */
#include <string.h>

#include "text/text_internal.h"

/* ' ' or one of \t \n \v \f \r (9-13) */
static int is_space(char c) { return c == ' ' || (unsigned char)(c - '\t') < 5; }
static int is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }
static int is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_closer(char c) { return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}'; }
static int is_terminal(char c) { return c == '.' || c == '?' || c == '!'; }

/* Upper-case letter (any script) at t[i]? */
static int upper_at(const char *t, size_t n, size_t i)
{
    if (i >= n) return 0;
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) return is_upper_ascii((char)c);
    int32_t cp;
    text_decode(t + i, n - i, &cp);
    return text_is_upper_cp(cp);
}

static int lower_at(const char *t, size_t n, size_t i)
{
    if (i >= n) return 0;
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) return is_lower_ascii((char)c);
    int32_t cp;
    text_decode(t + i, n - i, &cp);
    return text_is_letter_cp(cp) && !text_is_upper_cp(cp);
}

static int has_letter(const char *t, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            if (is_lower_ascii((char)(c | 32))) return 1;
            i++;
        } else {
            int32_t cp;
            i += (size_t)text_decode(t + i, n - i, &cp);
            if (text_is_letter_cp(cp)) return 1;
        }
    }
    return 0;
}

void text_splitter_init(splitter *sp, const char *text, size_t len)
{
    memset(sp, 0, sizeof *sp);
    sp->text = text;
    sp->len = len;
    sp->pos = 0;
    sp->next_index = 1;
    sp->paragraph = 0;
}

/* Does the trimmed line t[0..n) end with terminal punctuation (and closers)? */
static int ends_terminal(const char *t, size_t n)
{
    while (n > 0 && is_closer(t[n - 1])) n--;
    return n > 0 && (is_terminal(t[n - 1]) || t[n - 1] == ':');
}

/* Does the trimmed line start with a capital, possibly after an opening quote? */
static int starts_capital(const char *t, size_t n)
{
    size_t i = 0;
    while (i < n && (t[i] == '"' || t[i] == '\'' || t[i] == '(')) i++;
    return upper_at(t, n, i) || (i < n && is_digit(t[i]));
}

/* A heading line: short, with at least two letters and no lower-case ASCII
 * letter, and not a dateline that runs on ("WASHINGTON (AP) -", "NEW DELHI:"). */
static int all_caps_line(const char *t, size_t n)
{
    if (n > 120 || n == 0 || t[n - 1] == '-' || t[n - 1] == ':') return 0;
    int letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_lower_ascii(t[i])) return 0;
        letters += is_upper_ascii(t[i]);
    }
    return letters >= 2;
}

/* Finds the next paragraph at or after sp->pos. Returns 0 at the end. */
static int next_paragraph(splitter *sp)
{
    const char *t = sp->text;
    size_t n = sp->len, p = sp->pos;
    size_t seg_start = 0, seg_end = 0;
    int have = 0, prev_terminal = 0, prev_heading = 0;
    while (p < n) {
        const char *nl = memchr(t + p, '\n', n - p);
        size_t le = nl ? (size_t)(nl - t) : n;
        size_t ts = p, te = le;
        while (ts < te && is_space(t[ts])) ts++;
        while (te > ts && is_space(t[te - 1])) te--;
        if (ts == te) {                                   /* blank line */
            if (have) break;
            p = le + 1;
            continue;
        }
        if (text_is_boilerplate(t + ts, te - ts) || !has_letter(t + ts, te - ts)) {
            if (have) break;                              /* next call skips it */
            p = le + 1;
            continue;
        }
        if (have && prev_terminal && starts_capital(t + ts, te - ts)) break;
        int heading = all_caps_line(t + ts, te - ts);
        if (have && prev_heading && !heading) break;      /* "BAHIA COCOA REVIEW\nShowers ..." */
        if (!have) { seg_start = ts; have = 1; }
        seg_end = te;
        prev_terminal = ends_terminal(t + ts, te - ts);
        prev_heading = heading;
        p = le + 1;
    }
    if (!have) { sp->pos = n; return 0; }
    sp->pos = seg_start;
    sp->seg_end = seg_end;
    sp->pending_break = 1;
    sp->para_start = 1;
    sp->paragraph++;
    return 1;
}

/* Length of an all-capitals word at t[i] (letters, '.', '-', '\''), else 0. */
static size_t caps_word(const char *t, size_t n, size_t i)
{
    size_t j = i;
    int letters = 0;
    while (j < n && !is_space(t[j]) && t[j] != ',' && t[j] != ':') {
        if (is_upper_ascii(t[j])) letters++;
        else if (is_lower_ascii(t[j])) return 0;
        else if ((unsigned char)t[j] >= 0x80) {
            int32_t cp;
            int w = text_decode(t + j, n - j, &cp);
            if (text_is_letter_cp(cp) && !text_is_upper_cp(cp)) return 0;
            letters++;
            j += (size_t)w;
            continue;
        } else if (t[j] != '.' && t[j] != '-' && t[j] != '\'') return 0;
        j++;
    }
    return letters >= 2 ? j - i : 0;
}

/* If a dateline starts at p, returns the offset where the story text begins;
 * else p. Accepted: an all-capitals place, optionally with more capitalised or
 * date words and an agency in brackets, then a spaced dash ("WASHINGTON (AP) -",
 * "MOSCOW, Jan 2 (Reuters) - ", "KYIV, Ukraine (AP) --"); an all-capitals place
 * and a colon ("NEW DELHI: "); or capitalised words with an agency in brackets
 * and no dash ("Washington (CNN)The ..."). */
static size_t skip_dateline(const char *t, size_t n, size_t p)
{
    size_t lim = p + 100 < n ? p + 100 : n;
    int first_caps = caps_word(t, lim, p) != 0;
    if (!first_caps && !upper_at(t, lim, p)) return p;
    size_t i = p;
    int words = 0, all_caps = 1, agency = 0;
    while (i < lim && words < 10) {
        size_t cw = caps_word(t, lim, i);
        if (cw) {
            i += cw;
        } else if (t[i] == '(') {                         /* (AP) (Reuters) (CNN) */
            const char *close = memchr(t + i, ')', lim - i);
            if (!close || close - (t + i) > 30 || !upper_at(t, lim, i + 1)) return p;
            i = (size_t)(close - t) + 1;
            agency = 1;
            if (i < lim && (upper_at(t, lim, i) || t[i] == '"')) return i;   /* (CNN)The */
        } else if (upper_at(t, lim, i) || is_digit(t[i])) {
            all_caps = 0;
            while (i < lim && !is_space(t[i]) && t[i] != ',' && t[i] != '(') i++;   /* Ukraine, Jan. 2 */
        } else {
            return p;
        }
        words++;
        if (i < lim && t[i] == ',') i++;
        /* the separator: a colon after an all-caps place, a spaced dash, or text after an agency */
        if (i < lim && t[i] == ':' && all_caps && first_caps) {
            size_t j = i + 1;
            while (j < lim && is_space(t[j])) j++;
            return (j < lim && upper_at(t, lim, j)) ? j : p;
        }
        size_t j = i;
        while (j < lim && is_space(t[j])) j++;
        if (j < lim && t[j] == '-' && j > i) {
            if (!first_caps && !agency) return p;
            size_t k = j;
            while (k < lim && t[k] == '-') k++;
            if (k < lim && is_space(t[k])) {
                while (k < lim && is_space(t[k])) k++;
                return (k < lim && (upper_at(t, lim, k) || t[k] == '"' || is_digit(t[k]))) ? k : p;
            }
            return p;
        }
        if (agency && j > i && j < lim && upper_at(t, lim, j) && t[i - 1] == ')') {
            /* "WASHINGTON (Reuters) The ...": an agency with no dash; the next word
             * must not be another capitalised dateline word followed by a dash */
            size_t k = j;
            while (k < lim && !is_space(t[k])) k++;
            if (!(k + 2 < lim && t[k + 1] == '-' )) return j;
        }
        if (j == i) return p;                             /* words must be space-separated */
        i = j;
    }
    return p;
}

/* The word after position i (skipping spaces and opening quotes/brackets). */
static void next_word(const char *t, size_t n, size_t i, size_t *ws, size_t *wl)
{
    while (i < n && (is_space(t[i]) || t[i] == '"' || t[i] == '\'' || t[i] == '(' || t[i] == '[')) i++;
    size_t j = i;
    if (n - i > 64) n = i + 64;
    while (j < n && !is_space(t[j]) && t[j] != ',' && t[j] != '.' && t[j] != ';' && t[j] != ':' &&
           t[j] != '?' && t[j] != '!' && t[j] != '"' && t[j] != ')')
        j++;
    *ws = i;
    *wl = j - i;
}

/* Is the '.', '?' or '!' at t[j] (paragraph text t[..end)) a sentence end?
 * Returns the offset just past the sentence (after closers), or 0. */
static size_t sentence_end_at(const char *t, size_t start, size_t end, size_t j)
{
    char c = t[j];
    size_t k = j + 1;
    int ellipsis = 0;
    if (c == '.') {
        while (k < end && t[k] == '.') k++;
        ellipsis = (k - j >= 2);
    } else {
        while (k < end && (t[k] == '?' || t[k] == '!')) k++;
    }
    /* the word before the stop */
    size_t ws = j;
    while (ws > start && !is_space(t[ws - 1])) ws--;
    while (ws < j && (t[ws] == '"' || t[ws] == '\'' || t[ws] == '(' || t[ws] == '[')) ws++;
    size_t wl = j - ws;

    if (c == '.' && !ellipsis && k < end && !is_space(t[k]) && !is_closer(t[k])) {
        /* no space after the full stop: "weeks.Biden" splits, "U.S.A", "3.5",
         * "example.com" do not */
        if (wl < 2 || !lower_at(t, end, j - 1)) return 0;
        if (!upper_at(t, end, k) || !lower_at(t, end, k + 1)) return 0;
        if (memchr(t + ws, '.', wl)) return 0;
        if (text_abbrev_class(t + ws, wl) != ABBR_NONE) return 0;
        return k;
    }
    size_t after = k;
    while (after < end && is_closer(t[after])) after++;
    int closed = after > k;
    if (after < end && !is_space(t[after])) {
        /* '."The' : a quote glued to the next sentence */
        if (!(closed && upper_at(t, end, after))) return 0;
    }
    /* look at most 256 bytes ahead so that junk cannot make this quadratic */
    size_t look = end - after > 256 ? after + 256 : end;
    size_t nws, nwl;
    next_word(t, look, after, &nws, &nwl);
    int at_end = nws >= look;
    if (!at_end && lower_at(t, end, nws)) return 0;       /* "... he said. and" / "Corp. units" */
    if (c == '.' && !ellipsis) {
        int cls = text_abbrev_class(t + ws, wl);
        if (cls == ABBR_TITLE && !closed) return 0;
        if (cls == ABBR_NUMBER && !closed && !at_end && is_digit(t[nws])) return 0;   /* No. 10 */
        int dotted = wl >= 2 && memchr(t + ws, '.', wl) != NULL;          /* U.S. e.g. */
        int initial = (wl == 1 && is_upper_ascii(t[ws]));
        if (!closed && !at_end && (cls == ABBR_ENDABLE || dotted || initial) &&
            !text_is_sentence_starter(t + nws, nwl))
            return 0;
    }
    if (ellipsis && !at_end && !upper_at(t, end, nws) && !closed) return 0;
    return after;
}

/* Safe cut for an over-long run t[p..lim): after the last clause mark or space
 * in its second half; at worst a UTF-8 character boundary. */
static size_t safe_cut(const char *t, size_t p, size_t lim)
{
    size_t half = p + (lim - p) / 2;
    for (size_t i = lim; i > half; i--)
        if ((t[i - 1] == ';' || t[i - 1] == ':' || t[i - 1] == ',') && is_space(t[i])) return i;
    for (size_t i = lim; i > half; i--)
        if (is_space(t[i - 1])) return i;
    size_t i = lim;
    while (i > p + 1 && ((unsigned char)t[i] & 0xC0) == 0x80) i--;
    return i;
}

/* Copies t[p..e) with whitespace runs collapsed to one space and the ends
 * trimmed. Returns the copy; *out_len its length. */
static char *copy_collapsed(const char *t, size_t p, size_t e, arena *a, size_t *out_len)
{
    char *d = util_arena_alloc(a, e - p + 1);
    size_t o = 0;
    int sp = 0;
    for (size_t i = p; i < e; i++) {
        char c = t[i];
        if ((unsigned char)c > ' ' && !sp) { d[o++] = c; continue; }   /* the common case */
        if (is_space(c)) { sp = 1; continue; }
        if (sp && o > 0) d[o++] = ' ';
        sp = 0;
        d[o++] = c;
    }
    d[o] = 0;
    *out_len = o;
    return d;
}

/* Document offset of byte `out` of copy_collapsed(t, p, e). */
static size_t doc_offset(const char *t, size_t p, size_t e, size_t out)
{
    size_t o = 0;
    int sp = 0;
    for (size_t i = p; i < e; i++) {
        if (is_space(t[i])) { sp = 1; continue; }
        if (sp && o > 0) { if (o == out) return i; o++; }
        sp = 0;
        if (o == out) return i;
        o++;
    }
    return e;
}

int text_splitter_next(splitter *sp, arena *a, const lemmatizer *lm, sentence *s)
{
    const char *t = sp->text;
    for (;;) {
        if (!sp->pending_break && !next_paragraph(sp)) return 0;
        size_t end = sp->seg_end, p = sp->pos;
        while (p < end && is_space(t[p])) p++;
        if (p >= end) { sp->pending_break = 0; sp->pos = end; continue; }
        if (sp->para_start && sp->next_index <= 3) p = skip_dateline(t, end, p);
        sp->para_start = 0;
        size_t lim = end - p > TEXT_MAX_SENTENCE_BYTES ? p + TEXT_MAX_SENTENCE_BYTES : end;
        size_t e = 0;
        for (size_t j = p; j < lim; j++) {
            if (!is_terminal(t[j])) continue;
            e = sentence_end_at(t, p, end, j);
            if (e) break;
            while (j + 1 < lim && is_terminal(t[j + 1])) j++;
        }
        if (!e) e = (lim == end) ? end : safe_cut(t, p, lim);
        if (e > end) e = end;
        size_t slen;
        char *stext = copy_collapsed(t, p, e, a, &slen);
        text_tokenize(stext, slen, a, lm, s);
        while (s->ntok > TEXT_MAX_SENTENCE_TOKENS) {
            /* cut after the last comma/semicolon in the second half, else at the limit;
             * repeated because a token at the new end may tokenize differently ("B." ->
             * "B" ".") */
            size_t cut = TEXT_MAX_SENTENCE_TOKENS - 1;
            for (size_t k = TEXT_MAX_SENTENCE_TOKENS - 1; k > TEXT_MAX_SENTENCE_TOKENS / 2; k--) {
                const char *w = s->tok[k - 1].text;
                if ((w[0] == ',' || w[0] == ';') && w[1] == 0) { cut = k; break; }
            }
            size_t cut_out = s->tok[cut - 1].off + s->tok[cut - 1].len;
            e = doc_offset(t, p, e, cut_out);
            stext = copy_collapsed(t, p, e, a, &slen);
            text_tokenize(stext, slen, a, lm, s);
        }
        sp->pos = e;
        if (e >= end) { sp->pending_break = 0; sp->pos = end; }
        if (!has_letter(stext, slen)) continue;           /* "--", "2.", stray quotes */
        if (slen <= 100 && text_is_boilerplate(stext, slen)) continue;   /* "... 1988. REUTER" */
        s->index = sp->next_index++;
        s->paragraph = sp->paragraph;
        return 1;
    }
}
