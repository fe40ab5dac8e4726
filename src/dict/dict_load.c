/*
 * dict_load.c — reads dictionary directories into a tocsin_dict: TABARI
 * (tabari-manual.txt chapters 5-6) and PETRARCH-2 (petrarch2-dictionary-formats.rst)
 * actors, agents, verbs (synsets, patterns), discards, issues and ontology files.
 * This file creates and frees the set, decides what each file is and which
 * dialect it is written in, and hands it to its reader (dict_actors.c,
 * dict_verbs.c, dict_lists.c); dict_int.h lists the loader's files.
 *
 * Why one reader for both dialects: the two syntaxes share most of their
 * constructs and differ in a few places (TABARI stems vs PETRARCH exact words,
 * per-root patterns vs "--- BLOCK ---" verb blocks, alternatives "{a | b}" vs
 * noun phrases "{NP}" and "(PP)"). The dialect of each file is decided from its
 * content, and each construct is translated into the same in-memory form. Every
 * malformed line is reported with file:line through util_report() and skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dict/dict_int.h"
#include "text/text.h"

tocsin_dict *tocsin_dict_new(void)
{
    tocsin_dict *d = util_xcalloc(1, sizeof *d);
    util_buf_init(&d->strings);
    util_buf_addc(&d->strings, '\0');   /* offset 0 is the empty string */
    dict_vec_init(&d->words, sizeof(dict_word));
    dict_vec_init(&d->tabari_nouns, sizeof(uint32_t));
    dict_vec_init(&d->tabari_adjs, sizeof(uint32_t));
    dict_vec_init(&d->actors, sizeof(actor_phrase));
    dict_vec_init(&d->groups, sizeof(actor_group));
    dict_vec_init(&d->codes, sizeof(actor_code));
    dict_vec_init(&d->agents, sizeof(agent_phrase));
    dict_vec_init(&d->forms, sizeof(verb_form));
    dict_vec_init(&d->blocks, sizeof(verb_block));
    dict_vec_init(&d->patterns, sizeof(verb_pattern));
    dict_vec_init(&d->elems, sizeof(pat_elem));
    dict_vec_init(&d->synsets, sizeof(synset));
    dict_vec_init(&d->syn_phrases, sizeof(syn_phrase));
    dict_vec_init(&d->discards, sizeof(plain_phrase));
    dict_vec_init(&d->issues, sizeof(plain_phrase));
    dict_vec_init(&d->cameo, sizeof(cameo_entry));
    dict_vec_init(&d->pico, sizeof(pico_entry));
    dict_vec_init(&d->transforms, sizeof(transform));
    dict_vec_init(&d->pending, sizeof(pending_key));
    dict_vec_init(&d->synset_names, sizeof(pending_key));
    return d;
}

void tocsin_dict_free(tocsin_dict *d)
{
    if (!d) return;
    if (d->lm) text_lemmatizer_free(d->lm);
    util_buf_free(&d->strings);
    vec *vs[] = { &d->words, &d->actors, &d->groups, &d->codes, &d->agents, &d->forms,
                  &d->blocks, &d->patterns, &d->elems, &d->synsets, &d->syn_phrases,
                  &d->discards, &d->issues, &d->cameo, &d->pending, &d->synset_names, &d->pico,
                  &d->transforms, &d->tabari_nouns, &d->tabari_adjs };
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) dict_vec_free(vs[i]);
    dict_index *ixs[] = { &d->actor_idx, &d->actor_stem_idx, &d->agent_idx, &d->agent_stem_idx,
                          &d->verb_idx, &d->verb_stem_idx, &d->discard_idx, &d->discard_stem_idx,
                          &d->issue_idx, &d->cameo_idx, &d->person_idx, &d->syn_first_idx, &d->syn_last_idx };
    for (size_t i = 0; i < sizeof ixs / sizeof ixs[0]; i++) dict_index_free(ixs[i]);
    free(d);
}

/* ---- directories ---- */

enum { F_NONE, F_ACTORS, F_AGENTS, F_VERBS, F_DISCARDS, F_ISSUES, F_ONTOLOGY };

static int contains_ci(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) if (!strncasecmp(s, w, n)) return 1;
    return 0;
}

static int classify(const char *name, const char *text)
{
    if (name[0] == '.' || contains_ci(name, "license") || contains_ci(name, "readme") ||
        contains_ci(name, "options") || !strcasecmp(name, "cameo.tsv") ||
        contains_ci(name, ".md") || contains_ci(name, "~"))
        return F_NONE;
    if (contains_ci(name, "ontology")) return F_ONTOLOGY;
    if (contains_ci(name, "discard")) return F_DISCARDS;
    if (contains_ci(name, "issue")) return F_ISSUES;
    if (contains_ci(name, "agent")) return F_AGENTS;
    if (contains_ci(name, "actor")) return F_ACTORS;
    if (contains_ci(name, "verb")) return F_VERBS;
    /* by content */
    if (strstr(text, "\n---") || !strncmp(text, "---", 3)) return F_VERBS;
    if (strstr(text, "[~") || strstr(text, "~]")) return F_AGENTS;
    if (strstr(text, "<ISSUE")) return F_ISSUES;
    if (strchr(text, '[')) return F_ACTORS;
    return -1;
}

static int is_tabari(int kind, const char *text)
{
    if (strstr(text, "<NOUN>") || strstr(text, "<ADJECTIVE>") || strstr(text, "<SYNSETS>") ||
        strstr(text, "<TIME>") || strstr(text, "~FINISH"))
        return 1;
    if (kind == F_VERBS && !strstr(text, "\n---") && strncmp(text, "---", 3)) return 1;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_file(tocsin_dict *d, const char *path, const char *name)
{
    size_t len;
    char *text = util_read_file(path, &len);
    if (!text) { util_report("%s: cannot read: %s", path, strerror(errno)); d->nerrors++; return -1; }
    int kind = classify(name, text);
    if (kind == F_NONE) { free(text); return 0; }
    if (kind < 0) {
        util_report("%s: not a dictionary file tocsin recognises (skipped)", path);
        free(text);
        return 0;
    }
    if (memchr(text, '\0', len)) {
        util_report("%s: binary data in a dictionary file (skipped)", path);
        d->nerrors++;
        free(text);
        return 0;
    }
    src_file f = { .path = path, .line = 0, .tabari = is_tabari(kind, text), .d = d };
    switch (kind) {
    case F_ACTORS: dict_load_actors(&f, text, len); break;
    case F_AGENTS: dict_load_agents(&f, text, len); break;
    case F_VERBS:
        dict_load_verbs(&f, text, len);
        if (d->loading_builtin) d->cameo_conventions = 1;
        else { d->field_verbs = 1; if (f.tabari) d->tabari_verbs = 1; }
        break;
    case F_DISCARDS: dict_load_discards(&f, text, len); break;
    case F_ISSUES: dict_load_issues(&f, text, len); break;
    case F_ONTOLOGY: dict_load_ontology(&f, text, len); break;
    }
    d->nloaded++;
    free(text);
    return 0;
}

int tocsin_dict_add(tocsin_dict *d, const char *dir)
{
    if (d->finished) { util_report("dictionary set already finished: cannot add %s", dir); return -1; }
    char pathbuf[4096];
    d->loading_builtin = !strcmp(dir, "builtin");
    if (d->loading_builtin) {
        snprintf(pathbuf, sizeof pathbuf, "%s/dict", util_data_dir());
        dir = pathbuf;
    }
    DIR *dh = opendir(dir);
    if (!dh) {
        /* a single file is accepted too */
        size_t len;
        char *t = util_read_file(dir, &len);
        if (!t) { util_report("%s: cannot read dictionary directory: %s", dir, strerror(errno)); return -1; }
        free(t);
        const char *base = strrchr(dir, '/');
        return load_file(d, dir, base ? base + 1 : dir);
    }
    char *names[1024];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh)) && n < 1024) {
        if (e->d_name[0] == '.') continue;
        names[n++] = util_xstrdup(e->d_name);
    }
    while (e && e->d_name[0] == '.') e = readdir(dh);
    if (e) { /* never drop files silently */
        util_report("%s: more than 1024 files; only 1024 of them are read", dir);
        d->nerrors++;
    }
    closedir(dh);
    qsort(names, (size_t)n, sizeof names[0], cmp_names);
    char *dircopy = util_xstrdup(dir);
    /* synsets are per directory: verbs files refer to their own sets */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dircopy, names[i]);
            /* verbs last, so that nothing depends on file order within a directory */
            size_t len = 0;
            (void)len;
            int is_verbs = contains_ci(names[i], "verb") || contains_ci(names[i], "cameo.2");
            if ((pass == 0) == is_verbs) continue;
            load_file(d, path, names[i]);
        }
    }
    for (int i = 0; i < n; i++) free(names[i]);
    free(dircopy);
    return 0;
}
