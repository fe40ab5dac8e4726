/*
 * geo_int.h — declarations shared by the files of the geo stage only: the
 * mapped gazetteer and its lookups (gazetteer.c), used by recognition and
 * resolution (places.c, resolve.c).
 */
#ifndef TOCSIN_GEO_INT_H
#define TOCSIN_GEO_INT_H

#include "geo/geo.h"
#include "geo/geo_index.h"

struct geo_gazetteer {
    void *map;
    size_t size;
    const geo_header *h;
    const geo_rec *rec;
    const geo_name *name;
    const geo_country *country;
    const geo_adm1_key *adm1;
    const char *str;
    const uint32_t *slot;
    const uint64_t *bits;
};

/* Can a name begin with (or be) the words hashed to h? No: certainly not. */
static inline int geo_maybe_prefix(const geo_gazetteer *g, uint64_t h)
{
    uint64_t bit = GEO_BIT(h, g->h->bits_log2);
    return (int)((g->bits[bit >> 6] >> (bit & 63)) & 1);
}
/* [*lo, *hi) of the names whose hash is h (empty when none). */
void geo_lookup(const geo_gazetteer *g, uint64_t h, size_t *lo, size_t *hi);
/* The subdivision record of a place record (itself for a subdivision), or -1. */
int64_t geo_adm1_of(const geo_gazetteer *g, const geo_rec *r);

/* A recognised mention before resolution. */
typedef struct geo_cand {
    size_t nstart, nend;   /* byte span in the normalised text */
    size_t lo, hi;         /* its names in the index */
    int sentence, cue;
    size_t qlo, qhi;       /* names of a "City, Qualifier" qualifier (empty: none) */
    int qrel;              /* the qualifier is a place it is located by ("south of Cairns") */
    uint32_t place;        /* resolution */
} geo_cand;

/* Resolves every candidate of a document (resolve.c): fills cands[i].place.
 * dateline: index of the dateline candidate or -1. */
void geo_resolve(const geo_gazetteer *g, geo_cand *cands, size_t n, int dateline);

#endif
