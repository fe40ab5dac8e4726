/*
 * store_geo.c — the event_geo table: where each stored event happened and where
 * its actors are (filled by src/geo), kept as GDELT's three geo blocks so that
 * `tocsin export --format gdelt` writes them as they are, plus the action's place
 * with ISO codes for the dashboard's map.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"

/* Tabs and newlines cannot stand in a GDELT field. */
static void clean_copy(char *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++) dst[i] = (src[i] == '\t' || src[i] == '\n' || src[i] == '\r') ? ' ' : src[i];
    dst[i] = 0;
}

void store_gdelt_geo(const tocsin_geo *g, char *out, size_t cap)
{
    if (!g->type) {
        snprintf(out, cap, "0\t\t\t\t\t\t\t");
        return;
    }
    char name[sizeof g->name];
    clean_copy(name, sizeof name, g->name);
    /* FeatureID: the GeoNames id of a city (GDELT: a GNS/GNIS id), else the textual
     * ADM1 or country code, as GDELT writes for country and state matches */
    char feature[24];
    if ((g->type == 3 || g->type == 4) && g->geonameid) snprintf(feature, sizeof feature, "%u", g->geonameid);
    else snprintf(feature, sizeof feature, "%s", g->type == 1 ? g->fips : g->adm1);
    snprintf(out, cap, "%d\t%s\t%s\t%s\t\t%.4f\t%.4f\t%s", g->type, name, g->fips, g->adm1, g->lat, g->lon, feature);
}

int store_put_geo(store *s, int64_t event_id, const tocsin_event *ev)
{
    if (!ev->action_geo.type && !ev->actor1_geo.type && !ev->actor2_geo.type) return 0;
    char b1[256], b2[256], b3[256];
    store_gdelt_geo(&ev->actor1_geo, b1, sizeof b1);
    store_gdelt_geo(&ev->actor2_geo, b2, sizeof b2);
    store_gdelt_geo(&ev->action_geo, b3, sizeof b3);
    const tocsin_geo *a = &ev->action_geo;
    store_val none = {.t = SV_NULL};
    store_val v[] = {sv_int(event_id),
                     sv_int(a->type),
                     a->type ? sv_text(a->name) : none,
                     a->type ? sv_text(a->country) : none,
                     a->type ? sv_real(a->lat) : none,
                     a->type ? sv_real(a->lon) : none,
                     a->type && a->geonameid ? sv_int(a->geonameid) : none,
                     sv_text(b1),
                     sv_text(b2),
                     sv_text(b3)};
    return s->be->bulk_add(s->b_geo, v, 10) ? -1 : 0;
}
