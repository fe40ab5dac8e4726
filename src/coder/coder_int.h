/*
 * coder_int.h — what the coder's source files share, and nothing else.
 *
 * The coder is split by concern (like SQLite's sources): coder_words.c (word
 * classes, token and dictionary-phrase matching), coder_actors.c (Step 2:
 * discards, issues, actors, agents, compounds, TABARI pronouns), coder_verbs.c
 * (Step 3: verbs, and matching their patterns), coder_clauses.c (clause
 * structure: conjunctions, passives), coder_events.c (source/target rules and
 * the events of one sentence, queued until story discards are known), coder.c
 * (public API and the document driver: sentences, headlines, TABARI's passes).
 * This header holds the coder state, the per-sentence context and the small
 * helpers every step uses; it is internal to src/coder/ (tests use coder.h).
 */
#ifndef TOCSIN_CODER_INT_H
#define TOCSIN_CODER_INT_H

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
    WC_PLURAL = 1 << 28,  /* people, children, police ...: a plural without -s */
    WC_PASTBASE = 1 << 29, /* hit, put, cut-like forms that are also their own past tense */
};

typedef struct wc_table {
    uint64_t keys[512];
    uint32_t vals[512];
} wc_table;

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
    int one_sided;        /* code events whose target the sentence does not name (manual §4) */
    int hold_events;      /* events wait in evq for the document's end: story discards or locations */
    struct coder_geo *geo; /* the location pass's state (coder_geo.c) */
};

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

typedef struct match_state {
    int cmp_both;         /* TABARI: % is source and target; PETRARCH: after '*' it is the target */
    int src, tgt;         /* mention indices or -1 */
    int cmp;              /* group of a % compound or -1 */
    int leftmost;
    int lo, hi;           /* scope */
    /* PETRARCH-2 patterns (DICT_PETR_NP): post-verb words stop at a "that" clause;
     * mlen: characters of dictionary text matched (the most specific pattern wins) */
    int word_hi, vstart, mlen;
    int post_at;          /* where the first post-verb element matched, or -1 */
    int skip1;            /* TABARI: group + 1 of the actor a '^' skipped (0: none) */
} match_state;

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
    int onesided;         /* a one-sided event: empty target (manual §4.1) */
    int day;
} pending_event;

typedef struct doc_ctx {
    tocsin_coder *c;
    const tocsin_doc *doc;
    tocsin_event_fn fn;
    void *user;
    int events;
} doc_ctx;

#define prefix_bit dict_prefix_bit

/* The word classes (WC_* bits) of the word whose lemma hash is h; 0 for a word
 * no list names. */
static inline uint32_t wc_get(const wc_table *t, uint64_t h)
{
    size_t i = (size_t)(h & 511);
    while (t->keys[i]) {
        if (t->keys[i] == h) return t->vals[i];
        i = (i + 1) & 511;
    }
    return 0;
}

/* Which program's rules the coder follows is d->dialect (dict.h: DICT_CAMEO,
 * DICT_TABARI, DICT_PETR, DICT_PETR_NP; d->dialect >= DICT_PETR is PETRARCH-2 in
 * either syntax), computed once by tocsin_dict_finish(). The passes a dialect runs
 * are chosen in the drivers (coder_find_actors, coder_code_sentence); README.md lists the
 * rules that differ. */
static inline int is_punct(const sent_ctx *x, int i) { return (x->s->tok[i].flags & TOK_PUNCT) != 0; }
static inline int is_ch(const sent_ctx *x, int i, char c);

/* A semicolon that ends a clause; not the rest of an HTML entity whose '&' was
 * lost ("the United States #39; closest allies", common in scraped wire copy). */
static inline int is_semicolon(const sent_ctx *x, int i)
{
    return is_ch(x, i, ';') && !(i >= 2 && (x->s->tok[i - 1].flags & TOK_NUM) && is_ch(x, i - 2, '#'));
}
static inline int tok_is(const sent_ctx *x, int i, const char *w) { return i >= 0 && i < x->n && !strcmp(x->s->tok[i].lower, w); }
static inline int is_ch(const sent_ctx *x, int i, char c)
{
    return i >= 0 && i < x->n && x->s->tok[i].lower[0] == c && !x->s->tok[i].lower[1];
}

/* ---- functions shared between the coder's files ----
 * Each is a contract: what it reads, what it returns or writes. Sentence-level
 * functions read a sent_ctx that analyse_sentence (coder.c) filled, after the
 * step that fills what they read: mentions (coder_find_actors), verbs (coder_find_verbs). */

/* What a discard phrase found in a sentence asks for (coder_discard_hit). */
typedef enum discard_kind {
    DISCARD_NONE = 0,     /* no discard phrase */
    DISCARD_SENTENCE = 1, /* a sentence discard: the sentence yields no event */
    DISCARD_STORY = 2,    /* a story discard ('+' in the file): the whole document yields none */
} discard_kind;

/* coder_words.c */
/* Fills the coder's word-class tables once: c->wc by form, c->lc by lemma (WC_*). */
void coder_word_classes(tocsin_coder *c);
/* Stem candidates of index ix for token t, in steps: *k == 0 probes the token's
 * 4-byte prefix, then prefixes of 1..3 bytes when the set has shorter stems; sets
 * *cnt, returns the ids or NULL when no step is left. Candidates are unverified. */
const uint32_t *coder_stem_probe(const tocsin_dict *d, const dict_index *ix, const token *t,
                           int *k, uint32_t *cnt);
/* Whether dictionary word w matches token i: by form, by lemma when use_lemma, or
 * as a stem or a word with endings. */
int coder_token_match(const sent_ctx *x, const dict_word *w, int i, int use_lemma);
/* Whether pattern word w matches token i, by the dialect's reading (PETRARCH's flat
 * syntax: as written; the others: through the lemma). */
int coder_pattern_word_match(const sent_ctx *x, const dict_word *w, int i);
/* Matches phrase words w[0..nw) at consecutive tokens from i; the end token or -1. */
int coder_phrase_at(const sent_ctx *x, const dict_word *w, int nw, int i);
/* The longest phrase of vec phrases (w0/nw read at the given offsets) starting at
 * token i, from the exact index ix and the stem index stem_ix: its end token and
 * *id, or -1. */
int coder_longest_phrase(const sent_ctx *x, const vec *phrases, size_t off_w0, size_t off_nw,
                   const dict_index *ix, const dict_index *stem_ix, int i, uint32_t *id);

/* coder_actors.c */
/* Whether an actor code is an IGO/NGO/transnational group or a CAMEO region (EUR,
 * AFR, MEA, ...): a participant that is not a state and lends no country. */
int coder_is_supranational(const char *code);
/* The discard phrase found in the sentence, if any; story_only: look for story
 * discards only. PETRARCH's dialects need the phrase delimited by blanks. */
discard_kind coder_discard_hit(const sent_ctx *x, int story_only);
/* Writes the sentence's issue codes to c->issues (";"-separated, deduplicated;
 * empty when an ignore phrase occurs). */
void coder_find_issues(tocsin_coder *c, const sent_ctx *x);
/* Step 2: fills x->m, x->nm, x->ment_at (and x->unit_agent): the sentence's actor
 * mentions, their roles (prepositional object, place, possessor, appositive),
 * compound groups and composed codes. */
void coder_find_actors(sent_ctx *x);
/* TABARI's FORWARD: writes to out the actor a pronoun opening the next sentence
 * stands for (the first actor of this one, without its agents); 0 when none. */
int coder_tabari_forward_actor(const sent_ctx *x, char *out, size_t cap);

/* coder_verbs.c */
/* Step 3: fills x->v, x->nv and x->in_verb: the dictionary verbs of the sentence,
 * with nounlike (a noun use) and reduced (a reduced relative's participle). */
void coder_find_verbs(sent_ctx *x);
/* TOCSIN_DEBUG=1: prints the sentence's tokens with their mentions ({code group
 * pp app place poss}) and verbs (<V code>) on one line of stderr. */
void coder_debug_sentence(const sent_ctx *x);
/* The first mention at a token in [pos, hi), or -1. */
int coder_next_mention_at_or_after(const sent_ctx *x, int pos, int hi);
/* The number of mentions in compound group g. */
int coder_group_size(const sent_ctx *x, int g);
/* The end token of the last member of mention mi's compound group. */
int coder_group_last_end(const sent_ctx *x, int mi);
/* The start token of the first member of mention mi's compound group. */
int coder_group_first_start(const sent_ctx *x, int mi);
/* Matches post-verb pattern elements e[k..ne) from token pos (the first one right
 * at pos when adjacent), filling the actor slots of *ms; 1 when they all match. */
int coder_match_post(const sent_ctx *x, const pat_elem *e, int k, int ne, int pos, int adjacent, match_state *ms);
/* Matches pre-verb pattern elements e[0..k] backwards, ending at or before token
 * pos (right before it when adjacent), filling *ms; 1 when they all match. */
int coder_match_pre(const sent_ctx *x, const pat_elem *e, int k, int pos, int adjacent, match_state *ms);
/* Tries the patterns of block b around verb vh, the dialect's preferred (longest,
 * most specific) first: 1 and *code, the slots of *ms and *pre_words (pattern
 * words before the verb) when one matches, else 0. */
int coder_match_patterns(const sent_ctx *x, const verb_hit *vh, const verb_block *b, match_state *ms,
                   verb_code *code, int *pre_words);
/* The code verb k would take in tokens [lo, hi) (a pattern's or its default) in
 * *out; 0 when it codes nothing. */
int coder_verb_default_or_pattern(const sent_ctx *x, int k, int lo, int hi, verb_code *out);

/* coder_clauses.c */
/* Whether token i is a word of TABARI's <NOUN> or <ADJECTIVE> list (list). */
int coder_tabari_listed(const sent_ctx *x, const vec *list, int i);
/* Whether the temporal subordinator at token i ("after Calenardhon crowds burned")
 * opens a clause: an actor and a verb follow before the next comma. */
int coder_tempsub_clause(const sent_ctx *x, int i);
/* Whether token i breaks clauses: a conjunction joining clauses (by the dialect's
 * rules, not inside an aside, an actor phrase or a list) or a semicolon. */
int coder_is_clause_conj(const sent_ctx *x, int i);
/* Whether verb vh is passive: TABARI's rule (was/were/been before it, "by" after
 * it), else a participle after a form of "be" ("there were soldiers killed"), or,
 * with the CAMEO conventions, a participle with a "by" agent right after it. */
int coder_is_passive(const sent_ctx *x, const verb_hit *vh);
/* Whether "by", "from" or "in" occurs in tokens [from, hi): a phrase that may name
 * a passive verb's agent. */
int coder_passive_agent_pp(const sent_ctx *x, int from, int hi);
/* Whether two actor codes are one family: equal, or one is the other plus agents
 * ("USAGOV" and "USA"). An actor does not act on itself. */
int coder_same_family(const char *a, const char *b);

/* coder_events.c */
/* Whether a verb that is no noun use starts in tokens [lo, hi). */
int coder_verb_between(const sent_ctx *x, int lo, int hi);
/* The speaker of the sentence's quotations: the subject (or "said X" object) of a
 * reporting verb outside quotation marks, as a mention group, or -1. */
int coder_find_speaker(const sent_ctx *x);
/* Emits the document's queued events to dc->fn (held while story discards may
 * come), or drops them when drop; empties the queue. */
void coder_flush_events(doc_ctx *dc, int drop);
/* The PLOVER type, mode and context of CAMEO event code `code` (data/plover.tsv: the
 * longest listed prefix of the code). Each is "" when there is none (CAMEO 01 and 02
 * have no PLOVER type, PLOVER §7.1). The strings live as long as the process;
 * thread-safe. */
void coder_plover(const char *code, const char **type, const char **mode, const char **context);
/* Step 4: codes one analysed sentence (after coder_find_actors and coder_find_verbs): its
 * events go to dc->fn (or the queue), and the coder's carried state (previous
 * subject, issues) is updated. Nothing when a discard pattern matches. */
void coder_code_sentence(doc_ctx *dc, sent_ctx *x);

/* coder_geo.c: the location pass (where each event happened, src/geo) */
typedef struct coder_geo coder_geo;
/* Sets up the pass on a new coder (c->d set): the process's gazetteer, or none;
 * sets c->hold_events. */
void coder_geo_new(tocsin_coder *c);
void coder_geo_free(tocsin_coder *c);
/* Starts a document (its text as given); without a gazetteer says so once per process. */
void coder_geo_begin(tocsin_coder *c, const char *text, size_t len);
/* After sentence s (as split, before any dialect's rewriting) was coded: when it
 * queued events (c->evq.n grew from queued_before), its place mentions are read. */
void coder_geo_sentence(tocsin_coder *c, const sentence *s, size_t queued_before);
/* At the document's end, before the queue is flushed: fills the geo of every queued event. */
void coder_geo_locate(tocsin_coder *c);

#endif
