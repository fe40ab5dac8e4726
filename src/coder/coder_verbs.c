/*
 * coder_verbs.c — Step 3: finding the verbs of a sentence (by form or lemma,
 * multiword forms, nouns that are no verbs), and matching the elements of their
 * patterns (coder_match_post/coder_match_pre, synonym sets) around them, and choosing among
 * the patterns that match (coder_match_patterns). The debug dump of the analysis
 * lives here too, next to the verb hits it prints.
 */
#include "coder/coder_int.h"

static int weekday_token(const token *t)
{
    static const char *const days[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday", "yesterday", "today" };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) if (!strcmp(t->lower, days[i])) return 1;
    return 0;
}

/* The verb form the dictionaries have at token i (by form, lemma or stem, with the
 * words of a multiword form around it), or -1; sets [*fsp, *fep) to its span. */
static int verb_form_at(const sent_ctx *x, int i, int *fsp, int *fep)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    const token *t = &x->s->tok[i];
    uint32_t cnt = x->vcnt[i];
    const uint32_t *ids = x->vids[i];
    if (!ids && !(d->stem_lens && d->verb_stem_idx.mask)) return -1;
    int k = 0;
    int found = -1, fs = i, fe = i + 1;
    int stem_batch = 0;
    for (;;) {
        for (uint32_t q = 0; q < cnt && found < 0; q++) {
            const verb_form *f = &VEC_AT(d->forms, verb_form, ids[q]);
            /* stem candidates share only a prefix with the token: verify the stem */
            if (stem_batch && !coder_token_match(x, &VEC_AT(d->words, dict_word, f->word), i, 0)) continue;
            int s0 = i - f->npre, e0 = i + 1 + f->npost;
            if (s0 < 0 || e0 > n) continue;
            int ok = 1;
            for (int w = 0; w < f->npre && ok; w++)
                ok = coder_token_match(x, &VEC_AT(d->words, dict_word, f->pre0 + w), s0 + w, 1);
            for (int w = 0, pos = i + 1; w < f->npost && ok; w++, pos++) {
                const dict_word *pw = &VEC_AT(d->words, dict_word, f->post0 + w);
                ok = pos < n && coder_token_match(x, pw, pos, 1);
                /* a TABARI word after a blank may come a word or two later */
                for (int q = pos + 1; !ok && (pw->flags & DW_GAP) && q < n && q <= pos + 2 && !is_punct(x, q - 1) &&
                                      !(x->cls[q - 1] & WC_CONJ); q++)
                    if (coder_token_match(x, pw, q, 1)) { ok = 1; pos = q; }
                if (ok) e0 = pos + 1;
            }
            if (ok) { found = (int)ids[q]; fs = s0; fe = e0; }
        }
        if (found >= 0 || !d->stem_lens || !d->verb_stem_idx.mask) break;
        ids = coder_stem_probe(d, &d->verb_stem_idx, t, &k, &cnt);
        if (!ids) break;
        stem_batch = 1;
    }
    *fsp = fs;
    *fep = fe;
    return found;
}

/* Whether the verb form [fs, fe) at token i is a noun or a name instead: TABARI's
 * <NOUN> list and mid-sentence capitals, a capital inside a run of names, a
 * slogan in quotes. */
static int name_not_verb(const sent_ctx *x, int i, int fs, int fe)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    const token *t = &x->s->tok[i];
    /* TABARI: a word of the <NOUN> list is a noun (manual 5.3.2: "FORCES_") */
    if (d->dialect == DICT_TABARI && fs == i && fe == i + 1 && d->tabari_nouns.n && coder_tabari_listed(x, &d->tabari_nouns, i)) return 1;
    /* TABARI: a word capitalised in the middle of a sentence is a noun (manual 7.4) */
    if (d->dialect == DICT_TABARI && (t->flags & TOK_CAP) && !(t->flags & TOK_FIRST) && !x->allcaps && fs == i) return 1;
    /* a capitalised word inside a run of names is a name, not a verb */
    if ((t->flags & TOK_CAP) && !(t->flags & TOK_FIRST) && !x->allcaps) {
        int prev_name = i > 0 && (x->s->tok[i - 1].flags & TOK_CAP) && !(x->s->tok[i - 1].flags & TOK_FIRST) &&
                        x->ment_at[i - 1] < 0 && !(x->cls[i - 1] & WC_STOP) && !x->in_verb[i - 1];
        int next_name = i + 1 < n && (x->s->tok[i + 1].flags & TOK_CAP) && x->ment_at[i + 1] < 0 &&
                        !(x->cls[i + 1] & WC_STOP) && x->unit_agent[i + 1] < 0;
        if (prev_name || (next_name && t->lemma == t->lower)) return 1;
        /* "the US State department": a capital between an actor and a plain noun is part of a name */
        if (i > 0 && x->ment_at[i - 1] >= 0 && i + 1 < n && !(x->s->tok[i + 1].flags & (TOK_CAP | TOK_PUNCT)) &&
            !(x->cls[i + 1] & WC_STOP) && !x->verbish[i + 1] && x->ment_at[i + 1] < 0)
            return 1;
        /* a slogan or title in quotes: "Free Tibet" */
        if (i > 0 && ((x->s->tok[i - 1].flags & TOK_QUOTE) ||
                                             x->s->tok[i - 1].text[0] == '`' || x->s->tok[i - 1].text[0] == '\''))
            return 1;
    }
    return 0;
}

/* How a one-word verb at token i reads in its context: -1 an adjective after a
 * linking verb ("is aware": no verb), 1 a reduced relative clause's participle ("a
 * report released Tuesday"), 2 an object's participle (never the main verb), 0 a verb. */
static int reduced_form(const sent_ctx *x, int i)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    const token *t = &x->s->tok[i];
    int reduced = 0;
    const token *pt = &x->s->tok[i - 1];
    size_t tl = strlen(t->lower);
    int participle = tl > 3 && (!strcmp(t->lower + tl - 2, "ed") || !strcmp(t->lower + tl - 2, "en"));
    int base = t->lemma == t->lower || !strcmp(t->lemma, t->lower);
    /* "it seems clear", "is aware": a bare form after a linking verb is an adjective */
    if (base && !participle && ((x->cls[i - 1] & WC_BE) || !strcmp(pt->lemma, "seem") || !strcmp(pt->lemma, "appear") ||
                                 !strcmp(pt->lemma, "remain") || !strcmp(pt->lemma, "become")))
        return -1;
    /* "a report released Tuesday in ...": a participle right after a plain noun,
     * followed by a preposition or time word, is a reduced relative clause */
    /* ... but "Ghazi al-Yawar arrived in Kuwait": a name part before it, or a
     * verb that takes no object, makes it the main verb */
    /* (both are read only for a participle) */
    int intransitive = participle &&
                       (!strcmp(t->lemma, "arrive") || !strcmp(t->lemma, "die") || !strcmp(t->lemma, "return") ||
                        !strcmp(t->lemma, "travel") || !strcmp(t->lemma, "come") || !strcmp(t->lemma, "go") ||
                        !strcmp(t->lemma, "fly") || !strcmp(t->lemma, "land") || !strcmp(t->lemma, "happen"));
    int name_part = 0;
    for (const char *q = pt->text; participle && *q && !name_part; q++) name_part = isupper((unsigned char)*q) != 0;
    if (participle && !intransitive && !name_part && x->ment_at[i - 1] < 0 &&
        !(pt->flags & (TOK_PUNCT | TOK_NUM | TOK_CAP)) &&
        !(x->cls[i - 1] & (WC_STOP | WC_PREP | WC_ADV | WC_NEG)) && !x->in_verb[i - 1] &&
        (!x->verbish[i - 1] || (i > 1 && (x->cls[i - 2] & WC_DET))) &&
        i + 1 < n && (((x->cls[i + 1] & WC_PREP) && !(x->cls[i + 1] & WC_TO)) ||
                      (x->s->tok[i + 1].flags & TOK_PUNCT) || weekday_token(&x->s->tok[i + 1])))
        reduced = 1;
    /* CAMEO conventions: "take back its Isis fighters captured in Syria by ...",
     * "for US troops stationed there": after an actor that is an object (of a
     * preposition or a verb) a participle cannot be the main verb */
    if (participle && !reduced && !intransitive && d->dialect == DICT_CAMEO && x->ment_at[i - 1] >= 0 && i + 1 < n &&
        (((x->cls[i + 1] & WC_PREP) && !(x->cls[i + 1] & WC_TO)) || tok_is(x, i + 1, "there") ||
         (x->s->tok[i + 1].flags & TOK_PUNCT) || weekday_token(&x->s->tok[i + 1]) ||
         tok_is(x, i + 1, "yesterday") || tok_is(x, i + 1, "today") || tok_is(x, i + 1, "last"))) {
        const mention *pm = &x->m[x->ment_at[i - 1]];
        int q = pm->start - 1;
        while (q >= 0 && ((x->cls[q] & WC_DET) || (x->s->tok[q].flags & TOK_NUM) || tok_is(x, q, "its") ||
                          tok_is(x, q, "their") || tok_is(x, q, "his") || tok_is(x, q, "her")))
            q--;
        /* (not "troops in Gaza fired on ...": a place phrase after the subject) */
        if ((pm->pp && !(q >= 1 && x->ment_at[q - 1] >= 0)) || (q >= 0 && x->in_verb[q]) ||
            (q >= 0 && is_ch(x, q, ',')))
            reduced = 2;   /* also after an appositive: "Cantlie, the British journalist captured by IS," */
        /* "The four Britons freed from US custody are expected to ...": a
         * subject's participle when a finite verb follows before any comma */
        else if ((x->cls[i + 1] & WC_PREP) && !(x->cls[i + 1] & WC_TO)) {
            for (int r = i + 2; r < n && !is_ch(x, r, ',') && !reduced; r++) {
                if (x->cls[r] & (WC_REL | WC_THAT | WC_COND | WC_CONJ | WC_SUBCL | WC_TEMPSUB)) break;
                if ((x->cls[r] & (WC_AUX | WC_MODAL | WC_BE)) && !tok_is(x, r, "being") && !tok_is(x, r, "been"))
                    reduced = 2;
            }
        }
    }
    /* "A British soldier fighting against Islamic State has died": a present
     * participle right after its actor describes it; the main verb follows */
    if (tl > 4 && !strcmp(t->lower + tl - 3, "ing") && x->ment_at[i - 1] >= 0 && !x->quoted[i])
        reduced = 1;
    return reduced;
}

/* Whether token p, right before a bare verb form, is a word that modifies a noun
 * rather than a subject of the verb: lower case, no function word, no -s, -ly or
 * -ed ending, not a plural without -s ("people", "children"), not the end of a
 * prepositional phrase. */
static int bare_noun_modifier(const sent_ctx *x, int p)
{
    const token *q = &x->s->tok[p];
    size_t l = x->tl[p];
    if (l < 3 || (q->flags & (TOK_CAP | TOK_PUNCT | TOK_NUM | TOK_POSS | TOK_QUOTE)) || q->lower[l - 1] == 's' ||
        !strcmp(q->lower + l - 2, "ly") || !strcmp(q->lower + l - 2, "ed"))   /* "piled pressure on": a verb */
        return 0;
    if (x->cls[p] & (WC_STOP | WC_PREP | WC_CONJ | WC_REL | WC_THAT | WC_TO | WC_MODAL | WC_AUX | WC_BE | WC_NEG |
                     WC_ADV | WC_PRON_SUBJ | WC_DET | WC_MUST | WC_LISTSEP | WC_SUBCL | WC_COND | WC_PLURAL))
        return 0;
    /* "residents of the town say": a word that ends a prepositional phrase may follow
     * the plural subject the phrase modifies */
    int b = p - 1;
    while (b >= 0 && !is_punct(x, b) && x->ment_at[b] < 0 && !x->in_verb[b] &&
           ((x->cls[b] & WC_DET) || !(x->cls[b] & (WC_STOP | WC_PREP | WC_CONJ | WC_REL | WC_THAT))))
        b--;
    return !(b >= 0 && (x->cls[b] & WC_PREP) && !(x->cls[b] & WC_TO));
}

/* Whether verb hit vh (p: the token before it, adverbs skipped) is a noun: after an
 * object actor ("reiterated US support"), an -s form after an adjective after a
 * preposition, after an article and a modifier ("a new attack", "the naval blockade"). */
static int nounlike_form(const sent_ctx *x, const verb_hit *vh, int p)
{
    const tocsin_dict *d = x->d;
    int i = vh->tok, fs = vh->start;
    const token *t = &x->s->tok[i];
    if (vh->nounlike) return 1;
    /* "reiterated US support": a verb form right after an object actor is a noun */
    if (p >= 0 && p == fs - 1 && x->ment_at[p] >= 0 && (t->lemma == t->lower || !strcmp(t->lemma, t->lower))) {
        int ms0 = x->m[x->ment_at[p]].start;
        if (ms0 > 0 && x->in_verb[ms0 - 1] &&
            !(wc_get(&x->c->lc, x->s->tok[ms0 - 1].lemma_hash) & WC_SAYCLAUSE))
            return 1;
    }
    /* "the U.S. support", "an independent Kurdish state", "the de facto Nato embargo",
     * "the sale of U.S. arms": a verb form right after an actor that itself follows an
     * article, a preposition, a possessive or a modifier is a noun the actor modifies;
     * an act held by a noun is coded by its pattern, not as the sentence's verb
     * (docs/coding-manual.md §2.5, §3.1). Not a past form ("the US backed ..."), nor
     * an -s form after an article ("the US supports ..."). Built-in dictionaries. */
    if (d->dialect == DICT_CAMEO && p >= 1 && p == fs - 1 && x->ment_at[p] >= 0 &&
        x->m[x->ment_at[p]].end - x->m[x->ment_at[p]].start == 1) {   /* not a person's name: "Spitzer's probe" */
        int b = x->m[x->ment_at[p]].start - 1;
        size_t tl = strlen(t->lower);
        int bare = t->lemma == t->lower || !strcmp(t->lemma, t->lower);
        int s_form = !bare && tl > 1 && t->lower[tl - 1] == 's';
        int modifier = b >= 0 && !x->in_verb[b] && !is_punct(x, b) && x->ment_at[b] < 0 &&
                       !(x->s->tok[b].flags & (TOK_CAP | TOK_NUM)) && !(x->cls[b] & (WC_STOP | WC_CONJ | WC_REL | WC_THAT));
        if (b >= 0 && ((bare && ((x->cls[b] & (WC_DET | WC_PREP)) || (x->s->tok[b].flags & TOK_POSS) || modifier)) ||
                       (s_form && (x->cls[b] & WC_PREP) && !(x->cls[b] & WC_TO))))
            return 1;
    }
    /* "disagreed about state aid", "talks on trade": a bare form right after a
     * preposition (not "to") is a noun; no finite verb stands there. Built-in
     * dictionaries. */
    if (d->dialect == DICT_CAMEO && p >= 0 && p == fs - 1 && (x->cls[p] & WC_PREP) && !(x->cls[p] & WC_TO) &&
        x->ment_at[p] < 0 && !x->in_verb[p] && (t->lemma == t->lower || !strcmp(t->lemma, t->lower)))
        return 1;
    /* "political support", "a world chess champion", "international pressure": a bare
     * form right after a plain lower-case word that cannot be its subject is a noun.
     * A present verb after a singular subject takes -s; a bare form follows only a
     * plural (an -s word, or one of the few plurals without it), a pronoun, "to", a
     * modal or an auxiliary. Built-in dictionaries. */
    if (d->dialect == DICT_CAMEO && p >= 1 && p == fs - 1 && vh->end == fs + 1 && x->ment_at[p] < 0 && !x->in_verb[p] &&
        !x->verbish[p] && (t->lemma == t->lower || !strcmp(t->lemma, t->lower)) && x->tl[i] > 1 &&
        t->lower[x->tl[i] - 1] != 's' && !(x->cls[i] & WC_PASTBASE) && bare_noun_modifier(x, p)) {
        /* (a statement or an appeal a noun names, "a fresh appeal", "renewed calls
         * for", is still the verbal act, made by being uttered: manual §5.3, §7.5) */
        const verb_form *f = &VEC_AT(d->forms, verb_form, vh->form);
        const verb_code *c = f->has_code ? &f->code : &VEC_AT(d->blocks, verb_block, f->block).code;
        return !(c->code[0] == '0' && (c->code[1] == '1' || c->code[1] == '2'));
    }
    /* "secondary sanctions", "economic reforms": an -s form right after an adjective
     * (a word with an adjective's ending) that cannot be its subject is a plural noun */
    if (d->dialect == DICT_CAMEO && p >= 1 && p == fs - 1 && vh->end == fs + 1 && x->ment_at[p] < 0 &&
        !x->in_verb[p] && !x->verbish[p] && x->tl[i] > 2 && t->lower[x->tl[i] - 1] == 's' && t->lemma != t->lower &&
        strcmp(t->lemma, t->lower) && bare_noun_modifier(x, p)) {
        const char *w = x->s->tok[p].lower;
        size_t l = x->tl[p];
        static const char *const adj[] = { "al", "ic", "ary", "ive", "ous", "ern", "ish", "ful", "less", "ible", "able" };
        for (size_t k = 0; k < sizeof adj / sizeof adj[0]; k++) {
            size_t al = strlen(adj[k]);
            if (l > al + 2 && !strcmp(w + l - al, adj[k])) return 1;
        }
    }
    /* "to severe sanctions": an -s form after an adjective after a preposition */
    if (p >= 1 && !x->verbish[p] && !(x->cls[p] & WC_STOP) && x->ment_at[p] < 0 &&
        (x->cls[p - 1] & (WC_PREP | WC_DET)) && t->lower[strlen(t->lower) - 1] == 's')
        return 1;
    /* "the second call", "a new attack" ("a man died": a past form is a verb,
     * except with TABARI's and tocsin's own dictionaries) */
    if (p >= 1 && (x->cls[p - 1] & WC_DET) && !(x->cls[p] & (WC_STOP | WC_PREP)) &&
        !x->in_verb[p] && x->ment_at[p] < 0 &&
        !(d->dialect >= DICT_PETR && t->lemma != t->lower &&
          strcmp(t->lemma, t->lower) && t->lower[x->tl[i] - 1] != 's'))
        return 1;
    /* "the naval blockade", "a military crackdown": a lower-case agent word between
     * an article and a bare verb form modifies a noun; it is no subject */
    if (p >= 1 && p == fs - 1 && (x->cls[p - 1] & WC_DET) && x->ment_at[p] >= 0 &&
        x->m[x->ment_at[p]].start == p && x->m[x->ment_at[p]].end == p + 1 &&
        !(x->s->tok[p].flags & TOK_CAP) && x->tl[p] > 1 && x->s->tok[p].lower[x->tl[p] - 1] != 's' &&
        (t->lemma == t->lower || !strcmp(t->lemma, t->lower)))
        return 1;
    return 0;
}

/* Drops the -s forms that are the plural head of a subject: before a past-tense verb
 * ("Serbian forces killed three", "rebel attacks killed") or a modal or auxiliary
 * ("British forces must ensure"). PETRARCH parses them as nouns; TABARI's verbs are
 * matched as written (not called with its rules). */
static void drop_plural_heads(sent_ctx *x)
{
    int keep0 = 0;
    for (int k = 0; k < x->nv; k++) {
        const verb_hit *a = &x->v[k];
        /* "British forces must ensure": nor is one before a modal or auxiliary */
        if (a->end == a->start + 1 && a->end < x->n && (x->cls[a->end] & (WC_MODAL | WC_MUST | WC_AUX | WC_BE))) {
            const token *ta = &x->s->tok[a->start];
            size_t la = strlen(ta->lower);
            if (la > 3 && ta->lower[la - 1] == 's' && ta->lower[la - 2] != 's' && ta->lemma != ta->lower &&
                strcmp(ta->lemma, ta->lower)) {
                x->in_verb[a->start] = 0;
                continue;
            }
        }
        if (k + 1 < x->nv && a->end == a->start + 1 && x->v[k + 1].start == a->end) {
            const token *ta = &x->s->tok[a->start], *tb = &x->s->tok[x->v[k + 1].start];
            size_t la = strlen(ta->lower), lb = strlen(tb->lower);
            int plural = la > 3 && ta->lower[la - 1] == 's' && ta->lower[la - 2] != 's' &&
                         ta->lemma != ta->lower && strcmp(ta->lemma, ta->lower);
            int past = lb > 3 && tb->lemma != tb->lower && strcmp(tb->lemma, tb->lower) &&
                       tb->lower[lb - 1] != 's' && strcmp(tb->lower + lb - 3, "ing");
            if (plural && past) {
                x->in_verb[a->start] = 0;
                continue;
            }
        }
        x->v[keep0++] = x->v[k];
    }
    x->nv = keep0;
}

/* Drops a reduced relative's participle when a main verb follows it (with the CAMEO
 * conventions what it governs is then no subject), and a modal PETRARCH's parser
 * would not tag as a verb. */
static void drop_reduced_relatives(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    int keep = 0;
    for (int k = 0; k < x->nv; k++) {
        int later = 0;
        for (int q = k + 1; q < x->nv && !later; q++) {
            const verb_hit *w = &x->v[q];
            if (w->reduced || w->nounlike) continue;
            if (w->start > 0 && (x->cls[w->start - 1] & WC_TO)) continue;
            int sub = 0;
            for (int t = x->v[k].end; t < w->start; t++)
                if (x->cls[t] & (WC_REL | WC_THAT | WC_COND | WC_CONJ | WC_SUBCL | WC_TEMPSUB))
                    sub = 1;
            if (!sub) later = 1;
        }
        /* the main verb may be one no dictionary codes: "... has died" */
        for (int t = x->v[k].end; t + 1 < x->n && x->v[k].reduced && !later; t++) {
            if (x->cls[t] & (WC_REL | WC_THAT | WC_COND | WC_CONJ | WC_SUBCL | WC_TEMPSUB) || is_ch(x, t, ',')) break;
            if (x->cls[t] & (WC_AUX | WC_MODAL)) later = 1;
        }
        if (x->v[k].reduced == 2) later = 1;   /* an object's participle: never the main verb */
        if (x->v[k].reduced && later) {
            for (int q = x->v[k].start; q < x->v[k].end; q++) x->in_verb[q] = 0;
            /* "militants holding three U.N. workers hostage began talks": what the
             * participle governs is not the main verb's subject (CAMEO; TABARI takes
             * the nearest actor) */
            if (d->dialect == DICT_CAMEO) {
                int stop = k + 1 < x->nv ? x->v[k + 1].start : x->n;
                for (int q = 0; q < x->nm; q++)
                    if (x->m[q].start >= x->v[k].end && x->m[q].end <= stop) x->m[q].appositive = 1;
            }
            continue;
        }
        /* PETRARCH's parser tags a modal ("should have acted") as no verb: a modal the
         * dictionary lists as a verb yields to the verb it governs */
        if (d->dialect >= DICT_PETR && (x->cls[x->v[k].tok] & WC_MODAL) &&
            k + 1 < x->nv) {
            int t = x->v[k].end;
            while (t < x->v[k + 1].start && t < x->v[k].end + 3 &&
                   (x->cls[t] & (WC_AUX | WC_BE | WC_ADV | WC_NEG) || tok_is(x, t, "have")))
                t++;
            if (t == x->v[k + 1].start && !x->v[k + 1].nounlike) {
                for (int q = x->v[k].start; q < x->v[k].end; q++) x->in_verb[q] = 0;
                continue;
            }
        }
        x->v[keep++] = x->v[k];
    }
    x->nv = keep;
}

/* Step 3: the verbs of the sentence (x->v, x->nv; x->in_verb), with whether each
 * is a noun or a reduced relative's participle. */
void coder_find_verbs(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    x->v = util_arena_alloc(&x->c->a, sizeof(verb_hit) * (size_t)(n + 1));
    x->nv = 0;
    for (int i = 0; i < n; i++) {
        if (is_punct(x, i) || x->ment_at[i] >= 0) continue;
        const token *t = &x->s->tok[i];
        if (t->flags & TOK_NUM) continue;
        /* "HONG KONG, March 21 (Xinhua)": a capitalised month before a number is a date */
        if ((t->flags & TOK_CAP) && t->lower[0] == 'm' && (!strcmp(t->lower, "march") || !strcmp(t->lower, "may")) && i + 1 < n &&
            (x->s->tok[i + 1].flags & TOK_NUM))
            continue;
        int fs, fe;
        int found = verb_form_at(x, i, &fs, &fe);
        if (found < 0) continue;
        int reduced = 0;
        if (name_not_verb(x, i, fs, fe)) continue;
        if (fs == i && fe == i + 1 && i > 0) {
            reduced = reduced_form(x, i);
            if (reduced < 0) continue;
        }
        verb_hit *vh = &x->v[x->nv++];
        vh->reduced = reduced;
        vh->tok = i;
        vh->start = fs;
        vh->end = fe;
        vh->form = (uint32_t)found;
        int p = fs - 1;
        while (p >= 0 && (x->cls[p] & WC_ADV)) p--;
        vh->nounlike = p >= 0 && ((x->cls[p] & WC_DET) || (x->s->tok[p].flags & TOK_POSS) ||
                                  (x->s->tok[p].flags & TOK_NUM));
        switch (d->dialect) {
        case DICT_TABARI:
            /* TABARI: a word right after an article is a noun, never a verb ("was in
             * an accord"); only that (with capitals, manual 7.4) makes one a noun */
            if (fs >= 1 && (tok_is(x, fs - 1, "a") || tok_is(x, fs - 1, "an") || tok_is(x, fs - 1, "the"))) {
                x->nv--;
                continue;
            }
            vh->nounlike = 0;
            break;
        default:
            vh->nounlike = nounlike_form(x, vh, p);
            break;
        }
        for (int q = fs; q < fe; q++) x->in_verb[q] = 1;
        i = fe - 1;
    }
    if (d->dialect != DICT_TABARI) drop_plural_heads(x);
    drop_reduced_relatives(x);
}

/* TOCSIN_DEBUG=1: the analysis of each sentence on stderr, for dictionary work. */
void coder_debug_sentence(const sent_ctx *x)
{
    fprintf(stderr, "[%d]", x->s->index);
    for (int i = 0; i < x->n; i++) {
        const token *t = &x->s->tok[i];
        fprintf(stderr, " %s", t->text);
        if (x->ment_at[i] >= 0 && (i + 1 == x->n || x->ment_at[i + 1] != x->ment_at[i])) {
            const mention *m = &x->m[x->ment_at[i]];
            fprintf(stderr, "{%s g%d%s%s%s%s}", m->code, m->group, m->pp ? " pp" : "", m->appositive ? " app" : "",
                    m->place ? " place" : "", m->possessor ? " poss" : "");
        }
        for (int k = 0; k < x->nv; k++)
            if (x->v[k].tok == i) {
                const verb_form *f = &VEC_AT(x->d->forms, verb_form, x->v[k].form);
                const verb_block *b = &VEC_AT(x->d->blocks, verb_block, f->block);
                fprintf(stderr, "<V%s %s np=%u>", x->v[k].nounlike ? " noun" : "",
                        f->has_code ? f->code.code : b->code.code, b->np);
            }
    }
    fputc('\n', stderr);
}

/* ---- pattern matching: a verb's patterns against the words around it ---- */



/* May tokens [a, b) stand between two PETRARCH-2 pattern elements that must
 * touch? A coordinated modifier may ("death and injury toll" is a {DEATH TOLL}). */
static int adj_gap_ok(const sent_ctx *x, int a, int b)
{
    if (a >= b) return 1;
    return b - a == 2 && (x->cls[a] & WC_CONJ) && !is_punct(x, a + 1) && x->ment_at[a + 1] < 0 &&
           !x->in_verb[a + 1] && !(x->cls[a + 1] & WC_STOP);
}

/* PETRARCH-2 pre-verb pattern words belong to the verb's subject phrase: an
 * adverb ("recently allowed", "heavily criticized") or another verb ("indicated
 * it deplored") is not in it; nor is the infinitive marker right before the verb
 * a preposition ("to accord" is no (TO) *). */
static int pre_word_ok(const sent_ctx *x, int p, const match_state *ms)
{
    if (x->d->dialect != DICT_PETR_NP) return 1;
    if (x->cls[p] & WC_ADV) return 0;
    size_t l = x->tl[p];
    if (l > 4 && !strcmp(x->s->tok[p].lower + l - 2, "ly")) return 0;
    if (p == ms->vstart - 1 && (x->cls[p] & WC_TO)) return 0;
    if (x->in_verb[p])
        for (int k = 0; k < x->nv; k++)
            if (x->v[k].start <= p && p < x->v[k].end) return x->v[k].nounlike;
    return 1;
}

int coder_next_mention_at_or_after(const sent_ctx *x, int pos, int hi)
{
    for (int i = pos; i < hi; i++) if (x->ment_at[i] >= 0) return x->ment_at[i];
    return -1;
}

int coder_group_size(const sent_ctx *x, int g)
{
    int n = 0;
    for (int k = 0; k < x->nm; k++) if (x->m[k].group == g) n++;
    return n;
}

static int group_first(const sent_ctx *x, int mi) { return x->m[mi].group; }
int coder_group_last_end(const sent_ctx *x, int mi)
{
    int g = x->m[mi].group, e = x->m[mi].end;
    for (int k = 0; k < x->nm; k++) if (x->m[k].group == g && x->m[k].end > e) e = x->m[k].end;
    return e;
}
int coder_group_first_start(const sent_ctx *x, int mi)
{
    int g = x->m[mi].group, s = x->m[mi].start;
    for (int k = 0; k < x->nm; k++) if (x->m[k].group == g && x->m[k].start < s) s = x->m[k].start;
    return s;
}

/* Candidate phrases of synset sid whose first (or last) word may match token i:
 * by the token's prefix, its lemma's prefix, and the unfilterable short ones. */
static int syn_candidates(const sent_ctx *x, const dict_index *ix, uint32_t sid, int i,
                          const uint32_t *out[3], uint32_t cnt[3])
{
    int n = 0;
    {
        /* the synset's signature says whether any phrase can start with this token */
        const synset *sy = &VEC_AT(x->d->synsets, synset, sid);
        uint64_t sig = ix == &x->d->syn_first_idx ? sy->first_sig : sy->last_sig;
        if (sig != ~(uint64_t)0) {
            uint64_t tb = 0;
            if (x->pk[i]) tb |= (uint64_t)1 << (prefix_bit(x->pk[i]) & 63);
            if (x->lpk[i]) tb |= (uint64_t)1 << (prefix_bit(x->lpk[i]) & 63);
            if (!(sig & tb)) return 0;
        }
    }
    uint64_t keys[3] = { x->pk[i], x->lpk[i], 0 };
    for (int q = 0; q < 3; q++) {
        if (q == 1 && (keys[1] == keys[0] || !keys[1])) continue;
        if (q == 0 && !keys[0]) continue;
        out[n] = dict_index_get(ix, dict_syn_key(sid, keys[q]), &cnt[n]);
        if (out[n]) n++;
    }
    return n;
}

/* synset phrase forward at pos: end or -1; *src_after: the phrase ends in TABARI's
 * '$' (the actor after it is the source) */
static int syn_forward(const sent_ctx *x, uint32_t sid, int pos, int hi, int *plen, int *src_after)
{
    const tocsin_dict *d = x->d;
    int best = -1;
    *src_after = 0;
    const uint32_t *runs[3];
    uint32_t cnt[3];
    int nr = syn_candidates(x, &d->syn_first_idx, sid, pos, runs, cnt);
    for (int r = 0; r < nr; r++) {
        for (uint32_t q = 0; q < cnt[r]; q++) {
            const syn_phrase *sp = &VEC_AT(d->syn_phrases, syn_phrase, runs[r][q]);
            if (pos + sp->nw > hi) continue;
            int ok = 1, p = pos;
            for (int w = 0; w < sp->nw && ok; w++) {
                /* a TABARI word after a blank may have up to three words before it */
                const dict_word *dw = &VEC_AT(d->words, dict_word, sp->w0 + w);
                int lim = w > 0 && (dw->flags & DW_GAP) ? p + 3 : p;
                ok = 0;
                for (int q = p; q <= lim && q < hi && !ok; q++)
                    if (coder_token_match(x, dw, q, 1)) { ok = 1; p = q + 1; }
            }
            if (ok && p > best) { best = p; *plen = sp->len; *src_after = sp->src_after; }
        }
    }
    return best;
}

/* synset phrase ending at pos (inclusive): start or -1 */
static int syn_backward(const sent_ctx *x, uint32_t sid, int pos, int lo, int *plen)
{
    const tocsin_dict *d = x->d;
    int best = INT_MAX;
    const uint32_t *runs[3];
    uint32_t cnt[3];
    int nr = syn_candidates(x, &d->syn_last_idx, sid, pos, runs, cnt);
    for (int r = 0; r < nr; r++) {
        for (uint32_t q = 0; q < cnt[r]; q++) {
            const syn_phrase *sp = &VEC_AT(d->syn_phrases, syn_phrase, runs[r][q]);
            if (pos - sp->nw + 1 < lo) continue;
            /* from the last word back; a TABARI word after a blank may have up to
             * three words between it and the word before it */
            int ok = 1, p = pos;
            for (int w = sp->nw - 1; w >= 0 && ok; w--) {
                const dict_word *dw = &VEC_AT(d->words, dict_word, sp->w0 + w);
                ok = p >= lo && coder_token_match(x, dw, p, 1);
                if (!ok) break;
                if (w > 0) {
                    const dict_word *prev = &VEC_AT(d->words, dict_word, sp->w0 + w - 1);
                    int lim = (dw->flags & DW_GAP) ? p - 4 : p - 1;
                    int q = p - 1;
                    while (q >= lim && q >= lo && !coder_token_match(x, prev, q, 1)) q--;
                    if (q < lim || q < lo) { ok = 0; break; }
                    p = q;
                }
            }
            if (ok && p < best) { best = p; *plen = sp->len; }
        }
    }
    return best == INT_MAX ? -1 : best;
}

/* Post-verb elements e[k..n) from position pos (first element may need adjacency). */
int coder_match_post(const sent_ctx *x, const pat_elem *e, int k, int ne, int pos, int adjacent, match_state *ms)
{
    if (k == ne) return 1;
    const pat_elem *el = &e[k];
    int need_adj = adjacent || el->adj;
    int hi = ms->hi;
    for (int p = pos; p < hi; p++) {
        if (need_adj && p != pos) {
            if (adjacent || x->d->dialect != DICT_PETR_NP || p - pos > 3) break;
            if (!adj_gap_ok(x, pos, p)) continue;
        }
        if ((el->kind == PE_WORD || el->kind == PE_SYNSET) && ms->word_hi && p >= ms->word_hi) break;
        if (k == 0) ms->post_at = p;
        switch (el->kind) {
        case PE_WORD:
            /* PETRARCH's "(TO)" is a prepositional phrase: "praised efforts to improve"
             * has none (tocsin's own dictionaries write "(TO ...)" for both) */
            if (el->prep && x->d->dialect != DICT_CAMEO && (x->cls[p] & WC_TO) && p + 1 < x->n && x->in_verb[p + 1] &&
                (x->s->tok[p + 1].lemma == x->s->tok[p + 1].lower || !strcmp(x->s->tok[p + 1].lemma, x->s->tok[p + 1].lower)))
                break;
            if (coder_pattern_word_match(x, &VEC_AT(x->d->words, dict_word, el->ref), p) &&
                coder_match_post(x, e, k + 1, ne, p + 1, 0, ms)) {
                ms->mlen += VEC_AT(x->d->words, dict_word, el->ref).len;
                return 1;
            }
            break;
        case PE_SYNSET: {
            int plen = 0, src_after;
            int end = syn_forward(x, el->ref, p, hi, &plen, &src_after);
            if (end > 0 && src_after) {
                /* "* &CURRENCY" with "PESO_$": "a million peso Bree" makes Bree the source */
                int mi = end < hi ? x->ment_at[end] : -1;
                if (mi < 0) break;
                mi = group_first(x, mi);
                int save_s = ms->src;
                ms->src = mi;
                if (coder_match_post(x, e, k + 1, ne, coder_group_last_end(x, mi), 0, ms)) { ms->mlen += plen; return 1; }
                ms->src = save_s;
                break;
            }
            if (end > 0 && coder_match_post(x, e, k + 1, ne, end, 0, ms)) { ms->mlen += plen; return 1; }
            break;
        }
        case PE_SRC: case PE_TGT: case PE_CMP: case PE_SKIP: {
            int mi = x->ment_at[p];
            if (mi < 0 && el->kind == PE_SKIP && p == pos && x->d->dialect >= DICT_PETR) {
                /* PETRARCH: '^' skips the noun phrase there, an actor or not ("warned
                 * their populations about +" as "warned their Ent populations about +") */
                int q = p;
                while (q < hi && q - p < 4 && x->ment_at[q] < 0 && !is_punct(x, q) && !x->verbish[q] &&
                       !(x->cls[q] & (WC_STOP | WC_PREP | WC_DET | WC_CONJ)))
                    q++;
                if (q > p && coder_match_post(x, e, k + 1, ne, q, 0, ms)) return 1;
            }
            if (mi < 0) break;
            mi = group_first(x, mi);
            if (el->kind == PE_CMP && coder_group_size(x, mi) < 2) break;
            int save_s = ms->src, save_t = ms->tgt, save_c = ms->cmp, save_k = ms->skip1;
            if (el->kind == PE_SRC) ms->src = mi;
            else if (el->kind == PE_TGT) ms->tgt = mi;
            else if (el->kind == PE_CMP) { if (ms->cmp_both) ms->cmp = mi; else ms->tgt = mi; }
            else ms->skip1 = mi + 1;
            if (coder_match_post(x, e, k + 1, ne, coder_group_last_end(x, mi), 0, ms)) return 1;
            ms->src = save_s; ms->tgt = save_t; ms->cmp = save_c; ms->skip1 = save_k;
            /* actors are taken in order: the first one found is the one */
            return 0;
        }
        }
    }
    return 0;
}

/* Pre-verb elements e[0..k] matched backwards ending at or before pos. */
int coder_match_pre(const sent_ctx *x, const pat_elem *e, int k, int pos, int adjacent, match_state *ms)
{
    if (k < 0) return 1;
    const pat_elem *el = &e[k];
    int lo = ms->lo;
    for (int p = pos; p >= lo; p--) {
        if (adjacent && p != pos) {
            if (x->d->dialect != DICT_PETR_NP || pos - p > 3) break;
            if (!adj_gap_ok(x, p + 1, pos + 1)) continue;
        }
        int next_adj = el->adj;   /* this element is glued to the one before it */
        switch (el->kind) {
        case PE_WORD:
            if (pre_word_ok(x, p, ms) && coder_pattern_word_match(x, &VEC_AT(x->d->words, dict_word, el->ref), p)) {
                int wl = VEC_AT(x->d->words, dict_word, el->ref).len;
                if (p < ms->leftmost) { int sv = ms->leftmost; ms->leftmost = p; if (coder_match_pre(x, e, k - 1, p - 1, next_adj, ms)) { ms->mlen += wl; return 1; } ms->leftmost = sv; }
                else if (coder_match_pre(x, e, k - 1, p - 1, next_adj, ms)) { ms->mlen += wl; return 1; }
            }
            break;
        case PE_SYNSET: {
            int plen = 0;
            int st = pre_word_ok(x, p, ms) ? syn_backward(x, el->ref, p, lo, &plen) : -1;
            if (st >= 0) {
                int sv = ms->leftmost;
                if (st < ms->leftmost) ms->leftmost = st;
                if (coder_match_pre(x, e, k - 1, st - 1, next_adj, ms)) { ms->mlen += plen; return 1; }
                ms->leftmost = sv;
            }
            break;
        }
        case PE_SRC: case PE_TGT: case PE_CMP: case PE_SKIP: {
            int mi = x->ment_at[p];
            if (mi < 0) break;
            mi = group_first(x, mi);
            if (el->kind == PE_CMP && coder_group_size(x, mi) < 2) break;
            int save_s = ms->src, save_t = ms->tgt, save_c = ms->cmp, save_k = ms->skip1;
            if (el->kind == PE_SRC) ms->src = mi;
            else if (el->kind == PE_TGT) ms->tgt = mi;
            else if (el->kind == PE_CMP) ms->cmp = mi;
            else ms->skip1 = mi + 1;
            if (coder_match_pre(x, e, k - 1, coder_group_first_start(x, mi) - 1, next_adj, ms)) return 1;
            ms->src = save_s; ms->tgt = save_t; ms->cmp = save_c; ms->skip1 = save_k;
            return 0;
        }
        }
    }
    return 0;
}

/* 1 when code a is a specific code under b's root-general code ("195" under
 * "190"), -1 for the reverse, 0 otherwise. Only for the violent roots (18-20),
 * whose sub-codes name the means of one act; elsewhere siblings are other acts
 * ("held talks in Berlin": 044 is no kind of 040). */
static int more_specific(const char *a, const char *b)
{
    if (strlen(a) < 3 || strlen(b) < 3 || strncmp(a, b, 2)) return 0;
    if (strncmp(a, "18", 2) && strncmp(a, "19", 2) && strncmp(a, "20", 2)) return 0;
    int ga = !strcmp(a + 2, "0"), gb = !strcmp(b + 2, "0");
    return ga == gb ? 0 : gb ? 1 : -1;
}

int coder_match_patterns(const sent_ctx *x, const verb_hit *vh, const verb_block *b, match_state *ms,
                   verb_code *code, int *pre_words)
{
    const tocsin_dict *d = x->d;
    *pre_words = 0;
    /* PETRARCH-2 reads patterns off the verb's phrases, nearest first: of the
     * patterns that match, the one whose post-verb part starts nearest the verb
     * wins ("signed an accord on Thursday to supply" is * ACCORD, not * {TO
     * SUPPLY}), then the one matching the most dictionary text (its trie goes as
     * deep as the phrase allows: "austrian gold florin" is &HYPERCURR before
     * "florin" is &CURRENCY) */
    int np = d->dialect == DICT_PETR_NP, best = -1;
    match_state best_ms = *ms;
    ms->vstart = vh->start;
    ms->mlen = 0;
    if (np) {
        /* a complement clause ("allowed that Mordor isn't the neatest place") is
         * not the verb's object: its words are no post-verb pattern words */
        for (int i = vh->end; i < ms->hi && !ms->word_hi; i++)
            if ((x->cls[i] & WC_THAT) && i + 1 < x->n &&
                (x->ment_at[i + 1] >= 0 || (x->cls[i + 1] & (WC_DET | WC_PRON_SUBJ))))
                ms->word_hi = i;
    }
    for (uint32_t p = 0; p < b->np; p++) {
        const verb_pattern *vp = &VEC_AT(d->patterns, verb_pattern, b->p0 + p);
        if (vp->code.flags & VC_COMPLEX) continue;   /* [+++]: PETRARCH ignores it, shorter patterns go on */
        if (vp->req_key) {
            uint32_t bit = prefix_bit(vp->req_key);
            if (!(x->prefix_bits[bit >> 6] & ((uint64_t)1 << (bit & 63)))) continue;
            if (vp->req_key2) {
                bit = prefix_bit(vp->req_key2);
                if (!(x->prefix_bits[bit >> 6] & ((uint64_t)1 << (bit & 63)))) continue;
            }
        }
        if (vp->req_syn != UINT32_MAX && !(VEC_AT(d->synsets, synset, vp->req_syn).first_sig & x->sig64)) continue;
        match_state t = *ms;
        t.post_at = -1;
        t.cmp_both = vp->cmp_both;
        const pat_elem *pre = &VEC_AT(d->elems, pat_elem, vp->pre0);
        const pat_elem *post = &VEC_AT(d->elems, pat_elem, vp->post0);
        if (vp->npre && !coder_match_pre(x, pre, vp->npre - 1, vh->start - 1, vp->verb_adj_pre, &t)) continue;
        if (vp->npost && !coder_match_post(x, post, 0, vp->npost, vh->end, vp->verb_adj_post, &t)) continue;
        /* CAMEO conventions: a null reading ("toured security checkpoints") is read
         * off the verb's own object, not off a later clause ("will visit Tokyo to
         * discuss security") */
        if (d->dialect == DICT_CAMEO && (vp->code.flags & VC_NULL) && t.post_at > vh->end &&
            coder_verb_between(x, vh->end, t.post_at))
            continue;
        if (!np && d->dialect == DICT_CAMEO) {
            /* tocsin's own dictionaries: the pattern matching the most dictionary text
             * wins, not the one with the longest synset member ("stepped up air
             * strikes" is &AIRSTRIKE, though &OFFENSIVE lists COUNTER-OFFENSIVE);
             * among equals the first in the sorted order */
            const verb_pattern *bp = best >= 0 ? &VEC_AT(d->patterns, verb_pattern, b->p0 + (uint32_t)best) : NULL;
            /* CAMEO's most specific code: of two readings in one root, the specific
             * one wins over the root's general code ("Russian jets struck rebel
             * positions": 195 by the subject, not 190 by the object) */
            int spec = bp ? more_specific(vp->code.code, bp->code.code) : 0;
            if (best < 0 || spec > 0 || (spec == 0 && t.mlen > best_ms.mlen) ||
                (spec == 0 && t.mlen == best_ms.mlen && vp->length < bp->length)) {
                best = (int)p;   /* equal text: the plainer pattern ("SHELLING", not &OFFENSIVE) */
                best_ms = t;
            }
            continue;
        }
        if (np) {
            int nearer = vp->npost && t.post_at >= 0 && best_ms.post_at >= 0 && t.post_at < best_ms.post_at;
            int same = !vp->npost || t.post_at < 0 || best_ms.post_at < 0 || t.post_at == best_ms.post_at;
            if (best < 0 || nearer || (same && t.mlen > best_ms.mlen)) { best = (int)p; best_ms = t; }
            continue;
        }
        *ms = t;
        *code = vp->code;
        for (int q = 0; q < vp->npre; q++) if (pre[q].kind == PE_WORD || pre[q].kind == PE_SYNSET) *pre_words = 1;
        return 1;
    }
    if (best >= 0) {
        const verb_pattern *vp = &VEC_AT(d->patterns, verb_pattern, b->p0 + (uint32_t)best);
        const pat_elem *pre = &VEC_AT(d->elems, pat_elem, vp->pre0);
        *ms = best_ms;
        *code = vp->code;
        for (int q = 0; q < vp->npre; q++) if (pre[q].kind == PE_WORD || pre[q].kind == PE_SYNSET) *pre_words = 1;
        return 1;
    }
    return 0;
}

/* The code verb k would take (pattern or default), or NULL when it codes nothing. */
int coder_verb_default_or_pattern(const sent_ctx *x, int k, int lo, int hi, verb_code *out)
{
    const verb_hit *vh = &x->v[k];
    const verb_form *f = &VEC_AT(x->d->forms, verb_form, vh->form);
    const verb_block *b = &VEC_AT(x->d->blocks, verb_block, f->block);
    match_state ms = { 0, -1, -1, -1, vh->start, lo, hi, 0, 0, 0, -1, 0 };
    int pre_words;
    if (!coder_match_patterns(x, vh, b, &ms, out, &pre_words)) {
        if (vh->nounlike) return 0;
        *out = f->has_code ? f->code : b->code;
    }
    return (out->flags & VC_SET) && !(out->flags & (VC_NULL | VC_COMPLEX | VC_DISCARD)) && out->code[0];
}
