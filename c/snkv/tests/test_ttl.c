/*
** test_ttl.c — expiry: put_ttl/get_ttl/ttl_remaining/purge_expired (default and cf_
** variants), how plain puts, deletes, rollbacks and drops interact with TTL entries,
** expired keys being invisible but physically present until purged (D3), consistent
** NOTFOUND for expired keys (D5), and the TTL counters.
*/
#include "testutil.h"

#define PAST   ((int64_t)1)                            /* 1 ms after the epoch: expired */
#define HOUR   ((int64_t)3600 * 1000)

static int64_t future(void) { return kvstore_now_ms() + HOUR; }

static void test_live_ttl_key_reads_with_remaining(void) {
  KVStore *kv = t_open(t_path("live"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  int64_t exp = future();
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "val", 3, exp));
  CHECK_VAL(kv, "k", "val");
  void *v = NULL;
  int n = 0;
  int64_t rem = 0;
  if (CHECK_OK(kv, kvstore_get_ttl(kv, "k", 1, &v, &n, &rem))) {
    CHECK(n == 3 && memcmp(v, "val", 3) == 0);
    CHECK(rem > HOUR - 5000 && rem <= HOUR);
  }
  snkv_free(v);
  v = NULL;
  CHECK_OK(kv, kvstore_get_ttl(kv, "k", 1, &v, &n, NULL));   /* remaining may be NULL */
  snkv_free(v);
  rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "k", 1, &rem));
  CHECK(rem > HOUR - 5000 && rem <= HOUR);
  int ex = 0;
  CHECK_OK(kv, kvstore_exists(kv, "k", 1, &ex));
  CHECK_EQ(ex, 1);
  kvstore_close(kv);
}

static void test_permanent_key_reports_no_ttl(void) {
  KVStore *kv = t_open(t_path("perm"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "p", "v"));
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "p", 1, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  void *v = NULL;
  int n = 0;
  rem = 0;
  CHECK_OK(kv, kvstore_get_ttl(kv, "p", 1, &v, &n, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  snkv_free(v);
  /* put_ttl with 0 is permanent as well. */
  CHECK_OK(kv, kvstore_put_ttl(kv, "z", 1, "v", 1, 0));
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "z", 1, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  kvstore_close(kv);
}

/* Expired keys are absent to every reader, consistently, however often asked. */
static void test_d5_expired_key_is_notfound_consistently(void) {
  KVStore *kv = t_open(t_path("d5"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "gone", 4, PAST));
  for (int i = 0; i < 3; i++) {
    int64_t rem = 12345;
    CHECK_RC(kv, kvstore_ttl_remaining(kv, "e", 1, &rem), KVSTORE_NOTFOUND);
    void *v = NULL;
    int n = 7;
    CHECK_RC(kv, kvstore_get_ttl(kv, "e", 1, &v, &n, &rem), KVSTORE_NOTFOUND);
    CHECK(v == NULL);
    CHECK_RC(kv, kvstore_get(kv, "e", 1, &v, &n), KVSTORE_NOTFOUND);
    CHECK(v == NULL);
    int ex = 1;
    CHECK_OK(kv, kvstore_exists(kv, "e", 1, &ex));
    CHECK_EQ(ex, 0);
  }
  int64_t rem = 0;
  CHECK_RC(kv, kvstore_ttl_remaining(kv, "never", 5, &rem), KVSTORE_NOTFOUND);
  kvstore_close(kv);
}

/* Reads never delete expired keys: count keeps them until purge. */
static void test_d3_reads_do_not_delete_expired_keys(void) {
  KVStore *kv = t_open(t_path("d3"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "live", "1"));
  CHECK_OK(kv, kvstore_put_ttl(kv, "e1", 2, "x", 1, PAST));
  CHECK_OK(kv, kvstore_put_ttl(kv, "e2", 2, "x", 1, PAST));
  CHECK_VAL(kv, "e1", NULL);
  int ex = 1;
  CHECK_OK(kv, kvstore_exists(kv, "e2", 2, &ex));
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) CHECK_EQ(t_iter_count(it), 1);
  kvstore_iterator_close(it);
  CHECK_EQ(t_count(kv), 3);
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 2);
  CHECK_EQ(t_count(kv), 1);
  kvstore_close(kv);
}

/* Meeting an expired key inside an explicit write transaction neither commits nor
** aborts the caller's pending writes (the reference committed them). */
static void test_d3_expired_read_in_txn_does_not_commit(void) {
  KVStore *kv = t_open(t_path("d3tx"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "x", 1, PAST));
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, t_put(kv, "pending", "p"));
  CHECK_VAL(kv, "e", NULL);
  int ex = 1;
  CHECK_OK(kv, kvstore_exists(kv, "e", 1, &ex));
  int64_t rem;
  CHECK_RC(kv, kvstore_ttl_remaining(kv, "e", 1, &rem), KVSTORE_NOTFOUND);
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) CHECK_EQ(t_iter_count(it), 1);
  kvstore_iterator_close(it);
  CHECK_EQ(snkv_in_transaction(kv), 1);
  CHECK_VAL(kv, "pending", "p");
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_VAL(kv, "pending", NULL);
  CHECK_EQ(t_count(kv), 1);
  kvstore_close(kv);
}

/* A read-only store reports expired keys absent, without error. */
static void test_d3_expired_on_readonly_store_is_absent(void) {
  const char *p = t_path("d3ro");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "x", 1, PAST));
  CHECK_OK(kv, kvstore_put_ttl(kv, "l", 1, "y", 1, future()));
  kvstore_close(kv);
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.readOnly = 1;
  kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return;
  CHECK_VAL(kv, "e", NULL);
  CHECK_VAL(kv, "l", "y");
  int ex = 1;
  CHECK_OK(kv, kvstore_exists(kv, "e", 1, &ex));
  CHECK_EQ(ex, 0);
  int64_t rem;
  CHECK_RC(kv, kvstore_ttl_remaining(kv, "e", 1, &rem), KVSTORE_NOTFOUND);
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) CHECK_EQ(t_iter_count(it), 1);
  kvstore_iterator_close(it);
  CHECK_EQ(t_count(kv), 2);
  int nDel = 0;
  CHECK_RC(kv, kvstore_purge_expired(kv, &nDel), KVSTORE_READONLY);
  kvstore_close(kv);
}

static void test_plain_put_clears_ttl(void) {
  KVStore *kv = t_open(t_path("clear"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "a", 1, PAST + 1));
  CHECK_OK(kv, t_put(kv, "k", "b"));            /* permanent again, immediately visible */
  CHECK_VAL(kv, "k", "b");
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "k", 1, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 0);
  CHECK_VAL(kv, "k", "b");
  /* put_ttl with 0 clears too. */
  CHECK_OK(kv, kvstore_put_ttl(kv, "j", 1, "a", 1, future()));
  CHECK_OK(kv, kvstore_put_ttl(kv, "j", 1, "c", 1, 0));
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "j", 1, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  kvstore_close(kv);
}

/* Re-putting with a new expiry replaces the old one: no stale expiry-index entry. */
static void test_put_ttl_replaces_expiry(void) {
  KVStore *kv = t_open(t_path("replace"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "short", 5, PAST));
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "long", 4, future()));
  CHECK_VAL(kv, "k", "long");
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 0);
  CHECK_VAL(kv, "k", "long");
  CHECK_EQ(t_count(kv), 1);
  /* A shorter expiry replaces a longer one as well. */
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "now-short", 9, PAST));
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 1);
  CHECK_EQ(t_count(kv), 0);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* delete removes the key's expiry entries: a later permanent put of the same key is not
** purged when the old expiry passes. */
static void test_delete_removes_ttl_entries(void) {
  KVStore *kv = t_open(t_path("del"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "v", 1, kvstore_now_ms() + 400));
  CHECK_OK(kv, kvstore_delete(kv, "k", 1));
  CHECK_OK(kv, t_put(kv, "k", "new"));
  t_sleep_ms(500);
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 0);
  CHECK_VAL(kv, "k", "new");
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "k", 1, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  /* Deleting an expired key: it is invisible, so the delete reports it absent (and does
  ** not count as a delete), but it removes it physically all the same. */
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "v", 1, PAST));
  CHECK_EQ(t_count(kv), 2);
  CHECK_OK(kv, kvstore_stats_reset(kv));
  CHECK_RC(kv, kvstore_delete(kv, "e", 1), KVSTORE_NOTFOUND);
  KVStoreStats st;
  CHECK_OK(kv, kvstore_stats(kv, &st));
  CHECK_EQ(st.nDeletes, 0);
  CHECK_EQ(t_count(kv), 1);
  CHECK_OK(kv, t_put(kv, "e", "fresh"));
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 0);
  CHECK_VAL(kv, "e", "fresh");
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

static void test_put_if_absent_treats_expired_as_absent(void) {
  KVStore *kv = t_open(t_path("pia"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "old", 3, PAST));
  int ins = -1;
  CHECK_OK(kv, kvstore_put_if_absent(kv, "k", 1, "new", 3, 0, &ins));
  CHECK_EQ(ins, 1);
  CHECK_VAL(kv, "k", "new");
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "k", 1, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  /* With a TTL, and against a live TTL key. */
  CHECK_OK(kv, kvstore_put_if_absent(kv, "t", 1, "ttl", 3, future(), &ins));
  CHECK_EQ(ins, 1);
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "t", 1, &rem));
  CHECK(rem > 0 && rem <= HOUR);
  CHECK_OK(kv, kvstore_put_if_absent(kv, "t", 1, "other", 5, 0, &ins));
  CHECK_EQ(ins, 0);
  CHECK_VAL(kv, "t", "ttl");
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "t", 1, &rem));
  CHECK(rem > 0);
  /* An already-expired expiry inserts an invisible key. */
  CHECK_OK(kv, kvstore_put_if_absent(kv, "x", 1, "dead", 4, PAST, &ins));
  CHECK_EQ(ins, 1);
  CHECK_VAL(kv, "x", NULL);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* More than one internal batch (the reference purges 256 per transaction). */
static void test_purge_many_expired_keys(void) {
  KVStore *kv = t_open(t_path("purge"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  int64_t f = future();
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int i = 0; i < 700; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%04d", i);
    /* every 7th key lives; the rest expired at different past times */
    CHECK_OK(kv, kvstore_put_ttl(kv, k, (int)strlen(k), "v", 1, i % 7 == 0 ? f : PAST + i));
  }
  CHECK_OK(kv, t_put(kv, "permanent", "p"));
  CHECK_OK(kv, kvstore_commit(kv));
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats_reset(kv));
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 600);
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nTtlPurged, 600);
  CHECK_EQ(t_count(kv), 101);
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 0);
  CHECK_OK(kv, kvstore_purge_expired(kv, NULL));   /* NULL out is allowed */
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

static void test_purge_without_ttl_use_is_zero(void) {
  KVStore *kv = t_open(t_path("nottl"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "a", "b"));
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 0);
  kvstore_close(kv);
}

/* Within an explicit transaction, purge joins it and rolls back with it. */
static void test_purge_in_txn_rolls_back(void) {
  KVStore *kv = t_open(t_path("purgetx"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "x", 1, PAST));
  CHECK_OK(kv, kvstore_begin(kv, 1));
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 1);
  CHECK_EQ(t_count(kv), 0);
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_EQ(t_count(kv), 1);
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 1);
  kvstore_close(kv);
}

static void test_rollback_removes_data_and_ttl_together(void) {
  KVStore *kv = t_open(t_path("rbttl"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "v", 1, future()));
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "k", 1, &rem));
  CHECK(rem > 0);
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_VAL(kv, "k", NULL);
  CHECK_RC(kv, kvstore_ttl_remaining(kv, "k", 1, &rem), KVSTORE_NOTFOUND);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "v", 1, future()));
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "k", 1, &rem));
  CHECK(rem > 0);
  kvstore_close(kv);
}

static void test_cf_ttl_is_independent(void) {
  KVStore *kv = t_open(t_path("cfttl"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *a = NULL, *b = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "a", &a));
  CHECK_OK(kv, kvstore_cf_create(kv, "b", &b));
  if (!a || !b) goto done;
  CHECK_OK(kv, kvstore_cf_put_ttl(a, "k", 1, "A", 1, PAST));
  CHECK_OK(kv, kvstore_cf_put_ttl(b, "k", 1, "B", 1, future()));
  CHECK_OK(kv, kvstore_put_ttl(kv, "k", 1, "D", 1, 0));
  CHECK_CFVAL(kv, a, "k", NULL);
  CHECK_CFVAL(kv, b, "k", "B");
  CHECK_VAL(kv, "k", "D");
  void *v = NULL;
  int n = 0;
  int64_t rem = 0;
  CHECK_RC(kv, kvstore_cf_get_ttl(a, "k", 1, &v, &n, &rem), KVSTORE_NOTFOUND);
  if (CHECK_OK(kv, kvstore_cf_get_ttl(b, "k", 1, &v, &n, &rem))) CHECK(n == 1 && rem > 0);
  snkv_free(v);
  CHECK_RC(kv, kvstore_cf_ttl_remaining(a, "k", 1, &rem), KVSTORE_NOTFOUND);
  CHECK_OK(kv, kvstore_cf_ttl_remaining(b, "k", 1, &rem));
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));   /* default family: nothing expired */
  CHECK_EQ(nDel, 0);
  CHECK_OK(kv, kvstore_cf_purge_expired(b, &nDel));
  CHECK_EQ(nDel, 0);
  CHECK_OK(kv, kvstore_cf_purge_expired(a, &nDel));
  CHECK_EQ(nDel, 1);
  /* TTL families are hidden: not listed, not counted. */
  char **az = NULL;
  int cnt = 0;
  CHECK_OK(kv, kvstore_cf_list(kv, &az, &cnt));
  CHECK_EQ(cnt, 2);
  for (int i = 0; i < cnt; i++) {
    CHECK(strncmp(az[i], "__", 2) != 0);
    snkv_free(az[i]);
  }
  snkv_free(az);
  int64_t c = -1;
  CHECK_OK(kv, kvstore_cf_count(b, &c));
  CHECK_EQ(c, 1);
  /* cf_put_if_absent with TTL. */
  int ins = 0;
  CHECK_OK(kv, kvstore_cf_put_if_absent(a, "p", 1, "q", 1, future(), &ins));
  CHECK_EQ(ins, 1);
  CHECK_OK(kv, kvstore_cf_put_if_absent(a, "p", 1, "r", 1, 0, &ins));
  CHECK_EQ(ins, 0);
  CHECK_CFVAL(kv, a, "p", "q");
done:
  kvstore_cf_close(a);
  kvstore_cf_close(b);
  kvstore_close(kv);
}

/* Dropping a family drops its TTL data: recreated, the key has no expiry. */
static void test_drop_removes_ttl_families(void) {
  KVStore *kv = t_open(t_path("dropttl"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  if (!CHECK_OK(kv, kvstore_cf_create(kv, "t", &cf))) { kvstore_close(kv); return; }
  CHECK_OK(kv, kvstore_cf_put_ttl(cf, "k", 1, "v", 1, future()));
  kvstore_cf_close(cf);
  CHECK_OK(kv, kvstore_cf_drop(kv, "t"));
  cf = NULL;
  if (CHECK_OK(kv, kvstore_cf_create(kv, "t", &cf))) {
    CHECK_OK(kv, t_cfput(cf, "k", "plain"));
    int64_t rem = 0;
    CHECK_OK(kv, kvstore_cf_ttl_remaining(cf, "k", 1, &rem));
    CHECK_EQ(rem, KVSTORE_NO_TTL);
    int nDel = -1;
    CHECK_OK(kv, kvstore_cf_purge_expired(cf, &nDel));
    CHECK_EQ(nDel, 0);
  }
  kvstore_cf_close(cf);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* clear empties the TTL indexes too: nothing left to purge. */
static void test_clear_removes_ttl_entries(void) {
  KVStore *kv = t_open(t_path("clearttl"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "a", 1, "v", 1, PAST));
  CHECK_OK(kv, kvstore_put_ttl(kv, "b", 1, "v", 1, future()));
  CHECK_OK(kv, kvstore_clear(kv));
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 0);
  CHECK_EQ(t_count(kv), 0);
  CHECK_OK(kv, t_put(kv, "b", "again"));
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "b", 1, &rem));
  CHECK_EQ(rem, KVSTORE_NO_TTL);
  kvstore_close(kv);
}

static void test_ttl_counters(void) {
  KVStore *kv = t_open(t_path("ctr"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "x", 1, PAST));
  CHECK_OK(kv, kvstore_stats_reset(kv));
  void *v = NULL;
  int n = 0, ex = 0;
  int64_t rem;
  kvstore_get(kv, "e", 1, &v, &n);
  kvstore_exists(kv, "e", 1, &ex);
  kvstore_get_ttl(kv, "e", 1, &v, &n, &rem);
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nTtlExpired, 3);
  CHECK_EQ(s.nGets, 0);        /* misses are not gets */
  CHECK_EQ(s.nTtlPurged, 0);
  int nDel = 0;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nTtlPurged, 1);
  kvstore_close(kv);
}

static void test_ttl_survives_reopen(void) {
  const char *p = t_path("reopen");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "live", 4, "v", 1, future()));
  CHECK_OK(kv, kvstore_put_ttl(kv, "dead", 4, "v", 1, PAST));
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, "live", 4, &rem));
  CHECK(rem > HOUR - 60000);
  CHECK_VAL(kv, "dead", NULL);
  int nDel = 0;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 1);
  kvstore_close(kv);
}

/* TTL at the limits: a 65536-byte key (its expiry-index key is 8 bytes longer) and a
** family with a 255-byte name (its hidden families' names exceed 255 bytes). */
static void test_ttl_with_max_key_and_max_name(void) {
  KVStore *kv = t_open(t_path("limits"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  unsigned char *k = malloc(KVSTORE_MAX_KEY_SIZE);
  memset(k, 'z', KVSTORE_MAX_KEY_SIZE);
  CHECK_OK(kv, kvstore_put_ttl(kv, k, KVSTORE_MAX_KEY_SIZE, "v", 1, PAST));
  CHECK_OK(kv, kvstore_put_ttl(kv, k, KVSTORE_MAX_KEY_SIZE - 1, "w", 1, future()));
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_ttl_remaining(kv, k, KVSTORE_MAX_KEY_SIZE - 1, &rem));
  CHECK(rem > 0);
  CHECK_RC(kv, kvstore_ttl_remaining(kv, k, KVSTORE_MAX_KEY_SIZE, &rem), KVSTORE_NOTFOUND);
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 1);
  free(k);
  char name[256];
  memset(name, 'n', 255);
  name[255] = 0;
  KVColumnFamily *cf = NULL;
  if (CHECK_OK(kv, kvstore_cf_create(kv, name, &cf))) {
    CHECK_OK(kv, kvstore_cf_put_ttl(cf, "a", 1, "b", 1, PAST));
    CHECK_OK(kv, kvstore_cf_put_ttl(cf, "c", 1, "d", 1, future()));
    CHECK_OK(kv, kvstore_cf_purge_expired(cf, &nDel));
    CHECK_EQ(nDel, 1);
    CHECK_OK(kv, kvstore_cf_ttl_remaining(cf, "c", 1, &rem));
  }
  kvstore_cf_close(cf);
  CHECK_OK(kv, kvstore_cf_drop(kv, name));
  char **az = NULL;
  int n = -1;
  CHECK_OK(kv, kvstore_cf_list(kv, &az, &n));
  CHECK_EQ(n, 0);
  snkv_free(az);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* A key with a short real TTL is readable, then disappears without any write. */
static void test_real_expiry_after_sleep(void) {
  KVStore *kv = t_open(t_path("sleep"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put_ttl(kv, "s", 1, "soon", 4, kvstore_now_ms() + 500));
  CHECK_VAL(kv, "s", "soon");
  t_sleep_ms(650);
  CHECK_VAL(kv, "s", NULL);
  int64_t rem;
  CHECK_RC(kv, kvstore_ttl_remaining(kv, "s", 1, &rem), KVSTORE_NOTFOUND);
  kvstore_close(kv);
}

int main(void) {
  t_setup("ttl");
  RUN(test_live_ttl_key_reads_with_remaining);
  RUN(test_permanent_key_reports_no_ttl);
  RUN(test_d5_expired_key_is_notfound_consistently);
  RUN(test_d3_reads_do_not_delete_expired_keys);
  RUN(test_d3_expired_read_in_txn_does_not_commit);
  RUN(test_d3_expired_on_readonly_store_is_absent);
  RUN(test_plain_put_clears_ttl);
  RUN(test_put_ttl_replaces_expiry);
  RUN(test_delete_removes_ttl_entries);
  RUN(test_put_if_absent_treats_expired_as_absent);
  RUN(test_purge_many_expired_keys);
  RUN(test_purge_without_ttl_use_is_zero);
  RUN(test_purge_in_txn_rolls_back);
  RUN(test_rollback_removes_data_and_ttl_together);
  RUN(test_cf_ttl_is_independent);
  RUN(test_drop_removes_ttl_families);
  RUN(test_clear_removes_ttl_entries);
  RUN(test_ttl_counters);
  RUN(test_ttl_survives_reopen);
  RUN(test_ttl_with_max_key_and_max_name);
  RUN(test_real_expiry_after_sleep);
  return t_finish();
}
