/*
 * locate.c — where each coded event happened: GDELT's ActionGeo, Actor1Geo and
 * Actor2Geo from a document's place mentions (places.c), and the process-wide
 * gazetteer the coder's location pass uses for it (src/coder/coder_geo.c).
 *
 * The rules (GDELT's, as its codebook describes them): the action's place is
 * the one the sentence ties to the action, else the story's dateline, else the
 * country of the actors' shared context; an actor's place is where the actor
 * is from, which for CAMEO's country-coded actors is the country its code
 * begins with.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "geo/geo_int.h"
#include "tocsin.h"

static pthread_once_t shared_once = PTHREAD_ONCE_INIT;
static geo_gazetteer *shared_gaz;

static void open_shared(void)
{
    /* no gazetteer is a normal state for `tocsin code` (no `make deps`): say nothing */
    const char *path = geo_default_path();
    FILE *f = fopen(path, "rb");
    if (!f) return;
    fclose(f);
    shared_gaz = geo_open(path);
}

const geo_gazetteer *geo_shared(void)
{
    pthread_once(&shared_once, open_shared);
    return shared_gaz;
}

void geo_to_gdelt(const geo_gazetteer *g, const geo_place *p, tocsin_geo *out)
{
    memset(out, 0, sizeof *out);
    out->type = geo_gdelt_type(p);
    memcpy(out->country, p->country, 3);
    memcpy(out->fips, p->fips, 3);
    out->lat = p->lat;
    out->lon = p->lon;
    out->geonameid = p->kind == GEO_CITY ? p->geonameid : 0;
    /* ADM1Code: FIPS country + GeoNames admin1 (FIPS-based for most countries); the
     * country code alone when the admin1 is unknown; nothing when the country has no
     * FIPS code in the data (Serbia, Palestine: see data/geo/README.md) */
    if (!p->fips[0]) out->adm1[0] = 0;
    else if ((p->kind == GEO_CITY || p->kind == GEO_ADM1 || p->kind == GEO_ADM2) && p->adm1[0])
        snprintf(out->adm1, sizeof out->adm1, "%s%s", p->fips, p->adm1);
    else
        snprintf(out->adm1, sizeof out->adm1, "%s", p->fips);
    /* FullName: "City, State, Country", "State, Country", "Country" */
    const char *country = "";
    geo_place c, s;
    int64_t ci = p->country[0] ? geo_country_place(g, p->country) : -1;
    if (ci >= 0 && geo_place_get(g, (uint32_t)ci, &c) == 0) country = c.name;
    if (p->kind == GEO_COUNTRY || p->kind == GEO_CONTINENT) {
        snprintf(out->name, sizeof out->name, "%s", p->name);
    } else if (p->kind == GEO_ADM1) {
        snprintf(out->name, sizeof out->name, "%s, %s", p->name, country);
    } else {
        int64_t si = geo_adm1_place(g, p);
        if (si >= 0 && geo_place_get(g, (uint32_t)si, &s) == 0)
            snprintf(out->name, sizeof out->name, "%s, %s, %s", p->name, s.name, country);
        else
            snprintf(out->name, sizeof out->name, "%s, %s", p->name, country);
    }
}

/* The country place of a CAMEO actor code ("RUSMIL" -> Russia), or -1. */
static int64_t actor_country(const geo_gazetteer *g, const char *code)
{
    if (strlen(code) < 3) return -1;
    char cc[4] = {code[0], code[1], code[2], 0};
    return geo_country_place(g, cc);
}

static void set_place(const geo_gazetteer *g, int64_t id, tocsin_geo *out)
{
    geo_place p;
    if (id < 0 || geo_place_get(g, (uint32_t)id, &p) != 0) {
        memset(out, 0, sizeof *out);
        return;
    }
    geo_to_gdelt(g, &p, out);
}

/* The action's place among the mentions of sentence `sentence`, or -1. */
static int64_t action_place(const geo_gazetteer *g, const geo_result *r, int sentence, int64_t c1, int64_t c2)
{
    int64_t any = -1, country = -1;
    size_t lo = 0, hi = r->n;   /* mentions are in text order: the sentence's first one */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->m[mid].sentence < sentence) lo = mid + 1; else hi = mid;
    }
    for (size_t i = lo; i < r->n && r->m[i].sentence <= sentence; i++) {
        const geo_mention *m = &r->m[i];
        if (m->sentence != sentence) continue;
        int kind = g->rec[m->place].kind;
        int local = kind == GEO_K_CITY || kind == GEO_K_ADM1 || kind == GEO_K_ADM2;
        if (local && (m->cue == GEO_CUE_PREP || m->cue == GEO_CUE_QUALIFIED || m->cue == GEO_CUE_TYPE))
            return m->place;
        if (local && any < 0) any = m->place;
        if (kind == GEO_K_COUNTRY && country < 0 && (m->place == c1 || m->place == c2)) country = m->place;
    }
    if (any >= 0) return any;
    if (r->dateline >= 0) return r->m[r->dateline].place;
    if (c1 >= 0 && c1 == c2) return c1;
    return country;
}

void geo_locate_events(const geo_gazetteer *g, const char *text, size_t len, tocsin_event *events, size_t n,
                       size_t stride, arena *a)
{
    if (!g || !n) return;
    arena own;
    if (!a) {
        util_arena_init(&own, 1 << 16);
        a = &own;
    }
    /* the events' own sentences (each once, in order) and the dateline */
    geo_sentence *ss = util_arena_alloc(a, n * sizeof *ss);
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        const tocsin_event *ev = (const tocsin_event *)((const char *)events + i * stride);
        size_t k = ns;
        while (k > 0 && ss[k - 1].index > ev->sentence) k--;
        if (k > 0 && ss[k - 1].index == ev->sentence) continue;
        memmove(&ss[k + 1], &ss[k], (ns - k) * sizeof *ss);
        ss[k].text = ev->text ? ev->text : "";
        ss[k].len = ev->text ? ev->text_len : 0;
        ss[k].index = ev->sentence;
        ns++;
    }
    geo_result r;
    geo_places_in(g, text, len, ss, ns, a, &r);
    for (size_t i = 0; i < n; i++) geo_locate_event(g, &r, (tocsin_event *)((char *)events + i * stride));
    if (a == &own) util_arena_free(&own);
}

void geo_locate_event(const geo_gazetteer *g, const geo_result *r, tocsin_event *ev)
{
    int64_t c1 = actor_country(g, ev->source.code), c2 = actor_country(g, ev->target.code);
    set_place(g, c1, &ev->actor1_geo);
    set_place(g, c2, &ev->actor2_geo);
    set_place(g, action_place(g, r, ev->sentence, c1, c2), &ev->action_geo);
}
