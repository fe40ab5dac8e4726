/*
 * dict.h — tocsin's in-memory dictionaries: actors, agents, verb patterns,
 * synsets, discards and issues, read from TABARI or PETRARCH-2 files, plus the
 * CAMEO event-code table (Goldstein value, QuadClass, label).
 *
 * Why it looks like this: the coder is the hot path, so every lookup is keyed on
 * the token hashes the tokenizer already computed (hash_str of the case-folded
 * word, and of its lemma). Phrases are stored as runs of dict_word in one array;
 * a hash index maps the first word of a phrase to the phrases that start with it,
 * longest first. TABARI "stems" (a dictionary word without a trailing '_', which
 * matches any word it is a prefix of) are indexed by the hash of the stem, and
 * the coder probes them with prefix hashes only when the loaded set has stems.
 * After tocsin_dict_finish() the whole structure is read-only and shared by all
 * coder threads.
 *
 * This header is internal (src/coder and src/eval use it); the public half is in
 * include/tocsin.h. dict_opts_* implement the CLI's --dict / --dict+ semantics.
 */
#ifndef TOCSIN_DICT_H
#define TOCSIN_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "tocsin.h"
#include "util/util.h"

/* ---- words and phrases ---- */

enum {
    DW_STEM    = 1 << 0,  /* TABARI stem: matches any word that starts with it */
    DW_ENDINGS = 1 << 1,  /* regular noun/verb endings (s, es, ed, en, ing, 's) accepted */
    DW_ADJ     = 1 << 2,  /* in a pattern: must directly follow the previous element */
    DW_GAP     = 1 << 3,  /* TABARI actor/agent phrase: other words may come before this one */
    DW_NOUNEND = 1 << 4,  /* with DW_ENDINGS: only the plural and possessive ones (PETRARCH pattern words) */
};

typedef struct dict_word {
    uint64_t hash;        /* hash_str() of the lower-case word */
    uint32_t str;         /* offset of the lower-case word in dict->strings */
    uint16_t len;
    uint8_t flags;        /* DW_* */
    uint8_t pad;
} dict_word;

/* A hash index: key -> a run of uint32 ids (built once in finish). */
typedef struct dict_slot {
    uint64_t key;
    uint32_t start, count;   /* run in ids; count 0 = empty slot */
} dict_slot;

typedef struct dict_index {
    dict_slot *slots;     /* open addressing, one cache line per probe */
    uint32_t mask;        /* table size - 1; 0 when empty */
    uint32_t filter_mask; /* words in filter - 1 */
    uint32_t *ids;
    /* Two bits per key in one 64-bit word: most probes are for words no
     * phrase starts with, and this small filter answers them from cache
     * instead of a random access to the (megabytes of) slots. */
    uint64_t *filter;
} dict_index;

/* ---- actors ---- */

typedef struct actor_code {
    char code[40];        /* may be a coded compound "A/B"; "---" null, "###" discard */
    int from, to;         /* inclusive day range (days since epoch) */
} actor_code;

typedef struct actor_phrase {
    uint32_t w0;          /* first word in dict->words */
    uint16_t nw;
    uint16_t person;      /* 1: looks like a personal name (multiword, for fuzzy match) */
    uint32_t group;       /* index into dict->groups */
} actor_phrase;

typedef struct actor_group {
    uint32_t c0, nc;      /* codes in dict->codes, in file order (restricted first) */
    uint32_t file_line;
} actor_group;

/* ---- agents ---- */

typedef struct agent_phrase {
    uint32_t w0;
    uint16_t nw;
    uint8_t prefix;       /* code goes before the actor code (NGO~) */
    uint8_t pad;
    char code[16];        /* without the ~ */
} agent_phrase;

/* ---- verbs ---- */

enum {
    VC_SET      = 1 << 0, /* a code is present */
    VC_NULL     = 1 << 1, /* [---]: matched, but no event */
    VC_DISCARD  = 1 << 2, /* [###]: discard the sentence */
    VC_COMPLEX  = 1 << 3, /* [+++]: TABARI complex: treated as no event */
    VC_SUBORD   = 1 << 4, /* code? : only if nothing else is coded */
    VC_DOMINANT = 1 << 5, /* code! */
};

typedef struct verb_code {
    char code[8];
    char pair[8];         /* second code of a paired [a:b], or "" */
    uint8_t flags;        /* VC_* */
} verb_code;

enum { PE_WORD, PE_SYNSET, PE_SRC, PE_TGT, PE_CMP, PE_SKIP };

typedef struct pat_elem {
    uint8_t kind;         /* PE_* */
    uint8_t adj;          /* must be adjacent to the element nearer the verb */
    uint8_t prep;         /* heads a PETRARCH "(PP)": a preposition, never an infinitive's "to" */
    uint32_t ref;         /* PE_WORD: index in dict->words; PE_SYNSET: synset id */
} pat_elem;

typedef struct verb_pattern {
    uint32_t pre0, post0; /* elements in dict->elems; pre in text order */
    uint16_t npre, npost;
    uint16_t length;      /* TABARI length: literal characters (longest tried first) */
    uint8_t verb_adj_pre, verb_adj_post; /* element next to '*' must touch the verb */
    uint8_t cmp_both;     /* TABARI file: '%' anywhere means source and target */
    uint32_t order;       /* position in the file, for ties */
    uint64_t req_key;     /* dict_prefix_key of a literal word the sentence must contain, 0: none */
    uint64_t req_key2;    /* a second one, 0: none */
    uint32_t req_syn;     /* a synset one of whose phrases must start in the sentence, UINT32_MAX: none */
    verb_code code;
} verb_pattern;

typedef struct verb_block {
    verb_code code;       /* the block's default code */
    uint32_t p0, np;      /* patterns in dict->patterns (sorted longest first) */
} verb_block;

/* One verb form: the verb word plus words that must stand directly before or
 * after it ("+CORDON_OFF", "WIRE_+TAP"). */
typedef struct verb_form {
    uint32_t block;
    uint32_t word;        /* the verb word itself (a TABARI stem when DW_STEM) */
    uint32_t pre0, post0; /* words in dict->words */
    uint8_t npre, npost;
    uint8_t has_code;
    verb_code code;       /* own code, else the block's */
} verb_form;

typedef struct synset {
    uint32_t ph0, nph;    /* phrases in dict->syn_phrases */
    uint64_t first_sig, last_sig; /* 64-bit filters of first/last word prefixes; ~0: unfiltered */
} synset;

typedef struct syn_phrase {
    uint32_t w0;
    uint16_t nw;
    uint16_t len;         /* characters, to try longer first */
    uint8_t src_after;    /* TABARI "PESO_$": the actor right after the phrase is the source */
} syn_phrase;

/* ---- discards and issues ---- */

typedef struct plain_phrase {
    uint32_t w0;
    uint16_t nw;
    uint8_t kind;         /* discards: 1 story, 0 sentence; issues: 1 = ignore phrase */
    uint8_t pad;
    uint32_t code;        /* issues: string offset of the issue code */
} plain_phrase;

/* ---- the CAMEO event table ---- */

/* PETRARCH's internal coding ontology (PICO): a CAMEO code as a 16-bit value
 * whose nibbles are combinable ("want" 0x3000 + "help" 0x0040 = 0x3040 = 033). */
typedef struct pico_entry {
    char code[8];
    int value;
} pico_entry;

/* A PETRARCH verb transformation "~ a (b c VERB2) VERB1 = x y CODE": an event
 * of VERB2 reported by VERB1 becomes a different event. Roles are letters
 * (variables), '.' any actor or none, '_' no actor. */
typedef struct transform {
    char top, inner_src, inner_tgt, out_src, out_tgt;
    uint64_t top_word, inner_word;   /* hashes of the verb words; inner 0 = any verb (Q) */
    uint32_t top_block, inner_block; /* resolved in finish (UINT32_MAX: unknown verb) */
    char code[8];                    /* "Q": the inner event's code */
} transform;

typedef struct cameo_entry {
    char code[8];
    double goldstein;
    int quad_class;
    uint32_t label;       /* string offset */
} cameo_entry;

/* a growable array of fixed-size elements */
typedef struct vec {
    void *data;
    size_t n, cap, size;
} vec;

/* The dialect of a dictionary set: which program's coding rules the coder follows
 * (src/coder/README.md lists where they differ). Computed once when the set is
 * finished; the order matters: DICT_PETR and above are PETRARCH-2's. */
typedef enum dict_dialect {
    DICT_NONE = 0,        /* no verbs file: no event is coded */
    DICT_CAMEO,           /* tocsin's own verbs only: the CAMEO manual's conventions */
    DICT_TABARI,          /* a TABARI verbs file: TABARI 0.8's rules (manual) */
    DICT_PETR,            /* a PETRARCH-2 verbs file in the older flat pattern syntax (its validation suite's) */
    DICT_PETR_NP,         /* PETRARCH-2 parse-based patterns ({NP}, (PP)): Phoenix, UD-PETRARCH */
} dict_dialect;

struct tocsin_dict {
    /* WordNet's verb forms, loaded once when the set is finished and shared,
     * read-only, by every coder (NULL when WordNet's files are missing: then a
     * word's lemma is the word) */
    struct lemmatizer *lm;
    buf strings;          /* lower-case words, codes, labels (NUL-separated) */
    vec words;            /* dict_word */
    vec actors, groups, codes, agents, forms, blocks, patterns, elems;
    vec synsets, syn_phrases, discards, issues, cameo;
    vec pico;                    /* pico_entry, from an "...Ontology..." file when present */
    vec transforms;              /* transform, from "~" lines of verbs files */
    vec tabari_nouns, tabari_adjs; /* uint32 word ids of TABARI <NOUN> / <ADJECTIVE> words */
    dict_index actor_idx, actor_stem_idx, agent_idx, agent_stem_idx;
    dict_index verb_idx, verb_stem_idx, discard_idx, discard_stem_idx, issue_idx;
    dict_index cameo_idx;
    dict_index syn_first_idx, syn_last_idx;  /* dict_syn_key(synset, first/last word prefix) -> phrases */
    dict_index person_idx;       /* (first initial, last initial) -> actor phrases, fuzzy */
    uint64_t stem_lens;          /* bit k: some stem of length k exists */
    uint64_t stem_prefix_bits[64]; /* filter of the 4-byte prefixes of all stems */
    uint64_t start_bits[64];     /* filter: prefixes of first words of actors and agents */
    uint64_t discard_bits[64];   /* filter: prefixes of first words of discards */
    int short_stems;             /* a stem shorter than 4 bytes exists: the filter cannot be used */
    vec pending;                 /* build-time (key,id) pairs, freed in finish */
    int finished;
    int has_story_discards;
    /* the verbs come from tocsin's own dictionaries only: apply the CAMEO manual's
     * conventions the field's programs do not (future acts are intents, 03x/13x) */
    int cameo_conventions;
    int field_verbs;             /* a TABARI/PETRARCH verbs file was loaded */
    int tabari_verbs;            /* ...and it was TABARI's: code as TABARI does */
    /* a field verbs file writes PETRARCH-2's parse-based patterns ({NP}, (PP),
     * "* (FOR {FINANCIAL AID})"): pattern words name parts of the verb's phrases, as
     * (UD-)PETRARCH reads them, and bare nouns are phrase heads of any number; the
     * older flat syntax (the validation suite's) matches the words as written */
    int np_patterns;
    int loading_builtin;
    /* which program's rules the coder follows, computed once from the flags above
     * by tocsin_dict_finish(); the coder reads only this */
    dict_dialect dialect;
    int dyadic;           /* --dyadic: the set's coders code two-sided events only (issue 12) */
    /* substitution markers of agents files (!PERSON!): loaded per file */
    int nloaded;                 /* dictionary files read */
    int nerrors;                 /* malformed lines reported */
    /* built-in synset ids used by the loader for named synsets (&NAME) */
    vec synset_names;            /* {uint64 hash, uint32 id} */
};

/* ---- helpers shared by loader, coder and tests ---- */

/* A growable array of elements of `size` bytes (in src/dict/dict_lines.c): init
 * makes it empty; push appends a zeroed element and returns it (the array may
 * move: earlier pointers into it die); free releases it and leaves it empty. */
void dict_vec_init(vec *v, size_t size);
void *dict_vec_push(vec *v);                 /* zeroed new element */
void dict_vec_free(vec *v);
#define VEC_AT(v, T, i) (((T *)(v).data)[i])

static inline const char *dict_str(const tocsin_dict *d, uint32_t off) { return d->strings.data + off; }

/* Looks a key up in an index: sets *n and returns the run of ids (NULL if absent). */
const uint32_t *dict_index_get(const dict_index *ix, uint64_t key, uint32_t *n);

/* Does the dictionary word w match a token with the given lower-case text, hash
 * and lemma hash? Handles exact, stem and regular-ending matches. */
int dict_word_match(const tocsin_dict *d, const dict_word *w, const char *lower, size_t len,
                    uint64_t hash, uint64_t lemma_hash);

/* Prefix hash used for stem lookup (same function as util_hash_bytes). */
static inline uint64_t dict_prefix_hash(const char *s, size_t n) { return util_hash_bytes(s, n); }

/* The first (up to) four bytes of a word and its length class, packed: a cheap
 * necessary condition for a dictionary word to match a token (exact, stem,
 * regular ending and lemma matches all share the first four bytes). */
static inline uint64_t dict_prefix_key(const char *s, size_t n)
{
    uint64_t k = 0;
    size_t m = n < 4 ? n : 4;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (m == 4) {   /* one load: byte i lands at bit 8*i, as in the loop below */
        uint32_t w;
        memcpy(&w, s, 4);
        return (uint64_t)w | ((uint64_t)4 << 32) | ((uint64_t)1 << 40);
    }
#endif
    for (size_t i = 0; i < m; i++) k |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return k | ((uint64_t)m << 32) | ((uint64_t)1 << 40);
}

/* Key of a stem in a stem index: stems of 4+ bytes are found by the token's
 * 4-byte prefix in one probe; shorter ones by their own hash (probed by length). */
static inline uint64_t dict_stem_key(const char *s, size_t n)
{
    return n >= 4 ? dict_prefix_key(s, n) : util_hash_bytes(s, n);
}

/* Key of a synset phrase in the synset indexes: the synset and the 4-byte
 * prefix of its first (or last) word; prefix 0 marks phrases whose word is too
 * short to be filtered this way (always tried). */
static inline uint64_t dict_syn_key(uint32_t sid, uint64_t prefix)
{
    return (prefix ^ ((uint64_t)sid * 0x9E3779B97F4A7C15ULL)) + sid;
}

/* Key of a multiword phrase in a phrase index: its first two words' hashes. */
static inline uint64_t dict_pair_key(uint64_t h1, uint64_t h2)
{
    return (h1 * 0x9E3779B97F4A7C15ULL) ^ (h2 + 0x632BE59BD9B4E019ULL) ^ (h2 >> 17);
}

/* Bit (0..4095) of a prefix key in a 4096-bit filter. */
static inline uint32_t dict_prefix_bit(uint64_t key)
{
    key *= 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(key >> 52);
}

/* Event-code table lookup: NULL if the code is unknown. */
const cameo_entry *dict_cameo(const tocsin_dict *d, const char *code);
/* Parse an actor date restriction "<YYMMDD", ">YYMMDD", "YYMMDD-YYMMDD" or an 8-digit
 * form: returns 0 and sets from/to, -1 if malformed. Years 00-30 are 20xx. */
int dict_parse_restriction(const char *s, int *from, int *to);
/* The n digits of s (YYMMDD or YYYYMMDD) as days since the epoch: 0 and *days set,
 * -1 when they are no valid date. */
int dict_parse_date6(const char *s, size_t n, int *days);

/* PICO value of a CAMEO code (-1 when unknown or no ontology loaded), and the
 * combination of a governing verb's code with its complement verb's code
 * (PETRARCH: "A wants to [help B]" = 033). Returns 0 and sets out, or -1. */
int dict_pico(const tocsin_dict *d, const char *code, int *value);
int dict_combine_codes(const tocsin_dict *d, const char *upper, const char *lower, char out[8]);
/* The code of the opposite act (PETRARCH's negation: "did not clash" = 050):
 * 0 and out set, or -1 when the ontology has none. */
int dict_negate_code(const tocsin_dict *d, const char *code, char out[8]);

/* Resolve the code of actor group g on a day: "" when null-coded. */
const char *dict_actor_code(const tocsin_dict *d, uint32_t group, int day);

/* ---- --dict / --dict+ for every subcommand ---- */

typedef struct dict_opts {
    const char *dirs[32];
    int ndirs;
    int replace;      /* a --dict was given: the built-in set is not implied */
    int dyadic;       /* --dyadic: two-sided events only (TABARI's behaviour) */
} dict_opts;

/* Empty options: no directory, the built-in set implied. */
void dict_opts_init(dict_opts *o);
/* Records --dict DIR (replace: the built-in set is no longer implied) or --dict+
 * DIR; 0, or -1 when dir is empty or there are already 32 (the command line's
 * parser, src/cli/opts.c, says which). */
int dict_opts_add(dict_opts *o, int replace, const char *dir);
/* Loads the dictionaries the options name (the built-in set unless a --dict
 * replaced it) and finishes them. NULL (message on stderr) if a directory cannot
 * be read. */
tocsin_dict *dict_opts_load(const dict_opts *o);

#endif
