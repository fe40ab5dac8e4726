/*
 * resolve.c — geo_resolve(): picks one place for each mention of a document
 * among the places that share its name.
 *
 * A place's score is a prior (its importance: population, feature kind, its own
 * name rather than an alternate one) plus what the document says: a "City,
 * State" qualifier, the dateline's country and subdivision, and the countries
 * and subdivisions of the story's other mentions. Two passes: the first picks
 * by prior alone; the second counts those picks as the story's context and
 * picks again with it, each mention leaving itself and the story's other
 * mentions of the same name out of its own context (one sense per story: they
 * are no evidence for one another). A town gains from the story's other towns
 * of its state, as from the state itself.
 * A qualifier may also be a place the mention is located by ("Edmonton, south
 * of Cairns": within NEAR_KM of it), and a name the story once qualifies is
 * that place at its other mentions too (one sense per story). A place its
 * qualifier's subdivision holds none of by that name is that subdivision
 * ("Stroud, Ontario": the gazetteer lacks Stroud); a subdivision named like its
 * seat is the seat, unless the story names a larger city of it ("Quebec" next
 * to "Montreal") or two other subdivisions of its country ("fifteen in British
 * Columbia, ..., one in Quebec").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo_int.h"

#define COUNTRY_BONUS 3.0 /* all the story's other places are in the place's country */
#define ADM1_BONUS 2.5   /* the story names the place's state or province */
#define CITY_ADM1_BONUS 1.0   /* the story names other places of the place's state or province */
#define PASSES 3         /* picks -> context -> picks, until it settles */

/* How important a place is, knowing nothing about the story. */
static double prior(const geo_gazetteer *g, const geo_name *nm)
{
    const geo_rec *r = &g->rec[nm->rec];
    double s = log10((double)r->population + 1.0);
    switch (r->kind) {
    case GEO_K_COUNTRY: s += 3; break;
    case GEO_K_CONT: s += 3; break;
    case GEO_K_ADM1: s += 1; break;
    case GEO_K_ADM2: s += 0.5; break;   /* a county: no population in the data */
    default:
        if (r->fcode == GEO_F_PPLC) s += 1.5;
        else if (r->fcode == GEO_F_PPLA) s += 1;
        else if (r->fcode == GEO_F_PPLA2) s += 0.5;
        if (!(nm->flags & GEO_N_PRIMARY)) s -= 0.5;
    }
    return s;
}

/* Subdivisions (country + admin1) with the number of mentions in each, sorted. */
typedef struct keycount { char cc[2]; char adm1[8]; uint32_t n, maxpop; } keycount;
typedef struct keyset { keycount *k; size_t n; } keyset;

static int cmp_key(const void *a, const void *b)
{
    const keycount *x = a, *y = b;
    int c = memcmp(x->cc, y->cc, 2);
    return c ? c : strncmp(x->adm1, y->adm1, 8);
}

static void keyset_add(keyset *ks, const geo_rec *r)
{
    if (!r->adm1[0]) return;
    keycount *k = &ks->k[ks->n++];
    memcpy(k->cc, r->cc, 2);
    memcpy(k->adm1, r->adm1, 8);
    k->n = 1;
    k->maxpop = r->kind == GEO_K_CITY ? r->population : 0;
}

/* Sorts and merges equal keys, adding up their counts. */
static void keyset_close(keyset *ks)
{
    if (!ks->n) return;
    qsort(ks->k, ks->n, sizeof *ks->k, cmp_key);
    size_t o = 0;
    for (size_t i = 1; i < ks->n; i++) {
        if (!cmp_key(&ks->k[o], &ks->k[i])) {
            ks->k[o].n += ks->k[i].n;
            if (ks->k[i].maxpop > ks->k[o].maxpop) ks->k[o].maxpop = ks->k[i].maxpop;
        }
        else ks->k[++o] = ks->k[i];
    }
    ks->n = o + 1;
}

static const keycount *keyset_find(const keyset *ks, const geo_rec *r)
{
    if (!r->adm1[0] || !ks->n) return NULL;
    keycount key;
    memcpy(key.cc, r->cc, 2);
    memcpy(key.adm1, r->adm1, 8);
    return bsearch(&key, ks->k, ks->n, sizeof *ks->k, cmp_key);
}

static uint32_t keyset_count(const keyset *ks, const geo_rec *r)
{
    const keycount *k = keyset_find(ks, r);
    return k ? k->n : 0;
}

/* Context of a story: how many mentions fall in each country, and the
 * subdivisions mentioned (countries indexed as in the gazetteer). */
typedef struct context {
    uint32_t *per_country;     /* counts, ncountry entries */
    uint32_t *adm1_per_country; /* the subdivisions among them */
    size_t total;              /* mentions counted */
    keyset adm1;               /* subdivisions the mentions name */
    keyset city;               /* subdivisions of the cities the mentions name */
    const geo_rec *dateline;   /* the dateline's place, NULL */
} context;

static int same_adm1(const geo_rec *a, const geo_rec *b)
{
    return a->adm1[0] && !memcmp(a->cc, b->cc, 2) && !strncmp(a->adm1, b->adm1, 8);
}

#define NEAR_KM 100.0   /* "Edmonton, south of Cairns": within this of the place it is located by */

/* Rough distance in km (equirectangular: exact enough at this range). */
static double km(const geo_rec *a, const geo_rec *b)
{
    double dlat = a->lat - b->lat, dlon = fabs(a->lon - b->lon);
    if (dlon > 180) dlon = 360 - dlon;
    dlon *= cos((a->lat + b->lat) * (M_PI / 360.0));
    return 111.2 * sqrt(dlat * dlat + dlon * dlon);
}

/* Does the qualifier's range name r's subdivision (2) or country (1), or a
 * place next to r (2: "Edmonton, south of Cairns")? */
static int qualifies(const geo_gazetteer *g, const geo_cand *c, const geo_rec *r)
{
    int best = 0;
    for (size_t i = c->qlo; i < c->qhi; i++) {
        const geo_rec *q = &g->rec[g->name[i].rec];
        if (q->kind == GEO_K_ADM1 && same_adm1(q, r)) return 2;
        if (c->qrel && (q->kind == GEO_K_CITY || q->kind == GEO_K_ADM2) && q != r && km(q, r) <= NEAR_KM) return 2;
        if (q->kind == GEO_K_COUNTRY && !memcmp(q->cc, r->cc, 2)) best = 1;
    }
    return best;
}

/* The previous picks of a mention and of the story's other mentions of the same
 * name: one sense per story, so they are no evidence for one another and are
 * left out of the context a mention is resolved in. */
typedef struct mate { const geo_rec *r; uint32_t n; } mate;
typedef struct mates {
    const mate *m;   /* the distinct picks, each with its number of mentions */
    size_t k;
    size_t n;        /* mentions in all */
} mates;

enum { MATE_COUNTRY, MATE_ADM1, MATE_PLACE };

/* How many of m are in r's country (MATE_COUNTRY), are r's subdivision
 * (MATE_ADM1), or are cities or counties of r's subdivision (MATE_PLACE). */
static uint32_t mates_count(const mates *m, const geo_rec *r, int what)
{
    uint32_t k = 0;
    for (size_t i = 0; i < m->k; i++) {
        const geo_rec *q = m->m[i].r;
        int in;
        if (what == MATE_COUNTRY) in = q->country == r->country;
        else if (what == MATE_ADM1) in = q->kind == GEO_K_ADM1 && same_adm1(q, r);
        else in = (q->kind == GEO_K_CITY || q->kind == GEO_K_ADM2) && same_adm1(q, r);
        if (in) k += m->m[i].n;
    }
    return k;
}

/* keyset_count() less the mates counted in it. */
static uint32_t count_less(const keyset *ks, const geo_rec *r, const mates *m, int what)
{
    uint32_t k = keyset_count(ks, r), d = mates_count(m, r, what);
    return k > d ? k - d : 0;
}

static double score(const geo_gazetteer *g, const geo_cand *c, const geo_name *nm, const context *cx,
                    const mates *m)
{
    const geo_rec *r = &g->rec[nm->rec];
    double s = prior(g, nm);
    if (c->qhi > c->qlo) s += 10 * qualifies(g, c, r);
    if (r->kind == GEO_K_CONT) return s;
    if (cx->dateline && cx->dateline != r) {
        if (!memcmp(cx->dateline->cc, r->cc, 2)) s += 2;
        if ((r->kind == GEO_K_CITY || r->kind == GEO_K_ADM2) && same_adm1(cx->dateline, r)) s += 1.5;
    }
    if (cx->per_country && r->country < g->h->ncountry) {
        uint32_t n = cx->per_country[r->country], d = mates_count(m, r, MATE_COUNTRY);
        n = n > d ? n - d : 0;
        /* the share of the story's other mentions in that country: a story about the
         * US pulls "Geneva" to Illinois, one that only mentions the US once does not */
        size_t others = cx->total > m->n ? cx->total - m->n : 0;
        if (n && others) s += COUNTRY_BONUS * (double)n / (double)others;
    }
    if ((r->kind == GEO_K_CITY || r->kind == GEO_K_ADM2) && count_less(&cx->adm1, r, m, MATE_ADM1)) s += ADM1_BONUS;
    /* a town among the story's other towns of one state */
    if (r->kind == GEO_K_CITY && count_less(&cx->city, r, m, MATE_PLACE)) s += CITY_ADM1_BONUS;
    /* and the other way round: a state whose city the story names */
    if (r->kind == GEO_K_ADM1 && count_less(&cx->city, r, m, MATE_PLACE)) s += ADM1_BONUS;
    return s;
}

/* A subdivision named like its seat or like the city that is most of it (Zürich,
 * Kyiv, Berlin) is the city, unless the text says "region", "province", ... after
 * the name. */
static int city_in_range(const geo_gazetteer *g, const geo_cand *c, const geo_rec *adm1)
{
    for (size_t i = c->lo; i < c->hi; i++) {
        const geo_rec *r = &g->rec[g->name[i].rec];
        if (r->kind == GEO_K_CITY && same_adm1(r, adm1) && (r->fcode >= GEO_F_PPLA || r->population * 2 >= adm1->population)) return 1;
    }
    return 0;
}

/* Does the story name a city of subdivision adm1 larger than the largest of the
 * mention's own cities there ("Montreal" next to "Quebec": the province, whose
 * seat is not its largest city)? */
static int larger_city_named(const geo_gazetteer *g, const geo_cand *c, const context *cx, const geo_rec *adm1)
{
    uint32_t own = 0;
    for (size_t i = c->lo; i < c->hi; i++) {
        const geo_rec *r = &g->rec[g->name[i].rec];
        if (r->kind == GEO_K_CITY && same_adm1(r, adm1) && r->population > own) own = r->population;
    }
    const keycount *k = keyset_find(&cx->city, adm1);
    return k && k->maxpop > own;
}

/* Does the story name two or more other subdivisions of adm1's country ("fifteen in
 * British Columbia, ..., one in Quebec")? Then a subdivision is named like its
 * peers, not like its seat. */
static int peer_subdivisions(const geo_gazetteer *g, const context *cx, const geo_rec *adm1, const mates *m)
{
    if (!cx->adm1_per_country || adm1->country >= g->h->ncountry) return 0;
    uint32_t k = cx->adm1_per_country[adm1->country], d = 0;
    for (size_t i = 0; i < m->k; i++)
        if (m->m[i].r->kind == GEO_K_ADM1 && m->m[i].r->country == adm1->country) d += m->m[i].n;
    return k >= d + 2;
}

/* "Stroud, Ontario": a place the qualifier's subdivision holds none of by that
 * name (the gazetteer lacks it) is located at that subdivision, its most
 * precise known place; UINT32_MAX when the qualifier names no subdivision or
 * one of the mention's places is in it. */
static uint32_t qualifier_fallback(const geo_gazetteer *g, const geo_cand *c)
{
    if (c->qhi <= c->qlo || c->qrel) return UINT32_MAX;
    uint32_t best = UINT32_MAX;
    for (size_t i = c->qlo; i < c->qhi; i++) {
        const geo_rec *q = &g->rec[g->name[i].rec];
        if (q->kind != GEO_K_ADM1 || !q->adm1[0]) continue;
        for (size_t k = c->lo; k < c->hi; k++) {
            const geo_rec *r = &g->rec[g->name[k].rec];
            if (r->kind == GEO_K_COUNTRY || r->kind == GEO_K_ADM1 || same_adm1(q, r)) return UINT32_MAX;
        }
        if (best == UINT32_MAX || q->population > g->rec[best].population) best = g->name[i].rec;
    }
    return best;
}

/* Does the mention's name also name a country? A territory ISO 3166 lists both as a
 * country and as its state's subdivision (Mayotte, Réunion) is the country: the
 * subdivision record, tied to no GeoNames admin1, has no point of its own. */
static int names_country(const geo_gazetteer *g, const geo_cand *c)
{
    for (size_t i = c->lo; i < c->hi; i++)
        if (g->rec[g->name[i].rec].kind == GEO_K_COUNTRY && !(g->name[i].flags & (GEO_N_ADJ | GEO_N_ABBR))) return 1;
    return 0;
}

static uint32_t pick(const geo_gazetteer *g, const geo_cand *c, const context *cx, const mates *m)
{
    uint32_t fb = qualifier_fallback(g, c);
    if (fb != UINT32_MAX) return fb;
    double best = -1e9;
    uint32_t p = g->name[c->lo].rec;
    for (size_t i = c->lo; i < c->hi; i++) {
        double s = score(g, c, &g->name[i], cx, m);
        const geo_rec *r = &g->rec[g->name[i].rec];
        if (r->kind == GEO_K_ADM1 && c->cue != GEO_CUE_TYPE && city_in_range(g, c, r) &&
            !larger_city_named(g, c, cx, r) && !peer_subdivisions(g, cx, r, m))
            s -= 3;
        if (r->kind == GEO_K_ADM1 && c->cue == GEO_CUE_TYPE) s += 3;
        if (r->kind == GEO_K_ADM1 && !r->adm1[0] && names_country(g, c)) continue;
        if (s > best) { best = s; p = g->name[i].rec; }
    }
    return p;
}

/* One sense per story: a name the story once qualifies ("Paris, Texas",
 * "Edmonton, south of Cairns") is that place wherever else the story uses it. */
static void one_sense(const geo_gazetteer *g, geo_cand *cands, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const geo_cand *q = &cands[i];
        if (q->qhi <= q->qlo || qualifies(g, q, &g->rec[q->place]) < 1) continue;
        for (size_t j = 0; j < n; j++)
            if (j != i && cands[j].lo == q->lo && cands[j].hi == q->hi && cands[j].qhi <= cands[j].qlo)
                cands[j].place = q->place;
    }
}

/* A mention's key when ordering mentions by name (their range of names), so that
 * the mentions of one name are a run. */
typedef struct name_key { size_t lo, hi; uint32_t i; } name_key;

static int cmp_name_key(const void *a, const void *b)
{
    const name_key *x = a, *y = b;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    if (x->hi != y->hi) return x->hi < y->hi ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* by_name: the mentions' indexes ordered by name; start[i], len[i]: where mention
 * i's run of same-named mentions begins in by_name, and its length. */
typedef struct name_runs { uint32_t *by_name; uint32_t *start, *len, *nsumm; } name_runs;

static void name_runs_init(name_runs *nr, const geo_cand *cands, size_t n)
{
    name_key *k = util_xmalloc(n * sizeof *k);
    for (size_t i = 0; i < n; i++) k[i] = (name_key){ cands[i].lo, cands[i].hi, (uint32_t)i };
    qsort(k, n, sizeof *k, cmp_name_key);
    nr->by_name = util_xmalloc(n * sizeof *nr->by_name);
    nr->start = util_xmalloc(n * sizeof *nr->start);
    nr->len = util_xmalloc(n * sizeof *nr->len);
    nr->nsumm = util_xmalloc(n * sizeof *nr->nsumm);
    for (size_t i = 0; i < n; i++) nr->by_name[i] = k[i].i;
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && k[b].lo == k[a].lo && k[b].hi == k[a].hi) b++;
        for (size_t j = a; j < b; j++) {
            nr->start[k[j].i] = (uint32_t)a;
            nr->len[k[j].i] = (uint32_t)(b - a);
        }
        a = b;
    }
    free(k);
}

/* Each run's distinct previous picks with their counts, into summ[a..a + nsumm[a])
 * for the run that begins at a (a run has at least as many slots as distinct
 * picks): what mates_count() reads, so that a story naming one place a million
 * times costs a million steps, not a million squared. */
static void name_runs_summarize(name_runs *nr, const geo_gazetteer *g, const uint32_t *prev, size_t n, mate *summ)
{
    for (size_t a = 0; a < n; a += nr->len[nr->by_name[a]]) {
        size_t b = a + nr->len[nr->by_name[a]], k = 0;
        for (size_t j = a; j < b; j++) {
            const geo_rec *r = &g->rec[prev[nr->by_name[j]]];
            size_t q = 0;
            while (q < k && summ[a + q].r != r) q++;
            if (q == k) summ[a + k++] = (mate){ r, 0 };
            summ[a + q].n++;
        }
        nr->nsumm[a] = (uint32_t)k;
    }
}

static void name_runs_free(name_runs *nr)
{
    free(nr->by_name);
    free(nr->start);
    free(nr->len);
    free(nr->nsumm);
}

void geo_resolve(const geo_gazetteer *g, geo_cand *cands, size_t n, int dateline)
{
    if (!n) return;
    context cx;
    memset(&cx, 0, sizeof cx);
    mates none = { NULL, 0, 0 };
    for (size_t i = 0; i < n; i++) cands[i].place = pick(g, &cands[i], &cx, &none);
    cx.per_country = util_xcalloc(g->h->ncountry ? g->h->ncountry : 1, sizeof *cx.per_country);
    cx.adm1_per_country = util_xcalloc(g->h->ncountry ? g->h->ncountry : 1, sizeof *cx.adm1_per_country);
    cx.adm1.k = util_xmalloc(n * sizeof *cx.adm1.k);
    cx.city.k = util_xmalloc(n * sizeof *cx.city.k);
    uint32_t *prev = util_xmalloc(n * sizeof *prev);
    mate *summ = util_xmalloc(n * sizeof *summ);
    name_runs nr;
    name_runs_init(&nr, cands, n);
    for (int pass = 1; pass < PASSES; pass++) {
        memset(cx.per_country, 0, g->h->ncountry * sizeof *cx.per_country);
        memset(cx.adm1_per_country, 0, g->h->ncountry * sizeof *cx.adm1_per_country);
        cx.total = n;
        cx.adm1.n = cx.city.n = 0;
        for (size_t i = 0; i < n; i++) {
            const geo_rec *r = &g->rec[cands[i].place];
            if (r->country < g->h->ncountry) cx.per_country[r->country]++;
            if (r->country < g->h->ncountry && r->kind == GEO_K_ADM1) cx.adm1_per_country[r->country]++;
            if (r->kind == GEO_K_ADM1) keyset_add(&cx.adm1, r);
            if (r->kind == GEO_K_CITY || r->kind == GEO_K_ADM2) keyset_add(&cx.city, r);
            prev[i] = cands[i].place;
        }
        keyset_close(&cx.adm1);
        keyset_close(&cx.city);
        cx.dateline = dateline >= 0 ? &g->rec[cands[dateline].place] : NULL;
        int changed = 0;
        name_runs_summarize(&nr, g, prev, n, summ);
        for (size_t i = 0; i < n; i++) {
            mates m = { summ + nr.start[i], nr.nsumm[nr.start[i]], nr.len[i] };
            cands[i].place = pick(g, &cands[i], &cx, &m);
            changed |= cands[i].place != prev[i];
        }
        if (!changed) break;
    }
    one_sense(g, cands, n);
    name_runs_free(&nr);
    free(summ);
    free(prev);
    free(cx.per_country);
    free(cx.adm1_per_country);
    free(cx.adm1.k);
    free(cx.city.k);
}
