/*
 * coder_clauses.c — clause structure from token classes (no parser is
 * affordable): which conjunctions open a clause, passive voice and its "by"
 * agent, TABARI's noun/adjective lists, CAMEO code families.
 */
#include "coder/coder_int.h"

/* Token i is one of the TABARI <NOUN> (list = nouns) or <ADJECTIVE> words. */
int coder_tabari_listed(const sent_ctx *x, const vec *list, int i)
{
    if (i < 0 || i >= x->n || (x->s->tok[i].flags & (TOK_PUNCT | TOK_NUM))) return 0;
    for (size_t q = 0; q < list->n; q++)
        if (coder_token_match(x, &VEC_AT(x->d->words, dict_word, VEC_AT(*list, uint32_t, q)), i, 0)) return 1;
    return 0;
}

/* TABARI compound noun and adjective phrases (manual 7.5.1): <noun> <conj>
 * <adjctv>* <noun> ("sheep and evil awful goats"), <adjctv> <conj> <adjctv>
 * ("awful and evil"): their conjunction does not divide clauses. */
static int tabari_compound_phrase(const sent_ctx *x, int i)
{
    const tocsin_dict *d = x->d;
    if (!d->tabari_nouns.n && !d->tabari_adjs.n) return 0;
    if (coder_tabari_listed(x, &d->tabari_adjs, i - 1) && coder_tabari_listed(x, &d->tabari_adjs, i + 1)) return 1;
    if (!coder_tabari_listed(x, &d->tabari_nouns, i - 1)) return 0;
    int j = i + 1;
    while (j < x->n && coder_tabari_listed(x, &d->tabari_adjs, j)) j++;
    return coder_tabari_listed(x, &d->tabari_nouns, j);
}

/* "after Calenardhon crowds burned down its embassy": a temporal subordinator
 * followed by an actor and a verb before the next comma opens a clause whose
 * subject is that actor */
int coder_tempsub_clause(const sent_ctx *x, int i)
{
    if (x->d->dialect < DICT_PETR) return 0;
    if (i + 1 >= x->n || x->ment_at[i + 1] < 0) return 0;
    for (int j = x->m[x->ment_at[i + 1]].end; j < x->n && j < i + 8 && !is_punct(x, j); j++)
        if (x->in_verb[j]) return 1;
    return 0;
}

static int adverb_tok(const sent_ctx *x, int i)
{
    if (x->cls[i] & WC_ADV) return 1;
    const char *w = x->s->tok[i].lower;
    size_t l = strlen(w);
    return l > 4 && !strcmp(w + l - 2, "ly") && !x->in_verb[i] && x->ment_at[i] < 0;
}

/* A word that is no actor, punctuation, function word or verb (a verb form used
 * as a noun is one). */
static int plain_word(const sent_ctx *x, int i)
{
    if (x->ment_at[i] >= 0 || is_punct(x, i) || (x->cls[i] & WC_STOP)) return 0;
    if (x->in_verb[i])
        for (int k = 0; k < x->nv; k++)
            if (x->v[k].start <= i && i < x->v[k].end) return x->v[k].nounlike;
    return 1;
}

int coder_is_clause_conj(const sent_ctx *x, int i)
{
    if (x->aside && x->aside[i]) return 0;
    if (!(x->cls[i] & WC_CONJ)) return is_semicolon(x, i);
    switch (x->d->dialect) {
    case DICT_TABARI:
        if (tabari_compound_phrase(x, i)) return 0;
        /* inside an actor phrase: "Durthang and an Orc" is DURTHANG ORC */
        if (x->ment_at[i] >= 0) return 0;
        /* ", and" continues a list in TABARI, no new clause */
        if (i > 0 && is_ch(x, i - 1, ',')) return 0;
        break;
    case DICT_PETR:
    case DICT_PETR_NP: {
        /* no verb (nor auxiliary) before it: it joins noun phrases of the first
         * clause's subject ("Eriador's death and injury toll has risen") */
        int verb = 0;
        for (int j = 0; j < i && !verb; j++)
            if (x->in_verb[j] || (x->cls[j] & (WC_MODAL | WC_AUX | WC_BE)) || is_semicolon(x, j)) verb = 1;
        if (!verb) return 0;
        break;
    }
    default:
        break;
    }
    /* between a noun use of a verb and a gerund: "a new bombing and shelling offensive" */
    if (i > 0 && i + 1 < x->n && x->in_verb[i - 1]) {
        const char *w = x->s->tok[i + 1].lower;
        size_t l = strlen(w);
        for (int k = 0; k < x->nv; k++)
            if (x->v[k].start <= i - 1 && i - 1 < x->v[k].end && x->v[k].nounlike && l > 5 && !strcmp(w + l - 3, "ing"))
                return 0;
    }
    /* between two adverbs: "was heavily and unjustly criticized" */
    if (i > 0 && i + 1 < x->n && adverb_tok(x, i - 1) && adverb_tok(x, i + 1)) return 0;
    /* PETRARCH-2: "and" between two single words joins them inside one phrase
     * ("heavily and unjustly criticized", "a bombing and shelling offensive",
     * "death and injury toll"): no clause starts */
    if (x->d->dialect == DICT_PETR_NP && i > 0 && i + 1 < x->n && plain_word(x, i - 1) && plain_word(x, i + 1)) return 0;
    /* (CAMEO conventions: only before a head noun, "ground and air offensive", not
     * "jumped the rails and crashed in ...") */
    if (x->d->dialect == DICT_CAMEO && i > 0 && i + 1 < x->n && plain_word(x, i - 1) && plain_word(x, i + 1)) {
        const char *w = x->s->tok[i + 1].lower;
        size_t wl = strlen(w);
        int past = (wl > 3 && !strcmp(w + wl - 2, "ed")) || (wl > 4 && !strcmp(w + wl - 3, "ing"));
        if (!past || (i + 2 < x->n && plain_word(x, i + 2) && !(x->cls[i + 2] & WC_PREP))) return 0;
    }
    /* inside a compound actor: "Russia and the United States" */
    int a = i > 0 ? x->ment_at[i - 1] : -1;
    if (a >= 0) {
        int g = x->m[a].group;
        for (int j = i + 1; j < x->n && j <= i + 4; j++)
            if (x->ment_at[j] >= 0) { if (x->m[x->ment_at[j]].group == g) return 0; break; }
    }
    /* "Israeli helicopters and tanks shelled positions": with no verb before it, the
     * "and" joins the words of the subject (PETRARCH parses it as one noun phrase;
     * TABARI splits clauses at conjunctions) */
    if (x->d->dialect != DICT_TABARI) {
        int lo = 0;
        for (int j = i - 1; j >= 0 && !lo; j--) if (is_semicolon(x, j)) lo = j + 1;
        int verb = 0;
        for (int k = 0; k < x->nv && !verb; k++)
            if (x->v[k].start >= lo && x->v[k].end <= i && !x->v[k].nounlike) verb = 1;
        if (!verb) return 0;
    }
    return 1;
}

int coder_is_passive(const sent_ctx *x, const verb_hit *vh)
{
    switch (x->d->dialect) {
    case DICT_TABARI:
        /* TABARI (manual 7.9): WAS, WERE or BEEN one or two words before the verb and
         * BY right after it (the validation records allow a word between: "was
         * opposed earlier by") */
        if (!tok_is(x, vh->end, "by") && !tok_is(x, vh->end + 1, "by")) return 0;
        for (int p = vh->start - 1; p >= 0 && p >= vh->start - 2; p--)
            if (tok_is(x, p, "was") || tok_is(x, p, "were") || tok_is(x, p, "been")) return 1;
        return 0;
    default:
        break;   /* a participle after a form of "be" (below) */
    }
    /* "There were ten soldiers killed in ...": the actor before the participle is its object */
    if (vh->start > 0 && x->ment_at[vh->start - 1] >= 0) {
        int ms0 = x->m[x->ment_at[vh->start - 1]].start;
        int p = ms0 - 1;
        if (p >= 0 && (x->s->tok[p].flags & TOK_NUM)) p--;
        if (p >= 1 && (x->cls[p] & WC_BE) && tok_is(x, p - 1, "there")) {
            const token *t = &x->s->tok[vh->tok];
            size_t l = strlen(t->lower);
            if (l > 2 && (!strcmp(t->lower + l - 2, "ed") || !strcmp(t->lower + l - 2, "en"))) return 1;
        }
    }
    const token *t = &x->s->tok[vh->tok];
    size_t l = strlen(t->lower);
    int participle = (l > 2 && !strcmp(t->lower + l - 2, "ed")) || (l > 2 && !strcmp(t->lower + l - 2, "en")) ||
                     (t->lemma != t->lower && strcmp(t->lemma, t->lower) && !(l > 3 && !strcmp(t->lower + l - 3, "ing")) &&
                      !(t->lower[l - 1] == 's'));
    if (!participle) return 0;
    for (int p = vh->start - 1, steps = 0; p >= 0 && steps < 4; p--, steps++) {
        if (x->cls[p] & WC_BE) return 1;
        if (x->cls[p] & (WC_ADV | WC_NEG)) continue;
        const token *q = &x->s->tok[p];
        size_t ql = strlen(q->lower);
        if (ql > 3 && !strcmp(q->lower + ql - 2, "ly")) continue;   /* adverbs */
        if ((x->cls[p] & WC_CONJ) || is_ch(x, p, ',')) continue;   /* "heavily and unjustly" */
        break;
    }
    /* CAMEO conventions: "groups who, supported by the US and UK, gave ...",
     * "militias supported by 2,000 US troops": a participle right after a noun or
     * comma with its agent in a "by" phrase is passive without "be" */
    if (x->d->dialect == DICT_CAMEO && vh->end < x->n && (x->cls[vh->end] & WC_BY) && vh->start > 0 &&
        (is_ch(x, vh->start - 1, ',') || x->ment_at[vh->start - 1] >= 0 ||
         !(x->cls[vh->start - 1] & (WC_AUX | WC_MODAL | WC_PRON_SUBJ))) &&
        !(t->lemma == t->lower || !strcmp(t->lemma, t->lower)))
        return 1;
    return 0;
}

/* A passive verb's agent may be in a "by"/"from"/"in" phrase after the verb. */
int coder_passive_agent_pp(const sent_ctx *x, int from, int hi)
{
    for (int i = from; i < hi; i++) {
        if (!tok_is(x, i, "by") && !tok_is(x, i, "from") && !tok_is(x, i, "in")) continue;
        return 1;
    }
    return 0;
}

/* Codes of one actor family: equal, or one is the other plus agents ("USAGOV"
 * and "USA"). An actor does not act on itself. */
int coder_same_family(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb) { const char *t = a; a = b; b = t; size_t tl = la; la = lb; lb = tl; }
    return la > 0 && la % 3 == 0 && !strncmp(a, b, la);
}
