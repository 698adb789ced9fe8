/*
** side_sqlite.c — the SQL peer: SQLite's own SQL layer on the same data, as a user would
** write it. A WITHOUT ROWID table kv(k BLOB PRIMARY KEY, v BLOB) keeps entries in one
** b-tree ordered by key, like an SNKV column family. Statements are prepared once and
** reused. Settings match the SNKV side: WAL, synchronous=NORMAL, page_size=4096,
** cache_size=2000 pages, and wal_autocheckpoint=0 (SNKV never checkpoints on its own,
** so neither does this side; both checkpoint only when the store is closed).
*/
#include "bench.h"
#include "sqlite_peer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Peer {
  sqlite3 *db;
  sqlite3_stmt *put, *get, *exists, *del, *scan, *begin, *commit;
} Peer;

static unsigned char g_sink[1 << 16];

/* --sqlite-auto-vacuum: create the peer's file with incremental auto-vacuum, the mode
** SNKV's file format requires (spec §1.9), to compare like with like on writes. */
int bench_sqlite_auto_vacuum = 0;

static void q_close(void *h) {
  Peer *p = h;
  sqlite3_stmt **all[] = { &p->put, &p->get, &p->exists, &p->del, &p->scan, &p->begin, &p->commit };
  for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++) sqlite3_finalize(*all[i]);
  sqlite3_close_v2(p->db);
  free(p);
}

static int prep(Peer *p, const char *sql, sqlite3_stmt **pp) {
  return sqlite3_prepare_v3(p->db, sql, -1, SQLITE_PREPARE_PERSISTENT, pp, NULL);
}

static void *q_open(const char *path, char *zErr, int nErr) {
  Peer *p = calloc(1, sizeof *p);
  if (!p) { snprintf(zErr, (size_t)nErr, "out of memory"); return NULL; }
  int rc = sqlite3_open_v2(path, &p->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  /* page_size first: it only applies before the file's first page is written. */
  if (rc == SQLITE_OK && bench_sqlite_auto_vacuum)
    rc = sqlite3_exec(p->db, "PRAGMA auto_vacuum=INCREMENTAL;", NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_exec(p->db,
      "PRAGMA page_size=4096;"
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=NORMAL;"
      "PRAGMA cache_size=2000;"
      "PRAGMA wal_autocheckpoint=0;"
      "CREATE TABLE IF NOT EXISTS kv(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID;",
      NULL, NULL, NULL);
  /* INSERT OR REPLACE is the upsert a put means; on a WITHOUT ROWID table whose only
  ** index is the primary key SQLite turns it into a single overwriting b-tree insert. */
  if (rc == SQLITE_OK) rc = prep(p, "INSERT OR REPLACE INTO kv(k, v) VALUES(?1, ?2)", &p->put);
  if (rc == SQLITE_OK) rc = prep(p, "SELECT v FROM kv WHERE k = ?1", &p->get);
  if (rc == SQLITE_OK) rc = prep(p, "SELECT 1 FROM kv WHERE k = ?1", &p->exists);
  if (rc == SQLITE_OK) rc = prep(p, "DELETE FROM kv WHERE k = ?1", &p->del);
  if (rc == SQLITE_OK) rc = prep(p, "SELECT k, v FROM kv ORDER BY k", &p->scan);
  if (rc == SQLITE_OK) rc = prep(p, "BEGIN IMMEDIATE", &p->begin);
  if (rc == SQLITE_OK) rc = prep(p, "COMMIT", &p->commit);
  if (rc != SQLITE_OK) {
    snprintf(zErr, (size_t)nErr, "rc=%d %s", rc, p->db ? sqlite3_errmsg(p->db) : "");
    q_close(p);
    return NULL;
  }
  return p;
}

static const char *q_errmsg(void *h) { return sqlite3_errmsg(((Peer *)h)->db); }

/* Runs a statement that returns no row. */
static int run(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : rc;
}

static int q_begin(void *h) { return run(((Peer *)h)->begin); }
static int q_commit(void *h) { return run(((Peer *)h)->commit); }

static int q_put(void *h, const void *k, int nk, const void *v, int nv) {
  sqlite3_stmt *st = ((Peer *)h)->put;
  sqlite3_bind_blob(st, 1, k, nk, SQLITE_STATIC);
  sqlite3_bind_blob(st, 2, v, nv, SQLITE_STATIC);
  return run(st);
}

static int q_get(void *h, const void *k, int nk, int *pFound, int *pLen) {
  sqlite3_stmt *st = ((Peer *)h)->get;
  sqlite3_bind_blob(st, 1, k, nk, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const void *v = sqlite3_column_blob(st, 0);
    int n = sqlite3_column_bytes(st, 0);
    if (n > 0 && n <= (int)sizeof g_sink) memcpy(g_sink, v, (size_t)n);
    *pFound = 1;
    *pLen = n;
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    *pFound = 0;
    *pLen = 0;
    rc = SQLITE_OK;
  }
  sqlite3_reset(st);
  return rc;
}

static int q_exists(void *h, const void *k, int nk, int *pFound) {
  sqlite3_stmt *st = ((Peer *)h)->exists;
  sqlite3_bind_blob(st, 1, k, nk, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  *pFound = (rc == SQLITE_ROW);
  sqlite3_reset(st);
  return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : rc;
}

static int q_del(void *h, const void *k, int nk, int *pExisted) {
  Peer *p = h;
  sqlite3_bind_blob(p->del, 1, k, nk, SQLITE_STATIC);
  int rc = run(p->del);
  *pExisted = (rc == 0 && sqlite3_changes(p->db) > 0);
  return rc;
}

static int q_scan(void *h, uint64_t *pCount, uint64_t *pBytes) {
  sqlite3_stmt *st = ((Peer *)h)->scan;
  uint64_t cnt = 0, bytes = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const unsigned char *k = sqlite3_column_blob(st, 0);
    int nk = sqlite3_column_bytes(st, 0);
    const unsigned char *v = sqlite3_column_blob(st, 1);
    int nv = sqlite3_column_bytes(st, 1);
    if (nv > 0) g_sink[0] ^= v[nv - 1];
    if (nk > 0) g_sink[1] ^= k[nk - 1];
    cnt++;
    bytes += (uint64_t)nk + (uint64_t)nv;
  }
  sqlite3_reset(st);
  *pCount = cnt;
  *pBytes = bytes;
  return rc == SQLITE_DONE ? 0 : rc;
}

static int collect(void *arg, int n, char **val, char **col) {
  (void)col;
  char *buf = arg;
  if (n > 0 && val[0] && strcmp(val[0], "ok") != 0 && !buf[0]) snprintf(buf, 200, "%s", val[0]);
  return 0;
}

static int q_verify(void *h, char *zErr, int nErr) {
  char first[200] = "";
  int rc = sqlite3_exec(((Peer *)h)->db, "PRAGMA integrity_check", collect, first, NULL);
  if (rc == SQLITE_OK && first[0]) rc = 11;   /* SQLITE_CORRUPT */
  if (rc) snprintf(zErr, (size_t)nErr, "rc=%d %s", rc, first[0] ? first : q_errmsg(h));
  return rc;
}

const BenchSide bench_side_sqlite = {
  "sqlite", q_open, q_close, q_errmsg, q_begin, q_commit,
  q_put, q_get, q_exists, q_del, q_scan, q_verify
};
