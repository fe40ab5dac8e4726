/*
 * coder_geo.c — the coder's last pass: where each event happened (GDELT's
 * ActionGeo, Actor1Geo and Actor2Geo, src/geo), so that every caller of
 * tocsin_code() — the CLI's code and ingest, a program on libtocsin, the Python
 * binding — gets the same "location" on each event.
 *
 * How: a document's events wait in the coder's queue (coder_events.c) until its
 * last sentence is coded; each sentence that queued events is handed to the
 * gazetteer's recogniser as the coder already has it (its text and tokens: no
 * second split or tokenization); at the end the mentions of the dateline and of
 * those sentences are resolved together and each queued event is located by the
 * rules of geo.h (geo_locate_event). The set of sentences is the one the events
 * come from, so the result is what geo_locate_events() gives on the same events.
 *
 * The gazetteer is the process's (geo_shared(): mapped once, shared by every
 * coder and thread). Without one the events' geo stays empty ("location": null)
 * and the first document coded says so, once per process.
 */
#include <stdatomic.h>

#include "coder/coder_int.h"
#include "geo/geo.h"

struct coder_geo {
    const geo_gazetteer *g;   /* NULL: no location (none installed, or switched off) */
    geo_scan *scan;           /* made with the first gazetteer seen */
    arena a;                  /* the document's mentions; reset per document */
    int off;                  /* tocsin_coder_set_locations(c, 0) */
    size_t nsent;             /* sentences scanned in this document */
};

static atomic_int warned_missing;

/* Points the pass at the process's gazetteer, or at none; sets c->hold_events. */
static void geo_choose(tocsin_coder *c)
{
    coder_geo *cg = c->geo;
    cg->g = cg->off ? NULL : geo_shared();
    if (cg->g && !cg->scan) cg->scan = geo_scan_new(cg->g);
    c->hold_events = c->d->has_story_discards || cg->g != NULL;
}

void coder_geo_new(tocsin_coder *c)
{
    c->geo = util_xcalloc(1, sizeof *c->geo);
    util_arena_init(&c->geo->a, 1 << 14);
    geo_choose(c);
}

void coder_geo_free(tocsin_coder *c)
{
    if (!c->geo) return;
    geo_scan_free(c->geo->scan);
    util_arena_free(&c->geo->a);
    free(c->geo);
    c->geo = NULL;
}

void tocsin_coder_set_locations(tocsin_coder *c, int on)
{
    c->geo->off = !on;
    geo_choose(c);
}

void coder_geo_begin(tocsin_coder *c, const char *text, size_t len)
{
    coder_geo *cg = c->geo;
    if (!cg->g) {
        if (!cg->off && !atomic_exchange(&warned_missing, 1)) {
            const char *env = getenv("TOCSIN_GEO");
            if (env && *env)
                util_report("no gazetteer at %s (TOCSIN_GEO): events get no location (\"location\": null)", env);
            else
                util_report("no gazetteer (%s/geo/gazetteer.idx, %s): events get no location (\"location\": null); "
                            "`make deps && make` builds it, TOCSIN_GEO names another", util_data_dir(),
                            geo_default_path());
        }
        return;
    }
    util_arena_reset(&cg->a);
    geo_scan_begin(cg->scan, text, len, &cg->a);
    cg->nsent = 0;
}

void coder_geo_sentence(tocsin_coder *c, const sentence *s, size_t queued_before)
{
    coder_geo *cg = c->geo;
    if (!cg->g || c->evq.n == queued_before) return;
    geo_scan_sentence(cg->scan, s);
    cg->nsent++;
}

void coder_geo_locate(tocsin_coder *c)
{
    coder_geo *cg = c->geo;
    if (!cg->g || !c->evq.n || !cg->nsent) return;
    geo_result r;
    geo_scan_finish(cg->scan, &r);
    for (size_t i = 0; i < c->evq.n; i++) geo_locate_event(cg->g, &r, &VEC_AT(c->evq, queued_event, i).ev);
}
