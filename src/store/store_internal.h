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
    dedup_index *index;      /* NULL when dedup is off or read-only */
    dedup_scratch scratch;
    buf tmp;
    int tmp_init;
    store_stats stats;
};

#endif
