/*
 * dedup.c — fingerprints of documents and the LSH index that finds copies of a
 * story (the method is described in dedup.h and src/store/README.md).
 *
 * The tokenizer here is deliberately separate from src/text: it only needs word
 * boundaries, case and digits, must never fail on any byte string, and runs once
 * per stored document on the ingest thread, so it is a single pass over the bytes
 * with no allocation beyond the reusable scratch arrays.
 */
#include "store/dedup.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* ---- stop words: function words carry no evidence of a shared story ---- */

static const char *const stop_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "few", "for", "from", "further", "had", "has", "have", "having",
    "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more",
    "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
    "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
    "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "whose", "why",
    "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
    "yourself", "said", "says", "say", "told", "according", "mr", "mrs", "ms", "dr",
    "s", "t", "one", "two", "new", "year", "years", "last", "first", "week", "month",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

#define STOP_SLOTS 512
static uint64_t stop_table[STOP_SLOTS];
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static void stop_init(void)
{
    for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++) {
        uint64_t h = hash_str(stop_words[i]) | 1; /* 0 marks an empty slot */
        size_t j = h & (STOP_SLOTS - 1);
        while (stop_table[j] && stop_table[j] != h) j = (j + 1) & (STOP_SLOTS - 1);
        stop_table[j] = h;
    }
}

static int is_stop(uint64_t h)
{
    h |= 1;
    for (size_t j = h & (STOP_SLOTS - 1); stop_table[j]; j = (j + 1) & (STOP_SLOTS - 1))
        if (stop_table[j] == h) return 1;
    return 0;
}

/* ---- scratch ---- */

void store_dedup_scratch_init(dedup_scratch *s) { memset(s, 0, sizeof *s); }

void store_dedup_scratch_free(dedup_scratch *s)
{
    free(s->feat);
    free(s->num);
    free(s->name);
    free(s->skel);
    memset(s, 0, sizeof *s);
}

static void push(uint64_t **arr, size_t *n, size_t *cap, uint64_t v)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *arr = util_xrealloc(*arr, *cap * sizeof **arr);
    }
    (*arr)[(*n)++] = v;
}

/* An in-place quicksort for 64-bit keys (median of three, insertion sort for short
 * runs): qsort's comparison callback was a tenth of ingest time here. */
static void sort_u64(uint64_t *a, size_t n)
{
    while (n > 16) {
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            uint64_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* recurse into the smaller side, loop on the larger */
        size_t left = j + 1;
        if (left < n - left) {
            sort_u64(a, left);
            a += left;
            n -= left;
        } else {
            sort_u64(a + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static size_t sort_unique(uint64_t *a, size_t n)
{
    if (n < 2) return n;
    sort_u64(a, n);
    size_t m = 1;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[m - 1]) a[m++] = a[i];
    return m;
}

/* ---- features ---- */

#ifndef ANCHOR_MIN_DIGITS
#define ANCHOR_MIN_DIGITS 2
#endif

enum { FEAT_WORD = 0x57, FEAT_NUM = 0x4e, FEAT_NAME = 0x43 };

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static uint64_t tagged(uint64_t h, int tag) { return mix64(h ^ ((uint64_t)tag << 56)); }

static int is_word_byte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80; }

/* The MinHash family: h_i(x) = high 32 bits of (a_i * x + b_i), a_i odd. */
static uint64_t mh_a[DEDUP_K], mh_b[DEDUP_K];
static pthread_once_t mh_once = PTHREAD_ONCE_INIT;

static void mh_init(void)
{
    uint64_t state = 0x746f6373696e2121ULL; /* fixed seed: fingerprints are stable across runs */
    for (int i = 0; i < DEDUP_K; i++) {
        state += 0x9e3779b97f4a7c15ULL;
        mh_a[i] = mix64(state) | 1;
        state += 0x9e3779b97f4a7c15ULL;
        mh_b[i] = mix64(state);
    }
}

static void bottom_k(uint64_t *h, size_t n, uint32_t *out, uint16_t *nout, uint32_t *total, size_t cap)
{
    /* h is sorted and unique by the 64-bit hash; the sketch keeps the smallest high halves. */
    for (size_t i = 0; i < n; i++) h[i] >>= 32;
    n = sort_unique(h, n);
    *total = (uint32_t)n;
    size_t k = n < cap ? n : cap;
    for (size_t i = 0; i < k; i++) out[i] = (uint32_t)h[i];
    *nout = (uint16_t)k;
}

/* A garble-tolerant key for a name: letters folded into sound classes, vowels
 * and h/w/y dropped, repeats collapsed ("Blinken", "Brinken" -> "prnkn";
 * "Antony", "Anthony" -> "antn"). Round-trip translation and spinning garble
 * names in exactly these ways (vowels, l/r, doubled or silent letters). */
static uint64_t name_key(const char *low, size_t n)
{
    char key[64];
    size_t k = 0;
    char last = 0;
    for (size_t i = 0; i < n && k < sizeof key; i++) {
        char c = low[i], cls;
        switch (c) {
        case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'h': case 'w':
            cls = i == 0 ? 'a' : 0;
            break;
        case 'c': case 'k': case 'q': cls = 'k'; break;
        case 's': case 'z': case 'x': cls = 's'; break;
        case 'l': case 'r': cls = 'r'; break;
        case 'd': case 't': cls = 't'; break;
        case 'b': case 'p': cls = 'p'; break;
        case 'f': case 'v': cls = 'f'; break;
        case 'g': case 'j': cls = 'g'; break;
        case 'm': case 'n': cls = 'n'; break;
        default: cls = c; break;
        }
        if (!cls) {
            last = 0;
            continue;
        }
        if (cls == last) continue;
        key[k++] = last = cls;
    }
    return util_hash_bytes(key, k);
}

/* Skeleton token classes: a stop word is itself, a number is itself, any other
 * word is the placeholder. */
#define SKEL_WILD 0x5f5f5f5f5f5f5f5fULL

/* The window of the last DEDUP_SKEL_N token classes, hashed as a polynomial that
 * rolls: adding a token and dropping the oldest is O(1), not O(N). */
#define SKEL_BASE 0x100000001b3ULL

typedef struct skel_window {
    uint64_t tok[DEDUP_SKEL_N];
    uint64_t h, top; /* top = SKEL_BASE^(N-1) */
    int n, pos, fixed;
} skel_window;

static void skel_init(skel_window *w)
{
    memset(w, 0, sizeof *w);
    w->top = 1;
    for (int k = 1; k < DEDUP_SKEL_N; k++) w->top *= SKEL_BASE;
}

static void skel_push(dedup_scratch *s, skel_window *w, uint64_t cls)
{
    if (w->n == DEDUP_SKEL_N) {
        uint64_t out = w->tok[w->pos];
        w->h -= out * w->top;
        w->fixed -= out != SKEL_WILD;
    } else {
        w->n++;
    }
    w->tok[w->pos] = cls;
    w->pos = (w->pos + 1) % DEDUP_SKEL_N;
    w->h = w->h * SKEL_BASE + cls;
    w->fixed += cls != SKEL_WILD;
    /* mostly-placeholder runs ("_ _ _ of _ _ _ _") say nothing about the text */
    if (w->n == DEDUP_SKEL_N && w->fixed * 2 >= DEDUP_SKEL_N) push(&s->skel, &s->nskel, &s->cap_skel, mix64(w->h));
}

void store_dedup_fingerprint(dedup_scratch *s, const char *text, size_t len, dedup_fp *fp)
{
    pthread_once(&stop_once, stop_init);
    pthread_once(&mh_once, mh_init);
    memset(fp, 0, sizeof *fp);
    s->nfeat = s->nnum = s->nname = s->nskel = 0;
    skel_window win;
    skel_init(&win);

    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    int sentence_start = 1;
    char low[64];
    while (i < len) {
        unsigned char c = p[i];
        /* U+2000..U+206F (curly quotes, dashes, ellipsis) separate words. */
        if (c == 0xE2 && i + 2 < len && (p[i + 1] == 0x80 || p[i + 1] == 0x81)) {
            if (p[i + 2] == 0xA6) sentence_start = 1; /* an ellipsis */
            i += 3;
            continue;
        }
        if (!is_word_byte(c)) {
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == '"' || c == '|')
                sentence_start = 1;
            i++;
            continue;
        }
        size_t start = i;
        if (c >= '0' && c <= '9') {
            /* A number: digits with inner separators; the feature is the digits alone. */
            uint64_t h = 1469598103934665603ULL;
            int ndigits = 0;
            while (i < len) {
                unsigned char d = p[i];
                if (d >= '0' && d <= '9') {
                    h = (h ^ d) * 1099511628211ULL;
                    ndigits++;
                    i++;
                } else if ((d == ',' || d == '.') && i + 1 < len && p[i + 1] >= '0' && p[i + 1] <= '9') {
                    i++;
                } else {
                    break;
                }
            }
            uint64_t f = tagged(h, FEAT_NUM);
            push(&s->feat, &s->nfeat, &s->cap_feat, f);
            /* anchors: single digits (fractions, ranks, "band one") recur in unrelated
             * reports of one template; figures of two digits or more identify a story */
            if (ndigits >= ANCHOR_MIN_DIGITS) push(&s->num, &s->nnum, &s->cap_num, f);
            skel_push(s, &win, f);
            sentence_start = 0;
            continue;
        }
        while (i < len && is_word_byte(p[i])) {
            if (p[i] == 0xE2 && i + 2 < len && (p[i + 1] == 0x80 || p[i + 1] == 0x81)) break;
            i++;
        }
        size_t n = i - start;
        int cap = p[start] >= 'A' && p[start] <= 'Z';
        size_t m = n < sizeof low ? n : sizeof low;
        for (size_t k = 0; k < m; k++) {
            unsigned char b = p[start + k];
            low[k] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        uint64_t hw = util_hash_bytes(low, m);
        int was_start = sentence_start;
        sentence_start = 0;
        if (is_stop(hw)) {
            skel_push(s, &win, hw);
            continue;
        }
        skel_push(s, &win, SKEL_WILD);
        if (n < 3) continue;
        if (cap && !was_start) {
            uint64_t f = tagged(name_key(low, m), FEAT_NAME);
            push(&s->feat, &s->nfeat, &s->cap_feat, f);
            push(&s->name, &s->nname, &s->cap_name, f);
        } else {
            /* content word, cut to a 6-byte stem so inflections agree */
            uint64_t hs = m > 6 ? util_hash_bytes(low, 6) : hw;
            push(&s->feat, &s->nfeat, &s->cap_feat, tagged(hs, FEAT_WORD));
        }
    }

    size_t nf = sort_unique(s->feat, s->nfeat);
    fp->nfeat = (uint32_t)nf;
    /* one hash function at a time over all features: the running minimum stays in
     * a register */
    const uint64_t *feat = s->feat;
    for (int k = 0; k < DEDUP_K; k++) {
        uint64_t a = mh_a[k], b = mh_b[k], m = UINT64_MAX;
        for (size_t j = 0; j < nf; j++) {
            uint64_t v = (feat[j] * a + b) >> 48;
            m = v < m ? v : m;
        }
        fp->mh[k] = (uint16_t)m;
    }
    size_t nn = sort_unique(s->num, s->nnum);
    bottom_k(s->num, nn, fp->num, &fp->nnum, &fp->nnum_total, DEDUP_ANCHORS);
    size_t nm = sort_unique(s->name, s->nname);
    bottom_k(s->name, nm, fp->name, &fp->nname, &fp->nname_total, DEDUP_ANCHORS);
    size_t ns = sort_unique(s->skel, s->nskel);
    bottom_k(s->skel, ns, fp->skel, &fp->nskel, &fp->nskel_total, DEDUP_SKETCH);
}

/* ---- comparison ---- */

/* The anchors veto: two documents with at least DEDUP_NUM_MIN distinct numbers each
 * that share fewer than DEDUP_NUM_VETO of them (by the smaller set) are not copies. */
#ifndef DEDUP_NUM_MIN
#define DEDUP_NUM_MIN 4
#endif
#ifndef DEDUP_NUM_VETO
#define DEDUP_NUM_VETO 0.25
#endif

/* Containment of two bottom-k sketches: shared / min(size), over the values both
 * sketches cover. -1 when either side has fewer than `min_items` values. */
static double sketch_contain(const uint32_t *a, uint16_t na, uint32_t ta, const uint32_t *b,
                             uint16_t nb, uint32_t tb, unsigned min_items)
{
    if (na < min_items || nb < min_items) return -1;
    uint32_t limit = UINT32_MAX;
    if (ta > na && a[na - 1] < limit) limit = a[na - 1];
    if (tb > nb && b[nb - 1] < limit) limit = b[nb - 1];
    size_t i = 0, j = 0, shared = 0, ca = 0, cb = 0;
    while (i < na && a[i] <= limit) ca++, i++;
    while (j < nb && b[j] <= limit) cb++, j++;
    i = j = 0;
    while (i < ca && j < cb) {
        if (a[i] == b[j]) shared++, i++, j++;
        else if (a[i] < b[j]) i++;
        else j++;
    }
    size_t mn = ca < cb ? ca : cb;
    return mn ? (double)shared / (double)mn : -1;
}

/* Jaccard from two bottom-k sketches: among the k smallest values of the union,
 * the share present in both. */
static double sketch_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t k)
{
    size_t i = 0, j = 0, taken = 0, both = 0;
    while (taken < k && (i < na || j < nb)) {
        if (j >= nb || (i < na && a[i] < b[j])) i++;
        else if (i >= na || b[j] < a[i]) j++;
        else i++, j++, both++;
        taken++;
    }
    return taken ? (double)both / (double)taken : 0;
}

void store_dedup_compare(const dedup_fp *a, const dedup_fp *b, dedup_score *out)
{
    int same = 0;
    for (int k = 0; k < DEDUP_K; k++) same += a->mh[k] == b->mh[k];
    double j = (double)same / DEDUP_K;
    if (!a->nfeat || !b->nfeat) j = 0;
    out->jaccard = j;
    double mn = a->nfeat < b->nfeat ? a->nfeat : b->nfeat;
    double inter = j * (a->nfeat + b->nfeat) / (1 + j);
    out->containment = mn > 0 ? inter / mn : 0;
    if (out->containment > 1) out->containment = 1;
    out->skel_jaccard = sketch_jaccard(a->skel, a->nskel, b->skel, b->nskel, DEDUP_SKETCH);
    out->skel_contain = sketch_contain(a->skel, a->nskel, a->nskel_total, b->skel, b->nskel, b->nskel_total, 1);
    if (out->skel_contain < 0) out->skel_contain = 0;
    out->num_contain = sketch_contain(a->num, a->nnum, a->nnum_total, b->num, b->nnum, b->nnum_total, 1);
    out->name_contain = sketch_contain(a->name, a->nname, a->nname_total, b->name, b->nname, b->nname_total, 1);
}

int store_dedup_same_story(const dedup_fp *a, const dedup_fp *b, dedup_score *out)
{
    dedup_score sc;
    if (!out) {
        /* fast rejection: every rule below needs a word Jaccard of at least 0.15 */
        int same = 0;
        for (int k = 0; k < DEDUP_K; k++) same += a->mh[k] == b->mh[k];
        if ((double)same / DEDUP_K < 0.15) return 0;
    }
    store_dedup_compare(a, b, &sc);
    if (out) *out = sc;
    /* too short to tell a rewrite from a look-alike: only near-identical texts */
    if (a->nfeat < 10 || b->nfeat < 10) return sc.jaccard >= 0.8;
    if (sc.jaccard >= 0.8) return 1;
    /* anchors veto: several figures on each side and almost none shared */
    unsigned min_num = a->nnum_total < b->nnum_total ? a->nnum_total : b->nnum_total;
    if (min_num >= DEDUP_NUM_MIN && sc.num_contain < DEDUP_NUM_VETO) return 0;
    if (sc.jaccard >= 0.5) return 1;
    /* a rewrite: shared words and a shared skeleton */
    if (sc.jaccard >= 0.15 && sc.skel_jaccard >= 0.06) return 1;
    return 0;
}

/* ---- serialisation ---- */

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* n little-endian 32-bit values from p. */
static void get32s(uint32_t *out, const unsigned char *p, int n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, p, (size_t)n * 4);
#else
    for (int k = 0; k < n; k++) out[k] = get32(p + 4 * k);
#endif
}

#define FP_MAGIC 0x33504644u /* "DFP3" */

void store_dedup_fp_encode(const dedup_fp *fp, unsigned char out[DEDUP_FP_BYTES])
{
    unsigned char *p = out;
    put32(p, FP_MAGIC), p += 4;
    for (int k = 0; k < DEDUP_K; k++) {
        p[0] = (unsigned char)fp->mh[k];
        p[1] = (unsigned char)(fp->mh[k] >> 8);
        p += 2;
    }
    put32(p, fp->nfeat), p += 4;
    put32(p, fp->nnum_total), p += 4;
    put32(p, fp->nname_total), p += 4;
    put32(p, (uint32_t)fp->nnum | (uint32_t)fp->nname << 16), p += 4;
    for (int k = 0; k < DEDUP_ANCHORS; k++) put32(p, fp->num[k]), p += 4;
    for (int k = 0; k < DEDUP_ANCHORS; k++) put32(p, fp->name[k]), p += 4;
    put32(p, fp->nskel_total), p += 4;
    put32(p, fp->nskel), p += 4;
    for (int k = 0; k < DEDUP_SKETCH; k++) put32(p, fp->skel[k]), p += 4;
}

int store_dedup_fp_decode(const unsigned char *in, size_t n, dedup_fp *fp)
{
    if (!in || n != DEDUP_FP_BYTES || get32(in) != FP_MAGIC) return -1;
    const unsigned char *p = in + 4;
    memset(fp, 0, sizeof *fp);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(fp->mh, p, sizeof fp->mh); /* the encoding is little-endian: copied as is */
    p += 2 * DEDUP_K;
#else
    for (int k = 0; k < DEDUP_K; k++) fp->mh[k] = (uint16_t)(p[0] | p[1] << 8), p += 2;
#endif
    fp->nfeat = get32(p), p += 4;
    fp->nnum_total = get32(p), p += 4;
    fp->nname_total = get32(p), p += 4;
    uint32_t counts = get32(p);
    p += 4;
    fp->nnum = (uint16_t)(counts & 0xffff);
    fp->nname = (uint16_t)(counts >> 16);
    if (fp->nnum > DEDUP_ANCHORS || fp->nname > DEDUP_ANCHORS) return -1;
    get32s(fp->num, p, DEDUP_ANCHORS), p += 4 * DEDUP_ANCHORS;
    get32s(fp->name, p, DEDUP_ANCHORS), p += 4 * DEDUP_ANCHORS;
    fp->nskel_total = get32(p), p += 4;
    uint32_t nskel = get32(p);
    p += 4;
    if (nskel > DEDUP_SKETCH) return -1;
    fp->nskel = (uint16_t)nskel;
    get32s(fp->skel, p, DEDUP_SKETCH), p += 4 * DEDUP_SKETCH;
    return 0;
}

/* ---- the index ---- */

/* Each indexed document owns DEDUP_BANDS entries, entry = slot * DEDUP_BANDS + band,
 * chained from buckets by a 32-bit band key (a false key collision only yields an
 * extra candidate, which the decision rule then rejects). New entries go to the
 * head of their chain, so walks see the newest documents first. */
typedef struct band_entry {
    uint32_t key, next, prev; /* prev: the previous entry, or NIL when first in its bucket */
} band_entry;

/* At most this many entries are visited per band and query. A band value shared
 * by thousands of documents (templated reports) says little, and walking it all
 * would make a query cost grow with the index. */
#define CHAIN_VISIT_MAX 8
/* Candidates sharing a single band that are examined when none shares more. */
#define ONE_HIT_MAX 16

#define NIL UINT32_MAX

struct dedup_index {
    size_t max_docs, cap, count, next_slot;
    int window_days;
    dedup_fp *fp;
    int *day;
    int64_t *story;
    uint32_t *stamp, cur_stamp;
    uint8_t *hits;       /* bands shared with the current query (valid where stamp is current) */
    uint32_t cand[DEDUP_BANDS * CHAIN_VISIT_MAX];
    band_entry *entries;
    uint32_t *buckets;
    size_t nbuckets;
    uint64_t candidates;
};

static uint32_t band_key(const dedup_fp *fp, int band)
{
    uint64_t h = (uint64_t)band * 0x9e3779b97f4a7c15ULL;
    for (int r = 0; r < DEDUP_ROWS; r++) h = mix64(h ^ fp->mh[band * DEDUP_ROWS + r]);
    return (uint32_t)(h >> 32);
}

static void link_entry(dedup_index *ix, uint32_t e)
{
    uint32_t *head = &ix->buckets[ix->entries[e].key & (ix->nbuckets - 1)];
    ix->entries[e].next = *head;
    ix->entries[e].prev = NIL;
    if (*head != NIL) ix->entries[*head].prev = e;
    *head = e;
}

static void unlink_entry(dedup_index *ix, uint32_t e)
{
    band_entry *x = &ix->entries[e];
    if (x->prev != NIL) ix->entries[x->prev].next = x->next;
    else ix->buckets[x->key & (ix->nbuckets - 1)] = x->next;
    if (x->next != NIL) ix->entries[x->next].prev = x->prev;
}

/* Capacity grows by doubling up to max_docs, so a small ingest stays small. */
static void index_grow(dedup_index *ix, size_t cap)
{
    ix->cap = cap;
    ix->fp = util_xrealloc(ix->fp, cap * sizeof *ix->fp);
    ix->day = util_xrealloc(ix->day, cap * sizeof *ix->day);
    ix->story = util_xrealloc(ix->story, cap * sizeof *ix->story);
    ix->stamp = util_xrealloc(ix->stamp, cap * sizeof *ix->stamp);
    ix->hits = util_xrealloc(ix->hits, cap * sizeof *ix->hits);
    ix->entries = util_xrealloc(ix->entries, cap * DEDUP_BANDS * sizeof *ix->entries);
    size_t nb = 1024;
    while (nb < cap * DEDUP_BANDS) nb <<= 1;
    free(ix->buckets);
    ix->nbuckets = nb;
    ix->buckets = util_xmalloc(nb * sizeof *ix->buckets);
    for (size_t i = 0; i < nb; i++) ix->buckets[i] = NIL;
    /* oldest first, so each chain keeps the newest entries at its head */
    for (size_t slot = 0; slot < ix->count; slot++) {
        ix->stamp[slot] = 0;
        for (int b = 0; b < DEDUP_BANDS; b++) link_entry(ix, (uint32_t)(slot * DEDUP_BANDS + b));
    }
}

dedup_index *store_dedup_index_new(size_t max_docs, int window_days)
{
    if (max_docs < 1) max_docs = 1;
    if (max_docs > (UINT32_MAX - 1) / DEDUP_BANDS) max_docs = (UINT32_MAX - 1) / DEDUP_BANDS;
    dedup_index *ix = util_xcalloc(1, sizeof *ix);
    ix->max_docs = max_docs;
    ix->window_days = window_days;
    index_grow(ix, max_docs < 256 ? max_docs : 256);
    return ix;
}

void store_dedup_index_free(dedup_index *ix)
{
    if (!ix) return;
    free(ix->fp);
    free(ix->day);
    free(ix->story);
    free(ix->stamp);
    free(ix->hits);
    free(ix->entries);
    free(ix->buckets);
    free(ix);
}

static void consider(dedup_index *ix, const dedup_fp *fp, size_t slot, double *best_val, int64_t *best_story,
                     dedup_score *best)
{
    ix->candidates++;
    if (!store_dedup_same_story(fp, &ix->fp[slot], NULL)) return;
    dedup_score sc;
    store_dedup_compare(fp, &ix->fp[slot], &sc);
    double val = sc.containment + sc.jaccard;
    if (val > *best_val || (val == *best_val && ix->story[slot] < *best_story)) {
        *best_val = val;
        *best_story = ix->story[slot];
        if (best) *best = sc;
    }
}

int64_t store_dedup_index_match(dedup_index *ix, const dedup_fp *fp, int day, dedup_score *best)
{
    if (++ix->cur_stamp == 0) { /* wrapped: forget all stamps */
        memset(ix->stamp, 0, ix->cap * sizeof *ix->stamp);
        ix->cur_stamp = 1;
    }
    /* Collect the documents sharing at least one band, counting shared bands. */
    size_t ncand = 0;
    for (int b = 0; b < DEDUP_BANDS; b++) {
        uint32_t key = band_key(fp, b);
        int visits = 0;
        for (uint32_t e = ix->buckets[key & (ix->nbuckets - 1)]; e != NIL && visits < CHAIN_VISIT_MAX;
             e = ix->entries[e].next, visits++) {
            if (ix->entries[e].key != key) continue;
            size_t slot = e / DEDUP_BANDS;
            if (ix->stamp[slot] == ix->cur_stamp) {
                if (ix->hits[slot] && ix->hits[slot] < 255) ix->hits[slot]++;
                continue;
            }
            ix->stamp[slot] = ix->cur_stamp;
            int dd = ix->day[slot] - day;
            ix->hits[slot] = dd < -ix->window_days || dd > ix->window_days ? 0 : 1;
            if (ix->hits[slot]) ix->cand[ncand++] = (uint32_t)slot;
        }
    }
    /* Documents sharing two or more bands are the likely copies (expected shared
     * bands at Jaccard 0.3: 5.8); one shared band is mostly chance, so those are
     * examined only when no better candidate is a copy. */
    int64_t best_story = -1;
    double best_val = -1;
    for (size_t i = 0; i < ncand; i++)
        if (ix->hits[ix->cand[i]] >= 2) consider(ix, fp, ix->cand[i], &best_val, &best_story, best);
    if (best_story < 0) {
        int examined = 0;
        for (size_t i = 0; i < ncand && examined < ONE_HIT_MAX; i++)
            if (ix->hits[ix->cand[i]] == 1) {
                consider(ix, fp, ix->cand[i], &best_val, &best_story, best);
                examined++;
            }
    }
    return best_story;
}

void store_dedup_index_reserve(dedup_index *ix, size_t n)
{
    if (n > ix->max_docs) n = ix->max_docs;
    if (n <= ix->cap) return;
    /* as index_add grows it: the oldest slot is next to be overwritten when full */
    index_grow(ix, n);
    ix->next_slot = ix->count;
}

void store_dedup_index_add(dedup_index *ix, const dedup_fp *fp, int day, int64_t story_id)
{
    if (ix->count == ix->cap && ix->cap < ix->max_docs) {
        index_grow(ix, ix->cap * 2 < ix->max_docs ? ix->cap * 2 : ix->max_docs);
        ix->next_slot = ix->count;
    }
    size_t slot = ix->next_slot;
    ix->next_slot = (ix->next_slot + 1) % ix->cap;
    if (ix->count == ix->cap) {
        for (int b = 0; b < DEDUP_BANDS; b++) unlink_entry(ix, (uint32_t)(slot * DEDUP_BANDS + b));
    } else {
        ix->count++;
    }
    ix->fp[slot] = *fp;
    ix->day[slot] = day;
    ix->story[slot] = story_id;
    ix->stamp[slot] = 0;
    for (int b = 0; b < DEDUP_BANDS; b++) {
        uint32_t e = (uint32_t)(slot * DEDUP_BANDS + b);
        ix->entries[e].key = band_key(fp, b);
        link_entry(ix, e);
    }
}

size_t store_dedup_index_size(const dedup_index *ix) { return ix->count; }
uint64_t store_dedup_index_candidates(const dedup_index *ix) { return ix->candidates; }
