/*
 * places.c — geo_places(): the place mentions of one document, recognised on
 * src/text's sentences and tokens and resolved by resolve.c.
 *
 * Steps, each a function over one struct scan:
 *   1. normalise the text as src/text does, chunk by chunk, keeping a map from
 *      normalised offsets back to the bytes as given (norm_map, map_back);
 *   2. the dateline at the head of the story (find_dateline);
 *   3. per sentence: tokens placed in the normalised text (place_tokens), the
 *      longest gazetteer name at each capitalised token (match_at), accepted or
 *      not by the conventions below (judge), and the surnames the sentence names
 *      (note_persons);
 *   4. cities whose only evidence is a bare name drop out when the story uses
 *      that word as a person's name (drop_persons); resolution (resolve.c).
 *
 * Conventions (written ones, not per-name rules):
 *  - Names are proper nouns: the last word of a match is capitalised; inner
 *    lower-case words are the connectors of place names ("Bosnia and
 *    Herzegovina", "Rio de Janeiro").
 *  - A country, subdivision or continent by name is a place, a country's
 *    adjective or demonym a country-level place, unless the name is part of a
 *    longer proper name (a capitalised word before or after it that is no
 *    place and no place word: "Jordan Peterson", "Georgia Tech", "Air Canada")
 *    or follows a title ("President", "Mr.").
 *  - A city needs evidence: a locative preposition before it, a "City, State"
 *    qualifier, a place word after it ("the Donbas region"), a place of a
 *    list that is one ("in Paris and Lyon"), or being a large city (100,000
 *    people) or a capital named alone.
 *  - A capital followed by a verb of saying is its government ("Washington
 *    said"), not a place (metonymy, as CAMEO codes it).
 *  - A place may be qualified by its state or country ("Paris, Texas", "Glasgow,
 *    Ky.": a US state's abbreviation is a place only there) or located by
 *    another place ("Edmonton, south of Cairns", "a village, 30 km north of
 *    Kabul", "X, near Y"); resolution keeps it in that state or near that place.
 *    Two towns or counties a comma pairs qualify one another when one place of
 *    each name lies near one of the other ("Clacton, Essex").
 *    The commas of a list that ends in "and"/"or" qualify nothing ("Mexico,
 *    China, Japan and Brazil"), nor does a name that goes on ("Central Java").
 *  - One sense per story: a word the story uses as the last word of a
 *    person's name ("Barack Obama") is not a small town elsewhere in it.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo_int.h"
#include "text/text.h"
#include "text/text_internal.h"

#define MAX_NAME_TOKENS 6
#define BARE_CITY_POP 100000u

/* ---- word lists (lower case) ---- */

static const char *const locative[] = {
    "in", "at", "near", "from", "outside", "inside", "to", "into", "across", "around",
    "toward", "towards", "throughout", "via", "through", "between", "within", "beyond",
    "nearby", "off", "along", "opposite", "past", "over", "downtown", "northern", "southern",
    "eastern", "western", "central", "northeastern", "northwestern", "southeastern",
    "southwestern", "north", "south", "east", "west", NULL
};
static const char *const titles[] = {
    "president", "mr.", "mrs.", "ms.", "dr.", "gen.", "sen.", "rep.", "gov.", "lt.", "col.",
    "capt.", "sgt.", "prof.", "minister", "king", "queen", "prince", "princess", "pope",
    "sheikh", "chancellor", "premier", "senator", "governor", "mayor", "judge", "justice",
    "secretary", "ambassador", "general", "lord", "lady", "sir", "saint", "st.", "coach",
    "officer", "detective", "director", "chief", "spokesman", "spokeswoman", "leader", NULL
};
/* Words that name a kind of place after a name ("the Donbas region"). */
static const char *const place_words[] = {
    "region", "province", "oblast", "state", "city", "county", "district", "area",
    "governorate", "prefecture", "territory", "valley", "town", "village", "municipality",
    "metropolitan", "borough", "township", "peninsula", "island", "islands", NULL
};
/* Lower-case words inside place names. */
static const char *const connectors[] = {
    "de", "del", "la", "le", "el", "al", "of", "and", "upon", "on", "am", "an", "der", "di",
    "da", "do", "dos", "das", "du", "des", "sur", "en", "y", "the", "les", "los", NULL
};
/* Capitalised function words that begin sentences and end no name. */
static const char *const stopwords[] = {
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "it", "he", "she", "they", "we",
    "i", "this", "that", "these", "those", "his", "her", "their", "its", "our", "after",
    "before", "as", "if", "when", "while", "for", "with", "from", "by", "to", "of", "there",
    "some", "many", "more", "most", "all", "no", "not", "so", "then", "since", "during",
    "what", "who", "where", "why", "how", "however", "meanwhile", "also", "yet", NULL
};
/* Verbs of saying and deciding: a capital before them speaks for its state. */
static const char *const speech_verbs[] = {
    "said", "says", "announced", "warned", "accused", "denied", "insisted", "rejected",
    "demanded", "urged", "responded", "claimed", "threatened", "condemned", "stated",
    "declared", "welcomed", "criticized", "criticised", "wants", "has", "had", "is", "will",
    "would", "should", "must", "believes", "argues", "argued", NULL
};

/* Directions and units of "30 km north of Kabul". */
static const char *const directions[] = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north-east", "north-west", "south-east", "south-west", NULL
};
static const char *const units[] = {
    "km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "mi", "mi.", NULL
};

/* Dates are not places ("in March", "on Monday"). */
static const char *const date_words[] = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
    "sep.", "sept.", "oct.", "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", NULL
};

/* Words some subdivisions are named by ("Western", "Central", "Coast") that
 * news uses as plain words: a place only with a qualifier or a place word. */
static const char *const generic_words[] = {
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
    "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
    "south-east", "south-west", "centre", "center", "capital", "coast", "coastal", "lakes",
    "islands", "upper", "lower", "highlands", "plateau", "littoral", "interior", "federal",
    "national", "middle", "greater", NULL
};

/* The lists as sorted hashes of their words (token.hash is hash_str(lower)), made
 * once per process: a token is checked with one binary search, no strcmp. */
enum { W_LOCATIVE, W_TITLES, W_PLACE, W_CONNECTORS, W_STOP, W_SPEECH, W_DATE, W_GENERIC, W_DIRECTION, W_UNIT, W_N };
#define W_MAX 128
static const char *const *const word_lists[W_N] = {
    locative, titles, place_words, connectors, stopwords, speech_verbs, date_words, generic_words, directions, units
};
static uint64_t word_sets[W_N][W_MAX];
static size_t word_n[W_N];
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static int cmp_h(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void build_word_sets(void)
{
    for (int w = 0; w < W_N; w++) {
        size_t n = 0;
        for (const char *const *l = word_lists[w]; *l && n < W_MAX; l++) word_sets[w][n++] = hash_str(*l);
        qsort(word_sets[w], n, sizeof(uint64_t), cmp_h);
        word_n[w] = n;
    }
}

static int in_list(int w, const token *t)
{
    pthread_once(&words_once, build_word_sets);
    return bsearch(&t->hash, word_sets[w], word_n[w], sizeof(uint64_t), cmp_h) != NULL;
}

/* ---- the scan of one document ---- */

typedef struct offentry { size_t orig, norm, olen, nlen; } offentry;

typedef struct scan {
    const geo_gazetteer *g;
    arena *a;
    buf norm;                /* normalised text */
    buf map;                 /* offentry[]: chunks whose length changed */
    buf cands;               /* geo_cand[] */
    buf persons;             /* uint64_t[]: hashes of words used as surnames */
    buf single;              /* uint64_t[] per candidate: hash of a bare one-word city, or 0 */
    buf nexth;               /* uint64_t[] per candidate: the name word right after it, or 0 */
    buf alone;               /* uint64_t[]: capitalised words standing alone ("Peterson said") */
    const char *base;        /* the text tokens are placed in: norm, or one sentence */
    size_t base_len;
    size_t cursor;           /* where the next token is searched in base */
    int dateline;
} scan;

#define NCANDS(sc) ((sc)->cands.len / sizeof(geo_cand))
#define CANDS(sc) ((geo_cand *)(sc)->cands.data)

/* Step 1: normalise chunk by chunk (an ASCII byte never composes with what
 * precedes it, so cutting before each ASCII byte gives text_normalize's
 * result) and record the chunks whose length changes. */
static void norm_map(scan *sc, const char *in, size_t n)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] < 0x80 && s[j] != '\r' && !(j + 1 < n && s[j + 1] >= 0x80)) j++;
        if (j > i) text_normalize(in + i, j - i, &sc->norm);
        i = j;
        if (i >= n) break;
        size_t k = i + 1;
        if (s[i] == '\r') { if (k < n && s[k] == '\n') k++; }
        else while (k < n && s[k] >= 0x80) k++;
        size_t ns = sc->norm.len;
        text_normalize(in + i, k - i, &sc->norm);
        if (sc->norm.len - ns != k - i) {
            offentry e = { i, ns, k - i, sc->norm.len - ns };
            util_buf_add(&sc->map, &e, sizeof e);
        }
        i = k;
    }
}

/* Offset in the text as given of normalised offset x (end: x ends a span). */
static size_t map_back(const scan *sc, size_t x, int end)
{
    const offentry *e = (const offentry *)sc->map.data;
    size_t lo = 0, hi = sc->map.len / sizeof *e;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (e[m].norm <= x) lo = m + 1; else hi = m;
    }
    if (lo == 0) return x;
    const offentry *p = &e[lo - 1];
    if (x < p->norm + p->nlen) return (end && x > p->norm) ? p->orig + p->olen : p->orig;
    return p->orig + p->olen + (x - p->norm - p->nlen);
}

static geo_cand *add_cand(scan *sc, size_t ns, size_t ne, size_t lo, size_t hi, int sentence, int cue)
{
    geo_cand c;
    memset(&c, 0, sizeof c);
    c.nstart = ns;
    c.nend = ne;
    c.lo = lo;
    c.hi = hi;
    c.sentence = sentence;
    c.cue = cue;
    c.qlo = c.qhi = 0;
    c.qrel = 0;
    util_buf_add(&sc->cands, &c, sizeof c);
    uint64_t z = 0;
    util_buf_add(&sc->single, &z, sizeof z);
    util_buf_add(&sc->nexth, &z, sizeof z);
    return &CANDS(sc)[NCANDS(sc) - 1];
}

/* What kinds of place a run of names offers. */
typedef struct cls {
    int country, adj, abbr, adm1, cont, city, seat, capital;
    int state_abbr;         /* a US state's abbreviation ("Ky.", "Calif."): a qualifier only */
    uint32_t city_pop;      /* largest city of that name */
    uint32_t own_pop;       /* largest city whose own name it is (not an alternate) */
} cls;

static cls classify(const geo_gazetteer *g, size_t lo, size_t hi)
{
    cls c;
    memset(&c, 0, sizeof c);
    for (size_t i = lo; i < hi; i++) {
        const geo_name *nm = &g->name[i];
        const geo_rec *r = &g->rec[nm->rec];
        switch (r->kind) {
        case GEO_K_COUNTRY:
            if (nm->flags & GEO_N_ADJ) c.adj = 1;
            else if (nm->flags & GEO_N_ABBR) c.abbr = 1;
            else c.country = 1;
            break;
        case GEO_K_ADM1: case GEO_K_ADM2:
            if (nm->flags & GEO_N_ABBR) c.state_abbr = 1;
            else c.adm1 = 1;
            break;
        case GEO_K_CONT: c.cont = 1; break;
        default:
            c.city = 1;
            if (r->population > c.city_pop) c.city_pop = r->population;
            if ((nm->flags & GEO_N_PRIMARY) && r->population > c.own_pop) c.own_pop = r->population;
            if (r->fcode == GEO_F_PPLC) c.capital = 1;
            if (r->fcode >= GEO_F_PPLA) c.seat = 1;
        }
    }
    return c;
}

/* Hash of a run of folded words in a line of text (datelines). */
static uint64_t hash_words(scan *sc, const char *s, size_t n)
{
    uint64_t h = GEO_HASH_INIT;
    size_t i = 0;
    int first = 1;
    while (i < n) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (j == i) break;
        size_t fl;
        const char *f = text_fold(s + i, j - i, sc->a, &fl);
        if (!first) h = geo_hash_space(h);
        h = geo_hash_add(h, f);
        first = 0;
        i = j;
    }
    return h;
}

/* Step 2: "KYIV, Ukraine (AP) -", "ALGIERS, Oct. 27 (Xinhua) --", "EDMONTON -" at
 * the head of one of the first paragraphs. */
static void find_dateline(scan *sc)
{
    const char *t = sc->norm.data;
    size_t n = sc->norm.len, p = 0;
    for (int para = 0; para < 3 && p < n; para++) {
        while (p < n && (t[p] == ' ' || t[p] == '\n')) p++;
        size_t q = p;
        while (q < n && ((t[q] >= 'A' && t[q] <= 'Z') || ((unsigned char)t[q] >= 0x80) ||
                         ((t[q] == ' ' || t[q] == '.' || t[q] == '-' || t[q] == '\'') && q > p))) {
            if (t[q] == ' ' && q + 1 < n && t[q + 1] == '-') break;   /* "SEATTLE -- Amazon": the dash ends it */
            q++;
        }
        size_t e = q;
        while (e > p && (t[e - 1] == ' ' || t[e - 1] == '-')) e--;
        size_t eol = q;
        while (eol < n && t[eol] != '\n') eol++;
        int cue = e - p >= 3 && q < n && (t[q] == ',' || t[q] == '(' || t[q] == ':' || t[q - 1] == '-' || t[q] == '-' ||
                                          (t[q] == ' ' && q + 1 < n && t[q + 1] == '-'));
        if (cue) {
            size_t lim = q + 80 < eol ? q + 80 : eol;
            int dash = 0;
            for (size_t k = q; k < lim; k++)
                if ((t[k] == '-' && k + 1 < n && (t[k + 1] == ' ' || t[k + 1] == '-')) || t[k] == ':' || t[k] == ')') dash = 1;
            size_t lo, hi;
            geo_lookup(sc->g, hash_words(sc, t + p, e - p), &lo, &hi);
            if (dash && lo < hi) {
                sc->dateline = (int)NCANDS(sc);
                geo_cand *c = add_cand(sc, p, e, lo, hi, 0, GEO_CUE_DATELINE);
                if (t[q] == ',') {    /* "KYIV, Ukraine (AP)": the qualifier */
                    size_t r = q + 1;
                    while (r < lim && t[r] == ' ') r++;
                    size_t s2 = r;
                    while (r < lim && t[r] != '(' && t[r] != ',' && !(t[r] == '-' && t[r - 1] == ' ') && t[r] != ':') r++;
                    while (r > s2 && t[r - 1] == ' ') r--;
                    size_t qlo, qhi;
                    geo_lookup(sc->g, hash_words(sc, t + s2, r - s2), &qlo, &qhi);
                    if (qlo < qhi && r > s2) {
                        c->qlo = qlo;
                        c->qhi = qhi;
                        add_cand(sc, s2, r, qlo, qhi, 0, GEO_CUE_NAME);
                    }
                }
                return;
            }
        }
        p = eol;
    }
}

/* Step 3a: the normalised offset of each token of s. */
static size_t *place_tokens(scan *sc, const sentence *s)
{
    size_t *off = util_arena_alloc(sc->a, (s->ntok + 1) * sizeof *off);
    for (size_t i = 0; i < s->ntok; i++) {
        const token *t = &s->tok[i];
        size_t tl = strlen(t->text);
        const char *f = tl ? memmem(sc->base + sc->cursor, sc->base_len - sc->cursor, t->text, tl) : NULL;
        if (f) {
            off[i] = (size_t)(f - sc->base);
            sc->cursor = off[i] + tl;
        } else {
            off[i] = SIZE_MAX;   /* cannot happen for src/text's tokens; skipped */
        }
    }
    return off;
}

static int is_capword(const token *t)
{
    return (t->flags & TOK_CAP) && !(t->flags & (TOK_PUNCT | TOK_NUM)) && !in_list(W_STOP, t);
}

/* Does a capitalised word that names something else stand next to the match? */
static int is_name_word(const token *t)
{
    if (!is_capword(t) || (t->flags & TOK_POSS)) return 0;
    return !in_list(W_PLACE, t) && !in_list(W_TITLES, t);
}

/* Longest name starting at token i: its length in tokens (0: none). */
static size_t match_at(const scan *sc, const sentence *s, size_t i, size_t *lo, size_t *hi)
{
    uint64_t h = GEO_HASH_INIT;
    size_t best = 0;
    for (size_t n = 1; n <= MAX_NAME_TOKENS && i + n <= s->ntok; n++) {
        const token *t = &s->tok[i + n - 1];
        if (n > 1) {
            if ((t->flags & TOK_PUNCT) && !(t->flags & TOK_POSS)) break;
            if (!(t->flags & (TOK_CAP | TOK_POSS)) && !in_list(W_CONNECTORS, t)) break;
            h = geo_hash_space(h);
        }
        h = geo_hash_add(h, t->lower);
        if (!geo_maybe_prefix(sc->g, h)) break;   /* no name begins with these words */
        if (!(t->flags & TOK_CAP)) continue;
        size_t l, r;
        geo_lookup(sc->g, h, &l, &r);
        if (l < r) { best = n; *lo = l; *hi = r; }
    }
    return best;
}

/* Does a list of places that ends in "and"/"or" go on at token k ("Mexico, China,
 * Japan and Brazil", "Washington, Pennsylvania and California")? Then the commas
 * separate its items and qualify none of them. */
static int enumeration_at(const scan *sc, const sentence *s, size_t k)
{
    for (int items = 0; items < 8 && k + 1 < s->ntok; items++) {
        const token *t = &s->tok[k];
        if (!strcmp(t->lower, "and") || !strcmp(t->lower, "or")) return (s->tok[k + 1].flags & TOK_CAP) != 0;
        size_t lo, hi, n;
        if (strcmp(t->text, ",") || !(s->tok[k + 1].flags & TOK_CAP) || !(n = match_at(sc, s, k + 1, &lo, &hi)))
            return 0;
        k += 1 + n;
    }
    return 0;
}

#define PAIR_KM 100.0   /* "Clacton, Essex": two places this close qualify one another */

/* Is one of the places named [alo, ahi) within PAIR_KM of one of [blo, bhi)? */
static int near_pair(const geo_gazetteer *g, size_t alo, size_t ahi, size_t blo, size_t bhi)
{
    for (size_t i = alo; i < ahi; i++) {
        const geo_rec *a = &g->rec[g->name[i].rec];
        if (a->kind != GEO_K_CITY && a->kind != GEO_K_ADM2) continue;
        for (size_t k = blo; k < bhi; k++) {
            const geo_rec *b = &g->rec[g->name[k].rec];
            if (b == a || (b->kind != GEO_K_CITY && b->kind != GEO_K_ADM2)) continue;
            double dlat = a->lat - b->lat, dlon = a->lon - b->lon;
            if (dlon > 180) dlon -= 360;
            if (dlon < -180) dlon += 360;
            dlon *= cos((a->lat + b->lat) * (3.14159265358979 / 360.0));
            if (111.2 * sqrt(dlat * dlat + dlon * dlon) <= PAIR_KM) return 1;
        }
    }
    return 0;
}

/* A ", Qualifier" after the match [lo, hi) at token j: its names, or 0 (also when
 * the comma is one of a list's: enumeration_at). A state or country qualifies by
 * containing the place; a town or county ("Clacton, Essex") only when some place of
 * each name lies near one of the other (*pair set: resolution keeps them near). */
static int qualifier(const scan *sc, const sentence *s, size_t j, size_t mlo, size_t mhi, size_t *qlo, size_t *qhi,
                     int *pair)
{
    if (j + 1 >= s->ntok || strcmp(s->tok[j].text, ",") || !(s->tok[j + 1].flags & TOK_CAP)) return 0;
    size_t lo, hi, n = match_at(sc, s, j + 1, &lo, &hi);
    if (!n) return 0;
    cls c = classify(sc->g, lo, hi);
    *pair = 0;
    if (!(c.adm1 || c.country || c.abbr || c.state_abbr)) {
        if (!c.city || !near_pair(sc->g, mlo, mhi, lo, hi)) return 0;
        *pair = 1;
    }
    if (enumeration_at(sc, s, j + 1 + n)) return 0;
    if (j + 1 + n < s->ntok && is_name_word(&s->tok[j + 1 + n])) return 0;   /* "Sukoharjo, Central Java" */
    *qlo = lo;
    *qhi = hi;
    return 1;
}

/* "Edmonton, south of Cairns", "Yarrabah, near Cairns", "a village, 30 km north of
 * Kabul": a place located by another one after the match at token j; the other
 * place's names, or 0. Resolution keeps the match near it. */
static int relative_qualifier(const scan *sc, const sentence *s, size_t j, size_t *qlo, size_t *qhi)
{
    if (j + 2 >= s->ntok || strcmp(s->tok[j].text, ",")) return 0;
    size_t k = j + 1;
    if (s->tok[k].flags & TOK_NUM) {          /* "30 km", "20 miles" */
        if (k + 1 >= s->ntok || !in_list(W_UNIT, &s->tok[k + 1])) return 0;
        k += 2;
    }
    if (k < s->ntok && !strcmp(s->tok[k].lower, "near")) k++;
    else if (k + 1 < s->ntok && in_list(W_DIRECTION, &s->tok[k]) && !strcmp(s->tok[k + 1].lower, "of")) k += 2;
    else return 0;
    if (k >= s->ntok || !(s->tok[k].flags & TOK_CAP)) return 0;
    size_t lo, hi;
    if (!match_at(sc, s, k, &lo, &hi)) return 0;
    *qlo = lo;
    *qhi = hi;
    return 1;
}

/* Step 3b: the conventions of the file comment; the cue, or -1 for no place. */
typedef struct judge_in {
    const sentence *s;
    size_t i, j;            /* tokens [i, j) */
    cls c;
    int after_place;        /* the previous place ends right before "and"/"or"/"," here */
    int qualified;
    uint64_t nexth;         /* out: the name word after it, when that decides (see drop_persons) */
} judge_in;

static uint64_t word_hash(const char *lower, size_t n)
{
    uint64_t h = GEO_HASH_INIT;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)lower[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* "Americans", "Turks": people, not places -- a demonym whose singular is one too. */
static int plural_demonym(const geo_gazetteer *g, const token *t)
{
    size_t n = strlen(t->lower), lo, hi;
    if (n < 4 || t->lower[n - 1] != 's') return 0;
    geo_lookup(g, word_hash(t->lower, n - 1), &lo, &hi);
    return classify(g, lo, hi).adj;
}

static int judge(const scan *sc, judge_in *in)
{
    const token *tok = in->s->tok;
    const token *prev = in->i > 0 ? &tok[in->i - 1] : NULL;
    const token *next = in->j < in->s->ntok ? &tok[in->j] : NULL;
    const token *first = &tok[in->i];
    if (in->c.adj && !in->c.country && !in->c.adm1 && !in->c.city)
        return in->j == in->i + 1 && plural_demonym(sc->g, first) ? -1 : GEO_CUE_ADJ;
    if (in->c.state_abbr && !in->c.country && !in->c.adm1 && !in->c.city && !in->c.adj)
        return in->after_place && !strcmp(prev->lower, ",") ? GEO_CUE_NAME : -1;   /* "Glasgow, Ky." */
    if (prev && in_list(W_TITLES, prev)) return -1;
    if (in->c.abbr && !in->c.country && !in->c.adm1 && !in->c.city)
        return (first->flags & TOK_ALLCAPS) || strchr(first->text, '.') ? GEO_CUE_NAME : -1;
    int major = in->c.country || in->c.adm1 || in->c.cont || in->c.city_pop >= BARE_CITY_POP;
    int prev_name = prev && is_name_word(prev) && !(prev->flags & TOK_ALLCAPS && !(first->flags & TOK_ALLCAPS)) &&
                    !(major && (prev->flags & TOK_FIRST));
    int next_name = next && is_name_word(next);
    if (in->c.adj) return GEO_CUE_ADJ;
    if (prev_name) return -1;
    /* "Texas A&M", "Edmonton Police": a major place names what follows it; "Jordan
     * Peterson" is told apart later, when "Peterson" stands alone in the story */
    if (next_name && !major) return -1;
    if (next_name) in->nexth = next->hash ? word_hash(next->lower, strlen(next->lower)) : 0;
    if (in->j == in->i + 1 && in_list(W_GENERIC, first) && !in->qualified &&
        !(next && in_list(W_PLACE, next)))
        return -1;
    int prep = prev && in_list(W_LOCATIVE, prev);
    if (!prep && prev && !strcmp(prev->lower, "of") && in->i >= 2 && !(tok[in->i - 2].flags & TOK_CAP)) prep = 1;
    int type = next && in_list(W_PLACE, next);
    int cue = in->qualified ? GEO_CUE_QUALIFIED : type ? GEO_CUE_TYPE : (prep || in->after_place) ? GEO_CUE_PREP : GEO_CUE_NAME;
    if (in->c.capital && !in->c.country && next && in_list(W_SPEECH, next)) return -1;
    if (in->c.country || in->c.adm1 || in->c.cont) return cue;
    if (cue != GEO_CUE_NAME) return cue;
    if (in->c.own_pop >= BARE_CITY_POP || in->c.capital) return cue;
    return -1;
}

/* Step 3c: the last word of every run of two or more capitalised words that is
 * no place ("Andrei Karlov" -> "karlov") and every word after a title. */
static void note_persons(scan *sc, const sentence *s)
{
    size_t i = 0;
    while (i < s->ntok) {
        if (!is_capword(&s->tok[i])) { i++; continue; }
        size_t j = i;
        while (j < s->ntok && is_capword(&s->tok[j]) && !(s->tok[j].flags & TOK_ALLCAPS)) j++;
        int titled = i > 0 && in_list(W_TITLES, &s->tok[i - 1]);
        if (j > i && (j - i >= 2 || titled)) {
            const token *last = &s->tok[j - 1];
            size_t lo, hi, whole = match_at(sc, s, i, &lo, &hi);
            int place_run = whole == j - i;
            size_t llo, lhi;
            geo_lookup(sc->g, geo_hash_add(GEO_HASH_INIT, last->lower), &llo, &lhi);
            cls c = classify(sc->g, llo, lhi);
            if (!place_run && !c.country && !c.adm1 && !c.adj && !c.cont && c.city_pop < BARE_CITY_POP &&
                !in_list(W_PLACE, last)) {
                uint64_t h = geo_hash_add(GEO_HASH_INIT, last->lower);
                util_buf_add(&sc->persons, &h, sizeof h);
            }
        }
        i = j > i ? j : i + 1;
    }
}

/* "Russia-Turkey ties", "U.S.-led", "Canada-wide": the parts of a hyphenated
 * word that are countries, their adjectives, subdivisions or major cities. */
static void hyphen_parts(scan *sc, const sentence *s, size_t i, size_t off)
{
    const token *t = &s->tok[i];
    size_t n = strlen(t->lower);
    if (n != strlen(t->text)) return;   /* folding changed lengths: offsets unknown */
    size_t p = 0;
    while (p < n) {
        size_t q = p;
        while (q < n && t->lower[q] != '-') q++;
        if (q - p >= 2 && t->text[p] >= 'A' && t->text[p] <= 'Z') {
            size_t lo, hi;
            geo_lookup(sc->g, word_hash(t->lower + p, q - p), &lo, &hi);
            cls c = classify(sc->g, lo, hi);
            int abbr_ok = c.abbr && (t->text[p + 1] == '.' || (t->text[p + 1] >= 'A' && t->text[p + 1] <= 'Z'));
            if (lo < hi && (c.country || c.adj || c.adm1 || abbr_ok || c.city_pop >= BARE_CITY_POP))
                add_cand(sc, off + p, off + q, lo, hi, s->index, c.adj && !c.country ? GEO_CUE_ADJ : GEO_CUE_NAME);
        }
        p = q + 1;
    }
}

/* Capitalised words standing alone inside a sentence: how a story names a
 * person it introduced before ("Peterson said"). */
static void note_alone(scan *sc, const sentence *s)
{
    for (size_t k = 0; k < s->ntok; k++) {
        const token *t = &s->tok[k];
        if (!is_capword(t) || (t->flags & TOK_ALLCAPS) || (k > 0 && is_capword(&s->tok[k - 1]))) continue;
        if (k + 1 < s->ntok && is_capword(&s->tok[k + 1])) continue;
        uint64_t h = word_hash(t->lower, strlen(t->lower));
        util_buf_add(&sc->alone, &h, sizeof h);
    }
}

/* Step 3: one sentence. */
static void scan_sentence(scan *sc, const sentence *s)
{
    size_t *off = place_tokens(sc, s);
    size_t last_place_end = SIZE_MAX;   /* token index after the last accepted place */
    size_t pair_at = SIZE_MAX, pair_lo = 0, pair_hi = 0;   /* where a "Clacton, Essex" pair's second is, and the first's names */
    for (size_t i = 0; i < s->ntok; i++) {
        const token *t = &s->tok[i];
        if (!(t->flags & TOK_CAP) || (t->flags & (TOK_PUNCT | TOK_NUM)) || off[i] == SIZE_MAX) continue;
        if (in_list(W_STOP, t) || in_list(W_DATE, t)) continue;
        size_t lo, hi, n = match_at(sc, s, i, &lo, &hi);
        if (!n) {
            if (strchr(t->lower, '-')) hyphen_parts(sc, s, i, off[i]);
            continue;
        }
        judge_in in = { s, i, i + n, classify(sc->g, lo, hi), 0, 0, 0 };
        in.after_place = last_place_end != SIZE_MAX && i == last_place_end + 1 &&
                         (!strcmp(s->tok[i - 1].lower, "and") || !strcmp(s->tok[i - 1].lower, "or") ||
                          !strcmp(s->tok[i - 1].lower, ","));
        size_t qlo = 0, qhi = 0;
        int rel = 0, pair = 0;
        in.qualified = qualifier(sc, s, i + n, lo, hi, &qlo, &qhi, &pair) ||
                       (rel = relative_qualifier(sc, s, i + n, &qlo, &qhi));
        if (pair_at == i) in.qualified = 1;   /* the second of a "Clacton, Essex" pair */
        int cue = judge(sc, &in);
        if (cue >= 0 && off[i + n - 1] != SIZE_MAX) {
            const token *e = &s->tok[i + n - 1];
            geo_cand *c = add_cand(sc, off[i], off[i + n - 1] + strlen(e->text), lo, hi, s->index, cue);
            c->qlo = qlo;
            c->qhi = qhi;
            c->qrel = rel || pair;
            if (pair_at == i) {   /* located by the first, as the first by it */
                c->qlo = pair_lo;
                c->qhi = pair_hi;
                c->qrel = 1;
            }
            if (pair) {
                pair_at = i + n + 1;
                pair_lo = lo;
                pair_hi = hi;
            }
            ((uint64_t *)sc->nexth.data)[NCANDS(sc) - 1] = in.nexth;
            if (n == 1 && !in.c.country && !in.c.adm1 && !in.c.adj && !in.c.cont && !in.c.abbr &&
                cue != GEO_CUE_QUALIFIED && cue != GEO_CUE_TYPE)
                ((uint64_t *)sc->single.data)[NCANDS(sc) - 1] = geo_hash_add(GEO_HASH_INIT, t->lower);
            last_place_end = i + n;
        }
        i += n - 1;
    }
    note_persons(sc, s);
    note_alone(sc, s);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int has_u64(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        if (v[m] < h) lo = m + 1; else hi = m;
    }
    return lo < n && v[lo] == h;
}

/* Step 4: one sense per story. */
static void drop_persons(scan *sc)
{
    const uint64_t *p = (const uint64_t *)sc->persons.data, *one = (const uint64_t *)sc->single.data;
    const uint64_t *al = (const uint64_t *)sc->alone.data, *nx = (const uint64_t *)sc->nexth.data;
    size_t np = sc->persons.len / sizeof *p, nal = sc->alone.len / sizeof *al, n = NCANDS(sc), k = 0;
    geo_cand *c = CANDS(sc);
    if (np) qsort(sc->persons.data, np, sizeof *p, cmp_u64);
    if (nal) qsort(sc->alone.data, nal, sizeof *al, cmp_u64);
    for (size_t i = 0; i < n; i++) {
        int person = (one[i] && has_u64(p, np, one[i])) || (nx[i] && has_u64(al, nal, nx[i]));
        if (person) {
            if (sc->dateline == (int)i) sc->dateline = -1;
            continue;
        }
        if (sc->dateline == (int)i) sc->dateline = (int)k;
        c[k++] = c[i];
    }
    sc->cands.len = k * sizeof(geo_cand);
}

static void scan_init(scan *sc, const geo_gazetteer *g, arena *a)
{
    memset(sc, 0, sizeof *sc);
    sc->g = g;
    sc->a = a;
    sc->dateline = -1;
    util_buf_init(&sc->norm);
    util_buf_init(&sc->map);
    util_buf_init(&sc->cands);
    util_buf_init(&sc->persons);
    util_buf_init(&sc->single);
    util_buf_init(&sc->nexth);
    util_buf_init(&sc->alone);
}

static void scan_free(scan *sc)
{
    util_buf_free(&sc->norm);
    util_buf_free(&sc->map);
    util_buf_free(&sc->cands);
    util_buf_free(&sc->persons);
    util_buf_free(&sc->single);
    util_buf_free(&sc->nexth);
    util_buf_free(&sc->alone);
}

/* Step 4 and out: resolution, and the mentions in the caller's arena. */
static void finish(scan *sc, geo_result *out)
{
    drop_persons(sc);
    size_t n = NCANDS(sc);
    geo_resolve(sc->g, CANDS(sc), n, sc->dateline);
    out->m = util_arena_alloc(sc->a, (n ? n : 1) * sizeof *out->m);
    out->n = n;
    out->dateline = sc->dateline;
    for (size_t i = 0; i < n; i++) {
        const geo_cand *c = &CANDS(sc)[i];
        out->m[i].start = map_back(sc, c->nstart, 0);
        out->m[i].end = map_back(sc, c->nend, 1);
        out->m[i].sentence = c->sentence;
        out->m[i].place = c->place;
        out->m[i].cue = c->cue;
    }
}

#define HEAD_BYTES 2048   /* a dateline is in the first lines of a story */

/* ---- a document given sentence by sentence (geo.h: geo_scan) ---- */

struct geo_scan {
    scan sc;
    const char *text;        /* the document as given, for its head */
    size_t len;
    int head;                /* the head (dateline) has been read */
};

geo_scan *geo_scan_new(const geo_gazetteer *g)
{
    geo_scan *gs = util_xcalloc(1, sizeof *gs);
    scan_init(&gs->sc, g, NULL);
    return gs;
}

void geo_scan_free(geo_scan *gs)
{
    if (!gs) return;
    scan_free(&gs->sc);
    free(gs);
}

void geo_scan_begin(geo_scan *gs, const char *text, size_t len, arena *a)
{
    scan *sc = &gs->sc;
    buf *bufs[] = {&sc->norm, &sc->map, &sc->cands, &sc->persons, &sc->single, &sc->nexth, &sc->alone};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) util_buf_clear(bufs[i]);
    sc->a = a;
    sc->dateline = -1;
    sc->base = NULL;
    sc->base_len = sc->cursor = 0;
    gs->text = text;
    gs->len = len;
    gs->head = 0;
}

/* Step 2 on the first lines of the document, once. */
static void scan_head(geo_scan *gs)
{
    if (gs->head) return;
    gs->head = 1;
    norm_map(&gs->sc, gs->text, gs->len < HEAD_BYTES ? gs->len : HEAD_BYTES);
    find_dateline(&gs->sc);
}

void geo_scan_sentence(geo_scan *gs, const sentence *s)
{
    scan_head(gs);
    gs->sc.base = s->text;
    gs->sc.base_len = s->len;
    gs->sc.cursor = 0;
    scan_sentence(&gs->sc, s);
}

void geo_scan_finish(geo_scan *gs, geo_result *out)
{
    scan_head(gs);
    finish(&gs->sc, out);
    for (size_t i = 0; i < out->n; i++)   /* offsets: only the dateline's are into the text */
        if (out->m[i].sentence) out->m[i].start = out->m[i].end = 0;
}

void geo_places_in(const geo_gazetteer *g, const char *text, size_t len, const geo_sentence *ss, size_t n,
                   arena *a, geo_result *out)
{
    geo_scan gs;
    scan_init(&gs.sc, g, a);
    geo_scan_begin(&gs, text, len, a);
    for (size_t i = 0; i < n; i++) {
        sentence s;
        text_tokenize(ss[i].text, ss[i].len, a, NULL, &s);
        s.index = ss[i].index;
        geo_scan_sentence(&gs, &s);
    }
    geo_scan_finish(&gs, out);
    scan_free(&gs.sc);
}

void geo_places(const geo_gazetteer *g, const char *text, size_t len, arena *a, geo_result *out)
{
    scan sc;
    scan_init(&sc, g, a);
    norm_map(&sc, text, len);
    find_dateline(&sc);
    sc.base = sc.norm.data ? sc.norm.data : "";
    sc.base_len = sc.norm.len;
    splitter sp;
    text_splitter_init(&sp, sc.base, sc.norm.len);
    sentence s;
    while (text_splitter_next(&sp, a, NULL, &s)) scan_sentence(&sc, &s);
    finish(&sc, out);
    scan_free(&sc);
}
