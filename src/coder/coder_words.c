/*
 * coder_words.c — word classes of function words (determiners, prepositions,
 * auxiliaries, reporting verbs ...) and matching dictionary words and phrases
 * (actors, agents, discards, pattern words) at tokens: exact, by lemma, by
 * TABARI stem, across "_"-joined names. Every other step is built on these.
 */
#include "coder/coder_int.h"

static const struct { const char *w; uint32_t cls; } word_classes[] = {
    {"the", WC_DET | WC_STOP}, {"a", WC_DET | WC_STOP}, {"an", WC_DET | WC_STOP},
    {"its", WC_DET | WC_STOP}, {"their", WC_DET | WC_STOP}, {"his", WC_DET | WC_STOP},
    {"her", WC_DET | WC_PRON_OBJ | WC_STOP}, {"our", WC_DET | WC_STOP}, {"this", WC_DET | WC_STOP},
    {"these", WC_DET | WC_STOP}, {"those", WC_DET | WC_STOP}, {"my", WC_DET | WC_STOP},
    {"your", WC_DET | WC_STOP}, {"any", WC_DET | WC_STOP}, {"some", WC_DET | WC_STOP},
    {"no", WC_DET | WC_STOP}, {"every", WC_DET | WC_STOP}, {"each", WC_DET | WC_STOP},
    {"another", WC_DET | WC_STOP}, {"second", WC_DET}, {"first", WC_DET}, {"new", 0},
    {"in", WC_PREP | WC_STOP | WC_LOC}, {"of", WC_PREP | WC_STOP}, {"from", WC_PREP | WC_STOP},
    {"with", WC_PREP | WC_STOP}, {"for", WC_PREP | WC_STOP}, {"at", WC_PREP | WC_STOP},
    {"on", WC_PREP | WC_STOP}, {"to", WC_PREP | WC_TO | WC_STOP}, {"by", WC_PREP | WC_BY | WC_STOP},
    {"near", WC_PREP | WC_STOP | WC_LOC}, {"against", WC_PREP | WC_STOP}, {"between", WC_PREP | WC_STOP},
    {"among", WC_PREP | WC_STOP}, {"about", WC_PREP | WC_STOP}, {"over", WC_PREP | WC_STOP},
    {"into", WC_PREP | WC_STOP}, {"toward", WC_PREP | WC_STOP}, {"towards", WC_PREP | WC_STOP},
    {"across", WC_PREP | WC_STOP | WC_LOC}, {"along", WC_PREP | WC_STOP}, {"under", WC_PREP | WC_STOP},
    {"without", WC_PREP | WC_STOP}, {"during", WC_PREP | WC_STOP}, {"after", WC_PREP | WC_STOP | WC_TEMPSUB},
    {"before", WC_PREP | WC_STOP | WC_TEMPSUB}, {"since", WC_PREP | WC_STOP | WC_TEMPSUB}, {"until", WC_TEMPSUB | WC_STOP}, {"like", WC_PREP},
    {"within", WC_PREP | WC_STOP | WC_LOC}, {"inside", WC_PREP | WC_STOP | WC_LOC},
    {"outside", WC_PREP | WC_STOP | WC_LOC}, {"throughout", WC_PREP | WC_STOP | WC_LOC},
    {"around", WC_PREP | WC_STOP | WC_LOC}, {"through", WC_PREP | WC_STOP}, {"via", WC_PREP | WC_STOP},
    {"per", WC_PREP | WC_STOP}, {"amid", WC_PREP | WC_STOP}, {"including", WC_PREP | WC_STOP},
    {"he", WC_PRON_SUBJ | WC_STOP}, {"she", WC_PRON_SUBJ | WC_STOP}, {"it", WC_PRON_SUBJ | WC_STOP},
    {"they", WC_PRON_SUBJ | WC_STOP}, {"we", WC_PRON_SUBJ | WC_PRON_1ST | WC_STOP},
    {"i", WC_PRON_SUBJ | WC_PRON_1ST | WC_STOP}, {"him", WC_PRON_OBJ | WC_STOP},
    {"them", WC_PRON_OBJ | WC_STOP}, {"us", WC_PRON_OBJ | WC_STOP},
    {"is", WC_BE | WC_STOP}, {"are", WC_BE | WC_STOP}, {"was", WC_BE | WC_STOP},
    {"were", WC_BE | WC_STOP}, {"be", WC_BE | WC_STOP}, {"been", WC_BE | WC_STOP},
    {"being", WC_BE | WC_STOP}, {"am", WC_BE | WC_STOP}, {"get", 0}, {"got", 0},
    {"not", WC_NEG | WC_STOP}, {"n't", WC_NEG | WC_STOP}, {"never", WC_NEG | WC_STOP},
    {"didn't", WC_NEG | WC_AUX | WC_STOP}, {"don't", WC_NEG | WC_AUX | WC_STOP},
    {"doesn't", WC_NEG | WC_AUX | WC_STOP}, {"won't", WC_NEG | WC_MODAL | WC_FUTURE | WC_STOP},
    {"wouldn't", WC_NEG | WC_MODAL | WC_STOP}, {"can't", WC_NEG | WC_MODAL | WC_STOP},
    {"cannot", WC_NEG | WC_MODAL | WC_STOP}, {"couldn't", WC_NEG | WC_MODAL | WC_STOP},
    {"isn't", WC_NEG | WC_BE | WC_STOP}, {"wasn't", WC_NEG | WC_BE | WC_STOP},
    {"aren't", WC_NEG | WC_BE | WC_STOP}, {"weren't", WC_NEG | WC_BE | WC_STOP},
    {"hasn't", WC_NEG | WC_AUX | WC_STOP}, {"haven't", WC_NEG | WC_AUX | WC_STOP},
    {"hadn't", WC_NEG | WC_AUX | WC_STOP}, {"neither", WC_STOP}, {"nor", WC_CONJ | WC_LISTSEP | WC_STOP},
    {"will", WC_MODAL | WC_FUTURE | WC_STOP}, {"would", WC_MODAL | WC_STOP}, {"could", WC_MODAL | WC_STOP},
    {"might", WC_MODAL | WC_STOP}, {"may", WC_MODAL}, {"should", WC_MODAL | WC_STOP | WC_MUST},
    {"ought", WC_MUST | WC_STOP},
    {"shall", WC_MODAL | WC_FUTURE | WC_STOP}, {"can", WC_MODAL | WC_STOP}, {"must", WC_MODAL | WC_STOP | WC_MUST},
    {"'ll", WC_MODAL | WC_FUTURE | WC_STOP},
    {"and", WC_CONJ | WC_LISTSEP | WC_STOP}, {"but", WC_CONJ | WC_STOP}, {"or", WC_CONJ | WC_LISTSEP | WC_STOP},
    {"while", WC_CONJ | WC_STOP | WC_SUBCL}, {"whereas", WC_CONJ | WC_STOP}, {"although", WC_CONJ | WC_STOP | WC_SUBCL},
    {"though", WC_CONJ | WC_STOP}, {"because", WC_CONJ | WC_STOP | WC_SUBCL}, {"as", WC_STOP},
    {"if", WC_COND | WC_STOP}, {"unless", WC_COND | WC_STOP}, {"whether", WC_COND | WC_STOP},
    {"that", WC_THAT | WC_STOP}, {"which", WC_REL | WC_STOP}, {"who", WC_REL | WC_STOP}, {"whom", WC_REL | WC_STOP},
    {"has", WC_AUX | WC_STOP}, {"have", WC_AUX | WC_STOP}, {"had", WC_AUX | WC_STOP},
    {"do", WC_AUX | WC_STOP}, {"does", WC_AUX | WC_STOP}, {"did", WC_AUX | WC_STOP},
    {"former", WC_FORMER}, {"ex", WC_FORMER},
    {"also", WC_ADV | WC_STOP}, {"again", WC_ADV | WC_STOP}, {"already", WC_ADV | WC_STOP},
    {"repeatedly", WC_ADV | WC_STOP}, {"reportedly", WC_ADV | WC_STOP}, {"still", WC_ADV | WC_STOP},
    {"recently", WC_ADV | WC_STOP}, {"fiercely", WC_ADV}, {"strongly", WC_ADV}, {"just", WC_ADV | WC_STOP},
    {"formally", WC_ADV}, {"officially", WC_ADV}, {"jointly", WC_ADV}, {"publicly", WC_ADV},
    {"then", WC_STOP}, {"there", WC_STOP}, {"here", WC_STOP}, {"when", WC_STOP | WC_SUBCL}, {"where", WC_STOP | WC_SUBCL},
    {"what", WC_STOP}, {"how", WC_STOP}, {"why", WC_STOP}, {"all", WC_STOP}, {"both", WC_STOP},
    {"last", WC_STOP}, {"next", WC_STOP}, {"early", WC_STOP}, {"late", WC_STOP}, {"phone", WC_STOP},
    {"monday", WC_STOP}, {"tuesday", WC_STOP}, {"wednesday", WC_STOP}, {"thursday", WC_STOP},
    {"friday", WC_STOP}, {"saturday", WC_STOP}, {"sunday", WC_STOP}, {"january", WC_STOP},
    {"february", WC_STOP}, {"march", WC_STOP}, {"april", WC_STOP}, {"june", WC_STOP}, {"july", WC_STOP},
    {"august", WC_STOP}, {"september", WC_STOP}, {"october", WC_STOP}, {"november", WC_STOP},
    {"december", WC_STOP}, {"source", WC_STOP}, {"link", WC_STOP}, {"reply", WC_STOP},
    {"mr.", WC_STOP}, {"mrs.", WC_STOP}, {"ms.", WC_STOP}, {"dr.", WC_STOP},
    {"people", WC_PLURAL}, {"children", WC_PLURAL}, {"men", WC_PLURAL}, {"women", WC_PLURAL},
    {"police", WC_PLURAL}, {"staff", WC_PLURAL}, {"personnel", WC_PLURAL}, {"cattle", WC_PLURAL},
    {"folk", WC_PLURAL}, {"militia", WC_PLURAL}, {"media", WC_PLURAL}, {"public", WC_PLURAL},
    {"clergy", WC_PLURAL}, {"youth", WC_PLURAL},
    {"hit", WC_PASTBASE}, {"put", WC_PASTBASE}, {"quit", WC_PASTBASE}, {"shut", WC_PASTBASE},
    {"beat", WC_PASTBASE}, {"let", WC_PASTBASE}, {"hurt", WC_PASTBASE}, {"thrust", WC_PASTBASE},
    {"shed", WC_PASTBASE}, {"rid", WC_PASTBASE},
};

/* lemma classes: reporting and denial verbs */
static const struct { const char *w; uint32_t cls; } lemma_classes[] = {
    {"say", WC_REPORT | WC_SAYCLAUSE}, {"tell", WC_REPORT | WC_SAYCLAUSE}, {"state", WC_REPORT},
    {"add", WC_REPORT | WC_SAYCLAUSE}, {"report", WC_REPORT | WC_SAYCLAUSE}, {"claim", WC_SAYCLAUSE},
    {"insist", WC_SAYCLAUSE}, {"note", WC_REPORT}, {"quote", WC_REPORT}, {"write", WC_REPORT},
    {"explain", WC_REPORT}, {"declare", WC_REPORT}, {"claim", WC_REPORT}, {"insist", WC_REPORT},
    {"announce", WC_REPORT}, {"believe", WC_REPORT}, {"think", WC_REPORT},
    {"reiterate", WC_REPORT}, {"emphasize", WC_REPORT}, {"emphasise", WC_REPORT}, {"stress", WC_REPORT},
    {"confirm", WC_REPORT}, {"indicate", WC_REPORT},
    {"deny", WC_DENY}, {"dismiss", WC_DENY}, {"refute", WC_DENY}, {"rebut", WC_DENY},
    {"demand", WC_DEMAND}, {"urge", WC_DEMAND}, {"insist", WC_DEMAND}, {"ask", WC_DEMAND},
    {"request", WC_DEMAND}, {"propose", WC_DEMAND}, {"suggest", WC_DEMAND}, {"recommend", WC_DEMAND},
    {"schedule", WC_FUTURE}, {"plan", WC_FUTURE}, {"expect", WC_FUTURE}, {"set", 0},
};

static void wc_put(wc_table *t, const char *w, uint32_t cls)
{
    uint64_t h = hash_str(w);
    size_t i = (size_t)(h & 511);
    while (t->keys[i] && t->keys[i] != h) i = (i + 1) & 511;
    t->keys[i] = h;
    t->vals[i] |= cls;
}

void coder_word_classes(tocsin_coder *c)
{
    for (size_t i = 0; i < sizeof word_classes / sizeof word_classes[0]; i++)
        wc_put(&c->wc, word_classes[i].w, word_classes[i].cls);
    for (size_t i = 0; i < sizeof lemma_classes / sizeof lemma_classes[0]; i++)
        wc_put(&c->lc, lemma_classes[i].w, lemma_classes[i].cls);
}

/* Stem candidates for a token, in steps: *k == 0 probes the token's 4-byte prefix
 * (stems of four or more bytes are indexed by theirs), then lengths 1..3 when the
 * set has shorter stems. Candidates are verified by the caller. */
const uint32_t *coder_stem_probe(const tocsin_dict *d, const dict_index *ix, const token *t,
                           int *k, uint32_t *cnt)
{
    size_t len = strlen(t->lower);
    const uint32_t *ids;
    if (*k == 0) {
        *k = 1;
        if (len >= 4 && (ids = dict_index_get(ix, dict_prefix_key(t->lower, len), cnt))) return ids;
    }
    while (d->short_stems && *k < 4 && (size_t)*k <= len) {
        int kk = (*k)++;
        if ((ids = dict_index_get(ix, util_hash_bytes(t->lower, (size_t)kk), cnt))) return ids;
    }
    *cnt = 0;
    return NULL;
}

int coder_token_match(const sent_ctx *x, const dict_word *w, int i, int use_lemma)
{
    const token *t = &x->s->tok[i];
    uint64_t lh = use_lemma ? t->lemma_hash : t->hash;
    if (w->hash == t->hash || w->hash == lh) return 1;
    if (!(w->flags & (DW_STEM | DW_ENDINGS)) || w->pad != (uint8_t)t->lower[0]) return 0;
    return dict_word_match(x->d, w, t->lower, x->tl[i], t->hash, lh);
}


/* PETRARCH matches the words of a pattern around its verb as written (with the
 * endings its dictionaries allow): "* MEET" is no "meeting" there. TABARI and
 * tocsin's own dictionaries read them through the lemma. */
static int pattern_lemmas(const tocsin_dict *d)
{
    return d->dialect < DICT_PETR;
}

/* A pattern's word at token i. PETRARCH-2's flat-syntax validation dictionaries
 * match their pattern words as written: "* EFFORT" is no "efforts", "* RESOLUTION"
 * no "resolutions" (only '~' stems take endings). */
int coder_pattern_word_match(const sent_ctx *x, const dict_word *w, int i)
{
    const tocsin_dict *d = x->d;
    if (d->dialect == DICT_PETR &&
        !(w->flags & DW_STEM))
        return w->hash == x->s->tok[i].hash;
    /* TABARI: a word ending in '_' matches only itself (manual 5.2.2) */
    if (d->dialect == DICT_TABARI && !(w->flags & (DW_STEM | DW_ENDINGS))) return w->hash == x->s->tok[i].hash;
    return coder_token_match(x, w, i, pattern_lemmas(d));
}

/* Does the '_'-joined token j ("Dol_Amroth") spell dictionary words w[k..]?
 * Returns the number of words it covers, 0 if not. */
static int joined_match(const sent_ctx *x, const dict_word *w, int nw, int k, int j)
{
    const char *p = x->s->tok[j].lower;
    int used = 0;
    while (*p && k + used < nw) {
        const char *e = strchr(p, '_');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const dict_word *dw = &w[k + used];
        if (dw->hash != util_hash_bytes(p, n) &&
            !((dw->flags & (DW_STEM | DW_ENDINGS)) && dict_word_match(x->d, dw, p, n, util_hash_bytes(p, n), 0)))
            return 0;
        used++;
        if (!e) return used;
        p = e + 1;
    }
    return 0;
}

/* Matches phrase words w[0..nw) at tokens starting at i (consecutive; "'s" tokens
 * of the text may not be skipped). Returns the end token or -1. */
int coder_phrase_at(const sent_ctx *x, const dict_word *w, int nw, int i)
{
    int j = i;
    for (int k = 0; k < nw; k++, j++) {
        if (j >= x->n) return -1;
        /* "Dol_Amroth" tokenized as Dol _ Amroth */
        if (k > 0 && x->has_us && is_ch(x, j, '_') && j + 1 < x->n) j++;
        if (coder_token_match(x, &w[k], j, 0)) continue;
        if (k > 0 && (w[k].flags & DW_GAP)) {
            /* TABARI "PRINCE DOL_AMROTH" matches "Prince of Dol Amroth" */
            /* ...and "Al "The Weasel" Gore": quotation marks are no stop nor word */
            int q = j + 1, ok = 0, skipped = 1;
            for (; q < x->n && skipped <= (x->d->dialect == DICT_TABARI ? 12 : 3) && (!is_punct(x, q - 1) || (x->s->tok[q - 1].flags & TOK_QUOTE)); q++) {
                if (coder_token_match(x, &w[k], q, 0)) { ok = 1; break; }
                if (!(x->s->tok[q].flags & TOK_QUOTE)) skipped++;
            }
            if (ok) { j = q; continue; }
        }
        /* scraped or TABARI-style text joins names with underscores */
        int used = x->has_us && strchr(x->s->tok[j].lower, '_') ? joined_match(x, w, nw, k, j) : 0;
        if (!used) return -1;
        k += used - 1;
    }
    return j;
}

/* Does the phrase's last word equal the token it ended on (no ending stripped)? */
static int ends_exactly(const sent_ctx *x, const dict_word *w, int nw, int end)
{
    return end > 0 && w[nw - 1].hash == x->s->tok[end - 1].hash;
}

/* Longest phrase (actors or agents) starting at token i: returns the end token
 * or -1 and sets *id. Candidates come from the exact index and, when the set has
 * TABARI stems, from the stem index probed with the token's prefixes. */
int coder_longest_phrase(const sent_ctx *x, const vec *phrases, size_t off_w0, size_t off_nw,
                   const dict_index *ix, const dict_index *stem_ix, int i, uint32_t *id)
{
    const tocsin_dict *d = x->d;
    const token *t = &x->s->tok[i];
    int best = -1;
    int best_exact = 0;   /* of equally long matches the one without a stripped ending wins ("Hamas", "Isis") */
    uint32_t cnt;
    const uint32_t *ids = NULL;
    /* multiword phrases by their first two words, longest candidates first */
    int nx = i + 1;
    if (x->has_us && nx + 1 < x->n && is_ch(x, nx, '_')) nx++;   /* Dol _ Amroth */
    if (nx < x->n && (ids = dict_index_get(ix, dict_pair_key(t->hash, x->s->tok[nx].hash), &cnt))) {
        for (uint32_t q = 0; q < cnt; q++) {
            const char *rec = (const char *)phrases->data + (size_t)ids[q] * phrases->size;
            uint32_t w0 = *(const uint32_t *)(rec + off_w0);
            uint16_t nw = *(const uint16_t *)(rec + off_nw);
            if (best >= 0 && (i + nw < best || (i + nw == best && best_exact))) continue;
            const dict_word *pw = &VEC_AT(d->words, dict_word, w0);
            int e = coder_phrase_at(x, pw, nw, i);
            if (e > best || (e == best && e >= 0 && !best_exact && ends_exactly(x, pw, nw, e))) {
                best = e;
                *id = ids[q];
                best_exact = ends_exactly(x, pw, nw, e);
            }
        }
    }
    if (x->has_us && memchr(t->lower, '_', x->tl[i])) {
        /* "Dol_Amroth": look the phrase up by the parts of the joined token */
        const char *us = strchr(t->lower, '_');
        uint64_t h1 = util_hash_bytes(t->lower, (size_t)(us - t->lower));
        const char *p2 = us + 1, *us2 = strchr(p2, '_');
        uint64_t h2 = util_hash_bytes(p2, us2 ? (size_t)(us2 - p2) : strlen(p2));
        for (int probe = 0; probe < 2; probe++) {
            ids = dict_index_get(ix, probe ? h1 : dict_pair_key(h1, h2), &cnt);
            for (uint32_t q = 0; q < cnt; q++) {
                const char *rec = (const char *)phrases->data + (size_t)ids[q] * phrases->size;
                uint32_t w0 = *(const uint32_t *)(rec + off_w0);
                uint16_t nw = *(const uint16_t *)(rec + off_nw);
                int e = coder_phrase_at(x, &VEC_AT(d->words, dict_word, w0), nw, i);
                if (e > best) { best = e; *id = ids[q]; }
            }
        }
    }
    ids = dict_index_get(ix, t->hash, &cnt);
    int k = 0;
    int stems = d->stem_lens && stem_ix->mask;
    for (;;) {
        for (uint32_t q = 0; q < cnt; q++) {
            const char *rec = (const char *)phrases->data + (size_t)ids[q] * phrases->size;
            uint32_t w0 = *(const uint32_t *)(rec + off_w0);
            uint16_t nw = *(const uint16_t *)(rec + off_nw);
            if (best >= 0 && (i + nw < best || (i + nw == best && best_exact))) continue;
            const dict_word *pw = &VEC_AT(d->words, dict_word, w0);
            /* a one-word phrase of up to three letters is an acronym or a short
             * name ("US", "UN", "Goa"): a lower-case token is another word ("us") */
            if (nw == 1 && pw->len <= 3 && !(t->flags & TOK_CAP)) continue;
            int e = coder_phrase_at(x, pw, nw, i);
            if (e > best || (e == best && e >= 0 && !best_exact && ends_exactly(x, pw, nw, e))) {
                best = e;
                *id = ids[q];
                best_exact = ends_exactly(x, pw, nw, e);
            }
        }
        if (!stems) break;
        ids = coder_stem_probe(d, stem_ix, t, &k, &cnt);
        if (!ids) break;
    }
    return best;
}
