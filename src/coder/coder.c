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
 * (d->cameo_conventions; the field's dictionaries keep TABARI/PETRARCH's): the
 * source must be a known actor (no "---GOV"), a place ("in The Hague") is no
 * passive agent or subject, compounds pair among themselves only for mutual acts,
 * future and planned acts are intents or threats, acts named by a noun ("efforts
 * by the UN to change") or governed by "unwilling"/"failed to" are no events.
 * Why this shape: no parser is affordable at 50,000 sentences/s, so structure
 * comes from cheap token classes (determiners, prepositions, auxiliaries,
 * reporting verbs) computed once per token. All per-sentence memory comes from
 * the coder's arena, reset per sentence; nothing mallocs per token.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder/coder.h"

/* Bounded string copy (always terminated); the hot path avoids printf. */
static inline void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

/* An IGO/NGO/transnational group or a CAMEO region code (EUR, AFR, MEA, ...):
 * a participant that is not a state and lends no country to a bare agent. */
static int is_supranational(const char *code)
{
    static const char *const regions[] = { "EUR", "WST", "AFR", "WAF", "EAF", "NAF", "SAF", "CFR",
        "MEA", "ARB", "PGS", "ASA", "SAS", "SEA", "CAS", "LAM", "SAM", "NMR", "CRB", "BLK", "CAU",
        "EEU", "SCN" };
    if (!strncmp(code, "IGO", 3) || !strncmp(code, "NGO", 3) || !strncmp(code, "IMG", 3)) return 1;
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (!strncmp(code, regions[i], 3)) return 1;
    return 0;
}

/* ---- word classes of function words ---- */

enum {
    WC_DET = 1 << 0, WC_PREP = 1 << 1, WC_PRON_SUBJ = 1 << 2, WC_PRON_OBJ = 1 << 3,
    WC_BE = 1 << 4, WC_NEG = 1 << 5, WC_MODAL = 1 << 6, WC_CONJ = 1 << 7,
    WC_REPORT = 1 << 8, WC_DENY = 1 << 9, WC_COND = 1 << 10, WC_THAT = 1 << 11,
    WC_STOP = 1 << 12, WC_FUTURE = 1 << 13, WC_AUX = 1 << 14, WC_TO = 1 << 15,
    WC_BY = 1 << 16, WC_FORMER = 1 << 17, WC_PRON_1ST = 1 << 18, WC_LISTSEP = 1 << 19,
    WC_ADV = 1 << 20, WC_REL = 1 << 21, WC_SAYCLAUSE = 1 << 22,
    WC_SUBCL = 1 << 23,   /* always opens a subordinate clause: when, while, because, although, where */
    WC_TEMPSUB = 1 << 24, /* after, before, since, until: a clause only when a verb follows */
    WC_DEMAND = 1 << 25,  /* demand, urge, ask ...: their "that" clause is not an act */
    WC_MUST = 1 << 26,    /* must, should, ought: an obligation, not an act */
    WC_LOC = 1 << 27,     /* in, at, near, inside ...: a country after them is where, not whom */
};

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

typedef struct wc_table {
    uint64_t keys[512];
    uint32_t vals[512];
} wc_table;

static void wc_put(wc_table *t, const char *w, uint32_t cls)
{
    uint64_t h = hash_str(w);
    size_t i = (size_t)(h & 511);
    while (t->keys[i] && t->keys[i] != h) i = (i + 1) & 511;
    t->keys[i] = h;
    t->vals[i] |= cls;
}

static uint32_t wc_get(const wc_table *t, uint64_t h)
{
    size_t i = (size_t)(h & 511);
    while (t->keys[i]) {
        if (t->keys[i] == h) return t->vals[i];
        i = (i + 1) & 511;
    }
    return 0;
}

/* ---- coder state ---- */

/* An event held back until its document is known not to be discarded. */
typedef struct queued_event {
    tocsin_event ev;
    size_t text, verb, src, tgt, issues;   /* offsets in c->evstr */
} queued_event;


typedef struct mention {
    int start, end;       /* token span [start, end) */
    int text_start;       /* first token of the name text */
    int group;            /* compound group: index of the first member */
    int pp;               /* object of a preposition */
    int appositive;       /* inside a comma-delimited appositive */
    char code[40];
    char actor[16];       /* the actor's own code, before agents composed with it */
    tocsin_match match;
    const agent_phrase *agent, *agent2; /* agents that distribute over a compound */
    uint8_t agent_leading, agent_trailing;  /* "ambassadors of A, B and C" / "US and British activists" */
    uint8_t lone;         /* an agent without an actor: "---GOV" */
    uint8_t place;        /* a bare country or city after a locative preposition: "in The Hague" */
    uint8_t possessor;    /* owner of a thing: "Australia's strong dollar" (not "Russia's Putin") */
    uint8_t companion;    /* acting alongside the subject: "together with NATO allies" */
} mention;

typedef struct verb_hit {
    int tok, start, end;  /* the verb token and the span of its multiword form */
    uint32_t form;
    int nounlike;         /* preceded by a determiner: a noun unless a pattern says otherwise */
    int reduced;          /* participle of a reduced relative clause ("a report released in ...") */
} verb_hit;

struct tocsin_coder {
    const tocsin_dict *d;
    const lemmatizer *lm; /* the dictionary set's, shared */
    arena a;              /* per-sentence scratch */
    buf norm;             /* normalised document text */
    char err[256];
    tocsin_stats st;
    wc_table wc, lc;
    /* document state */
    int pub;
    char prev_subject[40];
    int have_prev_subject;
    int continue_story;          /* tocsin_coder_continue_story(): keep the above */
    int syn_src_after;    /* the synset phrase syn_forward() last matched ends in TABARI's '$' */
    const char *prev_subject_text;
    char prev_subject_buf[128];
    size_t prev_subject_len;
    char issues[512];
    char prev_src_code[40];          /* source of the previous sentence's first event */
    int in_quote, quote_paragraph;   /* quotation state carried between sentences */
    /* a quoted sentence whose speaker is named in a later sentence waits here */
    buf pending;
    int pending_index, pending_paragraph, pending_inq, has_pending;
    arena a2;
    vec evq;              /* queued_event: events held back while story discards may come */
    buf evstr;
    int debug;
};

tocsin_coder *tocsin_coder_new(const tocsin_dict *d)
{
    if (!d || !d->finished) return NULL;
    tocsin_coder *c = xcalloc(1, sizeof *c);
    c->d = d;
    c->lm = d->lm;
    const char *dbg = getenv("TOCSIN_DEBUG");
    c->debug = dbg && *dbg && *dbg != '0';
    arena_init(&c->a, 1 << 16);
    arena_init(&c->a2, 1 << 14);
    buf_init(&c->norm);
    buf_init(&c->pending);
    vec_init(&c->evq, sizeof(queued_event));
    buf_init(&c->evstr);
    for (size_t i = 0; i < sizeof word_classes / sizeof word_classes[0]; i++)
        wc_put(&c->wc, word_classes[i].w, word_classes[i].cls);
    for (size_t i = 0; i < sizeof lemma_classes / sizeof lemma_classes[0]; i++)
        wc_put(&c->lc, lemma_classes[i].w, lemma_classes[i].cls);
    return c;
}

void tocsin_coder_free(tocsin_coder *c)
{
    if (!c) return;
    arena_free(&c->a);
    arena_free(&c->a2);
    buf_free(&c->norm);
    buf_free(&c->pending);
    vec_free(&c->evq);
    buf_free(&c->evstr);
    free(c);
}

const char *tocsin_coder_error(const tocsin_coder *c) { return c->err; }

void tocsin_coder_stats(const tocsin_coder *c, tocsin_stats *out) { *out = c->st; }

/* ---- per-sentence analysis ---- */

typedef struct sent_ctx {
    tocsin_coder *c;
    const tocsin_dict *d;
    const sentence *s;
    int n;
    uint32_t *cls;        /* word classes per token (with lemma classes) */
    int *ment_at;         /* token -> mention index, -1 */
    int *unit_agent;      /* token -> agent phrase starting here, -1 */
    uint8_t *quoted;      /* inside quotation marks */
    uint8_t *cond;        /* inside a conditional (if ...) clause */
    uint8_t *brk;         /* 1: hard clause break token (conj, ';'), 2: subject reset after */
    uint8_t *in_verb;     /* token is part of a verb form */
    uint8_t *verbish;     /* token can be a dictionary verb */
    uint32_t *tl;         /* byte length of each token's lower-case form */
    const uint32_t **vids; /* verb forms the token (or its lemma) can be */
    uint64_t *pk, *lpk;   /* 4-byte prefix keys of the token and of its lemma (0: shorter) */
    uint32_t *vcnt;
    uint64_t prefix_bits[64]; /* 4096-bit filter of 4-character prefixes of words and lemmas */
    uint64_t sig64;       /* the same folded to 64 bits (synset signatures use it) */
    mention *m;
    int nm;
    verb_hit *v;
    int nv;
    int has_cond;
    int allcaps;          /* headline or shouted text: capitals say nothing */
    const char *forced_speaker; /* code of the speaker named after the quotation ends */
    int has_us;           /* some token contains '_' */
    uint8_t *aside;       /* inside ", who ...," or ", touring ...," between a subject and its verb */
    int starts_quoted, ends_quoted;
    int day;
} sent_ctx;

/* PETRARCH-2 pattern semantics (UD-PETRARCH): the field's parse-based patterns
 * read phrases of the verb, not a window of words */
static int np_mode(const tocsin_dict *d) { return d->np_patterns && !d->tabari_verbs && !d->cameo_conventions; }
static int is_punct(const sent_ctx *x, int i) { return (x->s->tok[i].flags & TOK_PUNCT) != 0; }
static int is_ch(const sent_ctx *x, int i, char c);

/* A semicolon that ends a clause; not the rest of an HTML entity whose '&' was
 * lost ("the United States #39; closest allies", common in scraped wire copy). */
static int is_semicolon(const sent_ctx *x, int i)
{
    return is_ch(x, i, ';') && !(i >= 2 && (x->s->tok[i - 1].flags & TOK_NUM) && is_ch(x, i - 2, '#'));
}
static int tok_is(const sent_ctx *x, int i, const char *w) { return i >= 0 && i < x->n && !strcmp(x->s->tok[i].lower, w); }
static int is_ch(const sent_ctx *x, int i, char c)
{
    return i >= 0 && i < x->n && x->s->tok[i].lower[0] == c && !x->s->tok[i].lower[1];
}

/* Stem candidates for a token, in steps: *k == 0 probes the token's 4-byte prefix
 * (stems of four or more bytes are indexed by theirs), then lengths 1..3 when the
 * set has shorter stems. Candidates are verified by the caller. */
static const uint32_t *stem_probe(const tocsin_dict *d, const dict_index *ix, const token *t,
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
        if ((ids = dict_index_get(ix, hash_bytes(t->lower, (size_t)kk), cnt))) return ids;
    }
    *cnt = 0;
    return NULL;
}

static int token_match(const sent_ctx *x, const dict_word *w, int i, int use_lemma)
{
    const token *t = &x->s->tok[i];
    uint64_t lh = use_lemma ? t->lemma_hash : t->hash;
    if (w->hash == t->hash || w->hash == lh) return 1;
    if (!(w->flags & (DW_STEM | DW_ENDINGS)) || w->pad != (uint8_t)t->lower[0]) return 0;
    return dict_word_match(x->d, w, t->lower, x->tl[i], t->hash, lh);
}

#define prefix_bit dict_prefix_bit

/* PETRARCH matches the words of a pattern around its verb as written (with the
 * endings its dictionaries allow): "* MEET" is no "meeting" there. TABARI and
 * tocsin's own dictionaries read them through the lemma. */
static int pattern_lemmas(const tocsin_dict *d)
{
    return !(d->field_verbs && !d->tabari_verbs && !d->cameo_conventions);
}

/* A pattern's word at token i. PETRARCH-2's flat-syntax validation dictionaries
 * match their pattern words as written: "* EFFORT" is no "efforts", "* RESOLUTION"
 * no "resolutions" (only '~' stems take endings). */
static int pattern_word_match(const sent_ctx *x, const dict_word *w, int i)
{
    const tocsin_dict *d = x->d;
    if (d->field_verbs && !d->tabari_verbs && !d->cameo_conventions && !d->np_patterns &&
        !(w->flags & DW_STEM))
        return w->hash == x->s->tok[i].hash;
    /* TABARI: a word ending in '_' matches only itself (manual 5.2.2) */
    if (d->tabari_verbs && !(w->flags & (DW_STEM | DW_ENDINGS))) return w->hash == x->s->tok[i].hash;
    return token_match(x, w, i, pattern_lemmas(d));
}

/* Matches phrase words w[0..nw) at tokens starting at i (consecutive; "'s" tokens
 * of the text may not be skipped). Returns the end token or -1. */
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
        if (dw->hash != hash_bytes(p, n) &&
            !((dw->flags & (DW_STEM | DW_ENDINGS)) && dict_word_match(x->d, dw, p, n, hash_bytes(p, n), 0)))
            return 0;
        used++;
        if (!e) return used;
        p = e + 1;
    }
    return 0;
}

static int phrase_at(const sent_ctx *x, const dict_word *w, int nw, int i)
{
    int j = i;
    for (int k = 0; k < nw; k++, j++) {
        if (j >= x->n) return -1;
        /* "Dol_Amroth" tokenized as Dol _ Amroth */
        if (k > 0 && x->has_us && is_ch(x, j, '_') && j + 1 < x->n) j++;
        if (token_match(x, &w[k], j, 0)) continue;
        if (k > 0 && (w[k].flags & DW_GAP)) {
            /* TABARI "PRINCE DOL_AMROTH" matches "Prince of Dol Amroth" */
            /* ...and "Al "The Weasel" Gore": quotation marks are no stop nor word */
            int q = j + 1, ok = 0, skipped = 1;
            for (; q < x->n && skipped <= (x->d->tabari_verbs ? 12 : 3) && (!is_punct(x, q - 1) || (x->s->tok[q - 1].flags & TOK_QUOTE)); q++) {
                if (token_match(x, &w[k], q, 0)) { ok = 1; break; }
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

/* Longest phrase (actors or agents) starting at token i: returns the end token
 * or -1 and sets *id. Candidates come from the exact index and, when the set has
 * TABARI stems, from the stem index probed with the token's prefixes. */
/* Does the phrase's last word equal the token it ended on (no ending stripped)? */
static int ends_exactly(const sent_ctx *x, const dict_word *w, int nw, int end)
{
    return end > 0 && w[nw - 1].hash == x->s->tok[end - 1].hash;
}

static int longest_phrase(const sent_ctx *x, const vec *phrases, size_t off_w0, size_t off_nw,
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
            int e = phrase_at(x, pw, nw, i);
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
        uint64_t h1 = hash_bytes(t->lower, (size_t)(us - t->lower));
        const char *p2 = us + 1, *us2 = strchr(p2, '_');
        uint64_t h2 = hash_bytes(p2, us2 ? (size_t)(us2 - p2) : strlen(p2));
        for (int probe = 0; probe < 2; probe++) {
            ids = dict_index_get(ix, probe ? h1 : dict_pair_key(h1, h2), &cnt);
            for (uint32_t q = 0; q < cnt; q++) {
                const char *rec = (const char *)phrases->data + (size_t)ids[q] * phrases->size;
                uint32_t w0 = *(const uint32_t *)(rec + off_w0);
                uint16_t nw = *(const uint16_t *)(rec + off_nw);
                int e = phrase_at(x, &VEC_AT(d->words, dict_word, w0), nw, i);
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
            int e = phrase_at(x, pw, nw, i);
            if (e > best || (e == best && e >= 0 && !best_exact && ends_exactly(x, pw, nw, e))) {
                best = e;
                *id = ids[q];
                best_exact = ends_exactly(x, pw, nw, e);
            }
        }
        if (!stems) break;
        ids = stem_probe(d, stem_ix, t, &k, &cnt);
        if (!ids) break;
    }
    return best;
}

/* Appends agent code to an actor code (CAMEO 3-character alignment decides
 * whether it is already there). */
static void compose_code(char *code, size_t cap, const char *agent, int prefix)
{
    size_t al = strlen(agent), cl = strlen(code);
    if (!al) return;
    for (size_t off = 0; off + al <= cl; off += 3)
        if (!strncmp(code + off, agent, al)) return;
    if (al + cl + 1 > cap) return;   /* would not fit: keep the actor code */
    if (prefix) {
        memmove(code + al, code, cl + 1);
        memcpy(code, agent, al);
    } else {
        memcpy(code + cl, agent, al + 1);
    }
}

/* The inverse of compose_code: takes agent's code off code, where it went on. */
static void strip_agent(char *code, const agent_phrase *agent)
{
    if (!agent) return;
    size_t cl = strlen(code), al = strlen(agent->code);
    if (cl <= al) return;
    if (agent->prefix && !strncmp(code, agent->code, al)) memmove(code, code + al, cl - al + 1);
    else if (!agent->prefix && !strcmp(code + cl - al, agent->code)) code[cl - al] = 0;
}

/* CAMEO's religion codes: a dimension of their own that stacks with a role
 * ("Shiite militia" -> MUSSHIREB), where two roles do not. */
static int religion_code(const char *code)
{
    static const char *const religions[] = {"ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT",
                                            "CTH", "DOX", "DRZ", "HIN", "HSD", "ITR", "JAN", "JEW",
                                            "JHW", "LDS", "MOS", "MRN", "MUS", "NRM", "PAG", "PRO",
                                            "SFI", "SHI", "SHN", "SIK", "SUN", "TAO", "UDX", "ZRO"};
    for (size_t i = 0; i < sizeof religions / sizeof religions[0]; i++)
        if (!strncmp(code, religions[i], 3)) return 1;
    return 0;
}

/* A plural common noun by its spelling ("workers", "rebels"; not "news"-like
 * short words nor "-ss" endings): enough to tell a stack's head from a complement. */
static int plural_noun(const sent_ctx *x, int i)
{
    const char *w = x->s->tok[i].lower;
    size_t l = strlen(w);
    return l > 3 && w[l - 1] == 's' && w[l - 2] != 's';
}

static int is_name_token(const sent_ctx *x, int i)
{
    const token *t = &x->s->tok[i];
    if (!(t->flags & TOK_CAP) || (t->flags & (TOK_PUNCT | TOK_NUM | TOK_QUOTE))) return 0;
    if (x->allcaps || (x->cls[i] & WC_STOP)) return 0;
    if (x->ment_at[i] >= 0 || x->unit_agent[i] >= 0) return 0;
    /* a capitalised verb form mid-sentence ("Urge", "Held") is a stray capital */
    if (t->lemma != t->lower && strcmp(t->lemma, t->lower)) return 0;
    uint32_t n;
    if (dict_index_get(&x->d->verb_idx, t->hash, &n) && (t->flags & TOK_FIRST)) return 0;
    return 1;
}

static mention *add_mention(sent_ctx *x, int start, int end, const char *code, tocsin_match how)
{
    mention *m = &x->m[x->nm++];
    memset(m, 0, sizeof *m);
    m->start = start;
    m->end = end;
    m->text_start = start;
    m->group = x->nm - 1;
    copy_str(m->code, sizeof m->code, code);
    m->match = how;
    return m;
}

/* Actor code of group g on the document date; "" when null-coded. */
static const char *actor_code_for(const sent_ctx *x, uint32_t aid)
{
    const actor_phrase *a = &VEC_AT(x->d->actors, actor_phrase, aid);
    return dict_actor_code(x->d, a->group, x->day);
}

typedef struct unit {
    int start, end;
    int kind;             /* 1 actor, 2 agent, 3 fuzzy person, 4 null actor */
    uint32_t id;
} unit;

/* PETRARCH-2 looks discard phrases up in the sentence split at blanks, so a word
 * with punctuation attached ("15 months ago, came") is not the phrase's word
 * ("MONTHS AGO"). Are tokens [i, e) each delimited by blanks (or the text's ends)? */
static int blank_delimited(const sent_ctx *x, int i, int e)
{
    const char *t = x->s->text;
    for (int q = i; q < e; q++) {
        const token *k = &x->s->tok[q];
        if (k->off > 0 && !isspace((unsigned char)t[k->off - 1])) return 0;
        size_t end = (size_t)k->off + k->len;
        if (end < x->s->len && !isspace((unsigned char)t[end])) return 0;
    }
    return 1;
}

static int discard_hit(const sent_ctx *x, int story_only)
{
    const tocsin_dict *d = x->d;
    if (!d->discards.n) return 0;
    int petr = d->field_verbs && !d->tabari_verbs && !d->cameo_conventions;
    for (int i = 0; i < x->n; i++) {
        const token *t = &x->s->tok[i];
        {
            uint32_t b = prefix_bit(dict_prefix_key(t->lower, x->tl[i]));
            if (!(d->discard_bits[b >> 6] & ((uint64_t)1 << (b & 63)))) continue;
        }
        uint32_t cnt;
        /* multiword discards are indexed by their first two words */
        if (i + 1 < x->n) {
            const uint32_t *pids = dict_index_get(&d->discard_idx, dict_pair_key(t->hash, x->s->tok[i + 1].hash), &cnt);
            for (uint32_t q = 0; q < cnt; q++) {
                const plain_phrase *p = &VEC_AT(d->discards, plain_phrase, pids[q]);
                if (story_only && !p->kind) continue;
                int e = phrase_at(x, &VEC_AT(d->words, dict_word, p->w0), p->nw, i);
                if (e >= 0 && (!petr || blank_delimited(x, i, e))) return p->kind ? 2 : 1;
            }
        }
        const uint32_t *ids = dict_index_get(&d->discard_idx, t->hash, &cnt);
        int k = 0;
        for (;;) {
            for (uint32_t q = 0; q < cnt; q++) {
                const plain_phrase *p = &VEC_AT(d->discards, plain_phrase, ids[q]);
                if (story_only && !p->kind) continue;
                int e = phrase_at(x, &VEC_AT(d->words, dict_word, p->w0), p->nw, i);
                if (e >= 0 && (!petr || blank_delimited(x, i, e))) return p->kind ? 2 : 1;
            }
            if (!d->stem_lens || !d->discard_stem_idx.mask) break;
            ids = stem_probe(d, &d->discard_stem_idx, t, &k, &cnt);
            if (!ids) break;
        }
    }
    return 0;
}

static void find_issues(tocsin_coder *c, const sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    c->issues[0] = 0;
    if (!d->issues.n) return;
    size_t len = 0;
    for (int i = 0; i < x->n; i++) {
        uint32_t cnt;
        const uint32_t *ids = dict_index_get(&d->issue_idx, x->s->tok[i].hash, &cnt);
        for (uint32_t q = 0; q < cnt; q++) {
            const plain_phrase *p = &VEC_AT(d->issues, plain_phrase, ids[q]);
            if (phrase_at(x, &VEC_AT(d->words, dict_word, p->w0), p->nw, i) < 0) continue;
            if (p->kind) { c->issues[0] = 0; return; }   /* an ignore phrase cancels issue coding */
            const char *code = dict_str(d, p->code);
            /* dedupe */
            const char *hit = strstr(c->issues, code);
            size_t cl = strlen(code);
            if (hit && (hit[cl] == 0 || hit[cl] == ';') && (hit == c->issues || hit[-1] == ';')) continue;
            if (len + cl + 2 >= sizeof c->issues) continue;
            if (len) c->issues[len++] = ';';
            memcpy(c->issues + len, code, cl);
            len += cl;
            c->issues[len] = 0;
        }
    }
}

static void tabari_pronouns(sent_ctx *x);
static int tabari_listed(const sent_ctx *x, const vec *list, int i);

/* Step 2: actors, agents, composition, compounds. */
/* "Young Algerians blocked roads": a capitalised plural whose singular is a
 * one-word actor ("ALGERIAN_") names that actor's people. TABARI matches words as
 * written (its stems are explicit), so only with other dictionaries. */
static int plural_actor(const sent_ctx *x, int i, uint32_t *aid)
{
    const tocsin_dict *d = x->d;
    const token *t = &x->s->tok[i];
    size_t len = x->tl[i];
    if (d->tabari_verbs || !(t->flags & TOK_CAP) || len < 5 || t->lower[len - 1] != 's' || t->lower[len - 2] == 's')
        return 0;
    uint64_t h = hash_bytes(t->lower, len - 1);
    uint32_t cnt;
    const uint32_t *ids = dict_index_get(&d->actor_idx, h, &cnt);
    for (uint32_t q = 0; ids && q < cnt; q++) {
        const actor_phrase *ap = &VEC_AT(d->actors, actor_phrase, ids[q]);
        if (ap->nw != 1 || VEC_AT(d->words, dict_word, ap->w0).hash != h) continue;
        const char *code = actor_code_for(x, ids[q]);
        if (strlen(code) != 3 || !strcmp(code, "---")) continue;   /* a country's people */
        *aid = ids[q];
        return 1;
    }
    return 0;
}

static void find_actors(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    unit *u = arena_alloc(&x->c->a, sizeof(unit) * (size_t)(n + 1));
    int nu = 0;
    for (int i = 0; i < n; i++) x->unit_agent[i] = -1;
    for (int i = 0; i < n;) {
        if (is_punct(x, i)) { i++; continue; }
        if (!d->short_stems) {   /* a stem shorter than the 4-byte prefix ("ENT": "Entian") passes */
            uint32_t b = prefix_bit(dict_prefix_key(x->s->tok[i].lower, x->tl[i]));
            if (!(d->start_bits[b >> 6] & ((uint64_t)1 << (b & 63)))) { i++; continue; }
        }
        uint32_t aid = 0, gid = 0;
        int ae = longest_phrase(x, &d->actors, offsetof(actor_phrase, w0), offsetof(actor_phrase, nw),
                                &d->actor_idx, &d->actor_stem_idx, i, &aid);
        int ge = longest_phrase(x, &d->agents, offsetof(agent_phrase, w0), offsetof(agent_phrase, nw),
                                &d->agent_idx, &d->agent_stem_idx, i, &gid);
        if (ae < 0 && ge < 0 && plural_actor(x, i, &aid)) ae = i + 1;
        /* TABARI: a phrase whose words lie far apart ("DURTHANG ORC": "Durthang
         * should be set up in areas not controlled by rebel Orc forces") names the
         * actor at its first word; the words between are the sentence's own */
        if (d->tabari_verbs && ae > i && ae >= ge && ae - i > (int)VEC_AT(d->actors, actor_phrase, aid).nw + 3) ae = i + 1;
        if (ae < 0 && ge < 0) { i++; continue; }
        /* "US $50 million", "the Canadian dollar": a currency, not an actor */
        if (ae >= ge && ae < n && (tok_is(x, ae, "$") || tok_is(x, ae, "dollar") || tok_is(x, ae, "dollars"))) {
            i = ae;
            continue;
        }
        unit *un = &u[nu++];
        un->start = i;
        if (ae >= ge) {
            const char *code = actor_code_for(x, aid);
            un->end = ae;
            un->kind = (!code[0] || !strcmp(code, "---")) ? 4 : 1;
            un->id = aid;
        } else {
            un->end = ge;
            un->kind = 2;
            un->id = gid;
            for (int k = i; k < ge; k++) x->unit_agent[k] = (int)gid;
        }
        i = un->end;
    }
    /* fuzzy: capitalised multiword runs no dictionary phrase covered */
    for (int i = 0; i < n; i++) {
        int covered = 0;
        for (int k = 0; k < nu; k++) if (i >= u[k].start && i < u[k].end) { covered = 1; break; }
        if (covered || !is_name_token(x, i)) continue;
        int j = i;
        while (j < n && j - i < 4 && is_name_token(x, j)) {
            int cov = 0;
            for (int k = 0; k < nu; k++) if (j >= u[k].start && j < u[k].end) { cov = 1; break; }
            if (cov) break;
            j++;
        }
        if (j - i >= 2) {
            long pid = coder_fuzzy_person(d, x->s, (size_t)i, (size_t)j, x->day);
            if (pid >= 0) {
                /* insert keeping order */
                int pos = nu;
                while (pos > 0 && u[pos - 1].start > i) { u[pos] = u[pos - 1]; pos--; }
                u[pos].start = i;
                u[pos].end = j;
                u[pos].kind = 3;
                u[pos].id = (uint32_t)pid;
                nu++;
            }
        }
        i = j;
    }
    /* compose units into mentions */
    x->m = arena_alloc(&x->c->a, sizeof(mention) * (size_t)(n * 2 + 2));
    x->nm = 0;
    for (int k = 0; k < nu; k++) {
        unit *un = &u[k];
        if (un->kind == 4) continue;
        int former = un->start > 0 && (x->cls[un->start - 1] & WC_FORMER);
        if (un->kind == 1 || un->kind == 3) {
            char code[40], base[40], kept[40];
            copy_str(code, sizeof code, actor_code_for(x, un->id));
            copy_str(base, sizeof base, code);
            copy_str(kept, sizeof kept, code);
            tocsin_match how = un->kind == 3 ? TOCSIN_MATCH_FUZZY : TOCSIN_MATCH_EXACT;
            int end = un->end, start = un->start, text_start = un->start;
            int had_agent = 0;
            const agent_phrase *last_ag = NULL;
            /* actor ['s] [modifiers] agent [agent...]: "Bree Prime Minister", "Ithilen's awful and evil minister" */
            while (k + 1 < nu && u[k + 1].kind == 2) {
                int gap = u[k + 1].start - end;
                int poss = gap > 0 && (x->s->tok[end].flags & TOK_POSS);
                int ok = gap <= 3 + poss;
                /* TABARI: an agent immediately after the actor (manual 5.4) */
                if (d->tabari_verbs && gap > poss && !(gap == poss + 1 && (x->cls[u[k + 1].start - 1] & WC_FORMER))) ok = 0;
                for (int q = end + (poss ? 1 : 0); q < u[k + 1].start && ok; q++) {
                    uint32_t cl = x->cls[q];
                    if (is_punct(x, q) || x->verbish[q]) ok = 0;
                    else if ((cl & WC_CONJ) && poss && tok_is(x, q, "and")) continue;
                    /* "Arnor former security officials": "former" before the agent makes it ELI */
                    else if (cl & WC_FORMER) former = 1;
                    else if (cl & (WC_STOP | WC_PREP | WC_DET)) ok = 0;
                }
                if (!ok) break;
                /* a singular agent word right after a plural one is no head noun but
                 * a complement: "holding three U.N. workers hostage" */
                if (d->cameo_conventions && had_agent && gap == 0 && plural_noun(x, end - 1) &&
                    !plural_noun(x, u[k + 1].end - 1))
                    break;
                const agent_phrase *ag = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
                /* CAMEO: one role per actor, the head noun's (the last of a stack);
                 * a religion is no role and stays ("Muslim women" -> MUSCVL) */
                if (d->cameo_conventions) copy_str(code, sizeof code, kept);
                /* "Arnor former security officials": "former" right before the agent
                 * makes it an elite too (TABARI manual 5.4.1) */
                int ag_former = former || (u[k + 1].start > end && (x->cls[u[k + 1].start - 1] & WC_FORMER));
                compose_code(code, sizeof code, ag_former ? "ELI" : ag->code, ag->prefix);
                if (d->cameo_conventions && religion_code(ag->code)) copy_str(kept, sizeof kept, code);
                end = u[k + 1].end;
                had_agent = 1;
                last_ag = ag;
                k++;
            }
            /* title + name: a known person right after the title keeps its own code
             * when it is more specific than the composed one */
            if (had_agent && k + 1 < nu && (u[k + 1].kind == 1 || u[k + 1].kind == 3) && u[k + 1].start == end) {
                const char *pc = actor_code_for(x, u[k + 1].id);
                if (pc[0] && strcmp(pc, "---") && strlen(pc) > 3) copy_str(code, sizeof code, pc);
                if (u[k + 1].kind == 3) how = TOCSIN_MATCH_FUZZY;
                end = u[k + 1].end;
                text_start = u[k + 1].start;
                k++;
            } else if (had_agent) {
                /* title + unknown name */
                int j = end;
                while (j < n && j - end < 3 && is_name_token(x, j)) j++;
                if (j > end) {
                    /* "Press Secretary Jane Psaki": a garbled known name after the title */
                    long pid = j - end >= 2 ? coder_fuzzy_person(d, x->s, (size_t)end, (size_t)j, x->day) : -1;
                    if (pid >= 0) {
                        const char *pc = actor_code_for(x, (uint32_t)pid);
                        if (strlen(pc) > 3) copy_str(code, sizeof code, pc);
                        how = TOCSIN_MATCH_FUZZY;
                    } else {
                        how = TOCSIN_MATCH_TITLE;
                    }
                    text_start = end;
                    end = j;
                }
            }
            /* coded compounds "A/B" */
            char *slash = strchr(code, '/');
            int g = x->nm;
            /* UD-PETRARCH keeps a coded compound as one actor code ("FRO/BIL/SAM") */
            if (slash && !np_mode(d)) {
                char *p = code;
                for (;;) {
                    char *sl = strchr(p, '/');
                    if (sl) *sl = 0;
                    mention *m = add_mention(x, start, end, p, how);
                    m->group = g;
                    m->text_start = text_start;
                    copy_str(m->actor, sizeof m->actor, p);
                    if (!sl) break;
                    p = sl + 1;
                }
            } else {
                mention *m = add_mention(x, start, end, code, how);
                m->text_start = text_start;
                copy_str(m->actor, sizeof m->actor, base);
                if (last_ag && end == u[k].end) {
                    m->agent = last_ag;
                    m->agent_trailing = 1;
                }
            }
            /* "Danish media and government": the actor distributes over agents */
            while (had_agent && k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == end + 1 &&
                   (x->cls[end] & WC_LISTSEP)) {
                const agent_phrase *ag = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
                char c2[40];
                copy_str(c2, sizeof c2, base);
                compose_code(c2, sizeof c2, ag->code, ag->prefix);
                mention *m = add_mention(x, u[k + 1].start, u[k + 1].end, c2, how);
                m->group = g;
                end = u[k + 1].end;
                k++;
            }
            continue;
        }
        /* an agent: agent + actor, agent + of/in/from [the] [modifiers] + actor */
        if (un->kind == 2) {
            const agent_phrase *ag = &VEC_AT(d->agents, agent_phrase, un->id);
            int j = un->end;
            int via = 0;
            /* stacked agents "government activists": take the last one too; with the
             * CAMEO conventions only the last, the head noun ("ethnic minority rebels"
             * are rebels) */
            const agent_phrase *ag2 = NULL;
            if (k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == j) { ag2 = &VEC_AT(d->agents, agent_phrase, u[k + 1].id); j = u[k + 1].end; k++; }
            while (d->cameo_conventions && ag2 && k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == j) {
                ag2 = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
                j = u[k + 1].end;
                k++;
            }
            if (d->cameo_conventions && ag2 && !religion_code(ag->code)) ag = ag2;   /* the same code twice composes once */
            /* "King Hassan of Morocco": the title's unknown name may stand before "of" */
            {
                int q = j;
                while (q < n && q - j < 3 && is_name_token(x, q)) q++;
                if (q > j && q < n && (tok_is(x, q, "of") || tok_is(x, q, "from"))) j = q;
            }
            /* "an Islamic State target southwest of Baghdad": plain nouns may stand between */
            {
                int q = j, fill = 0;
                while (q < n && fill < 2 && !is_punct(x, q) && !(x->cls[q] & (WC_STOP | WC_PREP)) && !x->verbish[q] &&
                       !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM)) && x->unit_agent[q] < 0)
                    q++, fill++;
                if (fill && q < n && (tok_is(x, q, "of") || tok_is(x, q, "in"))) j = q;
            }
            /* "Panama recalled its ambassador from Cuba": an agent the subject owns
             * ("its", "their") is not the agent of the country after it (CAMEO conventions) */
            int owned = d->cameo_conventions && un->start > 0 &&
                        (tok_is(x, un->start - 1, "its") || tok_is(x, un->start - 1, "their") ||
                         tok_is(x, un->start - 1, "his") || tok_is(x, un->start - 1, "her"));
            if (!owned && j < n && (tok_is(x, j, "of") || tok_is(x, j, "in") || tok_is(x, j, "from"))) {
                via = 1;
                j++;
                if (j < n && (x->cls[j] & WC_DET)) j++;
                for (int q = 0; q < 2 && j < n && k + 1 < nu && u[k + 1].start > j; q++)
                    if (!is_punct(x, j) && !(x->cls[j] & (WC_STOP | WC_PREP)) && !x->verbish[j] &&
                        !(x->s->tok[j].flags & TOK_CAP))
                        j++;
            }
            if (k + 1 < nu && (u[k + 1].kind == 1 || u[k + 1].kind == 3) && u[k + 1].start == j) {
                char code[40];
                copy_str(code, sizeof code, actor_code_for(x, u[k + 1].id));
                /* "President Peres": the person's own code wins when it is specific */
                int person = !via && VEC_AT(d->actors, actor_phrase, u[k + 1].id).person;
                if (!(person && strlen(code) > 3)) {
                    if (ag2) compose_code(code, sizeof code, former ? "ELI" : ag2->code, ag2->prefix);
                    compose_code(code, sizeof code, former ? "ELI" : ag->code, ag->prefix);
                }
                int start = un->start;
                int end = u[k + 1].end;
                int ts = via ? start : u[k + 1].start;
                int kind = u[k + 1].kind;
                k++;
                /* actor followed by more agents: "Gonzo GMO" */
                while (k + 1 < nu && u[k + 1].kind == 2 && u[k + 1].start == end) {
                    const agent_phrase *a3 = &VEC_AT(d->agents, agent_phrase, u[k + 1].id);
                    compose_code(code, sizeof code, a3->code, a3->prefix);
                    end = u[k + 1].end;
                    k++;
                }
                mention *m = add_mention(x, start, end, code, kind == 3 ? TOCSIN_MATCH_FUZZY : TOCSIN_MATCH_EXACT);
                m->text_start = ts;
                if (via) { m->agent = ag2 ? ag2 : ag; m->agent2 = ag2 ? ag : NULL; m->agent_leading = 1; }
            } else {
                /* an agent with no actor ("Congress", "rebels"): PETRARCH codes it with
                 * an unknown country, "---LEG"; TABARI leaves the agent code as written,
                 * its '~' marking where the missing actor would go ("~LEG", "NGO~") */
                char code[40] = "---";
                if (d->tabari_verbs) copy_str(code, sizeof code, "~");
                const agent_phrase *last = ag2 ? ag2 : ag;
                if (ag2) compose_code(code, sizeof code, ag->code, ag->prefix);
                compose_code(code, sizeof code, last->code, last->prefix);
                mention *m = add_mention(x, un->start, j > un->end && !via ? j : (ag2 ? u[k].end : un->end), code,
                                         TOCSIN_MATCH_EXACT);
                m->lone = 1;
            }
        }
    }
    for (int i = 0; i < n; i++) x->ment_at[i] = -1;
    for (int k = 0; k < x->nm; k++)
        for (int i = x->m[k].start; i < x->m[k].end; i++) if (x->ment_at[i] < 0) x->ment_at[i] = k;
    /* prepositional objects and appositives */
    for (int k = 0; k < x->nm; k++) {
        mention *m = &x->m[k];
        int p = m->start - 1;
        while (p >= 0 && (x->cls[p] & WC_DET)) p--;
        if (p >= 0 && (x->cls[p] & WC_PREP) && !(x->cls[p] & WC_TO && 0)) m->pp = 1;
        /* "of southern Serbia", "against neighbouring Lebanon": a lower-case adjective
         * between the preposition and the actor */
        if (!m->pp && !d->tabari_verbs) {
            int q = p, adj = 0;
            while (q >= 0 && adj < 2 && x->ment_at[q] < 0 && !x->verbish[q] && !x->in_verb[q] &&
                   !(x->cls[q] & WC_STOP) && !is_punct(x, q) && !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM)) &&
                   x->tl[q] > 4) {
                const char *w = x->s->tok[q].lower;
                size_t l = x->tl[q];
                if (strcmp(w + l - 3, "ern") && strcmp(w + l - 3, "ing") && strcmp(w + l - 2, "ed")) break;
                q--, adj++;
            }
            while (adj && q >= 0 && (x->cls[q] & WC_DET)) q--;
            if (adj && q >= 0 && (x->cls[q] & WC_PREP)) m->pp = 1;
        }
        /* "Thousands of Iraqi Kurds demonstrated", "some of the Serbian forces": after
         * a quantity, "of" introduces the head of the phrase, not a modifier */
        if (m->pp && !d->tabari_verbs && p >= 1 && tok_is(x, p, "of") && x->ment_at[p - 1] < 0) {
            static const char *const qty[] = { "thousands", "hundreds", "dozens", "scores", "millions", "tens",
                                               "some", "many", "most", "all", "several", "both", "half", "third",
                                               "majority" };
            const token *q = &x->s->tok[p - 1];
            int quantity = (q->flags & TOK_NUM) != 0;
            for (size_t k = 0; k < sizeof qty / sizeof qty[0] && !quantity; k++) quantity = !strcmp(q->lower, qty[k]);
            if (quantity) m->pp = 0;
        }
        m->companion = tok_is(x, p, "alongside") ||
                       (tok_is(x, p, "with") && (tok_is(x, p - 1, "together") || tok_is(x, p - 1, "along")));
        /* "in southern Iraq", "near the Syrian border town of ..."  */
        {
            int q = m->start - 1, adj = 0;
            while (q >= 0 && adj < 3 && ((x->cls[q] & WC_DET) || (!(x->cls[q] & WC_STOP) && !is_punct(x, q) &&
                                                                  !(x->s->tok[q].flags & (TOK_CAP | TOK_NUM)) &&
                                                                  !x->verbish[q] && x->ment_at[q] < 0)))
                q--, adj++;
            if (q >= 0 && (x->cls[q] & WC_LOC) && strlen(m->code) == 3 && !m->lone) m->place = m->pp = 1;
            /* "a target southwest of Baghdad", "30 km north of Kabul" */
            if (q >= 1 && tok_is(x, q, "of") && strlen(m->code) == 3 && !m->lone) {
                static const char *const dir[] = { "north", "south", "east", "west", "northeast", "northwest",
                                                   "southeast", "southwest", "outskirts" };
                for (size_t k = 0; k < sizeof dir / sizeof dir[0]; k++)
                    if (tok_is(x, q - 1, dir[k])) m->place = m->pp = 1;
            }
        }
        /* "Australia's strong dollar": the phrase is about the thing, not its owner */
        if (m->end + 1 < x->n && (x->s->tok[m->end].flags & TOK_POSS) && x->ment_at[m->end + 1] < 0 &&
            x->unit_agent[m->end + 1] < 0 && !(x->s->tok[m->end + 1].flags & (TOK_CAP | TOK_PUNCT | TOK_NUM)))
            m->possessor = 1;
        /* "X, the state's fiercest foe," style: preceded by ", the" */
        if (m->start >= 2 && (x->cls[m->start - 1] & WC_DET) && is_ch(x, m->start - 2, ',')) m->appositive = 1;
    }
    /* comma-delimited segments without a verb ("Gollum, centre of a row between
     * Radagast and Saruman, called ...") hold no subject */
    for (int i = 0; i < n; i++) {
        if (!is_ch(x, i, ',')) continue;
        int j = i + 1, verb = 0;
        while (j < n && !is_ch(x, j, ',') && !is_semicolon(x, j) && !(x->cls[j] & WC_CONJ)) {
            if (x->verbish[j] && x->ment_at[j] < 0 && !(x->s->tok[j - 1].flags & TOK_POSS) && !(x->cls[j - 1] & WC_DET))
                verb = 1;
            j++;
        }
        if (j < n && is_ch(x, j, ',') && !verb && j - i <= 12) {
            for (int k = 0; k < x->nm; k++)
                if (x->m[k].start > i && x->m[k].end <= j) x->m[k].appositive = 1;
        }
        i = j - 1;
    }
    /* PETRARCH: conjoined noun phrases each naming its actor, "Ithilen's sheep and
     * goats of Gondor": the two actors are a compound */
    for (int k = 0; k + 1 < x->nm && d->field_verbs && !d->tabari_verbs && !d->cameo_conventions; k++) {
        mention *a = &x->m[k], *b = &x->m[k + 1];
        if (!a->possessor || a->group == b->group || b->start < a->end) continue;
        int i = a->end;
        if (i < n && (x->s->tok[i].flags & TOK_POSS)) i++;
        int ok = i + 4 == b->start && tok_is(x, i + 1, "and") && tok_is(x, i + 3, "of");
        for (int q = i; ok && q < b->start; q += 2)
            if (is_punct(x, q) || x->verbish[q] || (x->cls[q] & WC_STOP) || (x->s->tok[q].flags & (TOK_CAP | TOK_NUM)))
                ok = 0;
        if (!ok) continue;
        int bg = b->group;
        for (int q = k + 1; q < x->nm; q++) if (x->m[q].group == bg) x->m[q].group = a->group;
        a->possessor = 0;
        b->pp = a->pp;
    }
    /* compounds: mention (, mention)* and|or|nor mention, with determiners/adjectives between */
    for (int k = 0; k + 1 < x->nm; k++) {
        mention *a = &x->m[k], *b = &x->m[k + 1];
        if (b->group == a->group) continue;
        if (b->start < a->end) continue;
        int sep = 0, other = 0;
        for (int i = a->end; i < b->start; i++) {
            if (x->cls[i] & WC_LISTSEP) sep = 1;
            else if (is_ch(x, i, ',')) sep = sep ? sep : 2;
            else if (x->cls[i] & WC_DET) continue;
            /* verbs are not known yet: a word that can be one ("Scholz, visiting
             * refugees") keeps the two apart */
            else if (!is_punct(x, i) && !(x->cls[i] & (WC_STOP)) && !x->in_verb[i] && !x->verbish[i] &&
                     b->start - a->end <= 4)
                other++;
            else { sep = 0; other = 99; break; }
        }
        if (!sep || other > 2) continue;
        /* TABARI: "A, and B" is no list of two ("the Prince of Dol_Amroth, and
         * Elrond"): a comma comes only between items of a longer list */
        if (d->tabari_verbs && sep == 1 && (k == 0 || x->m[k - 1].group != a->group)) {
            int comma = 0;
            for (int i = a->end; i < b->start; i++) if (is_ch(x, i, ',')) comma = 1;
            if (comma) continue;
        }
        /* "between A and B, and C and D": a list closed by its "and" takes no
         * further member after a comma (PETRARCH; TABARI reads one long list) */
        if (k > 0 && !d->tabari_verbs && x->m[k - 1].group == a->group && x->m[k - 1].end <= a->start) {
            int comma = 0, closed = 0;
            for (int i = a->end; i < b->start; i++) if (is_ch(x, i, ',')) comma = 1;
            for (int i = x->m[k - 1].end; i < a->start; i++) {
                if (is_ch(x, i, ',')) { closed = 0; break; }
                if (x->cls[i] & WC_LISTSEP) closed = 1;
            }
            if (comma && closed) continue;
        }
        if (sep == 2) {
            /* a comma only joins list items when an "and"/"or" follows the next one */
            int j = b->end;
            if (!(j < x->n && ((x->cls[j] & WC_LISTSEP) || is_ch(x, j, ',')) && j + 1 < x->n)) continue;
            int joined = 0;
            for (int q = k + 2; q < x->nm; q++) {
                if (x->m[q].start > b->end + 4) break;
                joined = 1;
            }
            if (!joined) continue;
        }
        int g = a->group, bg = b->group;   /* b's own group: b is renamed first */
        for (int q = k + 1; q < x->nm && x->m[q].group == bg; q++) x->m[q].group = g;
        b->group = g;
        b->pp = a->pp;
        b->appositive = a->appositive;
    }
    /* CAMEO conventions: an international body's officials and leaders are the
     * body ("European Union leaders" -> IGOEUREEC: CAMEO has no IGO government
     * role); its staff (LAB), peacekeepers (MIL) and agencies keep their codes */
    for (int k = 0; k < x->nm && d->cameo_conventions; k++) {
        char *cd = x->m[k].code;
        if (strncmp(cd, "IGO", 3)) continue;
        size_t l = strlen(cd);
        if (l > 6 && !strcmp(cd + l - 3, "GOV")) cd[l - 3] = 0;
    }
    /* a countryless agent takes the country of the place the sentence is about when
     * that is the only country named ("opposition leaders postponed the
     * demonstration in Baku" -> AZEOPP). With the CAMEO conventions a human coder
     * does the same when the one country names a participant's own group
     * ("Iranian protesters demonstrated against the government" -> IRNOPP>IRNGOV:
     * domestic politics); a bare country ("Israel attacked militants") does not
     * say the agent is its own, so it lends its country only as a place. */
    {
        const char *only = NULL;
        int place = 0, many = 0, own = 0;
        for (int k = 0; k < x->nm && !many; k++) {
            const mention *m = &x->m[k];
            if (m->lone || strlen(m->code) < 3 || !isupper((unsigned char)m->code[0])) continue;
            /* with the CAMEO conventions an international body or a region named
             * beside the country ("began talks with the government and the United
             * Nations", "in the west of Africa's largest country") is nobody's
             * government or rebels: it does not make the country ambiguous */
            if (d->cameo_conventions && x->nm > 1 && is_supranational(m->code)) continue;
            if (only && strncmp(only, m->code, 3)) many = 1;
            only = m->code;
            if (m->pp) place = 1;
            else if (strlen(m->code) > 3) own = 1;
        }
        if (only && !many && (place || (own && d->cameo_conventions)) && strncmp(only, "IGO", 3) &&
            strncmp(only, "NGO", 3)) {
            for (int k = 0; k < x->nm; k++) {
                mention *m = &x->m[k];
                if (!m->lone || strncmp(m->code, "---", 3)) continue;
                /* "Gunmen ambushed the convoy of an Iraqi politician": unidentified
                 * gunmen or criminals are nobody's, whatever country the story is in */
                if (d->cameo_conventions && (strstr(m->code + 3, "UAF") || strstr(m->code + 3, "CRM"))) continue;
                char code[40];
                memcpy(code, only, 3);
                copy_str(code + 3, sizeof code - 3, m->code + 3);
                copy_str(m->code, sizeof m->code, code);
                m->lone = 0;
            }
        }
    }
    /* agents distribute over compounds: "the ambassadors of A, B and C",
     * "US and British activists"; TABARI codes an agent with the one actor next
     * to it only (manual 5.4) */
    for (int k = 0; k < x->nm && !d->tabari_verbs; k++) {
        const mention *src = &x->m[k];
        if (!src->agent || !(src->agent_leading || src->agent_trailing)) continue;
        for (int q = 0; q < x->nm; q++) {
            mention *o = &x->m[q];
            if (q == k || o->group != src->group || o->agent) continue;
            if (src->agent_leading && q < k) continue;
            if (src->agent_trailing && (q > k || o->end - o->start > 2)) continue;
            if (o->match == TOCSIN_MATCH_TITLE) continue;
            if (src->agent2) compose_code(o->code, sizeof o->code, src->agent2->code, src->agent2->prefix);
            compose_code(o->code, sizeof o->code, src->agent->code, src->agent->prefix);
            o->agent = src->agent;
        }
    }
    /* "Lawmakers and officials in A and B": a countryless agent conjoined before an
     * "agent in/of ACTORS" phrase shares its actors (ALEG BLEG AGOV BGOV) */
    for (int k = 0, nm0 = x->nm; k < nm0 && !d->tabari_verbs; k++) {
        mention *l = &x->m[k];
        if (!l->lone || strncmp(l->code, "---", 3) || !l->code[3]) continue;
        int lead = -1;
        for (int q = k + 1; q < nm0 && lead < 0; q++)
            if (x->m[q].group == l->group && x->m[q].agent && x->m[q].agent_leading && !x->m[q].lone) lead = q;
        if (lead < 0) continue;
        char role[40];
        copy_str(role, sizeof role, l->code + 3);
        int first = 1;
        for (int q = lead; q < nm0; q++) {
            const mention *o = &x->m[q];
            if (o->group != l->group || o->lone || o->agent != x->m[lead].agent) continue;
            char base[40];
            copy_str(base, sizeof base, o->code);
            strip_agent(base, o->agent);
            strip_agent(base, x->m[lead].agent2);
            char code[40];
            copy_str(code, sizeof code, base);
            compose_code(code, sizeof code, role, 0);
            mention *m = l;
            if (!first) {
                if (x->nm >= x->n * 2 + 2) break;
                m = &x->m[x->nm++];
                *m = *l;
                l = &x->m[k];
            }
            copy_str(m->code, sizeof m->code, code);
            m->lone = 0;
            first = 0;
        }
    }
    /* TABARI: every actor of a compound's noun phrase is a member (manual 7.5:
     * "the system will identify all of the actors in the sequence"): "Gondor and
     * Arnor's Elrond", "Calenardhon and the evil Arnor awful Gondor" */
    for (int k = 1; d->tabari_verbs && k + 1 < x->nm; k++) {
        mention *a = &x->m[k], *b = &x->m[k + 1];
        if (a->group == k || b->group == a->group || b->start < a->end || b->start - a->end > 2) continue;
        int ok = 1;
        for (int i = a->end; i < b->start && ok; i++)
            ok = (x->s->tok[i].flags & TOK_POSS) || (x->cls[i] & WC_DET) || tabari_listed(x, &d->tabari_adjs, i);
        if (!ok) continue;
        int g = b->group;
        for (int q = k + 1; q < x->nm; q++) if (x->m[q].group == g) x->m[q].group = a->group;
    }
    if (d->tabari_verbs) tabari_pronouns(x);
}

/* TABARI coreferences pronouns before coding (manual 7.7): HE, SHE, IT take the
 * first actor of the sentence; ITS, HIS, HER "the first actor prior to the
 * pronoun", which TABARI's validation records read as the first actor of the
 * sentence too ("Arnor suggested Gondor should apply Geneva conventions in its
 * dealings with Rohan" -> ARN>ROH); THEY, THEM, THEIR the first compound
 * actor, else the first actor. The
 * pronoun then is an actor like any other (patterns' $ and + match it, and it
 * can be a source or a target). Only antecedents before the pronoun count. */
static int group_size(const sent_ctx *x, int g);
/* TABARI's FORWARD (manual 8.4): a pronoun that opens a sentence, before any
 * actor, stands for the first actor of the story's previous sentence: the actor
 * itself, without the agents composed with it ("Fornost President Umbardacil
 * appealed ... He has also asked" -> FOR), and a pronoun that was coreferenced
 * there is no actor. Written to out; 0 when the sentence names no actor. */
static int tabari_forward_actor(const sent_ctx *x, char *out, size_t cap)
{
    for (int k = 0; k < x->nm; k++) {
        const mention *m = &x->m[k];
        if (m->match == TOCSIN_MATCH_PRONOUN || m->lone || !m->actor[0]) continue;
        copy_str(out, cap, m->actor);
        return 1;
    }
    return 0;
}

static void tabari_pronouns(sent_ctx *x)
{
    static const struct { const char *w; char kind; } prons[] = {
        {"he", 'f'}, {"she", 'f'}, {"it", 'f'}, {"its", 'f'}, {"his", 'f'}, {"her", 'f'},
        {"they", 'c'}, {"them", 'c'}, {"their", 'c'},
    };
    int n = x->n, nm = x->nm, extra = 0;
    if (!nm) return;
    int *ref = arena_alloc(&x->c->a, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        ref[i] = -1;
        if (x->ment_at[i] >= 0) continue;
        char kind = 0;
        for (size_t q = 0; q < sizeof prons / sizeof prons[0] && !kind; q++)
            if (!strcmp(x->s->tok[i].lower, prons[q].w)) kind = prons[q].kind;
        if (!kind) continue;
        int r = -1;
        for (int k = 0; k < nm && x->m[k].end <= i; k++) {
            if (!x->m[k].code[0]) continue;
            if (kind == 'f') { r = k; break; }
            if (kind == 'c') {
                if (r < 0) r = k;
                if (group_size(x, x->m[k].group) > 1) { r = x->m[k].group; break; }
            }
        }
        if (r < 0) continue;
        ref[i] = r;
        extra += kind == 'c' ? group_size(x, x->m[r].group) : 1;
    }
    if (!extra) return;
    mention *m = arena_alloc(&x->c->a, sizeof(mention) * (size_t)(nm + extra + 1));
    int *newidx = arena_alloc(&x->c->a, sizeof(int) * (size_t)(nm + 1));
    int k = 0, o = 0;
    for (int i = 0; i <= n; i++) {
        while (k < nm && (i == n || x->m[k].start <= i) ) {
            newidx[k] = o;
            m[o++] = x->m[k++];
        }
        if (i == n || ref[i] < 0) continue;
        const mention *r = &x->m[ref[i]];
        int many = !strcmp(x->s->tok[i].lower, "they") || !strcmp(x->s->tok[i].lower, "them") ||
                   !strcmp(x->s->tok[i].lower, "their");
        int first = o;
        for (int q = 0; q < nm; q++) {
            if (many ? x->m[q].group != r->group : q != ref[i]) continue;
            mention *p = &m[o++];
            *p = x->m[q];
            p->start = p->text_start = i;
            p->end = i + 1;
            p->group = -1 - first;   /* remapped below */
            p->match = TOCSIN_MATCH_PRONOUN;
            p->pp = i > 0 && (x->cls[i - 1] & WC_PREP);
            p->appositive = p->possessor = p->place = p->companion = 0;
        }
    }
    for (int q = 0; q < o; q++)
        m[q].group = m[q].group < 0 ? -1 - m[q].group : newidx[m[q].group];
    x->m = m;
    x->nm = o;
    for (int i = 0; i < n; i++) x->ment_at[i] = -1;
    for (int q = 0; q < o; q++)
        for (int i = m[q].start; i < m[q].end; i++) if (x->ment_at[i] < 0) x->ment_at[i] = q;
}

static int weekday_token(const token *t)
{
    static const char *const days[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday", "yesterday", "today" };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) if (!strcmp(t->lower, days[i])) return 1;
    return 0;
}

/* Step 3: verbs. */
static void find_verbs(sent_ctx *x)
{
    const tocsin_dict *d = x->d;
    int n = x->n;
    x->v = arena_alloc(&x->c->a, sizeof(verb_hit) * (size_t)(n + 1));
    x->nv = 0;
    for (int i = 0; i < n; i++) {
        if (is_punct(x, i) || x->ment_at[i] >= 0) continue;
        const token *t = &x->s->tok[i];
        if (t->flags & TOK_NUM) continue;
        /* "HONG KONG, March 21 (Xinhua)": a capitalised month before a number is a date */
        if ((t->flags & TOK_CAP) && (!strcmp(t->lower, "march") || !strcmp(t->lower, "may")) && i + 1 < n &&
            (x->s->tok[i + 1].flags & TOK_NUM))
            continue;
        uint32_t cnt = x->vcnt[i];
        const uint32_t *ids = x->vids[i];
        if (!ids && !(d->stem_lens && d->verb_stem_idx.mask)) continue;
        int k = 0;
        int found = -1, fs = i, fe = i + 1;
        int stem_batch = 0;
        for (;;) {
            for (uint32_t q = 0; q < cnt && found < 0; q++) {
                const verb_form *f = &VEC_AT(d->forms, verb_form, ids[q]);
                /* stem candidates share only a prefix with the token: verify the stem */
                if (stem_batch && !token_match(x, &VEC_AT(d->words, dict_word, f->word), i, 0)) continue;
                int s0 = i - f->npre, e0 = i + 1 + f->npost;
                if (s0 < 0 || e0 > n) continue;
                int ok = 1;
                for (int w = 0; w < f->npre && ok; w++)
                    ok = token_match(x, &VEC_AT(d->words, dict_word, f->pre0 + w), s0 + w, 1);
                for (int w = 0, pos = i + 1; w < f->npost && ok; w++, pos++) {
                    const dict_word *pw = &VEC_AT(d->words, dict_word, f->post0 + w);
                    ok = pos < n && token_match(x, pw, pos, 1);
                    /* a TABARI word after a blank may come a word or two later */
                    for (int q = pos + 1; !ok && (pw->flags & DW_GAP) && q < n && q <= pos + 2 && !is_punct(x, q - 1) &&
                                          !(x->cls[q - 1] & WC_CONJ); q++)
                        if (token_match(x, pw, q, 1)) { ok = 1; pos = q; }
                    if (ok) e0 = pos + 1;
                }
                if (ok) { found = (int)ids[q]; fs = s0; fe = e0; }
            }
            if (found >= 0 || !d->stem_lens || !d->verb_stem_idx.mask) break;
            ids = stem_probe(d, &d->verb_stem_idx, t, &k, &cnt);
            if (!ids) break;
            stem_batch = 1;
        }
        if (found < 0) continue;
        int reduced = 0;
        /* TABARI: a word of the <NOUN> list is a noun (manual 5.3.2: "FORCES_") */
        if (d->tabari_verbs && fs == i && fe == i + 1 && d->tabari_nouns.n && tabari_listed(x, &d->tabari_nouns, i)) continue;
        /* TABARI: a word capitalised in the middle of a sentence is a noun (manual 7.4) */
        if (d->tabari_verbs && (t->flags & TOK_CAP) && !(t->flags & TOK_FIRST) && !x->allcaps && fs == i) continue;
        /* a capitalised word inside a run of names is a name, not a verb */
        if ((t->flags & TOK_CAP) && !(t->flags & TOK_FIRST) && !x->allcaps) {
            int prev_name = i > 0 && (x->s->tok[i - 1].flags & TOK_CAP) && !(x->s->tok[i - 1].flags & TOK_FIRST) &&
                            x->ment_at[i - 1] < 0 && !(x->cls[i - 1] & WC_STOP) && !x->in_verb[i - 1];
            int next_name = i + 1 < n && (x->s->tok[i + 1].flags & TOK_CAP) && x->ment_at[i + 1] < 0 &&
                            !(x->cls[i + 1] & WC_STOP) && x->unit_agent[i + 1] < 0;
            if (prev_name || (next_name && t->lemma == t->lower)) continue;
            /* "the US State department": a capital between an actor and a plain noun is part of a name */
            if (i > 0 && x->ment_at[i - 1] >= 0 && i + 1 < n && !(x->s->tok[i + 1].flags & (TOK_CAP | TOK_PUNCT)) &&
                !(x->cls[i + 1] & WC_STOP) && !x->verbish[i + 1] && x->ment_at[i + 1] < 0)
                continue;
            /* a slogan or title in quotes: "Free Tibet" */
            if (i > 0 && ((x->s->tok[i - 1].flags & TOK_QUOTE) ||
                                                 x->s->tok[i - 1].text[0] == '`' || x->s->tok[i - 1].text[0] == '\''))
                continue;
        }
        if (fs == i && fe == i + 1 && i > 0) {
            const token *pt = &x->s->tok[i - 1];
            size_t tl = strlen(t->lower);
            int participle = tl > 3 && (!strcmp(t->lower + tl - 2, "ed") || !strcmp(t->lower + tl - 2, "en"));
            int base = t->lemma == t->lower || !strcmp(t->lemma, t->lower);
            /* "it seems clear", "is aware": a bare form after a linking verb is an adjective */
            if (base && !participle && ((x->cls[i - 1] & WC_BE) || !strcmp(pt->lemma, "seem") || !strcmp(pt->lemma, "appear") ||
                                         !strcmp(pt->lemma, "remain") || !strcmp(pt->lemma, "become")))
                continue;
            /* "a report released Tuesday in ...": a participle right after a plain noun,
             * followed by a preposition or time word, is a reduced relative clause */
            /* ... but "Ghazi al-Yawar arrived in Kuwait": a name part before it, or a
             * verb that takes no object, makes it the main verb */
            int intransitive = !strcmp(t->lemma, "arrive") || !strcmp(t->lemma, "die") || !strcmp(t->lemma, "return") ||
                               !strcmp(t->lemma, "travel") || !strcmp(t->lemma, "come") || !strcmp(t->lemma, "go") ||
                               !strcmp(t->lemma, "fly") || !strcmp(t->lemma, "land") || !strcmp(t->lemma, "happen");
            int name_part = 0;
            for (const char *q = pt->text; *q && !name_part; q++) name_part = isupper((unsigned char)*q) != 0;
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
            if (participle && !reduced && !intransitive && d->cameo_conventions && x->ment_at[i - 1] >= 0 && i + 1 < n &&
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
        /* TABARI: a word right after an article is a noun, never a verb ("was in an
         * accord") */
        if (d->tabari_verbs && fs >= 1 && (tok_is(x, fs - 1, "a") || tok_is(x, fs - 1, "an") || tok_is(x, fs - 1, "the"))) {
            x->nv--;
            continue;
        }
        /* ...and only that (with capitals, manual 7.4) makes one a noun */
        if (d->tabari_verbs) {
            vh->nounlike = 0;
            for (int q = fs; q < fe; q++) x->in_verb[q] = 1;
            i = fe - 1;
            continue;
        }
        /* "reiterated US support": a verb form right after an object actor is a noun */
        if (!vh->nounlike && p >= 0 && p == fs - 1 && x->ment_at[p] >= 0 && (t->lemma == t->lower || !strcmp(t->lemma, t->lower))) {
            int ms0 = x->m[x->ment_at[p]].start;
            if (ms0 > 0 && x->in_verb[ms0 - 1] &&
                !(wc_get(&x->c->lc, x->s->tok[ms0 - 1].lemma_hash) & WC_SAYCLAUSE))
                vh->nounlike = 1;
        }
        /* "to severe sanctions": an -s form after an adjective after a preposition */
        if (!vh->nounlike && p >= 1 && !x->verbish[p] && !(x->cls[p] & WC_STOP) && x->ment_at[p] < 0 &&
            (x->cls[p - 1] & (WC_PREP | WC_DET)) && t->lower[strlen(t->lower) - 1] == 's')
            vh->nounlike = 1;
        /* "the second call", "a new attack" ("a man died": a past form is a verb,
         * except with TABARI's and tocsin's own dictionaries) */
        if (!vh->nounlike && p >= 1 && (x->cls[p - 1] & WC_DET) && !(x->cls[p] & (WC_STOP | WC_PREP)) &&
            !x->in_verb[p] && x->ment_at[p] < 0 &&
            !(d->field_verbs && !d->tabari_verbs && !d->cameo_conventions && t->lemma != t->lower &&
              strcmp(t->lemma, t->lower) && t->lower[x->tl[i] - 1] != 's'))
            vh->nounlike = 1;
        /* "the naval blockade", "a military crackdown": a lower-case agent word between
         * an article and a bare verb form modifies a noun; it is no subject */
        if (!vh->nounlike && p >= 1 && p == fs - 1 && (x->cls[p - 1] & WC_DET) && x->ment_at[p] >= 0 &&
            x->m[x->ment_at[p]].start == p && x->m[x->ment_at[p]].end == p + 1 &&
            !(x->s->tok[p].flags & TOK_CAP) && x->tl[p] > 1 && x->s->tok[p].lower[x->tl[p] - 1] != 's' &&
            (t->lemma == t->lower || !strcmp(t->lemma, t->lower)))
            vh->nounlike = 1;
        for (int q = fs; q < fe; q++) x->in_verb[q] = 1;
        i = fe - 1;
    }
    /* "Serbian forces killed three", "rebel attacks killed": an -s form right before
     * a past-tense verb is the plural head of the subject, not a verb (PETRARCH
     * parses it as a noun; TABARI's verbs are matched as written) */
    if (!d->tabari_verbs) {
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
    /* a reduced relative is dropped when a main verb follows it */
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
            if (d->cameo_conventions) {
                int stop = k + 1 < x->nv ? x->v[k + 1].start : x->n;
                for (int q = 0; q < x->nm; q++)
                    if (x->m[q].start >= x->v[k].end && x->m[q].end <= stop) x->m[q].appositive = 1;
            }
            continue;
        }
        /* PETRARCH's parser tags a modal ("should have acted") as no verb: a modal the
         * dictionary lists as a verb yields to the verb it governs */
        if (d->field_verbs && !d->tabari_verbs && !d->cameo_conventions && (x->cls[x->v[k].tok] & WC_MODAL) &&
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

/* TOCSIN_DEBUG=1: the analysis of each sentence on stderr, for dictionary work. */
static void debug_sentence(const sent_ctx *x)
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

/* ---- pattern matching ---- */

typedef struct match_state {
    int cmp_both;         /* TABARI: % is source and target; PETRARCH: after '*' it is the target */
    int src, tgt;         /* mention indices or -1 */
    int cmp;              /* group of a % compound or -1 */
    int leftmost;
    int lo, hi;           /* scope */
    /* PETRARCH-2 patterns (d->np_patterns): post-verb words stop at a "that" clause;
     * mlen: characters of dictionary text matched (the most specific pattern wins) */
    int word_hi, vstart, mlen;
    int post_at;          /* where the first post-verb element matched, or -1 */
    int skip1;            /* TABARI: group + 1 of the actor a '^' skipped (0: none) */
} match_state;


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
    if (!np_mode(x->d)) return 1;
    if (x->cls[p] & WC_ADV) return 0;
    size_t l = x->tl[p];
    if (l > 4 && !strcmp(x->s->tok[p].lower + l - 2, "ly")) return 0;
    if (p == ms->vstart - 1 && (x->cls[p] & WC_TO)) return 0;
    if (x->in_verb[p])
        for (int k = 0; k < x->nv; k++)
            if (x->v[k].start <= p && p < x->v[k].end) return x->v[k].nounlike;
    return 1;
}

static int next_mention_at_or_after(const sent_ctx *x, int pos, int hi)
{
    for (int i = pos; i < hi; i++) if (x->ment_at[i] >= 0) return x->ment_at[i];
    return -1;
}

static int group_size(const sent_ctx *x, int g)
{
    int n = 0;
    for (int k = 0; k < x->nm; k++) if (x->m[k].group == g) n++;
    return n;
}

static int group_first(const sent_ctx *x, int mi) { return x->m[mi].group; }
static int group_last_end(const sent_ctx *x, int mi)
{
    int g = x->m[mi].group, e = x->m[mi].end;
    for (int k = 0; k < x->nm; k++) if (x->m[k].group == g && x->m[k].end > e) e = x->m[k].end;
    return e;
}
static int group_first_start(const sent_ctx *x, int mi)
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

/* synset phrase forward at pos: end or -1 */
static int syn_forward(const sent_ctx *x, uint32_t sid, int pos, int hi, int *plen)
{
    const tocsin_dict *d = x->d;
    int best = -1;
    x->c->syn_src_after = 0;
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
                    if (token_match(x, dw, q, 1)) { ok = 1; p = q + 1; }
            }
            if (ok && p > best) { best = p; *plen = sp->len; x->c->syn_src_after = sp->src_after; }
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
                ok = p >= lo && token_match(x, dw, p, 1);
                if (!ok) break;
                if (w > 0) {
                    const dict_word *prev = &VEC_AT(d->words, dict_word, sp->w0 + w - 1);
                    int lim = (dw->flags & DW_GAP) ? p - 4 : p - 1;
                    int q = p - 1;
                    while (q >= lim && q >= lo && !token_match(x, prev, q, 1)) q--;
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
static int match_post(const sent_ctx *x, const pat_elem *e, int k, int ne, int pos, int adjacent, match_state *ms)
{
    if (k == ne) return 1;
    const pat_elem *el = &e[k];
    int need_adj = adjacent || el->adj;
    int hi = ms->hi;
    for (int p = pos; p < hi; p++) {
        if (need_adj && p != pos) {
            if (adjacent || !np_mode(x->d) || p - pos > 3) break;
            if (!adj_gap_ok(x, pos, p)) continue;
        }
        if ((el->kind == PE_WORD || el->kind == PE_SYNSET) && ms->word_hi && p >= ms->word_hi) break;
        if (k == 0) ms->post_at = p;
        switch (el->kind) {
        case PE_WORD:
            /* PETRARCH's "(TO)" is a prepositional phrase: "praised efforts to improve"
             * has none (tocsin's own dictionaries write "(TO ...)" for both) */
            if (el->prep && !x->d->cameo_conventions && (x->cls[p] & WC_TO) && p + 1 < x->n && x->in_verb[p + 1] &&
                (x->s->tok[p + 1].lemma == x->s->tok[p + 1].lower || !strcmp(x->s->tok[p + 1].lemma, x->s->tok[p + 1].lower)))
                break;
            if (pattern_word_match(x, &VEC_AT(x->d->words, dict_word, el->ref), p) &&
                match_post(x, e, k + 1, ne, p + 1, 0, ms)) {
                ms->mlen += VEC_AT(x->d->words, dict_word, el->ref).len;
                return 1;
            }
            break;
        case PE_SYNSET: {
            int plen = 0;
            int end = syn_forward(x, el->ref, p, hi, &plen);
            if (end > 0 && x->c->syn_src_after) {
                /* "* &CURRENCY" with "PESO_$": "a million peso Bree" makes Bree the source */
                int mi = end < hi ? x->ment_at[end] : -1;
                if (mi < 0) break;
                mi = group_first(x, mi);
                int save_s = ms->src;
                ms->src = mi;
                if (match_post(x, e, k + 1, ne, group_last_end(x, mi), 0, ms)) { ms->mlen += plen; return 1; }
                ms->src = save_s;
                break;
            }
            if (end > 0 && match_post(x, e, k + 1, ne, end, 0, ms)) { ms->mlen += plen; return 1; }
            break;
        }
        case PE_SRC: case PE_TGT: case PE_CMP: case PE_SKIP: {
            int mi = x->ment_at[p];
            if (mi < 0 && el->kind == PE_SKIP && p == pos && x->d->field_verbs && !x->d->tabari_verbs &&
                !x->d->cameo_conventions) {
                /* PETRARCH: '^' skips the noun phrase there, an actor or not ("warned
                 * their populations about +" as "warned their Ent populations about +") */
                int q = p;
                while (q < hi && q - p < 4 && x->ment_at[q] < 0 && !is_punct(x, q) && !x->verbish[q] &&
                       !(x->cls[q] & (WC_STOP | WC_PREP | WC_DET | WC_CONJ)))
                    q++;
                if (q > p && match_post(x, e, k + 1, ne, q, 0, ms)) return 1;
            }
            if (mi < 0) break;
            mi = group_first(x, mi);
            if (el->kind == PE_CMP && group_size(x, mi) < 2) break;
            int save_s = ms->src, save_t = ms->tgt, save_c = ms->cmp, save_k = ms->skip1;
            if (el->kind == PE_SRC) ms->src = mi;
            else if (el->kind == PE_TGT) ms->tgt = mi;
            else if (el->kind == PE_CMP) { if (ms->cmp_both) ms->cmp = mi; else ms->tgt = mi; }
            else ms->skip1 = mi + 1;
            if (match_post(x, e, k + 1, ne, group_last_end(x, mi), 0, ms)) return 1;
            ms->src = save_s; ms->tgt = save_t; ms->cmp = save_c; ms->skip1 = save_k;
            /* actors are taken in order: the first one found is the one */
            return 0;
        }
        }
    }
    return 0;
}

/* Pre-verb elements e[0..k] matched backwards ending at or before pos. */
static int match_pre(const sent_ctx *x, const pat_elem *e, int k, int pos, int adjacent, match_state *ms)
{
    if (k < 0) return 1;
    const pat_elem *el = &e[k];
    int lo = ms->lo;
    for (int p = pos; p >= lo; p--) {
        if (adjacent && p != pos) {
            if (!np_mode(x->d) || pos - p > 3) break;
            if (!adj_gap_ok(x, p + 1, pos + 1)) continue;
        }
        int next_adj = el->adj;   /* this element is glued to the one before it */
        switch (el->kind) {
        case PE_WORD:
            if (pre_word_ok(x, p, ms) && pattern_word_match(x, &VEC_AT(x->d->words, dict_word, el->ref), p)) {
                int wl = VEC_AT(x->d->words, dict_word, el->ref).len;
                if (p < ms->leftmost) { int sv = ms->leftmost; ms->leftmost = p; if (match_pre(x, e, k - 1, p - 1, next_adj, ms)) { ms->mlen += wl; return 1; } ms->leftmost = sv; }
                else if (match_pre(x, e, k - 1, p - 1, next_adj, ms)) { ms->mlen += wl; return 1; }
            }
            break;
        case PE_SYNSET: {
            int plen = 0;
            int st = pre_word_ok(x, p, ms) ? syn_backward(x, el->ref, p, lo, &plen) : -1;
            if (st >= 0) {
                int sv = ms->leftmost;
                if (st < ms->leftmost) ms->leftmost = st;
                if (match_pre(x, e, k - 1, st - 1, next_adj, ms)) { ms->mlen += plen; return 1; }
                ms->leftmost = sv;
            }
            break;
        }
        case PE_SRC: case PE_TGT: case PE_CMP: case PE_SKIP: {
            int mi = x->ment_at[p];
            if (mi < 0) break;
            mi = group_first(x, mi);
            if (el->kind == PE_CMP && group_size(x, mi) < 2) break;
            int save_s = ms->src, save_t = ms->tgt, save_c = ms->cmp, save_k = ms->skip1;
            if (el->kind == PE_SRC) ms->src = mi;
            else if (el->kind == PE_TGT) ms->tgt = mi;
            else if (el->kind == PE_CMP) ms->cmp = mi;
            else ms->skip1 = mi + 1;
            if (match_pre(x, e, k - 1, group_first_start(x, mi) - 1, next_adj, ms)) return 1;
            ms->src = save_s; ms->tgt = save_t; ms->cmp = save_c; ms->skip1 = save_k;
            return 0;
        }
        }
    }
    return 0;
}

/* ---- clause structure ---- */

/* Token i is one of the TABARI <NOUN> (list = nouns) or <ADJECTIVE> words. */
static int tabari_listed(const sent_ctx *x, const vec *list, int i)
{
    if (i < 0 || i >= x->n || (x->s->tok[i].flags & (TOK_PUNCT | TOK_NUM))) return 0;
    for (size_t q = 0; q < list->n; q++)
        if (token_match(x, &VEC_AT(x->d->words, dict_word, VEC_AT(*list, uint32_t, q)), i, 0)) return 1;
    return 0;
}

/* TABARI compound noun and adjective phrases (manual 7.5.1): <noun> <conj>
 * <adjctv>* <noun> ("sheep and evil awful goats"), <adjctv> <conj> <adjctv>
 * ("awful and evil"): their conjunction does not divide clauses. */
static int tabari_compound_phrase(const sent_ctx *x, int i)
{
    const tocsin_dict *d = x->d;
    if (!d->tabari_nouns.n && !d->tabari_adjs.n) return 0;
    if (tabari_listed(x, &d->tabari_adjs, i - 1) && tabari_listed(x, &d->tabari_adjs, i + 1)) return 1;
    if (!tabari_listed(x, &d->tabari_nouns, i - 1)) return 0;
    int j = i + 1;
    while (j < x->n && tabari_listed(x, &d->tabari_adjs, j)) j++;
    return tabari_listed(x, &d->tabari_nouns, j);
}

/* "after Calenardhon crowds burned down its embassy": a temporal subordinator
 * followed by an actor and a verb before the next comma opens a clause whose
 * subject is that actor */
static int tempsub_clause(const sent_ctx *x, int i)
{
    if (!(x->d->field_verbs && !x->d->tabari_verbs && !x->d->cameo_conventions)) return 0;
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

static int is_clause_conj(const sent_ctx *x, int i)
{
    if (x->aside && x->aside[i]) return 0;
    if (!(x->cls[i] & WC_CONJ)) return is_semicolon(x, i);
    if (x->d->tabari_verbs && tabari_compound_phrase(x, i)) return 0;
    /* inside an actor phrase: "Durthang and an Orc" is DURTHANG ORC */
    if (x->d->tabari_verbs && x->ment_at[i] >= 0) return 0;
    /* ", and" continues a list in TABARI, no new clause */
    if (x->d->tabari_verbs && i > 0 && is_ch(x, i - 1, ',')) return 0;
    /* no verb (nor auxiliary) before it: it joins noun phrases of the first clause's
     * subject ("Eriador's death and injury toll has risen") */
    if (x->d->field_verbs && !x->d->tabari_verbs && !x->d->cameo_conventions) {
        int verb = 0;
        for (int j = 0; j < i && !verb; j++)
            if (x->in_verb[j] || (x->cls[j] & (WC_MODAL | WC_AUX | WC_BE)) || is_semicolon(x, j)) verb = 1;
        if (!verb) return 0;
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
    if (np_mode(x->d) && i > 0 && i + 1 < x->n && plain_word(x, i - 1) && plain_word(x, i + 1)) return 0;
    /* (CAMEO conventions: only before a head noun, "ground and air offensive", not
     * "jumped the rails and crashed in ...") */
    if (x->d->cameo_conventions && i > 0 && i + 1 < x->n && plain_word(x, i - 1) && plain_word(x, i + 1)) {
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
    if (!x->d->tabari_verbs) {
        int lo = 0;
        for (int j = i - 1; j >= 0 && !lo; j--) if (is_semicolon(x, j)) lo = j + 1;
        int verb = 0;
        for (int k = 0; k < x->nv && !verb; k++)
            if (x->v[k].start >= lo && x->v[k].end <= i && !x->v[k].nounlike) verb = 1;
        if (!verb) return 0;
    }
    return 1;
}

static int is_passive(const sent_ctx *x, const verb_hit *vh)
{
    /* TABARI (manual 7.9): WAS, WERE or BEEN one or two words before the verb and
     * BY right after it (the validation records allow a word between: "was
     * opposed earlier by") */
    if (x->d->tabari_verbs) {
        if (!tok_is(x, vh->end, "by") && !tok_is(x, vh->end + 1, "by")) return 0;
        for (int p = vh->start - 1; p >= 0 && p >= vh->start - 2; p--)
            if (tok_is(x, p, "was") || tok_is(x, p, "were") || tok_is(x, p, "been")) return 1;
        return 0;
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
    if (x->d->cameo_conventions && vh->end < x->n && (x->cls[vh->end] & WC_BY) && vh->start > 0 &&
        (is_ch(x, vh->start - 1, ',') || x->ment_at[vh->start - 1] >= 0 ||
         !(x->cls[vh->start - 1] & (WC_AUX | WC_MODAL | WC_PRON_SUBJ))) &&
        !(t->lemma == t->lower || !strcmp(t->lemma, t->lower)))
        return 1;
    return 0;
}

/* A passive verb's agent may be in a "by"/"from"/"in" phrase after the verb. */
static int passive_agent_pp(const sent_ctx *x, int from, int hi)
{
    for (int i = from; i < hi; i++) {
        if (!tok_is(x, i, "by") && !tok_is(x, i, "from") && !tok_is(x, i, "in")) continue;
        return 1;
    }
    return 0;
}

/* Codes of one actor family: equal, or one is the other plus agents ("USAGOV"
 * and "USA"). An actor does not act on itself. */
static int same_family(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb) { const char *t = a; a = b; b = t; size_t tl = la; la = lb; lb = tl; }
    return la > 0 && la % 3 == 0 && !strncmp(a, b, la);
}

/* ---- events ---- */

typedef struct event_side {
    const char *code;
    const char *text;
    size_t len;
    tocsin_match how;
} event_side;

typedef struct pending_event {
    event_side s, t;
    char code[8];
    int verb;             /* verb hit */
    int subord;
    int dominant;         /* TABARI "code!": only dominant events are kept */
    int dead;             /* replaced by a transformation */
    int nulltgt;          /* PETRARCH-2: an act on no named target, against "---" */
    int day;
} pending_event;

typedef struct doc_ctx {
    tocsin_coder *c;
    const tocsin_doc *doc;
    tocsin_event_fn fn;
    void *user;
    int events;
} doc_ctx;

static void mention_text(const sent_ctx *x, const mention *m, const char **p, size_t *len)
{
    const token *a = &x->s->tok[m->text_start], *b = &x->s->tok[m->end - 1];
    *p = x->s->text + a->off;
    *len = (size_t)(b->off + b->len - a->off);
}

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
    static const char *const future_words[] = { "going", "set", "ready", "poised", "about", "due", "likely", "planning",
                                                "preparing", "expected", "scheduled" };
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

/* The subject before verb vh: nearest mention that is not a prepositional object
 * or appositive, after the last subject boundary. */
static int find_subject(const sent_ctx *x, int lo, int vstart)
{
    int best = -1;
    /* TABARI: "the first actor encountered prior to the verb", from the start of
     * the clause (manual 5.8) */
    if (x->d->tabari_verbs) {
        for (int i = lo; i < vstart; i++)
            if (x->ment_at[i] >= 0) return x->m[x->ment_at[i]].group;
        return -1;
    }
    for (int i = vstart - 1; i >= lo; i--) {
        int mi = x->ment_at[i];
        if (mi < 0) continue;
        const mention *m = &x->m[mi];
        i = group_first_start(x, mi);
        mi = x->m[mi].group;
        m = &x->m[mi];
        if (m->pp || m->appositive || m->possessor) {
            /* "a centre in central Paris was destroyed": a place is no subject
             * (CAMEO; TABARI takes the first actor anyway) */
            if (best < 0 && !(m->place && x->d->cameo_conventions)) best = -2 - mi;
            continue;
        }
        /* "The Malaysia Airlines Boeing 777": of two actors side by side, the first owns the phrase */
        while (m->start > lo && x->ment_at[m->start - 1] >= 0) {
            int left = x->m[x->ment_at[m->start - 1]].group;
            if (left == mi || x->m[left].pp) break;
            mi = left;
            m = &x->m[mi];
        }
        /* PETRARCH: the same with plain adjectives between ("the evil Arnor awful
         * Gondor welcomed": Arnor heads the noun phrase) */
        if (x->d->field_verbs && !x->d->tabari_verbs && !x->d->cameo_conventions) {
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

static int first_pronoun(const sent_ctx *x, int lo, int hi)
{
    for (int i = hi - 1; i >= lo; i--) {
        if (x->ment_at[i] >= 0) return -1;
        if (x->cls[i] & WC_PRON_SUBJ) return i;
    }
    return -1;
}

/* Code one sentence: compute pending events and emit them. */
/* Tries the patterns of block b around verb vh, longest first. Returns 1 and
 * sets *code and the actor slots in *ms when one matches. */
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

/* Whether a (non-noun) verb starts in tokens [lo, hi). */
static int verb_between(const sent_ctx *x, int lo, int hi)
{
    for (int k = 0; k < x->nv; k++)
        if (x->v[k].start >= lo && x->v[k].start < hi && !x->v[k].nounlike) return 1;
    return 0;
}

static int match_patterns(const sent_ctx *x, const verb_hit *vh, const verb_block *b, match_state *ms,
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
    int np = np_mode(d), best = -1;
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
        if (vp->npre && !match_pre(x, pre, vp->npre - 1, vh->start - 1, vp->verb_adj_pre, &t)) continue;
        if (vp->npost && !match_post(x, post, 0, vp->npost, vh->end, vp->verb_adj_post, &t)) continue;
        /* CAMEO conventions: a null reading ("toured security checkpoints") is read
         * off the verb's own object, not off a later clause ("will visit Tokyo to
         * discuss security") */
        if (d->cameo_conventions && (vp->code.flags & VC_NULL) && t.post_at > vh->end &&
            verb_between(x, vh->end, t.post_at))
            continue;
        if (!np && d->cameo_conventions) {
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
static int verb_default_or_pattern(const sent_ctx *x, int k, int lo, int hi, verb_code *out)
{
    const verb_hit *vh = &x->v[k];
    const verb_form *f = &VEC_AT(x->d->forms, verb_form, vh->form);
    const verb_block *b = &VEC_AT(x->d->blocks, verb_block, f->block);
    match_state ms = { 0, -1, -1, -1, vh->start, lo, hi, 0, 0, 0, -1, 0 };
    int pre_words;
    if (!match_patterns(x, vh, b, &ms, out, &pre_words)) {
        if (vh->nounlike) return 0;
        *out = f->has_code ? f->code : b->code;
    }
    return (out->flags & VC_SET) && !(out->flags & (VC_NULL | VC_COMPLEX | VC_DISCARD)) && out->code[0];
}

/* The speaker of the sentence's quotations: the subject (or "said X" object) of a
 * reporting verb outside the quotation marks. */
static int find_speaker(const sent_ctx *x)
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
    static const struct { const char *from, *to; } map[] = {
        {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"},
        {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"},
        {"081", "0351"}, {"082", "0352"}, {"083", "034"}, {"084", "0353"}, {"085", "0354"},
        {"086", "0355"}, {"087", "0356"},
        {"161", "1313"}, {"162", "1313"}, {"163", "1312"}, {"164", "1313"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strncmp(code, map[i].from, 3)) { snprintf(out, 8, "%s", map[i].to); return 1; }
    const char *to = NULL;
    switch (root) {
    case 4: to = "036"; break;
    case 5: to = "032"; break;
    case 6: to = "031"; break;
    case 7: to = "033"; break;
    case 8: to = "035"; break;
    case 14: to = "133"; break;
    case 16: to = "131"; break;
    case 17: to = "137"; break;
    case 18: case 19: case 20: to = "138"; break;
    default: return 0;
    }
    snprintf(out, 8, "%s", to);
    return 1;
}

/* With story discards in the dictionaries a document's events wait until its last
 * sentence has been read (a discard anywhere drops them all): the event and its
 * strings are copied, since sentence memory is reused. */

static size_t keep_str(buf *b, const char *p, size_t n)
{
    size_t off = b->len;
    buf_add(b, p ? p : "", p ? n : 0);
    buf_addc(b, '\0');
    return off;
}

static void queue_event(tocsin_coder *c, const tocsin_event *e)
{
    queued_event *q = vec_push(&c->evq);
    q->ev = *e;
    q->text = keep_str(&c->evstr, e->text, e->text_len);
    q->verb = keep_str(&c->evstr, e->verb_text, e->verb_len);
    q->src = keep_str(&c->evstr, e->source.text, e->source.text_len);
    q->tgt = keep_str(&c->evstr, e->target.text, e->target.text_len);
    q->issues = keep_str(&c->evstr, e->issues, e->issues ? strlen(e->issues) : 0);
}

static void flush_events(doc_ctx *dc, int drop)
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
    buf_clear(&c->evstr);
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

static void code_sentence(doc_ctx *dc, sent_ctx *x)
{
    tocsin_coder *c = dc->c;
    const tocsin_dict *d = x->d;
    int n = x->n;
    /* Asides: "Blair, who has pushed for ... and is one of ..., will meet Bush",
     * "Straw, touring a camp housing displaced people from Darfur, urged ...": a
     * relative or participial phrase after a subject, closed by a comma that the
     * subject's own verb follows. Its mentions are no subjects, its verbs are
     * background, and its "and" does not start a clause. */
    x->aside = arena_alloc(&c->a, (size_t)(n + 1));
    memset(x->aside, 0, (size_t)(n + 1));
    for (int i = 1; i + 1 < n; i++) {
        if (!is_ch(x, i, ',') || x->ment_at[i - 1] < 0) continue;
        const token *t = &x->s->tok[i + 1];
        size_t tl = x->tl[i + 1];
        int rel = tok_is(x, i + 1, "who") || tok_is(x, i + 1, "which");
        int part = x->in_verb[i + 1] && tl > 4 &&
                   (!strcmp(t->lower + tl - 3, "ing") || !strcmp(t->lower + tl - 2, "ed"));
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
    /* CAMEO conventions: a dateline ("BAGHDAD, Sept 12:", "GAZA (Reuters) -") and a
     * region used as an adjective ("a new Middle East peace drive", "a five day
     * Asian tour") name a place, never who acted */
    for (int k = 0; k < x->nm && d->cameo_conventions; k++) {
        mention *m = &x->m[k];
        int dateline = m->start == 0 && (x->s->tok[0].flags & TOK_ALLCAPS) && m->end < n &&
                       (is_ch(x, m->end, '(') || is_ch(x, m->end, ',') || is_ch(x, m->end, '-') ||
                        is_ch(x, m->end, ':') || is_ch(x, m->end, '/'));
        int region_adj = 0;
        if (!dateline && strlen(m->code) == 3 && is_supranational(m->code) && m->end < n) {
            const token *t = &x->s->tok[m->end];
            region_adj = !(t->flags & (TOK_PUNCT | TOK_NUM | TOK_CAP | TOK_QUOTE | TOK_POSS)) &&
                         !(x->cls[m->end] & (WC_STOP | WC_PREP)) && x->ment_at[m->end] < 0 && !x->in_verb[m->end];
        }
        if (dateline || region_adj) { m->pp = 1; m->place = 1; }
    }
    /* "... after the Cuban government threatened to ...": the actor after a temporal
     * conjunction is the subject of its clause, not a preposition's object (CAMEO
     * conventions) */
    for (int k = 0; k < x->nm && d->cameo_conventions; k++) {
        mention *m = &x->m[k];
        if (!m->pp) continue;
        int p = m->start - 1;
        while (p >= 0 && (x->cls[p] & WC_DET)) p--;
        if (p < 0 || !(x->cls[p] & WC_TEMPSUB)) continue;
        int q = group_last_end(x, m->group);
        while (q < n && (x->cls[q] & (WC_AUX | WC_MODAL | WC_ADV | WC_NEG | WC_BE))) q++;
        for (int v = 0; v < x->nv; v++)
            if (x->v[v].start == q && !x->v[v].nounlike) { m->pp = 0; break; }
    }
    /* clause breaks and subject resets */
    int *clause_lo = arena_alloc(&c->a, sizeof(int) * (size_t)(n + 1));
    int *clause_hi = arena_alloc(&c->a, sizeof(int) * (size_t)(n + 1));
    int *subj_lo = arena_alloc(&c->a, sizeof(int) * (size_t)(n + 1));
    uint8_t *neg_ctx = arena_alloc(&c->a, (size_t)(n + 1));
    memset(neg_ctx, 0, (size_t)(n + 1));
    int lo = 0, slo = 0;
    for (int i = 0; i < n; i++) {
        if (is_clause_conj(x, i)) { lo = i + 1; slo = i + 1; }
        else if ((x->cls[i] & WC_THAT) && i > 0 && (x->in_verb[i - 1] || x->ment_at[i - 1] >= 0 || (x->cls[i - 1] & WC_PRON_OBJ) ||
                 !(x->cls[i - 1] & (WC_DET | WC_PREP))))
            slo = i + 1;
        else if (x->cls[i] & WC_COND) slo = i + 1;
        else if (d->cameo_conventions && (x->cls[i] & WC_TEMPSUB) && i + 1 < n) {
            /* "after the Cuban government threatened": a clause with its own subject */
            int q = i + 1;
            while (q < n && (x->cls[q] & WC_DET)) q++;
            if (q < n && x->ment_at[q] >= 0 && !x->m[x->ment_at[q]].pp) slo = i + 1;
        }
        else if (is_ch(x, i, ',') && i > 0 && x->cond[i - 1]) slo = i + 1;
        else if ((x->cls[i] & WC_TEMPSUB) && tempsub_clause(x, i)) slo = i + 1;
        clause_lo[i] = lo;
        subj_lo[i] = d->tabari_verbs ? lo : slo;   /* TABARI: the first actor of the clause (manual 5.8) */
    }
    int hi = n;
    for (int i = n - 1; i >= 0; i--) {
        clause_hi[i] = hi;
        if (is_clause_conj(x, i)) hi = i;
    }
    /* reporting verbs start a new subject region after them */
    for (int k = 0; k < x->nv && !d->tabari_verbs; k++) {
        const token *t = &x->s->tok[x->v[k].tok];
        uint32_t lc = wc_get(&c->lc, t->lemma_hash);
        if (lc & WC_REPORT) {
            int e = x->v[k].end;
            for (int i = e; i < n && clause_lo[i] == clause_lo[e > 0 ? e - 1 : 0]; i++)
                if (subj_lo[i] < e) subj_lo[i] = e;
        }
    }
    /* speaker of quotes: "..., X said" / "X said ..." outside quotation marks */
    int speaker = find_speaker(x);

    pending_event *pe = arena_alloc(&c->a, sizeof(pending_event) * (size_t)(x->nv * 8 + 8));
    int npe = 0;
    /* verb chains "A wants to help B": PETRARCH's ontology combines the two codes */
    char (*override)[8] = arena_alloc(&c->a, sizeof(*override) * (size_t)(x->nv + 1));
    uint8_t *skip_verb = arena_alloc(&c->a, (size_t)(x->nv + 1));
    int *chain_from = arena_alloc(&c->a, sizeof(int) * (size_t)(x->nv + 1));
    int *chain_obj = arena_alloc(&c->a, sizeof(int) * (size_t)(x->nv + 1));
    for (int k = 0; k <= x->nv; k++) chain_from[k] = chain_obj[k] = -1;
    memset(skip_verb, 0, (size_t)(x->nv + 1));
    for (int k = 0; k <= x->nv; k++) override[k][0] = 0;
    if (d->pico.n) {
        for (int k = 0; k + 1 < x->nv; k++) {
            const verb_hit *va = &x->v[k], *vb = &x->v[k + 1];
            int p = va->end;
            while (p < vb->start && (x->cls[p] & WC_ADV)) p++;
            /* "A asks B to help C": the object of A may stand between */
            int obj = -1;
            if (p < vb->start && x->ment_at[p] >= 0) {
                obj = x->m[x->ment_at[p]].group;
                p = group_last_end(x, obj);
            }
            if (!(p + 1 == vb->start && (x->cls[p] & WC_TO)) || vb->nounlike || va->nounlike) continue;
            verb_code ca, cb;
            int vt = va->tok;
            /* the governing verb's own code: its patterns would read the complement's words */
            {
                const verb_form *fa = &VEC_AT(d->forms, verb_form, va->form);
                ca = fa->has_code ? fa->code : VEC_AT(d->blocks, verb_block, fa->block).code;
                if (!(ca.flags & VC_SET) || (ca.flags & (VC_NULL | VC_COMPLEX)) || !ca.code[0]) continue;
                /* CAMEO conventions: "will visit Tokyo to discuss trade" is the trip (or
                 * its intent); the infinitive only says what it is for */
                if (d->cameo_conventions && !strcmp(ca.code, "042")) continue;
            }
            if (!verb_default_or_pattern(x, k + 1, clause_lo[vt], clause_hi[vt], &cb)) continue;
            /* "X was seen to break into": a passive governor reports X's act (UD-PETRARCH) */
            if (np_mode(d) && obj < 0 && is_passive(x, va)) { skip_verb[k] = 1; continue; }
            char comb[8];
            if (dict_combine_codes(d, ca.code, cb.code, comb) < 0) continue;
            skip_verb[k] = 1;
            copy_str(override[k + 1], sizeof override[k + 1], comb);
            chain_from[k + 1] = k;
            chain_obj[k + 1] = obj;
            if (c->debug) fprintf(stderr, "  chain %s + %s -> %s\n", ca.code, cb.code, comb);
        }
    }
    /* per verb: who acted, on whom, with what code, for PETRARCH's transformations */
    typedef struct verb_info { int src, tgt, coded, used; char code[8]; } verb_info;
    verb_info *vinfo = arena_alloc(&c->a, sizeof(verb_info) * (size_t)(x->nv + 1));
    for (int k = 0; k < x->nv; k++) { vinfo[k].src = vinfo[k].tgt = -1; vinfo[k].coded = vinfo[k].used = 0; vinfo[k].code[0] = 0; }
    int any_main = 0;
    int prev_src = -1;          /* source of the previous coded clause (compound predicates) */
    int prev_tgt = -1;          /* its target: "X kidnapped a journalist and interrogated him" */
    int noun_inf_prev = 0;      /* the previous verb was an infinitive a noun governs */
    int prev_subj_lo = -1;      /* its subject region: a subject carries over "and" only from there */
    int prev_clause = -1;
    int coded_clause_lo = -1, coded_subj_lo = -1;
    int tabari_coded_clause = -1;   /* TABARI: clause that has its (non-subordinate) event */
    int tabari_verb_src = -1, tabari_verb_src_k = -1;   /* TABARI: source of the last verb, and the verb */
    for (int k = 0; k < x->nv; k++) {
        verb_hit *vh = &x->v[k];
        const verb_form *f = &VEC_AT(d->forms, verb_form, vh->form);
        const verb_block *b = &VEC_AT(d->blocks, verb_block, f->block);
        int vt = vh->tok;
        if (skip_verb[k] || x->aside[vt]) continue;
        /* "Iraq's U.S.-backed government": the tokenizer splits the abbreviation off a
         * hyphenated adjective; a verb glued to "X-" is part of that adjective */
        if (d->cameo_conventions && vt >= 2 && is_ch(x, vt - 1, '-') &&
            x->s->tok[vt - 1].off + x->s->tok[vt - 1].len == x->s->tok[vt].off &&
            x->s->tok[vt - 2].off + x->s->tok[vt - 2].len == x->s->tok[vt - 1].off)
            continue;
        /* "in Derik, close to the Turkish border", "sources close to the president":
         * the adjective, not the verb */
        if (d->cameo_conventions && tok_is(x, vt, "close") && vt + 1 < n && (x->cls[vt + 1] & WC_TO)) continue;
        /* "met with visiting Iraqi Prime Minister Allawi": an adjective naming the
         * visitor, not an act of its own (CAMEO conventions) */
        if (d->cameo_conventions && tok_is(x, vt, "visiting") && vt > 0 && (x->cls[vt - 1] & (WC_PREP | WC_DET)) &&
            vt + 1 < n && x->ment_at[vt + 1] >= 0)
            continue;
        /* "decisions by Donald Trump to pull out of the deal and recognise Jerusalem",
         * "efforts by the UN to change": the act a noun names is no event of the
         * sentence (CAMEO conventions) */
        if (d->cameo_conventions) {
            int nominal = 0;
            if (vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) && x->ment_at[vh->start - 2] >= 0) {
                const mention *gm = &x->m[x->ment_at[vh->start - 2]];
                nominal = gm->start > 0 && (x->cls[gm->start - 1] & WC_BY);
            } else if (k > 0 && noun_inf_prev && vh->start > 0 && (x->cls[vh->start - 1] & WC_CONJ) &&
                       (x->s->tok[vt].lemma == x->s->tok[vt].lower || !strcmp(x->s->tok[vt].lemma, x->s->tok[vt].lower))) {
                nominal = 1;   /* "... to pull out and recognise" */
            }
            noun_inf_prev = nominal;
            if (nominal) continue;
        }
        match_state ms = { 0, -1, -1, -1, vh->start, clause_lo[vt], clause_hi[vt], 0, 0, 0, -1, 0 };
        /* "shot and killed a Palestinian": two verbs sharing one object are one
         * event, coded by the first (the more specific by news usage). TABARI
         * joins them only in a dictionary phrase ("SHOT AND KILLED", manual 7.6):
         * "affirm or allow an attack" is two clauses there. */
        int shares_object = !d->tabari_verbs && k + 1 < x->nv && !x->v[k + 1].nounlike && x->v[k + 1].start == vh->end + 1 &&
                            (tok_is(x, vh->end, "and") || tok_is(x, vh->end, "or")) && !skip_verb[k + 1];
        if (shares_object) ms.hi = clause_hi[x->v[k + 1].tok];
        /* post-verb scope stops at a comma (TABARI), unless it separates list items
         * or adjectives ("complete, full diplomatic ties"), and at a subordinate clause */
        for (int i = vh->end; i < ms.hi; i++) {
            if (is_ch(x, i, ',')) {
                if (i > 0 && x->ment_at[i - 1] >= 0 && i + 1 < n && x->ment_at[i + 1] >= 0 &&
                    x->m[x->ment_at[i - 1]].group == x->m[x->ment_at[i + 1]].group)
                    continue;
                if (i > vh->end && i + 1 < n && !is_punct(x, i - 1) && !is_punct(x, i + 1) &&
                    !(x->cls[i - 1] & WC_STOP) && !(x->cls[i + 1] & WC_STOP) && x->ment_at[i - 1] < 0 &&
                    x->ment_at[i + 1] < 0 && !(x->s->tok[i + 1].flags & TOK_CAP) && !x->verbish[i + 1])
                    continue;
                ms.hi = i;
                break;
            }
            if (x->cls[i] & (WC_REL | WC_COND | WC_SUBCL)) {
                ms.hi = i;
                break;
            }
            if (x->cls[i] & WC_TEMPSUB) {
                /* a clause if a verb follows before the next comma */
                int clause = 0;
                for (int j = i + 1; j < ms.hi && !is_ch(x, j, ','); j++) {
                    if (x->in_verb[j] && !(j > 0 && (x->cls[j - 1] & WC_DET))) { clause = 1; break; }
                }
                if (clause) { ms.hi = i; break; }
            }
        }
        {
            /* denial: what follows is not asserted, whatever the denial verb codes */
            uint32_t lc0 = wc_get(&c->lc, x->s->tok[vt].lemma_hash);
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
            if (d->cameo_conventions && !neg_ctx[vt] &&
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
        verb_code code;
        int pattern_pre_words = 0;
        int matched = match_patterns(x, vh, b, &ms, &code, &pattern_pre_words);
        if (!matched) {
            if (vh->nounlike) continue;
            code = f->has_code ? f->code : b->code;
        } else if (vh->nounlike && !pattern_pre_words && !(ms.src >= 0 || ms.tgt >= 0)) {
            continue;
        } else if (vh->nounlike && np_mode(d)) {
            continue;   /* PETRARCH-2 patterns belong to verbs: "in an accord with" is a noun's phrase */
        }
        if (code.flags & VC_DISCARD) return;
        if (override[k][0]) {
            copy_str(code.code, sizeof code.code, override[k]);
            code.pair[0] = 0;
            code.flags = VC_SET;
        }
        if (!(code.flags & VC_SET) || (code.flags & (VC_NULL | VC_COMPLEX)) || (!code.code[0] && !code.pair[0])) {
            /* "declared that China must drop barriers": the obligation is the teller's
             * demand (below) whatever the obliged verb itself codes */
            if (matched || vh->nounlike || !obligation_before(x, vh)) continue;
        }
        /* "Y must drop barriers": an obligation. Said by someone (X declared that Y
         * must ...) it is X's demand of Y (CAMEO 10); otherwise no event. */
        {
            int must = 0;
            for (int p = vh->start - 1, steps = 0; p >= 0 && steps < 3; p--, steps++) {
                if (x->cls[p] & (WC_ADV | WC_BE)) continue;
                if (x->cls[p] & WC_MUST) must = 1;
                else if ((x->cls[p] & WC_TO) && p > 0 && (tok_is(x, p - 1, "has") || tok_is(x, p - 1, "have") ||
                                                          tok_is(x, p - 1, "needs") || tok_is(x, p - 1, "need")))
                    must = 1;
                break;
            }
            if (must) {
                int obliged = find_subject(x, subj_lo[vt], vh->start);
                int teller = -1;
                for (int q = k - 1; q >= 0 && teller < 0; q--) {
                    const verb_hit *w = &x->v[q];
                    if (!(wc_get(&c->lc, x->s->tok[w->tok].lemma_hash) & (WC_REPORT | WC_DEMAND))) continue;
                    teller = find_subject(x, subj_lo[w->tok], w->start);
                    if (teller < 0 && speaker >= 0) teller = speaker;
                }
                if (teller >= 0 && obliged >= 0 && strcmp(x->m[teller].code, x->m[obliged].code) &&
                    npe < x->nv * 8 + 8) {
                    pending_event *ev = &pe[npe++];
                    memset(ev, 0, sizeof *ev);
                    ev->verb = k;
                    ev->day = x->day;
                    copy_str(ev->code, sizeof ev->code, "100");
                    ev->s.code = x->m[teller].code;
                    mention_text(x, &x->m[teller], &ev->s.text, &ev->s.len);
                    ev->s.how = x->m[teller].match;
                    ev->t.code = x->m[obliged].code;
                    mention_text(x, &x->m[obliged], &ev->t.text, &ev->t.len);
                    ev->t.how = x->m[obliged].match;
                    any_main = 1;
                }
                continue;
            }
        }
        /* context filters */
        if (x->cond[vt]) continue;                         /* inside "if ..." */
        if (neg_ctx[vt]) continue;                         /* after a denial */
        int negated = 0;
        for (int p = vh->start - 1, steps = 0; p >= subj_lo[vt] && steps < 5; p--, steps++) {
            if (x->ment_at[p] >= 0 || is_punct(x, p)) break;
            if ((x->cls[p] & WC_NEG) && p < ms.leftmost) { negated = 1; break; }
            /* "won't try to clash": the negation is the governing verb's (PETRARCH) */
            if (d->pico.n && !d->cameo_conventions && (x->cls[p] & WC_TO)) break;
        }
        /* "is refusing to lift the curfew", "declined to meet": with PETRARCH's coding
         * ontology a refusal is the negated act, as "did not lift" is */
        int refused = 0;
        if (!negated && d->pico.n && !d->cameo_conventions && vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) &&
            (!strcmp(x->s->tok[vh->start - 2].lemma, "refuse") || !strcmp(x->s->tok[vh->start - 2].lemma, "decline")))
            negated = refused = 1;
        if (negated && d->tabari_verbs) negated = 0;   /* TABARI knows negation only through patterns */
        if (negated) {
            /* PETRARCH with its coding ontology codes the opposite act ("did not
             * clash" = cooperate); without one, nothing */
            char opposite[8];
            if (!d->pico.n || d->cameo_conventions || !code.code[0] || code.pair[0] ||
                dict_negate_code(d, code.code, opposite) < 0)
                continue;
            copy_str(code.code, sizeof code.code, opposite);
        }
        /* "the global coalition to defeat Isis", "a decision to withdraw": an
         * infinitive a plain noun governs names a purpose, not an act (CAMEO
         * conventions; "plans to", "is to" and the like are intents, above) */
        if (d->cameo_conventions && vh->start >= 3 && (x->cls[vh->start - 1] & WC_TO) && !pattern_pre_words) {
            int g = vh->start - 2;
            const token *gt = &x->s->tok[g];
            int plain = !x->in_verb[g] && x->ment_at[g] < 0 && !(gt->flags & (TOK_CAP | TOK_PUNCT | TOK_NUM)) &&
                        !(x->cls[g] & (WC_STOP | WC_PREP | WC_BE | WC_AUX | WC_MODAL | WC_ADV | WC_NEG)) &&
                        infinitive_governor(x, g) == 0 && !x->verbish[g];
            int det = 0;
            for (int p = g - 1; p >= 0 && p >= g - 3 && plain && !det; p--) {
                if (x->cls[p] & WC_DET) det = 1;
                else if (x->in_verb[p] || is_punct(x, p) || (x->cls[p] & (WC_PREP | WC_BE))) break;
            }
            if (plain && det) continue;
        }
        /* "unwilling to instruct", "failed to protect": the act did not happen */
        if (vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) && !pattern_pre_words && !refused &&
            infinitive_governor(x, vh->start - 2) < 0)
            continue;
        /* hypothetical main clause of a conditional: "... would respond" (PETRARCH
         * codes it: its parse-tree coder has no conditionals) */
        if (x->has_cond && !(d->field_verbs && !d->tabari_verbs && !d->cameo_conventions)) {
            int modal = 0;
            for (int p = vh->start - 1, steps = 0; p >= 0 && steps < 4; p--, steps++) {
                if (x->cls[p] & WC_MODAL) { modal = !(x->cls[p] & WC_FUTURE) || 1; break; }
                if (x->ment_at[p] >= 0 || is_punct(x, p)) break;
            }
            if (modal && !(wc_get(&c->lc, x->s->tok[vt].lemma_hash) & WC_REPORT)) {
                /* "warned that if ..., X would ..." keeps the warning, drops the hypothetical */
                int lc = 0;
                (void)lc;
                continue;
            }
        }
        uint32_t lcls = wc_get(&c->lc, x->s->tok[vt].lemma_hash);
        int report_verb = (lcls & WC_REPORT) != 0;
        int announced = 0;   /* a future act made an intent or threat */
        /* "X will help Y", "said it would allow": a future act is a statement of intent
         * (CAMEO 03x), a future hostile act a threat (13x) */
        if (!report_verb && code.code[0] && d->cameo_conventions) {
            int future = 0;
            for (int p = vh->start - 1, steps = 0; p >= 0 && steps < 3; p--, steps++) {
                if (x->cls[p] & (WC_ADV | WC_NEG)) continue;
                if ((x->cls[p] & WC_MODAL) && (tok_is(x, p, "will") || tok_is(x, p, "would") || tok_is(x, p, "'ll") ||
                                               tok_is(x, p, "shall")))
                    future = 1;
                break;
            }
            /* "plans to attack", "is to visit", "is expected to impose" */
            if (vh->start >= 2 && (x->cls[vh->start - 1] & WC_TO) && infinitive_governor(x, vh->start - 2) > 0) future = 1;
            /* "when Bush visits Canada next week": a present-tense act dated ahead */
            if (!future && !strncmp(code.code, "04", 2) && !verb_past_form(x, vt) && future_time_in(x, clause_lo[vt], clause_hi[vt]))
                future = 1;
            char intent[8];
            if (future && future_code(d, code.code, intent)) {
                copy_str(code.code, sizeof code.code, intent);
                code.pair[0] = 0;
            }
            announced = future && (!strncmp(code.code, "03", 2) || !strncmp(code.code, "13", 2));
        }
        /* "Israel announced it would free prisoners", "said they would boycott": with
         * PETRARCH's dictionaries too, an actor's own future act that it reports is a
         * statement of intent or a threat (the field's gold: 0352); only in that
         * reported form, not a bare "X will attack" */
        if (!report_verb && !negated && code.code[0] && !code.pair[0] && !d->cameo_conventions && !d->tabari_verbs &&
            d->field_verbs && reported_own_future(x, vh)) {
            char intent[8];
            if (future_code(d, code.code, intent)) copy_str(code.code, sizeof code.code, intent);
        }
        /* one event per clause region: a later verb in the same subject region is
         * the complement of the first ("urged X to ease") */
        /* (with the CAMEO conventions a trip named by a noun after its own cue word,
         * "met Blair ... on his first official visit to London", is a second act) */
        int trip_noun = d->cameo_conventions && vh->nounlike && pattern_pre_words && !strcmp(code.code, "042");
        if (!d->tabari_verbs && coded_clause_lo == clause_lo[vt] && coded_subj_lo == subj_lo[vt] && npe > 0 && !report_verb &&
            !(code.flags & VC_DOMINANT) && !trip_noun) {
            int prev_to = vh->start > 0 && (x->cls[vh->start - 1] & WC_TO);
            if (prev_to || 1) continue;
        }
        /* TABARI codes the first event of each conjunction-delimited clause (CODE BY
         * CLAUSE, its default: manual 7.6.1); a subordinate one only when no other is */
        if (d->tabari_verbs && tabari_coded_clause == clause_lo[vt] && !(code.flags & VC_DOMINANT)) continue;
        /* source and target */
        int passive = is_passive(x, vh);
        /* PETRARCH-2 looks for a passive verb's agent in a "by", "from" or "in" phrase
         * after it (TABARI only right after "by"); with none, the field's test suites
         * code the sentence in active order ("The Philippines was criticized over its
         * dispute with Eriador" -> PHL>ERI); UD-PETRARCH, reading the parse, keeps
         * the subject of a passive as its target (ERI>PHL) */
        int passive_active = passive && !d->cameo_conventions && !d->tabari_verbs && !np_mode(d) &&
                             !passive_agent_pp(x, vh->end, ms.hi);
        int carry_tgt = 0;
        int src = ms.src, tgt = ms.tgt;
        int pattern_tgt = ms.tgt >= 0;
        int src_pron = 0;
        tocsin_match src_match = TOCSIN_MATCH_NONE;
        const char *pron_code = NULL, *pron_text = NULL;
        size_t pron_len = 0;
        if (ms.cmp >= 0) { src = ms.cmp; tgt = ms.cmp; }
        if (src < 0 || tgt < 0) {
            int subj = find_subject(x, subj_lo[vt], vh->start);
            /* a pattern whose words reach back past the subject's region ("NOTED + *":
             * "X noted that Y regretted"): the source is the subject of those words */
            if (!d->cameo_conventions && ms.leftmost < subj_lo[vt] && ms.src < 0 && subj_lo[vt] > 0 &&
                (x->cls[subj_lo[vt] - 1] & WC_THAT)) {
                int s2 = find_subject(x, subj_lo[ms.leftmost], ms.leftmost);
                if (s2 >= 0) subj = s2;
            }
            /* TABARI (manual 7.6): after a conjunction the source stays the same
             * unless an actor comes right after the conjunction. The validation
             * records carry it only from a verb of an earlier clause ("Gondor
             * launched a new bombing and shelling offensive against besieged
             * Osgiliath ... raids": GON), not from a clause without one
             * ("Ithilen's sheep and pigs of Gondor warned": GON). */
            if (d->tabari_verbs && clause_lo[vt] > 0 && x->ment_at[clause_lo[vt]] < 0 && tabari_verb_src >= 0 &&
                clause_lo[x->v[tabari_verb_src_k].tok] < clause_lo[vt])
                subj = tabari_verb_src;
            int after = -1, family = -1, place = -1, allied = 0;
            /* "Russia and Ukraine held talks in Minsk", "are due to meet in Tehran to
             * discuss Idlib": partners meet each other, not the venue or the topic */
            int partners = subj >= 0 && group_size(x, subj) > 1 && d->cameo_conventions && mutual_code(code.code);
            /* first mention after the verb in scope, preferring one outside the subject's
             * own family ("Brinken reiterated US support for Ukraine") or a countryless
             * agent, and a participant to the place where it happened ("arrested the
             * envoy of Iraq in The Hague") */
            for (int i = vh->end; i < ms.hi; i++) {
                if (partners && (x->cls[i] & WC_TO) && i + 1 < n && x->in_verb[i + 1]) break;
                int mi = x->ment_at[i];
                if (mi < 0) continue;
                mi = x->m[mi].group;
                i = group_last_end(x, mi) - 1;
                /* "increase our presence together with NATO allies": a partner of the subject */
                if (x->m[mi].companion && d->cameo_conventions) {
                    allied = 1;
                    continue;
                }
                /* "arrived in Seoul from China": where a trip starts is not its target */
                if (d->cameo_conventions && (!strcmp(code.code, "042") || !strcmp(b->code.code, "042")) && x->m[mi].start > 0 &&
                    tok_is(x, x->m[mi].start - 1, "from"))
                    continue;
                /* "warned that Australia's strong dollar would ...": the clause is about the thing */
                if (x->m[mi].possessor && x->m[mi].start > 0 && (x->cls[x->m[mi].start - 1] & WC_THAT)) continue;
                /* CAMEO conventions: a country's government is a target for its own
                 * people, parties or rebels ("rightist Israelis accused Prime Minister
                 * Ariel Sharon"): domestic politics, not the subject's own means */
                int domestic = d->cameo_conventions && subj >= 0 && !strncmp(x->m[mi].code + 3, "GOV", 3) &&
                               !strstr(x->m[subj].code + 3, "GOV") && strncmp(x->m[subj].code, "---", 3) &&
                               !x->m[mi].lone;
                if ((!passive && !domestic && subj >= 0 && group_size(x, mi) == 1 && same_family(x->m[mi].code, x->m[subj].code)) ||
                    (x->m[mi].lone && !d->tabari_verbs && (!x->m[mi].pp || attributive(x, &x->m[mi])))) {
                    /* "Russia assembled troops along the border with Ukraine", "on his
                     * first official visit" (TABARI: a lone agent is an actor like any) */
                    if (family < 0) family = mi;
                    continue;
                }
                if (x->m[mi].place && group_size(x, mi) == 1 && !d->tabari_verbs) {
                    if (place < 0) place = mi;
                    /* "arrived in Seoul ... to jump-start talks on North Korea": a
                     * trip's target is where it went */
                    if (d->cameo_conventions && (!strcmp(code.code, "042") || !strcmp(b->code.code, "042"))) break;
                    continue;
                }
                after = mi;
                break;
            }
            if (after < 0 && !partners) after = place;
            /* "Jordan and Britain agreed to hold joint military exercises": a compound
             * subject acts on its own members rather than on a countryless agent */
            /* "Dutch police arrest three suspects ... in The Hague": coercion in one's
             * own country's place is not an act against that country (CAMEO conventions) */
            int own_place = family >= 0 && d->cameo_conventions && x->m[family].place && !strncmp(code.code, "17", 2);
            if (after < 0 && !own_place && !(family >= 0 && x->m[family].lone && subj >= 0 && group_size(x, subj) > 1))
                after = family;
            /* TABARI: the target's code differs from the source's (manual 5.8): "they
             * requested that Rohan assist them" is not THEY on THEM */
            if (d->tabari_verbs && after >= 0 && subj >= 0 && !passive && !strcmp(x->m[after].code, x->m[subj].code))
                after = -1;
            if (passive && src < 0 && tgt < 0) {
                int by = -1;
                /* the agent: an actor right after "by" (a later "by" may name it: "was blown
                 * up by a missile fired by rebels") */
                for (int i = vh->end; i < ms.hi && by < 0; i++)
                    if (x->cls[i] & WC_BY) by = next_mention_at_or_after(x, i + 1, i + 4 < ms.hi ? i + 4 : ms.hi);
                if (by >= 0) {
                    src = x->m[by].group;
                    tgt = subj;
                    /* "a surveillance video shot by militants": a passive without "be"
                     * acts on the noun right before it; when that is no actor, on nobody */
                    if (d->cameo_conventions && vh->start > 0 && x->ment_at[vh->start - 1] < 0) {
                        int be = 0;
                        for (int p = vh->start - 1, st = 0; p >= 0 && st < 4 && !be; p--, st++) {
                            size_t pl = strlen(x->s->tok[p].lower);
                            if (x->cls[p] & (WC_BE | WC_AUX)) be = 1;
                            else if (!(x->cls[p] & (WC_ADV | WC_NEG)) &&
                                     !(pl > 3 && !strcmp(x->s->tok[p].lower + pl - 2, "ly")))
                                break;
                        }
                        if (!be) tgt = -1;
                    }
                }
                else if (passive_active && subj >= 0 && !x->m[subj].lone && after >= 0) { src = subj; tgt = after; }
                else {
                    /* "workers were kidnapped in Iraq": the place is not the agent
                     * (CAMEO; PETRARCH codes "killed in Ukraine" as UKR's act); nor is
                     * the object of a later verb ("were accused of plotting to
                     * overthrow President Obasanjo") */
                    src = after >= 0 && !(x->m[after].place && x->d->cameo_conventions) &&
                          !(x->d->cameo_conventions && verb_between(x, vh->end, x->m[after].start)) ? after : -1;
                    tgt = subj;
                }
                if (src >= 0 && tgt < 0) {
                    /* passive with a pronoun subject */
                    int pr = first_pronoun(x, subj_lo[vt], vh->start);
                    if (pr >= 0 && prev_src >= 0) tgt = prev_src;
                }
            } else {
                /* "Musharraf has said during a visit to Britain", "X met Blair ... on his
                 * visit to London": the traveller is the sentence's subject, not the
                 * nearest actor before the noun */
                for (int k2 = 0; src < 0 && trip_noun && k2 < x->nm && x->m[k2].start < vh->start; k2++)
                    if (!x->m[k2].lone && !x->m[k2].pp && !x->m[k2].appositive && !x->quoted[x->m[k2].start])
                        src = x->m[k2].group;
                if (src < 0) src = subj;
                /* TABARI (manual 5.8): with the target found by a pattern, the source is
                 * the first actor whose code differs from it ("+ WAS * DEAD": "An
                 * Eriadorian was shot dead in Osgiliath" -> OSG>ERI) */
                if (d->tabari_verbs && pattern_tgt && src >= 0 && src == subj && !strcmp(x->m[src].code, x->m[tgt].code)) {
                    src = -1;
                    for (int i = clause_lo[vt]; i < clause_hi[vt] && src < 0; i++) {
                        int mi = x->ment_at[i];
                        if (mi < 0 || (i >= vh->start && i < vh->end)) continue;
                        mi = x->m[mi].group;
                        i = group_last_end(x, mi) - 1;
                        if (strcmp(x->m[mi].code, x->m[tgt].code)) src = mi;
                    }
                }
                /* "interrogated him outside a Baghdad hotel": the pronoun is the object */
                int pron_obj = vh->end < n && (x->cls[vh->end] & WC_PRON_OBJ) && !(x->cls[vh->end] & WC_PRON_1ST) &&
                               x->ment_at[vh->end] < 0 &&
                               !(x->cls[vh->end] & WC_DET && vh->end + 1 < n && !is_punct(x, vh->end + 1) &&
                                 !(x->cls[vh->end + 1] & (WC_TO | WC_PREP)));
                if (tgt < 0 && !(pron_obj && d->cameo_conventions && prev_tgt >= 0)) {
                    if (after >= 0 && after != src) tgt = after;
                    else if (after >= 0 && src >= 0 && after == src) tgt = -1;
                }
            }
            if (src < 0 && !passive) {
                /* pronoun subject: in-sentence antecedent, then quote speaker, then the previous sentence */
                int pr = first_pronoun(x, subj_lo[vt], vh->start);
                if (pr >= 0) {
                    if (x->cls[pr] & WC_PRON_1ST) {
                        /* "we"/"I": only the quoted speaker, never a guess */
                        if (speaker >= 0) { src = speaker; src_pron = 1; }
                        else if (x->forced_speaker && x->quoted[pr]) {
                            pron_code = x->forced_speaker;
                            pron_text = x->s->text + x->s->tok[pr].off;
                            pron_len = x->s->tok[pr].len;
                            src_pron = 2;
                        }
                    } else {
                        /* the subject of the previous clause, else the sentence's first subject */
                        int ante = prev_src;
                        if (ante < 0) ante = first_subject(x, pr);
                        if (ante >= 0) { src = ante; src_pron = 1; }
                        else if (c->have_prev_subject) {
                            pron_code = arena_strndup(&c->a, c->prev_subject, strlen(c->prev_subject));
                            pron_text = x->s->text + x->s->tok[pr].off;
                            pron_len = x->s->tok[pr].len;
                            src_pron = 2;
                        }
                    }
                } else if (x->quoted[vt] && speaker >= 0) {
                    src = speaker; src_pron = 1;
                } else if (prev_clause >= 0 && clause_lo[vt] > 0 && prev_src >= 0 &&
                           subj_lo[vt] == clause_lo[vt] && clause_lo[vt] >= 2 && prev_subj_lo == subj_lo[clause_lo[vt] - 2]) {
                    /* "X did A and did B": the subject carries over */
                    src = prev_src;
                }
            }
            if (tgt < 0 && src >= 0 && d->tabari_verbs && !passive) {
                /* TABARI (manual 5.8): the first actor after the verb, up to the next
                 * conjunction, whose code differs from the source's */
                for (int i = vh->end; i < n && tgt < 0; i++) {
                    if ((x->cls[i] & WC_CONJ) && x->ment_at[i] < 0) break;
                    int mi = x->ment_at[i];
                    if (mi < 0) continue;
                    mi = x->m[mi].group;
                    i = group_last_end(x, mi) - 1;
                    if (mi != src && mi + 1 != ms.skip1 && strcmp(x->m[mi].code, x->m[src].code)) tgt = mi;
                }
                /* ...else the first actor before the verb whose code differs (not one
                 * a pattern's '^' skipped: "$ ^ FOR *") */
                for (int i = clause_lo[vt]; i < vh->start && tgt < 0; i++) {
                    int mi = x->ment_at[i];
                    if (mi < 0) continue;
                    mi = x->m[mi].group;
                    i = group_last_end(x, mi) - 1;
                    if (mi != src && mi + 1 != ms.skip1 && strcmp(x->m[mi].code, x->m[src].code)) tgt = mi;
                }
            }
            if (tgt < 0 && report_verb == 0) {
                /* communication verbs: the target may be in the complement clause */
                for (int i = ms.hi; i < n && i < vh->end + 25; i++) {
                    if (x->ment_at[i] < 0) continue;
                    int mi = x->m[x->ment_at[i]].group;
                    if (src >= 0 && same_family(x->m[mi].code, x->m[src].code)) continue;
                    if (x->m[mi].possessor) continue;
                    if (i >= clause_hi[vt]) break;
                    if (lcls == 0 && !x->cond[i] && !(i > 0 && (x->cls[i - 1] & WC_THAT))) break;
                    tgt = mi;
                    break;
                }
            }
            if (tgt < 0 && (src >= 0 || src_pron == 2)) {
                /* an object pronoun: "Gondor asked him to ..." */
                int p = vh->end;
                if (p < n && (x->cls[p] & WC_PRON_OBJ) && !(x->cls[p] & WC_DET && p + 1 < n && !is_punct(x, p + 1) &&
                                                         !(x->cls[p + 1] & (WC_TO | WC_PREP)))) {
                    int ante = prev_src >= 0 && prev_src != src ? prev_src : -1;
                    /* the same actor acting again: on whom it acted before */
                    if (d->cameo_conventions && src >= 0 && src == prev_src && prev_tgt >= 0 && prev_tgt != src) ante = prev_tgt;
                    if (ante < 0) {
                        int f0 = first_subject(x, vh->start);
                        if (f0 >= 0 && f0 != src) ante = f0;
                    }
                    if (ante >= 0 && (src < 0 || strcmp(x->m[ante].code, x->m[src].code))) tgt = ante;
                }
            }
            if (src < 0 && tgt >= 0 && src_pron != 2 && pattern_tgt) {
                /* TABARI: a pattern placed the target and no actor precedes the verb:
                 * the source is the first other actor after it */
                for (int i = vh->end; i < ms.hi; i++) {
                    int mi = x->ment_at[i];
                    if (mi < 0) continue;
                    mi = x->m[mi].group;
                    if (mi != tgt && strcmp(x->m[mi].code, x->m[tgt].code)) { src = mi; break; }
                }
            }
            /* a compound subject without a target acts on its own members ("Russia and
             * Ukraine met"); under CAMEO conventions only when the act is mutual by
             * nature (meet, agree, cooperate, fight), not "A, B and C imposed a
             * boycott" or "state media and the airline said" */
            if (tgt < 0 && src >= 0 && group_size(x, src) > 1 && !allied &&
                (!d->cameo_conventions || mutual_code(code.code)))
                tgt = src;
            if (tgt < 0 && src >= 0 && !report_verb && c->prev_src_code[0] && x->nm == group_size(x, src) &&
                !same_family(c->prev_src_code, x->m[src].code) && strncmp(c->prev_src_code, x->m[src].code, 3)) {
                /* "Zelensky praised firm support": the only other party is the one the
                 * previous sentence was about */
                carry_tgt = 1;
            }
        }
        /* "Erdogan said that Turkey will launch an operation": the official who
         * announces his own country's future act makes the threat or promise */
        if (announced && src >= 0 && d->cameo_conventions) {
            for (int q = k - 1; q >= 0; q--) {
                const verb_hit *w = &x->v[q];
                if (!(wc_get(&c->lc, x->s->tok[w->tok].lemma_hash) & WC_REPORT)) continue;
                int teller = find_subject(x, subj_lo[w->tok], w->start);
                if (teller >= 0 && teller != src && strlen(x->m[teller].code) > strlen(x->m[src].code) &&
                    same_family(x->m[teller].code, x->m[src].code))
                    src = teller;
                break;
            }
        }
        if (chain_from[k] >= 0) {
            /* a combined chain: the governing verb's subject acts, on its object if it had one */
            const verb_hit *va = &x->v[chain_from[k]];
            int s0 = find_subject(x, subj_lo[va->tok], va->start);
            if (ms.src >= 0 && ms.tgt < 0 && ms.cmp < 0) {
                /* the lower verb's pattern named its source ("to celebrate Tabaski ^ $"):
                 * that one acts, on the governing verb's subject */
                if (s0 >= 0 && s0 != ms.src) tgt = s0;
            } else {
                if (s0 >= 0) { src = s0; src_pron = 0; }
                if (chain_obj[k] >= 0) tgt = chain_obj[k];
            }
            if (src >= 0 && tgt >= 0 && src != tgt && !strcmp(x->m[src].code, x->m[tgt].code)) tgt = -1;
        }
        if (src >= 0 && d->tabari_verbs) { tabari_verb_src = x->m[src].group; tabari_verb_src_k = k; }
        if (src >= 0) {
            vinfo[k].src = x->m[src].group;
            vinfo[k].tgt = tgt >= 0 ? x->m[tgt].group : -1;
            vinfo[k].coded = 1;
            copy_str(vinfo[k].code, sizeof vinfo[k].code, code.code);
        }
        /* PETRARCH-2 (flat-syntax dictionaries) also codes an act whose subject names
         * no actor, with an empty source ("Gryffindor's head Minerva McGonagall left
         * for Minas Tirith" -> "" GON 032), when the sentence has no full event */
        int null_src = src < 0 && src_pron != 2 && !src_pron && d->field_verbs && !d->tabari_verbs &&
                       !d->cameo_conventions && !d->np_patterns && !report_verb && code.code[0] &&
                       strncmp(code.code, "01", 2) && !passive;
        if (src < 0 && src_pron != 2 && !null_src) continue;
        /* PETRARCH-2 (flat-syntax dictionaries) searches the verb's prepositional
         * phrases for a target, the clause of a temporal "after"/"before" among them:
         * "restore ties with Gxndor, almost five years after Calenardhon crowds
         * burned ..." -> ARN>CAL */
        if (tgt < 0 && !carry_tgt && src >= 0 && !src_pron && d->field_verbs && !d->tabari_verbs &&
            !d->cameo_conventions && !d->np_patterns && !report_verb && code.code[0]) {
            for (int i = ms.hi; i < n && i < ms.hi + 8 && !is_semicolon(x, i); i++) {
                if (i > ms.hi && (x->in_verb[i] || x->ment_at[i] >= 0)) break;
                if ((x->cls[i] & WC_TEMPSUB) && tempsub_clause(x, i)) {
                    int mi = x->m[x->ment_at[i + 1]].group;
                    if (mi != x->m[src].group && strcmp(x->m[mi].code, x->m[src].code)) tgt = mi;
                    break;
                }
            }
        }
        /* PETRARCH-2 codes an act no actor receives against the null actor "---"
         * ("Calenardhon crowds burned down its embassy" -> CAL --- 222) when the
         * sentence has no event with a named target; not a bare statement. Only
         * with the flat-syntax (validation) dictionaries: with Phoenix's the extra
         * "---" events cost precision on human-coded news (plover-gsr) */
        int null_tgt = tgt < 0 && !carry_tgt && (src >= 0 || null_src) && !src_pron && d->field_verbs && !d->tabari_verbs &&
                       !d->cameo_conventions && !d->np_patterns && !report_verb && code.code[0] && !code.pair[0] &&
                       strncmp(code.code, "01", 2) && (null_src || strncmp(x->m[src].code, "---", 3));
        if (tgt < 0 && !carry_tgt && !null_tgt) continue;
        /* expand compounds into pairs */
        int sg = src >= 0 ? x->m[src].group : -1, tg = tgt >= 0 ? x->m[tgt].group : -1;
        int day = x->day;
        {
            int tense = TENSE_PRESENT;
            for (int p = vh->start - 1, steps = 0; p >= 0 && steps < 4; p--, steps++)
                if (x->cls[p] & WC_FUTURE) { tense = TENSE_FUTURE; break; }
            if (wc_get(&c->lc, x->s->tok[vt].lemma_hash) & WC_FUTURE) tense = TENSE_FUTURE;
            if (tense == TENSE_PRESENT && x->s->tok[vt].lemma != x->s->tok[vt].lower &&
                strcmp(x->s->tok[vt].lemma, x->s->tok[vt].lower) && x->s->tok[vt].lower[strlen(x->s->tok[vt].lower) - 1] != 's')
                tense = TENSE_PAST;
            int found = 0;
            day = coder_resolve_date(x->s, (size_t)clause_lo[vt], (size_t)clause_hi[vt], c->pub, tense, &found);
            if (!found) day = coder_resolve_date(x->s, 0, (size_t)n, c->pub, tense, &found);
        }
        event_side S[16], T[16];
        int ns = 0, nt = 0;
        if (sg >= 0) {
            for (int q = 0; q < x->nm && ns < 16; q++) {
                if (x->m[q].group != sg) continue;
                event_side *e = &S[ns++];
                e->code = x->m[q].code;
                mention_text(x, &x->m[q], &e->text, &e->len);
                e->how = src_pron ? TOCSIN_MATCH_PRONOUN : x->m[q].match;
            }
        } else if (null_src) {
            S[ns++] = (event_side){ "", "", 0, TOCSIN_MATCH_NONE };
        } else {
            S[ns++] = (event_side){ pron_code, pron_text ? pron_text : "", pron_len, TOCSIN_MATCH_PRONOUN };
        }
        if (tg >= 0) {
            for (int q = 0; q < x->nm && nt < 16; q++) {
                if (x->m[q].group != tg) continue;
                event_side *e = &T[nt++];
                e->code = x->m[q].code;
                mention_text(x, &x->m[q], &e->text, &e->len);
                e->how = x->m[q].match;
            }
        } else if (null_tgt) {
            T[nt++] = (event_side){ null_src ? "" : "---", "", 0, TOCSIN_MATCH_NONE };
        } else {
            T[nt++] = (event_side){ arena_strndup(&c->a, c->prev_src_code, strlen(c->prev_src_code)), "", 0,
                                    TOCSIN_MATCH_PRONOUN };
        }
        for (int a = 0; a < ns; a++) {
            for (int bq = 0; bq < nt; bq++) {
                if (!S[a].code || ((!S[a].code[0] || !T[bq].code[0] || !strcmp(S[a].code, T[bq].code)) && !null_src))
                    continue;
                /* TABARI "% * [044:045]": a compound acting on itself takes the first
                 * code from each member to a later one, the paired code back */
                if (d->tabari_verbs && code.pair[0] && sg >= 0 && sg == tg && bq <= a) continue;
                /* within a compound, a member of the actor's own family is not its target
                 * ("the call between Biden and Putin was requested by the Russians") */
                if ((ns > 1 || nt > 1) && same_family(S[a].code, T[bq].code) && strncmp(S[a].code, "---", 3)) continue;
                /* a statement about one's own side is not an interaction */
                if (report_verb && same_family(S[a].code, T[bq].code)) continue;
                for (int pair = 0; pair < 2; pair++) {
                    if (pair == 1 && !code.pair[0]) break;
                    if (pair == 0 && !code.code[0]) continue;
                    if (npe >= x->nv * 8 + 8) break;
                    pending_event *ev = &pe[npe++];
                    memset(ev, 0, sizeof *ev);
                    ev->verb = k;
                    ev->day = day;
                    ev->subord = (code.flags & VC_SUBORD) || (report_verb && (!matched || !strncmp(code.code, "01", 2)));
                    ev->dominant = (code.flags & VC_DOMINANT) != 0;
                    copy_str(ev->code, sizeof ev->code, pair ? code.pair : code.code);
                    ev->s = pair ? T[bq] : S[a];
                    ev->t = pair ? S[a] : T[bq];
                    ev->nulltgt = null_tgt || null_src;
                }
            }
        }
        if (null_tgt || null_src) continue;   /* no subject or target for later verbs to carry */
        (void)src_match;
        if (!((code.flags & VC_SUBORD) || (report_verb && (!matched || !strncmp(code.code, "01", 2))))) {
            any_main = 1;
            tabari_coded_clause = clause_lo[vt];
        }
        if (src >= 0) { prev_src = src; prev_subj_lo = subj_lo[vt]; prev_tgt = tgt >= 0 ? x->m[tgt].group : -1; }
        if (shares_object) skip_verb[k + 1] = 1;
        prev_clause = clause_lo[vt];
        coded_clause_lo = clause_lo[vt];
        coded_subj_lo = subj_lo[vt];
    }
    /* "reiterated that Libya must hand over the suspects": an obligation whose verb no
     * dictionary knows is still the teller's demand (coded verbs are handled above) */
    for (int i = 1; i + 1 < n; i++) {
        if (!(x->cls[i] & WC_MUST) || x->in_verb[i + 1] || x->ment_at[i - 1] < 0 || npe >= x->nv * 8 + 8) continue;
        int obliged = x->m[x->ment_at[i - 1]].group;
        int teller = -1, tv = -1;
        for (int q = x->nv - 1; q >= 0 && teller < 0; q--) {
            const verb_hit *w = &x->v[q];
            if (w->start >= x->m[obliged].start) continue;
            if (!(wc_get(&c->lc, x->s->tok[w->tok].lemma_hash) & (WC_REPORT | WC_DEMAND))) continue;
            teller = find_subject(x, subj_lo[w->tok], w->start);
            if (teller < 0 && speaker >= 0) teller = speaker;
            tv = q;
        }
        if (teller < 0 || x->m[obliged].pp || x->m[obliged].possessor || !strcmp(x->m[teller].code, x->m[obliged].code))
            continue;
        pending_event *ev = &pe[npe++];
        memset(ev, 0, sizeof *ev);
        ev->verb = tv;
        ev->day = x->day;
        copy_str(ev->code, sizeof ev->code, "100");
        ev->s.code = x->m[teller].code;
        mention_text(x, &x->m[teller], &ev->s.text, &ev->s.len);
        ev->s.how = x->m[teller].match;
        ev->t.code = x->m[obliged].code;
        mention_text(x, &x->m[obliged], &ev->t.text, &ev->t.len);
        ev->t.how = x->m[obliged].match;
        any_main = 1;
    }
    /* remember the subject for pronouns in the next sentence */
    {
        const char *subject = NULL;
        for (int i = 0; i < npe && !subject; i++) if (!pe[i].subord || !any_main) subject = pe[i].s.code;
        if (!subject) {
            int s0 = first_subject(x, n);
            if (s0 >= 0) subject = x->m[s0].code;
        }
        if (subject) {
            copy_str(c->prev_subject, sizeof c->prev_subject, subject);
            c->have_prev_subject = 1;
        }
        if (d->tabari_verbs && tabari_forward_actor(x, c->prev_subject, sizeof c->prev_subject))
            c->have_prev_subject = 1;
        /* the party a later sentence's lone actor may be acting on */
        copy_str(c->prev_src_code, sizeof c->prev_src_code, subject ? subject : "");
    }
    /* A conditional consequence is a threat against whoever the condition names:
     * "(Biden told Zelensky that) if Russia invaded, the United States would
     * respond decisively" -> USA threatens RUS; "we made it clear to Putin that if
     * he takes action, ... severe sanctions" -> threaten with sanctions (13x). */
    if (x->has_cond && npe < x->nv * 8 + 8) {
        int ci = -1, cend = -1;
        for (int i = 0; i < n; i++) if (x->cls[i] & WC_COND) { ci = i; break; }
        if (ci >= 0) {
            cend = ci;
            while (cend < n && (x->cond[cend] || cend == ci)) cend++;
        }
        /* the consequence: a modal and a penalty word after the condition */
        int modal = 0, code_kind = 0;
        for (int i = cend; ci >= 0 && i < n; i++) {
            if (is_ch(x, i, ';')) break;
            if (x->cls[i] & WC_MODAL) modal = 1;
            const char *w = x->s->tok[i].lemma;
            if (!modal) continue;
            if (!strncmp(w, "sanction", 8) || !strcmp(w, "embargo") || !strcmp(w, "boycott")) code_kind = code_kind > 2 ? code_kind : 2;
            else if (!strcmp(w, "force") || !strcmp(w, "military") || !strcmp(w, "strike") || !strcmp(w, "war") ||
                     !strcmp(w, "retaliate") || !strcmp(w, "retaliation")) code_kind = code_kind > 3 ? code_kind : 3;
            else if (!strcmp(w, "respond") || !strcmp(w, "response") || !strncmp(w, "consequence", 11) ||
                     !strcmp(w, "price") || !strcmp(w, "punish") || !strcmp(w, "punishment") || !strcmp(w, "pay"))
                code_kind = code_kind ? code_kind : 1;
        }
        /* who is threatened: the condition's subject (a pronoun: the nearest actor before it) */
        int victim = -1;
        for (int i = ci + 1; ci >= 0 && i < cend && victim < 0; i++) {
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
        for (int e = npe - 1; e >= 0; e--) {
            if (x->v[pe[e].verb].tok < ci && !pe[e].dead) { who = pe[e].s; who_verb = pe[e].verb; break; }
        }
        if (!who.code) {
            int sj = -1;
            for (int i = cend; i < n && sj < 0; i++) {
                if (x->ment_at[i] >= 0) sj = x->m[x->ment_at[i]].group;
                else if (x->in_verb[i]) break;
            }
            if (sj >= 0) {
                who.code = x->m[sj].code;
                mention_text(x, &x->m[sj], &who.text, &who.len);
                who.how = x->m[sj].match;
            }
        }
        if (code_kind && victim >= 0 && who.code && strcmp(who.code, x->m[victim].code) &&
            !same_family(who.code, x->m[victim].code)) {
            int have = 0;
            const char *vc = x->m[victim].code;
            for (int e = 0; e < npe; e++) {
                if (pe[e].dead || strncmp(pe[e].t.code, vc, 3)) continue;
                /* already a threat against that country */
                if (!strncmp(pe[e].code, "13", 2)) have = 1;
                /* the statement that carried the threat becomes it */
                else if (pe[e].verb == who_verb && !strncmp(pe[e].code, "01", 2)) pe[e].dead = 1;
            }
            if (!have) {
                pending_event *ev = &pe[npe++];
                memset(ev, 0, sizeof *ev);
                ev->verb = who_verb >= 0 ? who_verb : 0;
                ev->day = npe > 1 ? pe[0].day : x->day;
                copy_str(ev->code, sizeof ev->code, code_kind == 2 ? "1312" : code_kind == 3 ? "138" : "130");
                ev->s = who;
                ev->t.code = x->m[victim].code;
                mention_text(x, &x->m[victim], &ev->t.text, &ev->t.len);
                ev->t.how = x->m[victim].match;
                any_main = 1;
            }
        }
    }
    /* PETRARCH transformations: "A said that A attacked B" -> A claims responsibility */
    for (size_t ti = 0; ti < d->transforms.n; ti++) {
        const transform *tr = &VEC_AT(d->transforms, transform, ti);
        if (tr->top_block == UINT32_MAX) continue;
        for (int k = 0; k < x->nv; k++) {
            const verb_form *fk = &VEC_AT(d->forms, verb_form, x->v[k].form);
            if (fk->block != tr->top_block || vinfo[k].used) continue;
            /* a reporting verb that codes nothing itself still has a subject */
            if (vinfo[k].src < 0) vinfo[k].src = find_subject(x, subj_lo[x->v[k].tok], x->v[k].start);
            if (vinfo[k].src < 0) continue;
            for (int j = k + 1; j < x->nv; j++) {
                if (!vinfo[j].coded || vinfo[j].src < 0) continue;
                const verb_form *fj = &VEC_AT(d->forms, verb_form, x->v[j].form);
                if (tr->inner_word && fj->block != tr->inner_block) continue;
                if (clause_lo[x->v[j].tok] != clause_lo[x->v[k].tok] && !(x->cls[x->v[k].end] & WC_THAT)) continue;
                /* bind the roles */
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
                if (!ok) continue;
                char ro[2] = { tr->out_src, tr->out_tgt };
                int om[2];
                for (int q = 0; q < 2 && ok; q++) {
                    if (ro[q] < 'a' || ro[q] > 'z' || role_m[ro[q] - 'a'] < 0) ok = 0;
                    else om[q] = role_m[ro[q] - 'a'];
                }
                if (!ok || !strcmp(x->m[om[0]].code, x->m[om[1]].code)) continue;
                /* replace the events of both verbs with the transformed one */
                for (int e = 0; e < npe; e++) if (pe[e].verb == j || pe[e].verb == k) pe[e].dead = 1;
                if (npe < x->nv * 8 + 8) {
                    pending_event *ev = &pe[npe++];
                    memset(ev, 0, sizeof *ev);
                    ev->verb = j;
                    ev->day = x->day;
                    for (int e = 0; e < npe - 1; e++) if (pe[e].verb == j) { ev->day = pe[e].day; break; }
                    copy_str(ev->code, sizeof ev->code, !strcmp(tr->code, "Q") ? vinfo[j].code : tr->code);
                    ev->s.code = x->m[om[0]].code;
                    mention_text(x, &x->m[om[0]], &ev->s.text, &ev->s.len);
                    ev->s.how = x->m[om[0]].match;
                    ev->t.code = x->m[om[1]].code;
                    mention_text(x, &x->m[om[1]], &ev->t.text, &ev->t.len);
                    ev->t.how = x->m[om[1]].match;
                    any_main = 1;
                }
                /* the reported clause's other verbs by the same actor go with it
                 * ("claimed that ISIL had attacked Iraq and taken Mosul") */
                for (int j2 = j + 1; j2 < x->nv; j2++) {
                    if (vinfo[j2].src != vinfo[j].src) continue;
                    for (int e = 0; e < npe - 1; e++) if (pe[e].verb == j2) pe[e].dead = 1;
                    vinfo[j2].coded = 0;
                }
                vinfo[j].coded = 0;
                vinfo[k].used = 1;
                break;
            }
        }
    }
    if (!npe) return;
    {
        int named = 0;
        for (int i = 0; i < npe; i++) if (!pe[i].dead && !pe[i].nulltgt) named = 1;
        if (named) for (int i = 0; i < npe; i++) if (pe[i].nulltgt) pe[i].dead = 1;
    }
    find_issues(c, x);
    /* a dominant code ("[031!]", TABARI manual 6.6.2): only that event and other
     * dominant ones are coded in the sentence */
    int any_dominant = 0;
    for (int i = 0; i < npe; i++) if (!pe[i].dead && pe[i].dominant) any_dominant = 1;
    /* emit, dropping subordinate events when a main one exists, and duplicates */
    for (int i = 0; i < npe; i++) {
        pending_event *ev = &pe[i];
        if (ev->dead || (any_main && ev->subord) || (any_dominant && !ev->dominant)) continue;
        /* "---" is the dictionaries' null code (no event): a PETRARCH verb chain or
         * negation can fall back to it ("praise ... to improve": 0x81 + 0x70 has no
         * entry but 0, "---:0" in the coding ontology); such an event is never output */
        if (!ev->code[0] || ev->code[0] == '-') continue;
        /* CAMEO conventions (tocsin's own dictionaries): whoever acts must be a
         * known actor; an agent of unknown country ("kidnappers", "city
         * authorities", PETRARCH's "---GOV") says who acted only in kind. A
         * countryless target stays when a known actor acted on it ("Egyptian police
         * fired on demonstrators"); PETRARCH's and TABARI's dictionaries keep both. */
        if (d->cameo_conventions && !strncmp(ev->s.code, "---", 3)) continue;
        /* "he told the BBC", "said in an interview with CNN": the outlet carries the
         * statement, it is not its addressee (CAMEO conventions; as for wire services) */
        if (d->cameo_conventions && !strncmp(ev->code, "01", 2) && ev->t.code && strlen(ev->t.code) >= 6 &&
            !strcmp(ev->t.code + strlen(ev->t.code) - 3, "MED"))
            continue;
        /* "Al-Jazeera said the hostages were ...": a news outlet reporting is no
         * statement of its own (state media, GOVMED, speak for their government) */
        if (d->cameo_conventions && !strncmp(ev->code, "01", 2) && strlen(ev->s.code) >= 6 &&
            !strcmp(ev->s.code + strlen(ev->s.code) - 3, "MED") &&
            !(strlen(ev->s.code) >= 9 && !strcmp(ev->s.code + strlen(ev->s.code) - 6, "GOVMED")))
            continue;
        /* a verbal act (statements, appeals, intents, meetings, praise: roots 01-05)
         * addressed to a countryless agent ("told the Cabinet", "is intending to talk
         * to people") names no addressee; material acts on one stay ("Israel attacked
         * militants") */
        if (d->cameo_conventions && ev->t.code && !strncmp(ev->t.code, "---", 3) && ev->code[0] == '0' &&
            ev->code[1] >= '1' && ev->code[1] <= '5')
            continue;
        int dup = 0;
        for (int j = 0; j < i && !dup; j++) {
            /* only against events actually emitted: a transformation's result may equal
             * the event it replaced ("A said A will support B" -> A B 050) */
            if (pe[j].dead || (any_main && pe[j].subord) || (any_dominant && !pe[j].dominant)) continue;
            dup = !strcmp(pe[j].s.code, ev->s.code) && !strcmp(pe[j].t.code, ev->t.code) && !strcmp(pe[j].code, ev->code);
        }
        if (dup) continue;
        tocsin_event e;
        memset(&e, 0, sizeof e);
        e.doc_id = dc->doc->id;
        e.sentence = x->s->index;
        date_format(ev->day, e.date);
        fill_actor(&e.source, ev->s.code, ev->s.text, ev->s.len, ev->s.how);
        fill_actor(&e.target, ev->t.code, ev->t.text, ev->t.len, ev->t.how);
        copy_str(e.code, sizeof e.code, ev->code);
        const cameo_entry *ce = dict_cameo(d, ev->code);
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
        if (c->d->has_story_discards) queue_event(c, &e);
        else {
            dc->fn(&e, dc->user);
            dc->events++;
            c->st.events++;
        }
    }
}

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
    sentence *out = arena_alloc(&c->a, sizeof *out);
    *out = *s;
    out->tok = arena_alloc(&c->a, sizeof(token) * (n + parts + 1));
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
                    o->text = arena_strndup(&c->a, t->text + a, b - a);
                    o->lower = arena_strndup(&c->a, t->lower + a, b - a);
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
                drop = arena_alloc(&c->a, n + 1);
                memset(drop, 0, n + 1);
            }
            for (size_t q = i; q < j; q++) drop[q] = 1;
        }
        i = j - 1;
    }
    if (!drop) return s;
    sentence *out = arena_alloc(&c->a, sizeof *out);
    *out = *s;
    out->tok = arena_alloc(&c->a, sizeof(token) * (n + 1));
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
    find_actors(&px);
    c->in_quote = inq;
    c->quote_paragraph = qpar;
    uint8_t *keep = arena_alloc(&c->a, s->ntok + 1);
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
    if (c->d->tabari_verbs) s = tabari_drop_hyphens(c, s);
    if (c->d->tabari_verbs) s = tabari_commas_pass(c, s);
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
    x->cls = arena_alloc(&c->a, sizeof(uint32_t) * nn);
    x->ment_at = arena_alloc(&c->a, sizeof(int) * nn);
    x->unit_agent = arena_alloc(&c->a, sizeof(int) * nn);
    x->quoted = arena_alloc(&c->a, nn);
    x->cond = arena_alloc(&c->a, nn);
    x->brk = arena_alloc(&c->a, nn);
    x->in_verb = arena_alloc(&c->a, nn);
    x->verbish = arena_alloc(&c->a, nn);
    x->tl = arena_alloc(&c->a, sizeof(uint32_t) * nn);
    x->vids = arena_alloc(&c->a, sizeof(*x->vids) * nn);
    x->pk = arena_alloc(&c->a, sizeof(uint64_t) * nn);
    x->lpk = arena_alloc(&c->a, sizeof(uint64_t) * nn);
    x->vcnt = arena_alloc(&c->a, sizeof(uint32_t) * nn);
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
        x->tl[i] = (uint32_t)strlen(t->lower);
        if (memchr(t->lower, '_', x->tl[i])) x->has_us = 1;
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
    tokenize(c->pending.data, c->pending.len, &c->a, c->lm, &s);
    s.index = c->pending_index;
    s.paragraph = c->pending_paragraph;
    if (s.ntok) {
        sent_ctx x;
        analyse_sentence(c, &x, &s);
        x.forced_speaker = speaker_code ? spk : NULL;
        find_actors(&x);
        find_verbs(&x);
        if (x.nv && x.nm) code_sentence(dc, &x);
    }
    arena_reset(&c->a);
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
    if (!doc->date || date_parse(doc->date, &c->pub) < 0) {
        snprintf(c->err, sizeof c->err, "%s: bad or missing date \"%s\" (expected YYYY-MM-DD)", doc->id,
                 doc->date ? doc->date : "");
        return -1;
    }
    const char *text = doc->text ? doc->text : "";
    /* text_len is the length: an empty body need not be NUL-terminated (fuzz) */
    size_t len = doc->text ? doc->text_len : 0;
    buf_clear(&c->norm);
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
    buf_clear(&c->evstr);
    int story_discard = 0;
    splitter sp;
    splitter_init(&sp, c->norm.data, c->norm.len);
    sentence s;
    for (;;) {
        arena_reset(&c->a);
        if (!splitter_next(&sp, &c->a, c->lm, &s)) break;
        c->st.sentences++;
        c->st.tokens += s.ntok;
        if (s.ntok == 0) continue;
        sent_ctx x;
        analyse_sentence(c, &x, &s);
        /* one scan over all discards; only a hit needs the story-only scan (a
         * story discard found first already answers it) */
        int discard = discard_hit(&x, 0);
        if (discard && c->d->has_story_discards && (discard == 2 || discard_hit(&x, 1) == 2)) { story_discard = 1; break; }
        if (discard) continue;
        if (is_headline(c, &s)) continue;
        find_actors(&x);
        find_verbs(&x);
        if (c->debug) debug_sentence(&x);
        /* a waiting quotation takes its speaker from this sentence's attribution */
        if (c->has_pending) {
            int spk = x.starts_quoted ? find_speaker(&x) : -1;
            code_pending(&dc, spk >= 0 ? x.m[spk].code : NULL);
        }
        /* a quotation that runs on without a speaker waits for the next sentence */
        if (x.ends_quoted && find_speaker(&x) < 0 && s.len < 4096) {
            buf_clear(&c->pending);
            buf_add(&c->pending, s.text, s.len);
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
        code_sentence(&dc, &x);
    }
    if (c->has_pending) {
        if (story_discard) c->has_pending = 0;
        else code_pending(&dc, NULL);
    }
    if (c->d->has_story_discards) flush_events(&dc, story_discard);
    arena_reset(&c->a);
    return dc.events;
}
