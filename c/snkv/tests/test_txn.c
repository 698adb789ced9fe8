/*
** test_txn.c — explicit transactions on one handle: atomicity, rollback, visibility of
** one's own writes, begin/commit/rollback misuse (D8), read transactions upgraded by a
** write, and what close does to an open transaction. Multi-handle isolation is in
** test_multi.c.
*/
#include "testutil.h"

static void put_n(KVStore *kv, const char *prefix, int n, const char *val) {
  for (int i = 0; i < n; i++) {
    char k[32];
    snprintf(k, sizeof k, "%s%05d", prefix, i);
    if (!CHECK_OK(kv, t_put(kv, k, val))) return;
  }
}

static void test_commit_makes_all_visible(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("commit");
    KVStore *kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_OK(kv, kvstore_begin(kv, 1));
    CHECK_EQ(snkv_in_transaction(kv), 1);
    put_n(kv, "c", 20, "v");
    CHECK_OK(kv, kvstore_commit(kv));
    CHECK_EQ(snkv_in_transaction(kv), 0);
    kvstore_close(kv);
    kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_EQ(t_count(kv), 20);
    CHECK_VAL(kv, "c00019", "v");
    kvstore_close(kv);
  }
}

static void test_rollback_undoes_update_insert_delete(void) {
  KVStore *kv = t_open(t_path("rb"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "keep", "v1"));
  CHECK_OK(kv, t_put(kv, "gone", "x"));
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, t_put(kv, "keep", "v2"));
  CHECK_OK(kv, t_put(kv, "new", "n"));
  CHECK_OK(kv, kvstore_delete(kv, "gone", 4));
  CHECK_VAL(kv, "keep", "v2");         /* own writes are visible inside */
  CHECK_VAL(kv, "new", "n");
  CHECK_VAL(kv, "gone", NULL);
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_EQ(snkv_in_transaction(kv), 0);
  CHECK_VAL(kv, "keep", "v1");
  CHECK_VAL(kv, "new", NULL);
  CHECK_VAL(kv, "gone", "x");
  kvstore_close(kv);
}

static void test_txn_spans_families(void) {
  KVStore *kv = t_open(t_path("span"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *a = NULL, *b = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "a", &a));
  CHECK_OK(kv, kvstore_cf_create(kv, "b", &b));
  if (!a || !b) goto done;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, t_cfput(a, "k", "in-a"));
  CHECK_OK(kv, t_cfput(b, "k", "in-b"));
  CHECK_OK(kv, t_put(kv, "k", "in-default"));
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_CFVAL(kv, a, "k", NULL);
  CHECK_CFVAL(kv, b, "k", NULL);
  CHECK_VAL(kv, "k", NULL);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, t_cfput(a, "k", "in-a"));
  CHECK_OK(kv, t_cfput(b, "k", "in-b"));
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_CFVAL(kv, a, "k", "in-a");
  CHECK_CFVAL(kv, b, "k", "in-b");
done:
  kvstore_cf_close(a);
  kvstore_cf_close(b);
  kvstore_close(kv);
}

static void test_d8_commit_without_begin_is_error(void) {
  KVStore *kv = t_open(t_path("d8c"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_RC(kv, kvstore_commit(kv), KVSTORE_ERROR);
  const char *m = kvstore_errmsg(kv);
  CHECK(m && *m && strcmp(m, "no error") != 0);
  CHECK_OK(kv, t_put(kv, "a", "b"));
  CHECK_RC(kv, kvstore_commit(kv), KVSTORE_ERROR);   /* still none after an auto-commit */
  CHECK_VAL(kv, "a", "b");
  kvstore_close(kv);
}

static void test_d8_rollback_without_begin_is_error(void) {
  KVStore *kv = t_open(t_path("d8r"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_RC(kv, kvstore_rollback(kv), KVSTORE_ERROR);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_RC(kv, kvstore_rollback(kv), KVSTORE_ERROR);   /* second rollback: nothing to undo */
  kvstore_close(kv);
}

/* A failed begin leaves the outer transaction intact and still committable. */
static void test_d8_begin_inside_txn_is_error(void) {
  KVStore *kv = t_open(t_path("d8b"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  for (int outer = 0; outer <= 1; outer++) {
    for (int inner = 0; inner <= 1; inner++) {
      char k[8];
      snprintf(k, sizeof k, "k%d%d", outer, inner);
      if (!CHECK_OK(kv, kvstore_begin(kv, outer))) continue;
      CHECK_OK(kv, t_put(kv, k, "v"));
      CHECK_RC(kv, kvstore_begin(kv, inner), KVSTORE_ERROR);
      CHECK_EQ(snkv_in_transaction(kv), 1);
      CHECK_OK(kv, kvstore_commit(kv));
      CHECK_VAL(kv, k, "v");
    }
  }
  kvstore_close(kv);
}

/* begin(0) is a real transaction: a write inside upgrades it, rollback undoes it
** (the reference auto-committed such writes). */
static void test_write_in_read_txn_upgrades_and_rolls_back(void) {
  KVStore *kv = t_open(t_path("upgrade"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "base", "1"));
  CHECK_OK(kv, kvstore_begin(kv, 0));
  CHECK_EQ(snkv_in_transaction(kv), 1);
  CHECK_VAL(kv, "base", "1");
  CHECK_OK(kv, t_put(kv, "up", "2"));
  CHECK_VAL(kv, "up", "2");
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_VAL(kv, "up", NULL);
  CHECK_OK(kv, kvstore_begin(kv, 0));
  CHECK_OK(kv, t_put(kv, "up", "3"));
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_VAL(kv, "up", "3");
  /* A read-only transaction commits fine too. */
  CHECK_OK(kv, kvstore_begin(kv, 0));
  CHECK_VAL(kv, "up", "3");
  CHECK_OK(kv, kvstore_commit(kv));
  kvstore_close(kv);
}

/* count sees the handle's own uncommitted writes. */
static void test_count_sees_own_uncommitted_writes(void) {
  KVStore *kv = t_open(t_path("cnt"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  put_n(kv, "x", 3, "v");
  CHECK_EQ(t_count(kv), 3);
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_EQ(t_count(kv), 0);
  kvstore_close(kv);
}

static void test_close_with_open_txn_rolls_back(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("closetx");
    KVStore *kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_OK(kv, t_put(kv, "committed", "yes"));
    CHECK_OK(kv, kvstore_begin(kv, 1));
    put_n(kv, "u", 50, "uncommitted");
    CHECK_OK(kv, kvstore_close(kv));
    kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_VAL(kv, "committed", "yes");
    CHECK_VAL(kv, "u00000", NULL);
    CHECK_EQ(t_count(kv), 1);
    CHECK_OK(kv, t_integrity(kv));
    kvstore_close(kv);
  }
}

static void test_large_txn_commit_and_rollback(void) {
  const char *p = t_path("large");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  put_n(kv, "keep", 5000, "some value bytes");
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_OK(kv, kvstore_begin(kv, 1));
  put_n(kv, "lost", 5000, "some value bytes");
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_EQ(t_count(kv), 5000);
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_EQ(t_count(kv), 5000);
  CHECK_VAL(kv, "lost00000", NULL);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

static void test_txn_cycling(void) {
  KVStore *kv = t_open(t_path("cycle"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "anchor", "a"));
  int bad = 0;
  for (int i = 0; i < 1000 && !bad; i++) {
    char k[16];
    snprintf(k, sizeof k, "c%04d", i);
    bad |= kvstore_begin(kv, 1) | t_put(kv, k, "v") | kvstore_commit(kv);
  }
  CHECK_EQ(bad, 0);
  for (int i = 0; i < 300 && !bad; i++) {
    bad |= kvstore_begin(kv, 1) | t_put(kv, "ephemeral", "e") | kvstore_rollback(kv);
  }
  CHECK_EQ(bad, 0);
  CHECK_VAL(kv, "ephemeral", NULL);
  CHECK_VAL(kv, "anchor", "a");
  CHECK_EQ(t_count(kv), 1001);
  kvstore_close(kv);
}

/* A failed call inside a transaction does not end or poison it. */
static void test_failed_call_keeps_txn_open(void) {
  KVStore *kv = t_open(t_path("failin"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, t_put(kv, "good", "1"));
  CHECK_RC(kv, kvstore_put(kv, "", 0, "x", 1), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_delete(kv, "missing", 7), KVSTORE_NOTFOUND);
  KVColumnFamily *cf = NULL;
  CHECK_RC(kv, kvstore_cf_open(kv, "nofamily", &cf), KVSTORE_NOTFOUND);
  CHECK_EQ(snkv_in_transaction(kv), 1);
  CHECK_OK(kv, t_put(kv, "good2", "2"));
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_VAL(kv, "good", "1");
  CHECK_VAL(kv, "good2", "2");
  kvstore_close(kv);
}

static void test_overwrite_and_delete_recovery(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("owrec");
    KVStore *kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_OK(kv, t_put(kv, "k", "v1"));
    CHECK_OK(kv, t_put(kv, "d", "doomed"));
    CHECK_OK(kv, t_put(kv, "s", "saved"));
    CHECK_OK(kv, kvstore_begin(kv, 1));
    CHECK_OK(kv, t_put(kv, "k", "v2"));
    CHECK_OK(kv, kvstore_delete(kv, "d", 1));
    CHECK_OK(kv, kvstore_commit(kv));
    CHECK_OK(kv, kvstore_begin(kv, 1));
    CHECK_OK(kv, t_put(kv, "k", "v3"));
    CHECK_OK(kv, kvstore_delete(kv, "s", 1));
    kvstore_close(kv);   /* uncommitted: v3 and the delete of s are lost */
    kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_VAL(kv, "k", "v2");
    CHECK_VAL(kv, "d", NULL);
    CHECK_VAL(kv, "s", "saved");
    kvstore_close(kv);
  }
}

/* In DELETE mode a write transaction uses a rollback journal; in WAL mode the -wal and
** -shm files exist while the store is open. */
static void test_journal_files_per_mode(void) {
  const char *p = t_path("jfiles");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  put_n(kv, "j", 10, "v");
  CHECK(t_file_exists(t_sidecar(p, "-journal")));
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK(!t_file_exists(t_sidecar(p, "-journal")));
  CHECK(!t_file_exists(t_sidecar(p, "-wal")));
  kvstore_close(kv);
  p = t_path("wfiles");
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  put_n(kv, "j", 10, "v");
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK(t_file_exists(t_sidecar(p, "-wal")));
  CHECK(t_file_exists(t_sidecar(p, "-shm")));
  CHECK(!t_file_exists(t_sidecar(p, "-journal")));
  kvstore_close(kv);
}

static void test_commit_counts_wal_commit(void) {
  KVStore *kv = t_open(t_path("stats"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVStoreStats s0, s1;
  CHECK_OK(kv, kvstore_stats(kv, &s0));
  CHECK_OK(kv, kvstore_begin(kv, 1));
  put_n(kv, "s", 5, "v");
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_OK(kv, kvstore_stats(kv, &s1));
  CHECK_EQ(s1.nWalCommits - s0.nWalCommits, 1);
  CHECK_EQ(s1.nPuts - s0.nPuts, 5);
  kvstore_close(kv);
}

int main(void) {
  t_setup("txn");
  RUN(test_commit_makes_all_visible);
  RUN(test_rollback_undoes_update_insert_delete);
  RUN(test_txn_spans_families);
  RUN(test_d8_commit_without_begin_is_error);
  RUN(test_d8_rollback_without_begin_is_error);
  RUN(test_d8_begin_inside_txn_is_error);
  RUN(test_write_in_read_txn_upgrades_and_rolls_back);
  RUN(test_count_sees_own_uncommitted_writes);
  RUN(test_close_with_open_txn_rolls_back);
  RUN(test_large_txn_commit_and_rollback);
  RUN(test_txn_cycling);
  RUN(test_failed_call_keeps_txn_open);
  RUN(test_overwrite_and_delete_recovery);
  RUN(test_journal_files_per_mode);
  RUN(test_commit_counts_wal_commit);
  return t_finish();
}
