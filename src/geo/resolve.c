/*
 * resolve.c — geo_resolve(): picks one place for each mention of a document
 * among the places that share its name.
 *
 * A place's score is a prior (its importance: population, feature kind, its own
 * name rather than an alternate one) plus what the document says: a "City,
 * State" qualifier, the dateline's country and subdivision, and the countries
 * and subdivisions of the story's other mentions. Two passes: the first picks
 * by prior alone; the second counts those picks as the story's context and
 * picks again with it, each mention leaving itself out of its own context.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo_int.h"

#define ADM1_BONUS 2.5   /* the story names the place's state or province */
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
    default:
        if (r->fcode == GEO_F_PPLC) s += 1.5;
        else if (r->fcode == GEO_F_PPLA) s += 1;
        else if (r->fcode == GEO_F_PPLA2) s += 0.5;
        if (!(nm->flags & GEO_N_PRIMARY)) s -= 0.5;
    }
    return s;
}

/* Context of a story: how many mentions fall in each country, and the
 * subdivisions mentioned (countries indexed as in the gazetteer). */
typedef struct context {
    uint32_t *per_country;     /* counts, ncountry entries */
    const geo_rec **adm1;      /* subdivision records of the mentions */
    size_t nadm1;
    const geo_rec **city;      /* city records of the mentions */
    size_t ncity;
    const geo_rec *dateline;   /* the dateline's place, NULL */
} context;

static int same_adm1(const geo_rec *a, const geo_rec *b)
{
    return a->adm1[0] && !memcmp(a->cc, b->cc, 2) && !strncmp(a->adm1, b->adm1, 8);
}

/* Does the qualifier's range name r's subdivision (2) or country (1)? */
static int qualifies(const geo_gazetteer *g, const geo_cand *c, const geo_rec *r)
{
    int best = 0;
    for (size_t i = c->qlo; i < c->qhi; i++) {
        const geo_rec *q = &g->rec[g->name[i].rec];
        if (q->kind == GEO_K_ADM1 && same_adm1(q, r)) return 2;
        if (q->kind == GEO_K_COUNTRY && !memcmp(q->cc, r->cc, 2)) best = 1;
    }
    return best;
}

static double score(const geo_gazetteer *g, const geo_cand *c, const geo_name *nm, const context *cx,
                    const geo_rec *self_pick)
{
    const geo_rec *r = &g->rec[nm->rec];
    double s = prior(g, nm);
    if (c->qhi > c->qlo) s += 10 * qualifies(g, c, r);
    if (r->kind == GEO_K_CONT) return s;
    if (cx->dateline && cx->dateline != r) {
        if (!memcmp(cx->dateline->cc, r->cc, 2)) s += 2;
        if (r->kind == GEO_K_CITY && same_adm1(cx->dateline, r)) s += 1.5;
    }
    if (cx->per_country && r->country < g->h->ncountry) {
        uint32_t n = cx->per_country[r->country];
        if (self_pick && self_pick->country == r->country && n) n--;
        if (n) s += fmin(2.5, 1.0 + 0.5 * log2(1.0 + n));
    }
    if (r->kind == GEO_K_CITY)
        for (size_t i = 0; i < cx->nadm1; i++)
            if (cx->adm1[i] != self_pick && same_adm1(cx->adm1[i], r)) { s += ADM1_BONUS; break; }
    if (r->kind == GEO_K_ADM1)   /* and the other way round: a state whose city the story names */
        for (size_t i = 0; i < cx->ncity; i++)
            if (cx->city[i] != self_pick && same_adm1(cx->city[i], r)) { s += ADM1_BONUS; break; }
    return s;
}

/* A subdivision named like the city that is most of it (Kyiv, Berlin) is the
 * city, unless the text says "region", "province", ... after the name. */
static int city_in_range(const geo_gazetteer *g, const geo_cand *c, const geo_rec *adm1)
{
    for (size_t i = c->lo; i < c->hi; i++) {
        const geo_rec *r = &g->rec[g->name[i].rec];
        if (r->kind == GEO_K_CITY && same_adm1(r, adm1) && r->population * 2 >= adm1->population) return 1;
    }
    return 0;
}

static uint32_t pick(const geo_gazetteer *g, const geo_cand *c, const context *cx, const geo_rec *self)
{
    double best = -1e9;
    uint32_t p = g->name[c->lo].rec;
    for (size_t i = c->lo; i < c->hi; i++) {
        double s = score(g, c, &g->name[i], cx, self);
        const geo_rec *r = &g->rec[g->name[i].rec];
        if (r->kind == GEO_K_ADM1 && c->cue != GEO_CUE_TYPE && city_in_range(g, c, r)) s -= 3;
        if (r->kind == GEO_K_ADM1 && c->cue == GEO_CUE_TYPE) s += 3;
        if (s > best) { best = s; p = g->name[i].rec; }
    }
    return p;
}

void geo_resolve(const geo_gazetteer *g, geo_cand *cands, size_t n, int dateline)
{
    if (!n) return;
    context cx;
    memset(&cx, 0, sizeof cx);
    for (size_t i = 0; i < n; i++) cands[i].place = pick(g, &cands[i], &cx, NULL);
    cx.per_country = xcalloc(g->h->ncountry ? g->h->ncountry : 1, sizeof *cx.per_country);
    cx.adm1 = xmalloc(n * sizeof *cx.adm1);
    cx.city = xmalloc(n * sizeof *cx.city);
    uint32_t *prev = xmalloc(n * sizeof *prev);
    for (int pass = 1; pass < PASSES; pass++) {
        memset(cx.per_country, 0, g->h->ncountry * sizeof *cx.per_country);
        cx.nadm1 = cx.ncity = 0;
        for (size_t i = 0; i < n; i++) {
            const geo_rec *r = &g->rec[cands[i].place];
            if (r->country < g->h->ncountry) cx.per_country[r->country]++;
            if (r->kind == GEO_K_ADM1) cx.adm1[cx.nadm1++] = r;
            if (r->kind == GEO_K_CITY) cx.city[cx.ncity++] = r;
            prev[i] = cands[i].place;
        }
        cx.dateline = dateline >= 0 ? &g->rec[cands[dateline].place] : NULL;
        int changed = 0;
        for (size_t i = 0; i < n; i++) {
            cands[i].place = pick(g, &cands[i], &cx, &g->rec[prev[i]]);
            changed |= cands[i].place != prev[i];
        }
        if (!changed) break;
    }
    free(prev);
    free(cx.per_country);
    free((void *)cx.adm1);
    free((void *)cx.city);
}
