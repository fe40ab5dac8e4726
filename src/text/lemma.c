/*
 * lemma.c — the verb lemmatizer: WordNet's index.verb (base forms) and verb.exc
 * (irregular forms) read directly from Debian's wordnet-base data files, and
 * WordNet's "morphy" detachment rules for verbs.
 *
 * Why: the coder matches verb patterns on base forms ("warned" -> "warn"), and
 * WordNet is the standard, installed source of English verb morphology. The
 * data files are parsed directly (the WordNet C library keeps global state and
 * is slow).
 *
 * Speed: text_lemmatize_verb() runs for every word of every sentence and most words
 * are not verbs, so a 16 KB Bloom filter of the table's words (it stays in the
 * L1/L2 cache) rejects almost every non-verb and almost every wrong rule
 * candidate without touching the table. Candidates are built in a stack buffer;
 * nothing is allocated. The table is read-only after loading (thread-safe).
 * Lookups go to a copy of the table made after loading with each word inline
 * (one 64-byte record per probe, on huge pages): the loader's slot -> entry ->
 * word chain cost three dependent cache misses per word, the copy one.
 *
 * Choosing among candidates: morphy can yield several bases ("hoping" -> hope,
 * hop; "singing" -> sing, singe). We keep the one WordNet's semantic-concordance
 * tag count (tagsense_cnt in index.verb) says is most frequent. An irregular
 * form from verb.exc wins over everything; a word that is itself a base verb
 * ("need", "seed") is returned as is. Equal counts go to the longer base
 * ("hoping" -> hope, not hop: English doubles the consonant of "hop").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "text/text_internal.h"

#define LM_MAX_WORD 40

typedef struct lm_entry {
    uint64_t hash;           /* util_hash_bytes(word) */
    uint32_t word;           /* offset of the NUL-terminated word in the pool */
    uint32_t len;
    int32_t freq;            /* tagsense_cnt + 1 if a base verb (index.verb), else 0 */
    int32_t exc;             /* entry of the irregular base (verb.exc), or -1 */
} lm_entry;

#define LM_BLOOM_BITS (1u << 17)

struct lemmatizer {
    uint32_t *slot;          /* entry index + 1; 0 = empty */
    size_t mask;             /* slot count - 1, a power of two */
    lm_entry *ent;           /* append-only: indices stay valid when slots grow */
    size_t count, ent_cap;
    char *pool;              /* all words; sized from the files, never moves */
    size_t pool_len, pool_cap;
    uint64_t bloom[LM_BLOOM_BITS / 64];   /* 3 bits per table word */
    struct lm_fast *fast;    /* lookup copy of ent, open addressing; len 0 = empty */
    size_t fast_mask;
};

/* An entry of the lookup copy, with its word inline. */
typedef struct lm_fast {
    uint64_t hash;
    int32_t freq, exc;       /* as in lm_entry (exc indexes ent) */
    uint32_t word, len;      /* word: offset in the pool, where lemmas point */
    char w[LM_MAX_WORD];     /* the word's bytes (not NUL-terminated) */
} lm_fast;

static void lm_build_fast(lemmatizer *lm);

static inline void bloom_add(lemmatizer *lm, uint64_t h)
{
    uint32_t a = (uint32_t)h & (LM_BLOOM_BITS - 1), b = (uint32_t)(h >> 21) & (LM_BLOOM_BITS - 1),
             c = (uint32_t)(h >> 42) & (LM_BLOOM_BITS - 1);
    lm->bloom[a >> 6] |= 1ull << (a & 63);
    lm->bloom[b >> 6] |= 1ull << (b & 63);
    lm->bloom[c >> 6] |= 1ull << (c & 63);
}

static inline int bloom_may_have(const lemmatizer *lm, uint64_t h)
{
    uint32_t a = (uint32_t)h & (LM_BLOOM_BITS - 1), b = (uint32_t)(h >> 21) & (LM_BLOOM_BITS - 1),
             c = (uint32_t)(h >> 42) & (LM_BLOOM_BITS - 1);
    return (lm->bloom[a >> 6] >> (a & 63) & 1) && (lm->bloom[b >> 6] >> (b & 63) & 1) &&
           (lm->bloom[c >> 6] >> (c & 63) & 1);
}

static size_t lm_probe(const lemmatizer *lm, const char *w, size_t len, uint64_t h)
{
    size_t i = (size_t)h & lm->mask;
    for (;;) {
        uint32_t s = lm->slot[i];
        if (!s) return i;
        const lm_entry *e = &lm->ent[s - 1];
        if (e->hash == h && e->len == len) {
            const char *p = lm->pool + e->word;
            size_t k = 0;
            while (k < len && p[k] == w[k]) k++;
            if (k == len) return i;
        }
        i = (i + 1) & lm->mask;
    }
}

static void lm_grow_slots(lemmatizer *lm)
{
    size_t cap = (lm->mask + 1) * 2;
    free(lm->slot);
    lm->slot = util_xcalloc(cap, sizeof *lm->slot);
    lm->mask = cap - 1;
    for (size_t k = 0; k < lm->count; k++) {
        size_t i = (size_t)lm->ent[k].hash & lm->mask;
        while (lm->slot[i]) i = (i + 1) & lm->mask;
        lm->slot[i] = (uint32_t)(k + 1);
    }
}

/* Interns w; returns its entry index, or -1 when the pool is full. */
static int32_t lm_intern(lemmatizer *lm, const char *w, size_t len)
{
    uint64_t h = util_hash_bytes(w, len);
    size_t i = lm_probe(lm, w, len, h);
    if (lm->slot[i]) return (int32_t)(lm->slot[i] - 1);
    if (lm->pool_len + len + 1 > lm->pool_cap) return -1;
    if (lm->count == lm->ent_cap) {
        lm->ent_cap *= 2;
        lm->ent = util_xrealloc(lm->ent, lm->ent_cap * sizeof *lm->ent);
    }
    lm_entry *e = &lm->ent[lm->count];
    memcpy(lm->pool + lm->pool_len, w, len);
    lm->pool[lm->pool_len + len] = 0;
    e->hash = h;
    e->word = (uint32_t)lm->pool_len;
    e->len = (uint32_t)len;
    e->freq = 0;
    e->exc = -1;
    lm->pool_len += len + 1;
    bloom_add(lm, h);
    lm->slot[i] = (uint32_t)(++lm->count);
    if (lm->count * 2 > lm->mask) lm_grow_slots(lm);   /* load factor <= 1/2 */
    return (int32_t)(lm->count - 1);
}

static int only_word_chars(const char *w, size_t len)
{
    if (len == 0 || len > LM_MAX_WORD) return 0;
    for (size_t i = 0; i < len; i++)
        if (w[i] == '_' || (unsigned char)w[i] <= ' ') return 0;
    return 1;
}

/* index.verb: "lemma v synset_cnt p_cnt [ptr]*p_cnt sense_cnt tagsense_cnt offsets". */
static int parse_index(lemmatizer *lm, const char *data, size_t n, const char *path)
{
    int loaded = 0;
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        if (*p != ' ' && *p != '\n') {          /* licence lines start with spaces */
            const char *f[64];
            size_t fl[64];
            int nf = 0;
            const char *q = p;
            while (q < eol && nf < 64) {
                while (q < eol && *q == ' ') q++;
                if (q >= eol) break;
                f[nf] = q;
                while (q < eol && *q != ' ') q++;
                fl[nf] = (size_t)(q - f[nf]);
                nf++;
            }
            if (nf >= 4) {
                int pcnt = atoi(f[3]);
                int tag = (pcnt >= 0 && 5 + pcnt < nf) ? atoi(f[5 + pcnt]) : 0;
                if (only_word_chars(f[0], fl[0])) {
                    int32_t ix = lm_intern(lm, f[0], fl[0]);
                    if (ix < 0) return -1;
                    lm->ent[ix].freq = (tag < 0 ? 0 : tag) + 1;
                    loaded++;
                }
            }
        }
        p = eol + 1;
    }
    if (loaded == 0) { util_report("lemmatizer: no verbs in %s", path); return -1; }
    return 0;
}

/* verb.exc: "inflected base [base...]"; the first base is kept. */
static int parse_exc(lemmatizer *lm, const char *data, size_t n)
{
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *a = p, *ae = a;
        while (ae < eol && *ae != ' ') ae++;
        const char *b = ae;
        while (b < eol && *b == ' ') b++;
        const char *be = b;
        while (be < eol && *be != ' ') be++;
        if (only_word_chars(a, (size_t)(ae - a)) && only_word_chars(b, (size_t)(be - b))) {
            int32_t base = lm_intern(lm, b, (size_t)(be - b));
            int32_t form = lm_intern(lm, a, (size_t)(ae - a));
            if (base < 0 || form < 0) return -1;
            if (lm->ent[form].exc < 0 && form != base) lm->ent[form].exc = base;
        }
        p = eol + 1;
    }
    return 0;
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

/* Morphy's detachment rules for verbs: an inflected form ending in `suf`
 * becomes the candidate base ending in `rep`; candidates must be in index.verb. */
static const struct { const char *suf, *rep; unsigned char sl, rl; } rules[] = {
    { "s", "", 1, 0 }, { "ies", "y", 3, 1 }, { "es", "e", 2, 1 }, { "es", "", 2, 0 },
    { "ed", "e", 2, 1 }, { "ed", "", 2, 0 }, { "ing", "e", 3, 1 }, { "ing", "", 3, 0 },
};

static char *read_wordnet_file(const char *dir, const char *name, size_t *n)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *path = util_xmalloc(dl + nl + 2);
    memcpy(path, dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, name, nl + 1);
    char *data = util_read_file(path, n);
    if (!data) util_report("lemmatizer: cannot read %s: %s", path, strerror(errno));
    free(path);
    return data;
}

lemmatizer *text_lemmatizer_load(const char *dir)
{
    if (!dir || !*dir) dir = getenv("TOCSIN_WORDNET");
    if (!dir || !*dir) dir = "/usr/share/wordnet";
    size_t ni = 0, ne = 0;
    char *idx = read_wordnet_file(dir, "index.verb", &ni);
    char *exc = idx ? read_wordnet_file(dir, "verb.exc", &ne) : NULL;
    if (!idx || !exc) { free(idx); free(exc); return NULL; }
    lemmatizer *lm = util_xcalloc(1, sizeof *lm);
    lm->mask = (1u << 15) - 1;               /* grows if a bigger WordNet comes */
    lm->slot = util_xcalloc(lm->mask + 1, sizeof *lm->slot);
    lm->ent_cap = 1u << 14;
    lm->ent = util_xmalloc(lm->ent_cap * sizeof *lm->ent);
    lm->pool_cap = ni + ne + 64;             /* every word is shorter than its line */
    lm->pool = util_xmalloc(lm->pool_cap);
    int rc = parse_index(lm, idx, ni, dir);
    if (rc == 0) rc = parse_exc(lm, exc, ne);
    if (rc == 0) lm_build_fast(lm);
    free(idx);
    free(exc);
    if (rc != 0) {
        util_report("lemmatizer: could not load the WordNet verb files in %s", dir);
        text_lemmatizer_free(lm);
        return NULL;
    }
    return lm;
}

/* Builds the lookup copy of the loaded table. */
static void lm_build_fast(lemmatizer *lm)
{
    size_t cap = 16;
    while (cap < lm->count * 2) cap *= 2;
    size_t bytes = cap * sizeof *lm->fast, huge = (size_t)2 << 20;
    lm->fast = NULL;
    if (bytes >= huge / 2) {
        size_t rounded = (bytes + huge - 1) & ~(huge - 1);
        lm->fast = aligned_alloc(huge, rounded);
        if (lm->fast) {
            madvise(lm->fast, rounded, MADV_HUGEPAGE);   /* a hint: failure only costs speed */
            memset(lm->fast, 0, rounded);
        }
    }
    if (!lm->fast) lm->fast = util_xcalloc(cap, sizeof *lm->fast);
    lm->fast_mask = cap - 1;
    for (size_t k = 0; k < lm->count; k++) {
        const lm_entry *e = &lm->ent[k];
        size_t i = (size_t)e->hash & lm->fast_mask;
        while (lm->fast[i].len) i = (i + 1) & lm->fast_mask;
        lm_fast *f = &lm->fast[i];
        f->hash = e->hash;
        f->freq = e->freq;
        f->exc = e->exc;
        f->word = e->word;
        f->len = e->len;
        memcpy(f->w, lm->pool + e->word, e->len);
    }
}

void text_lemmatizer_free(lemmatizer *lm)
{
    if (!lm) return;
    free(lm->fast);
    free(lm->slot);
    free(lm->ent);
    free(lm->pool);
    free(lm);
}

static inline int ends_with(const char *w, size_t len, const char *suf, size_t sl)
{
    for (size_t i = 0; i < sl; i++)
        if (w[len - sl + i] != suf[i]) return 0;
    return 1;
}

/* Entry of word w if it is in the table (the filter rejects most misses). */
static const lm_fast *lm_get(const lemmatizer *lm, const char *w, size_t len, uint64_t h)
{
    if (!bloom_may_have(lm, h)) return NULL;
    for (size_t i = (size_t)h & lm->fast_mask;; i = (i + 1) & lm->fast_mask) {
        const lm_fast *f = &lm->fast[i];
        if (!f->len) return NULL;
        if (f->hash == h && f->len == len && !memcmp(f->w, w, len)) return f;
    }
}

/* The chosen base: what lemmatize needs of an entry. */
typedef struct lm_pick {
    int32_t freq;
    uint32_t len, word;
    uint64_t hash;
} lm_pick;

static void pick_entry(lm_pick *p, const lm_entry *e) { p->freq = e->freq; p->len = e->len; p->word = e->word; p->hash = e->hash; }
static void pick_fast(lm_pick *p, const lm_fast *e) { p->freq = e->freq; p->len = e->len; p->word = e->word; p->hash = e->hash; }

/* Is c a better base than best? Higher tag count, then the longer base. */
static int better(const lm_fast *c, const lm_pick *best)
{
    return !best || c->freq > best->freq || (c->freq == best->freq && c->len > best->len);
}

const char *text_lemmatize_verb_hashed(const lemmatizer *lm, const char *lower, size_t len,
                                  uint64_t hash, uint64_t *lemma_hash)
{
    if (!lm || len < 2 || len > LM_MAX_WORD) return NULL;
    const lm_fast *e = lm_get(lm, lower, len, hash);
    lm_pick chosen, *best = NULL;
    if (e && e->exc >= 0) { pick_entry(&chosen, &lm->ent[e->exc]); best = &chosen; }
    else if (e && e->freq > 0) { pick_fast(&chosen, e); best = &chosen; }
    else if (lower[len - 1] == 's' || lower[len - 1] == 'd' || lower[len - 1] == 'g') {
        char cand[LM_MAX_WORD + 8];
        for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
            size_t sl = rules[r].sl, rl = rules[r].rl;
            if (len <= sl + 1 || !ends_with(lower, len, rules[r].suf, sl)) continue;
            size_t stem = len - sl;
            /* English spelling adds "-es" only after s, x, z, ch, sh and o:
             * "departes" is a misspelling, no form of "depart" */
            if (sl == 2 && rl == 0 && lower[len - 1] == 's' && !strchr("sxzho", lower[stem - 1])) continue;
            memcpy(cand, lower, stem);
            memcpy(cand + stem, rules[r].rep, rl);
            const lm_fast *c = lm_get(lm, cand, stem + rl, util_hash_bytes(cand, stem + rl));
            if (c && c->freq > 0 && better(c, best)) { pick_fast(&chosen, c); best = &chosen; }
            /* "planned" -> "plan", "stopping" -> "stop": a doubled consonant */
            if (rl == 0 && sl >= 2 && stem >= 3 && cand[stem - 1] == cand[stem - 2] &&
                !is_vowel(cand[stem - 1])) {
                c = lm_get(lm, cand, stem - 1, util_hash_bytes(cand, stem - 1));
                if (c && c->freq > 0 && better(c, best)) { pick_fast(&chosen, c); best = &chosen; }
            }
        }
    }
    if (!best) return NULL;
    if (lemma_hash) *lemma_hash = best->hash;
    return lm->pool + best->word;
}

const char *text_lemmatize_verb(const lemmatizer *lm, const char *lower, size_t len)
{
    return text_lemmatize_verb_hashed(lm, lower, len, util_hash_bytes(lower, len), NULL);
}
