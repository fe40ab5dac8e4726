/*
 * extract.c — web_extract(): an HTML page in, the article's main text and
 * metadata out.
 *
 * The method (tocsin's own combination of the known signals):
 *  1. Blocks. The parsed page is cut into text blocks at every block-level
 *     element boundary and <br> (table cells join into one line per row).
 *     Each block remembers the innermost element holding it, its length (CJK
 *     characters weigh more: they carry more per character), how much of it
 *     is link text, and whether a class/id/role names its subtree boilerplate
 *     (cues.c: comments, share widgets, related stories, cookie notices...).
 *     A class name that would cover more than half the page's text is not
 *     trusted as boilerplate.
 *  2. Container. Every prose block (25+ characters, at most half links, not
 *     boilerplate) scores 1 + its commas + its length in hundreds (up to 3).
 *     The score goes to the element holding the paragraph in full and to that
 *     element's ancestors divided by 2, 6, 9 and 12, so the winner is the
 *     element that directly holds the most prose, not a far ancestor that
 *     merely contains it. Tag (div/article +5, lists -3, headings -5) and
 *     class cues (+-10) bias it, and the score is scaled by the share of the
 *     element's text that is not links.
 *  3. Siblings. Siblings of the winner that carry prose of their own (20% of
 *     its score) or are paragraphs join it: the rest of an article cut by an
 *     ad slot. Siblings of its ancestors that repeat the ancestor's tag and
 *     class join too: articles served in repeated "chunk" containers.
 *  4. Output. Inside the chosen subtrees, boilerplate, link-heavy blocks and
 *     figure captions are dropped; short fragments before the first and after
 *     the last real paragraph (bylines, dates, "Share", "Source link") are
 *     trimmed unless they end like a sentence or belong to a run of three or
 *     more lines of one element (a list or table of data); lone words between
 *     paragraphs ("Advertisement") go. Paragraphs and headings come out in
 *     document order separated by blank lines.
 *
 * Hostile input is bounded before parsing: binary bodies are refused, pages are
 * capped in size, and prefilter.c limits nesting depth. The tree walks here are
 * iterative, so depth cannot overflow the C stack.
 */
#include <ctype.h>
#include <gumbo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/extract_internal.h"
#include "web/web_internal.h"

#define MAX_HTML_BYTES (24u << 20)   /* raw bytes considered; the rest is cut */
#define MAX_PARSE_BYTES (8u << 20)   /* filtered HTML handed to gumbo */
#define MAX_DEPTH 400                /* element nesting kept for gumbo */
#define LONG_BLOCK 40                /* weighted chars: about seven words */

enum kind { K_TEXT, K_PARA, K_HEADING, K_ITEM, K_CELL, K_PRE, K_QUOTE, K_FIGURE };

typedef struct wnode {
    int parent, last;        /* last: index of the last node in this subtree */
    GumboTag tag;
    signed char cue;         /* class/id weight */
    unsigned char junk_attr; /* class/id say boilerplate */
    unsigned char junk;      /* junk_attr here or above, after the size check */
    unsigned char quote;     /* an embedded post (tweet) quoted by the story: never junk */
    int text;                /* weighted text length in the subtree */
    double score;            /* candidate score (prose held, ancestors discounted) */
    double prose;            /* undiscounted prose score of the subtree */
    uint32_t cls;            /* hash of tag and class attribute: repeated chunks share it */
} wnode;

typedef struct block {
    int node;               /* innermost block-level element holding the text */
    size_t off, len;        /* bytes in the text buffer */
    int chars, link_chars;  /* weighted lengths */
    unsigned char kind, sentence_end;
} block;

typedef struct walker {
    wnode *nodes;
    size_t nn, capn;
    block *blocks;
    size_t nb, capb;
    buf text;
    size_t cur_off;
    int cur_chars, cur_link, cur_node, cur_kind, pending_space;
} walker;

typedef struct frame {
    GumboNode *n;
    unsigned child;
    int w;          /* wnode index */
    int owner;      /* innermost block-level wnode */
    int link;       /* inside <a> */
    int kind;
    int is_block;
} frame;

static int skipped_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEAD: case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP: case GUMBO_TAG_MENU:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_APPLET:
        return 1;
    default:
        return 0;
    }
}

static int inline_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BDI: case GUMBO_TAG_BDO:
    case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA: case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM: case GUMBO_TAG_FONT: case GUMBO_TAG_I: case GUMBO_TAG_KBD: case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q: case GUMBO_TAG_S: case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_U:
    case GUMBO_TAG_VAR: case GUMBO_TAG_WBR: case GUMBO_TAG_BIG: case GUMBO_TAG_TT: case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_INS: case GUMBO_TAG_DEL: case GUMBO_TAG_LABEL: case GUMBO_TAG_ACRONYM:
    case GUMBO_TAG_NOBR: case GUMBO_TAG_IMG: case GUMBO_TAG_RUBY: case GUMBO_TAG_RT: case GUMBO_TAG_RP:
    case GUMBO_TAG_BLINK: case GUMBO_TAG_OUTPUT: case GUMBO_TAG_METER: case GUMBO_TAG_PROGRESS:
    /* custom elements (<hl-trusted-source>, <bsp-author>): their block children
     * still split text, but they do not cut a sentence in two themselves */
    case GUMBO_TAG_UNKNOWN:
        return 1;
    default:
        return 0;
    }
}

static const char *attr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

/* hidden attribute, display:none / visibility:hidden inline style, aria-hidden. */
static int hidden_element(const GumboNode *n)
{
    if (attr(n, "hidden")) return 1;
    const char *ah = attr(n, "aria-hidden");
    if (ah && !strcasecmp(ah, "true")) return 1;
    const char *st = attr(n, "style");
    if (st) {
        char comp[128];
        size_t k = 0;
        for (const char *p = st; *p && k + 1 < sizeof comp; p++)
            if (!isspace((unsigned char)*p)) comp[k++] = (char)tolower((unsigned char)*p);
        comp[k] = 0;
        if (strstr(comp, "display:none") || strstr(comp, "visibility:hidden")) return 1;
    }
    return 0;
}

/* Weighted length of UTF-8 text: one per character, three per CJK ideograph
 * or kana, two per Hangul syllable; spaces do not count. */
static int weighted_len(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c & 0xC0) == 0x80) continue;
        if (c >= 0xE3 && c <= 0xE9) w += 3;
        else if (c >= 0xEA && c <= 0xED) w += 2;
        else w += 1;
    }
    return w;
}

static void flush_block(walker *wk)
{
    buf *t = &wk->text;
    if (t->len > wk->cur_off) {
        if (wk->nb == wk->capb) {
            wk->capb = wk->capb ? wk->capb * 2 : 256;
            wk->blocks = util_xrealloc(wk->blocks, wk->capb * sizeof *wk->blocks);
        }
        block *b = &wk->blocks[wk->nb++];
        b->node = wk->cur_node;
        b->off = wk->cur_off;
        b->len = t->len - wk->cur_off;
        b->chars = wk->cur_chars;
        b->link_chars = wk->cur_link;
        b->kind = (unsigned char)wk->cur_kind;
        unsigned char last = (unsigned char)t->data[t->len - 1];
        b->sentence_end = strchr(".!?:;\"')", last) != NULL || last >= 0x80;
        if (last >= 0x80) { /* ” ’ … 。 ！ ？ end sentences; other non-ASCII do not */
            const char *e = t->data + t->len;
            b->sentence_end = (t->len >= 3 && (!memcmp(e - 3, "\xE2\x80\x9D", 3) ||
                                               !memcmp(e - 3, "\xE2\x80\x99", 3) ||
                                               !memcmp(e - 3, "\xE2\x80\xA6", 3) ||
                                               !memcmp(e - 3, "\xE3\x80\x82", 3) ||
                                               !memcmp(e - 3, "\xEF\xBC\x81", 3) ||
                                               !memcmp(e - 3, "\xEF\xBC\x9F", 3)));
        }
        util_buf_addc(t, 0); /* blocks are NUL-separated in the buffer */
    }
    wk->cur_off = t->len;
    wk->cur_chars = wk->cur_link = 0;
    wk->pending_space = 0;
}

static void add_text(walker *wk, const char *s, size_t n, int owner, int link, int kind)
{
    buf *t = &wk->text;
    size_t start = t->len;
    int started = t->len > wk->cur_off;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            wk->pending_space = 1;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            wk->pending_space = 1;
            i++;
            continue;
        }
        if (!started) {
            started = 1;
            wk->cur_node = owner;
            wk->cur_kind = kind;
            wk->pending_space = 0;
        }
        if (wk->pending_space) {
            util_buf_addc(t, ' ');
            wk->pending_space = 0;
        }
        /* copy the run up to the next whitespace at once */
        size_t j = i + 1;
        while (j < n) {
            unsigned char d = (unsigned char)s[j];
            if (d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '\f' || d == '\v' ||
                (d == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA0))
                break;
            j++;
        }
        util_buf_add(t, s + i, j - i);
        i = j - 1;
    }
    if (t->len == start) return;
    int w = weighted_len(t->data + start, t->len - start);
    wk->cur_chars += w;
    if (link) wk->cur_link += w;
}

static int new_node(walker *wk, int parent, GumboTag tag)
{
    if (wk->nn == wk->capn) {
        wk->capn = wk->capn ? wk->capn * 2 : 1024;
        wk->nodes = util_xrealloc(wk->nodes, wk->capn * sizeof *wk->nodes);
    }
    wnode *x = &wk->nodes[wk->nn];
    memset(x, 0, sizeof *x);
    x->parent = parent;
    x->tag = tag;
    x->last = (int)wk->nn;
    return (int)wk->nn++;
}

static int kind_of(GumboTag t, int inherited)
{
    if (inherited == K_FIGURE || inherited == K_HEADING) return inherited;
    switch (t) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
        return K_HEADING;
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
        return K_FIGURE;
    case GUMBO_TAG_LI: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
        return K_ITEM;
    case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        return K_CELL;
    case GUMBO_TAG_PRE:
        return K_PRE;
    case GUMBO_TAG_BLOCKQUOTE:
        return K_QUOTE;
    case GUMBO_TAG_P:
        return K_PARA;
    default:
        return inherited;
    }
}

/* Walks the DOM iteratively into nodes and blocks. */
static void walk(walker *wk, GumboNode *root)
{
    size_t cap = 256, sp = 0;
    frame *st = util_xmalloc(cap * sizeof *st);
    int w0 = new_node(wk, -1, root->v.element.tag);
    st[sp++] = (frame){root, 0, w0, w0, 0, K_TEXT, 1};
    while (sp > 0) {
        frame *f = &st[sp - 1];
        GumboVector *ch = &f->n->v.element.children;
        if (f->child >= ch->length) {
            if (f->is_block) flush_block(wk);
            wk->nodes[f->w].last = (int)wk->nn - 1;
            sp--;
            continue;
        }
        GumboNode *c = ch->data[f->child++];
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
            c->type == GUMBO_NODE_CDATA) {
            add_text(wk, c->v.text.text, strlen(c->v.text.text), f->owner, f->link, f->kind);
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT && c->type != GUMBO_NODE_TEMPLATE) continue;
        GumboTag tag = c->v.element.tag;
        if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR) {
            flush_block(wk);
            continue;
        }
        if (skipped_tag(tag) || hidden_element(c)) continue;
        /* table cells join into one block per row, so a data table reads as lines */
        int cell = tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH;
        int blk = !inline_tag(tag) && !cell;
        if (blk) flush_block(wk);
        if (cell) wk->pending_space = 1;
        int w = new_node(wk, f->w, tag);
        const char *cls = attr(c, "class"), *id = attr(c, "id"), *role = attr(c, "role");
        int junk = 0, cue = 0, j2 = 0, c2 = 0;
        if (cls) web_classify_attr(cls, strlen(cls), &junk, &cue);
        if (id) {
            web_classify_attr(id, strlen(id), &j2, &c2);
            if (c2 > 0) junk = 0, cue = 1;
            else if (j2 && cue <= 0) junk = 1, cue = -1;
            else if (!cue) cue = c2;
        }
        if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
                     !strcasecmp(role, "banner") || !strcasecmp(role, "contentinfo") ||
                     !strcasecmp(role, "menu") || !strcasecmp(role, "dialog")))
            junk = 1;
        if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_ARTICLE ||
            tag == GUMBO_TAG_MAIN)
            junk = 0;
        if (tag == GUMBO_TAG_FORM) cue = -1;
        wk->nodes[w].junk_attr = (unsigned char)junk;
        wk->nodes[w].quote = tag == GUMBO_TAG_BLOCKQUOTE && cls &&
                             (strstr(cls, "tweet") || strstr(cls, "instagram"));
        wk->nodes[w].cls = (uint32_t)(util_hash_bytes(cls ? cls : "", cls ? strlen(cls) : 0) ^ (uint32_t)tag);
        wk->nodes[w].cue = (signed char)cue;
        if (sp == cap) {
            cap *= 2;
            st = util_xrealloc(st, cap * sizeof *st);
            f = &st[sp - 1];
        }
        st[sp] = (frame){c, 0, w, blk ? w : f->owner, f->link || tag == GUMBO_TAG_A,
                         kind_of(tag, f->kind), blk};
        sp++;
    }
    flush_block(wk);
    free(st);
}

static int paragraph_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_TR:
        return 1;
    default:
        return 0;
    }
}

/* A container's own bias by tag, in paragraph units: divs and sections hold
 * articles, lists and headings rarely do. */
static double tag_bias(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_MAIN:
        return 5;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
        return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
        return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH:
        return -5;
    default:
        return 0;
    }
}

static double link_density(const block *b)
{
    return b->chars ? (double)b->link_chars / b->chars : 0;
}

static int keepable(const walker *wk, const block *b)
{
    if (wk->nodes[b->node].junk || b->kind == K_FIGURE) return 0;
    double ld = link_density(b);
    if (ld > 0.5) return 0;
    if (b->chars < LONG_BLOCK && ld > 0.25) return 0;
    return 1;
}

/* Commas (Latin, CJK, Arabic) in a block: prose has them, menus do not. */
static int commas(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ',') c++;
        else if (i + 2 < n && !memcmp(s + i, "\xEF\xBC\x8C", 3)) c++;
        else if (i + 2 < n && !memcmp(s + i, "\xE3\x80\x81", 3)) c++;
        else if (i + 1 < n && !memcmp(s + i, "\xD8\x8C", 2)) c++;
    }
    return c;
}

/* The element a line belongs to for run detection: a paragraph-level owner
 * (row, item) groups by its parent, other owners by themselves. */
static int group_of(const wnode *nd, const block *b)
{
    return paragraph_tag(nd[b->node].tag) && nd[b->node].parent >= 0 ? nd[b->node].parent : b->node;
}

static void select_text(walker *wk, buf *out)
{
    size_t nn = wk->nn;
    wnode *nd = wk->nodes;
    long total = 0;
    for (size_t i = 0; i < wk->nb; i++) {
        nd[wk->blocks[i].node].text += wk->blocks[i].chars;
        total += wk->blocks[i].chars;
    }
    for (size_t i = nn; i-- > 1;) nd[nd[i].parent].text += nd[i].text;
    /* A class name that would junk most of the page's text is not a boilerplate cue
     * (a React root called "app-container", a site whose body is "main-nav-wrapper"). */
    for (size_t i = 0; i < nn; i++) {
        int inherited = nd[i].parent >= 0 && nd[nd[i].parent].junk;
        nd[i].junk = (unsigned char)(inherited || (nd[i].junk_attr && nd[i].text * 2 < total));
        /* a story quotes tweets inside "social embed" wrappers; the quote is its text */
        if (nd[i].quote && !(nd[i].parent >= 0 && nd[nd[i].parent].junk && nd[i].junk_attr)) nd[i].junk = 0;
    }
    double *links = util_xcalloc(nn, sizeof *links);
    unsigned char *scored = util_xcalloc(nn, 1);
    for (size_t i = 0; i < wk->nb; i++) links[wk->blocks[i].node] += wk->blocks[i].link_chars;
    for (size_t i = nn; i-- > 1;) links[nd[i].parent] += links[i];
    /* Each prose block scores its container fully and the container's ancestors
     * less and less: the best candidate is the element that directly holds the most
     * prose, not a far ancestor that merely contains it. */
    static const double divider[5] = {1, 2, 6, 9, 12};
    for (size_t i = 0; i < wk->nb; i++) {
        block *b = &wk->blocks[i];
        if (nd[b->node].junk || b->chars < 25 || link_density(b) > 0.5) continue;
        double s = 1 + commas(wk->text.data + b->off, b->len) + (b->chars / 100 < 3 ? b->chars / 100 : 3);
        nd[b->node].prose += s;
        int c = paragraph_tag(nd[b->node].tag) && nd[b->node].parent >= 0 ? nd[b->node].parent : b->node;
        for (int level = 0; level < 5 && c >= 0; level++, c = nd[c].parent) {
            if (!scored[c]) {
                scored[c] = 1;
                nd[c].score += tag_bias(nd[c].tag) + 10.0 * nd[c].cue;
            }
            nd[c].score += s / divider[level];
        }
    }
    for (size_t i = nn; i-- > 1;) nd[nd[i].parent].prose += nd[i].prose;
    long best = -1;
    double best_score = 0;
    for (size_t i = 0; i < nn; i++) {
        if (!scored[i] || nd[i].junk) continue;
        double ld = nd[i].text ? links[i] / nd[i].text : 0;
        double f = nd[i].score * (1 - ld);
        if (best < 0 || f > best_score) best = (long)i, best_score = f;
    }
    util_buf_clear(out);
    if (best < 0) {
        /* no prose anywhere (a page of a few words): every block that is not boilerplate */
        for (size_t i = 0; i < wk->nb; i++) {
            block *b = &wk->blocks[i];
            if (!keepable(wk, b)) continue;
            if (out->len) util_buf_add(out, "\n\n", 2);
            util_buf_add(out, wk->text.data + b->off, b->len);
        }
        free(links);
        free(scored);
        return;
    }
    /* Siblings that carry prose too: the rest of an article split by an ad slot. */
    unsigned char *take = util_xcalloc(nn, 1);
    take[best] = 1;
    int parent = nd[best].parent;
    if (parent >= 0) {
        double threshold = best_score * 0.2 > 10 ? best_score * 0.2 : 10;
        for (int i = parent + 1; i <= nd[parent].last; i = nd[i].last + 1) {
            if (i == best || nd[i].junk) continue;
            double ld = nd[i].text ? links[i] / nd[i].text : 0;
            int ok = scored[i] && nd[i].score * (1 - ld) >= threshold;
            if (!ok && paragraph_tag(nd[i].tag)) ok = (nd[i].text > 80 && ld < 0.25) || (nd[i].text > 0 && ld == 0);
            if (ok) take[i] = 1;
        }
    }
    /* An article cut into repeated chunks (same tag and class, one after another)
     * continues in the siblings of the best node's ancestors too. */
    int top = parent;
    for (int a = (int)best, level = 0; level < 4 && a >= 0 && nd[a].parent >= 0; level++, a = nd[a].parent) {
        int p = nd[a].parent;
        for (int i = p + 1; i <= nd[p].last; i = nd[i].last + 1) {
            if (i == a || nd[i].junk || nd[i].cls != nd[a].cls) continue;
            double ld = nd[i].text ? links[i] / nd[i].text : 0;
            if (nd[i].prose >= 3 && ld < 0.3) {
                take[i] = 1;
                if (p < top) top = p;
            }
        }
    }
    parent = top;
    /* Blocks inside the chosen subtrees, with trimming of fragments around the prose. */
    long first = -1, last = -1;
    unsigned char *in = util_xcalloc(wk->nb ? wk->nb : 1, 1);
    for (size_t i = 0; i < wk->nb; i++) {
        block *b = &wk->blocks[i];
        int n = b->node;
        int inside = 0;
        for (int a = n; a >= 0 && a >= parent; a = nd[a].parent)
            if (take[a]) {
                inside = 1;
                break;
            }
        if (!inside || !keepable(wk, b)) continue;
        in[i] = 1;
        if (b->chars >= LONG_BLOCK && b->kind != K_HEADING) {
            if (first < 0) first = (long)i;
            last = (long)i;
        }
    }
    /* Short lines outside the prose are kept when they come as a run of three or
     * more link-free lines of one element (a <br>-separated list, table rows):
     * that is data, not a byline. */
    unsigned char *run = util_xcalloc(wk->nb ? wk->nb : 1, 1);
    for (size_t i = 0; i < wk->nb;) {
        size_t j = i;
        int g = group_of(nd, &wk->blocks[i]);
        while (j < wk->nb && in[j] && wk->blocks[j].link_chars == 0 && wk->blocks[j].kind != K_HEADING &&
               group_of(nd, &wk->blocks[j]) == g)
            j++;
        if (j - i >= 3)
            for (size_t k = i; k < j; k++) run[k] = 1;
        i = j > i ? j : i + 1;
    }
    for (size_t i = 0; i < wk->nb; i++)
        if (run[i] && in[i]) {
            if (first < 0 || (long)i < first) first = (long)i;
            if ((long)i > last) last = (long)i;
        }
    if (first >= 0)
        for (size_t i = (size_t)first; i < wk->nb; i++) {
            block *b = &wk->blocks[i];
            if (!in[i]) continue;
            if ((long)i > last && !(b->sentence_end && b->link_chars == 0 && b->kind != K_HEADING))
                continue;
            /* a lone word between paragraphs is a label ("Advertisement", "Advert"), not prose */
            if (b->kind != K_HEADING && b->chars < 20 && !b->sentence_end && !memchr(wk->text.data + b->off, ' ', b->len) &&
                !run[i])
                continue;
            if (out->len) util_buf_add(out, "\n\n", 2);
            util_buf_add(out, wk->text.data + b->off, b->len);
        }
    free(run);
    free(in);
    free(take);
    free(links);
    free(scored);
}

/* gumbo allocates a node, a vector or a string buffer at a time; from an
 * arena that is all bump allocation, and the whole tree is freed at once
 * instead of node by node (together a tenth of the time per page). */
static void *gumbo_arena_alloc(void *userdata, size_t size)
{
    return util_arena_alloc(userdata, size ? size : 1);
}

static void gumbo_arena_free(void *userdata, void *ptr)
{
    (void)userdata;
    (void)ptr;
}

int web_extract(const char *html, size_t len, const char *content_type, const char *url,
                web_page *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (err && errlen) err[0] = 0;
    const char *why = NULL;
    if (!html || len == 0) {
        snprintf(err, errlen, "empty document");
        return -1;
    }
    if (web_looks_binary(html, len, &why)) {
        snprintf(err, errlen, "not an HTML document: %s", why);
        return -1;
    }
    int cut = 0;
    if (len > MAX_HTML_BYTES) {
        len = MAX_HTML_BYTES;
        cut = WEB_CUT_BYTES;
    }
    buf utf8, filtered;
    util_buf_init(&utf8);
    util_buf_init(&filtered);
    web_decode(html, len, content_type, &utf8);
    web_prefilter_limits lim;
    web_prefilter_limits_default(&lim);
    lim.max_depth = MAX_DEPTH;
    lim.max_out = MAX_PARSE_BYTES;
    web_prefilter_stats pst;
    web_prefilter_ex(utf8.data, utf8.len, &lim, &filtered, &pst);
    util_buf_free(&utf8);
    if (!cut) cut = pst.cut;

    GumboOptions opt = kGumboDefaultOptions;
    opt.max_errors = 0; /* recording errors copies the open-element stack each time */
    arena tree;
    util_arena_init(&tree, 256u << 10);
    opt.allocator = gumbo_arena_alloc;
    opt.deallocator = gumbo_arena_free;
    opt.userdata = &tree;
    GumboOutput *g = gumbo_parse_with_options(&opt, filtered.data, filtered.len);

    char lang_hint[16] = "";
    web_meta(g->root, url, out, lang_hint, sizeof lang_hint);

    walker wk;
    memset(&wk, 0, sizeof wk);
    util_buf_init(&wk.text);
    walk(&wk, g->root);
    buf text;
    util_buf_init(&text);
    select_text(&wk, &text);
    (void)g; /* everything gumbo allocated goes with the arena */
    util_arena_free(&tree);
    util_buf_free(&filtered);
    free(wk.nodes);
    free(wk.blocks);
    util_buf_free(&wk.text);

    out->text = text.data ? text.data : util_xstrdup("");
    out->text_len = text.len;
    if (!text.data) util_buf_free(&text);
    const char *lang = NULL;
    if (out->text_len > 0) lang = web_detect_language(out->text, out->text_len, lang_hint);
    if (!lang && lang_hint[0]) lang = lang_hint;
    if (lang) out->lang = util_xstrdup(lang);
    out->cut = cut;
    return 0;
}

const char *web_cut_reason(int cut)
{
    switch (cut) {
    case WEB_CUT_BYTES: return "over 24 MB of HTML, the rest was not read";
    case WEB_CUT_PARSE_BYTES: return "over 8 MB of markup, the rest was not read";
    case WEB_CUT_ELEMENTS: return "over 200,000 elements, the rest was not read";
    default: return "";
    }
}

void web_page_free(web_page *p)
{
    if (!p) return;
    free(p->title);
    free(p->date);
    free(p->author);
    free(p->url);
    free(p->lang);
    free(p->text);
    memset(p, 0, sizeof *p);
}
