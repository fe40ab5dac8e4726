/*
 * wordlists.c — the word lists of the text stage, all in one place:
 * abbreviations that keep their full stop, the closed-class words that start
 * sentences, and the boilerplate patterns of scraped web pages.
 *
 * Why a static table and not a data file: the splitter has no handle to hold
 * loaded lists and must work with no data directory at all; the lists are
 * small and change only with the code that interprets them.
 *
 * Boilerplate patterns are globs ('*' matches any run of characters) matched
 * against a whole trimmed line (and a whole sentence: "... in 1988. REUTER"), case-insensitively, after trailing spaces,
 * full stops, colons and asterisks ("Name *") are removed. One mechanism for every case: add a line here.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"

static int lc(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }


static const char *const title_abbrevs[] = {
    /* titles and ranks: always followed by a name */
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr",
    "cdr", "adm", "sgt", "cpl", "pvt", "brig", "gov", "sen", "rep", "reps", "sens", "rev",
    "fr", "hon", "pres", "amb", "atty", "supt", "insp", "det", "lieut", "comdr", "msgr",
    "gens", "govs", "vs", "v", "cf", "viz",
};

static const char *const number_abbrevs[] = {
    "no", "nos", "art", "arts", "fig", "vol", "p", "pp", "para", "sec", "ch", "approx",
    "est", "ca", "ref", "tel", "ext", "op", "pt",
};

static const char *const endable_abbrevs[] = {
    /* months and days: "on Jan. 12" but also "in Sept. The ..." */
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    /* companies and suffixes that often end a sentence */
    "inc", "corp", "co", "ltd", "plc", "llc", "jr", "etc", "cos", "bhd", "ag", "sa",
    /* US states in AP style */
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla",
    "ore", "pa", "tenn", "va", "vt", "wash", "wis", "wyo",
    /* and the older forms that wire copy still uses (AP writes these states out) */
    "tex",
    /* units and other short forms */
    "mln", "bln", "pct", "dlrs", "yrs", "min", "max", "govt", "intl", "natl", "e.g", "i.e",
    "a.m", "p.m", "al", "sr", "st", "mt", "ft", "dept", "univ", "assn", "bros", "ave", "blvd",
    "rd",
};

/* Both abbreviation lists and the starters, sorted once for binary search. */
typedef struct word_class { const char *word; int cls; } word_class;

#define N_TITLE (sizeof title_abbrevs / sizeof *title_abbrevs)
#define N_ENDABLE (sizeof endable_abbrevs / sizeof *endable_abbrevs)
#define N_NUMBER (sizeof number_abbrevs / sizeof *number_abbrevs)
static word_class abbrev_sorted[N_TITLE + N_ENDABLE + N_NUMBER];
static size_t n_abbrev_sorted;

static int cmp_word_class(const void *a, const void *b)
{
    return strcmp(((const word_class *)a)->word, ((const word_class *)b)->word);
}

static const char *starters_sorted[128];
static size_t n_starters_sorted;
static void sort_starters(void);
static void index_boilerplate(void);

static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static void sort_lists(void)
{
    size_t k = 0;
    for (size_t i = 0; i < N_TITLE; i++) abbrev_sorted[k++] = (word_class){ title_abbrevs[i], ABBR_TITLE };
    for (size_t i = 0; i < N_ENDABLE; i++) abbrev_sorted[k++] = (word_class){ endable_abbrevs[i], ABBR_ENDABLE };
    for (size_t i = 0; i < N_NUMBER; i++) abbrev_sorted[k++] = (word_class){ number_abbrevs[i], ABBR_NUMBER };
    qsort(abbrev_sorted, k, sizeof *abbrev_sorted, cmp_word_class);
    /* duplicates: keep the first (a title listed twice is harmless) */
    size_t o = 0;
    for (size_t i = 0; i < k; i++)
        if (o == 0 || strcmp(abbrev_sorted[o - 1].word, abbrev_sorted[i].word) != 0)
            abbrev_sorted[o++] = abbrev_sorted[i];
    n_abbrev_sorted = o;
    sort_starters();
    index_boilerplate();
}

/* Lower-cases an ASCII word of at most cap-1 bytes into out; 0 if it does not fit. */
static int lower_word(const char *w, size_t len, char *out, size_t cap)
{
    if (len == 0 || len >= cap) return 0;
    for (size_t i = 0; i < len; i++) out[i] = (char)lc((unsigned char)w[i]);
    out[len] = 0;
    return 1;
}

int text_abbrev_class(const char *word, size_t len)
{
    char w[12];
    if (len > 8 || !lower_word(word, len, w, sizeof w)) return ABBR_NONE;
    pthread_once(&lists_once, sort_lists);
    size_t lo = 0, hi = n_abbrev_sorted;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(w, abbrev_sorted[mid].word);
        if (c == 0) return abbrev_sorted[mid].cls;
        if (c < 0) hi = mid; else lo = mid + 1;
    }
    return ABBR_NONE;
}

static const char *const starters[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its",
    "their", "our", "my", "this", "that", "these", "those", "there", "here", "but", "and",
    "or", "so", "yet", "in", "on", "at", "as", "for", "from", "by", "with", "after",
    "before", "when", "while", "if", "although", "though", "because", "since", "however",
    "meanwhile", "also", "some", "many", "most", "both", "all", "no", "not", "one", "two",
    "what", "who", "which", "where", "why", "how", "earlier", "later", "last", "next",
    "on", "under", "during", "according", "other", "such", "each", "officials", "it's",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void sort_starters(void)
{
    size_t n = sizeof starters / sizeof *starters;
    if (n > sizeof starters_sorted / sizeof *starters_sorted) abort();   /* table too small */
    memcpy(starters_sorted, starters, sizeof starters);
    qsort(starters_sorted, n, sizeof *starters_sorted, cmp_str);
    n_starters_sorted = n;
}

int text_is_sentence_starter(const char *word, size_t len)
{
    char w[12];
    if (len > 10 || !lower_word(word, len, w, sizeof w)) return 0;
    pthread_once(&lists_once, sort_lists);
    const char *key = w;
    return bsearch(&key, starters_sorted, n_starters_sorted, sizeof *starters_sorted, cmp_str) != NULL;
}

static const char *const boilerplate[] = {
    "source link", "source", "sources", "leave a reply", "leave a reply*cancel reply",
    "leave a comment", "leave a comment*", "post a comment", "add a comment", "comments",
    "no comments", "0 comments", "1 comment", "comments are closed*", "your email address will not be published*",
    "required fields are marked*", "save my name, email, and website in this browser*",
    "name", "email address", "your name", "your email", "website", "comment", "post comment", "submit comment", "submit",
    "related", "related posts", "related articles", "related stories", "related news",
    "related content", "related topics", "you may also like", "you might also like",
    "recommended", "recommended for you", "most popular", "most read",
    "trending", "trending now", "latest news", "top stories",
    "share this", "share this article", "share this story", "share this post", "share",
    "share on *", "share via *", "share article", "click to share on *", "click to email *",
    "click to print *", "click here to *", "tweet", "email", "print", "facebook", "twitter",
    "whatsapp", "linkedin", "pinterest", "reddit", "telegram", "print this page",
    "follow us on *", "follow us", "like this", "like loading*", "loading", "loading...",
    "copyright", "copyright 1*", "copyright 2*", "copyright (c)*", "copyright \xc2\xa9*",
    "copyright by *", "(c) *", "\xc2\xa9*", "* all rights reserved*", "all rights reserved*",
    "sign up for our newsletter*", "sign up to our newsletter*", "subscribe to our newsletter*",
    "subscribe now*", "subscribe today*", "subscribe", "newsletter", "sign up*newsletter*",
    "advertisement", "advertisements", "advert", "sponsored", "sponsored content",
    "story continues below advertisement", "scroll to continue*", "continue reading*",
    "read more", "read more:*", "read more at*", "read more about*", "read the full story*",
    "read full article*", "read next", "see also", "also read*", "also read", "watch:*",
    "post navigation", "previous post", "next post", "previous article", "next article",
    "previous", "next", "tags", "tags:*", "filed under*", "posted in*", "categories:*",
    "skip to content", "skip to main content", "menu", "search", "home", "back to top",
    "we use cookies*", "this website uses cookies*", "this site uses cookies*",
    "accept cookies", "accept all cookies", "cookie policy", "privacy policy",
    "terms of use", "terms of service", "terms and conditions", "contact us", "about us",
    "photo:*", "photo credit*", "image:*", "image source*", "image caption*", "getty images",
    "file photo", "(ap photo*", "(reuters*photo*", "video", "listen to this article*",
    "report an error*", "report a correction*", "editor's note:*", "disclaimer:*",
    /* wire sign-offs left at the end of a story */
    "reuter", "reuters", "(reuters)", "afp", "(afp)", "ap", "(ap)", "-30-", "# # #", "ends",
};

/* Glob match of text against a lower-case pattern with '*' wildcards. */
static int glob_ci(const char *pat, const char *t, size_t n)
{
    size_t ti = 0, star_t = 0;
    const char *star = NULL;
    while (ti < n) {
        if (*pat == '*') { star = ++pat; star_t = ti; continue; }
        if (*pat && (unsigned char)*pat == lc((unsigned char)t[ti])) { pat++; ti++; continue; }
        if (!star) return 0;
        pat = star;
        ti = ++star_t;
    }
    while (*pat == '*') pat++;
    return *pat == 0;
}

#define N_BOILERPLATE (sizeof boilerplate / sizeof *boilerplate)
/* The patterns by first byte (counting sort, built once with the word lists): a line
 * is tried against those that start with its first letter and those that start with
 * '*', not against all of them. */
static unsigned short bp_start[257], bp_by_first[N_BOILERPLATE];

static void index_boilerplate(void)
{
    for (size_t i = 0; i < N_BOILERPLATE; i++) bp_start[(unsigned char)boilerplate[i][0] + 1]++;
    for (int b = 0; b < 256; b++) bp_start[b + 1] += bp_start[b];
    unsigned short fill[256];
    memcpy(fill, bp_start, sizeof fill);
    for (size_t i = 0; i < N_BOILERPLATE; i++) bp_by_first[fill[(unsigned char)boilerplate[i][0]]++] = (unsigned short)i;
}

int text_is_boilerplate(const char *line, size_t len)
{
    if (len > TEXT_BOILERPLATE_MAX) return 0;
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '.' || line[len - 1] == ':' ||
                       line[len - 1] == '*' || line[len - 1] == '\t' || line[len - 1] == '|'))
        len--;
    while (len > 0 && (*line == ' ' || *line == '\t' || *line == '|')) { line++; len--; }
    if (len == 0) return 0;
    int first = lc((unsigned char)line[0]);
    pthread_once(&lists_once, sort_lists);
    for (int pass = 0; pass < 2; pass++) {
        int b = pass ? '*' : first;
        if (pass && first == '*') break;
        for (unsigned k = bp_start[b]; k < bp_start[b + 1]; k++)
            if (glob_ci(boilerplate[bp_by_first[k]], line, len)) return 1;
    }
    return 0;
}
