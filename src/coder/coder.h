/*
 * coder.h — internals of the event coder shared by its source files and tests:
 * temporal-expression resolution (coder_dates.c) and the guarded fuzzy match of
 * garbled personal names (coder_fuzzy.c). The coder itself is coder.c (public
 * API, document driver) and its steps coder_words.c, coder_actors.c,
 * coder_verbs.c, coder_clauses.c, coder_events.c, which share coder_int.h.
 */
#ifndef TOCSIN_CODER_H
#define TOCSIN_CODER_H

#include "dict/dict.h"
#include "text/text.h"

/* Tense of the clause a time expression belongs to. */
enum { TENSE_PRESENT = 0, TENSE_PAST = 1, TENSE_FUTURE = 2 };

/* Finds a time expression in tokens [from, to) of s and resolves it against the
 * publication day `pub`. Returns the event day, or `pub` when there is none.
 * *found (optional) is set to 1 when an expression was used. */
int coder_resolve_date(const sentence *s, size_t from, size_t to, int pub, int tense, int *found);

/* The month (1-12) a lower-case word names ("march", "mar.", "sept"), else 0. */
int coder_month_of(const char *w);

/* Levenshtein distance of two short strings, capped at cap+1. */
int coder_edit_distance(const char *a, size_t na, const char *b, size_t nb, int cap);

/* Guarded fuzzy match of a capitalised multiword span (tokens [from, to)) against
 * the multiword person entries of the actor dictionary. Returns the actor phrase
 * index or -1. */
long coder_fuzzy_person(const tocsin_dict *d, const sentence *s, size_t from, size_t to, int day);

#endif
