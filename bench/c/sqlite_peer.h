/*
** sqlite_peer.h — the handful of SQLite C API calls the SQL peer uses.
**
** The build obtains only sqlite3.c (the npm package's tarball carries sqlite3.h, but
** the cache keeps just the amalgamation), so the benchmark declares what it calls.
** These declarations are checked against the real ones at build time: sqlite_peer.c
** compiles the amalgamation and then includes this file in the same translation
** unit, so any mismatch is a "conflicting types" compile error.
*/
#ifndef SNKV_BENCH_SQLITE_PEER_H
#define SNKV_BENCH_SQLITE_PEER_H

#ifndef SQLITE_VERSION /* not inside the amalgamation: declare the types too */
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
#define SQLITE_OK                 0
#define SQLITE_ROW              100
#define SQLITE_DONE             101
#define SQLITE_OPEN_READWRITE   0x00000002
#define SQLITE_OPEN_CREATE      0x00000004
#define SQLITE_PREPARE_PERSISTENT 0x01
#define SQLITE_STATIC ((void (*)(void *))0)
#endif

int sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags, const char *zVfs);
int sqlite3_close_v2(sqlite3 *);
int sqlite3_exec(sqlite3 *, const char *sql, int (*callback)(void *, int, char **, char **),
                 void *, char **errmsg);
int sqlite3_prepare_v3(sqlite3 *db, const char *zSql, int nByte, unsigned int prepFlags,
                       sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite3_bind_blob(sqlite3_stmt *, int, const void *, int n, void (*)(void *));
int sqlite3_step(sqlite3_stmt *);
int sqlite3_reset(sqlite3_stmt *pStmt);
int sqlite3_finalize(sqlite3_stmt *pStmt);
const void *sqlite3_column_blob(sqlite3_stmt *, int iCol);
int sqlite3_column_bytes(sqlite3_stmt *, int iCol);
int sqlite3_changes(sqlite3 *);
const char *sqlite3_errmsg(sqlite3 *);
const char *sqlite3_libversion(void);
const char *sqlite3_sourceid(void);
void sqlite3_free(void *);

#endif
