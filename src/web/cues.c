/*
 * cues.c — what a class or id attribute says about an element.
 *
 * Page templates name their parts: "article-body", "story__content",
 * "comments", "related-links", "share-tools", "cookie-banner". These names are
 * the strongest single hint of boilerplate, and the scorer in extract.c uses
 * them in two ways: junk (the subtree is not the article at all: comments,
 * share widgets, related stories, cookie notices, navigation) and a weight
 * (+1 article-like, -1 boilerplate-like) that only nudges container choice.
 * Matching is on lower-cased words of the attribute, split at every
 * non-letter, so "post-comments__list" yields post, comments, list.
 */
#include <ctype.h>
#include <string.h>

#include "web/extract_internal.h"

/* These run for every class word of every element: the first-letter test
 * avoids a strlen per list entry. */
static int word_is(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if ((*list)[0] == w[0] && strlen(*list) == n && !memcmp(w, *list, n)) return 1;
    return 0;
}

static int word_starts(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++) {
        if ((*list)[0] != w[0]) continue;
        size_t l = strlen(*list);
        if (n >= l && !memcmp(w, *list, l)) return 1;
    }
    return 0;
}

/* Words that mark a subtree as not being the article. */
static const char *const junk_words[] = {
    "comment", "comments", "disqus", "respond", "replies", "reply", "share", "sharing",
    "sharebar", "social", "socials", "related", "recommended", "recommendations", "newsletter",
    "subscribe", "subscription", "signup", "promo", "promotion", "sponsor", "sponsored",
    "advert", "advertisement", "advertising", "ad", "ads", "adsense", "dfp", "banner",
    "sidebar", "widget", "widgets", "footer", "nav", "navbar", "navigation", "menu",
    "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent", "gdpr", "popup", "modal",
    "outbrain", "taboola", "trending", "popular", "pagination", "pager", "toolbar",
    "skip", "print", "login", "paywall", "tags", "tag", "tagged", "topics",
    "byline", "dateline", "timestamp", "caption", "credit", "credits", "disclaimer", "copyright",
    "masthead", "rating", "poll", "survey", "shoutbox", "combx", "community", "skyscraper",
    "supplemental", "agegate", "rss", "follow", "author", "bio", "readmore", "more", "next",
    "prev", "previous", "jump", "hidden", "hide", "sr", "visually", "offscreen", "subnav",
    "tooltip", "overlay", "lightbox", "gallery", "carousel", "slideshow",
    "playlist", "feedback", "teaser", "teasers", "headlines", "recirc",
    "recirculation", "zergnet", "nativo", "mailto", "email", "whatsapp", "facebook",
    "linkedin", "pinterest", "reddit", "pocket", "alert", "alerts", "notification",
    "download", "register", "sticky", "dropdown", "search", "logo", "header",
    NULL};
/* Words that mark an element as (part of) the article, overriding junk. */
static const char *const article_words[] = {
    "article", "articlebody", "body", "content", "contents", "entry", "main", "post", "story",
    "text", "prose", "blog", "hentry", "column", "rte", "richtext", "paragraph", "paragraphs", NULL};
/* Junk that no article word excuses: "post-comments", "theme-news rail--trending". */
static const char *const strong_junk_words[] = {
    "comment", "comments", "disqus", "respond", "related", "recommended", "recommendations",
    "newsletter", "trending", "popular", "outbrain", "taboola", "sponsored", "advertisement",
    "cookie", "cookies", "consent", "gdpr", "breadcrumb", "breadcrumbs", "recirc", "recirculation",
    "zergnet", "nativo", "paywall", NULL};
/* Prefixes of words that are junk whatever follows ("sharetools", "adslot"). */
static const char *const junk_prefixes[] = {
    "comment", "disqus", "share", "social", "related", "recommend", "newsletter", "subscri",
    "advert", "sponsor", "sidebar", "footer", "breadcrumb", "cookie", "outbrain", "taboola",
    "trending", "promo", NULL};
static const char *const weak_negative[] = {
    "meta", "media", "foot", "contact", "shopping", "tool", "tools", "scroll", "extra",
    "aside", "links", "list", "card", "cards", "module", "rail", NULL};

void web_classify_attr(const char *s, size_t n, int *junk, int *weight)
{
    int neg = 0, pos = 0, jk = 0, strong = 0;
    char w[40];
    size_t i = 0;
    while (i < n) {
        while (i < n && !isalpha((unsigned char)s[i])) i++;
        size_t wl = 0;
        while (i < n && isalpha((unsigned char)s[i])) {
            if (wl < sizeof w - 1) w[wl++] = (char)tolower((unsigned char)s[i]);
            i++;
            /* camelCase starts a word: "imageEmbedCaption" is image, embed, caption */
            if (i < n && isupper((unsigned char)s[i]) && islower((unsigned char)s[i - 1])) break;
        }
        if (!wl) continue;
        if (word_is(w, wl, strong_junk_words)) strong = 1;
        if (word_is(w, wl, article_words)) pos = 1;
        else if (word_is(w, wl, junk_words) || word_starts(w, wl, junk_prefixes)) jk = 1;
        else if (word_is(w, wl, weak_negative)) neg = 1;
    }
    *junk = strong || (jk && !pos);
    *weight = strong ? -1 : pos ? 1 : (jk || neg) ? -1 : 0;
}
