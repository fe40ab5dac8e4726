/*
 * dedup_eval.c — runs the store's de-duplication (src/store/dedup.h) directly on a
 * JSON Lines file, without coding, for tuning and benchmarking the clustering.
 *
 *   dedup_eval [--window DAYS] DOCS.jsonl            -> "doc_id<TAB>story" per document
 *   dedup_eval --pairs DOCS.jsonl                    -> every pair within the window:
 *                  "a<TAB>b<TAB>jaccard<TAB>containment<TAB>num<TAB>name<TAB>decision"
 *
 * Score the first output with bench/dedup_score.py. Build (from the repo root):
 *   cc -O2 -Iinclude -Isrc -D_GNU_SOURCE -o build/dedup_eval bench/dedup_eval.c \
 *      build/libtocsin.a $(pkg-config --libs jansson sqlite3 libutf8proc) -lpthread -lm
 * The clustering test of `make check` goes through `tocsin ingest` instead
 * (tests/integration/dedup_eval.sh), so it measures what users get.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/dedup.h"
#include "util/util.h"

typedef struct doc {
    char *id;
    int day;
    dedup_fp fp;
} doc;

int main(int argc, char **argv)
{
    int pairs = 0, window = 7;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--pairs")) pairs = 1;
        else if (!strcmp(argv[i], "--window") && i + 1 < argc) window = atoi(argv[++i]);
        else path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: dedup_eval [--pairs] [--window DAYS] DOCS.jsonl\n");
        return 2;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 2;
    }
    size_t n = 0, cap = 0;
    doc *docs = NULL;
    dedup_scratch sc;
    store_dedup_scratch_init(&sc);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    double fp_time = 0;
    size_t bytes = 0;
    while ((len = getline(&line, &lcap, f)) > 0) {
        json_error_t jerr;
        json_t *o = json_loadb(line, (size_t)len, 0, &jerr);
        const char *id = o ? json_string_value(json_object_get(o, "id")) : NULL;
        const char *date = o ? json_string_value(json_object_get(o, "date")) : NULL;
        json_t *text = o ? json_object_get(o, "text") : NULL;
        int day;
        if (!id || !date || !json_is_string(text) || util_date_parse(date, &day)) {
            fprintf(stderr, "dedup_eval: %s: bad record skipped\n", path);
            json_decref(o);
            continue;
        }
        if (n == cap) docs = util_xrealloc(docs, (cap = cap ? cap * 2 : 1024) * sizeof *docs);
        doc *d = &docs[n++];
        d->id = util_xstrdup(id);
        d->day = day;
        struct timespec t0, t1;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        store_dedup_fingerprint(&sc, json_string_value(text), json_string_length(text), &d->fp);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        fp_time += (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        bytes += json_string_length(text);
        json_decref(o);
    }
    free(line);
    fclose(f);
    if (pairs) {
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                if (abs(docs[i].day - docs[j].day) > window) continue;
                dedup_score s;
                int same = store_dedup_same_story(&docs[i].fp, &docs[j].fp, &s);
                if (s.jaccard < 0.05 && !same) continue;
                printf("%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%.3f\t%.3f\t%u\t%u\t%u\t%u\n", docs[i].id, docs[j].id, s.jaccard, s.containment,
                       s.num_contain, s.name_contain, same, s.skel_jaccard, s.skel_contain,
                       docs[i].fp.nnum_total < docs[j].fp.nnum_total ? docs[i].fp.nnum_total : docs[j].fp.nnum_total,
                       docs[i].fp.nname_total < docs[j].fp.nname_total ? docs[i].fp.nname_total : docs[j].fp.nname_total,
                       docs[i].fp.nfeat < docs[j].fp.nfeat ? docs[i].fp.nfeat : docs[j].fp.nfeat, 0u);
            }
    } else {
        struct timespec t0, t1;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        dedup_index *ix = store_dedup_index_new(50000, window);
        int64_t next_story = 1;
        for (size_t i = 0; i < n; i++) {
            int64_t story = store_dedup_index_match(ix, &docs[i].fp, docs[i].day, NULL);
            if (story < 0) story = next_story++;
            store_dedup_index_add(ix, &docs[i].fp, docs[i].day, story);
            printf("%s\t%lld\n", docs[i].id, (long long)story);
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        double t = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr, "dedup_eval: %zu documents (%.1f MB): fingerprints %.3f s, index %.3f s "
                        "(CPU time; %.0f docs/s together), %llu candidates examined\n",
                n, bytes / 1e6, fp_time, t, n / (fp_time + t), (unsigned long long)store_dedup_index_candidates(ix));
        store_dedup_index_free(ix);
    }
    for (size_t i = 0; i < n; i++) free(docs[i].id);
    free(docs);
    store_dedup_scratch_free(&sc);
    return 0;
}
