/*
 * gazetteer.c — maps the gazetteer index (geo_index.h) and answers lookups:
 * places by id, names by hash, countries by code, subdivisions by admin1.
 *
 * Why it is shaped this way: the index is built at build time into the exact
 * arrays the lookups need, so loading is an mmap and a header check (a few
 * milliseconds for ~12 MB, pages shared between processes), and a lookup is a
 * binary search over sorted hashes, with no allocation.
 */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/geo.h"
#include "geo/geo_int.h"

const char *geo_default_path(void)
{
    const char *env = getenv("TOCSIN_GEO");
    if (env && *env) return env;
    /* an installed tocsin: DATADIR/tocsin/geo/gazetteer.idx (make install); a build
     * tree: data/../build/geo/gazetteer.idx, where `make` builds it (no checkout path
     * is compiled into the program) */
    static __thread char path[4096];
    snprintf(path, sizeof path, "%s/geo/gazetteer.idx", util_data_dir());
    struct stat st;
    if (stat(path, &st) == 0) return path;
    snprintf(path, sizeof path, "%s/../build/geo/gazetteer.idx", util_data_dir());
    return path;
}

geo_gazetteer *geo_open(const char *path)
{
    if (!path) path = geo_default_path();
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        util_report("%s: cannot open the gazetteer (%s); run `make deps && make` to build it", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(geo_header)) {
        util_report("%s: not a tocsin gazetteer (too short)", path);
        close(fd);
        return NULL;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        util_report("%s: cannot map the gazetteer (%s)", path, strerror(errno));
        return NULL;
    }
    const geo_header *h = p;
    if (memcmp(h->magic, GEO_MAGIC, 8) || h->endian != GEO_ENDIAN || h->file_size != (uint64_t)st.st_size ||
        h->off_str + h->len_str > (uint64_t)st.st_size || !h->nslot || (h->nslot & (h->nslot - 1)) ||
        h->bits_log2 < 6 || h->bits_log2 > 40 ||
        h->off_slot + (uint64_t)h->nslot * 4 > (uint64_t)st.st_size ||
        h->off_bits + (1ULL << (h->bits_log2 - 3)) > (uint64_t)st.st_size) {
        util_report("%s: not a tocsin gazetteer of this version; rebuild it with `make`", path);
        munmap(p, (size_t)st.st_size);
        return NULL;
    }
    geo_gazetteer *g = util_xcalloc(1, sizeof *g);
    g->map = p;
    g->size = (size_t)st.st_size;
    g->h = h;
    g->rec = (const geo_rec *)((const char *)p + h->off_rec);
    g->name = (const geo_name *)((const char *)p + h->off_name);
    g->country = (const geo_country *)((const char *)p + h->off_country);
    g->adm1 = (const geo_adm1_key *)((const char *)p + h->off_adm1);
    g->str = (const char *)p + h->off_str;
    g->slot = (const uint32_t *)((const char *)p + h->off_slot);
    g->bits = (const uint64_t *)((const char *)p + h->off_bits);
    return g;
}

void geo_close(geo_gazetteer *g)
{
    if (!g) return;
    munmap(g->map, g->size);
    free(g);
}

void geo_stats(const geo_gazetteer *g, size_t *places, size_t *names, size_t *bytes)
{
    *places = g->h->nrec;
    *names = g->h->nname;
    *bytes = g->size;
}

const char *geo_kind_name(int kind)
{
    switch (kind) {
    case GEO_CITY: return "city";
    case GEO_ADM1: return "adm1";
    case GEO_COUNTRY: return "country";
    case GEO_CONTINENT: return "continent";
    case GEO_ADM2: return "adm2";
    default: return "place";
    }
}

int geo_place_get(const geo_gazetteer *g, uint32_t id, geo_place *out)
{
    if (id >= g->h->nrec) return -1;
    const geo_rec *r = &g->rec[id];
    memset(out, 0, sizeof *out);
    out->id = id;
    out->geonameid = r->geonameid;
    out->lat = r->lat;
    out->lon = r->lon;
    out->name = r->name < g->h->len_str ? g->str + r->name : "";
    out->kind = r->kind;
    out->population = r->population;
    if (r->country < g->h->ncountry) {
        const geo_country *c = &g->country[r->country];
        memcpy(out->country, c->iso2, 2);
        memcpy(out->country3, c->iso3, 3);
        memcpy(out->fips, c->fips, 2);
    }
    memcpy(out->adm1, r->adm1, 7);
    memcpy(out->iso_sub, r->iso_sub, 5);
    return 0;
}

int64_t geo_country_place(const geo_gazetteer *g, const char *cc)
{
    size_t n = strlen(cc);
    for (uint32_t i = 0; i < g->h->ncountry; i++) {
        const geo_country *c = &g->country[i];
        if ((n == 2 && !memcmp(c->iso2, cc, 2)) || (n == 3 && !memcmp(c->iso3, cc, 3))) return c->rec;
    }
    return -1;
}

int64_t geo_adm1_of(const geo_gazetteer *g, const geo_rec *r)
{
    if (r->kind == GEO_K_ADM1) return r - g->rec;
    if (!r->adm1[0]) return -1;
    size_t lo = 0, hi = g->h->nadm1;
    while (lo < hi) {
        size_t m = (lo + hi) / 2;
        const geo_adm1_key *k = &g->adm1[m];
        int c = memcmp(k->cc, r->cc, 2);
        if (!c) c = strncmp(k->adm1, r->adm1, 8);
        if (!c) return k->rec;
        if (c < 0) lo = m + 1; else hi = m;
    }
    return -1;
}

int64_t geo_adm1_place(const geo_gazetteer *g, const geo_place *p)
{
    if (p->id >= g->h->nrec) return -1;
    return geo_adm1_of(g, &g->rec[p->id]);
}

void geo_lookup(const geo_gazetteer *g, uint64_t h, size_t *lo, size_t *hi)
{
    *lo = *hi = 0;
    uint32_t mask = g->h->nslot - 1;
    for (uint32_t k = GEO_SLOT(h, g->h->nslot), probes = 0; g->slot[k] && probes <= mask; k = (k + 1) & mask, probes++) {
        size_t i = g->slot[k] - 1;
        if (i >= g->h->nname) return;          /* a damaged index: nothing */
        if (g->name[i].hash != h) continue;
        size_t e = i;
        while (e < g->h->nname && g->name[e].hash == h) e++;
        *lo = i;
        *hi = e;
        return;
    }
}

int geo_gdelt_type(const geo_place *p)
{
    int us = !strcmp(p->country, "US");
    switch (p->kind) {
    case GEO_COUNTRY: return 1;
    case GEO_ADM1: return us ? 2 : 5;
    /* GDELT's city types carry a feature id (GNS/GNIS): a place with no GeoNames id in
     * the data (a county, a town cities1000 lacks) is given at its state's level */
    case GEO_CITY: case GEO_ADM2: return p->geonameid ? (us ? 3 : 4) : (us ? 2 : 5);
    default: return 0;
    }
}
