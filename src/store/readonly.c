/*
 * readonly.c — how every reader (export, stories, watch, serve, check) opens a
 * SQLite event database: read-only, on read-only media too, and with a clear
 * word for what is not an event database (missing, empty, another file).
 *
 * A WAL database needs its -shm file even to be read. On read-only media (a
 * read-only mount, a snapshot, a CD) that file cannot be created, and SQLite's
 * plain read-only open fails; the database is then opened as immutable
 * (`file:PATH?immutable=1`), which is right because nothing can write there.
 */
#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store.h"
#include "util/util.h"

/* Opens and checks that the events table is there; the SQLite result code of the
 * failure (0 when it worked) and *out. */
static int try_open(const char *name, int uri, sqlite3 **out)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0);
    int rc = sqlite3_open_v2(name, &db, flags, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(db,
                                "SELECT event_id, story_id, date, source_code, target_code, quad_class,"
                                " goldstein, sentence FROM events LIMIT 0",
                                -1, &st, NULL);
        if (rc == SQLITE_OK) rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
        sqlite3_finalize(st);
    }
    *out = db;
    return rc;
}

/* file:PATH?immutable=1 with the characters a URI gives a meaning to escaped. */
static void immutable_uri(const char *path, buf *b)
{
    util_buf_adds(b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f) util_buf_printf(b, "%%%02X", *p);
        else util_buf_addc(b, (char)*p);
    }
    util_buf_adds(b, "?immutable=1");
}

sqlite3 *store_sqlite_open_ro(const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        snprintf(err, errlen, "%s: cannot open the database: %s", path, strerror(errno));
        return NULL;
    }
    if (S_ISDIR(sb.st_mode)) {
        snprintf(err, errlen, "%s: is a directory, not a tocsin event database", path);
        return NULL;
    }
    if (sb.st_size == 0) {
        snprintf(err, errlen, "%s: the file is empty (0 bytes), not a tocsin event database", path);
        return NULL;
    }
    sqlite3 *db = NULL;
    int rc = try_open(path, 0, &db);
    if (rc == SQLITE_OK) return db;
    int code = rc & 0xff;
    if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_IOERR || code == SQLITE_PERM) {
        /* the -shm file cannot be created: read-only media */
        sqlite3 *im = NULL;
        buf uri;
        util_buf_init(&uri);
        immutable_uri(path, &uri);
        int rc2 = try_open(uri.data, 1, &im);
        util_buf_free(&uri);
        if (rc2 == SQLITE_OK) {
            sqlite3_close(db);
            return im;
        }
        sqlite3_close(im);
    }
    if (code == SQLITE_ERROR || code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
        snprintf(err, errlen, "%s: not a tocsin event database (%s)", path, sqlite3_errmsg(db));
    else
        snprintf(err, errlen, "%s: cannot read the database: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
}
