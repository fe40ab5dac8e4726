/*
 * store_internal.h — the store's private state, shared by store.c (writing),
 * export.c (reading) and check.c. Not part of any public contract.
 */
#ifndef TOCSIN_STORE_INTERNAL_H
#define TOCSIN_STORE_INTERNAL_H

#include "store/backend.h"
#include "store/dedup.h"
#include "store/store.h"

struct store {
    const store_backend *be; /* chosen once, at open, from the --db string */
    store_conn *c;
    char *path;              /* the database as named by the caller (for messages) */
    store_opts opts;
    double lock_t0, lock_cpu0; /* when the open batch took the write lock: wall, thread CPU (stats.lock_held) */
    int in_txn, pending;
    int64_t fp_seen;         /* highest doc_fingerprints.doc_rowid in the index (others' rows above it
                              * are read in when the next batch takes the write lock) */
    store_stmt *st_max_ids, *st_refresh, *st_exists, *st_stored, *st_find_event, *st_source_mentioned;
    /* rows nothing reads before the batch commits, loaded in bulk (backend.h), in
     * the order they are flushed at commit (parents before children) */
    store_bulk *b_story, *b_doc, *b_extra, *b_fp, *b_event, *b_mention, *b_conf, *b_geo, *b_joins, *b_counts;
    /* what the open batch stored, which the database does not show before the
     * commit (bulk rows): its documents, its new stories and events (rows kept here,
     * counted here, loaded at commit), the (event, source) of its mentions. Ids
     * given in the batch start at batch_story0 / batch_event0, so a story or event
     * of the batch is bstories[id - batch_story0] / bevents[id - batch_event0].
     * stored: the batch's queued documents the database already holds (one query). */
    struct store_batch_doc { char *id; char hash[17]; } *bdocs, *stored;
    size_t nbdocs, capbdocs, nstored, capstored;
    struct store_batch_story { int64_t id; const char *first_doc, *first_date; int n; } *bstories;
    size_t nbstories, capbstories;
    struct store_batch_event {
        int64_t event_id, story;
        int day, n_mentions, n_sources, n_articles;
        char *key;                    /* source, target and event code (find_event) */
        const tocsin_event *ev;       /* the queued event (alive until the commit) */
        const char *first_doc;
        char date[11], root[3];
    } *bevents;
    size_t nbevents, capbevents;
    struct store_batch_msrc { int64_t event_id; uint64_t h; char *skey; } *bmsrc;
    size_t nbmsrc, capbmsrc;
    int64_t batch_story0, batch_event0;
    /* joins of stories and mentions of events of earlier batches, applied at commit
     * by one UPDATE each (through the temp tables tocsin_joins, tocsin_counts) */
    struct store_join { int64_t story; int n; const char *first_doc, *first_date; } *bjoins;
    size_t nbjoins, capbjoins;
    struct store_count { int64_t event_id; int m, a, s; } *bcounts;
    size_t nbcounts, capbcounts;
    int had_docs;            /* the store held documents when opened (store_has_doc asks the database) */
    /* documents coded and queued by store_add, written as one batch when batch_docs
     * are queued (or at commit): the write lock is held only while writing, never
     * while the documents are coded. Each is an owned copy (texts duplicated; the
     * document's text itself is not kept: its hash, length and fingerprint are
     * taken when it is queued, outside the lock). */
    struct store_queued {
        tocsin_doc doc;
        char hash[17];
        int day, has_fp;
        size_t nsentences, text_chars;
        dedup_fp fp;
        tocsin_event *ev;
        size_t nev;
    } *queue;
    size_t nqueue, capqueue;
    dedup_index *index;      /* NULL when dedup is off or read-only */
    dedup_scratch scratch;
    int scratch_init;
    buf tmp;
    int tmp_init;
    /* Ids are given by the writer holding the write lock (the database's max + 1, as
     * SQLite would), so that no insert waits for an answer: */
    int64_t next_story, next_event, next_rowid;
    uint64_t batch_seq;
    struct store_mention { int64_t event_id; int sentence; } *doc_mentions; /* the document's mentions so far */
    size_t ndoc_mentions, cap_doc_mentions;
    char *batch_first, *batch_last; /* ids of the first and last document of the open batch */
    store_stats stats;       /* committed documents only */
    store_stats batch;       /* the open batch: added to stats on commit, dropped on rollback */
};

/* ---- store_geo.c: the event_geo table ---- */
#define STORE_GEO_SQL                                                                          \
    "INSERT INTO event_geo(event_id, action_type, action_name, action_country, "                \
    "action_lat, action_lon, action_geonameid, gdelt_actor1, gdelt_actor2, gdelt_action) "    \
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING"
#define STORE_GEO_COLS                                                                          \
    "event_id, action_type, action_name, action_country, action_lat, action_lon, action_geonameid, " \
    "gdelt_actor1, gdelt_actor2, gdelt_action"
/* Stores ev's geography (tocsin_event.action_geo, actor1_geo, actor2_geo) for the new
 * event event_id in the bulk rows s->b_geo (STORE_GEO_SQL). Nothing when none of the three is
 * known. 0, or -1 on error. */
int store_put_geo(store *s, int64_t event_id, const tocsin_event *ev);
/* The 8 GDELT fields of one geo block, tab-separated, into out (cap bytes). */
void store_gdelt_geo(const tocsin_geo *g, char *out, size_t cap);

#endif
