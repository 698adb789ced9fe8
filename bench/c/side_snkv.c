/*
** side_snkv.c — the SNKV side of the benchmark: the reference C API (kvstore_*) on the
** default column family, opened with kvstore_open_v2 as the reference benchmark opens
** its store: WAL, synchronous NORMAL, 2000-page cache, 4096-byte pages, and no
** automatic checkpoints (walSizeLimit 0).
*/
#include "bench.h"
#include "snkv.h"

#include <stdio.h>
#include <string.h>

/* Values are copied out as a caller would keep them; the SQL side does the same. */
static unsigned char g_sink[1 << 16];

static void *s_open(const char *path, char *zErr, int nErr) {
  KVStoreConfig cfg;
  KVStore *kv = NULL;
  snkv_config_default(&cfg);
  cfg.journalMode = KVSTORE_JOURNAL_WAL;
  cfg.syncLevel = KVSTORE_SYNC_NORMAL;
  cfg.cacheSize = 2000;
  cfg.pageSize = 4096;
  cfg.walSizeLimit = 0;
  int rc = kvstore_open_v2(path, &kv, &cfg);
  if (rc != KVSTORE_OK || !kv) {
    char msg[200];
    snkv_errmsg(NULL, msg, (int)sizeof msg);
    snprintf(zErr, (size_t)nErr, "rc=%d %s", rc, msg);
    if (kv) kvstore_close(kv);
    return NULL;
  }
  return kv;
}

static void s_close(void *h) { kvstore_close((KVStore *)h); }
static const char *s_errmsg(void *h) { return kvstore_errmsg((KVStore *)h); }
static int s_begin(void *h) { return kvstore_begin((KVStore *)h, 1); }
static int s_commit(void *h) { return kvstore_commit((KVStore *)h); }

static int s_put(void *h, const void *k, int nk, const void *v, int nv) {
  return kvstore_put((KVStore *)h, k, nk, v, nv);
}

static int s_get(void *h, const void *k, int nk, int *pFound, int *pLen) {
  void *v = NULL;
  int n = 0;
  int rc = kvstore_get((KVStore *)h, k, nk, &v, &n);
  if (rc == KVSTORE_NOTFOUND) { *pFound = 0; *pLen = 0; return 0; }
  if (rc != KVSTORE_OK) return rc;
  if (n > 0 && n <= (int)sizeof g_sink) memcpy(g_sink, v, (size_t)n);
  snkv_free(v);
  *pFound = 1;
  *pLen = n;
  return 0;
}

static int s_exists(void *h, const void *k, int nk, int *pFound) {
  return kvstore_exists((KVStore *)h, k, nk, pFound);
}

static int s_del(void *h, const void *k, int nk, int *pExisted) {
  int rc = kvstore_delete((KVStore *)h, k, nk);
  if (rc == KVSTORE_NOTFOUND) { *pExisted = 0; return 0; }
  *pExisted = (rc == KVSTORE_OK);
  return rc;
}

static int s_scan(void *h, uint64_t *pCount, uint64_t *pBytes) {
  KVIterator *it = NULL;
  uint64_t cnt = 0, bytes = 0;
  int rc = kvstore_iterator_create((KVStore *)h, &it);
  if (rc) return rc;
  rc = kvstore_iterator_first(it);
  while (rc == KVSTORE_OK && !kvstore_iterator_eof(it)) {
    void *k, *v;
    int nk, nv;
    rc = kvstore_iterator_key(it, &k, &nk);
    if (rc) break;
    rc = kvstore_iterator_value(it, &v, &nv);
    if (rc) break;
    if (nv > 0) g_sink[0] ^= ((unsigned char *)v)[nv - 1];
    if (nk > 0) g_sink[1] ^= ((unsigned char *)k)[nk - 1];
    cnt++;
    bytes += (uint64_t)nk + (uint64_t)nv;
    rc = kvstore_iterator_next(it);
  }
  kvstore_iterator_close(it);
  *pCount = cnt;
  *pBytes = bytes;
  return rc;
}

static int s_verify(void *h, char *zErr, int nErr) {
  char *msg = NULL;
  int rc = kvstore_integrity_check((KVStore *)h, &msg);
  if (rc != KVSTORE_OK) snprintf(zErr, (size_t)nErr, "rc=%d %s", rc, msg ? msg : "");
  snkv_free(msg);
  return rc;
}

const BenchSide bench_side_snkv = {
  "snkv", s_open, s_close, s_errmsg, s_begin, s_commit,
  s_put, s_get, s_exists, s_del, s_scan, s_verify
};
