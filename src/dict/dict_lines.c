/*
 * dict_lines.c — the text layer every dictionary reader stands on: the growable
 * vector (vec) the dictionary and the coder keep their arrays in, the one line
 * iterator (comments, blank lines, TABARI's ~FINISH) and the report of a
 * malformed line as file:line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict/dict_int.h"

/* ---- vec ---- */

void dict_vec_init(vec *v, size_t size)
{
    v->data = NULL;
    v->n = v->cap = 0;
    v->size = size;
}

void *dict_vec_push(vec *v)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->data = util_xrealloc(v->data, v->cap * v->size);
    }
    void *p = (char *)v->data + v->n * v->size;
    memset(p, 0, v->size);
    v->n++;
    return p;
}

void dict_vec_free(vec *v)
{
    free(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

void dict_bad_line(src_file *f, const char *what, const char *text)
{
    char snip[80];
    size_t n = strlen(text);
    if (n > sizeof snip - 1) n = sizeof snip - 1;
    memcpy(snip, text, n);
    snip[n] = 0;
    util_report("%s:%d: %s: %s", f->path, f->line, what, snip);
    f->d->nerrors++;
}

/* Removes a comment (from '#' or ';' outside [...] and {...}) in place. */
static void strip_comment(char *s, int semicolon)
{
    int depth = 0;
    const char *stops = semicolon ? "#;[]" : "#[]";
    for (char *p = s + strcspn(s, stops); *p; p += 1 + strcspn(p + 1, stops)) {
        if (*p == '[') depth++;
        else if (*p == ']' && depth > 0) depth--;
        else if (depth == 0 && (*p == '#' || (semicolon && *p == ';'))) {
            *p = 0;
            return;
        }
    }
}

char *dict_trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

void dict_lines_init(dict_lines *it, src_file *f, char *text, size_t n, int comments, int finish)
{
    memset(it, 0, sizeof *it);
    it->p = text;
    it->end = text + n;
    it->f = f;
    it->comments = comments;
    it->finish = finish;
}

/* The next physical line with its <!-- ... --> comments removed (they may span
 * several lines), or NULL at the end of the buffer. */
static char *next_raw_line(dict_lines *it)
{
    while (it->p < it->end) {
        char *line = it->p;
        char *nl = memchr(line, '\n', (size_t)(it->end - line));
        if (nl) { *nl = 0; it->p = nl + 1; } else it->p = it->end;
        it->f->line++;
        /* HTML-style comments, possibly over several lines */
        char *s = line;
        if (!it->in_html_comment && !strchr(s, '<')) return line;
        for (;;) {
            if (it->in_html_comment) {
                char *e = strstr(s, "-->");
                if (!e) { *s = 0; break; }
                memmove(s, e + 3, strlen(e + 3) + 1);
                it->in_html_comment = 0;
            }
            char *b = strstr(s, "<!--");
            if (!b) break;
            char *e = strstr(b + 4, "-->");
            if (e) memmove(b, e + 3, strlen(e + 3) + 1);
            else { *b = 0; it->in_html_comment = 1; break; }
        }
        return line;
    }
    return NULL;
}

char *dict_lines_next(dict_lines *it)
{
    char *line;
    while ((line = next_raw_line(it))) {
        it->raw = line;
        it->indented = line[0] == ' ' || line[0] == '\t';
        if (it->comments == DL_RAW) return line;
        strip_comment(line, it->comments == DL_HASH_SEMI);
        char *s = dict_trim(line);
        if (!*s) continue;
        /* TABARI's end mark, which may carry a date */
        if (it->finish && (!strncmp(s, "~FINISH", 7) || !strncmp(s, "~~FINISH", 8))) return NULL;
        return s;
    }
    return NULL;
}
