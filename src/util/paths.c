/*
 * paths.c — where tocsin finds its shipped files (the built-in dictionaries and
 * the dashboard) without any path compiled in, so that an installed copy works
 * wherever it was installed and the checkout can be deleted.
 *
 * The files are looked for relative to the object that holds this code: the
 * program (/proc/self/exe when libtocsin.a is linked in) or libtocsin.so (its own
 * path, for programs and Python linking the shared library):
 *   1. $TOCSIN_DATA (dictionaries in $TOCSIN_DATA/dict) and $TOCSIN_WEB, when set;
 *   2. the installed layout: BIN/../share/tocsin or LIB/../share/tocsin, and
 *      LIB/../../share/tocsin for a multiarch library directory
 *      (/usr/lib/x86_64-linux-gnu);
 *   3. a build tree: the program is build/tocsin, build/san/tocsin or a test in
 *      build/san/tests/, so the checkout (a directory holding data/dict and
 *      include/tocsin.h) is one to three levels up;
 *   4. the usual system places, /usr/local/share/tocsin and /usr/share/tocsin (for a
 *      program with libtocsin.a linked in that lives elsewhere).
 * Found once, on first use; the answer never changes during a run.
 */
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

typedef struct util_paths {
    char data[PATH_MAX]; /* holds dict/ */
    char web[PATH_MAX];  /* holds index.html */
} util_paths;

static util_paths paths;
static pthread_once_t paths_once = PTHREAD_ONCE_INIT;

/* out = a "/" b, or 0 with out empty when it does not fit. */
static int join(char *out, size_t n, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la + 1 + lb + 1 > n) {
        out[0] = 0;
        return 0;
    }
    memmove(out, a, la);
    out[la] = '/';
    memcpy(out + la + 1, b, lb + 1);
    return 1;
}

static int exists(const char *dir, const char *rel)
{
    char p[PATH_MAX];
    return join(p, sizeof p, dir, rel) && access(p, R_OK) == 0;
}

/* The directory of the file that holds this code; "" when it cannot be told. */
static void own_dir(char *out, size_t n)
{
    char file[PATH_MAX] = "";
    Dl_info info;
    struct link_map *lm = NULL;
    if (dladdr1((void *)own_dir, &info, (void **)&lm, RTLD_DL_LINKMAP) && lm && lm->l_name && lm->l_name[0]) {
        if (!realpath(lm->l_name, file)) file[0] = 0;
    } else {
        ssize_t k = readlink("/proc/self/exe", file, sizeof file - 1);
        file[k > 0 ? k : 0] = 0;
    }
    char *slash = strrchr(file, '/');
    if (slash) *slash = 0;
    else file[0] = 0;
    if (strlen(file) < n) memcpy(out, file, strlen(file) + 1);
    else out[0] = 0;
}

/* Sets the data and web directories from a root: share/tocsin holds dict/ and web/;
 * a checkout holds data/dict/ and web/. */
static void set_root(const char *root, const char *data_rel, const char *web_rel)
{
    char real[PATH_MAX];
    if (!realpath(root, real)) join(real, sizeof real, root, ".");
    if (!data_rel) memcpy(paths.data, real, strlen(real) + 1);
    else join(paths.data, sizeof paths.data, real, data_rel);
    join(paths.web, sizeof paths.web, real, web_rel);
}

static void find_paths(void)
{
    static const char *const installed[] = {"../share/tocsin", "../../share/tocsin"};
    static const char *const checkout[] = {"..", "../..", "../../.."};
    static const char *const system_dirs[] = {"/usr/local/share/tocsin", "/usr/share/tocsin"};
    char dir[PATH_MAX], cand[PATH_MAX];
    own_dir(dir, sizeof dir);
    /* fallback: where an install would have put them, so errors name a useful path */
    if (join(cand, sizeof cand, dir, installed[0])) {
        join(paths.data, sizeof paths.data, dir, installed[0]);
        join(paths.web, sizeof paths.web, cand, "web");
    }
    if (!dir[0]) return;
    for (size_t i = 0; i < sizeof installed / sizeof *installed; i++) {
        if (join(cand, sizeof cand, dir, installed[i]) && exists(cand, "dict/cameo.tsv")) {
            set_root(cand, NULL, "web");
            return;
        }
    }
    for (size_t i = 0; i < sizeof checkout / sizeof *checkout; i++) {
        if (join(cand, sizeof cand, dir, checkout[i]) && exists(cand, "data/dict/cameo.tsv") &&
            exists(cand, "include/tocsin.h")) {
            set_root(cand, "data", "web");
            return;
        }
    }
    for (size_t i = 0; i < sizeof system_dirs / sizeof *system_dirs; i++) {
        if (exists(system_dirs[i], "dict/cameo.tsv")) {
            set_root(system_dirs[i], NULL, "web");
            return;
        }
    }
}

const char *util_data_dir(void)
{
    const char *env = getenv("TOCSIN_DATA");
    if (env && *env) return env;
    pthread_once(&paths_once, find_paths);
    return paths.data;
}

const char *util_web_dir(void)
{
    const char *env = getenv("TOCSIN_WEB");
    if (env && *env) return env;
    env = getenv("TOCSIN_DATA");
    if (env && *env && exists(env, "web/index.html")) {
        static __thread char web[PATH_MAX];
        return join(web, sizeof web, env, "web") ? web : env;
    }
    pthread_once(&paths_once, find_paths);
    return paths.web;
}
