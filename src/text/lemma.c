/*
 * lemma.c — the verb lemmatizer: WordNet's index.verb (base forms) and verb.exc
 * (irregular forms) read directly from Debian's wordnet-base data files, and
 * WordNet's "morphy" detachment rules for verbs.
 *
 * Why: the coder matches verb patterns on base forms ("warned" -> "warn"), and
 * WordNet is the standard, installed source of English verb morphology. The
 * data files are parsed directly (no WordNet C library, which keeps global state
 * and is slow). Everything lives in one open-addressing table of interned words
 * in one string pool, so lookups are allocation-free and the structure is
 * read-only after loading (thread-safe).
 *
 * Choosing among candidates: morphy can yield several bases ("hoping" -> hope,
 * hop; "singing" -> sing, singe). We keep the one WordNet's semantic-concordance
 * tag count (tagsense_cnt in index.verb) says is most frequent. An irregular
 * form from verb.exc wins over everything; a word that is itself a base verb
 * ("need", "seed") is returned as is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"

typedef struct lm_entry {
    const char *word;        /* interned, NUL-terminated; NULL = empty slot */
    uint64_t hash;           /* hash_bytes(word) */
    uint32_t len;
    int32_t freq;            /* tagsense_cnt + 1 if a base verb, else 0 */
    int32_t exc;             /* entry index of the irregular base, or -1 */
} lm_entry;

struct lemmatizer {
    lm_entry *tab;
    size_t mask;             /* capacity - 1, capacity a power of two */
    size_t count;
    char *pool;              /* all interned strings */
    size_t pool_len, pool_cap;
};

static lm_entry *lm_find(const lemmatizer *lm, const char *w, size_t len, uint64_t h)
{
    size_t i = (size_t)h & lm->mask;
    for (;;) {
        lm_entry *e = &lm->tab[i];
        if (!e->word) return e;
        if (e->hash == h && e->len == len && memcmp(e->word, w, len) == 0) return e;
        i = (i + 1) & lm->mask;
    }
}

/* Interns w; returns its entry index. The pool was sized from the file sizes,
 * so it never moves and the entries' pointers stay valid. */
static int32_t lm_intern(lemmatizer *lm, const char *w, size_t len)
{
    uint64_t h = hash_bytes(w, len);
    lm_entry *e = lm_find(lm, w, len, h);
    if (!e->word) {
        if (lm->count + 1 > lm->mask / 4 * 3) return -1;        /* keep probes short */
        if (lm->pool_len + len + 1 > lm->pool_cap) return -1;   /* sized from the files */
        char *dst = lm->pool + lm->pool_len;
        memcpy(dst, w, len);
        dst[len] = 0;
        lm->pool_len += len + 1;
        e->word = dst;
        e->hash = h;
        e->len = (uint32_t)len;
        e->freq = 0;
        e->exc = -1;
        lm->count++;
    }
    return (int32_t)(e - lm->tab);
}

static int only_word_chars(const char *w, size_t len)
{
    if (len == 0) return 0;
    for (size_t i = 0; i < len; i++)
        if (w[i] == '_' || w[i] == ' ' || (unsigned char)w[i] < 0x21) return 0;
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
                    lm->tab[ix].freq = (tag < 0 ? 0 : tag) + 1;
                    loaded++;
                }
            }
        }
        p = eol + 1;
    }
    if (loaded == 0) { report("lemmatizer: no verbs in %s", path); return -1; }
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
            if (lm->tab[form].exc < 0 && form != base) lm->tab[form].exc = base;
        }
        p = eol + 1;
    }
    return 0;
}

static char *read_wordnet_file(const char *dir, const char *name, size_t *n)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *path = xmalloc(dl + nl + 2);
    memcpy(path, dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, name, nl + 1);
    char *data = read_file(path, n);
    if (!data) report("lemmatizer: cannot read %s: %s", path, strerror(errno));
    free(path);
    return data;
}

lemmatizer *lemmatizer_load(const char *dir)
{
    if (!dir || !*dir) dir = getenv("TOCSIN_WORDNET");
    if (!dir || !*dir) dir = "/usr/share/wordnet";
    size_t ni = 0, ne = 0;
    char *idx = read_wordnet_file(dir, "index.verb", &ni);
    char *exc = idx ? read_wordnet_file(dir, "verb.exc", &ne) : NULL;
    if (!idx || !exc) { free(idx); free(exc); return NULL; }
    lemmatizer *lm = xcalloc(1, sizeof *lm);
    size_t cap = 1024;
    while (cap < ni / 8 + ne / 2) cap *= 2;   /* ~2x the words the files can hold */
    lm->mask = cap - 1;
    lm->tab = xcalloc(cap, sizeof *lm->tab);
    lm->pool_cap = ni + ne + 2;
    lm->pool = xmalloc(lm->pool_cap);
    int rc = parse_index(lm, idx, ni, dir);
    if (rc == 0) rc = parse_exc(lm, exc, ne);
    free(idx);
    free(exc);
    if (rc != 0) {
        report("lemmatizer: could not load the WordNet verb files in %s", dir);
        lemmatizer_free(lm);
        return NULL;
    }
    return lm;
}

void lemmatizer_free(lemmatizer *lm)
{
    if (!lm) return;
    free(lm->tab);
    free(lm->pool);
    free(lm);
}

/* Entry of a base verb spelled cand[0..len), or NULL. */
static const lm_entry *base_verb(const lemmatizer *lm, const char *cand, size_t len)
{
    const lm_entry *e = lm_find(lm, cand, len, hash_bytes(cand, len));
    return (e->word && e->freq > 0) ? e : NULL;
}

static int is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

const char *lemmatize_verb_hashed(const lemmatizer *lm, const char *lower, size_t len,
                                  uint64_t hash, uint64_t *lemma_hash)
{
    if (!lm || len < 2 || len > 40) return NULL;
    const lm_entry *e = lm_find(lm, lower, len, hash);
    if (e->word) {
        if (e->exc >= 0) {
            const lm_entry *b = &lm->tab[e->exc];
            if (lemma_hash) *lemma_hash = b->hash;
            return b->word;
        }
        if (e->freq > 0) {
            if (lemma_hash) *lemma_hash = e->hash;
            return e->word;
        }
    }
    /* Morphy's verb suffix rules, plus undoubling of a final consonant. */
    static const struct { const char *suf, *rep; unsigned char sl, rl; } rules[] = {
        { "s", "", 1, 0 }, { "ies", "y", 3, 1 }, { "es", "e", 2, 1 }, { "es", "", 2, 0 },
        { "ed", "e", 2, 1 }, { "ed", "", 2, 0 }, { "ing", "e", 3, 1 }, { "ing", "", 3, 0 },
    };
    char cand[48];
    const lm_entry *best = NULL;
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        size_t sl = rules[r].sl, rl = rules[r].rl;
        if (len <= sl + 1 || memcmp(lower + len - sl, rules[r].suf, sl) != 0) continue;
        size_t stem = len - sl;
        memcpy(cand, lower, stem);
        memcpy(cand + stem, rules[r].rep, rl);
        const lm_entry *c = base_verb(lm, cand, stem + rl);
        if (c && (!best || c->freq > best->freq)) best = c;
        /* "planned" -> "plan", "stopping" -> "stop": doubled consonant before -ed/-ing. */
        if (rl == 0 && sl >= 2 && stem >= 3 && cand[stem - 1] == cand[stem - 2] &&
            !is_vowel(cand[stem - 1])) {
            c = base_verb(lm, cand, stem - 1);
            if (c && (!best || c->freq > best->freq)) best = c;
        }
    }
    if (best && lemma_hash) *lemma_hash = best->hash;
    return best ? best->word : NULL;
}

const char *lemmatize_verb(const lemmatizer *lm, const char *lower, size_t len)
{
    return lemmatize_verb_hashed(lm, lower, len, hash_bytes(lower, len), NULL);
}
