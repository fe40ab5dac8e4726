/*
 * serve_cache.c — the server's answer cache per store generation (see
 * serve_cache.h): a small array searched linearly (a few hundred entries cost
 * less to scan than one database query), evicting the least recently used.
 */
#include "serve/serve_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *key;              /* NULL: free slot */
    int pending;            /* being computed by one request; the others wait for it */
    long long gen;
    int status;
    const char *ctype;
    char *body;
    size_t len;
    unsigned long long used; /* tick of the last use */
} entry;

struct serve_cache {
    pthread_mutex_t lock;
    pthread_cond_t filled;  /* a pending entry was filled or abandoned */
    long long newest;       /* the last generation read: entries of any other are stale */
    store_reader *watcher;  /* asked for the store's generation only (store_reader_generation) */
    entry *e;
    size_t n, bytes, max_bytes;
    unsigned long long tick;
};

serve_cache *serve_cache_new(const char *db_path, size_t max_entries, size_t max_bytes, buf *err)
{
    serve_cache *c = util_xcalloc(1, sizeof *c);
    char msg[512];
    if (!(c->watcher = store_reader_open(db_path, msg, sizeof msg)) || store_reader_generation(c->watcher) < 0) {
        util_buf_printf(err, "cannot watch '%s' for changes: %s", db_path,
                        c->watcher ? store_reader_errmsg(c->watcher) : msg);
        store_reader_close(c->watcher);
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->filled, NULL);
    c->newest = -1;
    c->n = max_entries ? max_entries : 1;
    c->e = util_xcalloc(c->n, sizeof *c->e);
    c->max_bytes = max_bytes;
    return c;
}

static void drop(serve_cache *c, entry *x)
{
    c->bytes -= x->len + strlen(x->key);
    free(x->key);
    free(x->body);
    memset(x, 0, sizeof *x);
}

void serve_cache_free(serve_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++)
        if (c->e[i].key) drop(c, &c->e[i]);
    free(c->e);
    store_reader_close(c->watcher);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->filled);
    free(c);
}

long long serve_cache_generation(serve_cache *c)
{
    long long gen = -1;
    pthread_mutex_lock(&c->lock);
    gen = store_reader_generation(c->watcher);
    c->newest = gen;
    pthread_mutex_unlock(&c->lock);
    return gen;
}

static entry *find(serve_cache *c, const char *key, long long gen)
{
    for (size_t i = 0; i < c->n; i++) {
        entry *x = &c->e[i];
        if (x->key && x->gen == gen && !strcmp(x->key, key)) return x;
    }
    return NULL;
}

/* A free slot for `cost` more bytes: drops stale entries, then the least recently
 * used finished ones. NULL when everything left is being computed. */
static entry *make_room(serve_cache *c, size_t cost)
{
    for (size_t i = 0; i < c->n; i++) {
        entry *x = &c->e[i];
        if (x->key && x->gen != c->newest && !x->pending) drop(c, x);
    }
    for (;;) {
        entry *free_slot = NULL, *oldest = NULL;
        for (size_t i = 0; i < c->n; i++) {
            entry *x = &c->e[i];
            if (!x->key) {
                if (!free_slot) free_slot = x;
            } else if (!x->pending && (!oldest || x->used < oldest->used)) {
                oldest = x;
            }
        }
        if (free_slot && c->bytes + cost <= c->max_bytes) return free_slot;
        if (!oldest) return NULL;
        drop(c, oldest);
    }
}

int serve_cache_get(serve_cache *c, const char *key, long long gen, int *status,
                    const char **ctype, buf *body)
{
    if (gen < 0) return 0;
    pthread_mutex_lock(&c->lock);
    entry *x;
    while ((x = find(c, key, gen)) && x->pending) pthread_cond_wait(&c->filled, &c->lock);
    if (x) {
        x->used = ++c->tick;
        *status = x->status;
        *ctype = x->ctype;
        util_buf_add(body, x->body, x->len);
    } else if ((x = make_room(c, strlen(key)))) { /* claim it: the others will wait */
        x->key = util_xstrdup(key);
        x->gen = gen;
        x->pending = 1;
        x->used = ++c->tick;
        c->bytes += strlen(key);
        x = NULL;
    }
    pthread_mutex_unlock(&c->lock);
    return x != NULL;
}

void serve_cache_abandon(serve_cache *c, const char *key, long long gen)
{
    if (gen < 0) return;
    pthread_mutex_lock(&c->lock);
    entry *x = find(c, key, gen);
    if (x && x->pending) drop(c, x);
    pthread_cond_broadcast(&c->filled);
    pthread_mutex_unlock(&c->lock);
}

void serve_cache_put(serve_cache *c, const char *key, long long gen, int status,
                     const char *ctype, const char *body, size_t len)
{
    if (gen < 0) return;
    size_t cost = len + strlen(key);
    pthread_mutex_lock(&c->lock);
    entry *x = find(c, key, gen);
    if (x) drop(c, x); /* the claim (or an older copy) */
    if (gen == c->newest && cost <= c->max_bytes / 8 && (x = make_room(c, cost))) {
        x->key = util_xstrdup(key);
        x->gen = gen;
        x->status = status;
        x->ctype = ctype;
        x->body = util_xmalloc(len + 1);
        memcpy(x->body, body, len);
        x->len = len;
        x->used = ++c->tick;
        c->bytes += cost;
    }
    pthread_cond_broadcast(&c->filled);
    pthread_mutex_unlock(&c->lock);
}
