/*
 * extract_internal.h — declarations shared by the main-text extractor
 * (extract.c), its class/id cues (cues.c) and metadata (meta.c).
 */
#ifndef TOCSIN_EXTRACT_INTERNAL_H
#define TOCSIN_EXTRACT_INTERNAL_H

#include <gumbo.h>
#include <stddef.h>

#include "util/util.h"
#include "web/web.h"

/* class/id words: *junk = the subtree is boilerplate by name; *weight = +1
 * article-like, -1 boilerplate-like, 0 neither. */
void web_classify_attr(const char *s, size_t n, int *junk, int *weight);

/* Metadata of a parsed page into out (title, date, author, url, lang hint).
 * lang_hint receives the <html lang> primary subtag or "". */
void web_meta(GumboNode *root, const char *page_url, web_page *out, char *lang_hint, size_t hintlen);

/* Text of a subtree with whitespace collapsed, appended to b (bounded by max bytes). */
void web_node_text(const GumboNode *n, buf *b, size_t max);

#endif
