/*
 * pipeline.c — reads documents, codes them on N threads, and hands the results
 * to a sink in input order.
 *
 * Why this shape: coding is the expensive part and is embarrassingly parallel
 * per document, but output must be identical to a single-threaded run and in
 * input order. The calling thread reads documents into batches (copying them,
 * since a reader's record dies at its next call), worker threads claim small
 * runs of documents from the oldest unfinished batch, and the calling thread
 * sinks finished batches strictly in sequence. A fixed number of batches is in
 * flight (threads + 2), so memory does not grow with input size, and slot
 * buffers are reused, so a steady state allocates nothing.
 */
#include "io/io.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_DOCS 256
#define BATCH_BYTES (4u << 20)
#define CLAIM 4

typedef struct event_offsets {
    size_t source_text, target_text, verb, text, issues;
} event_offsets;

typedef struct slot {
    raw_doc raw;             /* as read; an HTML page is extracted by the worker */
    tocsin_doc doc;          /* what is coded and sunk: raw.doc, or the extracted page */
    buf docmem;              /* raw's strings, NUL-separated */
    buf rawmeta;             /* raw's content type, fallback date and place, for extraction */
    buf extracted;           /* the extracted page's strings */
    coded_event *events;
    event_offsets *offs;
    size_t nevents, cap;
    buf strings;             /* the events' strings */
    buf error;
    buf warning;             /* said on stderr, the document still counts as coded */
    size_t nsentences;
    int skip;                /* the filter said: no coding needed */
} slot;

enum { B_FREE, B_FILLING, B_FILLED, B_DONE };

typedef struct batch {
    slot slots[BATCH_DOCS];
    size_t n, bytes, next_claim, ndone;
    unsigned long seq;
    int state;
} batch;

typedef struct pipeline {
    const tocsin_dict *dict;
    batch *batches;
    int nbatches;
    unsigned long fill_seq, sink_seq;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    int stop;
    pipeline_sink sink;
    void *user;
    pipeline_result *res;
    int sink_stopped;
} pipeline;

/* ---- copying a document into a slot ---- */

/* Copies a document's strings into mem and points dst at them. */
static void copy_doc(buf *mem, const tocsin_doc *d, tocsin_doc *dst)
{
    const char *parts[5] = {d->id, d->date, d->title, d->url, d->source};
    size_t offs[5];
    util_buf_clear(mem);
    util_buf_reserve(mem, d->text_len + 512);
    for (int i = 0; i < 5; i++) {
        offs[i] = mem->len;
        if (parts[i]) util_buf_add(mem, parts[i], strlen(parts[i]) + 1);
    }
    size_t text_off = mem->len;
    util_buf_add(mem, d->text, d->text_len);
    const char *base = mem->data;
    const char **out[5] = {&dst->id, &dst->date, &dst->title, &dst->url, &dst->source};
    for (int i = 0; i < 5; i++) *out[i] = parts[i] ? base + offs[i] : NULL;
    dst->text = base + text_off;
    dst->text_len = d->text_len;
}

static void slot_set_doc(slot *s, const raw_doc *d)
{
    copy_doc(&s->docmem, &d->doc, &s->raw.doc);
    s->raw.html = d->html;
    const char *meta[3] = {d->content_type, d->fallback_date, d->where};
    size_t offs[3];
    util_buf_clear(&s->rawmeta);
    for (int i = 0; i < 3; i++) {
        offs[i] = s->rawmeta.len;
        if (meta[i]) util_buf_add(&s->rawmeta, meta[i], strlen(meta[i]) + 1);
    }
    const char **dst[3] = {&s->raw.content_type, &s->raw.fallback_date, &s->raw.where};
    for (int i = 0; i < 3; i++) *dst[i] = meta[i] ? s->rawmeta.data + offs[i] : NULL;
    s->doc = s->raw.doc;
    s->nevents = 0;
    s->nsentences = 0;
    util_buf_clear(&s->strings);
    util_buf_clear(&s->error);
    util_buf_clear(&s->warning);
}

static void slot_free(slot *s)
{
    util_buf_free(&s->docmem);
    util_buf_free(&s->rawmeta);
    util_buf_free(&s->extracted);
    util_buf_free(&s->strings);
    util_buf_free(&s->error);
    util_buf_free(&s->warning);
    free(s->events);
    free(s->offs);
}

/* ---- coding (worker side) ---- */

static size_t keep_string(buf *b, const char *s, size_t n)
{
    size_t off = b->len;
    if (s) util_buf_add(b, s, n);
    util_buf_addc(b, 0);
    return off;
}

static void collect_event(const tocsin_event *ev, void *user)
{
    slot *s = user;
    if (s->nevents == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->events = util_xrealloc(s->events, s->cap * sizeof *s->events);
        s->offs = util_xrealloc(s->offs, s->cap * sizeof *s->offs);
    }
    s->events[s->nevents].ev = *ev;
    event_offsets *o = &s->offs[s->nevents++];
    o->source_text = keep_string(&s->strings, ev->source.text, ev->source.text_len);
    o->target_text = keep_string(&s->strings, ev->target.text, ev->target.text_len);
    o->verb = keep_string(&s->strings, ev->verb_text, ev->verb_len);
    o->text = keep_string(&s->strings, ev->text, ev->text_len);
    o->issues = keep_string(&s->strings, ev->issues, ev->issues ? strlen(ev->issues) : 0);
}

/* The strings buffer may have moved while events were collected: point the
 * events into its final place. */
static void slot_fix_pointers(slot *s)
{
    const char *base = s->strings.data;
    for (size_t i = 0; i < s->nevents; i++) {
        tocsin_event *e = &s->events[i].ev;
        event_offsets *o = &s->offs[i];
        e->doc_id = s->doc.id;
        e->source.text = base + o->source_text;
        e->target.text = base + o->target_text;
        e->verb_text = base + o->verb;
        e->text = base + o->text;
        e->issues = base + o->issues;
    }
}

/* An HTML page is extracted here, on the worker, then coded like any document. */
static int extract_slot(slot *s, const char *default_date)
{
    web_page page;
    char date_store[11];
    tocsin_doc out;
    char err[512];
    int rc = io_extract_raw_doc(&s->raw, default_date, &page, date_store, &out, err, sizeof err);
    if (rc == 0) copy_doc(&s->extracted, &out, &s->doc);
    else util_buf_adds(&s->error, err);
    if (rc == 0 && page.cut) util_buf_printf(&s->warning, "%s: page cut: %s", s->raw.where, web_cut_reason(page.cut));
    web_page_free(&page);
    return rc;
}

static void code_slot(tocsin_coder *c, slot *s, const char *default_date)
{
    if (s->skip) return;
    if (s->raw.html && extract_slot(s, default_date)) return;
    tocsin_stats before, after;
    tocsin_coder_stats(c, &before);
    if (tocsin_code(c, &s->doc, collect_event, s) < 0) {
        util_buf_printf(&s->error, "%s: %s", s->doc.id, tocsin_coder_error(c));
        s->nevents = 0;
    }
    tocsin_coder_stats(c, &after);
    s->nsentences = (size_t)(after.sentences - before.sentences);
    slot_fix_pointers(s);
}

typedef struct worker {
    pipeline *p;
    const char *default_date;  /* --date, the fallback date of extracted pages */
    tocsin_coder *coder;
    pthread_t thread;
} worker;

/* The oldest batch with documents left to claim, or NULL. */
static batch *claimable(pipeline *p)
{
    batch *best = NULL;
    for (int i = 0; i < p->nbatches; i++) {
        batch *b = &p->batches[i];
        if (b->state == B_FILLED && b->next_claim < b->n && (!best || b->seq < best->seq)) best = b;
    }
    return best;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pipeline *p = w->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        batch *b = claimable(p);
        if (!b) {
            if (p->stop) break;
            pthread_cond_wait(&p->work_cv, &p->mu);
            continue;
        }
        size_t start = b->next_claim;
        size_t k = b->n - start < CLAIM ? b->n - start : CLAIM;
        b->next_claim += k;
        pthread_mutex_unlock(&p->mu);
        for (size_t i = start; i < start + k; i++) code_slot(w->coder, &b->slots[i], w->default_date);
        pthread_mutex_lock(&p->mu);
        b->ndone += k;
        if (b->ndone == b->n) {
            b->state = B_DONE;
            pthread_cond_broadcast(&p->done_cv);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* ---- sinking (calling thread) ---- */

static void sink_batch(pipeline *p, batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        slot *s = &b->slots[i];
        coded_doc cd = {
            .doc = &s->doc,
            .events = s->events,
            .nevents = s->nevents,
            .error = s->error.len ? s->error.data : NULL,
            .nsentences = s->nsentences,
            .skipped = s->skip,
        };
        p->res->documents++;
        p->res->sentences += s->nsentences;
        p->res->bytes += s->doc.text_len;
        if (s->warning.len) util_report("warning: %s", s->warning.data);
        if (cd.error) {
            util_report("%s", cd.error);
            p->res->failed++;
        } else {
            p->res->events += s->nevents;
        }
        if (!p->sink_stopped && p->sink(&cd, p->user)) p->sink_stopped = 1;
    }
}

/* Slots keep their buffers for the next document, so a steady state allocates
 * nothing. But each slot's buffers would in time grow to the largest document and
 * event list it ever held, and memory would creep up with the length of the input;
 * so when a batch's slots together keep more than a batch may read,
 * the big buffers are let go. Memory stays bounded by the batch size. */
#define SLOT_SMALL_BYTES (16u << 10)
#define SLOT_SMALL_EVENTS 64

static size_t slot_kept(const slot *s)
{
    return s->docmem.cap + s->rawmeta.cap + s->extracted.cap + s->strings.cap + s->error.cap + s->warning.cap +
           s->cap * (sizeof *s->events + sizeof *s->offs);
}

static void slot_trim(slot *s)
{
    buf *bufs[] = {&s->docmem, &s->rawmeta, &s->extracted, &s->strings, &s->error, &s->warning};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
        if (bufs[i]->cap > SLOT_SMALL_BYTES) util_buf_free(bufs[i]);
    if (s->cap > SLOT_SMALL_EVENTS) {
        free(s->events);
        free(s->offs);
        s->events = NULL;
        s->offs = NULL;
        s->cap = 0;
    }
}

static void batch_trim(batch *b)
{
    size_t kept = 0;
    for (size_t i = 0; i < BATCH_DOCS; i++) kept += slot_kept(&b->slots[i]);
    if (kept > (size_t)BATCH_BYTES)
        for (size_t i = 0; i < BATCH_DOCS; i++) slot_trim(&b->slots[i]);
}

/* Makes a sunk batch reusable. Workers read batch state under the mutex, so this
 * must run with it held whenever workers exist. */
static void recycle_batch(batch *b)
{
    batch_trim(b);
    b->n = b->bytes = b->next_claim = b->ndone = 0;
    b->state = B_FREE;
}

/* Sinks the oldest batch once it is done. Call with the mutex held. */
static int sink_oldest(pipeline *p)
{
    batch *oldest = NULL;
    for (int i = 0; i < p->nbatches; i++) {
        batch *b = &p->batches[i];
        if ((b->state == B_FILLED || b->state == B_DONE) && b->seq == p->sink_seq) oldest = b;
    }
    if (!oldest) return 0;
    while (oldest->state != B_DONE) pthread_cond_wait(&p->done_cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
    sink_batch(p, oldest);
    pthread_mutex_lock(&p->mu);
    recycle_batch(oldest);
    p->sink_seq++;
    return 1;
}

static batch *get_free_batch(pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    for (;;) {
        for (int i = 0; i < p->nbatches; i++) {
            if (p->batches[i].state == B_FREE) {
                p->batches[i].state = B_FILLING;
                pthread_mutex_unlock(&p->mu);
                return &p->batches[i];
            }
        }
        sink_oldest(p);
    }
}

static void submit(pipeline *p, batch *b, tocsin_coder *inline_coder, const char *default_date)
{
    if (inline_coder) {
        for (size_t i = 0; i < b->n; i++) code_slot(inline_coder, &b->slots[i], default_date);
        b->seq = p->fill_seq++;
        b->state = B_DONE;
        sink_batch(p, b);
        recycle_batch(b);
        p->sink_seq++;
        return;
    }
    pthread_mutex_lock(&p->mu);
    b->seq = p->fill_seq++;
    b->state = b->n ? B_FILLED : B_DONE;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
}

int io_pipeline_run(const tocsin_dict *d, char **paths, int npaths, const reader_opts *o, int threads,
                 pipeline_sink sink, void *user, pipeline_result *res)
{
    return io_pipeline_run_filtered(d, paths, npaths, o, threads, NULL, sink, user, res);
}

int io_pipeline_run_filtered(const tocsin_dict *d, char **paths, int npaths, const reader_opts *o, int threads,
                          pipeline_filter filter, pipeline_sink sink, void *user, pipeline_result *res)
{
    pipeline_hooks h = {.filter = filter};
    return io_pipeline_run_hooks(d, paths, npaths, o, threads, &h, sink, user, res);
}

/* Tells the progress hook where the run is. */
static void progress(const pipeline_hooks *h, int input, int ninputs, doc_reader *r, int done, size_t read,
                     const pipeline_result *res)
{
    if (!h || !h->progress) return;
    pipeline_progress_info pi = {input, ninputs, io_reader_offset(r), done, read, res};
    h->progress(&pi, h->progress_user);
}

int io_pipeline_run_hooks(const tocsin_dict *d, char **paths, int npaths, const reader_opts *o, int threads,
                       const pipeline_hooks *h, pipeline_sink sink, void *user, pipeline_result *res)
{
    pipeline_filter filter = h ? h->filter : NULL;
    size_t nread = 0;
    if (threads < 1) threads = 1;
    pipeline_result local;
    if (!res) res = &local;
    memset(res, 0, sizeof *res);

    pipeline p = {.dict = d, .sink = sink, .user = user, .res = res};
    p.nbatches = threads == 1 ? 1 : threads + 2;
    p.batches = util_xcalloc((size_t)p.nbatches, sizeof *p.batches);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work_cv, NULL);
    pthread_cond_init(&p.done_cv, NULL);

    tocsin_coder *inline_coder = NULL;
    worker *workers = NULL;
    if (threads == 1) {
        inline_coder = tocsin_coder_new(d);
    } else {
        workers = util_xcalloc((size_t)threads, sizeof *workers);
        for (int i = 0; i < threads; i++) {
            workers[i].p = &p;
            workers[i].default_date = o ? o->date : NULL;
            workers[i].coder = tocsin_coder_new(d);
            pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
        }
    }

    int status = 0;
    char err[1024];
    batch *cur = NULL;
    for (int i = 0; i < npaths && !p.sink_stopped; i++) {
        doc_reader *r = io_reader_open(paths[i], o, err, sizeof err);
        if (!r) {
            util_report("%s", err);
            status = 2;
            continue;
        }
        raw_doc doc;
        int st;
        while (!p.sink_stopped && (st = io_reader_next_raw(r, &doc, err, sizeof err)) != 0) {
            if (st < 0) {
                util_report("%s", err);
                res->failed++;
                continue;
            }
            if (!cur) cur = get_free_batch(&p);
            slot *sl = &cur->slots[cur->n++];
            slot_set_doc(sl, &doc);
            sl->skip = filter && filter(&sl->doc, user);
            cur->bytes += doc.doc.text_len;
            progress(h, i, npaths, r, 0, ++nread, res);
            if (cur->n == BATCH_DOCS || cur->bytes >= BATCH_BYTES) {
                submit(&p, cur, inline_coder, o ? o->date : NULL);
                cur = NULL;
            }
        }
        size_t passed_over = io_reader_not_documents(r);
        if (passed_over) {
            /* said, so that a crawl of 1,000 records giving 600 documents is no mystery */
            util_report("%s: %zu %s (requests, metadata, redirects, errors, other media): passed over", paths[i],
                   passed_over, passed_over == 1 ? "record is not an HTML page" : "records are not HTML pages");
            res->not_documents += passed_over;
        }
        progress(h, i, npaths, r, 1, nread, res);
        io_reader_close(r);
    }
    if (cur) submit(&p, cur, inline_coder, o ? o->date : NULL);

    if (workers) {
        pthread_mutex_lock(&p.mu);
        while (sink_oldest(&p)) {}
        p.stop = 1;
        pthread_cond_broadcast(&p.work_cv);
        pthread_mutex_unlock(&p.mu);
        for (int i = 0; i < threads; i++) {
            pthread_join(workers[i].thread, NULL);
            tocsin_coder_free(workers[i].coder);
        }
        free(workers);
    }
    if (inline_coder) tocsin_coder_free(inline_coder);
    for (int i = 0; i < p.nbatches; i++)
        for (int k = 0; k < BATCH_DOCS; k++) slot_free(&p.batches[i].slots[k]);
    free(p.batches);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.work_cv);
    pthread_cond_destroy(&p.done_cv);
    if (status == 0 && res->failed) status = 1;
    return status;
}
