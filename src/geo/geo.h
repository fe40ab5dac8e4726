/*
 * geo.h — the geo stage: where things happened. A gazetteer built at build time
 * from GeoNames, ISO 3166 and Natural Earth (geo_index.h, data/geo/README.md),
 * place-mention recognition in news text and resolution of each mention to one
 * place, and an event's location (GDELT's ActionGeo/Actor1Geo/Actor2Geo).
 *
 * Contract:
 *  - geo_open() maps an index file read-only (mmap): loading costs a few
 *    milliseconds and the pages are shared by every thread and process. A
 *    gazetteer is immutable; every function taking a const one is thread-safe.
 *  - geo_places() finds the place mentions of one document: datelines
 *    ("KYIV, Ukraine (AP) -"), names after a locative preposition ("in Geneva",
 *    "near Donetsk"), "X region", "City, State" pairs, countries and their
 *    adjectives and demonyms (at country level), subdivisions, continents and
 *    well-known cities; persons and organisations that carry a place's name are
 *    left out ("Jordan Peterson", "Georgia Tech", "President Obama", "Washington
 *    said"). Each mention is resolved to one place: among same-named places the
 *    one the document supports (a "City, State" qualifier, the dateline, the
 *    other places of the story), then population and feature importance.
 *  - Offsets are UTF-8 byte offsets into the text exactly as given (before
 *    tocsin's own normalisation), so text[start..end) is the mention.
 *  - Memory: a document's mentions live in the caller's arena; nothing grows
 *    with the number of documents.
 */
#ifndef TOCSIN_GEO_H
#define TOCSIN_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

typedef struct geo_gazetteer geo_gazetteer;

/* The index: $TOCSIN_GEO when set, else $TOCSIN_DATA/geo/gazetteer.idx of an
 * installed tocsin (make install), else build/geo/gazetteer.idx next to the
 * checkout's data/ (where `make` builds it). */
const char *geo_default_path(void);
/* Maps the index at path (NULL: geo_default_path()). Returns NULL with a
 * util_report() naming the file when it is missing or not a tocsin gazetteer. */
geo_gazetteer *geo_open(const char *path);
void geo_close(geo_gazetteer *g);

/* Kinds of place (geo_place.kind), as in geo_index.h. */
enum { GEO_CITY = 1, GEO_ADM1 = 2, GEO_COUNTRY = 3, GEO_CONTINENT = 4, GEO_ADM2 = 5 };

/* One place of the gazetteer, as the outputs show it. */
typedef struct geo_place {
    uint32_t id;           /* index of the place in the gazetteer */
    uint32_t geonameid;    /* GeoNames id; 0 when the data has none (countries, subdivisions) */
    double lat, lon;
    const char *name;      /* display name (GeoNames / ISO 3166) */
    char country[3];       /* ISO 3166-1 alpha-2, "" for a continent */
    char country3[4];      /* ISO 3166-1 alpha-3 */
    char fips[3];          /* FIPS 10-4 (GEC) country code, "" when none */
    char adm1[8];          /* GeoNames admin1 code, "" when unknown */
    char iso_sub[6];       /* ISO 3166-2 code after the dash for a subdivision */
    int kind;              /* GEO_CITY .. GEO_ADM2 */
    uint32_t population;
} geo_place;

/* "city", "adm1", "country", "continent", "adm2" (a US county). */
const char *geo_kind_name(int kind);
/* Fills *out with place id; 0 on success, -1 when id is out of range. */
int geo_place_get(const geo_gazetteer *g, uint32_t id, geo_place *out);
/* The country place of ISO alpha-2 or alpha-3 code cc; -1 when unknown. */
int64_t geo_country_place(const geo_gazetteer *g, const char *cc);
/* The subdivision place of a city or subdivision (its country + admin1), or -1. */
int64_t geo_adm1_place(const geo_gazetteer *g, const geo_place *p);
/* Number of places and names, and the index size in bytes. */
void geo_stats(const geo_gazetteer *g, size_t *places, size_t *names, size_t *bytes);

/* How a mention was recognised (geo_mention.cue). */
enum {
    GEO_CUE_NAME = 0,      /* a country, subdivision, continent or well-known city by name */
    GEO_CUE_PREP,          /* after a locative preposition ("in", "near", "outside") */
    GEO_CUE_QUALIFIED,     /* "City, State" / "City, Country" */
    GEO_CUE_TYPE,          /* before a place word ("the Donbas region", "Aleppo province") */
    GEO_CUE_DATELINE,      /* the story's dateline */
    GEO_CUE_ADJ,           /* a country adjective or demonym ("Ukrainian", "Turks") */
};

typedef struct geo_mention {
    size_t start, end;     /* byte offsets into the document text as given */
    int sentence;          /* 1-based sentence index as src/text counts; 0 for the dateline */
    uint32_t place;        /* resolved place id */
    int cue;               /* GEO_CUE_* */
} geo_mention;

typedef struct geo_result {
    geo_mention *m;        /* arena memory */
    size_t n;
    int dateline;          /* index into m of the dateline place, -1 when none */
} geo_result;

/* Finds and resolves the place mentions of text[0..len) (any bytes: invalid
 * UTF-8 is repaired as everywhere in tocsin). Mentions are in text order. */
void geo_places(const geo_gazetteer *g, const char *text, size_t len, arena *a, geo_result *out);

/* One sentence as src/text made it (normalised), with its 1-based index. */
typedef struct geo_sentence {
    const char *text;
    size_t len;
    int index;
} geo_sentence;

/* geo_places() over given sentences only (in index order) and the dateline at
 * the head of text: what an event's location needs, at a fraction of the cost
 * of the whole document (the story's other sentences give no context then).
 * Offsets are set for the dateline only (0 for the others). */
void geo_places_in(const geo_gazetteer *g, const char *text, size_t len, const geo_sentence *ss, size_t n,
                   arena *a, geo_result *out);

/* A document scanned sentence by sentence, as the coder's location pass does
 * (src/coder/coder_geo.c): the same recognition and resolution as geo_places_in(),
 * over sentences someone else has already split and tokenized. One scan is
 * reused for any number of documents (no allocation in a steady state):
 * geo_scan_begin(), geo_scan_sentence() for each sentence in index order, then
 * geo_scan_finish(). */
typedef struct geo_scan geo_scan;
struct sentence;
geo_scan *geo_scan_new(const geo_gazetteer *g);
void geo_scan_free(geo_scan *gs);
/* Starts document text[0..len) (the text as given: its head holds the dateline,
 * read at the first sentence or at finish). text must stay valid until
 * geo_scan_finish(); scratch memory and the result come from a, which the caller
 * resets between documents. */
void geo_scan_begin(geo_scan *gs, const char *text, size_t len, arena *a);
/* Recognises the place mentions of one sentence of src/text (its text and
 * tokens, s->index its 1-based index), in increasing index order. */
void geo_scan_sentence(geo_scan *gs, const struct sentence *s);
/* Resolves the mentions of the document (the dateline and the sentences given)
 * into *out, as geo_places_in() does: offsets set for the dateline only. */
void geo_scan_finish(geo_scan *gs, geo_result *out);

/* GDELT's geo type of a place: 1 country, 2 US state, 3 US city, 4 world city,
 * 5 world state (a continent is reported as 0: GDELT has no type for it). A city
 * or US county without a GeoNames id (GDELT's FeatureID of a city is one) has
 * its state's type, 2 or 5. */
int geo_gdelt_type(const geo_place *p);

/* The process's gazetteer at geo_default_path(), opened on first use by any
 * thread; NULL (silently) when none was built. Never closed. */
const geo_gazetteer *geo_shared(void);

struct tocsin_event;
/* Fills action_geo, actor1_geo and actor2_geo of the n events coded from the
 * document text[0..len) (events[i] lies at (char *)events + i * stride):
 * ActionGeo is the place the event's sentence ties to the action (after a
 * locative preposition, a "City, State" or a place word), else a city or
 * subdivision the sentence names, else the dateline, else the country both
 * actors belong to (or the one of theirs the sentence names); each actor's
 * geo is its country (the ISO alpha-3 its CAMEO code begins with). Scratch
 * memory comes from a, which the caller resets (NULL: an arena of its own). */
void geo_locate_events(const geo_gazetteer *g, const char *text, size_t len, struct tocsin_event *events,
                       size_t n, size_t stride, arena *a);
/* Fills action_geo, actor1_geo and actor2_geo of one event by the rules of
 * geo_locate_events(), from r, the mentions of its document's dateline and event
 * sentences (geo_places_in() or geo_scan_finish()). Reads ev->sentence and the
 * actors' codes. */
void geo_locate_event(const geo_gazetteer *g, const geo_result *r, struct tocsin_event *ev);
/* Fills out from place p in GDELT's terms. */
struct tocsin_geo;
void geo_to_gdelt(const geo_gazetteer *g, const geo_place *p, struct tocsin_geo *out);

#endif
