/*
 * text_internal.h — declarations shared by the files of the text stage only
 * (normalize.c, tokenize.c, split.c, lemma.c, wordlists.c). Not part of the
 * public contract in text.h; the coder must not include it.
 *
 * Why it exists: the tokenizer already hashes each lower-cased word, so the
 * lemmatizer takes that hash instead of hashing again, and returns the hash of
 * the lemma it stored at load time; the word lists (abbreviations, boilerplate,
 * sentence starters) live in one place, wordlists.c, and are queried from here.
 */
#ifndef TOCSIN_TEXT_INTERNAL_H
#define TOCSIN_TEXT_INTERNAL_H

#include "text/text.h"

/* text_lemmatize_verb() with the caller's util_hash_bytes(lower, len); *lemma_hash gets
 * hash_str() of the returned lemma. */
const char *text_lemmatize_verb_hashed(const lemmatizer *lm, const char *lower, size_t len,
                                  uint64_t hash, uint64_t *lemma_hash);

/* Abbreviation classes for a word written without its final dot, compared
 * case-insensitively (ASCII). */
enum {
    ABBR_NONE = 0,
    ABBR_TITLE,     /* precedes a name and never ends a sentence: Mr. Gen. Sen. vs. */
    ABBR_ENDABLE,   /* may end a sentence: Inc. Corp. Jan. St. (see text_is_sentence_starter) */
    ABBR_NUMBER,    /* an abbreviation only before a number: No. 10, Art. 5 ("said no." ends) */
};
int text_abbrev_class(const char *word, size_t len);

/* True if the word (any case) is a closed-class word that commonly starts a
 * sentence ("The", "He", "But", ...): after an endable abbreviation or an
 * initial, a following starter means the sentence did end there. */
int text_is_sentence_starter(const char *word, size_t len);

/* True if the whole line (already trimmed, any case) is scraper boilerplate
 * ("Source link", "Leave a Reply", "Copyright ...", ...). */
int text_is_boilerplate(const char *line, size_t len);

/* Longest line that text_is_boilerplate() will consider. */
#define TEXT_BOILERPLATE_MAX 240

/* UTF-8 helpers for valid (normalised) text. */
int text_decode(const char *s, size_t n, int32_t *cp); /* bytes consumed (>=1) */
int text_is_letter_cp(int32_t cp);   /* Unicode L* or M* */
int text_is_upper_cp(int32_t cp);    /* Lu or Lt */
int text_is_digit_cp(int32_t cp);    /* Nd */

#endif
