/*
** test_maint.c — maintenance and bookkeeping: integrity check, sync (D10), incremental
** vacuum, checkpoints and walSizeLimit (D9), statistics and their reset, clear and count.
*/
#include "testutil.h"

static void fill(KVStore *kv, const char *prefix, int n, int vlen) {
  char *v = malloc((size_t)vlen + 1);
  memset(v, 'v', (size_t)vlen);
  v[vlen] = 0;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int i = 0; i < n; i++) {
    char k[32];
    snprintf(k, sizeof k, "%s%06d", prefix, i);
    if (!CHECK_OK(kv, kvstore_put(kv, k, (int)strlen(k), v, vlen))) break;
  }
  CHECK_OK(kv, kvstore_commit(kv));
  free(v);
}

static void drop_range(KVStore *kv, const char *prefix, int from, int to) {
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int i = from; i < to; i++) {
    char k[32];
    snprintf(k, sizeof k, "%s%06d", prefix, i);
    if (!CHECK_OK(kv, kvstore_delete(kv, k, (int)strlen(k)))) break;
  }
  CHECK_OK(kv, kvstore_commit(kv));
}

static uint64_t db_pages(KVStore *kv) {
  KVStoreStats s;
  memset(&s, 0, sizeof s);
  kvstore_stats(kv, &s);
  return s.nDbPages;
}

static void test_integrity_check_healthy(void) {
  KVStore *kv = t_open(t_path("ic"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  char *msg = (char *)1;
  CHECK_OK(kv, kvstore_integrity_check(kv, &msg));
  CHECK(msg == NULL);
  fill(kv, "k", 3000, 300);
  drop_range(kv, "k", 0, 1500);
  KVColumnFamily *cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "c", &cf));
  if (cf) CHECK_OK(kv, kvstore_cf_put_ttl(cf, "t", 1, "v", 1, kvstore_now_ms() + 10000));
  kvstore_cf_close(cf);
  msg = (char *)1;
  CHECK_OK(kv, kvstore_integrity_check(kv, &msg));
  CHECK(msg == NULL);
  kvstore_close(kv);
}

/* D10: sync flushes, it never commits: the open transaction stays open and can roll back. */
static void test_d10_sync_never_commits(void) {
  for (int jm = 0; jm <= 1; jm++) {
    KVStore *kv = t_open(t_path("sync"), jm);
    if (!kv) continue;
    CHECK_OK(kv, kvstore_sync(kv));   /* outside a transaction */
    CHECK_OK(kv, t_put(kv, "kept", "1"));
    CHECK_OK(kv, kvstore_begin(kv, 1));
    CHECK_OK(kv, t_put(kv, "pending", "p"));
    KVStoreStats a, b;
    CHECK_OK(kv, kvstore_stats(kv, &a));
    CHECK_OK(kv, kvstore_sync(kv));
    CHECK_OK(kv, kvstore_stats(kv, &b));
    CHECK_EQ(snkv_in_transaction(kv), 1);
    CHECK_EQ(b.nWalCommits, a.nWalCommits);
    CHECK_OK(kv, kvstore_rollback(kv));
    CHECK_VAL(kv, "pending", NULL);
    CHECK_VAL(kv, "kept", "1");
    kvstore_close(kv);
  }
  KVStore *mem = NULL;
  if (CHECK_OK(NULL, kvstore_open(NULL, &mem, KVSTORE_JOURNAL_WAL))) CHECK_OK(mem, kvstore_sync(mem));
  kvstore_close(mem);
}

static void test_incremental_vacuum_shrinks_file(void) {
  const char *p = t_path("vac");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  fill(kv, "k", 2000, 1000);
  long long full = t_file_size(p);
  uint64_t pages_full = db_pages(kv);
  drop_range(kv, "k", 0, 1990);
  CHECK_EQ(t_file_size(p), full);      /* freed pages stay until vacuumed */
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, 50));
  long long partial = t_file_size(p);
  uint64_t pages_partial = db_pages(kv);
  CHECK(partial < full);
  CHECK(pages_partial <= pages_full - 50);
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, 0));   /* 0 = everything */
  long long after = t_file_size(p);
  CHECK(after < partial);
  CHECK(after < full / 10);
  CHECK_EQ(t_count(kv), 10);
  CHECK_VAL(kv, "k001989", NULL);
  CHECK_OK(kv, t_integrity(kv));
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, 0));   /* nothing left to free: fine */
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, -5));
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  char k[16];
  snprintf(k, sizeof k, "k%06d", 1999);
  void *v = NULL;
  int n = 0;
  if (CHECK_OK(kv, kvstore_get(kv, k, (int)strlen(k), &v, &n))) CHECK_EQ(n, 1000);
  snkv_free(v);
  kvstore_close(kv);
}

/* In WAL mode the main file shrinks once the vacuum reaches it through a checkpoint. */
static void test_incremental_vacuum_wal_mode(void) {
  const char *p = t_path("vacwal");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  fill(kv, "k", 1500, 1000);
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, NULL, NULL));
  long long full = t_file_size(p);
  drop_range(kv, "k", 0, 1500);
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, 0));
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, NULL, NULL));
  CHECK(t_file_size(p) < full / 10);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

static void test_vacuum_inside_txn_and_readonly(void) {
  const char *p = t_path("vactx");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  fill(kv, "k", 500, 1000);
  long long full = t_file_size(p);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int i = 0; i < 500; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%06d", i);
    kvstore_delete(kv, k, (int)strlen(k));
  }
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, 0));
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK(t_file_size(p) < full);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_DELETE);
  c.readOnly = 1;
  kv = NULL;
  if (CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) CHECK_RC(kv, kvstore_incremental_vacuum(kv, 0), KVSTORE_READONLY);
  kvstore_close(kv);
}

static void test_checkpoint_modes(void) {
  const char *p = t_path("ckpt");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  for (int i = 0; i < 50; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%02d", i);
    CHECK_OK(kv, t_put(kv, k, "value"));
  }
  CHECK(t_file_size(t_sidecar(p, "-wal")) > 0);
  KVStoreStats s0, s1;
  CHECK_OK(kv, kvstore_stats(kv, &s0));
  int nLog = -1, nCk = -1;
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, &nLog, &nCk));
  CHECK(nLog > 0);
  CHECK_EQ(nCk, nLog);   /* nobody else reads: everything is copied */
  CHECK_OK(kv, kvstore_stats(kv, &s1));
  CHECK_EQ(s1.nCheckpoints - s0.nCheckpoints, 1);
  CHECK_OK(kv, t_put(kv, "more", "1"));
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_FULL, &nLog, &nCk));
  CHECK(nLog >= 0 && nCk == nLog);
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_RESTART, &nLog, &nCk));
  CHECK_OK(kv, t_put(kv, "more2", "1"));
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, &nLog, &nCk));
  CHECK_EQ(nLog, 0);
  CHECK_EQ(nCk, 0);
  CHECK_EQ(t_file_size(t_sidecar(p, "-wal")), 0);
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, NULL, NULL));   /* NULL outs */
  CHECK_VAL(kv, "k49", "value");
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_EQ(t_count(kv), 52);
  kvstore_close(kv);
}

static void test_checkpoint_inside_write_txn_is_busy(void) {
  KVStore *kv = t_open(t_path("ckbusy"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, t_put(kv, "k", "v"));
  int nLog = -1, nCk = -1;
  CHECK_RC(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, &nLog, &nCk), KVSTORE_BUSY);
  const char *m = kvstore_errmsg(kv);
  CHECK(m && *m && strcmp(m, "no error") != 0);
  CHECK_EQ(snkv_in_transaction(kv), 1);   /* the transaction is untouched */
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, &nLog, &nCk));
  CHECK_VAL(kv, "k", "v");
  kvstore_close(kv);
}

static void test_checkpoint_in_delete_mode_is_noop(void) {
  KVStore *kv = t_open(t_path("ckdel"), KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "k", "v"));
  int nLog = -1, nCk = -1;
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, &nLog, &nCk));
  CHECK_EQ(nLog, 0);
  CHECK_EQ(nCk, 0);
  kvstore_close(kv);
}

static void test_wal_grows_without_limit(void) {
  const char *p = t_path("nolimit");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_stats_reset(kv));
  for (int i = 0; i < 100; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%03d", i);
    CHECK_OK(kv, t_put(kv, k, "v"));
  }
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nCheckpoints, 0);
  CHECK(t_file_size(t_sidecar(p, "-wal")) >= 100 * 4096);
  kvstore_close(kv);
}

/* D9: walSizeLimit counts WAL frames, not commits: a single large commit that writes far
** more than N frames triggers the checkpoint (pages reach the main file) right away. */
static void test_d9_wal_size_limit_counts_frames(void) {
  const char *p = t_path("d9");
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.walSizeLimit = 10;
  KVStore *kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return;
  CHECK_OK(kv, t_put(kv, "warm", "up"));
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, NULL, NULL));
  CHECK_OK(kv, kvstore_stats_reset(kv));
  long long before = t_file_size(p);
  fill(kv, "big", 200, 1000);   /* one commit, ~50+ frames */
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nWalCommits, 1);
  CHECK(s.nCheckpoints >= 1);
  CHECK(t_file_size(p) >= before + 40 * 4096);   /* the pages were copied into the db */
  kvstore_close(kv);

  /* A few small commits stay below a large limit: no checkpoint. */
  p = t_path("d9b");
  c.walSizeLimit = 1000;
  kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return;
  CHECK_OK(kv, kvstore_stats_reset(kv));
  for (int i = 0; i < 30; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%02d", i);
    CHECK_OK(kv, t_put(kv, k, "v"));
  }
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nCheckpoints, 0);
  kvstore_close(kv);
}

static void test_stats_counters_and_reset(void) {
  KVStore *kv = t_open(t_path("stats"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nDbPages, 4);   /* page 1, pointer map, default family, catalog */
  CHECK_OK(kv, kvstore_stats_reset(kv));
  CHECK_OK(kv, kvstore_put(kv, "hello", 5, "0123456789", 10));   /* 15 bytes written */
  CHECK_OK(kv, kvstore_put(kv, "x", 1, "abcd", 4));              /* 5 more */
  void *v = NULL;
  int n = 0;
  CHECK_OK(kv, kvstore_get(kv, "hello", 5, &v, &n));             /* 10 bytes read */
  snkv_free(v);
  v = NULL;
  CHECK_RC(kv, kvstore_get(kv, "miss", 4, &v, &n), KVSTORE_NOTFOUND);   /* not a get */
  int ex;
  CHECK_OK(kv, kvstore_exists(kv, "x", 1, &ex));                 /* not a get */
  CHECK_OK(kv, kvstore_delete(kv, "x", 1));
  CHECK_RC(kv, kvstore_delete(kv, "x", 1), KVSTORE_NOTFOUND);   /* not a delete */
  CHECK_RC(kv, kvstore_put(kv, "", 0, "v", 1), KVSTORE_ERROR);   /* an error */
  KVIterator *it = NULL;
  CHECK_OK(kv, kvstore_iterator_create(kv, &it));
  kvstore_iterator_close(it);
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, NULL, NULL));
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nPuts, 2);
  CHECK_EQ(s.nGets, 1);
  CHECK_EQ(s.nDeletes, 1);
  CHECK_EQ(s.nIterations, 1);
  CHECK(s.nErrors >= 1);
  CHECK_EQ(s.nBytesWritten, 20);
  CHECK_EQ(s.nBytesRead, 10);
  CHECK(s.nWalCommits >= 3);
  CHECK_EQ(s.nCheckpoints, 1);
  CHECK_EQ(s.nTtlExpired, 0);
  CHECK_EQ(s.nTtlPurged, 0);
  CHECK(s.nDbPages >= 4);
  uint64_t pages = s.nDbPages;
  CHECK_OK(kv, kvstore_stats_reset(kv));
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK(s.nPuts == 0 && s.nGets == 0 && s.nDeletes == 0 && s.nIterations == 0 && s.nErrors == 0 &&
        s.nBytesRead == 0 && s.nBytesWritten == 0 && s.nWalCommits == 0 && s.nCheckpoints == 0 &&
        s.nTtlExpired == 0 && s.nTtlPurged == 0);
  CHECK_EQ(s.nDbPages, pages);   /* a gauge, not reset */
  kvstore_close(kv);
}

static void test_count_and_clear(void) {
  KVStore *kv = t_open(t_path("count"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_EQ(t_count(kv), 0);
  for (int i = 0; i < 7; i++) {
    char k[8];
    snprintf(k, sizeof k, "c%d", i);
    CHECK_OK(kv, t_put(kv, k, "v"));
  }
  CHECK_EQ(t_count(kv), 7);
  CHECK_OK(kv, kvstore_delete(kv, "c0", 2));
  CHECK_EQ(t_count(kv), 6);
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "x", 1, 1));
  CHECK_EQ(t_count(kv), 7);                        /* expired keys count until purged */
  CHECK_OK(kv, kvstore_clear(kv));
  CHECK_EQ(t_count(kv), 0);
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) CHECK_EQ(t_iter_count(it), 0);
  kvstore_iterator_close(it);
  CHECK_OK(kv, kvstore_clear(kv));                 /* clearing an empty family is fine */
  CHECK_OK(kv, t_put(kv, "after", "clear"));
  CHECK_VAL(kv, "after", "clear");
  /* clear inside a transaction rolls back with it */
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, kvstore_clear(kv));
  CHECK_EQ(t_count(kv), 0);
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_EQ(t_count(kv), 1);
  kvstore_close(kv);
}

static void test_clear_then_vacuum_reduces_pages(void) {
  const char *p = t_path("clearvac");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  fill(kv, "k", 2000, 500);
  uint64_t full = db_pages(kv);
  CHECK_OK(kv, kvstore_clear(kv));
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, 0));
  CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, NULL, NULL));
  uint64_t after = db_pages(kv);
  CHECK(after < full / 10);
  CHECK(t_file_size(p) <= (long long)after * 4096);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

int main(void) {
  t_setup("maint");
  RUN(test_integrity_check_healthy);
  RUN(test_d10_sync_never_commits);
  RUN(test_incremental_vacuum_shrinks_file);
  RUN(test_incremental_vacuum_wal_mode);
  RUN(test_vacuum_inside_txn_and_readonly);
  RUN(test_checkpoint_modes);
  RUN(test_checkpoint_inside_write_txn_is_busy);
  RUN(test_checkpoint_in_delete_mode_is_noop);
  RUN(test_wal_grows_without_limit);
  RUN(test_d9_wal_size_limit_counts_frames);
  RUN(test_stats_counters_and_reset);
  RUN(test_count_and_clear);
  RUN(test_clear_then_vacuum_reduces_pages);
  return t_finish();
}
