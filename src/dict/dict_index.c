/*
 * dict_index.c — the dictionary's hash indexes: the (key, id) pairs readers
 * record while loading, and tocsin_dict_finish(), which loads the CAMEO table,
 * orders each verb's patterns and builds every index once in linear time; then
 * dict_index_get(), the probe the coder makes for every token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dict/dict_int.h"
#include "text/text.h"

void dict_add_key(tocsin_dict *d, int ix, uint64_t key, uint32_t id, unsigned prio)
{
    pending_key *p = dict_vec_push(&d->pending);
    p->key = key;
    p->id = id;
    p->ix = (uint16_t)ix;
    p->prio = (uint16_t)(prio > 65535 ? 65535 : prio);
    p->seq = (uint32_t)d->pending.n;
}

void dict_index_free(dict_index *ix)
{
    free(ix->slots);
    free(ix->ids);
    free(ix->filter);
    memset(ix, 0, sizeof *ix);
}

static inline size_t slot_of(uint64_t key, uint32_t mask)
{
    return (size_t)((key ^ (key >> 29)) * 0x9E3779B97F4A7C15ULL >> 20) & mask;
}

/* Zeroed memory for a big read-only table, on transparent huge pages when it is
 * 1 MB or more: the coder probes the actor index at random for every token, and
 * with 4 KB pages (worse under virtualisation) the TLB misses cost more than the
 * cache misses (Phoenix: 31k -> 43k sentences/s). Freed with free(). */
static void *huge_calloc(size_t bytes)
{
    const size_t huge = (size_t)2 << 20;
    if (bytes < ((size_t)1 << 20)) return util_xcalloc(1, bytes);
    size_t rounded = (bytes + huge - 1) & ~(huge - 1);
    void *p = aligned_alloc(huge, rounded);
    if (!p) return util_xcalloc(1, bytes);
    madvise(p, rounded, MADV_HUGEPAGE);   /* a hint: failure only costs speed */
    memset(p, 0, rounded);
    return p;
}

/* The filter word and bits of a key (see dict_index.filter). */
static inline uint64_t filter_bits(uint64_t key, uint32_t filter_mask, size_t *word)
{
    uint64_t h = (key ^ (key >> 31)) * 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    *word = (size_t)(h >> 12) & filter_mask;
    return ((uint64_t)1 << (h & 63)) | ((uint64_t)1 << ((h >> 6) & 63));
}

/* Builds one index from its pending (key, id, prio, seq) entries in linear time:
 * count per key, prefix sums, fill, then order each (short) run by priority,
 * later-loaded first among equals, dropping repeated ids. */
static void build_index(dict_index *ix, const pending_key *p, size_t n)
{
    memset(ix, 0, sizeof *ix);
    if (n == 0) return;
    size_t size = 16;
    while (size < n * 2) size *= 2;
    ix->mask = (uint32_t)(size - 1);
    ix->slots = huge_calloc(size * sizeof *ix->slots);
    uint32_t *slot_of_entry = util_xmalloc(n * sizeof *slot_of_entry);
    for (size_t i = 0; i < n; i++) {
        size_t h = slot_of(p[i].key, ix->mask);
        while (ix->slots[h].count && ix->slots[h].key != p[i].key) h = (h + 1) & ix->mask;
        ix->slots[h].key = p[i].key;
        ix->slots[h].count++;
        slot_of_entry[i] = (uint32_t)h;
    }
    size_t nkeys = 0;
    for (size_t h = 0; h < size; h++) nkeys += ix->slots[h].count != 0;
    size_t words = 1;
    while (words * 4 < nkeys) words *= 2;      /* 16-32 bits per key: ~1% false positives */
    ix->filter_mask = (uint32_t)(words - 1);
    ix->filter = util_xcalloc(words, sizeof *ix->filter);
    for (size_t h = 0; h < size; h++) {
        if (!ix->slots[h].count) continue;
        size_t w;
        uint64_t bits = filter_bits(ix->slots[h].key, ix->filter_mask, &w);
        ix->filter[w] |= bits;
    }
    uint32_t total = 0;
    for (size_t h = 0; h < size; h++) {
        ix->slots[h].start = total;
        total += ix->slots[h].count;
        ix->slots[h].count = 0;
    }
    ix->ids = util_xmalloc(n * sizeof *ix->ids);
    const pending_key **ord = util_xmalloc(n * sizeof *ord);
    for (size_t i = 0; i < n; i++) {
        dict_slot *sl = &ix->slots[slot_of_entry[i]];
        ord[sl->start + sl->count++] = &p[i];
    }
    for (size_t h = 0; h < size; h++) {
        dict_slot *sl = &ix->slots[h];
        if (!sl->count) continue;
        const pending_key **run = ord + sl->start;
        /* insertion sort: prio desc, then seq desc */
        for (uint32_t i = 1; i < sl->count; i++) {
            const pending_key *v = run[i];
            uint32_t j = i;
            while (j > 0 && (run[j - 1]->prio < v->prio || (run[j - 1]->prio == v->prio && run[j - 1]->seq < v->seq))) {
                run[j] = run[j - 1];
                j--;
            }
            run[j] = v;
        }
        uint32_t out = 0;
        for (uint32_t i = 0; i < sl->count; i++) {
            int seen = 0;
            for (uint32_t q = 0; q < out && !seen; q++) seen = ix->ids[sl->start + q] == run[i]->id;
            if (!seen) ix->ids[sl->start + out++] = run[i]->id;
        }
        sl->count = out;
    }
    free(ord);
    free(slot_of_entry);
}

const uint32_t *dict_index_get(const dict_index *ix, uint64_t key, uint32_t *n)
{
    if (!ix->mask) { *n = 0; return NULL; }
    size_t w;
    uint64_t bits = filter_bits(key, ix->filter_mask, &w);
    if ((ix->filter[w] & bits) != bits) { *n = 0; return NULL; }
    size_t h = slot_of(key, ix->mask);
    for (;;) {
        const dict_slot *sl = &ix->slots[h];
        if (!sl->count) break;
        if (sl->key == key) { *n = sl->count; return ix->ids + sl->start; }
        h = (h + 1) & ix->mask;
    }
    *n = 0;
    return NULL;
}

static int cmp_pattern(const void *a, const void *b)
{
    const verb_pattern *x = a, *y = b;
    if (x->length != y->length) return x->length > y->length ? -1 : 1;
    unsigned ex = (unsigned)x->npre + x->npost, ey = (unsigned)y->npre + y->npost;
    if (ex != ey) return ex > ey ? -1 : 1;
    /* equal patterns: the later line wins, as in PETRARCH's pattern trie; TABARI
     * tries a verb's patterns in file order (cmp_both marks TABARI patterns) */
    if (x->order != y->order) return (x->order > y->order) != (x->cmp_both && y->cmp_both) ? -1 : 1;
    return 0;
}

int tocsin_dict_finish(tocsin_dict *d)
{
    if (d->finished) return 0;
    d->lm = text_lemmatizer_load(NULL);
    if (d->field_verbs) d->cameo_conventions = 0;
    d->dialect = d->cameo_conventions ? DICT_CAMEO
               : !d->field_verbs     ? DICT_NONE
               : d->tabari_verbs     ? DICT_TABARI
               : d->np_patterns      ? DICT_PETR_NP
                                     : DICT_PETR;
    /* the event table always comes from the built-in data */
    char path[4096];
    snprintf(path, sizeof path, "%s/dict/cameo.tsv", util_data_dir());
    dict_load_cameo(d, path);
    for (size_t i = 0; i < d->cameo.n; i++) {
        cameo_entry *c = &VEC_AT(d->cameo, cameo_entry, i);
        pending_key *p = dict_vec_push(&d->pending);
        p->ix = IX_N;
        p->key = hash_str(c->code);
        p->id = (uint32_t)i;
    }
    /* synset phrases by the prefix of their first and last words */
    for (size_t sid = 0; sid < d->synsets.n; sid++) {
        const synset *sy = &VEC_AT(d->synsets, synset, sid);
        for (uint32_t q = 0; q < sy->nph; q++) {
            uint32_t pid = sy->ph0 + q;
            const syn_phrase *sp = &VEC_AT(d->syn_phrases, syn_phrase, pid);
            for (int end = 0; end < 2; end++) {
                const dict_word *w = &VEC_AT(d->words, dict_word, sp->w0 + (end ? sp->nw - 1 : 0));
                uint64_t pk = w->len >= 4 ? dict_prefix_key(dict_str(d, w->str), w->len) : 0;
                dict_add_key(d, end ? IX_SYN_LAST : IX_SYN_FIRST, dict_syn_key((uint32_t)sid, pk), pid, 0);
                synset *sm = &VEC_AT(d->synsets, synset, sid);
                uint64_t *sig = end ? &sm->last_sig : &sm->first_sig;
                *sig |= pk ? (uint64_t)1 << (dict_prefix_bit(pk) & 63) : ~(uint64_t)0;
            }
        }
    }
    /* patterns: longest first within each block (stable: qsort + index tiebreak is
     * not needed for correctness, equal lengths are interchangeable in TABARI) */
    for (size_t b = 0; b < d->blocks.n; b++) {
        verb_block *bl = &VEC_AT(d->blocks, verb_block, b);
        if (bl->np > 1)
            qsort(&VEC_AT(d->patterns, verb_pattern, bl->p0), bl->np, sizeof(verb_pattern), cmp_pattern);
    }
    /* partition the pending keys by index (counting sort, stable) */
    size_t n = d->pending.n;
    size_t counts[IX_N + 2] = {0};
    const pending_key *src = d->pending.data;
    for (size_t i = 0; i < n; i++) counts[src[i].ix + 1]++;
    for (int i = 1; i <= IX_N + 1; i++) counts[i] += counts[i - 1];
    pending_key *p = util_xmalloc((n ? n : 1) * sizeof *p);
    {
        size_t fill[IX_N + 2];
        memcpy(fill, counts, sizeof fill);
        for (size_t i = 0; i < n; i++) p[fill[src[i].ix]++] = src[i];
    }
    dict_index *targets[IX_N + 1] = {
        &d->actor_idx, &d->actor_stem_idx, &d->agent_idx, &d->agent_stem_idx, &d->verb_idx,
        &d->verb_stem_idx, &d->discard_idx, &d->discard_stem_idx, &d->issue_idx, &d->person_idx,
        &d->syn_first_idx, &d->syn_last_idx, &d->cameo_idx };
    size_t i = 0;
    for (int ix = 0; ix <= IX_N; ix++) {
        size_t j = i;
        while (j < n && p[j].ix == ix) j++;
        build_index(targets[ix], p + i, j - i);
        i = j;
    }
    free(p);
    dict_vec_free(&d->pending);
    for (size_t t = 0; t < d->transforms.n; t++) {
        transform *tr = &VEC_AT(d->transforms, transform, t);
        uint32_t cnt;
        const uint32_t *ids = dict_index_get(&d->verb_idx, tr->top_word, &cnt);
        if (ids) tr->top_block = VEC_AT(d->forms, verb_form, ids[0]).block;
        if (tr->inner_word) {
            ids = dict_index_get(&d->verb_idx, tr->inner_word, &cnt);
            if (ids) tr->inner_block = VEC_AT(d->forms, verb_form, ids[0]).block;
        }
    }
    d->finished = 1;
    return 0;
}
