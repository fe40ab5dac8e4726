/*
 * store_internal.h — the store's private state, shared by store.c (writing) and
 * export.c (reading). Not part of any public contract.
 */
#ifndef TOCSIN_STORE_INTERNAL_H
#define TOCSIN_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/dedup.h"
#include "store/store.h"

struct store {
    sqlite3 *db;
    store_opts opts;
    int in_txn, pending, indexes_present;
    sqlite3_stmt *st_exists, *st_story_new, *st_story_join, *st_doc, *st_extra, *st_fp, *st_find_event,
        *st_event, *st_mention, *st_doc_mentioned, *st_source_mentioned, *st_count;
    sqlite3_stmt *st_geo;          /* event_geo (src/geo); store_geo.c */
    dedup_index *index;      /* NULL when dedup is off or read-only */
    dedup_scratch scratch;
    buf tmp;
    int tmp_init;
    store_stats stats;
};

/* ---- store_geo.c: the event_geo table ---- */
#define STORE_GEO_SQL                                                                          \
    "INSERT OR REPLACE INTO event_geo(event_id, action_type, action_name, action_country, "    \
    "action_lat, action_lon, action_geonameid, gdelt_actor1, gdelt_actor2, gdelt_action) "    \
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
/* Stores ev's geography (tocsin_event.action_geo, actor1_geo, actor2_geo) for event_id
 * with st (STORE_GEO_SQL). Nothing when none of the three is known. 0, or -1 on error. */
int store_put_geo(sqlite3_stmt *st, int64_t event_id, const tocsin_event *ev);
/* The 8 GDELT fields of one geo block, tab-separated, into out (cap bytes). */
void store_gdelt_geo(const tocsin_geo *g, char *out, size_t cap);

#endif
