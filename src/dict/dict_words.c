/*
 * dict_words.c — dictionary words and phrases as every reader stores them:
 * strings once in d->strings, words lower-cased with the tokenizer's hash, a
 * phrase as a run of consecutive words, and the index keys by which the coder
 * finds a phrase from the token it starts with.
 */
#include <ctype.h>
#include <string.h>

#include "dict/dict_int.h"

/* ---- strings and words ---- */

uint32_t dict_add_string(tocsin_dict *d, const char *s, size_t n)
{
    uint32_t off = (uint32_t)d->strings.len;
    util_buf_add(&d->strings, s, n);
    util_buf_addc(&d->strings, '\0');
    return off;
}

uint32_t dict_add_word(tocsin_dict *d, const char *s, size_t n, unsigned flags)
{
    /* an explicit stem ("UN~") of one to three letters elsewhere would match far
     * too many words: it is read as a whole word with regular endings instead */
    if ((flags & DW_STEM) && n < 4 && !(flags & ADD_TABARI)) flags = (flags & ~(unsigned)DW_STEM) | DW_ENDINGS;
    flags &= 0xffu;
    char tmp[256];
    if (n >= sizeof tmp) n = sizeof tmp - 1;
    for (size_t i = 0; i < n; i++) tmp[i] = (char)tolower((unsigned char)s[i]);
    tmp[n] = 0;
    dict_word *w = dict_vec_push(&d->words);
    w->hash = util_hash_bytes(tmp, n);
    w->str = dict_add_string(d, tmp, n);
    w->len = (uint16_t)n;
    w->flags = (uint8_t)flags;
    w->pad = (uint8_t)tmp[0];   /* first byte: a cheap reject before any string work */
    if ((flags & DW_STEM) && n < 64) {
        d->stem_lens |= (uint64_t)1 << n;
        if (n < 4) d->short_stems = 1;
        uint32_t b = dict_prefix_bit(dict_prefix_key(tmp, n));
        d->stem_prefix_bits[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    return (uint32_t)(d->words.n - 1);
}

uint32_t dict_add_phrase_words(src_file *f, const char *s, size_t n, int ending_last, uint16_t *nw)
{
    tocsin_dict *d = f->d;
    uint32_t first = (uint32_t)d->words.n;
    int count = 0;
    size_t i = 0;
    /* TABARI reads a hyphen in a phrase as '_' (manual 7.3: "BARAD-DUR" is
     * BARAD_DUR; the text's hyphens are blanks) */
#define PHRASE_JOIN(ch) ((ch) == '_' || (f->tabari && (ch) == '-'))
    while (i < n) {
        while (i < n && (s[i] == ' ' || PHRASE_JOIN(s[i]) || s[i] == '\t')) i++;
        size_t st = i;
        while (i < n && s[i] != ' ' && !PHRASE_JOIN(s[i]) && s[i] != '\t') i++;
        if (i == st) break;
        size_t wl = i - st;
        unsigned fl = 0;
        int ends_underscore = i < n && PHRASE_JOIN(s[i]);
        int no_endings = wl > 1 && s[st + wl - 1] == '=';
        if (no_endings) wl--;
        if (s[st + wl - 1] == '~' && wl > 1) { wl--; fl |= DW_STEM; }
        int last = 1;
        for (size_t j = i; j < n; j++)
            if (s[j] != ' ' && !PHRASE_JOIN(s[j]) && s[j] != '\t') { last = 0; break; }
        if (f->tabari && !ends_underscore && !no_endings) fl |= DW_STEM;
        if (last && ending_last && !no_endings) fl |= DW_ENDINGS;
        /* TABARI: a blank (not '_') before a word lets other words stand between */
        if ((f->tabari || f->gaps) && count > 0 && st > 0 && (s[st - 1] == ' ' || s[st - 1] == '\t')) fl |= DW_GAP;
        dict_add_word(d, s + st, wl, fl | (f->tabari ? ADD_TABARI : 0));
        count++;
    }
    *nw = (uint16_t)count;
    return first;
#undef PHRASE_JOIN
}

void dict_index_phrase(tocsin_dict *d, int ix, int ix_stem, uint32_t w0, uint16_t nw, uint32_t id,
                       unsigned prio)
{
    dict_word *w = dict_word_at(d, w0);
    const char *s = dict_str(d, w->str);
    /* token filters: a token can start a phrase only if its prefix key is set */
    {
        uint64_t *bits = ix == IX_DISCARD ? d->discard_bits : (ix == IX_ACTOR || ix == IX_AGENT) ? d->start_bits : NULL;
        if (bits) {
            uint32_t b = dict_prefix_bit(dict_prefix_key(s, w->len));
            bits[b >> 6] |= (uint64_t)1 << (b & 63);
        }
    }
    if (w->flags & DW_STEM) {
        dict_add_key(d, ix_stem, dict_stem_key(s, w->len), id, prio);
        return;
    }
    if (nw >= 2 && !(dict_word_at(d, w0 + 1)->flags & (DW_STEM | DW_GAP))) {
        /* multiword phrases are found by their first two words: far fewer candidates
         * to verify than all the phrases sharing a first word ("president ...") */
        dict_word *w2 = dict_word_at(d, w0 + 1);
        dict_add_key(d, ix, dict_pair_key(w->hash, w2->hash), id, prio);
        if (nw == 2 && (w2->flags & DW_ENDINGS) && w2->len < 120) {
            char tmp[128];
            const char *s2 = dict_str(d, w2->str);
            size_t n = w2->len;
            memcpy(tmp, s2, n);
            memcpy(tmp + n, "s", 1);
            dict_add_key(d, ix, dict_pair_key(w->hash, util_hash_bytes(tmp, n + 1)), id, prio);
            memcpy(tmp + n, "es", 2);
            dict_add_key(d, ix, dict_pair_key(w->hash, util_hash_bytes(tmp, n + 2)), id, prio);
            if (n > 1 && s2[n - 1] == 'y') {
                memcpy(tmp + n - 1, "ies", 3);
                dict_add_key(d, ix, dict_pair_key(w->hash, util_hash_bytes(tmp, n + 2)), id, prio);
            }
        }
        return;
    }
    dict_add_key(d, ix, w->hash, id, prio);
    if (nw == 1 && (w->flags & DW_ENDINGS) && w->len < 120) {
        /* a single-word phrase is also reachable from its regular plural forms */
        char tmp[128];
        size_t n = w->len;
        memcpy(tmp, s, n);
        memcpy(tmp + n, "s", 1);
        dict_add_key(d, ix, util_hash_bytes(tmp, n + 1), id, prio);
        memcpy(tmp + n, "es", 2);
        dict_add_key(d, ix, util_hash_bytes(tmp, n + 2), id, prio);
        if (n > 1 && s[n - 1] == 'y') {
            memcpy(tmp + n - 1, "ies", 3);
            dict_add_key(d, ix, util_hash_bytes(tmp, n + 2), id, prio);
        }
    }
}
