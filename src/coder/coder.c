/*
 * coder.c — the event coder: one document in, CAMEO events out.
 *
 * Shallow coding in the TABARI/PETRARCH lineage. For each sentence:
 *   1. discards (sentence and story level) stop coding;
 *   2. actors and agents are found by longest match on token hashes, composed
 *      ("Russian troops" -> RUSMIL, "government of Ukraine" -> UKRGOV, title plus
 *      name "Ukrainian President Volodymyr Zelensky" -> UKRGOV), date-restricted by
 *      the document date; garbled names get a guarded fuzzy match; adjacent
 *      mentions joined by "and"/","/"or" form compound actors;
 *   3. verbs are found by form or lemma; each verb's patterns (longest first)
 *      are matched around it inside its clause, giving the event code and
 *      possibly the source ($), target (+) or compound (%) positions;
 *   4. source and target follow the TABARI default rules, adjusted for passive
 *      voice ("was requested by the Russians"), reported speech ("X said Y ..."),
 *      quotes attributed by "said", pronouns (carried over from the previous
 *      sentence when needed), negation and denial, and conditionals;
 *   5. the event date is the publication date unless the clause or sentence
 *      names another day.
 * With tocsin's own dictionaries the CAMEO manual's conventions apply on top
 * (d->dialect == DICT_CAMEO; the field's dictionaries keep TABARI/PETRARCH's): the
 * source must be a known actor (no "---GOV"), a place ("in The Hague") is no
 * passive agent or subject, compounds pair among themselves only for mutual acts,
 * future and planned acts are intents or threats, acts named by a noun ("efforts
 * by the UN to change") or governed by "unwilling"/"failed to" are no events.
 * Why this shape: no parser is affordable at 50,000 sentences/s, so structure
 * comes from cheap token classes (determiners, prepositions, auxiliaries,
 * reporting verbs) computed once per token. All per-sentence memory comes from
 * the coder's arena, reset per sentence; nothing mallocs per token.
 * This file holds the public API and the document driver (sentences, headlines,
 * quotes waiting for their speaker, TABARI's comma and hyphen passes); the steps
 * live in coder_words.c, coder_actors.c, coder_verbs.c, coder_clauses.c and
 * coder_events.c (see coder_int.h).
 */
#include "coder/coder_int.h"

tocsin_coder *tocsin_coder_new(const tocsin_dict *d)
{
    if (!d || !d->finished) return NULL;
    tocsin_coder *c = util_xcalloc(1, sizeof *c);
    c->d = d;
    c->lm = d->lm;
    const char *dbg = getenv("TOCSIN_DEBUG");
    c->debug = dbg && *dbg && *dbg != '0';
    util_arena_init(&c->a, 1 << 16);
    util_arena_init(&c->a2, 1 << 14);
    util_buf_init(&c->norm);
    util_buf_init(&c->pending);
    dict_vec_init(&c->evq, sizeof(queued_event));
    util_buf_init(&c->evstr);
    coder_word_classes(c);
    /* one-sided events (manual §4) with tocsin's own dictionaries; TABARI codes
     * two-sided events only (TABARI §8.5), PETRARCH-2's validation dictionaries
     * their "---" null target, and Phoenix's suites expect two-sided events */
    c->one_sided = d->dialect == DICT_CAMEO && !d->dyadic;
    coder_geo_new(c);
    return c;
}

void tocsin_coder_set_dyadic(tocsin_coder *c, int dyadic)
{
    c->one_sided = !dyadic && c->d->dialect != DICT_PETR;
}

void tocsin_coder_free(tocsin_coder *c)
{
    if (!c) return;
    coder_geo_free(c);
    util_arena_free(&c->a);
    util_arena_free(&c->a2);
    util_buf_free(&c->norm);
    util_buf_free(&c->pending);
    dict_vec_free(&c->evq);
    util_buf_free(&c->evstr);
    free(c);
}

const char *tocsin_coder_error(const tocsin_coder *c) { return c->err; }

void tocsin_coder_stats(const tocsin_coder *c, tocsin_stats *out) { *out = c->st; }

/* TABARI replaces hyphens in the text with blanks (manual 5.1: "anti- Gondor
 * parade" is "anti Gondor parade"): with TABARI dictionaries a lone "-" token is
 * dropped. Returns s itself when there is none, else a copy (arena) without them. */
static const sentence *tabari_drop_hyphens(tocsin_coder *c, const sentence *s)
{
    size_t n = s->ntok, k = 0, parts = 0;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        const token *t = &s->tok[i];
        if (t->len == 1 && s->text[t->off] == '-') any = 1;
        else if (t->len > 2 && memchr(t->lower, '-', strlen(t->lower))) {
            any = 1;
            for (const char *p = t->lower; *p; p++) parts += *p == '-';
        }
    }
    if (!any) return s;
    sentence *out = util_arena_alloc(&c->a, sizeof *out);
    *out = *s;
    out->tok = util_arena_alloc(&c->a, sizeof(token) * (n + parts + 1));
    for (size_t i = 0; i < n; i++) {
        const token *t = &s->tok[i];
        if (t->len == 1 && s->text[t->off] == '-') continue;
        size_t ll = strlen(t->lower);
        /* "Al-Gore", "Barad-Dur": a hyphen inside a word is a blank too (the
         * dictionaries read it as '_'), when the surface and folded forms align */
        if (t->len > 2 && memchr(t->lower, '-', ll) && ll == t->len && strlen(t->text) == t->len &&
            !(t->flags & (TOK_PUNCT | TOK_QUOTE))) {
            size_t a = 0;
            while (a < ll) {
                size_t b = a;
                while (b < ll && t->lower[b] != '-') b++;
                if (b > a) {
                    token *o = &out->tok[k++];
                    *o = *t;
                    o->text = util_arena_strndup(&c->a, t->text + a, b - a);
                    o->lower = util_arena_strndup(&c->a, t->lower + a, b - a);
                    o->hash = o->lemma_hash = hash_str(o->lower);
                    o->lemma = o->lower;
                    o->off = t->off + (uint32_t)a;
                    o->len = (uint32_t)(b - a);
                    o->flags = (uint16_t)(t->flags & (a == 0 ? TOK_FIRST : 0));
                    if (isupper((unsigned char)o->text[0])) o->flags |= TOK_CAP;
                    if (isdigit((unsigned char)o->text[0])) o->flags |= TOK_NUM;
                    if (b == ll) o->flags |= (uint16_t)(t->flags & TOK_POSS);
                }
                a = b + 1;
            }
            continue;
        }
        out->tok[k++] = *t;
    }
    out->ntok = k;
    return out;
}

/* TABARI eliminates comma-delimited nonrestrictive clauses (manual 7.8): a
 * stretch between two commas, or between a comma and the end of the sentence,
 * of more than two and at most ten words ("..., the official news agency WAM
 * said on Thursday."). The opening comma goes with the clause; a closing comma
 * stays unless the next stretch goes too. Returns s itself when nothing is
 * eliminated, else a copy (arena). */
/* Whether a verb stem of the dictionaries ("RESTOR") covers token t. */
static int tabari_stem_verb(const tocsin_dict *d, const token *t)
{
    size_t len = strlen(t->lower);
    uint32_t cnt = 0;
    if (len < 4 || !d->verb_stem_idx.mask) return 0;
    const uint32_t *ids = dict_index_get(&d->verb_stem_idx, dict_prefix_key(t->lower, len), &cnt);
    for (uint32_t q = 0; ids && q < cnt; q++) {
        const verb_form *f = &VEC_AT(d->forms, verb_form, ids[q]);
        const dict_word *w = &VEC_AT(d->words, dict_word, f->word);
        if (f->npre || f->npost) continue;
        if (w->hash == t->hash || ((w->flags & (DW_STEM | DW_ENDINGS)) && w->pad == (uint8_t)t->lower[0] &&
                                   dict_word_match(d, w, t->lower, (uint32_t)len, t->hash, t->lemma_hash)))
            return 1;
    }
    return 0;
}

static const sentence *tabari_drop_commas(tocsin_coder *c, const sentence *s, const uint8_t *inside_list)
{
    size_t n = s->ntok;
    uint8_t *drop = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!(s->tok[i].len == 1 && s->text[s->tok[i].off] == ',') || inside_list[i]) continue;
        size_t j = i + 1;
        int words = 0;
        for (; j < n; j++) {
            const token *t = &s->tok[j];
            if (t->len == 1 && s->text[t->off] == ',' && !inside_list[j]) break;
            if (t->len == 1 && s->text[t->off] == ';') break;   /* a semicolon is a comma (manual 7.3) */
            if (!(t->flags & (TOK_PUNCT | TOK_QUOTE | TOK_POSS))) words++;
        }
        /* a list goes on: ", and Ithilen and Dagolath," */
        int list = i + 1 < n && (!strcmp(s->tok[i + 1].lower, "and") || !strcmp(s->tok[i + 1].lower, "or"));
        /* the stretch up to the end goes only when the sentence ends there (its
         * final period), and not when it is a predicate ("Arnor's foreign minister,
         * in remarks published on Monday, urged Eriador to ...") */
        if (j == n && !(n > 0 && (s->tok[n - 1].flags & TOK_PUNCT) && strchr(".!?", s->text[s->tok[n - 1].off])))
            list = 1;
        else if (j == n && i + 1 < n) {
            uint32_t vn;
            const token *t = &s->tok[i + 1];
            if (dict_index_get(&c->d->verb_idx, t->hash, &vn) ||
                (t->lemma_hash != t->hash && dict_index_get(&c->d->verb_idx, t->lemma_hash, &vn)) || tabari_stem_verb(c->d, t))
                list = 1;
        }
        if (words > 2 && words <= 10 && !list) {
            if (!drop) {
                drop = util_arena_alloc(&c->a, n + 1);
                memset(drop, 0, n + 1);
            }
            for (size_t q = i; q < j; q++) drop[q] = 1;
        }
        i = j - 1;
    }
    if (!drop) return s;
    sentence *out = util_arena_alloc(&c->a, sizeof *out);
    *out = *s;
    out->tok = util_arena_alloc(&c->a, sizeof(token) * (n + 1));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        /* the sentence's final period stays */
        if (drop[i] && !(i + 1 == n && (s->tok[i].flags & TOK_PUNCT) && s->text[s->tok[i].off] != ',')) continue;
        out->tok[k++] = s->tok[i];
    }
    out->ntok = k;
    return out;
}

static void analyse_core(tocsin_coder *c, sent_ctx *x, const sentence *s);

/* TABARI finds parsed compounds before it eliminates comma clauses (manual
 * 7.10): a comma inside a list of actors ("Evil Mordor, the awful Fornost, and
 * good Gondor") delimits nothing. A first look at the actors marks those commas. */
static const sentence *tabari_commas_pass(tocsin_coder *c, const sentence *s)
{
    int any = 0;
    for (size_t i = 0; i < s->ntok && !any; i++) any = s->tok[i].len == 1 && s->text[s->tok[i].off] == ',';
    if (!any) return s;
    int inq = c->in_quote, qpar = c->quote_paragraph;
    sent_ctx px;
    analyse_core(c, &px, s);
    coder_find_actors(&px);
    c->in_quote = inq;
    c->quote_paragraph = qpar;
    uint8_t *keep = util_arena_alloc(&c->a, s->ntok + 1);
    memset(keep, 0, s->ntok + 1);
    for (int k = 0; k < px.nm; k++) {
        int q = k + 1;
        while (q < px.nm && px.m[q].group != px.m[k].group) q++;
        if (q >= px.nm) continue;
        /* TABARI's lists are "A, B, ... and C": after the "and" a comma ends it
         * ("the IMF and Red Cross, and Elrond") */
        int conj_before = 0;
        for (int i = px.m[px.m[k].group].start; i < px.m[k].start && !conj_before; i++)
            conj_before = (px.cls[i] & WC_CONJ) != 0;
        if (conj_before) continue;
        for (int i = px.m[k].end; i < px.m[q].start; i++) keep[i] = 1;
    }
    return tabari_drop_commas(c, s, keep);
}

static void analyse_sentence(tocsin_coder *c, sent_ctx *x, const sentence *s)
{
    if (c->d->dialect == DICT_TABARI) s = tabari_drop_hyphens(c, s);
    if (c->d->dialect == DICT_TABARI) s = tabari_commas_pass(c, s);
    analyse_core(c, x, s);
}

static void analyse_core(tocsin_coder *c, sent_ctx *x, const sentence *s)
{
    memset(x, 0, sizeof *x);
    x->c = c;
    x->d = c->d;
    x->s = s;
    x->n = (int)s->ntok;
    x->day = c->pub;
    int n = x->n;
    size_t nn = (size_t)(n + 1);
    x->cls = util_arena_alloc(&c->a, sizeof(uint32_t) * nn);
    x->ment_at = util_arena_alloc(&c->a, sizeof(int) * nn);
    x->unit_agent = util_arena_alloc(&c->a, sizeof(int) * nn);
    x->quoted = util_arena_alloc(&c->a, nn);
    x->cond = util_arena_alloc(&c->a, nn);
    x->brk = util_arena_alloc(&c->a, nn);
    x->in_verb = util_arena_alloc(&c->a, nn);
    x->verbish = util_arena_alloc(&c->a, nn);
    x->tl = util_arena_alloc(&c->a, sizeof(uint32_t) * nn);
    x->vids = util_arena_alloc(&c->a, sizeof(*x->vids) * nn);
    x->pk = util_arena_alloc(&c->a, sizeof(uint64_t) * nn);
    x->lpk = util_arena_alloc(&c->a, sizeof(uint64_t) * nn);
    x->vcnt = util_arena_alloc(&c->a, sizeof(uint32_t) * nn);
    memset(x->quoted, 0, nn);
    memset(x->cond, 0, nn);
    memset(x->brk, 0, nn);
    memset(x->in_verb, 0, nn);
    /* a quotation may run on from the previous sentence of the same paragraph */
    if (s->paragraph != c->quote_paragraph) c->in_quote = 0;
    int inq = c->in_quote, incond = 0, words = 0, caps = 0;
    x->starts_quoted = inq;
    for (int i = 0; i < n; i++) {
        if (!(s->tok[i].flags & (TOK_PUNCT | TOK_NUM))) {
            words++;
            if (s->tok[i].flags & TOK_ALLCAPS) caps++;
        }
    }
    x->allcaps = words >= 4 && caps * 10 >= words * 8;
    for (int i = 0; i < n; i++) {
        const token *t = &s->tok[i];
        x->cls[i] = wc_get(&c->wc, t->hash);
        x->ment_at[i] = -1;
        /* a token whose folded form is its surface text has its length */
        x->tl[i] = t->lower == t->text ? t->len : (uint32_t)strlen(t->lower);
        if (!x->has_us)
            for (uint32_t k = 0; k < x->tl[i]; k++)
                if (t->lower[k] == '_') { x->has_us = 1; break; }
        {
            uint64_t k1 = dict_prefix_key(t->lower, x->tl[i]);
            x->prefix_bits[prefix_bit(k1) >> 6] |= (uint64_t)1 << (prefix_bit(k1) & 63);
            x->pk[i] = x->tl[i] >= 4 ? k1 : 0;
            x->lpk[i] = 0;
            if (x->pk[i]) x->sig64 |= (uint64_t)1 << (prefix_bit(k1) & 63);
            if (t->lemma != t->lower) {
                size_t ll = strlen(t->lemma);
                uint64_t k2 = dict_prefix_key(t->lemma, ll);
                x->prefix_bits[prefix_bit(k2) >> 6] |= (uint64_t)1 << (prefix_bit(k2) & 63);
                x->lpk[i] = ll >= 4 ? k2 : 0;
                if (x->lpk[i]) x->sig64 |= (uint64_t)1 << (prefix_bit(k2) & 63);
            }
        }
        {
            uint32_t vn = 0;
            const uint32_t *ids = NULL;
            if (!(t->flags & (TOK_PUNCT | TOK_NUM))) {
                ids = dict_index_get(&c->d->verb_idx, t->hash, &vn);
                if (!ids && t->lemma_hash != t->hash) ids = dict_index_get(&c->d->verb_idx, t->lemma_hash, &vn);
            }
            x->vids[i] = ids;
            x->vcnt[i] = vn;
            x->verbish[i] = ids != NULL && !(x->cls[i] & (WC_DET | WC_PREP));
        }
        if (t->flags & TOK_QUOTE) {
            if (!strcmp(t->lower, "\"")) inq = !inq;
            continue;
        }
        x->quoted[i] = (uint8_t)inq;
        c->in_quote = inq;
        if (x->cls[i] & WC_COND) { incond = 1; x->has_cond = 1; }
        else if (incond && (is_ch(x, i, ',') || is_ch(x, i, ';') || tok_is(x, i, "then") || tok_is(x, i, "\"")))
            incond = 0;
        x->cond[i] = (uint8_t)incond;
    }
    c->in_quote = inq;
    c->quote_paragraph = s->paragraph;
    x->ends_quoted = inq;
}

/* The first line of a document, without final punctuation and followed by the
 * body, is a headline: elliptical grammar, repeated in the body. Not coded. */
static int is_headline(const tocsin_coder *c, const sentence *s)
{
    if (s->index != 1 || s->paragraph != 1 || s->ntok == 0) return 0;
    const token *last = &s->tok[s->ntok - 1];
    if (last->flags & (TOK_PUNCT | TOK_QUOTE)) {
        char ch = last->text[0];
        if (ch == '.' || ch == '!' || ch == '?' || ch == '"' || ch == '\'' || ch == ':') return 0;
    }
    /* the body must follow on a later line */
    const char *end = s->text + s->len;
    const char *nl = c->norm.data && end >= c->norm.data && end <= c->norm.data + c->norm.len ? end : NULL;
    if (nl) return memchr(nl, '\n', (size_t)(c->norm.data + c->norm.len - nl)) != NULL;
    /* sentence text lives in the arena: look for it in the document */
    const char *hit = memmem(c->norm.data, c->norm.len, s->text, s->len);
    if (!hit) return 0;
    const char *after = hit + s->len;
    size_t rest = (size_t)(c->norm.data + c->norm.len - after);
    const char *q = memchr(after, '\n', rest);
    if (!q) return 0;
    for (const char *r = q; r < c->norm.data + c->norm.len; r++)
        if (*r != '\n' && *r != ' ' && *r != '\t' && *r != '\r') return 1;
    return 0;
}

/* Codes the waiting quoted sentence with the speaker found after it (or none).
 * It is tokenized again in the second arena, so the current sentence's memory
 * in the first one stays intact. */
static void code_pending(doc_ctx *dc, const char *speaker_code)
{
    tocsin_coder *c = dc->c;
    c->has_pending = 0;
    char spk[40];
    if (speaker_code) copy_str(spk, sizeof spk, speaker_code);
    arena saved = c->a;
    c->a = c->a2;
    int inq = c->in_quote, qpar = c->quote_paragraph;
    c->in_quote = c->pending_inq;
    c->quote_paragraph = c->pending_paragraph;
    sentence s;
    memset(&s, 0, sizeof s);
    text_tokenize(c->pending.data, c->pending.len, &c->a, c->lm, &s);
    s.index = c->pending_index;
    s.paragraph = c->pending_paragraph;
    if (s.ntok) {
        sent_ctx x;
        analyse_sentence(c, &x, &s);
        x.forced_speaker = speaker_code ? spk : NULL;
        coder_find_actors(&x);
        coder_find_verbs(&x);
        size_t queued = c->evq.n;
        if (x.nv && x.nm) coder_code_sentence(dc, &x);
        coder_geo_sentence(c, &s, queued);
    }
    util_arena_reset(&c->a);
    c->a2 = c->a;
    c->a = saved;
    c->in_quote = inq;
    c->quote_paragraph = qpar;
}

void tocsin_coder_continue_story(tocsin_coder *c)
{
    c->continue_story = 1;
}

int tocsin_code(tocsin_coder *c, const tocsin_doc *doc, tocsin_event_fn fn, void *user)
{
    int same_story = c->continue_story;
    c->continue_story = 0;
    c->err[0] = 0;
    if (!doc || !doc->id) { snprintf(c->err, sizeof c->err, "document without an id"); return -1; }
    if (!doc->date || util_date_parse(doc->date, &c->pub) < 0) {
        snprintf(c->err, sizeof c->err, "%s: bad or missing date \"%s\" (expected YYYY-MM-DD)", doc->id,
                 doc->date ? doc->date : "");
        return -1;
    }
    const char *text = doc->text ? doc->text : "";
    /* text_len is the length: an empty body need not be NUL-terminated (fuzz) */
    size_t len = doc->text ? doc->text_len : 0;
    util_buf_clear(&c->norm);
    text_normalize(text, len, &c->norm);
    c->st.documents++;
    c->st.bytes += len;
    if (!same_story) {
        c->have_prev_subject = 0;
        c->prev_src_code[0] = 0;
    }
    c->in_quote = 0;
    c->quote_paragraph = 0;
    c->has_pending = 0;
    doc_ctx dc = { c, doc, fn, user, 0 };
    c->evq.n = 0;
    util_buf_clear(&c->evstr);
    coder_geo_begin(c, text, len);
    int story_discard = 0;
    splitter sp;
    text_splitter_init(&sp, c->norm.data, c->norm.len);
    sentence s;
    for (;;) {
        util_arena_reset(&c->a);
        if (!text_splitter_next(&sp, &c->a, c->lm, &s)) break;
        c->st.sentences++;
        c->st.tokens += s.ntok;
        if (s.ntok == 0) continue;
        sent_ctx x;
        analyse_sentence(c, &x, &s);
        /* one scan over all discards; only a hit needs the story-only scan (a
         * story discard found first already answers it) */
        discard_kind discard = coder_discard_hit(&x, 0);
        if (discard && c->d->has_story_discards && (discard == DISCARD_STORY || coder_discard_hit(&x, 1) == DISCARD_STORY)) {
            story_discard = 1;
            break;
        }
        if (discard) continue;
        if (is_headline(c, &s)) continue;
        coder_find_actors(&x);
        coder_find_verbs(&x);
        if (c->debug) coder_debug_sentence(&x);
        /* a waiting quotation takes its speaker from this sentence's attribution */
        if (c->has_pending) {
            int spk = x.starts_quoted ? coder_find_speaker(&x) : -1;
            code_pending(&dc, spk >= 0 ? x.m[spk].code : NULL);
        }
        /* a quotation that runs on without a speaker waits for the next sentence */
        if (x.ends_quoted && coder_find_speaker(&x) < 0 && s.len < 4096) {
            util_buf_clear(&c->pending);
            util_buf_add(&c->pending, s.text, s.len);
            c->pending_index = s.index;
            c->pending_paragraph = s.paragraph;
            c->pending_inq = x.starts_quoted;
            c->has_pending = 1;
            continue;
        }
        if (x.nv == 0 || x.nm == 0) {
            /* still remember who the sentence was about, for pronouns */
            if (x.nm > 0) {
                for (int k = 0; k < x.nm; k++) if (!x.m[k].pp) {
                    copy_str(c->prev_subject, sizeof c->prev_subject, x.m[k].code);
                    c->have_prev_subject = 1;
                    break;
                }
            }
            continue;
        }
        size_t queued = c->evq.n;
        coder_code_sentence(&dc, &x);
        coder_geo_sentence(c, &s, queued);
    }
    if (c->has_pending) {
        if (story_discard) c->has_pending = 0;
        else code_pending(&dc, NULL);
    }
    if (c->hold_events) {
        if (!story_discard) coder_geo_locate(c);   /* the last pass: where each event happened */
        coder_flush_events(&dc, story_discard);
    }
    util_arena_reset(&c->a);
    return dc.events;
}
