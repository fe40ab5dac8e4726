/*
 * io.h — documents in, events out, and the pipeline that joins them.
 *
 * Readers turn a path (or "-" for standard input) into a stream of documents:
 * plain text (one document per file), JSON Lines ({"id","date","text"} plus
 * optional title/url/source), HTML pages and WARC archives (through src/web).
 * Input is streamed: a reader holds one record at a time. A bad record never
 * stops the stream: io_reader_next() returns -1 with a message naming the record
 * and the next call goes on with the following one.
 *
 * The pipeline codes the documents of many inputs with N threads and hands each
 * coded document, in input order, to a sink running on the calling thread.
 */
#ifndef TOCSIN_IO_H
#define TOCSIN_IO_H

#include <stddef.h>
#include <stdio.h>

#include "tocsin.h"
#include "util/util.h"
#include "web/web.h"

typedef enum input_format { IN_AUTO, IN_TEXT, IN_JSONL, IN_HTML, IN_WARC } input_format;

typedef struct reader_opts {
    input_format format; /* IN_AUTO: by extension (.jsonl .html/.htm .warc[.gz]) and content */
    const char *id;      /* --id for a plain-text document (else the file name without extension) */
    const char *date;    /* --date for documents that carry none */
    /* A byte range of a file (`tocsin ingest --shards-stdin`: tocsin.dask's chunks of
     * a JSON Lines file, cut at line boundaries): when range_end > range_start only
     * bytes [range_start, range_end) are read, and records are named
     * "PATH[bytes A-B]:LINE" (LINE counted within the range). 0, 0: the whole input. */
    uint64_t range_start, range_end;
} reader_opts;

/* After gzread() on path returned 0 or less: 0 when the input simply ended, else 1
 * with err saying what went wrong and where ("PATH: read error at compressed byte N:
 * unexpected end of file (the gzip file is truncated)"). g is a gzFile; void * keeps
 * zlib.h out of this header. */
int io_gz_read_error(void *g, const char *path, char *err, size_t errlen);

typedef struct doc_reader doc_reader;

/* Opens path ("-": standard input; gzip is read transparently) as o->format says,
 * else by its name and first bytes. NULL with err filled when it cannot be opened,
 * is a directory, or is WARC on standard input without --input warc. */
doc_reader *io_reader_open(const char *path, const reader_opts *o, char *err, size_t errlen);
/* 1: *doc filled (valid until the next call); 0: end of input;
 * -1: a bad record, err names it (path:line and id when known); call again. */
int  io_reader_next(doc_reader *r, tocsin_doc *doc, char *err, size_t errlen);
void io_reader_close(doc_reader *r);
/* Records read that are not documents and so were passed over: WARC requests,
 * metadata, redirects and error responses, non-HTML media. 0 for other inputs. */
size_t io_reader_not_documents(const doc_reader *r);
/* Bytes of the input file consumed so far (compressed bytes for a gzip file), for
 * progress; 0 when it cannot be told (a pipe). */
uint64_t io_reader_offset(const doc_reader *r);

/* A document as read, before HTML extraction: the pipeline extracts pages on its
 * worker threads, so that extraction scales with --threads as coding does. */
typedef struct raw_doc {
    tocsin_doc doc;            /* for a page still to extract, text holds the page's bytes */
    int html;                  /* 1: text is an HTML page still to extract */
    const char *content_type;  /* HTTP Content-Type (from WARC) or NULL */
    const char *fallback_date; /* WARC-Date: used when neither the page nor --date gives one */
    const char *where;         /* the input and record, for messages */
} raw_doc;

/* io_reader_next() without the extraction (same return values). */
int io_reader_next_raw(doc_reader *r, raw_doc *d, char *err, size_t errlen);
/* Extracts the article of an HTML raw_doc into page and fills out: text, title and
 * URL from the page, the date from the page, else default_date (--date), else the
 * fallback date, written into date_store. out's strings point into d, page and
 * date_store. Returns 0, or -1 with err when the bytes are no HTML page or no date
 * is known. */
int io_extract_raw_doc(const raw_doc *d, const char *default_date, web_page *page, char date_store[11],
                    tocsin_doc *out, char *err, size_t errlen);

/* ---- event output ---- */
void io_emit_event_jsonl(buf *out, const tocsin_event *ev);
void io_emit_event_tsv(buf *out, const tocsin_event *ev);
void io_emit_tsv_header(buf *out);
/* Which event ontology the output writes (--ontology): CAMEO's "event" object (the
 * default), PLOVER's "plover" object {"type","mode"[,"context"]} instead of it (events
 * with no PLOVER type, CAMEO 01 and 02, are then not written), or both. */
typedef enum emit_ontology { EMIT_CAMEO = 0, EMIT_PLOVER = 1, EMIT_BOTH = 2 } emit_ontology;
/* Whether event ev is written under ontology ont. */
int io_emit_wants(const tocsin_event *ev, emit_ontology ont);
/* io_emit_event_jsonl / io_emit_event_tsv / io_emit_tsv_header for ontology ont (the TSV gets
 * plover and plover_mode columns after the CAMEO ones, which it always keeps). */
void io_emit_event_jsonl_ont(buf *out, const tocsin_event *ev, emit_ontology ont);
void io_emit_event_tsv_ont(buf *out, const tocsin_event *ev, emit_ontology ont);
void io_emit_tsv_header_ont(buf *out, emit_ontology ont);

/* ---- pipeline ---- */

/* An event whose strings are owned copies (tocsin_event points into coder memory). */
typedef struct coded_event {
    tocsin_event ev;     /* string pointers point into the owning coded_doc's storage */
} coded_event;

typedef struct coded_doc {
    const tocsin_doc *doc;     /* the document (its strings valid during the sink call) */
    const coded_event *events;
    size_t nevents;
    const char *error;         /* non-NULL: the document could not be coded; why */
    size_t nsentences;
    int skipped;               /* the filter said it needs no coding: no events */
} coded_doc;

/* Called on the calling thread, in input order. Return non-zero to stop. */
typedef int (*pipeline_sink)(const coded_doc *cd, void *user);

typedef struct pipeline_result {
    size_t documents, failed, events, sentences, bytes;
    size_t not_documents; /* records passed over as no documents (io_reader_not_documents) */
} pipeline_result;

/* Decides on the calling thread, before coding, whether a document needs coding at
 * all (e.g. it is already stored). Non-zero: it is handed to the sink uncoded
 * (coded_doc.skipped set, no events). */
typedef int (*pipeline_filter)(const tocsin_doc *doc, void *user);

/* Reads every path, codes with `threads` coders, feeds the sink. Bad records are
 * reported (stderr via util_report()) and counted in failed. Returns 0 when every
 * record was coded, 1 when some failed, 2 when an input could not be opened. */
int io_pipeline_run(const tocsin_dict *d, char **paths, int npaths, const reader_opts *o,
                 int threads, pipeline_sink sink, void *user, pipeline_result *res);
/* The same, with a filter (may be NULL) consulted for every document. */
int io_pipeline_run_filtered(const tocsin_dict *d, char **paths, int npaths, const reader_opts *o, int threads,
                          pipeline_filter filter, pipeline_sink sink, void *user, pipeline_result *res);

/* Where a run is, for a progress line (src/cli/progress.c). */
typedef struct pipeline_progress_info {
    int input, ninputs;         /* the input being read (0-based), of how many */
    uint64_t input_offset;      /* bytes of it consumed (compressed bytes for gzip); 0 if unknown */
    int input_done;             /* 1 on the call made when the input has been read to its end */
    size_t read;                /* documents read so far (coded or in flight) */
    const pipeline_result *res; /* what the sink has had so far: documents, events, failures */
} pipeline_progress_info;
/* Called on the calling thread after every document read and at the end of every
 * input; must be cheap (rate-limit the drawing itself). */
typedef void (*pipeline_progress_fn)(const pipeline_progress_info *pi, void *user);

typedef struct pipeline_hooks {
    pipeline_filter filter;     /* may be NULL; gets the sink's user pointer */
    pipeline_progress_fn progress; /* may be NULL */
    void *progress_user;
} pipeline_hooks;

/* io_pipeline_run_filtered with the hooks h (may be NULL). */
int io_pipeline_run_hooks(const tocsin_dict *d, char **paths, int npaths, const reader_opts *o, int threads,
                       const pipeline_hooks *h, pipeline_sink sink, void *user, pipeline_result *res);

#endif
