/*
 * schema.c — the store's schema, embedded into the library.
 *
 * src/store/schema.sql is the one source of truth; the Makefile turns it into the
 * string literal store_schema.inc (see the "store" block there), so the binary
 * creates exactly the documented schema without reading files at run time.
 */
#include "store/store.h"

static const char schema_text[] =
#include "store_schema.inc"
    ;

const char *store_schema_sql(void) { return schema_text; }
