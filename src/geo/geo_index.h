/*
 * geo_index.h — the on-disk layout of tocsin's gazetteer index, shared by the
 * program that builds it (src/geo/build/geo_build.c, run by `make`) and the
 * loader that maps it (gazetteer.c).
 *
 * The file is a header followed by seven arrays, each 8-byte aligned, read in
 * place through mmap (no parsing at load): places, names (sorted by hash),
 * countries, first-order subdivisions (sorted by country + code), a string
 * pool, a hash table over the names (slot -> first name with that hash, so a
 * lookup is one probe) and a bit set of the hashes of every name's leading
 * tokens (so a run of words that begins no name is given up at once). Integers are native-endian; the header's endian mark rejects a file
 * built on another byte order. A name is looked up by the hash of its
 * case-folded tokens joined by single spaces (geo_hash_*), the same tokens
 * src/text makes of the running text, so "St. Louis" or "Rio de Janeiro"
 * match however the tokenizer cuts them.
 */
#ifndef TOCSIN_GEO_INDEX_H
#define TOCSIN_GEO_INDEX_H

#include <stdint.h>

#define GEO_MAGIC "TOCGEO\0\4"
#define GEO_ENDIAN 0x01020304u

/* What a place is (geo_rec.kind). */
enum {
    GEO_K_CITY = 1,      /* a GeoNames populated place (cities1000) */
    GEO_K_ADM1 = 2,      /* a first-order subdivision (ISO 3166-2): state, province, oblast */
    GEO_K_COUNTRY = 3,   /* a country or territory (ISO 3166-1) */
    GEO_K_CONT = 4,      /* a continent */
    GEO_K_ADM2 = 5,      /* a second-order subdivision: a US county (us-atlas) */
};

/* GeoNames feature codes of populated places, by importance (geo_rec.fcode). */
enum {
    GEO_F_NONE = 0, GEO_F_PPL, GEO_F_PPLX, GEO_F_PPLA4, GEO_F_PPLA3, GEO_F_PPLA2,
    GEO_F_PPLA, GEO_F_PPLC, GEO_F_OTHER
};

/* Flags of one name (geo_name.flags). */
enum {
    GEO_N_PRIMARY = 1,   /* the place's own name (not an alternate) */
    GEO_N_ADJ = 2,       /* an adjective or demonym of a country ("Ukrainian", "Turks") */
    GEO_N_ABBR = 4,      /* an abbreviation or code ("U.S.", "UK", "USA") */
    GEO_N_STRIPPED = 8,  /* a subdivision name without its type word ("Donetsk" for "Donetsk Oblast") */
};

typedef struct geo_rec {
    uint32_t geonameid;  /* GeoNames id, 0 when the place has none in the data */
    float lat, lon;
    uint32_t population; /* GeoNames population; summed over its places for a subdivision or country */
    uint32_t name;       /* offset of the display name in the string pool */
    uint16_t country;    /* index into the country array */
    uint8_t kind;        /* GEO_K_* */
    uint8_t fcode;       /* GEO_F_* */
    char cc[2];          /* ISO 3166-1 alpha-2 */
    char adm1[8];        /* GeoNames admin1 code, NUL-padded ("" when unknown) */
    char iso_sub[6];     /* ISO 3166-2 code after the dash, for subdivisions ("TX", "14") */
} geo_rec;

typedef struct geo_name {
    uint64_t hash;       /* geo_hash of the folded tokens */
    uint32_t rec;        /* index into the place array */
    uint16_t flags;      /* GEO_N_* */
    uint16_t ntok;       /* number of tokens of the name */
} geo_name;

typedef struct geo_country {
    char iso2[2], iso3[3], fips[2], pad;  /* fips: FIPS 10-4 / GEC code ("" when none) */
    uint32_t rec;        /* the country's place record */
    uint32_t capital;    /* the PPLC place record, or UINT32_MAX */
} geo_country;

typedef struct geo_adm1_key {
    char cc[2];
    char adm1[8];
    char pad[2];
    uint32_t rec;        /* subdivision place record */
} geo_adm1_key;

typedef struct geo_header {
    char magic[8];
    uint32_t endian, version;
    uint32_t nrec, nname, ncountry, nadm1;
    uint64_t off_rec, off_name, off_country, off_adm1, off_str, len_str;
    uint64_t off_slot, off_bits;
    uint32_t nslot, bits_log2;   /* nslot: a power of two; the bit set has 1 << bits_log2 bits */
    uint64_t file_size;
} geo_header;

/* Slot of a hash in the name table, and bit of a hash in the prefix set. */
#define GEO_SLOT(h, nslot) ((uint32_t)((h) & ((nslot) - 1)))
#define GEO_BIT(h, log2) ((uint64_t)((h) >> 40) & ((1ULL << (log2)) - 1))

/* FNV-1a over the folded tokens of a name joined by single spaces. */
#define GEO_HASH_INIT 0xcbf29ce484222325ULL
static inline uint64_t geo_hash_add(uint64_t h, const char *s)
{
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 0x100000001b3ULL;
    }
    return h;
}
static inline uint64_t geo_hash_space(uint64_t h)
{
    h ^= (unsigned char)' ';
    return h * 0x100000001b3ULL;
}

#endif
