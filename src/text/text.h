/*
 * text.h — stage 1 of the pipeline: raw document bytes in, sentences of tokens out.
 *
 * Contract:
 *  - text_normalize() makes any byte string safe: invalid UTF-8 becomes U+FFFD,
 *    control characters become spaces, Unicode is NFC (utf8proc), curly quotes
 *    and dashes are folded to ASCII (' " -), non-breaking and odd spaces to ' '.
 *    Everything downstream may assume valid UTF-8.
 *  - The sentence splitter is built for news and scraped text: abbreviations
 *    (U.S., Jan., Mr., Gen.), initials (J. R. R.), decimal numbers, datelines
 *    ("WASHINGTON (AP) —"), closing quotes after the full stop, a missing space
 *    after the full stop ("weeks.Biden"), paragraph breaks (a blank line always
 *    ends a sentence) and scraper boilerplate ("Source link", "Leave a Reply",
 *    "Your email address will not be published.") which is dropped.
 *  - The tokenizer splits a sentence into words and punctuation; it splits the
 *    possessive "'s" off as its own token and keeps "U.S." or "al-Assad" whole.
 *    Each token carries its case-folded form and hash, so later stages never
 *    lowercase or hash the same word twice.
 *    Details: "'s" is split off every word ("it's" too) and flagged TOK_POSS, as
 *    is a bare "'" after a word ending in s ("the allies'"); other apostrophes
 *    stay inside the word ("won't", "O'Brien"). Numbers keep their separators
 *    ("100,000", "3.5", "10:30", "50-minute"). A word keeps its final '.'
 *    (TOK_ABBREV) when it is a dotted acronym ("U.S.", "a.m."), an initial
 *    ("J.") or a listed abbreviation ("Gen.", "Inc.", "No." before a number);
 *    otherwise '.' is its own token. A run of one mark ("...", "--", "??") is one token.
 *  - The lemmatizer maps inflected verb forms to their base form using WordNet's
 *    own data files (index.verb and verb.exc from Debian's wordnet-base):
 *    "warned" -> "warn", "imposes" -> "impose", "held" -> "hold", "met" -> "meet".
 *
 * Memory: all sentence and token memory comes from a caller-owned arena that is
 * reset between sentences or documents; nothing here mallocs per token.
 */
#ifndef TOCSIN_TEXT_H
#define TOCSIN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* ---- normalisation ---- */

/* Appends the normalised form of in[0..n) to out. Returns the number of invalid
 * UTF-8 sequences that were replaced by U+FFFD. */
size_t text_normalize(const char *in, size_t n, buf *out);

/* ---- tokens ---- */

enum {
    TOK_CAP      = 1 << 0,  /* first letter is upper case */
    TOK_ALLCAPS  = 1 << 1,  /* every letter upper case and at least two letters */
    TOK_PUNCT    = 1 << 2,  /* punctuation only */
    TOK_NUM      = 1 << 3,  /* starts with a digit */
    TOK_QUOTE    = 1 << 4,  /* a quotation mark (after folding: " or ') */
    TOK_FIRST    = 1 << 5,  /* first word of the sentence (capital says nothing) */
    TOK_POSS     = 1 << 6,  /* the possessive 's / ' split off a word */
    TOK_ABBREV   = 1 << 7,  /* ends in '.' that is part of the word (U.S., Gen.) */
};

typedef struct token {
    const char *text;    /* surface form, NUL-terminated (arena) */
    const char *lower;   /* case-folded (utf8proc casefold), NUL-terminated; "U.S." -> "u.s." */
    uint64_t hash;       /* hash_str(lower) */
    const char *lemma;   /* base form if the token can be a verb form, else == lower */
    uint64_t lemma_hash; /* hash_str(lemma) */
    uint32_t off, len;   /* byte span of the token in the sentence text */
    uint16_t flags;      /* TOK_* */
} token;

typedef struct sentence {
    const char *text;    /* sentence text, NUL-terminated (arena or document buffer) */
    size_t len;
    token *tok;
    size_t ntok;
    int index;           /* 1-based position in the document (boilerplate not counted) */
    int paragraph;       /* 1-based paragraph number */
} sentence;

/* ---- lemmatizer ---- */

typedef struct lemmatizer lemmatizer;

/* Loads index.verb and verb.exc from dir (NULL: $TOCSIN_WORDNET, else
 * /usr/share/wordnet). Returns NULL with a util_report() when the files are missing. */
lemmatizer *text_lemmatizer_load(const char *dir);
void text_lemmatizer_free(lemmatizer *lm);
/* Base form of a lower-case word that can be a verb form, or NULL if it is not a
 * known verb form. Thread-safe (read-only). */
const char *text_lemmatize_verb(const lemmatizer *lm, const char *lower, size_t len);

/* ---- splitting and tokenizing ---- */

typedef struct splitter {
    const char *text;    /* normalised document text */
    size_t len, pos;
    int next_index, paragraph;
    /* private state may follow */
    int pending_break;   /* 1 while inside a paragraph whose end is seg_end */
    size_t seg_end;      /* end of the current paragraph (exclusive) */
    int para_start;      /* the next sentence starts a paragraph (dateline check) */
} splitter;

/* Starts splitting text[0, len) (UTF-8, normalised); text must outlive sp. */
void text_splitter_init(splitter *sp, const char *text, size_t len);
/* Fills s with the next sentence (text points into arena memory), tokenized with
 * lemmas from lm (lm may be NULL: lemma == lower). Returns 0 at the end. */
int text_splitter_next(splitter *sp, arena *a, const lemmatizer *lm, sentence *s);

/* Tokenizes one sentence of normalised text into arena memory. */
void text_tokenize(const char *text, size_t len, arena *a, const lemmatizer *lm, sentence *s);

/* The case fold used for token.lower, for anything that must match tokens
 * (dictionary entries): ASCII lower-casing, or utf8proc case folding with
 * accents stripped ("Élysée" -> "elysee"). Result is NUL-terminated, in a. */
const char *text_fold(const char *s, size_t n, arena *a, size_t *out_len);

/* Limits of one sentence: longer runs without a sentence end are cut at a
 * safe boundary (a clause mark or a space) below these. */
#define TEXT_MAX_SENTENCE_BYTES 2000
#define TEXT_MAX_SENTENCE_TOKENS 300

#endif
