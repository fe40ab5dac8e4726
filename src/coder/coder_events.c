/*
 * coder_events.c — Step 4: from verb hits and mentions to events. Source and
 * target by the TABARI default rules adjusted for passives, reported speech,
 * quotes, pronouns, negation, conditionals and futures; events queued until
 * the story is known not to be discarded. coder_code_sentence is a short driver over
 * named passes (listed above it, and in README.md) sharing a sent_pass.
 */
#include <limits.h>

#include "coder/coder_int.h"

/* An event's source or target as mention mi names it: code, words, how matched. */
static event_side side_of(const sent_ctx *x, int mi)
{
    const mention *m = &x->m[mi];
    const token *a = &x->s->tok[m->text_start], *b = &x->s->tok[m->end - 1];
    return (event_side){ m->code, x->s->text + a->off, (size_t)(b->off + b->len - a->off), m->match };
}

/* Fills a public event actor from a code, its words and how it was matched. */
static void fill_actor(tocsin_actor *out, const char *code, const char *text, size_t len, tocsin_match how)
{
    copy_str(out->code, sizeof out->code, code);
    out->text = text;
    out->text_len = len;
    out->match = how;
}

/* The word governing an infinitive ("X plans to attack"): 1 when it makes the act
 * a future one (plan, intend, prepare, expect, is to, going to, ready, poised),
 * -1 when it says the act is not done (unwilling, unable, fail, decline), else 0. */
static int infinitive_governor(const sent_ctx *x, int g)
{
    static const char *const future_lemmas[] = { "plan", "intend", "aim", "prepare", "expect", "schedule", "vow",
                                                 "pledge", "promise", "threaten", "seek", "want" };
    /* "is ready/willing/prepared/eager to": an expression of intent (manual §7.1) */
    static const char *const future_words[] = { "going", "set", "ready", "poised", "about", "due", "likely", "planning",
                                                "preparing", "expected", "scheduled", "willing", "prepared", "eager",
                                                "keen", "determined" };
    static const char *const not_words[] = { "unwilling", "reluctant", "unable", "hesitant", "failed", "fails", "fail",
                                             "failing", "declined", "declines", "decline", "declining" };
    if (g < 0) return 0;
    const token *t = &x->s->tok[g];
    for (size_t i = 0; i < sizeof not_words / sizeof not_words[0]; i++)
        if (!strcmp(t->lower, not_words[i])) return -1;
    if (x->cls[g] & WC_BE) return 1;   /* "is to visit" */
    for (size_t i = 0; i < sizeof future_words / sizeof future_words[0]; i++)
        if (!strcmp(t->lower, future_words[i])) return 1;
    for (size_t i = 0; i < sizeof future_lemmas / sizeof future_lemmas[0]; i++)
        if (!strcmp(t->lemma, future_lemmas[i])) return 1;
    return 0;
}

/* CAMEO roots whose acts two parties do together: intent to cooperate (03),
 * consult (04), diplomatic and material cooperation (05, 06), fight (19). */
static int mutual_code(const char *code)
{
    if (!code[0] || !code[1]) return 0;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return root == 3 || root == 4 || root == 5 || root == 6 || root == 19;
}

/* A countryless agent word that modifies a following noun ("an official visit",
 * "joint military exercises") names no participant. */
static int attributive(const sent_ctx *x, const mention *m)
{
    int j = m->end;
    if (!m->lone || j >= x->n || j - m->start != 1) return 0;
    const token *t = &x->s->tok[j];
    return !(t->flags & (TOK_PUNCT | TOK_NUM | TOK_CAP | TOK_QUOTE | TOK_POSS)) && !(x->cls[j] & (WC_STOP | WC_PREP)) &&
           x->ment_at[j] < 0;
}

static int source_heads_phrase(const sent_ctx *x, int mi);

/* Whether the mention starting at token st is the object of a relative clause's verb
 * or of an infinitive: "that/which/who/to" + verb (+ adverbs) + article or modifiers +
 * the mention ("who fled Islamic State": also a verb the dictionaries do not know). */
static int relative_object(const sent_ctx *x, int st)
{
    int q = st - 1;
    for (int k = 0; q >= 0 && k < 3 && !x->in_verb[q] && x->ment_at[q] < 0 && !is_punct(x, q) &&
                    ((x->cls[q] & WC_DET) || !(x->cls[q] & (WC_STOP | WC_PREP | WC_CONJ)));
         k++)
        q--;
    if (q < 0) return 0;
    /* a verb the dictionaries do not know: a plain word right after "who"/"which" */
    if (!x->in_verb[q])
        return q >= 1 && (x->cls[q - 1] & WC_REL) && x->ment_at[q] < 0 && !is_punct(x, q) &&
               !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM)) && !(x->cls[q] & (WC_STOP | WC_PREP | WC_BE | WC_AUX | WC_MODAL));
    while (q > 0 && x->in_verb[q - 1]) q--;   /* the verb's first word */
    q--;
    while (q >= 0 && (x->cls[q] & (WC_ADV | WC_AUX))) q--;
    /* "who travelled to Syria to join Islamic State, has urged": an infinitive's too */
    return q >= 0 && (x->cls[q] & (WC_REL | WC_THAT | WC_TO));
}

/* Whether possessor m holds the act named by the noun at token vstart ("Putin's
 * recent visit to New Delhi", "Israel's bombing of Gaza": manual §3.1, the actor who
 * holds a noun-form act): a noun use of the verb there, with only the possessive and at most
 * two modifiers between.
 * Built-in dictionaries only. */
static int noun_holder(const sent_ctx *x, const mention *m, int vstart)
{
    if (x->d->dialect != DICT_CAMEO) return 0;
    const verb_hit *vh = NULL;
    for (int k = 0; k < x->nv && !vh; k++)
        if (x->v[k].start == vstart) vh = &x->v[k];
    /* a noun: the dictionaries say so, or a preposition follows ("visit to", "bombing of") */
    if (!vh || !(vh->nounlike || (vh->end < x->n && (x->cls[vh->end] & WC_PREP)))) return 0;
    int q = m->end;
    if (q < x->n && (x->s->tok[q].flags & TOK_POSS) && !x->in_verb[q] && x->ment_at[q] < 0) q++;
    if (vstart - q > 2 || vstart < q) return 0;
    for (int i = q; i < vstart; i++)
        if (x->ment_at[i] >= 0 || x->in_verb[i] || is_punct(x, i) || (x->cls[i] & WC_STOP) ||
            (x->s->tok[i].flags & (TOK_CAP | TOK_NUM)))
            return 0;
    return 1;
}

/* The subject before verb vh: nearest mention that is not a prepositional object
 * or appositive, after the last subject boundary. */
static int find_subject(const sent_ctx *x, int lo, int vstart)
{
    int best = -1;
    switch (x->d->dialect) {
    case DICT_TABARI:
        /* TABARI: "the first actor encountered prior to the verb", from the start of
         * the clause (manual 5.8) */
        for (int i = lo; i < vstart; i++)
            if (x->ment_at[i] >= 0) return x->m[x->ment_at[i]].group;
        return -1;
    default:
        break;   /* the nearest subject-like actor before the verb (below) */
    }
    for (int i = vstart - 1; i >= lo; i--) {
        int mi = x->ment_at[i];
        if (mi < 0) continue;
        const mention *m = &x->m[mi];
        i = coder_group_first_start(x, mi);
        mi = x->m[mi].group;
        m = &x->m[mi];
        if (m->pp || m->appositive || m->possessor) {
            /* "a centre in central Paris was destroyed": a place is no subject
             * (CAMEO; TABARI takes the first actor anyway); nor, under the CAMEO
             * conventions, an actor that only modifies a noun ("critics of the Iraq
             * war have slammed": manual §3.1, §4.4), except a possessor for the
             * infinitive of its noun ("Russia's decision to send troops", §3.1) */
            int holder = m->possessor && vstart > 0 && ((x->cls[vstart - 1] & WC_TO) || noun_holder(x, m, vstart));
            if (best < 0 && !(x->d->dialect == DICT_CAMEO && (m->place || (!holder && !source_heads_phrase(x, mi)))))
                best = -2 - mi;
            continue;
        }
        /* "an earthquake that struck southwest Japan killed", "officials who met Putin
         * said": the object of a relative clause's verb is not the subject after it
         * (manual §3.1; CAMEO conventions) */
        if (x->d->dialect == DICT_CAMEO && relative_object(x, m->start) && !(vstart > 0 && (x->cls[vstart - 1] & WC_TO)))
            continue;   /* (but "to instruct Turkey to pull back": Turkey is to pull back) */
        /* "The Malaysia Airlines Boeing 777": of two actors side by side, the first owns the phrase */
        while (m->start > lo && x->ment_at[m->start - 1] >= 0) {
            int left = x->m[x->ment_at[m->start - 1]].group;
            if (left == mi || x->m[left].pp) break;
            mi = left;
            m = &x->m[mi];
        }
        /* PETRARCH: the same with plain adjectives between ("the evil Arnor awful
         * Gondor welcomed": Arnor heads the noun phrase) */
        if (x->d->dialect >= DICT_PETR) {
            int q = m->start - 1;
            while (q > lo && q >= m->start - 2 && x->ment_at[q] < 0 && !is_punct(x, q) && !x->verbish[q] &&
                   !x->in_verb[q] && !(x->cls[q] & (WC_STOP | WC_PREP | WC_DET | WC_CONJ)) &&
                   !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM | TOK_POSS)))
                q--;
            if (q < m->start - 1 && q >= lo && x->ment_at[q] >= 0) {
                int left = x->m[x->ment_at[q]].group;
                /* two plain actors only: "Libyan leader Muammar Gaddafi" is a title and a person */
                if (left != mi && strlen(x->m[left].code) == 3 && strlen(m->code) == 3 && !x->m[left].pp &&
                    !x->m[left].possessor && !x->m[left].appositive &&
                    !x->m[left].lone && !(x->s->tok[x->m[x->ment_at[q]].end - 1].flags & TOK_POSS))
                    mi = left;
            }
        }
        return mi;
    }
    /* only prepositional candidates: TABARI takes the first actor anyway */
    return best <= -2 ? -2 - best : -1;
}

/* Who states an obligation ("X declared that Y must ..."): the subject of the
 * nearest reporting or demanding verb among x->v[0..last] that starts before token
 * before, else the quoted speaker. Returns the mention and sets *verb, or -1. */
static int obligation_teller(const sent_ctx *x, const int *subj_lo, int speaker, int last, int before, int *verb)
{
    for (int q = last; q >= 0; q--) {
        const verb_hit *w = &x->v[q];
        if (w->start >= before || !(wc_get(&x->c->lc, x->s->tok[w->tok].lemma_hash) & (WC_REPORT | WC_DEMAND)))
            continue;
        int teller = find_subject(x, subj_lo[w->tok], w->start);
        if (teller < 0) teller = speaker;
        if (teller >= 0) {
            *verb = q;
            return teller;
        }
    }
    return -1;
}

/* The first subject-like mention of the sentence before token hi. */
static int first_subject(const sent_ctx *x, int hi)
{
    for (int k = 0; k < x->nm; k++) {
        const mention *m = &x->m[k];
        if (m->start >= hi) break;
        if (m->pp || m->appositive || x->quoted[m->start]) continue;
        return m->group;
    }
    return -1;
}

/* The subject pronoun nearest before token hi with no actor between, down to lo; -1. */
static int first_pronoun(const sent_ctx *x, int lo, int hi)
{
    for (int i = hi - 1; i >= lo; i--) {
        if (x->ment_at[i] >= 0) return -1;
        if (x->cls[i] & WC_PRON_SUBJ) return i;
    }
    return -1;
}

/* A verb token in a past form ("met", "visited"): its lemma differs and it
 * does not end in -s ("visits"). */
static int verb_past_form(const sent_ctx *x, int vt)
{
    const token *t = &x->s->tok[vt];
    size_t l = strlen(t->lower);
    return t->lemma != t->lower && strcmp(t->lemma, t->lower) && l > 0 && t->lower[l - 1] != 's';
}

/* Whether tokens [lo, hi) name a time ahead: "tomorrow", "next week/month/year/
 * weekend/Monday ..." (the news' schedule for acts told in the present tense). */
static int future_time_in(const sent_ctx *x, int lo, int hi)
{
    static const char *const after_next[] = { "week", "month", "year", "weekend", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "spring", "summer", "autumn", "winter" };
    for (int i = lo; i < hi && i < x->n; i++) {
        if (tok_is(x, i, "tomorrow")) return 1;
        if (!tok_is(x, i, "next") || i + 1 >= x->n) continue;
        for (size_t q = 0; q < sizeof after_next / sizeof after_next[0]; q++)
            if (tok_is(x, i + 1, after_next[q])) return 1;
    }
    return 0;
}

/* Whether a (non-noun) verb starts in tokens [lo, hi). */
int coder_verb_between(const sent_ctx *x, int lo, int hi)
{
    for (int k = 0; k < x->nv; k++)
        if (x->v[k].start >= lo && x->v[k].start < hi && !x->v[k].nounlike) return 1;
    return 0;
}

/* The speaker of the sentence's quotations: the subject (or "said X" object) of a
 * reporting verb outside the quotation marks. */
int coder_find_speaker(const sent_ctx *x)
{
    for (int k = 0; k < x->nv; k++) {
        const verb_hit *vh = &x->v[k];
        if (x->quoted[vh->tok]) continue;
        if (!(wc_get(&x->c->lc, x->s->tok[vh->tok].lemma_hash) & WC_REPORT)) continue;
        int s = find_subject(x, 0, vh->start);
        if (s < 0 && vh->end < x->n && x->ment_at[vh->end] >= 0) s = x->m[x->ment_at[vh->end]].group;  /* said X */
        if (s >= 0 && !x->quoted[x->m[s].start]) return s;
    }
    return -1;
}

/* The code of announcing an act instead of doing it: cooperation (04-08) becomes
 * the matching intent (03x), hostile acts (14, 16-20) the matching threat (13x).
 * With PETRARCH's ontology loaded its own combination with "intend" is used. */
static int future_code(const tocsin_dict *d, const char *code, char out[8])
{
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    if (code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return 0;
    if (root >= 4 && root <= 8 && d->pico.n && dict_combine_codes(d, "030", code, out) == 0)
        return strncmp(out, "03", 2) == 0;
    /* CAMEO's parallel codes (manual §7.1, §7.2): the intent or threat of the same
     * act; a 4-digit code is looked up before its 3-digit prefix */
    static const struct { const char *from, *to; } map[] = {
        {"045", "039"},
        {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"},
        {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"},
        {"081", "0351"}, {"082", "0352"}, {"0831", "0341"}, {"0832", "0342"}, {"0833", "0343"},
        {"0834", "0344"}, {"083", "034"}, {"084", "0353"}, {"085", "0354"},
        {"086", "0355"}, {"087", "0356"},
        {"160", "1313"}, {"161", "1313"}, {"162", "1311"}, {"163", "1312"}, {"164", "134"},
        {"165", "135"}, {"166", "136"},
        {"1721", "1321"}, {"1722", "1322"}, {"1723", "1323"}, {"1724", "1324"}, {"172", "132"},
        {"175", "137"}, {"191", "1381"}, {"192", "1382"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strncmp(code, map[i].from, strlen(map[i].from))) { snprintf(out, 8, "%s", map[i].to); return 1; }
    const char *to = NULL;
    switch (root) {
    case 4: to = "036"; break;
    case 5: to = "032"; break;
    case 6: to = "031"; break;
    case 7: to = "033"; break;
    case 8: to = "035"; break;
    case 14: to = "133"; break;
    case 16: to = "131"; break;
    case 17: to = "130"; break;   /* seize, arrest, deport: CAMEO 13 has no parallel code */
    case 18: case 19: case 20: to = "138"; break;
    default: return 0;
    }
    snprintf(out, 8, "%s", to);
    return 1;
}

/* With story discards in the dictionaries a document's events wait until its last
 * sentence has been read (a discard anywhere drops them all): the event and its
 * strings are copied, since sentence memory is reused. */

/* Copies n bytes of p (NULL: "") and a NUL into b; returns their offset. */
static size_t keep_str(buf *b, const char *p, size_t n)
{
    size_t off = b->len;
    util_buf_add(b, p ? p : "", p ? n : 0);
    util_buf_addc(b, '\0');
    return off;
}

/* Queues event e with copies of its strings until the document is known not to be discarded. */
static void queue_event(tocsin_coder *c, const tocsin_event *e)
{
    queued_event *q = dict_vec_push(&c->evq);
    q->ev = *e;
    q->text = keep_str(&c->evstr, e->text, e->text_len);
    q->verb = keep_str(&c->evstr, e->verb_text, e->verb_len);
    q->src = keep_str(&c->evstr, e->source.text, e->source.text_len);
    q->tgt = keep_str(&c->evstr, e->target.text, e->target.text_len);
    q->issues = keep_str(&c->evstr, e->issues, e->issues ? strlen(e->issues) : 0);
}

void coder_flush_events(doc_ctx *dc, int drop)
{
    tocsin_coder *c = dc->c;
    for (size_t i = 0; i < c->evq.n && !drop; i++) {
        queued_event *q = &VEC_AT(c->evq, queued_event, i);
        tocsin_event e = q->ev;
        e.text = c->evstr.data + q->text;
        e.verb_text = c->evstr.data + q->verb;
        e.source.text = c->evstr.data + q->src;
        e.target.text = c->evstr.data + q->tgt;
        e.issues = c->evstr.data + q->issues;
        dc->fn(&e, dc->user);
        dc->events++;
        c->st.events++;
    }
    c->evq.n = 0;
    util_buf_clear(&c->evstr);
}

/* "must drop", "has to leave", "needs to": the verb is an obligation. */
static int obligation_before(const sent_ctx *x, const verb_hit *vh)
{
    for (int p = vh->start - 1, steps = 0; p >= 0 && steps < 3; p--, steps++) {
        if (x->cls[p] & (WC_ADV | WC_BE)) continue;
        if (x->cls[p] & WC_MUST) return 1;
        return (x->cls[p] & WC_TO) && p > 0 && (tok_is(x, p - 1, "has") || tok_is(x, p - 1, "have") ||
                                               tok_is(x, p - 1, "needs") || tok_is(x, p - 1, "need"));
    }
    return 0;
}

/* REPORT [that] PRONOUN will/would [adverbs] VERB, REPORT [that] PRONOUN is ready/
 * willing/prepared to VERB: the speaker's own future act. */
static int reported_own_future(const sent_ctx *x, const verb_hit *vh)
{
    int p = vh->start - 1;
    if (p >= 3 && (x->cls[p] & WC_TO) && (x->cls[p - 2] & WC_BE) &&
        (tok_is(x, p - 1, "ready") || tok_is(x, p - 1, "willing") || tok_is(x, p - 1, "prepared") ||
         tok_is(x, p - 1, "going") || tok_is(x, p - 1, "poised"))) {
        p -= 3;   /* "said it is willing to withdraw" */
    } else {
        while (p >= 0 && (x->cls[p] & WC_ADV)) p--;
        if (p < 2 || !(tok_is(x, p, "will") || tok_is(x, p, "would") || tok_is(x, p, "'ll"))) return 0;
        p--;
    }
    if (p < 1) return 0;
    if (!(x->cls[p] & WC_PRON_SUBJ) || x->ment_at[p] >= 0) return 0;
    p--;
    if (p >= 0 && (x->cls[p] & WC_THAT)) {
        /* "announced on Monday that he will" */
        for (int q = p - 1; q >= 0 && q >= p - 4; q--) {
            if (x->ment_at[q] >= 0 || is_punct(x, q)) break;
            if (x->in_verb[q]) { p = q; break; }
        }
    }
    return p >= 0 && x->in_verb[p] && (wc_get(&x->c->lc, x->s->tok[p].lemma_hash) & WC_REPORT);
}

/* ---- coder_code_sentence: a driver over named passes ----
 *
 * The passes, in order (each a function below with a one-line contract):
 *   mark_asides, mark_places, temporal_subjects   mentions that are no subjects
 *   map_clauses, report_subject_regions           clause and subject regions per token
 *   find_chains                                   verb chains "A wants to help B"
 *   per verb (code_verb): verb_is_act, verb_scope, mark_negated_context,
 *     verb_event_code, verb_obligation, verb_happens, verb_announced,
 *     verb_clause_coded, verb_roles, verb_null_roles, push_verb_events, verb_carry
 *   unknown_verb_obligations, remember_subject, conditional_threat,
 *   apply_transforms                                whole-sentence rules
 *   emit_events                                     filters, duplicates, output
 * The state they share is a sent_pass; one verb's is a verb_act. */

/* Per token: its clause, where its subject may start, and whether it is asserted. */
typedef struct clause_map {
    int *lo, *hi;         /* the conjunction-delimited clause [lo, hi) of each token */
    int *subj_lo;         /* where the token's subject region starts */
    uint8_t *neg;         /* 1: after a denial, a demand's "that" or an accusation's "of" */
} clause_map;

/* The sentence's events before the emit pass. */
typedef struct event_list {
    pending_event *e;
    int n, cap;
} event_list;

/* Verb chains "A wants to help B": PETRARCH's ontology combines the two codes. */
typedef struct verb_chains {
    char (*override)[8];  /* per verb: the combined code, or "" */
    uint8_t *skip;        /* per verb: coded as part of a chain or a shared object */
    int *from, *obj;      /* per verb: the governing verb of its chain and that verb's object, or -1 */
} verb_chains;

/* Per verb: who acted, on whom, with what code, for PETRARCH's transformations. */
typedef struct verb_info {
    int src, tgt, coded, used;
    char code[8];
} verb_info;

/* What the coded verbs so far leave to the next one. */
typedef struct verb_run {
    int prev_src;             /* source of the previous coded clause (compound predicates) */
    int prev_tgt;             /* its target: "X kidnapped a journalist and interrogated him" */
    int noun_inf_prev;        /* the previous verb was an infinitive a noun governs */
    int prev_subj_lo;         /* its subject region: a subject carries over "and" only from there */
    int prev_clause;
    int coded_clause_lo, coded_subj_lo;
    int tabari_coded_clause;  /* TABARI: clause that has its (non-subordinate) event */
    int tabari_verb_src, tabari_verb_src_k;   /* TABARI: source of the last verb, and the verb */
} verb_run;

/* The state the passes over one sentence share. */
typedef struct sent_pass {
    doc_ctx *dc;
    sent_ctx *x;
    tocsin_coder *c;
    const tocsin_dict *d;
    int n;
    clause_map cl;
    int speaker;          /* speaker of the sentence's quotations, or -1 */
    verb_chains ch;
    verb_info *vinfo;
    event_list ev;
    int any_main;         /* some event is not subordinate */
    verb_run run;
} sent_pass;

/* One verb being coded: what the per-verb passes find, in the order they find it. */
typedef struct verb_act {
    int k, vt;
    verb_hit *vh;
    const verb_form *f;
    const verb_block *b;
    match_state ms;
    int shares_object;    /* "shot and killed X": the next verb shares the object */
    verb_code code;
    int pattern_pre_words, matched;
    int negated, refused;
    uint32_t lcls;        /* word classes of the verb's lemma */
    int report_verb;
    int announced;        /* a future act made an intent or threat */
    int trip_noun;
    int passive, passive_active;
    int src, tgt;         /* mention groups, or -1 */
    int pattern_tgt, src_pron, carry_tgt;
    const char *pron_code, *pron_text;   /* a pronoun source from the previous sentence */
    size_t pron_len;
    int null_src, null_tgt;
    int one_sided;        /* no target named: a one-sided event (manual §4.1) */
} verb_act;

static int warning_content(sent_pass *p, verb_act *a);

/* A new zeroed event at the end of l, or NULL when l is full. */
static pending_event *ev_push(event_list *l)
{
    if (l->n >= l->cap) return NULL;
    pending_event *ev = &l->e[l->n++];
    memset(ev, 0, sizeof *ev);
    return ev;
}

/* Whether the event list has no room left. */
static int ev_full(const event_list *l) { return l->n >= l->cap; }

/* Pushes the teller's demand of the obliged (CAMEO 100) on the given verb; 0 when full. */
static int push_demand(const sent_ctx *x, event_list *l, int verb, int teller, int obliged, const char *code)
{
    pending_event *ev = ev_push(l);
    if (!ev) return 0;
    ev->verb = verb;
    ev->day = x->day;
    copy_str(ev->code, sizeof ev->code, code);
    ev->s = side_of(x, teller);
    ev->t = side_of(x, obliged);
    return 1;
}

/* Whether token i is a dash standing apart from its neighbours (" - ", not "U.S.-backed"). */
static int spaced_dash(const sent_ctx *x, int i)
{
    if (i < 1 || i + 1 >= x->n || !is_ch(x, i, '-')) return 0;
    const token *a = &x->s->tok[i - 1], *t = &x->s->tok[i], *b = &x->s->tok[i + 1];
    return a->off + a->len < t->off && t->off + t->len < b->off;
}

/* Marks asides between two spaced dashes whose subject's verb follows the second ("The
 * Russian town of Beslan - scene of a bloody school siege last year - pledges aid", "a
 * coalition led by Saudi Arabia - which received US support - launched"): as between
 * commas (mark_asides), the words between describe the subject; their mentions are no
 * subjects (manual §3.1). Built-in dictionaries only. */
static void dash_asides(sent_pass *p)
{
    sent_ctx *x = p->x;
    int n = p->n;
    if (p->d->dialect != DICT_CAMEO) return;
    for (int i = 1; i + 2 < n; i++) {
        /* (not "increasingly loud - and so far futile - calls": a coordinated modifier) */
        if (!spaced_dash(x, i) || x->aside[i] || (x->cls[i + 1] & WC_CONJ)) continue;
        int close = -1;
        for (int j = i + 2; j + 1 < n && j < i + 25; j++) {
            if (is_semicolon(x, j) || (x->s->tok[j].flags & TOK_QUOTE)) break;
            if (!spaced_dash(x, j)) continue;
            int q = j + 1;
            while (q < n && (x->cls[q] & (WC_ADV | WC_NEG))) q++;
            if (q < n && (x->in_verb[q] || (x->cls[q] & (WC_MODAL | WC_AUX | WC_BE)))) close = j;
            break;
        }
        if (close < 0) continue;
        for (int j = i; j <= close; j++) x->aside[j] = 1;
        for (int k = 0; k < x->nm; k++)
            if (x->m[k].start > i && x->m[k].end <= close) x->m[k].appositive = 1;
        i = close;
    }
}

/* Marks asides (x->aside) and their mentions as appositive. Asides: "Blair, who
 * has pushed for ... and is one of ..., will meet Bush", "Straw, touring a camp
 * housing displaced people from Darfur, urged ...": a relative or participial
 * phrase after a subject, closed by a comma that the subject's own verb follows.
 * Its mentions are no subjects, its verbs are background, and its "and" does not
 * start a clause. */
static void mark_asides(sent_pass *p)
{
    sent_ctx *x = p->x;
    int n = p->n;
    x->aside = util_arena_alloc(&p->c->a, (size_t)(n + 1));
    memset(x->aside, 0, (size_t)(n + 1));
    for (int i = 1; i + 1 < n; i++) {
        if (!is_ch(x, i, ',') || x->ment_at[i - 1] < 0) continue;
        const token *t = &x->s->tok[i + 1];
        size_t tl = x->tl[i + 1];
        int rel = tok_is(x, i + 1, "who") || tok_is(x, i + 1, "which");
        /* (a participle the dictionaries do not know: "Mr Saakashvili, elected president
         * in January, has urged"; built-in dictionaries) */
        int part = (x->in_verb[i + 1] || (p->d->dialect == DICT_CAMEO && x->ment_at[i + 1] < 0 &&
                                          !(t->flags & (TOK_CAP | TOK_NUM)) && !(x->cls[i + 1] & WC_STOP))) &&
                   tl > 4 && (!strcmp(t->lower + tl - 3, "ing") || !strcmp(t->lower + tl - 2, "ed"));
        /* "Pakistan, a key U.S. ally in the war against terrorism, has refused": an
         * appositive noun phrase renames the subject */
        int app = (tok_is(x, i + 1, "a") || tok_is(x, i + 1, "an")) && x->ment_at[i - 1] >= 0 &&
                  !x->m[x->ment_at[i - 1]].pp;
        if (!rel && !part && !app) continue;
        int close = -1;
        for (int j = i + 2; j + 1 < n && j < i + 40; j++) {
            if (is_semicolon(x, j) || (x->s->tok[j].flags & TOK_QUOTE)) break;
            if (!is_ch(x, j, ',')) continue;
            int q = j + 1;
            while (q < n && (x->cls[q] & (WC_ADV | WC_NEG))) q++;
            if (q < n && (x->in_verb[q] || (x->cls[q] & (WC_MODAL | WC_AUX | WC_BE)))) { close = j; break; }
        }
        if (close < 0) continue;
        for (int j = i; j <= close; j++) x->aside[j] = 1;
        for (int k = 0; k < x->nm; k++)
            if (x->m[k].start > i && x->m[k].end <= close) x->m[k].appositive = 1;
        i = close;
    }
    dash_asides(p);
}

/* Marks datelines, regions used as adjectives and countries named as where as
 * places (CAMEO conventions): a dateline ("BAGHDAD, Sept 12:", "GAZA (Reuters) -",
 * after a credit "Canadian Press - VANCOUVER (CP) -"; manual §8.3, §12.1a), a
 * region used as an adjective ("a new Middle East peace drive", "a five day Asian
 * tour"), a country before ", where" or a border, region or province ("on the US
 * border") name a place, never who acted. */
static void mark_places(sent_pass *p)
{
    sent_ctx *x = p->x;
    int n = p->n;
    int credit = 0;   /* the credit before a dateline ends before this token */
    for (int k = 0; k < x->nm; k++) {
        mention *m = &x->m[k];
        int dateline = m->start == 0 && (x->s->tok[0].flags & TOK_ALLCAPS) && m->end < n &&
                       (is_ch(x, m->end, '(') || is_ch(x, m->end, ',') || is_ch(x, m->end, '-') ||
                        is_ch(x, m->end, ':') || is_ch(x, m->end, '/'));
        /* after a credit, and the credit: "Canadian Press - VANCOUVER (CP) - ..." */
        dateline = dateline || m->end <= credit;
        if (m->start >= 2 && m->start <= 6 && (x->s->tok[m->start].flags & TOK_ALLCAPS) && is_ch(x, m->start - 1, '-') &&
            m->end < n && is_ch(x, m->end, '(') && strlen(m->code) == 3) {
            dateline = 1;
            credit = m->start - 1;
            for (int j = 0; j < k; j++)
                if (x->m[j].end <= credit) { x->m[j].pp = 1; x->m[j].place = 1; }
        }
        int region_adj = 0;
        if (!dateline && strlen(m->code) == 3 && coder_is_supranational(m->code) && m->end < n) {
            const token *t = &x->s->tok[m->end];
            region_adj = !(t->flags & (TOK_PUNCT | TOK_NUM | TOK_CAP | TOK_QUOTE | TOK_POSS)) &&
                         !(x->cls[m->end] & (WC_STOP | WC_PREP)) && x->ment_at[m->end] < 0 && !x->in_verb[m->end];
        }
        /* "flying from the United States, where he met ...", "killed on the US
         * border": a country named as where, not who (manual §3.1, §3.2) */
        int where = !dateline && !region_adj && strlen(m->code) == 3 && !m->lone && m->end + 1 < n &&
                    is_ch(x, m->end, ',') && tok_is(x, m->end + 1, "where");
        if (!dateline && !region_adj && !where && strlen(m->code) == 3 && !m->lone && m->end < n) {
            static const char *const areas[] = { "border", "borders", "frontier", "region", "province", "coast" };
            for (size_t k = 0; k < sizeof areas / sizeof *areas && !where; k++) where = tok_is(x, m->end, areas[k]);
        }
        if (dateline || region_adj || where) { m->pp = 1; m->place = 1; }
    }
}

/* Makes the actor after a temporal conjunction the subject of its clause, not a
 * preposition's object (CAMEO conventions): "... after the Cuban government
 * threatened to ...". */
static void temporal_subjects(sent_pass *p)
{
    sent_ctx *x = p->x;
    int n = p->n;
    for (int k = 0; k < x->nm; k++) {
        mention *m = &x->m[k];
        if (!m->pp) continue;
        int q = m->start - 1;
        while (q >= 0 && (x->cls[q] & WC_DET)) q--;
        if (q < 0 || !(x->cls[q] & WC_TEMPSUB)) continue;
        q = coder_group_last_end(x, m->group);
        while (q < n && (x->cls[q] & (WC_AUX | WC_MODAL | WC_ADV | WC_NEG | WC_BE))) q++;
        for (int v = 0; v < x->nv; v++)
            if (x->v[v].start == q && !x->v[v].nounlike) { m->pp = 0; break; }
    }
}

/* Whether the temporal conjunction at token i ("after", "before", "since", "until")
 * opens a clause with its own subject (CAMEO conventions; manual §9.1, each clause is
 * coded): an actor that is no preposition's object follows ("after the Cuban
 * government threatened", "after members of Congress accused", §11.5b). */
static int temporal_clause(const sent_ctx *x, int i)
{
    int q = i + 1;
    while (q < x->n && (x->cls[q] & WC_DET)) q++;
    /* "members of Congress": the people who act for the actor (manual §11.5b) */
    if (q + 2 < x->n && x->ment_at[q] < 0 && tok_is(x, q + 1, "of") && !x->in_verb[q] && x->ment_at[q + 2] >= 0 &&
        !(x->cls[q] & WC_STOP) && !is_punct(x, q))
        q += 2;
    return q < x->n && x->ment_at[q] >= 0 && !x->m[x->ment_at[q]].pp;
}

/* Fills p->cl: each token's clause (between conjunction breaks) and subject region. */
static void map_clauses(sent_pass *p)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n;
    clause_map *cl = &p->cl;
    cl->lo = util_arena_alloc(&p->c->a, sizeof(int) * (size_t)(n + 1));
    cl->hi = util_arena_alloc(&p->c->a, sizeof(int) * (size_t)(n + 1));
    cl->subj_lo = util_arena_alloc(&p->c->a, sizeof(int) * (size_t)(n + 1));
    cl->neg = util_arena_alloc(&p->c->a, (size_t)(n + 1));
    memset(cl->neg, 0, (size_t)(n + 1));
    uint8_t *breaks = util_arena_alloc(&p->c->a, (size_t)(n + 1));   /* coder_is_clause_conj, once per token */
    for (int i = 0; i < n; i++) breaks[i] = (uint8_t)coder_is_clause_conj(x, i);
    int lo = 0, slo = 0;
    for (int i = 0; i < n; i++) {
        if (breaks[i]) { lo = i + 1; slo = i + 1; }
        else if ((x->cls[i] & WC_THAT) && i > 0 && (x->in_verb[i - 1] || x->ment_at[i - 1] >= 0 || (x->cls[i - 1] & WC_PRON_OBJ) ||
                 !(x->cls[i - 1] & (WC_DET | WC_PREP))))
            slo = i + 1;
        else if (x->cls[i] & WC_COND) slo = i + 1;
        else if (d->dialect == DICT_CAMEO && (x->cls[i] & WC_TEMPSUB) && i + 1 < n && temporal_clause(x, i))
            slo = i + 1;   /* "after the Cuban government threatened": a clause with its own subject */
        else if (is_ch(x, i, ',') && i > 0 && x->cond[i - 1]) slo = i + 1;
        else if ((x->cls[i] & WC_TEMPSUB) && coder_tempsub_clause(x, i)) slo = i + 1;
        cl->lo[i] = lo;
        cl->subj_lo[i] = d->dialect == DICT_TABARI ? lo : slo;   /* TABARI: the first actor of the clause (manual 5.8) */
    }
    int hi = n;
    for (int i = n - 1; i >= 0; i--) {
        cl->hi[i] = hi;
        if (breaks[i]) hi = i;
    }
}

/* Starts a new subject region after each reporting verb (not with TABARI's rules). */
static void report_subject_regions(sent_pass *p)
{
    sent_ctx *x = p->x;
    int n = p->n;
    const clause_map *cl = &p->cl;
    for (int k = 0; k < x->nv; k++) {
        const token *t = &x->s->tok[x->v[k].tok];
        uint32_t lc = wc_get(&p->c->lc, t->lemma_hash);
        if (lc & WC_REPORT) {
            int e = x->v[k].end;
            for (int i = e; i < n && cl->lo[i] == cl->lo[e > 0 ? e - 1 : 0]; i++)
                if (cl->subj_lo[i] < e) cl->subj_lo[i] = e;
        }
    }
}

/* Allocates the per-verb arrays: chains, verb info and the event list. */
static void alloc_verb_state(sent_pass *p)
{
    sent_ctx *x = p->x;
    arena *a = &p->c->a;
    p->ev.cap = x->nv * 8 + 8;
    p->ev.e = util_arena_alloc(a, sizeof(pending_event) * (size_t)p->ev.cap);
    p->ev.n = 0;
    verb_chains *ch = &p->ch;
    ch->override = util_arena_alloc(a, sizeof(*ch->override) * (size_t)(x->nv + 1));
    ch->skip = util_arena_alloc(a, (size_t)(x->nv + 1));
    ch->from = util_arena_alloc(a, sizeof(int) * (size_t)(x->nv + 1));
    ch->obj = util_arena_alloc(a, sizeof(int) * (size_t)(x->nv + 1));
    for (int k = 0; k <= x->nv; k++) ch->from[k] = ch->obj[k] = -1;
    memset(ch->skip, 0, (size_t)(x->nv + 1));
    for (int k = 0; k <= x->nv; k++) ch->override[k][0] = 0;
    p->vinfo = util_arena_alloc(a, sizeof(verb_info) * (size_t)(x->nv + 1));
    for (int k = 0; k < x->nv; k++) {
        p->vinfo[k].src = p->vinfo[k].tgt = -1;
        p->vinfo[k].coded = p->vinfo[k].used = 0;
        p->vinfo[k].code[0] = 0;
    }
    p->run = (verb_run){ .prev_src = -1, .prev_tgt = -1, .noun_inf_prev = 0, .prev_subj_lo = -1, .prev_clause = -1,
                         .coded_clause_lo = -1, .coded_subj_lo = -1, .tabari_coded_clause = -1,
                         .tabari_verb_src = -1, .tabari_verb_src_k = -1 };
}

/* Finds verb chains "A wants to help B" ("A asks B to help C") whose two codes the
 * coding ontology combines (d->pico): the governing verb is skipped and the lower
 * one gets the combined code. */
static void find_chains(sent_pass *p)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    verb_chains *ch = &p->ch;
    for (int k = 0; k + 1 < x->nv; k++) {
        const verb_hit *va = &x->v[k], *vb = &x->v[k + 1];
        int q = va->end;
        while (q < vb->start && (x->cls[q] & WC_ADV)) q++;
        /* "A asks B to help C": the object of A may stand between */
        int obj = -1;
        if (q < vb->start && x->ment_at[q] >= 0) {
            obj = x->m[x->ment_at[q]].group;
            q = coder_group_last_end(x, obj);
        }
        if (!(q + 1 == vb->start && (x->cls[q] & WC_TO)) || vb->nounlike || va->nounlike) continue;
        verb_code cb;
        int vt = va->tok;
        /* the governing verb's own code: its patterns would read the complement's words */
        const verb_form *fa = &VEC_AT(d->forms, verb_form, va->form);
        verb_code ca = fa->has_code ? fa->code : VEC_AT(d->blocks, verb_block, fa->block).code;
        if (!(ca.flags & VC_SET) || (ca.flags & (VC_NULL | VC_COMPLEX)) || !ca.code[0]) continue;
        /* CAMEO conventions: "will visit Tokyo to discuss trade" is the trip (or
         * its intent); the infinitive only says what it is for */
        if (d->dialect == DICT_CAMEO && !strcmp(ca.code, "042")) continue;
        if (!coder_verb_default_or_pattern(x, k + 1, p->cl.lo[vt], p->cl.hi[vt], &cb)) continue;
        /* "X was seen to break into": a passive governor reports X's act (UD-PETRARCH) */
        if (d->dialect == DICT_PETR_NP && obj < 0 && coder_is_passive(x, va)) { ch->skip[k] = 1; continue; }
        char comb[8];
        if (dict_combine_codes(d, ca.code, cb.code, comb) < 0) continue;
        ch->skip[k] = 1;
        copy_str(ch->override[k + 1], sizeof ch->override[k + 1], comb);
        ch->from[k + 1] = k;
        ch->obj[k + 1] = obj;
        if (p->c->debug) fprintf(stderr, "  chain %s + %s -> %s\n", ca.code, cb.code, comb);
    }
}

/* Whether verb a is an act of the sentence at all: not skipped by a chain or a
 * shared object, not in an aside, not an adjective or a noun's purpose (CAMEO
 * conventions). Updates p->run.noun_inf_prev. */
static int verb_is_act(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n, k = a->k, vt = a->vt;
    const verb_hit *vh = a->vh;
    if (p->ch.skip[k] || x->aside[vt]) return 0;
    if (d->dialect != DICT_CAMEO) return 1;
    /* "Iraq's U.S.-backed government": the tokenizer splits the abbreviation off a
     * hyphenated adjective; a verb glued to "X-" is part of that adjective */
    if (vt >= 2 && is_ch(x, vt - 1, '-') && x->s->tok[vt - 1].off + x->s->tok[vt - 1].len == x->s->tok[vt].off &&
        x->s->tok[vt - 2].off + x->s->tok[vt - 2].len == x->s->tok[vt - 1].off)
        return 0;
    /* "in Derik, close to the Turkish border", "sources close to the president":
     * the adjective, not the verb */
    if (tok_is(x, vt, "close") && vt + 1 < n && (x->cls[vt + 1] & WC_TO)) return 0;
    /* "met with visiting Iraqi Prime Minister Allawi": an adjective naming the
     * visitor, not an act of its own */
    if (tok_is(x, vt, "visiting") && vt > 0 && (x->cls[vt - 1] & (WC_PREP | WC_DET)) && vt + 1 < n &&
        x->ment_at[vt + 1] >= 0)
        return 0;
    /* "decisions by Donald Trump to pull out of the deal and recognise Jerusalem",
     * "efforts by the UN to change": the act a noun names is no event of the
     * sentence */
    int nominal = 0;
    if (vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) && x->ment_at[vh->start - 2] >= 0) {
        const mention *gm = &x->m[x->ment_at[vh->start - 2]];
        nominal = gm->start > 0 && (x->cls[gm->start - 1] & WC_BY);
    } else if (k > 0 && p->run.noun_inf_prev && vh->start > 0 && (x->cls[vh->start - 1] & WC_CONJ) &&
               (x->s->tok[vt].lemma == x->s->tok[vt].lower || !strcmp(x->s->tok[vt].lemma, x->s->tok[vt].lower))) {
        nominal = 1;   /* "... to pull out and recognise" */
    }
    p->run.noun_inf_prev = nominal;
    return !nominal;
}

/* Sets a->ms (the pattern scope) and a->shares_object: the post-verb scope ends at
 * a comma (TABARI), unless it separates list items or adjectives ("complete, full
 * diplomatic ties"), and at a subordinate clause. */
static void verb_scope(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n, k = a->k;
    const verb_hit *vh = a->vh;
    match_state *ms = &a->ms;
    *ms = (match_state){ 0, -1, -1, -1, vh->start, p->cl.lo[a->vt], p->cl.hi[a->vt], 0, 0, 0, -1, 0 };
    /* "shot and killed a Palestinian": two verbs sharing one object are one
     * event, coded by the first (the more specific by news usage). TABARI
     * joins them only in a dictionary phrase ("SHOT AND KILLED", manual 7.6):
     * "affirm or allow an attack" is two clauses there. */
    a->shares_object = d->dialect != DICT_TABARI && k + 1 < x->nv && !x->v[k + 1].nounlike && x->v[k + 1].start == vh->end + 1 &&
                       (tok_is(x, vh->end, "and") || tok_is(x, vh->end, "or")) && !p->ch.skip[k + 1];
    if (a->shares_object) ms->hi = p->cl.hi[x->v[k + 1].tok];
    for (int i = vh->end; i < ms->hi; i++) {
        if (is_ch(x, i, ',')) {
            if (i > 0 && x->ment_at[i - 1] >= 0 && i + 1 < n && x->ment_at[i + 1] >= 0 &&
                x->m[x->ment_at[i - 1]].group == x->m[x->ment_at[i + 1]].group)
                continue;
            if (i > vh->end && i + 1 < n && !is_punct(x, i - 1) && !is_punct(x, i + 1) &&
                !(x->cls[i - 1] & WC_STOP) && !(x->cls[i + 1] & WC_STOP) && x->ment_at[i - 1] < 0 &&
                x->ment_at[i + 1] < 0 && !(x->s->tok[i + 1].flags & TOK_CAP) && !x->verbish[i + 1])
                continue;
            ms->hi = i;
            break;
        }
        if (x->cls[i] & (WC_REL | WC_COND | WC_SUBCL)) {
            ms->hi = i;
            break;
        }
        if (x->cls[i] & WC_TEMPSUB) {
            /* a clause if a verb follows before the next comma */
            int clause = 0;
            for (int j = i + 1; j < ms->hi && !is_ch(x, j, ','); j++) {
                if (x->in_verb[j] && !(j > 0 && (x->cls[j - 1] & WC_DET))) { clause = 1; break; }
            }
            if (clause) { ms->hi = i; break; }
        }
    }
}

/* Marks in p->cl.neg what verb a says is not asserted: after a denial, a demand's
 * "that" clause, an accusation's alleged act (CAMEO conventions). */
static void mark_negated_context(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n, vt = a->vt;
    const verb_hit *vh = a->vh;
    const int *clause_hi = p->cl.hi;
    uint8_t *neg_ctx = p->cl.neg;
    /* denial: what follows is not asserted, whatever the denial verb codes */
    uint32_t lc0 = wc_get(&p->c->lc, x->s->tok[vt].lemma_hash);
    if ((lc0 & WC_DENY) && !neg_ctx[vt])
        for (int i = vh->end; i < clause_hi[vt]; i++) neg_ctx[i] = 1;
    /* "demanded that the US cancel the sale": the cancellation has not happened */
    if ((lc0 & WC_DEMAND) && !neg_ctx[vt]) {
        int i = vh->end;
        while (i < n && i < vh->end + 6 && !(x->cls[i] & WC_THAT) && !is_ch(x, i, ',')) i++;
        if (i < n && (x->cls[i] & WC_THAT))
            for (int q = i + 1; q < clause_hi[vt]; q++) neg_ctx[q] = 1;
    }
    /* "accused Ukraine of shelling civilians", "were accused of plotting to
     * overthrow": the alleged act is the accusation's content, not an event
     * of its own (CAMEO conventions) */
    const char *lm = x->s->tok[vt].lemma;
    if (d->dialect == DICT_CAMEO && !neg_ctx[vt] &&
        (!strcmp(lm, "accuse") || !strcmp(lm, "suspect") || !strcmp(lm, "charge") || !strcmp(lm, "convict") ||
         !strcmp(lm, "blame") || !strcmp(lm, "indict"))) {
        int i = vh->end;
        while (i < clause_hi[vt] && i < vh->end + 8 && !tok_is(x, i, "of") && !tok_is(x, i, "for") &&
               !tok_is(x, i, "with"))
            i++;
        if (i < clause_hi[vt] && i < vh->end + 8)
            for (int q = i + 1; q < clause_hi[vt]; q++) neg_ctx[q] = 1;
    }
}

/* What a verb's code decides: no event of this verb, go on, or discard the sentence. */
enum { VERB_SKIP = 0, VERB_CODE = 1, VERB_DISCARD = 2 };

/* Sets a->code, a->matched, a->pattern_pre_words from verb a's patterns or default:
 * VERB_DISCARD the sentence is discarded, VERB_SKIP no event of this verb,
 * VERB_CODE go on (possibly with a null code an obligation turns into a demand). */
static int verb_event_code(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    const verb_hit *vh = a->vh;
    verb_code *code = &a->code;
    a->pattern_pre_words = 0;
    a->matched = coder_match_patterns(x, vh, a->b, &a->ms, code, &a->pattern_pre_words);
    if (!a->matched) {
        if (vh->nounlike) return VERB_SKIP;
        *code = a->f->has_code ? a->f->code : a->b->code;
    } else if (vh->nounlike && !a->pattern_pre_words && !(a->ms.src >= 0 || a->ms.tgt >= 0)) {
        return VERB_SKIP;
    } else if (vh->nounlike && d->dialect == DICT_PETR_NP) {
        return VERB_SKIP;   /* PETRARCH-2 patterns belong to verbs: "in an accord with" is a noun's phrase */
    }
    if (code->flags & VC_DISCARD) return VERB_DISCARD;
    /* a warning about another's act or a state of affairs: a statement, whatever its
     * clause's words matched ("warned that ... jobs could be lost") */
    if (d->dialect == DICT_CAMEO && ((code->flags & VC_NULL) || !strncmp(code->code, "13", 2)) && warning_content(p, a))
        code->flags = VC_SET;
    if (p->ch.override[a->k][0]) {
        copy_str(code->code, sizeof code->code, p->ch.override[a->k]);
        code->pair[0] = 0;
        code->flags = VC_SET;
    }
    if (!(code->flags & VC_SET) || (code->flags & (VC_NULL | VC_COMPLEX)) || (!code->code[0] && !code->pair[0])) {
        /* "declared that China must drop barriers": the obligation is the teller's
         * demand (verb_obligation) whatever the obliged verb itself codes */
        if (a->matched || vh->nounlike || !obligation_before(x, vh)) return VERB_SKIP;
    }
    return VERB_CODE;
}

/* The code of a teller's obligation for another actor at modal token q: "Y
 * should ..." recommends, an appeal (020); "Y must ...", "has to", a demand (100)
 * (manual §7.5; CAMEO 020 "make an appeal or request", 100 "demand"). */
static const char *obligation_code(const tocsin_dict *d, const sent_ctx *x, int q)
{
    return d->dialect == DICT_CAMEO && (tok_is(x, q, "should") || tok_is(x, q, "ought")) ? "020" : "100";
}

/* Whether verb a is an obligation ("Y must drop barriers"); said by someone (X
 * declared that Y must ...) it is pushed as X's demand of Y (CAMEO 10). */
static int verb_obligation(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const verb_hit *vh = a->vh;
    int must = 0;
    const char *code = "100";
    for (int q = vh->start - 1, steps = 0; q >= 0 && steps < 3; q--, steps++) {
        if (x->cls[q] & (WC_ADV | WC_BE)) continue;
        if (x->cls[q] & WC_MUST) must = 1, code = obligation_code(p->d, x, q);
        else if ((x->cls[q] & WC_TO) && q > 0 && (tok_is(x, q - 1, "has") || tok_is(x, q - 1, "have") ||
                                                  tok_is(x, q - 1, "needs") || tok_is(x, q - 1, "need")))
            must = 1;
        break;
    }
    if (!must) return 0;
    int obliged = find_subject(x, p->cl.subj_lo[a->vt], vh->start);
    int tv;
    int teller = obligation_teller(x, p->cl.subj_lo, p->speaker, a->k - 1, INT_MAX, &tv);
    if (teller >= 0 && obliged >= 0 && strcmp(x->m[teller].code, x->m[obliged].code) &&
        push_demand(x, &p->ev, a->k, teller, obliged, code))
        p->any_main = 1;
    return 1;
}

/* Whether token vt is in an "if" clause that an appositive interrupts ("if the
 * Turkish president, Recep Tayyip Erdogan, follows through on his promise to
 * invade"): the condition's region (x->cond) ends at the first comma; the comma
 * after an actor between commas does not end the condition (manual §7.3; the
 * built-in dictionaries' rule, the field's programs end it there). */
static int cond_after_aside(const sent_ctx *x, int vt)
{
    int q = vt - 1;
    while (q > 0 && !is_punct(x, q)) q--;
    if (q < 2 || !is_ch(x, q, ',') || x->ment_at[q - 1] < 0) return 0;
    int o = x->m[x->ment_at[q - 1]].start - 1;
    while (o > 0 && (x->cls[o] & WC_DET)) o--;
    return o >= 1 && is_ch(x, o, ',') && x->cond[o - 1];
}

/* "was prevented from leading a protest", "refrained from attacking": the act
 * after "from" and a verb of stopping did not happen (manual §6.1). */
static int prevented_act(const sent_ctx *x, int start)
{
    if (start < 2 || !tok_is(x, start - 1, "from")) return 0;
    static const char *const stop[] = { "prevent", "bar", "ban", "stop", "block", "refrain", "deter", "dissuade",
                                        "keep", "prohibit", "restrain" };
    const char *l = x->s->tok[start - 2].lemma;
    for (size_t k = 0; k < sizeof stop / sizeof *stop; k++)
        if (!strcmp(l, stop[k])) return 1;
    return 0;
}

/* Whether verb a's act is asserted as done or to be done: not inside "if", after a
 * denial, negated (PETRARCH with an ontology codes the opposite), a noun's
 * purpose, something not done ("failed to"), or a conditional's hypothetical
 * consequence. Sets a->negated and a->refused. */
static int verb_happens(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int vt = a->vt;
    const verb_hit *vh = a->vh;
    const int *subj_lo = p->cl.subj_lo;
    if (x->cond[vt] || (d->dialect == DICT_CAMEO && cond_after_aside(x, vt))) return 0;   /* inside "if ..." */
    if (p->cl.neg[vt]) return 0;                       /* after a denial */
    a->negated = a->refused = 0;
    for (int q = vh->start - 1, steps = 0; q >= subj_lo[vt] && steps < 5; q--, steps++) {
        if (x->ment_at[q] >= 0 || is_punct(x, q)) break;
        if ((x->cls[q] & WC_NEG) && q < a->ms.leftmost) { a->negated = 1; break; }
        /* "won't try to clash": the negation is the governing verb's (PETRARCH) */
        if (d->pico.n && d->dialect != DICT_CAMEO && (x->cls[q] & WC_TO)) break;
    }
    /* "is refusing to lift the curfew", "declined to meet": with PETRARCH's coding
     * ontology a refusal is the negated act, as "did not lift" is */
    if (!a->negated && d->pico.n && d->dialect != DICT_CAMEO && vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) &&
        (!strcmp(x->s->tok[vh->start - 2].lemma, "refuse") || !strcmp(x->s->tok[vh->start - 2].lemma, "decline")))
        a->negated = a->refused = 1;
    if (a->negated && d->dialect == DICT_TABARI) a->negated = 0;   /* TABARI knows negation only through patterns */
    if (a->negated) {
        /* PETRARCH with its coding ontology codes the opposite act ("did not
         * clash" = cooperate); without one, nothing */
        char opposite[8];
        if (!d->pico.n || d->dialect == DICT_CAMEO || !a->code.code[0] || a->code.pair[0] ||
            dict_negate_code(d, a->code.code, opposite) < 0)
            return 0;
        copy_str(a->code.code, sizeof a->code.code, opposite);
    }
    /* "the global coalition to defeat Isis", "a decision to withdraw": an
     * infinitive a plain noun governs names a purpose, not an act (CAMEO
     * conventions; "plans to", "is to" and the like are intents, verb_announced) */
    if (d->dialect == DICT_CAMEO && vh->start >= 3 && (x->cls[vh->start - 1] & WC_TO) && !a->pattern_pre_words) {
        int g = vh->start - 2;
        const token *gt = &x->s->tok[g];
        int plain = !x->in_verb[g] && x->ment_at[g] < 0 && !(gt->flags & (TOK_CAP | TOK_PUNCT | TOK_NUM)) &&
                    !(x->cls[g] & (WC_STOP | WC_PREP | WC_BE | WC_AUX | WC_MODAL | WC_ADV | WC_NEG)) &&
                    infinitive_governor(x, g) == 0 && !x->verbish[g];
        int det = 0;
        for (int q = g - 1; q >= 0 && q >= g - 3 && plain && !det; q--) {
            if (x->cls[q] & WC_DET) det = 1;
            else if (x->in_verb[q] || is_punct(x, q) || (x->cls[q] & (WC_PREP | WC_BE))) break;
        }
        if (plain && det) return 0;
    }
    /* "without signs of an agreement", "without a second UN resolution sanctioning
     * military action": an act "without" governs did not happen (manual §6.1) */
    if (d->dialect == DICT_CAMEO)
        for (int q = vh->start - 1, steps = 0; q >= 0 && steps < 6; q--, steps++) {
            if (tok_is(x, q, "without")) return 0;
            if (is_punct(x, q) || (x->cls[q] & (WC_CONJ | WC_REL | WC_THAT)))
                break;
        }
    if (d->dialect == DICT_CAMEO && prevented_act(x, vh->start)) return 0;
    /* "unwilling to instruct", "failed to protect": the act did not happen */
    if (vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) && !a->pattern_pre_words && !a->refused &&
        infinitive_governor(x, vh->start - 2) < 0)
        return 0;
    /* hypothetical main clause of a conditional: "... would respond" (PETRARCH
     * codes it: its parse-tree coder has no conditionals); "warned that if ..., X
     * would ..." keeps the warning, drops the hypothetical */
    if (x->has_cond && d->dialect < DICT_PETR) {
        int modal = 0;
        for (int q = vh->start - 1, steps = 0; q >= 0 && steps < 4; q--, steps++) {
            if (x->cls[q] & WC_MODAL) { modal = 1; break; }
            if (x->ment_at[q] >= 0 || is_punct(x, q)) break;
        }
        if (modal && !(wc_get(&p->c->lc, x->s->tok[vt].lemma_hash) & WC_REPORT)) return 0;
    }
    return 1;
}

/* "warned that ... the United States may impose new sanctions", "warned that
 * relations may be severed": a threat is coded at the level of what it threatens
 * (manual §7.2, CAMEO 131-139). For verb a coded as a plain threat (130), the
 * first coded verb after it in the sentence, outside a condition ("if Russia
 * invades") and before the next reporting verb, gives the threat's code when it is
 * a hostile act with a parallel threat code; a cooperative act or a statement
 * ends the search. */
static void threat_content(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    for (int k = a->k + 1; k < x->nv; k++) {
        const verb_hit *vh = &x->v[k];
        if (vh->nounlike || x->cond[vh->tok]) continue;
        if (wc_get(&p->c->lc, x->s->tok[vh->tok].lemma_hash) & WC_REPORT) return;
        verb_code vc;
        if (!coder_verb_default_or_pattern(x, k, p->cl.lo[vh->tok], p->cl.hi[vh->tok], &vc) || vc.pair[0]) continue;
        char threat[8];
        int root = (vc.code[0] - '0') * 10 + (vc.code[1] - '0');
        if (root < 13 || root == 15 || !future_code(p->d, vc.code, threat)) return;
        if (!strncmp(threat, "13", 2) && strcmp(threat, "130"))
            copy_str(a->code.code, sizeof a->code.code, threat);
        return;
    }
}

/* Whether actor code c is a state or its executive arm: a country alone or with
 * GOV, MIL, COP or SPY ("TUR", "TURGOV", "TURMIL"), not its legislature, opposition
 * or people (manual §3.5: different sectors of one country are different actors). */
static int state_side(const char *c)
{
    if (strlen(c) < 3 || c[0] == '-') return 0;
    const char *r = c + 3;
    return !*r || !strncmp(r, "GOV", 3) || !strncmp(r, "MIL", 3) || !strncmp(r, "COP", 3) || !strncmp(r, "SPY", 3);
}

/* "warned that as many as 27 million jobs could be lost", "warned that the
 * Iraqi leader's policies could bring chaos": a warning whose that-clause tells no
 * act of the speaker's own is no threat (manual §7.2: a threat is the actor's own
 * conditional or future act) but a statement (§5.3, §2.4): a criticism (111) when
 * the clause's subject is, or belongs to, another named actor, else a pessimistic
 * comment (012). For verb a, a form of "warn"/"caution" (its code a threat or
 * null): returns 1 and sets its code when the clause says so; 0 when the warning
 * has no that-clause ("warned X to", "warned of", "warned X against") or an
 * addressee ("warned Syria that"), its subject is the speaker's side (a pronoun,
 * the speaker's family or state) or the clause names that side, it tells a future
 * ("will/would"), a response ("face consequences") or a hostile act in the passive
 * ("sanctions could be imposed"), so that the threat stands. */
static int warning_content(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const char *lm = x->s->tok[a->vt].lemma;
    if (strcmp(lm, "warn") && strcmp(lm, "caution")) return 0;
    int q = a->vh->end, hi = p->n;
    for (;; q++) {   /* adverbs, "this month", "on Wednesday", the addressee */
        if (q >= hi) return 0;
        if ((x->cls[q] & WC_ADV) || tok_is(x, q, "this") || tok_is(x, q, "month") || tok_is(x, q, "week") ||
            tok_is(x, q, "on") || tok_is(x, q, "yesterday") || tok_is(x, q, "today") || (x->cls[q] & WC_STOP && strlen(x->s->tok[q].lower) > 3 && !strcmp(x->s->tok[q].lower + strlen(x->s->tok[q].lower) - 3, "day")))
            continue;
        if (x->ment_at[q] >= 0 && !(q + 1 < hi && x->in_verb[q + 1]))
            return 0;   /* "warned Syria that ...": a warning to an addressee is a threat */
        break;
    }
    if (!(x->cls[q] & WC_THAT)) return 0;
    q++;
    while (q < hi && (x->cond[q] || is_ch(x, q, ','))) q++;   /* "that if Russia invades, ..." */
    int start = q;
    /* "warned that Iran would face consequences / pay a heavy price": the speaker's
     * own implied response, a threat (manual §7.2) */
    static const char *const response[] = { "face", "faces", "facing", "consequence", "consequences", "price",
                                            "retaliation", "reprisal", "reprisals", "response", "punish",
                                            "punished", "punishment" };
    for (int r = q; r < hi; r++)
        for (size_t k = 0; k < sizeof response / sizeof response[0]; k++)
            if (tok_is(x, r, response[k])) return 0;
    int speaker = find_subject(x, p->cl.subj_lo[a->vt], a->vh->start);
    if (speaker < 0) speaker = p->run.prev_src;   /* "... and warned that": the previous clause's source */
    /* "warned that the regime risked a confrontation with the Turkish army": the
     * speaker's own side named in the clause is party to what it warns of */
    for (int r = start; speaker >= 0 && r < hi; r++)
        if (x->ment_at[r] >= 0 && state_side(x->m[x->ment_at[r]].code) && state_side(x->m[speaker].code) &&
            !strncmp(x->m[x->ment_at[r]].code, x->m[speaker].code, 3))
            return 0;
    int other = 0;
    for (; q < hi && !x->in_verb[q] && !is_punct(x, q); q++) {
        if (x->cls[q] & WC_PRON_SUBJ) return 0;   /* "warned that it would retaliate" */
        if (x->ment_at[q] < 0) continue;
        const mention *m = &x->m[x->m[x->ment_at[q]].group];
        if (m->pp || m->code[0] == '-') continue;   /* a place, an agent of no country */
        /* the speaker's own side: "warned that Turkish troops intended to advance" */
        if (speaker >= 0 && (coder_same_family(m->code, x->m[speaker].code) ||
                             (state_side(m->code) && state_side(x->m[speaker].code) && !strncmp(m->code, x->m[speaker].code, 3))))
            return 0;
        other = 1;
        break;
    }
    /* "warned that sanctions would be imposed": no actor named, a hostile act told
     * in the passive is the speaker's own (threat_content gives its level) */
    for (int k = a->k + 1; !other && k < x->nv; k++) {
        const verb_hit *vh = &x->v[k];
        verb_code vc;
        if (vh->start < start || vh->nounlike || x->cond[vh->tok]) continue;
        if (!coder_verb_default_or_pattern(x, k, p->cl.lo[vh->tok], p->cl.hi[vh->tok], &vc)) continue;
        int root = (vc.code[0] - '0') * 10 + (vc.code[1] - '0');
        if (root >= 13 && root != 15 && coder_is_passive(x, vh)) return 0;
        break;
    }
    /* "warned that Iran would be punished": "will/would" may tell the speaker's own
     * future act even under another subject; only a prediction ("could", "may") or a
     * statement of fact is surely no threat (§7.3) */
    for (int r = start; r < hi && !is_punct(x, r); r++)
        if (tok_is(x, r, "will") || tok_is(x, r, "would") || tok_is(x, r, "'ll")) return 0;
    copy_str(a->code.code, sizeof a->code.code, other ? "111" : "012");
    a->code.pair[0] = 0;
    return 1;
}

/* The verb of verb a's infinitive complement ("agreed to cancel", "vowed Monday to
 * strangle", "offered Kuwait to escort"): its index in x->v, or -1. */
static int infinitive_complement(const sent_ctx *x, const verb_act *a)
{
    int q = a->vh->end;
    for (;; q++) {
        if (q >= x->n) return -1;
        if (x->cls[q] & WC_ADV) continue;
        const char *w = x->s->tok[q].lower;
        size_t l = strlen(w);
        if ((x->cls[q] & WC_STOP) && l > 3 && !strcmp(w + l - 3, "day")) continue;   /* "on Monday", "today" */
        if (tok_is(x, q, "on") && q + 1 < x->n && (x->cls[q + 1] & WC_STOP)) continue;
        break;
    }
    if (x->ment_at[q] >= 0) q = coder_group_last_end(x, x->m[x->ment_at[q]].group);
    if (q + 1 >= x->n || !(x->cls[q] & WC_TO)) return -1;
    for (int k = a->k + 1; k < x->nv; k++)
        if (x->v[k].start == q + 1) return x->v[k].nounlike ? -1 : k;
    return -1;
}

/* "agreed to cancel the debt", "vowed to strangle the force": a plain intent (030)
 * is coded at the level of the act it announces, CAMEO's parallel intent of a
 * cooperative act (04-08: 0331, 0353, ...) or, for a hostile act, the threat
 * (manual §7.1, §7.2: the actor's own future conflictual act is a threat). */
static void intent_content(sent_pass *p, verb_act *a)
{
    int k = infinitive_complement(p->x, a);
    if (k < 0) return;
    const verb_hit *vh = &p->x->v[k];
    verb_code vc;
    if (!coder_verb_default_or_pattern(p->x, k, p->cl.lo[vh->tok], p->cl.hi[vh->tok], &vc) || vc.pair[0]) return;
    int root = (vc.code[0] - '0') * 10 + (vc.code[1] - '0');
    char intent[8];
    if (!((root >= 4 && root <= 8) || root == 14 || root >= 16) || !future_code(p->d, vc.code, intent)) return;
    if (strcmp(intent, "030") && strcmp(intent, "130")) copy_str(a->code.code, sizeof a->code.code, intent);
}

/* Turns a future act into an intent or a threat: "X will help Y", "plans to
 * attack" (CAMEO conventions, CAMEO 03x/13x), and PETRARCH's reported own future
 * act ("Israel announced it would free prisoners"). Sets a->lcls, a->report_verb,
 * a->announced. */
static void verb_announced(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int vt = a->vt;
    const verb_hit *vh = a->vh;
    verb_code *code = &a->code;
    a->lcls = wc_get(&p->c->lc, x->s->tok[vt].lemma_hash);
    a->report_verb = (a->lcls & WC_REPORT) != 0;
    a->announced = 0;
    if (d->dialect == DICT_CAMEO && !strcmp(code->code, "130") && !code->pair[0]) threat_content(p, a);
    if (d->dialect == DICT_CAMEO && !strcmp(code->code, "030") && !code->pair[0]) intent_content(p, a);
    if (!a->report_verb && code->code[0] && d->dialect == DICT_CAMEO) {
        int future = 0;
        for (int q = vh->start - 1, steps = 0; q >= 0 && steps < 3; q--, steps++) {
            if (x->cls[q] & (WC_ADV | WC_NEG)) continue;
            if ((x->cls[q] & WC_MODAL) && (tok_is(x, q, "will") || tok_is(x, q, "would") || tok_is(x, q, "'ll") ||
                                           tok_is(x, q, "shall")))
                future = 1;
            break;
        }
        /* "plans to attack", "is to visit", "is expected to impose" */
        if (vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) && infinitive_governor(x, vh->start - 2) > 0) future = 1;
        /* "when Bush visits Canada next week": a present-tense act dated ahead */
        if (!future && !strncmp(code->code, "04", 2) && !verb_past_form(x, vt) &&
            future_time_in(x, p->cl.lo[vt], p->cl.hi[vt]))
            future = 1;
        char intent[8];
        if (future && future_code(d, code->code, intent)) {
            copy_str(code->code, sizeof code->code, intent);
            code->pair[0] = 0;
        }
        a->announced = future && (!strncmp(code->code, "03", 2) || !strncmp(code->code, "13", 2));
    }
    /* "Israel announced it would free prisoners", "said they would boycott": with
     * PETRARCH's dictionaries too, an actor's own future act that it reports is a
     * statement of intent or a threat (the field's gold: 0352); only in that
     * reported form, not a bare "X will attack" */
    if (!a->report_verb && !a->negated && code->code[0] && !code->pair[0] && d->dialect >= DICT_PETR && reported_own_future(x, vh)) {
        char intent[8];
        if (future_code(d, code->code, intent)) copy_str(code->code, sizeof code->code, intent);
    }
}

/* Whether verb a's clause already has its event: one event per clause region (a
 * later verb in the same subject region is the complement of the first, "urged X
 * to ease"); TABARI codes the first event of each conjunction-delimited clause
 * (CODE BY CLAUSE, manual 7.6.1), a subordinate one only when no other is. Sets
 * a->trip_noun. */
static int verb_clause_coded(sent_pass *p, verb_act *a)
{
    const tocsin_dict *d = p->d;
    int vt = a->vt;
    /* (with the CAMEO conventions a trip named by a noun after its own cue word,
     * "met Blair ... on his first official visit to London", is a second act) */
    a->trip_noun = d->dialect == DICT_CAMEO && a->vh->nounlike && a->pattern_pre_words && !strcmp(a->code.code, "042");
    if (d->dialect != DICT_TABARI && p->run.coded_clause_lo == p->cl.lo[vt] && p->run.coded_subj_lo == p->cl.subj_lo[vt] &&
        p->ev.n > 0 && !a->report_verb && !(a->code.flags & VC_DOMINANT) && !a->trip_noun)
        return 1;
    if (d->dialect == DICT_TABARI && p->run.tabari_coded_clause == p->cl.lo[vt] && !(a->code.flags & VC_DOMINANT)) return 1;
    return 0;
}

/* Whether the mention starting at token st is the object of a preposition that
 * names a topic ("on Ukraine", "about the war in Syria", "over Iran's programme"). */
static int topic_object(const sent_ctx *x, int st)
{
    int q = st - 1;
    while (q >= 0 && (x->cls[q] & WC_DET)) q--;
    return q >= 0 && (tok_is(x, q, "on") || tok_is(x, q, "about") || tok_is(x, q, "over") || tok_is(x, q, "regarding"));
}

/* The candidates after verb a for its target. */
typedef struct target_cands {
    int after;            /* first mention after the verb in scope that qualifies */
    int family;           /* first one of the subject's own family (or a countryless agent) */
    int place;            /* first bare place */
    int allied;           /* a companion of the subject was passed ("together with NATO allies") */
    int partners;         /* a compound subject doing a mutual act */
} target_cands;

/* Scans verb a's scope for its target candidates: the first mention after the
 * verb, preferring one outside the subject's own family ("Brinken reiterated US
 * support for Ukraine") or a countryless agent, and a participant to the place
 * where it happened ("arrested the envoy of Iraq in The Hague"). */
static target_cands target_candidates(sent_pass *p, const verb_act *a, int subj)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n;
    const verb_hit *vh = a->vh;
    const char *code = a->code.code, *block_code = a->b->code.code;
    target_cands tc = { -1, -1, -1, 0, 0 };
    /* "Russia and Ukraine held talks in Minsk", "are due to meet in Tehran to
     * discuss Idlib": partners meet each other, not the venue or the topic */
    tc.partners = subj >= 0 && coder_group_size(x, subj) > 1 && d->dialect == DICT_CAMEO && mutual_code(code);
    for (int i = vh->end; i < a->ms.hi; i++) {
        if (tc.partners && (x->cls[i] & WC_TO) && i + 1 < n && x->in_verb[i + 1]) break;
        int mi = x->ment_at[i];
        if (mi < 0) continue;
        mi = x->m[mi].group;
        i = coder_group_last_end(x, mi) - 1;
        /* "Russia and the United States held talks on Ukraine": what partners talk
         * about is their topic, not a party (manual §3.4: "A and B held talks" is A>B
         * and B>A) */
        if (tc.partners && x->m[mi].pp && topic_object(x, x->m[mi].start)) continue;
        /* "increase our presence together with NATO allies": a partner of the subject */
        if (x->m[mi].companion && d->dialect == DICT_CAMEO) {
            tc.allied = 1;
            continue;
        }
        /* "arrived in Seoul from China": where a trip starts is not its target */
        if (d->dialect == DICT_CAMEO && (!strcmp(code, "042") || !strcmp(block_code, "042")) && x->m[mi].start > 0 &&
            tok_is(x, x->m[mi].start - 1, "from"))
            continue;
        /* "warned that Australia's strong dollar would ...": the clause is about the thing */
        if (x->m[mi].possessor && x->m[mi].start > 0 && (x->cls[x->m[mi].start - 1] & WC_THAT)) continue;
        /* CAMEO conventions: a country's government is a target for its own
         * people, parties or rebels ("rightist Israelis accused Prime Minister
         * Ariel Sharon"): domestic politics, not the subject's own means */
        int domestic = d->dialect == DICT_CAMEO && subj >= 0 && !strncmp(x->m[mi].code + 3, "GOV", 3) &&
                       !strstr(x->m[subj].code + 3, "GOV") && strncmp(x->m[subj].code, "---", 3) && !x->m[mi].lone;
        if ((!a->passive && !domestic && subj >= 0 && coder_group_size(x, mi) == 1 && coder_same_family(x->m[mi].code, x->m[subj].code)) ||
            (x->m[mi].lone && d->dialect != DICT_TABARI && (!x->m[mi].pp || attributive(x, &x->m[mi])))) {
            /* "Russia assembled troops along the border with Ukraine", "on his
             * first official visit" (TABARI: a lone agent is an actor like any) */
            if (tc.family < 0) tc.family = mi;
            continue;
        }
        if (x->m[mi].place && coder_group_size(x, mi) == 1 && d->dialect != DICT_TABARI) {
            if (tc.place < 0) tc.place = mi;
            /* "arrived in Seoul ... to jump-start talks on North Korea": a
             * trip's target is where it went */
            if (d->dialect == DICT_CAMEO && (!strcmp(code, "042") || !strcmp(block_code, "042"))) break;
            continue;
        }
        tc.after = mi;
        break;
    }
    if (tc.after < 0 && !tc.partners) tc.after = tc.place;
    /* "Jordan and Britain agreed to hold joint military exercises": a compound
     * subject acts on its own members rather than on a countryless agent;
     * "Dutch police arrest three suspects ... in The Hague": coercion in one's
     * own country's place is not an act against that country (CAMEO conventions) */
    int own_place = tc.family >= 0 && d->dialect == DICT_CAMEO && x->m[tc.family].place && !strncmp(code, "17", 2);
    if (tc.after < 0 && !own_place && !(tc.family >= 0 && x->m[tc.family].lone && subj >= 0 && coder_group_size(x, subj) > 1))
        tc.after = tc.family;
    /* TABARI: the target's code differs from the source's (manual 5.8): "they
     * requested that Rohan assist them" is not THEY on THEM */
    if (d->dialect == DICT_TABARI && tc.after >= 0 && subj >= 0 && !a->passive && !strcmp(x->m[tc.after].code, x->m[subj].code))
        tc.after = -1;
    return tc;
}

/* The subject of a participial clause after a comma ("Kohl wrote to Delors,
 * complaining that ...", "Israeli troops raided the camp, killing three"): the
 * participle has no subject of its own; it is the main clause's (manual §3.1a).
 * The subject of the nearest earlier verb before the comma that has an actor for one,
 * or -1 when verb a is no such participle. */
static int participle_subject(sent_pass *p, const verb_act *a)
{
    sent_ctx *x = p->x;
    int vs = a->vh->start, q = vs - 1;
    size_t l = x->tl[a->vt];
    if (a->vt != vs || l < 5 || strcmp(x->s->tok[a->vt].lower + l - 3, "ing")) return -1;
    while (q >= 0 && (x->cls[q] & WC_ADV)) q--;
    if (q < 1 || !is_ch(x, q, ',') || x->aside[q]) return -1;
    for (int k = a->k - 1; k >= 0; k--) {
        const verb_hit *w = &x->v[k];
        if (w->nounlike || w->reduced || w->start >= q || x->quoted[w->tok] != x->quoted[a->vt] || x->aside[w->tok]) continue;
        return find_subject(x, p->cl.subj_lo[w->tok], w->start);
    }
    return -1;
}

/* The subject of verb a for its roles: the nearest subject before it, the subject
 * of a pattern's words reaching back past its region, TABARI's source carried over
 * a conjunction. */
static int verb_subject(sent_pass *p, const verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int vt = a->vt;
    const int *subj_lo = p->cl.subj_lo, *clause_lo = p->cl.lo;
    int subj = find_subject(x, subj_lo[vt], a->vh->start);
    /* a pattern whose words reach back past the subject's region ("NOTED + *":
     * "X noted that Y regretted"): the source is the subject of those words */
    if (d->dialect != DICT_CAMEO && a->ms.leftmost < subj_lo[vt] && a->ms.src < 0 && subj_lo[vt] > 0 &&
        (x->cls[subj_lo[vt] - 1] & WC_THAT)) {
        int s2 = find_subject(x, subj_lo[a->ms.leftmost], a->ms.leftmost);
        if (s2 >= 0) subj = s2;
    }
    /* TABARI (manual 7.6): after a conjunction the source stays the same
     * unless an actor comes right after the conjunction. The validation
     * records carry it only from a verb of an earlier clause ("Gondor
     * launched a new bombing and shelling offensive against besieged
     * Osgiliath ... raids": GON), not from a clause without one
     * ("Ithilen's sheep and pigs of Gondor warned": GON). */
    if (d->dialect == DICT_TABARI && clause_lo[vt] > 0 && x->ment_at[clause_lo[vt]] < 0 && p->run.tabari_verb_src >= 0 &&
        clause_lo[x->v[p->run.tabari_verb_src_k].tok] < clause_lo[vt])
        subj = p->run.tabari_verb_src;
    /* a participle after a comma: the main clause's subject (manual §3.1a) */
    if (d->dialect == DICT_CAMEO) {
        int ps = participle_subject(p, a);
        if (ps >= 0) subj = ps;
    }
    return subj;
}

/* Roles of a passive verb a: the agent after "by" acts on the subject. */
static void passive_roles(sent_pass *p, verb_act *a, int subj, int after)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    const verb_hit *vh = a->vh;
    int by = -1;
    /* the agent: an actor right after "by" (a later "by" may name it: "was blown
     * up by a missile fired by rebels") */
    for (int i = vh->end; i < a->ms.hi && by < 0; i++)
        if (x->cls[i] & WC_BY) by = coder_next_mention_at_or_after(x, i + 1, i + 4 < a->ms.hi ? i + 4 : a->ms.hi);
    if (by >= 0) {
        a->src = x->m[by].group;
        a->tgt = subj;
        /* "a surveillance video shot by militants": a passive without "be"
         * acts on the noun right before it; when that is no actor, on nobody */
        if (d->dialect == DICT_CAMEO && vh->start > 0 && x->ment_at[vh->start - 1] < 0) {
            int be = 0;
            for (int q = vh->start - 1, st = 0; q >= 0 && st < 4 && !be; q--, st++) {
                size_t pl = strlen(x->s->tok[q].lower);
                if (x->cls[q] & (WC_BE | WC_AUX)) be = 1;
                else if (!(x->cls[q] & (WC_ADV | WC_NEG)) && !(pl > 3 && !strcmp(x->s->tok[q].lower + pl - 2, "ly")))
                    break;
            }
            if (!be) a->tgt = -1;
        }
    }
    else if (a->passive_active && subj >= 0 && !x->m[subj].lone && after >= 0) { a->src = subj; a->tgt = after; }
    else {
        /* "workers were kidnapped in Iraq": the place is not the agent
         * (CAMEO; PETRARCH codes "killed in Ukraine" as UKR's act); nor is
         * the object of a later verb ("were accused of plotting to
         * overthrow President Obasanjo") */
        a->src = after >= 0 && !(x->m[after].place && d->dialect == DICT_CAMEO) &&
                 !(d->dialect == DICT_CAMEO && coder_verb_between(x, vh->end, x->m[after].start)) ? after : -1;
        a->tgt = subj;
    }
    if (a->src >= 0 && a->tgt < 0) {
        /* passive with a pronoun subject */
        int pr = first_pronoun(x, p->cl.subj_lo[a->vt], vh->start);
        if (pr >= 0 && p->run.prev_src >= 0) a->tgt = p->run.prev_src;
    }
}

/* Roles of an active verb a: the subject (a trip noun's traveller) acts on the
 * first candidate after the verb. */
static void active_roles(sent_pass *p, verb_act *a, int subj, int after)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n, vt = a->vt;
    const verb_hit *vh = a->vh;
    /* "Musharraf has said during a visit to Britain", "X met Blair ... on his
     * visit to London": the traveller is the sentence's subject, not the
     * nearest actor before the noun */
    for (int k2 = 0; a->src < 0 && a->trip_noun && k2 < x->nm && x->m[k2].start < vh->start; k2++)
        if (!x->m[k2].lone && !x->m[k2].pp && !x->m[k2].appositive && !x->quoted[x->m[k2].start])
            a->src = x->m[k2].group;
    if (a->src < 0) a->src = subj;
    /* TABARI (manual 5.8): with the target found by a pattern, the source is
     * the first actor whose code differs from it ("+ WAS * DEAD": "An
     * Eriadorian was shot dead in Osgiliath" -> OSG>ERI) */
    if (d->dialect == DICT_TABARI && a->pattern_tgt && a->src >= 0 && a->src == subj && !strcmp(x->m[a->src].code, x->m[a->tgt].code)) {
        a->src = -1;
        for (int i = p->cl.lo[vt]; i < p->cl.hi[vt] && a->src < 0; i++) {
            int mi = x->ment_at[i];
            if (mi < 0 || (i >= vh->start && i < vh->end)) continue;
            mi = x->m[mi].group;
            i = coder_group_last_end(x, mi) - 1;
            if (strcmp(x->m[mi].code, x->m[a->tgt].code)) a->src = mi;
        }
    }
    /* "interrogated him outside a Baghdad hotel": the pronoun is the object */
    int pron_obj = vh->end < n && (x->cls[vh->end] & WC_PRON_OBJ) && !(x->cls[vh->end] & WC_PRON_1ST) &&
                   x->ment_at[vh->end] < 0 &&
                   !(x->cls[vh->end] & WC_DET && vh->end + 1 < n && !is_punct(x, vh->end + 1) &&
                     !(x->cls[vh->end + 1] & (WC_TO | WC_PREP)));
    if (a->tgt < 0 && !(pron_obj && d->dialect == DICT_CAMEO && p->run.prev_tgt >= 0)) {
        if (after >= 0 && after != a->src) a->tgt = after;
        else if (after >= 0 && a->src >= 0 && after == a->src) a->tgt = -1;
    }
}

/* A pronoun subject for verb a: an in-sentence antecedent, then the quote's
 * speaker, then the previous sentence's subject (a->pron_code); or the subject
 * carried over "and" ("X did A and did B"). */
static void pronoun_source(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    tocsin_coder *c = p->c;
    int vt = a->vt;
    const int *subj_lo = p->cl.subj_lo, *clause_lo = p->cl.lo;
    const verb_run *r = &p->run;
    int pr = first_pronoun(x, subj_lo[vt], a->vh->start);
    if (pr >= 0) {
        if (x->cls[pr] & WC_PRON_1ST) {
            /* "we"/"I": only the quoted speaker, never a guess */
            if (p->speaker >= 0) { a->src = p->speaker; a->src_pron = 1; }
            else if (x->forced_speaker && x->quoted[pr]) {
                a->pron_code = x->forced_speaker;
                a->pron_text = x->s->text + x->s->tok[pr].off;
                a->pron_len = x->s->tok[pr].len;
                a->src_pron = 2;
            }
        } else {
            /* the subject of the previous clause, else the sentence's first subject */
            int ante = r->prev_src;
            if (ante < 0) ante = first_subject(x, pr);
            if (ante >= 0) { a->src = ante; a->src_pron = 1; }
            else if (c->have_prev_subject) {
                a->pron_code = util_arena_strndup(&c->a, c->prev_subject, strlen(c->prev_subject));
                a->pron_text = x->s->text + x->s->tok[pr].off;
                a->pron_len = x->s->tok[pr].len;
                a->src_pron = 2;
            }
        }
    } else if (x->quoted[vt] && p->speaker >= 0) {
        a->src = p->speaker; a->src_pron = 1;
    } else if (r->prev_clause >= 0 && clause_lo[vt] > 0 && r->prev_src >= 0 &&
               subj_lo[vt] == clause_lo[vt] && clause_lo[vt] >= 2 && r->prev_subj_lo == subj_lo[clause_lo[vt] - 2]) {
        /* "X did A and did B": the subject carries over */
        a->src = r->prev_src;
    }
}

/* TABARI's default target (manual 5.8) for verb a: the first actor after the
 * verb, up to the next conjunction, whose code differs from the source's, else
 * the first such actor before the verb (not one a pattern's '^' skipped). */
static void tabari_target(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    int n = p->n;
    const verb_hit *vh = a->vh;
    for (int i = vh->end; i < n && a->tgt < 0; i++) {
        if ((x->cls[i] & WC_CONJ) && x->ment_at[i] < 0) break;
        int mi = x->ment_at[i];
        if (mi < 0) continue;
        mi = x->m[mi].group;
        i = coder_group_last_end(x, mi) - 1;
        if (mi != a->src && mi + 1 != a->ms.skip1 && strcmp(x->m[mi].code, x->m[a->src].code)) a->tgt = mi;
    }
    /* ("$ ^ FOR *") */
    for (int i = p->cl.lo[a->vt]; i < vh->start && a->tgt < 0; i++) {
        int mi = x->ment_at[i];
        if (mi < 0) continue;
        mi = x->m[mi].group;
        i = coder_group_last_end(x, mi) - 1;
        if (mi != a->src && mi + 1 != a->ms.skip1 && strcmp(x->m[mi].code, x->m[a->src].code)) a->tgt = mi;
    }
}

/* A target for verb a outside its scope: for communication verbs one in the
 * complement clause; an object pronoun's antecedent ("Gondor asked him to ..."). */
static void complement_target(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n, vt = a->vt;
    const verb_hit *vh = a->vh;
    const verb_run *r = &p->run;
    if (a->tgt < 0 && a->report_verb == 0) {
        /* communication verbs: the target may be in the complement clause */
        for (int i = a->ms.hi; i < n && i < vh->end + 25; i++) {
            if (x->ment_at[i] < 0) continue;
            int mi = x->m[x->ment_at[i]].group;
            if (a->src >= 0 && coder_same_family(x->m[mi].code, x->m[a->src].code)) continue;
            if (x->m[mi].possessor) continue;
            if (i >= p->cl.hi[vt]) break;
            if (a->lcls == 0 && !x->cond[i] && !(i > 0 && (x->cls[i - 1] & WC_THAT))) break;
            a->tgt = mi;
            break;
        }
    }
    if (a->tgt < 0 && (a->src >= 0 || a->src_pron == 2)) {
        /* an object pronoun: "Gondor asked him to ..." */
        int q = vh->end;
        if (q < n && (x->cls[q] & WC_PRON_OBJ) && !(x->cls[q] & WC_DET && q + 1 < n && !is_punct(x, q + 1) &&
                                                 !(x->cls[q + 1] & (WC_TO | WC_PREP)))) {
            int ante = r->prev_src >= 0 && r->prev_src != a->src ? r->prev_src : -1;
            /* the same actor acting again: on whom it acted before */
            if (d->dialect == DICT_CAMEO && a->src >= 0 && a->src == r->prev_src && r->prev_tgt >= 0 && r->prev_tgt != a->src)
                ante = r->prev_tgt;
            if (ante < 0) {
                int f0 = first_subject(x, vh->start);
                if (f0 >= 0 && f0 != a->src) ante = f0;
            }
            if (ante >= 0 && (a->src < 0 || strcmp(x->m[ante].code, x->m[a->src].code))) a->tgt = ante;
        }
    }
}

/* The last role rules for verb a: a pattern's target with no source before the
 * verb (TABARI), a compound subject acting on its own members, a lone actor acting
 * on the previous sentence's subject (a->carry_tgt). */
static void last_roles(sent_pass *p, verb_act *a, int allied)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    tocsin_coder *c = p->c;
    if (a->src < 0 && a->tgt >= 0 && a->src_pron != 2 && a->pattern_tgt) {
        /* TABARI: a pattern placed the target and no actor precedes the verb:
         * the source is the first other actor after it */
        for (int i = a->vh->end; i < a->ms.hi; i++) {
            int mi = x->ment_at[i];
            if (mi < 0) continue;
            mi = x->m[mi].group;
            if (mi != a->tgt && strcmp(x->m[mi].code, x->m[a->tgt].code)) { a->src = mi; break; }
        }
    }
    /* a compound subject without a target acts on its own members ("Russia and
     * Ukraine met"); under CAMEO conventions only when the act is mutual by
     * nature (meet, agree, cooperate, fight), not "A, B and C imposed a
     * boycott" or "state media and the airline said" */
    if (a->tgt < 0 && a->src >= 0 && coder_group_size(x, a->src) > 1 && !allied &&
        (d->dialect != DICT_CAMEO || mutual_code(a->code.code)))
        a->tgt = a->src;
    if (a->tgt < 0 && a->src >= 0 && !a->report_verb && c->prev_src_code[0] && x->nm == coder_group_size(x, a->src) &&
        !coder_same_family(c->prev_src_code, x->m[a->src].code) && strncmp(c->prev_src_code, x->m[a->src].code, 3)) {
        /* "Zelensky praised firm support": the only other party is the one the
         * previous sentence was about */
        a->carry_tgt = 1;
    }
}

/* The target of a material attack (roots 18-20) on a party no country codes ("US
 * troops fought insurgents in Baghdad", "killed militants in Gaza"): the country of the
 * place named in the verb's scope after it (manual §3.2: USAMIL>IRQ). Built-in
 * dictionaries only; a passive's target is its subject. */
static void attack_place_target(sent_pass *p, verb_act *a)
{
    const sent_ctx *x = p->x;
    const char *code = a->code.code;
    if (p->d->dialect != DICT_CAMEO || a->passive || a->tgt < 0 || !x->m[a->tgt].lone ||
        (!(code[0] == '1' && code[1] >= '8') && !(code[0] == '2' && code[1] == '0')))
        return;
    for (int i = coder_group_last_end(x, a->tgt); i < a->ms.hi; i++) {
        int mi = x->ment_at[i];
        if (mi < 0) continue;
        mi = x->m[mi].group;
        if (x->m[mi].place && strlen(x->m[mi].code) == 3 && coder_group_size(x, mi) == 1 &&
            (a->src < 0 || strncmp(x->m[mi].code, x->m[a->src].code, 3))) {
            a->tgt = mi;
            return;
        }
        i = coder_group_last_end(x, mi) - 1;
    }
}

/* Source and target of verb a (a->src, a->tgt, a->src_pron, a->pron_*,
 * a->carry_tgt), from its pattern's slots and the default rules. */
static void verb_roles(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    const match_state *ms = &a->ms;
    a->passive = coder_is_passive(x, a->vh);
    /* PETRARCH-2 looks for a passive verb's agent in a "by", "from" or "in" phrase
     * after it (TABARI only right after "by"); with none, the field's test suites
     * code the sentence in active order ("The Philippines was criticized over its
     * dispute with Eriador" -> PHL>ERI); UD-PETRARCH, reading the parse, keeps
     * the subject of a passive as its target (ERI>PHL) */
    a->passive_active = a->passive && d->dialect != DICT_CAMEO && d->dialect != DICT_TABARI && d->dialect != DICT_PETR_NP &&
                        !coder_passive_agent_pp(x, a->vh->end, ms->hi);
    a->carry_tgt = 0;
    a->src = ms->src;
    a->tgt = ms->tgt;
    a->pattern_tgt = ms->tgt >= 0;
    a->src_pron = 0;
    a->pron_code = a->pron_text = NULL;
    a->pron_len = 0;
    if (ms->cmp >= 0) { a->src = ms->cmp; a->tgt = ms->cmp; }
    if (a->src >= 0 && a->tgt >= 0) return;
    int subj = verb_subject(p, a);
    target_cands tc = target_candidates(p, a, subj);
    if (a->passive && a->src < 0 && a->tgt < 0) passive_roles(p, a, subj, tc.after);
    else active_roles(p, a, subj, tc.after);
    attack_place_target(p, a);
    if (a->src < 0 && !a->passive) pronoun_source(p, a);
    if (a->tgt < 0 && a->src >= 0 && d->dialect == DICT_TABARI && !a->passive) tabari_target(p, a);
    complement_target(p, a);
    last_roles(p, a, tc.allied);
}

/* Adjusts verb a's source for who announced it and for its verb chain: the
 * official who announces his own country's future act makes the threat or
 * promise ("Erdogan said that Turkey will launch an operation"); a combined chain's
 * governing subject acts, on its object if it had one. Records the verb's roles
 * in p->vinfo and for TABARI's carried source. */
static void verb_final_roles(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int k = a->k;
    const int *subj_lo = p->cl.subj_lo;
    if (a->announced && a->src >= 0 && d->dialect == DICT_CAMEO) {
        for (int q = k - 1; q >= 0; q--) {
            const verb_hit *w = &x->v[q];
            if (!(wc_get(&p->c->lc, x->s->tok[w->tok].lemma_hash) & WC_REPORT)) continue;
            int teller = find_subject(x, subj_lo[w->tok], w->start);
            if (teller >= 0 && teller != a->src && strlen(x->m[teller].code) > strlen(x->m[a->src].code) &&
                coder_same_family(x->m[teller].code, x->m[a->src].code))
                a->src = teller;
            break;
        }
    }
    if (p->ch.from[k] >= 0) {
        /* a combined chain: the governing verb's subject acts, on its object if it had one */
        const verb_hit *va = &x->v[p->ch.from[k]];
        int s0 = find_subject(x, subj_lo[va->tok], va->start);
        if (a->ms.src >= 0 && a->ms.tgt < 0 && a->ms.cmp < 0) {
            /* the lower verb's pattern named its source ("to celebrate Tabaski ^ $"):
             * that one acts, on the governing verb's subject */
            if (s0 >= 0 && s0 != a->ms.src) a->tgt = s0;
        } else {
            if (s0 >= 0) { a->src = s0; a->src_pron = 0; }
            if (p->ch.obj[k] >= 0) a->tgt = p->ch.obj[k];
        }
        if (a->src >= 0 && a->tgt >= 0 && a->src != a->tgt && !strcmp(x->m[a->src].code, x->m[a->tgt].code)) a->tgt = -1;
    }
    if (a->src >= 0 && d->dialect == DICT_TABARI) { p->run.tabari_verb_src = x->m[a->src].group; p->run.tabari_verb_src_k = k; }
    if (a->src >= 0) {
        verb_info *vi = &p->vinfo[k];
        vi->src = x->m[a->src].group;
        vi->tgt = a->tgt >= 0 ? x->m[a->tgt].group : -1;
        vi->coded = 1;
        copy_str(vi->code, sizeof vi->code, a->code.code);
    }
}

/* Whether verb a has both sides of an event, with PETRARCH-2's null actors (flat
 * syntax dictionaries): an empty source when the subject names no actor, the
 * target in a temporal clause among the verb's phrases, "---" for an act no actor
 * receives. Sets a->null_src and a->null_tgt. */
static int verb_null_roles(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    int n = p->n;
    const char *code = a->code.code;
    /* PETRARCH-2 (flat-syntax dictionaries) also codes an act whose subject names
     * no actor, with an empty source ("Gryffindor's head Minerva McGonagall left
     * for Minas Tirith" -> "" GON 032), when the sentence has no full event */
    a->null_src = a->src < 0 && a->src_pron != 2 && !a->src_pron && d->dialect == DICT_PETR && !a->report_verb && code[0] &&
                  strncmp(code, "01", 2) && !a->passive;
    a->null_tgt = 0;
    if (a->src < 0 && a->src_pron != 2 && !a->null_src) return 0;
    /* PETRARCH-2 (flat-syntax dictionaries) searches the verb's prepositional
     * phrases for a target, the clause of a temporal "after"/"before" among them:
     * "restore ties with Gxndor, almost five years after Calenardhon crowds
     * burned ..." -> ARN>CAL */
    if (a->tgt < 0 && !a->carry_tgt && a->src >= 0 && !a->src_pron && d->dialect == DICT_PETR && !a->report_verb && code[0]) {
        for (int i = a->ms.hi; i < n && i < a->ms.hi + 8 && !is_semicolon(x, i); i++) {
            if (i > a->ms.hi && (x->in_verb[i] || x->ment_at[i] >= 0)) break;
            if ((x->cls[i] & WC_TEMPSUB) && coder_tempsub_clause(x, i)) {
                int mi = x->m[x->ment_at[i + 1]].group;
                if (mi != x->m[a->src].group && strcmp(x->m[mi].code, x->m[a->src].code)) a->tgt = mi;
                break;
            }
        }
    }
    /* PETRARCH-2 codes an act no actor receives against the null actor "---"
     * ("Calenardhon crowds burned down its embassy" -> CAL --- 222) when the
     * sentence has no event with a named target; not a bare statement. Only
     * with the flat-syntax (validation) dictionaries: with Phoenix's the extra
     * "---" events cost precision on human-coded news (plover-gsr) */
    a->null_tgt = a->tgt < 0 && !a->carry_tgt && (a->src >= 0 || a->null_src) && !a->src_pron && d->dialect == DICT_PETR &&
                  !a->report_verb && code[0] && !a->code.pair[0] && strncmp(code, "01", 2) &&
                  (a->null_src || strncmp(x->m[a->src].code, "---", 3));
    return a->tgt >= 0 || a->carry_tgt || a->null_tgt;
}

/* Whether mention mi heads its noun phrase, so that it can be the actor who acts
 * (manual §3.1: the source is the subject of an active verb): not when a plain
 * word follows it, as in "U.S. stocks fell", "Canadian dlrs", "southwest Japan
 * killed" where the country only modifies the subject. A two-sided event's target
 * vouches for its roles; a one-sided event has only this. */
static int source_heads_phrase(const sent_ctx *x, int mi)
{
    int q = x->m[mi].end;
    if (q >= x->n || is_punct(x, q) || x->in_verb[q] || x->ment_at[q] >= 0 || x->verbish[q]) return 1;
    if (x->cls[q] & (WC_STOP | WC_PREP | WC_BE | WC_AUX | WC_MODAL | WC_ADV | WC_NEG | WC_THAT | WC_CONJ | WC_REL |
                     WC_DET | WC_TO | WC_LISTSEP | WC_SUBCL))
        return 1;
    return 0;
}

/* Whether verb a, whose sentence names no target for it, is a one-sided event
 * (manual §4.1: "an event whose target the sentence does not name is still an
 * event, with an empty target"; PLOVER §2.4.1). Its source must be an actor the
 * sentence names (§2.2, §1.2). COOPERATE (06), AID (07) and SANCTION (16 but 163)
 * require a recipient (manual §4.2; PLOVER §3.5.2, §3.6.1, §3.13.1). Sets a->one_sided. */
static int verb_one_sided(sent_pass *p, verb_act *a)
{
    const char *code = a->code.code;
    a->one_sided = 0;
    if (!p->c->one_sided || a->tgt >= 0 || a->carry_tgt || a->src < 0 || a->src_pron) return 0;
    if (!code[0] || code[0] == '-' || a->code.pair[0]) return 0;
    if (!strncmp(code, "06", 2) || !strncmp(code, "07", 2) || (!strncmp(code, "16", 2) && strncmp(code, "163", 3)))
        return 0;
    if (!source_heads_phrase(p->x, a->src)) return 0;
    /* a passive's source is its agent (manual §3.1: "was requested by the Russians");
     * "sanctions were imposed on Iran" names none. A reduced relative ("groups
     * supported by the US") describes an actor, it reports no act of its own */
    int st = p->x->m[a->src].start;
    if (a->passive && !(st > 0 && (p->x->cls[st - 1] & WC_BY))) return 0;
    if (a->vh->reduced) return 0;
    /* "instruct Turkey to pull back", "urged Iran to stop": an act another verb asks
     * for, wants or expects of its object is not reported as happening (manual §2.1;
     * the appeal or demand is the event, §7.5) */
    int after = p->x->m[a->src].end;
    if (after < p->n && (p->x->cls[after] & WC_TO)) return 0;
    /* "the United States was to blame": "be to blame" is passive in sense, its
     * subject is the one blamed (manual §3.1) */
    int vs = a->vh->start;
    if (vs >= 2 && (p->x->cls[vs - 1] & WC_TO) && (p->x->cls[vs - 2] & WC_BE) && !strcmp(p->x->s->tok[a->vt].lemma, "blame"))
        return 0;
    a->one_sided = 1;
    return 1;
}

/* The day of verb a's event: a date in its clause, else in the sentence, read in
 * the verb's tense; else the sentence's day. */
static int verb_day(sent_pass *p, const verb_act *a)
{
    sent_ctx *x = p->x;
    int vt = a->vt;
    const verb_hit *vh = a->vh;
    int tense = TENSE_PRESENT;
    for (int q = vh->start - 1, steps = 0; q >= 0 && steps < 4; q--, steps++)
        if (x->cls[q] & WC_FUTURE) { tense = TENSE_FUTURE; break; }
    if (wc_get(&p->c->lc, x->s->tok[vt].lemma_hash) & WC_FUTURE) tense = TENSE_FUTURE;
    if (tense == TENSE_PRESENT && x->s->tok[vt].lemma != x->s->tok[vt].lower &&
        strcmp(x->s->tok[vt].lemma, x->s->tok[vt].lower) && x->s->tok[vt].lower[strlen(x->s->tok[vt].lower) - 1] != 's')
        tense = TENSE_PAST;
    int found = 0;
    int day = coder_resolve_date(x->s, (size_t)p->cl.lo[vt], (size_t)p->cl.hi[vt], p->c->pub, tense, &found);
    if (!found) day = coder_resolve_date(x->s, 0, (size_t)p->n, p->c->pub, tense, &found);
    return day;
}

/* Pushes verb a's events: every member of the source's compound on every member
 * of the target's, with the paired code back when the code has one. */
static void push_verb_events(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    tocsin_coder *c = p->c;
    const verb_code *code = &a->code;
    int sg = a->src >= 0 ? x->m[a->src].group : -1, tg = a->tgt >= 0 ? x->m[a->tgt].group : -1;
    int day = verb_day(p, a);
    event_side S[16], T[16];
    int ns = 0, nt = 0;
    if (sg >= 0) {
        for (int q = 0; q < x->nm && ns < 16; q++) {
            if (x->m[q].group != sg) continue;
            event_side *e = &S[ns++];
            *e = side_of(x, q);
            if (a->src_pron) e->how = TOCSIN_MATCH_PRONOUN;
        }
    } else if (a->null_src) {
        S[ns++] = (event_side){ "", "", 0, TOCSIN_MATCH_NONE };
    } else {
        S[ns++] = (event_side){ a->pron_code, a->pron_text ? a->pron_text : "", a->pron_len, TOCSIN_MATCH_PRONOUN };
    }
    if (tg >= 0) {
        for (int q = 0; q < x->nm && nt < 16; q++) {
            if (x->m[q].group != tg) continue;
            T[nt++] = side_of(x, q);
        }
    } else if (a->null_tgt) {
        T[nt++] = (event_side){ a->null_src ? "" : "---", "", 0, TOCSIN_MATCH_NONE };
    } else if (a->one_sided) {
        T[nt++] = (event_side){ "", "", 0, TOCSIN_MATCH_NONE };
    } else {
        T[nt++] = (event_side){ util_arena_strndup(&c->a, c->prev_src_code, strlen(c->prev_src_code)), "", 0,
                                TOCSIN_MATCH_PRONOUN };
    }
    int subord = (code->flags & VC_SUBORD) || (a->report_verb && (!a->matched || !strncmp(code->code, "01", 2)));
    for (int s = 0; s < ns; s++) {
        for (int t = 0; t < nt; t++) {
            if (!S[s].code || ((!S[s].code[0] || (!T[t].code[0] && !a->one_sided) || !strcmp(S[s].code, T[t].code)) &&
                               !a->null_src))
                continue;
            /* TABARI "% * [044:045]": a compound acting on itself takes the first
             * code from each member to a later one, the paired code back */
            if (d->dialect == DICT_TABARI && code->pair[0] && sg >= 0 && sg == tg && t <= s) continue;
            /* within a compound, a member of the actor's own family is not its target
             * ("the call between Biden and Putin was requested by the Russians") */
            if ((ns > 1 || nt > 1) && coder_same_family(S[s].code, T[t].code) && strncmp(S[s].code, "---", 3)) continue;
            /* a statement about one's own side is not an interaction */
            if (a->report_verb && coder_same_family(S[s].code, T[t].code)) continue;
            for (int pair = 0; pair < 2; pair++) {
                if (pair == 1 && !code->pair[0]) break;
                if (pair == 0 && !code->code[0]) continue;
                pending_event *ev = ev_push(&p->ev);
                if (!ev) break;
                ev->verb = a->k;
                ev->day = day;
                ev->subord = subord;
                ev->dominant = (code->flags & VC_DOMINANT) != 0;
                copy_str(ev->code, sizeof ev->code, pair ? code->pair : code->code);
                ev->s = pair ? T[t] : S[s];
                ev->t = pair ? S[s] : T[t];
                ev->nulltgt = a->null_tgt || a->null_src;
                ev->onesided = a->one_sided;
            }
        }
    }
}

/* Records what coded verb a leaves to the next verbs (p->run, p->any_main). */
static void verb_carry(sent_pass *p, verb_act *a)
{
    sent_ctx *x = p->x;
    int vt = a->vt;
    verb_run *r = &p->run;
    if (!((a->code.flags & VC_SUBORD) || (a->report_verb && (!a->matched || !strncmp(a->code.code, "01", 2))))) {
        p->any_main = 1;
        r->tabari_coded_clause = p->cl.lo[vt];
    }
    if (a->src >= 0) { r->prev_src = a->src; r->prev_subj_lo = p->cl.subj_lo[vt]; r->prev_tgt = a->tgt >= 0 ? x->m[a->tgt].group : -1; }
    if (a->shares_object) p->ch.skip[a->k + 1] = 1;
    r->prev_clause = p->cl.lo[vt];
    r->coded_clause_lo = p->cl.lo[vt];
    r->coded_subj_lo = p->cl.subj_lo[vt];
}

/* Whether verb a is the act of "is likely to", "is expected to", "is believed to" ("is
 * less likely than Mr Kerry to release"): a forecast of another's act, speculation,
 * not an event (manual §2.6). Not a statement or a meeting ("is expected to hold
 * talks", "to discuss sanctions": an expected meeting is announced, 036, §7.1, §7.4). */
static int expected_act(const sent_ctx *x, const verb_act *a)
{
    int q = a->vh->start - 1;
    if (q < 1 || !(x->cls[q] & WC_TO) || !strncmp(a->code.code, "01", 2) || !strncmp(a->code.code, "04", 2) ||
        !strcmp(a->code.code, "036"))
        return 0;
    q--;
    /* "likely than Mr Kerry to": the comparison's actor */
    if (x->ment_at[q] >= 0) {
        q = x->m[x->ment_at[q]].start - 1;
        while (q > 0 && (tok_is(x, q, "mr") || tok_is(x, q, "mrs") || tok_is(x, q, "ms"))) q--;
        if (q < 1 || !tok_is(x, q, "than")) return 0;
        q--;
    }
    return tok_is(x, q, "likely") || tok_is(x, q, "unlikely") || tok_is(x, q, "expected") || tok_is(x, q, "believed");
}

/* Whether verb a is a statement still to be made ("Ukraine's new president is to
 * speak", "will address the nation"): an event must be reported as having happened
 * or as happening (manual §2.1); a future statement is no threat or intent (§7.1,
 * §7.2 cover acts, not words). Built-in dictionaries only. */
static int future_statement(sent_pass *p, const verb_act *a)
{
    const sent_ctx *x = p->x;
    if (p->d->dialect != DICT_CAMEO || strncmp(a->code.code, "01", 2) || !strcmp(a->code.code, "014")) return 0;
    int s = a->vh->start;
    for (int q = s - 1, steps = 0; q >= 0 && steps < 3; q--, steps++) {
        if (x->cls[q] & WC_ADV) continue;
        if (tok_is(x, q, "will") || tok_is(x, q, "shall") || tok_is(x, q, "'ll")) return 1;
        break;
    }
    return s >= 2 && (x->cls[s - 1] & WC_TO) && infinitive_governor(x, s - 2) > 0;
}

/* Whether verb a is speculation about an act (manual §7.3, §2.6; PLOVER §2.3
 * *hypothetical*): "may", "might", "could", "can" or "would" before it ("Russia may attack Ukraine,
 * analysts said") when the actor is not the one who says it will or could act
 * (the speaker's own conditional act is a threat or an intent, §7.1-§7.2, coded
 * elsewhere). Built-in dictionaries only; the field's keep their programs' rules. */
static int verb_speculative(sent_pass *p, const verb_act *a)
{
    sent_ctx *x = p->x;
    if (p->d->dialect != DICT_CAMEO) return 0;
    int modal = 0;
    /* the modal's reach: adverbs, auxiliaries, "be able to", "want to", and an earlier
     * verb of the same coordination ("can starve and bomb": §7.3 covers both) */
    for (int q = a->vh->start - 1, steps = 0; q >= 0 && steps < 6; q--, steps++) {
        if (x->ment_at[q] >= 0 || is_punct(x, q)) break;
        if (tok_is(x, q, "may") || tok_is(x, q, "might") || tok_is(x, q, "could") || tok_is(x, q, "can")) {
            modal = 1;
            break;
        }
        /* "can starve and bomb": the modal of an earlier verb of the coordination that
         * the dictionaries do not know */
        if (tok_is(x, q, "and") && q >= 2 && !x->in_verb[q - 1] && x->ment_at[q - 1] < 0 && !is_punct(x, q - 1) &&
            (tok_is(x, q - 2, "may") || tok_is(x, q - 2, "might") || tok_is(x, q - 2, "could") || tok_is(x, q - 2, "can"))) {
            modal = 1;
            break;
        }
        if (tok_is(x, q, "would")) {   /* hypothetical, or a reported future ("said X would") */
            modal = 2;
            break;
        }
        if (!(x->cls[q] & (WC_ADV | WC_BE | WC_AUX | WC_NEG | WC_TO)) && !tok_is(x, q, "have") && !tok_is(x, q, "also") &&
            !tok_is(x, q, "able") && !tok_is(x, q, "want") && !(tok_is(x, q, "and") && q > 0 && x->in_verb[q - 1]) &&
            !(x->in_verb[q] && q + 1 < x->n && tok_is(x, q + 1, "and")))
            break;
    }
    if (!modal) modal = expected_act(x, a);
    if (!modal) return 0;
    /* "Iran said it could retaliate": the speaker's own act */
    if (p->speaker >= 0 && a->src >= 0 && !strcmp(x->m[p->speaker].code, x->m[a->src].code)) return 0;
    if (a->src_pron && p->speaker >= 0) return 0;
    /* "Reagan said the U.S. military would protect ...": "would" after a reporting
     * verb is the reported future, an announced act (§5.1, §7.1) */
    if (modal == 2)
        for (int k = 0; k < a->k; k++)
            if (wc_get(&p->c->lc, x->s->tok[x->v[k].tok].lemma_hash) & WC_REPORT) return 0;
    return 1;
}

/* The year of the four digits that open word w ("1982", "2013-14", "1990s": with
 * `decade` set, the decade's last year), or 0. */
static int year_of_word(const char *w, size_t len, int decade)
{
    if (len < 4 || (len > 4 && w[4] != '-' && !(decade && len == 5 && w[4] == 's'))) return 0;
    int y = 0;
    for (int q = 0; q < 4; q++) {
        if (w[q] < '0' || w[q] > '9') return 0;
        y = y * 10 + (w[q] - '0');
    }
    if (len == 5 && w[4] == 's') y += 9;
    return y >= 1900 && y < 2100 ? y : 0;
}

/* Whether token i names a month ("November", "Nov."): capitalised, as coder_month_of reads it. */
static int month_token(const sent_ctx *x, int i)
{
    return (x->s->tok[i].flags & TOK_CAP) && coder_month_of(x->s->tok[i].lower);
}

/* The year a time expression ending at token i dates an act in, or 0: "in 1982",
 * "since 1973", "in 2013-14", "in November 2015", "in mid-2014", "in the 1990s" (its
 * last year), "fifteen years ago" / "40 years ago" (the document's year less N, at
 * "ago"). `now` is the document's year. */
static int year_at(const sent_ctx *x, int i, int now)
{
    const token *t = &x->s->tok[i];
    if (i >= 2 && !strcmp(t->lower, "ago") && (tok_is(x, i - 1, "years") || tok_is(x, i - 1, "decades"))) {
        static const char *const words[] = { "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "twenty", "thirty",
                                             "forty", "fifty", "several", "many" };
        static const int value[] = { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20, 30, 40, 50, 2, 2 };
        const char *w = x->s->tok[i - 2].lower;
        int n = (x->s->tok[i - 2].flags & TOK_NUM) ? atoi(w) : 0;
        for (size_t k = 0; k < sizeof words / sizeof *words && !n; k++)
            if (!strcmp(w, words[k])) n = value[k];
        if (tok_is(x, i - 1, "decades")) n *= 10;
        return n >= 2 ? now - n : 0;
    }
    if (i < 1) return 0;
    int lead = i - 1;   /* the word before the year, a month or a "the" skipped */
    if (lead >= 1 && (month_token(x, lead) || tok_is(x, lead, "the") || tok_is(x, lead, "early") ||
                      tok_is(x, lead, "late")))
        lead--;
    if (!(tok_is(x, lead, "in") || tok_is(x, lead, "since") || tok_is(x, lead, "during"))) return 0;
    const char *w = t->lower;
    size_t len = x->tl[i];
    if (len > 4 && !strncmp(w, "mid-", 4)) { w += 4; len -= 4; }
    else if (!(t->flags & TOK_NUM)) return 0;
    return year_of_word(w, len, tok_is(x, i - 1, "the"));
}

/* Whether verb hit h is a noun that modifies the next word, not a verb: a one-word
 * form right after another verb ("withdrew trade status", "to increase trade"), or
 * after a closing bracket, a capitalised word or an article with a plain word after
 * it ("Most Favoured Nation (MFN) trading status"); or a form the verb finder read
 * as a noun (nounlike_form). */
static int modifier_form(const sent_ctx *x, const verb_hit *h)
{
    int s = h->start;
    if (h->nounlike) return 1;
    if (h->end != s + 1 || s < 1) return 0;
    if (x->in_verb[s - 1] && !(x->cls[s - 1] & (WC_AUX | WC_BE | WC_MODAL))) return 1;
    int n1 = s + 1;
    int plain_next = n1 < x->n && x->ment_at[n1] < 0 && !x->in_verb[n1] && !is_punct(x, n1) &&
                     !(x->s->tok[n1].flags & (TOK_CAP | TOK_NUM)) &&
                     !(x->cls[n1] & (WC_STOP | WC_PREP | WC_DET | WC_TO | WC_ADV | WC_CONJ | WC_THAT | WC_REL));
    const token *pt = &x->s->tok[s - 1];
    return plain_next && (is_ch(x, s - 1, ')') || (x->cls[s - 1] & WC_DET) ||
                          ((pt->flags & TOK_CAP) && x->ment_at[s - 1] < 0 && !is_punct(x, s - 1)));
}

/* The verb hit that starts at token q and is a verb there (not a noun, modifier_form),
 * or -1. */
static int verb_hit_at(const sent_ctx *x, int q)
{
    if (!x->in_verb[q]) return -1;
    for (int k = 0; k < x->nv; k++)
        if (x->v[k].start <= q && q < x->v[k].end) return modifier_form(x, &x->v[k]) ? -1 : k;
    return -1;
}

/* The verb hit a time expression at token i of the clause [lo, hi) dates: the nearest
 * verb before it ("suspected of blowing up a plane in 1988" dates the blowing up),
 * nouns skipped (modifier_form), or, when none stands before it, the first after it
 * ("since 1973 the U.S. has given ..."); -1 when a relative or subordinate clause
 * opens between ("granted asylum to rebels who entered the country two years ago":
 * the year dates the relative clause's verb) or the clause has none. */
static int dated_verb(const sent_ctx *x, int i, int lo, int hi)
{
    for (int q = i - 1; q >= lo; q--) {
        int k = verb_hit_at(x, q);
        if (k >= 0) return k;
        if (x->cls[q] & (WC_REL | WC_SUBCL | WC_THAT)) return -1;
    }
    for (int q = i + 1; q < hi; q++) {
        int k = verb_hit_at(x, q);
        if (k >= 0) return k;
        if (x->cls[q] & (WC_REL | WC_SUBCL | WC_THAT)) return -1;
    }
    return -1;
}

/* Whether verb a is a long-past act told as background (manual §2.5: "in 1991, Iraq
 * invaded Kuwait" is not coded; PLOVER §2.3 *historical*): a time expression of its
 * clause that dates it (the verb the expression modifies, dated_verb: "Libya offered
 * to hand over two men suspected of blowing up a plane in 1988" is an offer of today),
 * or one that opens the sentence ("In 2009, ..."), names a year two or more before the
 * document's. Built-in dictionaries only. */
static int verb_background(sent_pass *p, const verb_act *a)
{
    sent_ctx *x = p->x;
    if (p->d->dialect != DICT_CAMEO) return 0;
    char pub[11];
    util_date_format(p->c->pub, pub);
    int now = atoi(pub);
    int lo = p->cl.lo[a->vt], hi = p->cl.hi[a->vt];
    /* a noun the coder still codes ("withdrew trade status") has its verb's date */
    int self = a->k;
    if (modifier_form(x, a->vh))
        for (int k = a->k - 1; k >= 0 && self == a->k && x->v[k].tok >= lo; k--)
            if (!modifier_form(x, &x->v[k])) self = k;
    for (int i = lo; i < hi; i++) {
        int y = year_at(x, i, now);
        if (y && y <= now - 2 && dated_verb(x, i, lo, hi) == self) return 1;
    }
    /* "In 2009, ...", "Fifteen years ago, ...": a time expression that opens the
     * sentence before a comma dates every act of it */
    for (int i = 1; i < 6 && i + 1 < p->n; i++) {
        int y = year_at(x, i, now);
        if (y && y <= now - 2 && is_ch(x, i + 1, ',')) return 1;
        if (y || is_punct(x, i)) break;
    }
    /* "the Hama massacre of 1982, when the military rounded up ...", "in the 1990s,
     * when ...": a "when" clause after a year is dated by it */
    for (int q = a->vh->start - 1, steps = 0; q >= 2 && steps < 16; q--, steps++) {
        if (tok_is(x, q, "when") && is_ch(x, q - 1, ',')) {
            const token *t = &x->s->tok[q - 2];
            int y = year_at(x, q - 2, now);
            if (!y && q >= 3 && tok_is(x, q - 3, "of")) y = year_of_word(t->lower, x->tl[q - 2], 0);
            return y && y <= now - 2;
        }
        if (is_punct(x, q) || (x->cls[q] & (WC_REL | WC_SUBCL | WC_THAT))) break;
    }
    return 0;
}

/* Where the speaker of a trailing attribution starts ("..., the ministry said",
 * "...,\" he told reporters"): the token after the comma or closing quotation mark
 * that ends the reported words before reporting verb vh, when only a short noun
 * phrase (no verb, no other punctuation) stands between; else -1. (The inverted
 * "..., said X" is left alone: on the news gold it lowered the CAMEO-root F1.) */
static int trailing_speaker_start(const sent_ctx *x, const verb_hit *vh)
{
    int q = vh->start - 1;
    for (int steps = 0; q > 0 && steps < 8; q--, steps++) {
        if (is_punct(x, q)) break;
        if (x->in_verb[q] || (x->cls[q] & (WC_THAT | WC_REL | WC_SUBCL | WC_CONJ))) return -1;
    }
    if (q <= 0 || q == vh->start - 1 || !is_punct(x, q)) return -1;
    if (!is_ch(x, q, ',') && !(x->s->tok[q].flags & TOK_QUOTE)) return -1;
    return q + 1;
}

/* Whether reporting verb a in a trailing attribution ("X did Y, he said") took its
 * source from the reported words instead of from its speaker: the speaker of a
 * statement is the subject of the saying (manual §5.5a, §5.6); a pronoun or an
 * uncoded speaker ("he said", "the interior ministry said") is unknown (§1.2,
 * §2.2), and an actor the reported words name is the source of their act, not of
 * the saying (§5.1). The same for any verb that ends such a sentence with no object
 * ("..., the regulator warned on Wednesday"). A pronoun carried from the previous sentence (running text,
 * a->src_pron == 2) is left alone. Built-in dictionaries only. */
static int verb_misplaced_speaker(sent_pass *p, const verb_act *a)
{
    sent_ctx *x = p->x;
    if (p->d->dialect != DICT_CAMEO || a->src < 0) return 0;
    int lo = trailing_speaker_start(x, a->vh);
    if (lo < 0 || x->m[a->src].start >= lo) return 0;
    if (a->report_verb) return 1;
    /* any verb that ends the sentence after the reported words ("..., the regulator
     * warned on Wednesday."): no object, only its time */
    for (int i = a->vh->end; i < p->n; i++)
        if (x->ment_at[i] >= 0 || x->in_verb[i] || (x->cls[i] & (WC_THAT | WC_TO))) return 0;
    return 1;
}

/* Codes verb k: is it an act, its code, its roles, its events. Returns 0 when
 * the verb's code discards the whole sentence, else 1. */
static int code_verb(sent_pass *p, int k)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    verb_act act, *a = &act;
    a->k = k;
    a->vh = &x->v[k];
    a->vt = a->vh->tok;
    a->f = &VEC_AT(d->forms, verb_form, a->vh->form);
    a->b = &VEC_AT(d->blocks, verb_block, a->f->block);
    if (!verb_is_act(p, a)) return 1;
    verb_scope(p, a);
    mark_negated_context(p, a);
    int r = verb_event_code(p, a);
    if (r == VERB_DISCARD) return 0;
    if (r == VERB_SKIP || verb_obligation(p, a) || !verb_happens(p, a)) return 1;
    verb_announced(p, a);
    if (verb_clause_coded(p, a)) return 1;
    verb_roles(p, a);
    verb_final_roles(p, a);
    if (verb_speculative(p, a) || future_statement(p, a) || verb_misplaced_speaker(p, a) || verb_background(p, a))
        return 1;
    a->one_sided = 0;
    if (!verb_null_roles(p, a) && !verb_one_sided(p, a)) return 1;
    push_verb_events(p, a);
    if (a->null_tgt || a->null_src) return 1;   /* no subject or target for later verbs to carry */
    verb_carry(p, a);
    return 1;
}

/* Pushes the teller's demand for each obligation whose verb no dictionary knows:
 * "reiterated that Libya must hand over the suspects" (coded verbs: verb_obligation). */
static void unknown_verb_obligations(sent_pass *p)
{
    sent_ctx *x = p->x;
    for (int i = 1; i + 1 < p->n; i++) {
        if (!(x->cls[i] & WC_MUST) || x->in_verb[i + 1] || x->ment_at[i - 1] < 0 || ev_full(&p->ev)) continue;
        int obliged = x->m[x->ment_at[i - 1]].group;
        int tv;
        int teller = obligation_teller(x, p->cl.subj_lo, p->speaker, x->nv - 1, x->m[obliged].start, &tv);
        if (teller < 0 || x->m[obliged].pp || x->m[obliged].possessor || !strcmp(x->m[teller].code, x->m[obliged].code))
            continue;
        push_demand(x, &p->ev, tv, teller, obliged, obligation_code(p->d, x, i));
        p->any_main = 1;
    }
}

/* Remembers the sentence's subject for pronouns in the next sentence (and, with
 * TABARI's rules, its FORWARD actor), and the party a later sentence's lone actor
 * may be acting on. */
static void remember_subject(sent_pass *p)
{
    sent_ctx *x = p->x;
    tocsin_coder *c = p->c;
    const pending_event *pe = p->ev.e;
    const char *subject = NULL;
    for (int i = 0; i < p->ev.n && !subject; i++) if (!pe[i].subord || !p->any_main) subject = pe[i].s.code;
    if (!subject) {
        int s0 = first_subject(x, p->n);
        if (s0 >= 0) subject = x->m[s0].code;
    }
    if (subject) {
        copy_str(c->prev_subject, sizeof c->prev_subject, subject);
        c->have_prev_subject = 1;
    }
    if (p->d->dialect == DICT_TABARI && coder_tabari_forward_actor(x, c->prev_subject, sizeof c->prev_subject))
        c->have_prev_subject = 1;
    copy_str(c->prev_src_code, sizeof c->prev_src_code, subject ? subject : "");
}

/* The penalty a conditional's consequence names after token from: 2 sanctions,
 * 3 force, 1 a response or price, 0 none (only after a modal). */
static int consequence_kind(const sent_ctx *x, int from)
{
    int modal = 0, kind = 0;
    for (int i = from; i < x->n; i++) {
        if (is_ch(x, i, ';')) break;
        if (x->cls[i] & WC_MODAL) modal = 1;
        const char *w = x->s->tok[i].lemma;
        if (!modal) continue;
        if (!strncmp(w, "sanction", 8) || !strcmp(w, "embargo") || !strcmp(w, "boycott")) kind = kind > 2 ? kind : 2;
        else if (!strcmp(w, "force") || !strcmp(w, "military") || !strcmp(w, "strike") || !strcmp(w, "war") ||
                 !strcmp(w, "retaliate") || !strcmp(w, "retaliation")) kind = kind > 3 ? kind : 3;
        else if (!strcmp(w, "respond") || !strcmp(w, "response") || !strncmp(w, "consequence", 11) ||
                 !strcmp(w, "price") || !strcmp(w, "punish") || !strcmp(w, "punishment") || !strcmp(w, "pay"))
            kind = kind ? kind : 1;
    }
    return kind;
}

/* Makes a conditional consequence a threat against whoever the condition names:
 * "(Biden told Zelensky that) if Russia invaded, the United States would respond
 * decisively" -> USA threatens RUS; "we made it clear to Putin that if he takes
 * action, ... severe sanctions" -> threaten with sanctions (13x). */
static void conditional_threat(sent_pass *p)
{
    sent_ctx *x = p->x;
    int n = p->n;
    pending_event *pe = p->ev.e;
    int ci = -1, cend = -1;
    for (int i = 0; i < n; i++) if (x->cls[i] & WC_COND) { ci = i; break; }
    if (ci < 0) return;
    cend = ci;
    while (cend < n && (x->cond[cend] || cend == ci)) cend++;
    /* the consequence: a modal and a penalty word after the condition */
    int code_kind = consequence_kind(x, cend);
    /* who is threatened: the condition's subject (a pronoun: the nearest actor before it) */
    int victim = -1;
    for (int i = ci + 1; i < cend && victim < 0; i++) {
        if (x->ment_at[i] >= 0) victim = x->m[x->ment_at[i]].group;
        else if (x->cls[i] & WC_PRON_SUBJ && !(x->cls[i] & WC_PRON_1ST)) {
            for (int q = ci - 1; q >= 0 && victim < 0; q--) if (x->ment_at[q] >= 0) victim = x->m[x->ment_at[q]].group;
            break;
        }
    }
    /* who threatens: the actor of the communication before the condition, else the
     * consequence's subject */
    event_side who = { NULL, NULL, 0, TOCSIN_MATCH_NONE };
    int who_verb = -1;
    for (int e = p->ev.n - 1; e >= 0; e--) {
        if (x->v[pe[e].verb].tok < ci && !pe[e].dead) { who = pe[e].s; who_verb = pe[e].verb; break; }
    }
    /* the consequence's own actor threatens when it names one other than the
     * threatened ("Biden told Zelensky that if Russia invaded, the United States would
     * respond": USA; manual §7.2, the actor's own conditional act) */
    int sj = -1;
    for (int i = cend; i < n && sj < 0; i++) {
        if (x->ment_at[i] >= 0) sj = x->m[x->ment_at[i]].group;
        else if (x->in_verb[i]) break;
    }
    if (sj >= 0 && (!who.code || (p->d->dialect == DICT_CAMEO && sj != victim))) who = side_of(x, sj);
    if (!code_kind || victim < 0 || !who.code || !strcmp(who.code, x->m[victim].code) ||
        coder_same_family(who.code, x->m[victim].code))
        return;
    int have = 0;
    const char *vc = x->m[victim].code;
    for (int e = 0; e < p->ev.n; e++) {
        if (pe[e].dead || strncmp(pe[e].t.code, vc, 3)) continue;
        /* already a threat against that country */
        if (!strncmp(pe[e].code, "13", 2)) have = 1;
        /* the statement that carried the threat becomes it */
        else if (pe[e].verb == who_verb && !strncmp(pe[e].code, "01", 2)) pe[e].dead = 1;
    }
    if (have) return;
    pending_event *ev = ev_push(&p->ev);   /* the driver checked there is room */
    if (!ev) return;
    ev->verb = who_verb >= 0 ? who_verb : 0;
    ev->day = p->ev.n > 1 ? pe[0].day : x->day;
    copy_str(ev->code, sizeof ev->code, code_kind == 2 ? "1312" : code_kind == 3 ? "138" : "130");
    ev->s = who;
    ev->t = side_of(x, victim);
    p->any_main = 1;
}

/* Binds transformation tr's roles to verbs k (top) and j (inner) and sets om[0],
 * om[1] to the output source and target mentions; 0 when they do not fit. */
static int bind_transform(const sent_pass *p, const transform *tr, int k, int j, int om[2])
{
    const sent_ctx *x = p->x;
    const verb_info *vinfo = p->vinfo;
    const char *role_code[26] = { 0 };
    int role_m[26];
    for (int q = 0; q < 26; q++) role_m[q] = -1;
    int ok = 1;
    struct { char r; int m; } binds[3] = { { tr->top, vinfo[k].src }, { tr->inner_src, vinfo[j].src },
                                          { tr->inner_tgt, vinfo[j].tgt } };
    for (int q = 0; q < 3 && ok; q++) {
        char r = binds[q].r;
        int m = binds[q].m;
        if (r == '.') continue;
        if (r == '_') { ok = m < 0; continue; }
        if (r < 'a' || r > 'z') { ok = 0; continue; }
        if (m < 0) { ok = 0; continue; }
        if (role_code[r - 'a']) ok = !strcmp(role_code[r - 'a'], x->m[m].code);
        else { role_code[r - 'a'] = x->m[m].code; role_m[r - 'a'] = m; }
    }
    if (!ok) return 0;
    char ro[2] = { tr->out_src, tr->out_tgt };
    for (int q = 0; q < 2 && ok; q++) {
        if (ro[q] < 'a' || ro[q] > 'z' || role_m[ro[q] - 'a'] < 0) ok = 0;
        else om[q] = role_m[ro[q] - 'a'];
    }
    return ok && strcmp(x->m[om[0]].code, x->m[om[1]].code);
}

/* Replaces the events of verbs k and j (and of j's clause's other verbs by the
 * same actor) with transformation tr's event from om[0] to om[1]. */
static void apply_transform(sent_pass *p, const transform *tr, int k, int j, const int om[2])
{
    sent_ctx *x = p->x;
    verb_info *vinfo = p->vinfo;
    pending_event *pe = p->ev.e;
    for (int e = 0; e < p->ev.n; e++) if (pe[e].verb == j || pe[e].verb == k) pe[e].dead = 1;
    pending_event *ev = ev_push(&p->ev);
    if (ev) {
        ev->verb = j;
        ev->day = x->day;
        for (int e = 0; e < p->ev.n - 1; e++) if (pe[e].verb == j) { ev->day = pe[e].day; break; }
        copy_str(ev->code, sizeof ev->code, !strcmp(tr->code, "Q") ? vinfo[j].code : tr->code);
        ev->s = side_of(x, om[0]);
        ev->t = side_of(x, om[1]);
        p->any_main = 1;
    }
    /* the reported clause's other verbs by the same actor go with it
     * ("claimed that ISIL had attacked Iraq and taken Mosul") */
    for (int j2 = j + 1; j2 < x->nv; j2++) {
        if (vinfo[j2].src != vinfo[j].src) continue;
        for (int e = 0; e < p->ev.n - 1; e++) if (pe[e].verb == j2) pe[e].dead = 1;
        vinfo[j2].coded = 0;
    }
    vinfo[j].coded = 0;
    vinfo[k].used = 1;
}

/* PETRARCH's transformations: "A said that A attacked B" -> A claims responsibility. */
static void apply_transforms(sent_pass *p)
{
    sent_ctx *x = p->x;
    const tocsin_dict *d = p->d;
    verb_info *vinfo = p->vinfo;
    for (size_t ti = 0; ti < d->transforms.n; ti++) {
        const transform *tr = &VEC_AT(d->transforms, transform, ti);
        if (tr->top_block == UINT32_MAX) continue;
        for (int k = 0; k < x->nv; k++) {
            const verb_form *fk = &VEC_AT(d->forms, verb_form, x->v[k].form);
            if (fk->block != tr->top_block || vinfo[k].used) continue;
            /* a reporting verb that codes nothing itself still has a subject */
            if (vinfo[k].src < 0) vinfo[k].src = find_subject(x, p->cl.subj_lo[x->v[k].tok], x->v[k].start);
            if (vinfo[k].src < 0) continue;
            for (int j = k + 1; j < x->nv; j++) {
                if (!vinfo[j].coded || vinfo[j].src < 0) continue;
                const verb_form *fj = &VEC_AT(d->forms, verb_form, x->v[j].form);
                if (tr->inner_word && fj->block != tr->inner_block) continue;
                if (p->cl.lo[x->v[j].tok] != p->cl.lo[x->v[k].tok] && !(x->cls[x->v[k].end] & WC_THAT)) continue;
                int om[2];
                if (!bind_transform(p, tr, k, j, om)) continue;
                apply_transform(p, tr, k, j, om);
                break;
            }
        }
    }
}

/* Whether actor code a is a business actor of a country or a group ("DEUBUS",
 * "USABUS"; manual §11.2), not an economic body of a government or of the IGOs
 * ("JPNGOVBUS", "IGOBUSIMF"). */
static int business_actor(const char *a)
{
    size_t n = a ? strlen(a) : 0;
    return n >= 6 && !strcmp(a + n - 3, "BUS") && strncmp(a, "IGO", 3) && !strstr(a, "GOV");
}

/* Whether pending event ev is output under the CAMEO conventions' filters (tocsin's
 * own dictionaries; the field's keep every event). */
static int cameo_keeps(const tocsin_dict *d, const pending_event *ev)
{
    if (d->dialect != DICT_CAMEO) return 1;
    /* whoever acts must be a known actor; an agent of unknown country
     * ("kidnappers", "city authorities", PETRARCH's "---GOV") says who acted only
     * in kind. A countryless target stays when a known actor acted on it
     * ("Egyptian police fired on demonstrators"); PETRARCH's and TABARI's
     * dictionaries keep both. */
    if (!strncmp(ev->s.code, "---", 3)) return 0;
    /* "he told the BBC", "said in an interview with CNN": the outlet carries the
     * statement, it is not its addressee (as for wire services) */
    if (!strncmp(ev->code, "01", 2) && ev->t.code && strlen(ev->t.code) >= 6 &&
        !strcmp(ev->t.code + strlen(ev->t.code) - 3, "MED"))
        return 0;
    /* "Al-Jazeera said the hostages were ...": a news outlet reporting is no
     * statement of its own, and media are no actors of any act ("a French
     * journalist warned", manual §3.6; state media, GOVMED, speak for their
     * government); as a target they are who an act hurt ("killed a journalist") */
    if (strlen(ev->s.code) >= 6 && !strcmp(ev->s.code + strlen(ev->s.code) - 3, "MED") &&
        !(strlen(ev->s.code) >= 9 && !strcmp(ev->s.code + strlen(ev->s.code) - 6, "GOVMED")))
        return 0;
    /* a verbal act (statements, appeals, intents, meetings, praise: roots 01-05)
     * addressed to a countryless agent ("told the Cabinet", "is intending to talk
     * to people") names no addressee; material acts on one stay ("Israel attacked
     * militants") */
    if (ev->t.code && !strncmp(ev->t.code, "---", 3) && ev->code[0] == '0' && ev->code[1] >= '1' && ev->code[1] <= '5')
        return 0;
    /* "a dealer for a German bank said", "the Sri Lanka Banks Association said": a
     * business actor's statement about markets or its own business is no event
     * (manual §2.4); its acts, and what it says to a political actor, stay */
    if (!strncmp(ev->code, "01", 2) && business_actor(ev->s.code) && (!ev->t.code || !ev->t.code[0] || business_actor(ev->t.code)))
        return 0;
    /* "Nigerian banks agreed plans to merge and create the biggest bank in West
     * Africa": a firm's act on another firm is commercial, not political (§2.4) */
    if (business_actor(ev->s.code) && ev->t.code && business_actor(ev->t.code)) return 0;
    return 1;
}

/* Points off a confidence for an actor matched as `how` (fuzzy: a garbled name
 * resolved by a guarded guess; pronoun: carried over from another sentence; title: an
 * office without a name, §11). */
static int match_penalty(tocsin_match how, int source)
{
    switch (how) {
    case TOCSIN_MATCH_FUZZY: return source ? 25 : 20;
    case TOCSIN_MATCH_PRONOUN: return source ? 20 : 15;
    case TOCSIN_MATCH_TITLE: return 10;
    default: return 0;
    }
}

/* Characters between the verb and an actor's words, or -1 when the words are not in
 * the sentence (a pronoun's antecedent). */
static long verb_gap(const sent_ctx *x, const tocsin_event *e, const tocsin_actor *a)
{
    const char *s = x->s->text, *end = s + x->s->len;
    if (!a->text || !a->text_len || a->text < s || a->text >= end || !e->verb_text) return -1;
    if (a->text < e->verb_text) return e->verb_text - (a->text + a->text_len);
    return a->text - (e->verb_text + e->verb_len);
}

/* Points off for what the filters let through but are unsure of (README,
 * "Confidence"): an event whose verb reads as a noun (modifier_form: "a supporter of
 * the trade embargo on Cuba", "the arrest of an Iranian official", "withdrew trade
 * status"; a plural: "oil exports to Turkey") — an act held by a noun is coded only
 * when the sentence presents it as a recent fact (manual §2.5), which a shallow
 * reading cannot tell. Built-in dictionaries only. */
static int doubt_points(const sent_pass *p, int k)
{
    const sent_ctx *x = p->x;
    if (p->d->dialect != DICT_CAMEO || k < 0 || k >= x->nv) return 0;
    const verb_hit *vh = &x->v[k];
    if (modifier_form(x, vh)) return 15;
    /* "oil exports to Turkey", "secondary sanctions on firms": an -s form after a
     * plain noun or adjective and before a preposition is a plural noun */
    const token *t = &x->s->tok[vh->tok];
    size_t tl = strlen(t->lower);
    int s_form = vh->end == vh->start + 1 && tl > 3 && t->lower[tl - 1] == 's' && t->lower[tl - 2] != 's' &&
                 strcmp(t->lemma, t->lower);
    int b = vh->start - 1, nx = vh->end;
    int prep = nx < x->n && (x->cls[nx] & WC_PREP) &&
               (!(x->cls[nx] & WC_TO) || (nx + 1 < x->n && (x->ment_at[nx + 1] >= 0 || (x->cls[nx + 1] & WC_DET))));
    if (s_form && b >= 0 && prep && x->ment_at[b] < 0 &&
        !is_punct(x, b) && !(x->s->tok[b].flags & (TOK_CAP | TOK_NUM)) &&
        !(x->cls[b] & (WC_STOP | WC_DET | WC_PREP | WC_PRON_SUBJ | WC_CONJ | WC_REL | WC_THAT | WC_ADV)))
        return 15;
    return 0;
}

/* The event's confidence, 0..100 (README, "Confidence"): 100 less points for how its
 * actors were matched, a one-sided event (no target to confirm the roles, manual
 * §4.4), a verb far from its actors, a hedged claim ("reportedly", "allegedly",
 * "according to": still coded, manual §2.6), an act reported by another speaker
 * (manual §5.1) and a verb of verb hit `verb` that reads as a noun (doubt_points). */
static int event_confidence(const sent_pass *p, const tocsin_event *e, int verb)
{
    const sent_ctx *x = p->x;
    int conf = 100;
    conf -= match_penalty(e->source.match, 1);
    if (!e->target.code[0]) conf -= 10;
    else conf -= match_penalty(e->target.match, 0);
    long gs = verb_gap(x, e, &e->source), gt = e->target.code[0] ? verb_gap(x, e, &e->target) : -1;
    long gap = gs > gt ? gs : gt;
    if (gap > 150) conf -= 20;
    else if (gap > 80) conf -= 10;
    static const char *const hedges[] = { "reportedly", "allegedly", "purportedly", "apparently", "according",
                                          "unconfirmed", "rumoured", "rumored", "reported", "alleged" };
    int hedged = 0;
    for (int i = 0; i < x->n && !hedged; i++) {
        char c0 = x->s->tok[i].lower[0];   /* every hedge starts with a, p, r or u */
        if (c0 != 'a' && c0 != 'p' && c0 != 'r' && c0 != 'u') continue;
        for (size_t h = 0; h < sizeof hedges / sizeof *hedges && !hedged; h++)
            hedged = !strcmp(x->s->tok[i].lower, hedges[h]);
    }
    if (hedged) conf -= 15;
    if (p->speaker >= 0 && strncmp(x->m[p->speaker].code, e->source.code, 3)) conf -= 10;
    conf -= doubt_points(p, verb);
    return conf < 0 ? 0 : conf;
}

/* Outputs pending event ev of the sentence (or queues it while story discards may come). */
static void output_event(sent_pass *p, const pending_event *ev)
{
    sent_ctx *x = p->x;
    tocsin_coder *c = p->c;
    doc_ctx *dc = p->dc;
    tocsin_event e;
    memset(&e, 0, sizeof e);
    e.doc_id = dc->doc->id;
    e.sentence = x->s->index;
    util_date_format(ev->day, e.date);
    fill_actor(&e.source, ev->s.code, ev->s.text, ev->s.len, ev->s.how);
    fill_actor(&e.target, ev->t.code, ev->t.text, ev->t.len, ev->t.how);
    copy_str(e.code, sizeof e.code, ev->code);
    const cameo_entry *ce = dict_cameo(p->d, ev->code);
    e.root[0] = ev->code[0];
    e.root[1] = ev->code[1] ? ev->code[1] : 0;
    e.root[2] = 0;
    if (ce) {
        e.goldstein = ce->goldstein;
        e.quad_class = ce->quad_class;
    } else {
        int r = atoi(e.root);
        e.quad_class = r <= 0 ? 0 : r <= 5 ? 1 : r <= 8 ? 2 : r <= 13 ? 3 : 4;
        e.goldstein = 0;
    }
    const verb_hit *vh = &x->v[ev->verb];
    const token *va = &x->s->tok[vh->start], *vb = &x->s->tok[vh->end - 1];
    e.verb_text = x->s->text + va->off;
    e.verb_len = (size_t)(vb->off + vb->len - va->off);
    e.text = x->s->text;
    e.text_len = x->s->len;
    e.issues = c->issues;
    coder_plover(e.code, &e.plover_type, &e.plover_mode, &e.plover_context);
    e.confidence = event_confidence(p, &e, ev->verb);
    if (c->hold_events) queue_event(c, &e);
    else {
        dc->fn(&e, dc->user);
        dc->events++;
        c->st.events++;
    }
}

/* Emits the pending events: drops "---" targets when a named one exists, finds the
 * sentence's issues, keeps only dominant events when there is one ("[031!]",
 * TABARI manual 6.6.2), drops subordinate events when a main one exists, null
 * codes, the CAMEO conventions' filtered events and duplicates. */
static void emit_events(sent_pass *p)
{
    pending_event *pe = p->ev.e;
    int npe = p->ev.n, any_main = p->any_main;
    int named = 0;
    for (int i = 0; i < npe; i++) if (!pe[i].dead && !pe[i].nulltgt) named = 1;
    if (named) for (int i = 0; i < npe; i++) if (pe[i].nulltgt) pe[i].dead = 1;
    coder_find_issues(p->c, p->x);
    int any_dominant = 0;
    for (int i = 0; i < npe; i++) if (!pe[i].dead && pe[i].dominant) any_dominant = 1;
    for (int i = 0; i < npe; i++) {
        pending_event *ev = &pe[i];
        if (ev->dead || (any_main && ev->subord) || (any_dominant && !ev->dominant)) continue;
        /* "---" is the dictionaries' null code (no event): a PETRARCH verb chain or
         * negation can fall back to it ("praise ... to improve": 0x81 + 0x70 has no
         * entry but 0, "---:0" in the coding ontology); such an event is never output */
        if (!ev->code[0] || ev->code[0] == '-') continue;
        if (!cameo_keeps(p->d, ev)) continue;
        int dup = 0;
        for (int j = 0; j < i && !dup; j++) {
            /* only against events actually emitted: a transformation's result may equal
             * the event it replaced ("A said A will support B" -> A B 050) */
            if (pe[j].dead || (any_main && pe[j].subord) || (any_dominant && !pe[j].dominant)) continue;
            dup = !strcmp(pe[j].s.code, ev->s.code) && !strcmp(pe[j].t.code, ev->t.code) && !strcmp(pe[j].code, ev->code);
        }
        if (dup) continue;
        output_event(p, ev);
    }
}

/* Whether sentence x is a question (manual §8.1: "Will Iran retaliate?" reports no
 * event): its last token, before closing quotes or brackets, is "?". */
static int question_sentence(const sent_ctx *x)
{
    int q = x->n - 1;
    while (q >= 0 && is_punct(x, q) && strchr("\"')]\xe2", x->s->tok[q].lower[0]) && strcmp(x->s->tok[q].lower, "?")) q--;
    return q >= 0 && !strcmp(x->s->tok[q].lower, "?");
}

/* Codes one sentence: runs the passes (see the list above) and emits its events. */
void coder_code_sentence(doc_ctx *dc, sent_ctx *x)
{
    sent_pass pass = { .dc = dc, .x = x, .c = dc->c, .d = x->d, .n = x->n }, *p = &pass;
    const tocsin_dict *d = x->d;
    /* questions report no event (manual §8.1); built-in dictionaries only, the field's
     * programs code them */
    if (d->dialect == DICT_CAMEO && question_sentence(x)) return;
    mark_asides(p);
    if (d->dialect == DICT_CAMEO) {
        mark_places(p);
        temporal_subjects(p);
    }
    map_clauses(p);
    switch (d->dialect) {
    case DICT_TABARI:
        break;   /* a subject region is the clause (manual 5.8) */
    default:
        report_subject_regions(p);
        break;
    }
    p->speaker = coder_find_speaker(x);
    alloc_verb_state(p);
    if (d->pico.n) find_chains(p);
    for (int k = 0; k < x->nv; k++)
        if (!code_verb(p, k)) return;   /* a discard pattern matched */
    unknown_verb_obligations(p);
    remember_subject(p);
    if (x->has_cond && !ev_full(&p->ev)) conditional_threat(p);
    apply_transforms(p);
    if (!p->ev.n) return;
    emit_events(p);
}
