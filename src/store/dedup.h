/*
 * dedup.h — finding documents that are copies of one story.
 *
 * News is copied: syndicated verbatim under other headers and boilerplate, edited
 * (paragraphs cut, reordered, retitled) and "spun" by content farms (a quarter of
 * the words swapped for synonyms, names garbled). The store clusters such copies
 * so an event reported by fifty copies is one event with fifty mentions.
 *
 * Method (details and measured precision/recall in src/store/README.md):
 *  - Words: the set of a document's content words (stop words dropped, cut to a
 *    6-byte stem), numbers (digits only: "1,500" = "1500") and capitalised names
 *    (by a garble-tolerant phonetic key, so "Brinken" = "Blinken"), summarised by
 *    a MinHash signature of DEDUP_K 16-bit values.
 *  - Skeleton: spinning swaps content words for synonyms but keeps the function
 *    words, figures and word order. Each run of 8 tokens with content words
 *    replaced by a placeholder ("the _ of the _ _ in 1987") is a shingle; a
 *    bottom-k sketch of these shingles tells a spun copy (same skeleton) from
 *    another article about the same event (same words, other sentences).
 *  - Anchors: bottom-k sketches of the numbers and names, which survive rewriting;
 *    two documents with several figures each and almost none shared (two earnings
 *    reports from one template) are not copies.
 *  - Candidates come from LSH over the word signature (DEDUP_BANDS bands of
 *    DEDUP_ROWS rows): two documents become candidates when any band agrees;
 *    store_dedup_same_story() then decides.
 *  - The index keeps only documents within a window: at most `max_docs` documents
 *    and, for a match, publication dates within ±window_days. Memory is bounded by
 *    max_docs whatever the size of the ingest.
 *
 * Fingerprinting allocates nothing per document once a dedup_scratch has grown.
 */
#ifndef TOCSIN_DEDUP_H
#define TOCSIN_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#define DEDUP_K 128
#define DEDUP_ROWS 2
#define DEDUP_BANDS (DEDUP_K / DEDUP_ROWS)
#define DEDUP_ANCHORS 32
#define DEDUP_SKETCH 128
#define DEDUP_SKEL_N 8

typedef struct dedup_fp {
    uint16_t mh[DEDUP_K];          /* MinHash signature of the word features (top 16 bits) */
    uint32_t nfeat;                /* distinct word features */
    uint32_t nskel_total;          /* distinct skeleton shingles */
    uint16_t nskel;                /* entries used in skel[] */
    uint32_t skel[DEDUP_SKETCH];   /* smallest hashes of the skeleton shingles, ascending */
    uint32_t nnum_total, nname_total; /* distinct numbers / names in the document */
    uint16_t nnum, nname;          /* entries used in num[] / name[] */
    uint32_t num[DEDUP_ANCHORS];   /* smallest hashes of the numbers, ascending */
    uint32_t name[DEDUP_ANCHORS];  /* smallest hashes of the names, ascending */
} dedup_fp;

/* Reusable scratch memory for fingerprinting (one per thread). */
typedef struct dedup_scratch {
    uint64_t *feat, *num, *name, *skel;
    size_t nfeat, nnum, nname, nskel, cap_feat, cap_num, cap_name, cap_skel;
} dedup_scratch;

/* An empty scratch (grows on use), and its memory given back. */
void store_dedup_scratch_init(dedup_scratch *s);
void store_dedup_scratch_free(dedup_scratch *s);

/* Fingerprints a document body (UTF-8; invalid bytes are harmless). */
void store_dedup_fingerprint(dedup_scratch *s, const char *text, size_t len, dedup_fp *fp);

/* Similarity measures between two fingerprints. */
typedef struct dedup_score {
    double jaccard;       /* estimated Jaccard of the word feature sets */
    double containment;   /* estimated |A∩B| / min(|A|,|B|) of the word features */
    double skel_jaccard;  /* estimated Jaccard of the skeleton shingles */
    double skel_contain;  /* estimated containment of the skeleton shingles */
    double num_contain;   /* anchors: shared numbers / min count (-1: too few numbers) */
    double name_contain;  /* shared names / min count (-1: too few names) */
} dedup_score;

/* Every measure of dedup_score between a and b, into out. */
void store_dedup_compare(const dedup_fp *a, const dedup_fp *b, dedup_score *out);
/* The decision rule: are a and b copies of one story? */
int store_dedup_same_story(const dedup_fp *a, const dedup_fp *b, dedup_score *out);

/* Fixed-size little-endian serialisation for the database. */
#define DEDUP_FP_BYTES (4 + 2 * DEDUP_K + 12 + 4 + 8 * DEDUP_ANCHORS + 8 + 4 * DEDUP_SKETCH)
void store_dedup_fp_encode(const dedup_fp *fp, unsigned char out[DEDUP_FP_BYTES]);
int  store_dedup_fp_decode(const unsigned char *in, size_t n, dedup_fp *fp); /* 0 ok, -1 bad */

/* ---- the candidate index ---- */

typedef struct dedup_index dedup_index;

/* An empty index holding at most max_docs documents, matching within +-window_days;
 * freed (NULL allowed) by store_dedup_index_free. */
dedup_index *store_dedup_index_new(size_t max_docs, int window_days);
void store_dedup_index_free(dedup_index *ix);

/* Best matching story among indexed documents within the date window, or -1.
 * *best (optional) receives the scores of the accepted match. Ties between
 * equally good matches go to the lowest story id, so the result does not depend
 * on the order documents were indexed in. */
int64_t store_dedup_index_match(dedup_index *ix, const dedup_fp *fp, int day, dedup_score *best);

/* Makes room for n documents at once (at most max_docs), so that filling the index
 * with n does not rehash it at every doubling. */
void store_dedup_index_reserve(dedup_index *ix, size_t n);

/* Adds a document; when the index is full the oldest-added document is evicted. */
void store_dedup_index_add(dedup_index *ix, const dedup_fp *fp, int day, int64_t story_id);

/* Documents in the index now. */
size_t store_dedup_index_size(const dedup_index *ix);
/* Candidates examined by store_dedup_index_match so far (for benchmarks). */
uint64_t store_dedup_index_candidates(const dedup_index *ix);

#endif
