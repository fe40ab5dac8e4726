/*
 * dict_int.h — what the dictionary loader's files share and nothing else sees:
 * the file being read (src_file), the one line iterator every reader uses, the
 * word and phrase builders, the build-time index keys, and each reader's entry
 * point. Private to src/dict (the coder and eval use dict.h only).
 *
 * The files: dict_load.c (new/free, which file is what, its dialect, directory
 * order), dict_lines.c (the vector, the line iterator, malformed-line reports),
 * dict_words.c (strings, words, phrases and their index keys), dict_actors.c
 * (actors and agents), dict_verbs.c (verbs, verb forms, transformations),
 * dict_patterns.c (synsets and verb patterns), dict_lists.c (discards, issues,
 * the ontology, the CAMEO table), dict_index.c (the hash indexes and
 * tocsin_dict_finish), dict_lookup.c (run-time lookups the coder calls).
 */
#ifndef TOCSIN_DICT_INT_H
#define TOCSIN_DICT_INT_H

#include "dict/dict.h"

/* ---- the file being read ---- */

typedef struct src_file {
    const char *path;
    int line;
    int tabari;        /* dialect: 1 TABARI, 0 PETRARCH-2 */
    int gaps;          /* blanks in phrases allow words between (agents, both dialects) */
    tocsin_dict *d;
} src_file;

/* Reports "path:line: what: text" (text cut to 79 bytes) through util_report() and
 * counts it in d->nerrors. The caller skips the line. */
void dict_bad_line(src_file *f, const char *what, const char *text);

/* Cuts blanks, tabs and CRs (and trailing newlines) off both ends of s in place;
 * returns the first kept byte. */
char *dict_trim(char *s);

/* ---- the line iterator every reader uses ---- */

enum {
    DL_RAW,        /* every line as it is (HTML comments removed), blank ones too */
    DL_HASH,       /* '#' starts a comment (outside [...]); lines trimmed, blank ones skipped */
    DL_HASH_SEMI,  /* '#' and ';' start a comment (TABARI); trimmed, blank ones skipped */
};

typedef struct dict_lines {
    char *p, *end;
    int in_html_comment;
    src_file *f;
    int comments;      /* DL_* */
    int finish;        /* stop at TABARI's end mark "~FINISH" / "~~FINISH" */
    char *raw;         /* the current line from its first byte (leading blanks kept) */
    int indented;      /* the current line starts with a blank or tab */
} dict_lines;

/* Starts iterating the n bytes of text (modified in place) for file f. */
void dict_lines_init(dict_lines *it, src_file *f, char *text, size_t n, int comments, int finish);
/* The next line, or NULL at the end (or at "~FINISH" when it->finish). Counts
 * every physical line in f->line; removes <!-- ... --> comments (also over
 * several lines); unless DL_RAW, removes the comment, trims and skips lines left
 * blank. Sets it->raw and it->indented for the line returned. */
char *dict_lines_next(dict_lines *it);

/* ---- strings, words and phrases (dict_words.c) ---- */

/* dict_add_word flag: the word comes from a TABARI file, where even a stem of one
 * to three letters is one ("ENT" matches "Entian", "IN *" "inching": manual 5.2.2;
 * the validation records rely on it; "OF_" is how TABARI writes the whole word) */
#define ADD_TABARI 0x100u

/* Appends n bytes of s and a NUL to d->strings; returns their offset. */
uint32_t dict_add_string(tocsin_dict *d, const char *s, size_t n);
/* Appends one dictionary word (already split from its connectors), lower-cased,
 * with DW_* flags (| ADD_TABARI); returns its index in d->words. A non-TABARI
 * stem of 1-3 letters becomes a whole word with regular endings. Records stem
 * lengths and prefixes for the coder's stem filters. */
uint32_t dict_add_word(tocsin_dict *d, const char *s, size_t n, unsigned flags);

static inline dict_word *dict_word_at(tocsin_dict *d, uint32_t i) { return &VEC_AT(d->words, dict_word, i); }

/* Splits a phrase string on blanks and underscores (and, in TABARI files,
 * hyphens) into consecutive words; returns the index of the first word and sets
 * *nw (0: no word). `ending_last`: regular endings on the last word. TABARI words
 * without a trailing '_' are stems; with f->tabari or f->gaps a blank before a
 * word lets other words stand between (DW_GAP). */
uint32_t dict_add_phrase_words(src_file *f, const char *s, size_t n, int ending_last, uint16_t *nw);
/* Adds the index keys of phrase `id` (words w0..w0+nw-1) to index ix, or to
 * ix_stem when its first word is a stem: by its first two words when it has
 * more than one (and the second is no stem or gap), else by its word, plus the
 * regular plural forms of a last word with endings. Sets the start filters of
 * actors, agents and discards. */
void dict_index_phrase(tocsin_dict *d, int ix, int ix_stem, uint32_t w0, uint16_t nw, uint32_t id,
                       unsigned prio);

/* Regular verb forms (third person, past, gerund) of a lower-case base word into
 * out; returns how many (0 for an empty or over-long word). In dict_verbs.c. */
int dict_verb_forms(const char *w, size_t n, char out[4][72]);

/* ---- build-time index keys (dict_index.c) ---- */

enum { IX_ACTOR, IX_ACTOR_STEM, IX_AGENT, IX_AGENT_STEM, IX_VERB, IX_VERB_STEM,
       IX_DISCARD, IX_DISCARD_STEM, IX_ISSUE, IX_PERSON, IX_SYN_FIRST, IX_SYN_LAST, IX_N };

typedef struct pending_key {
    uint64_t key;
    uint32_t id;
    uint16_t ix;
    uint16_t prio;     /* larger first within a key */
    uint32_t seq;      /* later-loaded first among equals */
} pending_key;

/* Frees an index's tables and zeroes it. */
void dict_index_free(dict_index *ix);
/* Records that `key` leads to `id` in index ix (IX_*), with priority prio
 * (clamped to 65535); tocsin_dict_finish builds the indexes from these. */
void dict_add_key(tocsin_dict *d, int ix, uint64_t key, uint32_t id, unsigned prio);

/* ---- pattern text (dict_patterns.c) ---- */

/* One lexeme of pattern text: a word or one of the punctuation marks {}()| */
typedef struct lexeme {
    char text[64];
    uint8_t adj;      /* joined to the previous lexeme by '_' */
    uint8_t us_after; /* a word directly followed by '_': TABARI reads it as a whole word */
    char punct;       /* '{' '}' '(' ')' '|' or 0 for a word */
} lexeme;

/* Splits pattern text into at most max lexemes (words cut to 63 bytes); '_'
 * marks the next lexeme adjacent. Returns how many. */
int dict_lex_pattern(const char *s, lexeme *out, int max);
/* Appends an empty synset (its phrases follow in d->syn_phrases); returns its id. */
uint32_t dict_new_synset(tocsin_dict *d);
/* Adds the member line "+PHRASE" (without the '+') to synset sid, which must be
 * the newest synset (else reported); nested "&NAME" references are expanded.
 * plural_ok: regular endings on the last word (PETRARCH files). */
void dict_add_synset_member(src_file *f, uint32_t sid, const char *s, int plural_ok);
/* Parses the pattern "pre * post" (the '-' and the code already cut off, s
 * modified) into a pattern of verb block `block` with code vc. A pattern
 * without '*', with an unclosed '{' or an undefined synset is reported and
 * dropped. */
void dict_add_pattern(src_file *f, uint32_t block, char *s, const verb_code *vc);

/* ---- the readers ----
 * Each reads the whole buffer text[0..len) of file f (modified in place) in f's
 * dialect, adds what it defines to f->d, and reports each malformed line with
 * dict_bad_line and goes on with the next; none fails. */

void dict_load_actors(src_file *f, char *text, size_t len);     /* dict_actors.c */
void dict_load_agents(src_file *f, char *text, size_t len);     /* dict_actors.c */
void dict_load_verbs(src_file *f, char *text, size_t len);      /* dict_verbs.c */
void dict_load_discards(src_file *f, char *text, size_t len);   /* dict_lists.c */
void dict_load_issues(src_file *f, char *text, size_t len);     /* dict_lists.c */
void dict_load_ontology(src_file *f, char *text, size_t len);   /* dict_lists.c */
/* Reads tocsin's CAMEO event table (code, Goldstein, QuadClass, label per TAB
 * line) into d->cameo; a missing file or bad line is reported, not fatal. */
void dict_load_cameo(tocsin_dict *d, const char *path);

#endif
