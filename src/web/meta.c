/*
 * meta.c — the story's title, publication date, author, canonical URL and
 * declared language, from the places pages put them.
 *
 * Sources in order of trust. Date: JSON-LD datePublished, then the
 * publication meta tags (article:published_time, datePublished, dc.date,
 * pubdate, ...), an element marked itemprop=datePublished or a <time pubdate>,
 * a /2022/01/02/ URL, the first <time datetime>, modification dates, and last
 * a visible dateline in an element whose class names it a date. Title:
 * og:title, JSON-LD headline, the first <h1>, <title> — each cleaned of a
 * " | Site" suffix. Author: JSON-LD, meta author, itemprop/rel author, then a
 * byline element. All walks are iterative (no recursion on page depth).
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/extract_internal.h"
#include "web/web_internal.h"

enum { PRI_NONE = 99 };

typedef struct cand {
    char *val;
    int pri; /* lower wins */
} cand;

typedef struct meta_state {
    cand title, date, author, url, site;
    char *h1, *doc_title;
} meta_state;

static void offer(cand *c, const char *v, size_t n, int pri)
{
    if (!v || pri >= c->pri) return;
    while (n > 0 && isspace((unsigned char)*v)) v++, n--;
    while (n > 0 && isspace((unsigned char)v[n - 1])) n--;
    if (n == 0) return;
    free(c->val);
    c->val = util_xstrndup(v, n);
    c->pri = pri;
}

static void offer_date(cand *c, const char *v, int pri)
{
    char d[11];
    if (v && pri < c->pri && web_normalize_date(v, strlen(v), d) == 0) offer(c, d, 10, pri);
}

static const char *attr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

void web_node_text(const GumboNode *root, buf *b, size_t max)
{
    const GumboNode *stack[256];
    unsigned idx[256];
    int sp = 0;
    stack[0] = root;
    idx[0] = 0;
    sp = 1;
    int space = 0;
    while (sp > 0 && b->len < max) {
        const GumboNode *n = stack[sp - 1];
        if (n->type != GUMBO_NODE_ELEMENT || idx[sp - 1] >= n->v.element.children.length) {
            sp--;
            continue;
        }
        const GumboNode *c = n->v.element.children.data[idx[sp - 1]++];
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
            c->type == GUMBO_NODE_CDATA) {
            for (const char *p = c->v.text.text; *p && b->len < max; p++) {
                if (isspace((unsigned char)*p)) {
                    space = 1;
                    continue;
                }
                if (space && b->len) util_buf_addc(b, ' ');
                space = 0;
                util_buf_addc(b, *p);
            }
        } else if (c->type == GUMBO_NODE_ELEMENT && sp < 256 &&
                   c->v.element.tag != GUMBO_TAG_SCRIPT && c->v.element.tag != GUMBO_TAG_STYLE) {
            if (c->v.element.tag == GUMBO_TAG_BR || c->v.element.tag == GUMBO_TAG_P) space = 1;
            stack[sp] = c;
            idx[sp] = 0;
            sp++;
        }
    }
    /* cut back to a whole UTF-8 character when bounded mid-sequence (decided
     * once: dropping continuation bytes takes len under max, and the lead byte
     * they belonged to must go too — fuzz found titles ending in a lone 0xC3) */
    int cut = b->len >= max;
    while (cut && b->len > 0 && ((unsigned char)b->data[b->len - 1] & 0xC0) == 0x80) b->len--;
    if (cut && b->len > 0 && ((unsigned char)b->data[b->len - 1] & 0xC0) == 0xC0) b->len--;
    if (b->data) b->data[b->len] = 0;
}

/* ---- JSON-LD ---- */

static int is_article_type(json_t *t)
{
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (is_article_type(v)) return 1;
        return 0;
    }
    const char *s = json_string_value(t);
    return s && (strstr(s, "Article") || strstr(s, "BlogPosting") || strstr(s, "Report") ||
                 strstr(s, "LiveBlogPosting") || !strcmp(s, "NewsArticle"));
}

static void ld_author(json_t *a, buf *b, int depth)
{
    if (depth > 3 || b->len > 200) return;
    if (json_is_string(a)) {
        if (b->len) util_buf_adds(b, ", ");
        util_buf_adds(b, json_string_value(a));
    } else if (json_is_object(a)) {
        json_t *n = json_object_get(a, "name");
        if (json_is_string(n)) ld_author(n, b, depth + 1);
    } else if (json_is_array(a)) {
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) if (i < 4) ld_author(v, b, depth + 1);
    }
}

static void ld_visit(json_t *j, meta_state *m, int depth)
{
    if (depth > 6) return;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) ld_visit(v, m, depth + 1);
        return;
    }
    if (!json_is_object(j)) return;
    int art = is_article_type(json_object_get(j, "@type"));
    int bonus = art ? 0 : 1; /* WebPage and friends are second choice */
    json_t *v;
    if ((v = json_object_get(j, "datePublished")) && json_is_string(v))
        offer_date(&m->date, json_string_value(v), 0 + bonus);
    if ((v = json_object_get(j, "dateCreated")) && json_is_string(v))
        offer_date(&m->date, json_string_value(v), 20 + bonus);
    if ((v = json_object_get(j, "dateModified")) && json_is_string(v))
        offer_date(&m->date, json_string_value(v), 30 + bonus);
    if (art && (v = json_object_get(j, "headline")) && json_is_string(v))
        offer(&m->title, json_string_value(v), strlen(json_string_value(v)), 1);
    if (art && (v = json_object_get(j, "author"))) {
        buf b;
        util_buf_init(&b);
        ld_author(v, &b, 0);
        if (b.len) offer(&m->author, b.data, b.len, 0);
        util_buf_free(&b);
    }
    if ((v = json_object_get(j, "@graph"))) ld_visit(v, m, depth + 1);
    if ((v = json_object_get(j, "mainEntity"))) ld_visit(v, m, depth + 1);
}

static void json_ld(const GumboNode *script, meta_state *m)
{
    buf b;
    util_buf_init(&b);
    web_node_text(script, &b, 1 << 20);
    if (b.len) {
        json_error_t e;
        json_t *j = json_loadb(b.data, b.len, 0, &e);
        if (j) {
            ld_visit(j, m, 0);
            json_decref(j);
        }
    }
    util_buf_free(&b);
}

/* ---- meta tags ---- */

static int key_in(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (!strcasecmp(k, *list)) return 1;
    return 0;
}

static const char *const published_keys[] = {
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "article.published", "published_time", "publish-date", "publish_date",
    "publishdate", "pubdate", "date", "dc.date", "dc.date.issued", "dc.date.created",
    "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "originalpublicationdate", "article:published", "article_date_original", "cxenseparse:recs:publishtime",
    "displaydate", "release_date", "datecreated", "created", "citation_publication_date",
    "citation_date", "publication_date", NULL};
static const char *const modified_keys[] = {
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "last-modified", "lastmod", "revised", NULL};
static const char *const author_keys[] = {
    "author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
    "parsely-author", "byl", "citation_author", NULL};

static int looks_like_url(const char *s)
{
    return !strncmp(s, "http", 4) || !strncmp(s, "//", 2) || strchr(s, '/') != NULL;
}

static void meta_tag(const GumboNode *n, meta_state *m)
{
    const char *key = attr(n, "property");
    if (!key) key = attr(n, "name");
    if (!key) key = attr(n, "itemprop");
    if (!key) key = attr(n, "http-equiv");
    const char *content = attr(n, "content");
    if (!key || !content) return;
    if (!strcasecmp(key, "og:title")) offer(&m->title, content, strlen(content), 0);
    else if (!strcasecmp(key, "twitter:title")) offer(&m->title, content, strlen(content), 2);
    else if (!strcasecmp(key, "og:url")) offer(&m->url, content, strlen(content), 1);
    else if (!strcasecmp(key, "og:site_name")) offer(&m->site, content, strlen(content), 0);
    else if (!strcasecmp(key, "application-name")) offer(&m->site, content, strlen(content), 1);
    else if (key_in(key, published_keys)) offer_date(&m->date, content, 2);
    else if (key_in(key, modified_keys)) offer_date(&m->date, content, 31);
    else if (key_in(key, author_keys) && !looks_like_url(content)) {
        const char *c = content;
        if (!strncasecmp(c, "by ", 3)) c += 3;
        offer(&m->author, c, strlen(c), 2);
    }
}

static int class_has(const GumboNode *n, const char *word)
{
    const char *c = attr(n, "class");
    const char *i = attr(n, "id");
    return (c && strcasestr(c, word)) || (i && strcasestr(i, word));
}

/* ---- title cleaning ---- */

static int sep_at(const char *s, size_t i, size_t n, size_t *seplen)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ",
                                       " \xC2\xB7 ", " \xE2\x80\xA2 ", " \xC2\xBB ", " // ", NULL};
    for (int k = 0; seps[k]; k++) {
        size_t l = strlen(seps[k]);
        if (i + l <= n && !memcmp(s + i, seps[k], l)) {
            *seplen = l;
            return 1;
        }
    }
    return 0;
}

static int word_count(const char *s, size_t n)
{
    int w = 0, in = 0;
    for (size_t i = 0; i < n; i++) {
        if (isspace((unsigned char)s[i])) in = 0;
        else if (!in) in = 1, w++;
    }
    return w;
}

/* Drops a site name before the first or after the last separator: the part
 * that equals og:site_name, or else a short part (≤ 4 words) beside a longer. */
static char *clean_title(const char *t, const char *site)
{
    size_t n = strlen(t), first = 0, firstlen = 0, last = 0, lastlen = 0, sl;
    int found = 0;
    for (size_t i = 0; i < n; i++)
        if (sep_at(t, i, n, &sl)) {
            if (!found) first = i, firstlen = sl;
            last = i, lastlen = sl, found = 1;
            i += sl - 1;
        }
    if (!found) return util_xstrdup(t);
    const char *tail = t + last + lastlen;
    size_t tail_n = n - last - lastlen;
    if (site && *site && (!strcasecmp(tail, site) || word_count(tail, tail_n) <= 4) &&
        word_count(t, last) >= 2)
        return util_xstrndup(t, last);
    if (site && *site && !strncasecmp(t, site, first) && strlen(site) == first)
        return util_xstrdup(t + first + firstlen);
    if (!site || !*site) {
        if (word_count(tail, tail_n) <= 4 && word_count(t, last) > word_count(tail, tail_n))
            return util_xstrndup(t, last);
        if (word_count(t, first) <= 3 && word_count(t + first + firstlen, n - first - firstlen) > 4)
            return util_xstrdup(t + first + firstlen);
    }
    return util_xstrdup(t);
}

/* "By JANE DOE, AP | November 18, 2019" -> "JANE DOE, AP": the byline without
 * its "By" and without what follows a separator. */
static char *clean_author(const char *a)
{
    while (isspace((unsigned char)*a)) a++;
    if (!strncasecmp(a, "by ", 3)) a += 3;
    if (!strncasecmp(a, "analysis by ", 12)) a += 12;
    size_t n = strlen(a);
    for (size_t i = 0; i < n; i++) {
        size_t sl;
        if (a[i] == '\n' || a[i] == '|' || sep_at(a, i, n, &sl)) {
            n = i;
            break;
        }
    }
    for (;;) {
        if (n > 0 && isspace((unsigned char)a[n - 1])) n--;
        else if (n > 1 && (unsigned char)a[n - 2] == 0xC2 && (unsigned char)a[n - 1] == 0xA0) n -= 2;
        else break;
    }
    return util_xstrndup(a, n);
}

static char *resolve_url(const char *href, const char *base)
{
    if (!strncmp(href, "http://", 7) || !strncmp(href, "https://", 8)) return util_xstrdup(href);
    if (!base) return util_xstrdup(href);
    const char *hs = strstr(base, "://");
    if (!hs) return util_xstrdup(href);
    if (!strncmp(href, "//", 2)) {
        buf b;
        util_buf_init(&b);
        util_buf_add(&b, base, (size_t)(hs - base) + 1);
        util_buf_adds(&b, href);
        return b.data;
    }
    if (href[0] != '/') return util_xstrdup(href);
    const char *path = strchr(hs + 3, '/');
    size_t root = path ? (size_t)(path - base) : strlen(base);
    buf b;
    util_buf_init(&b);
    util_buf_add(&b, base, root);
    util_buf_adds(&b, href);
    return b.data;
}

void web_meta(GumboNode *root, const char *page_url, web_page *out, char *lang_hint, size_t hintlen)
{
    meta_state m;
    memset(&m, 0, sizeof m);
    m.title.pri = m.date.pri = m.author.pri = m.url.pri = m.site.pri = PRI_NONE;
    char *canonical = NULL;
    int time_seen = 0, dateline_tries = 0;
    lang_hint[0] = 0;
    const char *lang = attr(root, "lang");
    if (lang) {
        /* only a two-letter primary subtag ("en", "en-GB") is an ISO 639-1 code;
         * "edaten" or "eng" would otherwise become a three-letter lang (fuzz) */
        size_t k = 0;
        while (lang[k] && isalpha((unsigned char)lang[k]) && k + 1 < hintlen && k < 3) {
            lang_hint[k] = (char)tolower((unsigned char)lang[k]);
            k++;
        }
        lang_hint[k] = 0;
        if (k != 2 || isalpha((unsigned char)lang[k])) lang_hint[0] = 0;
    }
    size_t cap = 256, sp = 0;
    GumboNode **st = util_xmalloc(cap * sizeof *st);
    st[sp++] = root;
    buf b;
    util_buf_init(&b);
    while (sp > 0) {
        GumboNode *n = st[--sp];
        if (n->type != GUMBO_NODE_ELEMENT) continue;
        GumboTag tag = n->v.element.tag;
        const char *ip = attr(n, "itemprop");
        if (tag == GUMBO_TAG_META) {
            meta_tag(n, &m);
        } else if (tag == GUMBO_TAG_LINK) {
            const char *rel = attr(n, "rel"), *href = attr(n, "href");
            if (rel && href && !strcasecmp(rel, "canonical") && !canonical) canonical = util_xstrdup(href);
        } else if (tag == GUMBO_TAG_TITLE && !m.doc_title) {
            util_buf_clear(&b);
            web_node_text(n, &b, 1000);
            if (b.len) m.doc_title = util_xstrdup(b.data);
        } else if (tag == GUMBO_TAG_SCRIPT) {
            const char *type = attr(n, "type");
            if (type && strstr(type, "ld+json")) json_ld(n, &m);
            continue;
        } else if (tag == GUMBO_TAG_H1 && !m.h1) {
            util_buf_clear(&b);
            web_node_text(n, &b, 1000);
            if (b.len) m.h1 = util_xstrdup(b.data);
        } else if (tag == GUMBO_TAG_TIME) {
            const char *dt = attr(n, "datetime");
            if (dt) {
                int pub = attr(n, "pubdate") || (ip && !strcasecmp(ip, "datePublished")) ||
                          class_has(n, "publish");
                offer_date(&m.date, dt, pub ? 3 : time_seen ? 40 : 12);
                time_seen = 1;
            }
        }
        if (ip && !strcasecmp(ip, "datePublished") && tag != GUMBO_TAG_META) {
            const char *v = attr(n, "content");
            if (!v) v = attr(n, "datetime");
            if (v) offer_date(&m.date, v, 3);
        }
        if (ip && !strcasecmp(ip, "author") && tag != GUMBO_TAG_META && m.author.pri > 3) {
            util_buf_clear(&b);
            web_node_text(n, &b, 200);
            const char *s = b.data ? b.data : "";
            if (!strncasecmp(s, "by ", 3)) s += 3;
            if (b.len && b.len < 100) offer(&m.author, s, strlen(s), 3);
        }
        if (tag == GUMBO_TAG_A && m.author.pri > 4) {
            const char *rel = attr(n, "rel");
            if (rel && !strcasecmp(rel, "author")) {
                util_buf_clear(&b);
                web_node_text(n, &b, 200);
                if (b.len && b.len < 100) offer(&m.author, b.data, b.len, 4);
            }
        }
        if (tag != GUMBO_TAG_HTML && tag != GUMBO_TAG_BODY && tag != GUMBO_TAG_HEAD &&
            (class_has(n, "byline") || class_has(n, "author")) && m.author.pri > 5) {
            util_buf_clear(&b);
            web_node_text(n, &b, 200);
            const char *s = b.data ? b.data : "";
            if (!strncasecmp(s, "by ", 3)) s += 3;
            if (b.len > 3 && b.len < 80) offer(&m.author, s, strlen(s), 5);
        }
        if (m.date.pri > 50 && dateline_tries < 20 && tag != GUMBO_TAG_HTML && tag != GUMBO_TAG_BODY &&
            (class_has(n, "date") || class_has(n, "time") || class_has(n, "posted") ||
             class_has(n, "byline") || class_has(n, "publish"))) {
            dateline_tries++;
            util_buf_clear(&b);
            web_node_text(n, &b, 300);
            char d[11];
            if (b.len && web_date_in_text(b.data, b.len, d) == 0) offer(&m.date, d, 10, 50);
        }
        /* children in document order: push in reverse */
        GumboVector *ch = &n->v.element.children;
        if (sp + ch->length >= cap) {
            while (sp + ch->length >= cap) cap *= 2;
            st = util_xrealloc(st, cap * sizeof *st);
        }
        for (unsigned i = ch->length; i-- > 0;) st[sp++] = ch->data[i];
    }
    free(st);
    util_buf_free(&b);

    char d[11];
    int have_url_date = web_date_from_url(page_url, d) == 0 || (canonical && web_date_from_url(canonical, d) == 0);
    if (have_url_date) {
        offer(&m.date, d, 10, 4);
        /* A URL carries the publisher's own calendar date; a timestamp one day later
         * is the same evening written in UTC ("2019-11-19T03:05Z" for a story of the 18th). */
        int ud, md;
        if (m.date.val && util_date_parse(d, &ud) == 0 && util_date_parse(m.date.val, &md) == 0 && md == ud + 1) {
            free(m.date.val);
            m.date.val = util_xstrdup(d);
        }
    }
    if (m.h1) offer(&m.title, m.h1, strlen(m.h1), 3);
    if (m.doc_title) offer(&m.title, m.doc_title, strlen(m.doc_title), 4);
    if (m.title.val) out->title = clean_title(m.title.val, m.site.val);
    out->date = m.date.val;
    out->author = m.author.val ? clean_author(m.author.val) : NULL;
    free(m.author.val);
    if (canonical) out->url = resolve_url(canonical, page_url);
    else if (m.url.val) out->url = resolve_url(m.url.val, page_url);
    else if (page_url) out->url = util_xstrdup(page_url);
    free(canonical);
    free(m.title.val);
    free(m.url.val);
    free(m.site.val);
    free(m.h1);
    free(m.doc_title);
}
