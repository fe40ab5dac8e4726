/*
 * serve_cache.h — the server's answer cache, valid for one generation of the store.
 *
 * The dashboard asks the same few questions again and again (every page load asks
 * for the dyads, the alerts, the network), and between two ingest commits their
 * answers cannot change. The cache keeps the recent answers, keyed by the request
 * (path and parameters) and by the store's generation (store_reader_generation:
 * SQLite's PRAGMA data_version, PostgreSQL's meta 'generation' that every write
 * batch bumps) read on one connection the server keeps open, which changes whenever
 * any other connection or process commits to the store. An answer of an older generation is
 * never served. Bounded in entries and bytes (least recently used go first), so
 * memory does not grow with the store or with the number of distinct requests.
 * All functions are thread-safe (one mutex).
 */
#ifndef TOCSIN_SERVE_CACHE_H
#define TOCSIN_SERVE_CACHE_H

#include <stddef.h>

#include "store/reader.h"
#include "util/util.h"

typedef struct serve_cache serve_cache;

/* Opens the watcher connection on the store (read-only); NULL with a message. */
serve_cache *serve_cache_new(const char *db_path, size_t max_entries, size_t max_bytes, buf *err);
void serve_cache_free(serve_cache *c);

/* The store's current generation (-1 when it cannot be read: then nothing is
 * served from or put in the cache). Read it BEFORE computing an answer, so that an
 * answer is never filed under a newer generation than the data it was read from. */
long long serve_cache_generation(serve_cache *c);

/* On a hit for (key, gen): 1, with *status, *ctype and a copy of the body appended
 * to body. When another request is computing the same answer, waits for it (after
 * an ingest commit, N clients asking the same question cost one computation).
 * 0 on a miss: the caller computes the answer and must then call serve_cache_put
 * (or serve_cache_abandon when it is not to be kept), which wakes the waiters. */
int serve_cache_get(serve_cache *c, const char *key, long long gen, int *status,
                    const char **ctype, buf *body);

/* Files an answer (ctype must be a string with static lifetime). Answers larger
 * than an eighth of the byte budget, or of a generation older than the newest one
 * read, are not kept. */
void serve_cache_put(serve_cache *c, const char *key, long long gen, int status,
                     const char *ctype, const char *body, size_t len);
/* Gives up a miss's claim without an answer to keep (e.g. a 500). */
void serve_cache_abandon(serve_cache *c, const char *key, long long gen);

#endif
