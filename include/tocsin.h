/*
 * tocsin.h — the public API of libtocsin.
 *
 * tocsin turns news text into CAMEO-coded political events. The pipeline is
 *   text in -> sentences/tokens -> actor and verb matching -> coded events
 *   -> store / dedup -> indicators -> serve
 * and this header exposes the part a program embedding tocsin needs: load the
 * dictionaries once, then code documents with one coder per thread. The loaded
 * dictionaries are read-only and shared; a coder owns all scratch memory, so the
 * hot path allocates nothing per token or per sentence.
 */
#ifndef TOCSIN_H
#define TOCSIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TOCSIN_VERSION "0.1.0"

/* Marks the functions libtocsin.so exports: the library is built with
 * -fvisibility=hidden, so everything not declared here stays internal. */
#if defined(__GNUC__) || defined(__clang__)
#define TOCSIN_API __attribute__((visibility("default")))
#else
#define TOCSIN_API
#endif

/* ---- dictionaries ------------------------------------------------------- */

typedef struct tocsin_dict tocsin_dict;

/* A set of dictionaries: the built-in ones and/or the field's TABARI/PETRARCH
 * files. Directories are read in the order added; later entries add to earlier
 * ones. "builtin" names the dictionaries shipped with tocsin. */
TOCSIN_API tocsin_dict *tocsin_dict_new(void);
/* Adds every dictionary file found in dir (or "builtin"). Malformed lines are
 * reported through the error callback with file and line, and skipped.
 * Returns 0 on success, -1 when the directory cannot be read at all. */
TOCSIN_API int  tocsin_dict_add(tocsin_dict *d, const char *dir);
/* Freezes the set; must be called once after the last add, before coding. */
TOCSIN_API int  tocsin_dict_finish(tocsin_dict *d);
TOCSIN_API void tocsin_dict_free(tocsin_dict *d);

/* ---- documents and events ---------------------------------------------- */

typedef struct tocsin_doc {
    const char *id;      /* record id; required */
    const char *date;    /* publication date YYYY-MM-DD; required for coding */
    const char *title;   /* optional; may be NULL */
    const char *url;     /* optional */
    const char *source;  /* optional: publisher */
    const char *text;    /* body, UTF-8 (invalid bytes are replaced, never fatal) */
    size_t      text_len;
} tocsin_doc;

/* How an actor was recognised. */
typedef enum tocsin_match {
    TOCSIN_MATCH_NONE = 0,
    TOCSIN_MATCH_EXACT,    /* the dictionary phrase, as written */
    TOCSIN_MATCH_FUZZY,    /* a garbled name resolved by guarded fuzzy match */
    TOCSIN_MATCH_TITLE,    /* a title phrase ("Ukrainian President ...") without a known name */
    TOCSIN_MATCH_PRONOUN,  /* a pronoun carried over from an earlier sentence */
} tocsin_match;

/* "exact", "fuzzy", "title", "pronoun" or "none": the names used in every output. */
TOCSIN_API const char *tocsin_match_name(tocsin_match m);

typedef struct tocsin_actor {
    char code[32];         /* CAMEO actor code, e.g. "USAGOV" */
    const char *text;      /* the words in the sentence that named it */
    size_t text_len;
    tocsin_match match;
} tocsin_actor;

/* Where an event happened or an actor is, in GDELT's terms (src/geo). type 0: unknown. */
typedef struct tocsin_geo {
    int type;              /* GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city,
                              5 world state (first-order subdivision); 0 none */
    char name[128];        /* GDELT FullName: "Donetsk, Donetsk Oblast, Ukraine" */
    char country[3];       /* ISO 3166-1 alpha-2 (tocsin's JSON) */
    char fips[3];          /* FIPS 10-4 country code (GDELT's CountryCode) */
    char adm1[12];         /* GDELT ADM1Code: FIPS country + GeoNames admin1 ("UP05", "USTX") */
    double lat, lon;
    uint32_t geonameid;    /* GeoNames id of a city, 0 when none */
} tocsin_geo;

typedef struct tocsin_event {
    const char *doc_id;
    int sentence;          /* 1-based within the document */
    char date[11];         /* event date YYYY-MM-DD */
    tocsin_actor source, target;   /* target.code "" : a one-sided event (no target named) */
    char code[5];          /* CAMEO event code, e.g. "1312" */
    char root[3];          /* CAMEO root, e.g. "13" */
    int quad_class;        /* GDELT QuadClass 1..4; 0 for a code of the dictionaries' own
                              that is no CAMEO code (TABARI's demo verbs have "[xxy]") */
    double goldstein;
    const char *verb_text; /* the verb phrase as written */
    size_t verb_len;
    const char *text;      /* the sentence */
    size_t text_len;
    const char *issues;    /* issue codes, ";"-separated, or "" */
    /* PLOVER event type, mode and context of the CAMEO code (data/plover.tsv, from the
     * PLOVER manual); "" when none (CAMEO 01 and 02 have no PLOVER type) */
    const char *plover_type, *plover_mode, *plover_context;
    /* 0..100: how sure the coder is of the event (README, "Confidence"): lower for a
     * fuzzy-matched, title-only or pronoun actor, a one-sided event, a verb far from
     * its actors, a hedged ("reportedly") or reported ("X said Y did") claim */
    int confidence;
    /* Filled by the coder's location pass when a gazetteer is installed (src/geo), else
     * type 0: ActionGeo (where the sentence puts the action, else the dateline, else the
     * actors' shared country) and each actor's country (Actor1Geo, Actor2Geo). */
    tocsin_geo action_geo, actor1_geo, actor2_geo;
} tocsin_event;

/* ---- coding ------------------------------------------------------------- */

typedef struct tocsin_coder tocsin_coder;

/* A coder for one thread: it borrows d (which must outlive it) and owns an arena
 * reset per document. NULL only when d is not finished. tocsin_coder_free(NULL)
 * does nothing. A coder is not shared between threads; d may be. */
TOCSIN_API tocsin_coder *tocsin_coder_new(const tocsin_dict *d);
TOCSIN_API void tocsin_coder_free(tocsin_coder *c);
/* dyadic = 1: two-sided events only, as TABARI codes; 0: also one-sided events,
 * whose target the sentence does not name (target.code ""). The default is 0 with
 * the built-in dictionaries and 1 with TABARI's and Phoenix's (their validation
 * suites' behaviour; PETRARCH-2's flat-syntax dictionaries keep its "---" target). */
TOCSIN_API void tocsin_coder_set_dyadic(tocsin_coder *c, int dyadic);

/* Locations (on = 1, the default): each event's action_geo, actor1_geo and actor2_geo
 * are filled from the gazetteer ($TOCSIN_GEO, else the one installed with tocsin or
 * built in the checkout), mapped once per process and shared by every coder. A
 * document's events then reach the callback when its last sentence has been coded.
 * Without a gazetteer the geo fields stay empty (type 0) and the first document
 * coded says so through the error handler, once per process. on = 0: no locations
 * (the pass's time saved). */
TOCSIN_API void tocsin_coder_set_locations(tocsin_coder *c, int on);

/* Called once per event. Pointers inside ev are valid only during the call. */
typedef void (*tocsin_event_fn)(const tocsin_event *ev, void *user);

/* Codes one document. Returns the number of events, or -1 with a message in
 * tocsin_coder_error() when the document cannot be coded (e.g. a bad date). */
TOCSIN_API int tocsin_code(tocsin_coder *c, const tocsin_doc *doc, tocsin_event_fn fn, void *user);
/* The next tocsin_code() call codes the next sentence(s) of the story coded last
 * (stories given sentence by sentence, as TABARI's records are): a pronoun that
 * opens it may stand for an actor named before. Holds for that one call. */
TOCSIN_API void tocsin_coder_continue_story(tocsin_coder *c);
TOCSIN_API const char *tocsin_coder_error(const tocsin_coder *c);

/* Counters of the work a coder has done, for benchmarks. */
typedef struct tocsin_stats {
    uint64_t documents, sentences, tokens, events, bytes;
} tocsin_stats;
TOCSIN_API void tocsin_coder_stats(const tocsin_coder *c, tocsin_stats *out);

/* ---- diagnostics -------------------------------------------------------- */

/* Where the library reports malformed dictionary lines and similar problems.
 * The default prints "tocsin: <message>" to stderr. */
typedef void (*tocsin_error_fn)(const char *message, void *user);
TOCSIN_API void tocsin_set_error_handler(tocsin_error_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif
