/*
** test_cf.c — column families: create/open/default/list/close/drop, name rules, isolation
** from each other and from the default family, persistence, dropping while in use (BUSY),
** drops that relocate another family's root (D7), and no 64-family limit (D11).
*/
#include "testutil.h"

/* 1 if cf_list returns exactly the names given (any order). */
static int list_is(KVStore *kv, int n, const char *const *names) {
  char **az = NULL;
  int cnt = -1, ok = 1;
  if (kvstore_cf_list(kv, &az, &cnt) != KVSTORE_OK) return 0;
  if (cnt != n) ok = 0;
  for (int i = 0; ok && i < n; i++) {
    int found = 0;
    for (int j = 0; j < cnt; j++) found |= strcmp(az[j], names[i]) == 0;
    ok = found;
  }
  for (int j = 0; j < cnt; j++) snkv_free(az[j]);
  snkv_free(az);
  return ok;
}

static void test_create_open_list_persist(void) {
  const char *p = t_path("cf");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK(list_is(kv, 0, NULL));
  KVColumnFamily *u = NULL, *o = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "users", &u));
  CHECK_OK(kv, kvstore_cf_create(kv, "orders", &o));
  if (!u || !o) { kvstore_close(kv); return; }
  CHECK_OK(kv, t_cfput(u, "alice", "admin"));
  CHECK_OK(kv, t_cfput(o, "alice", "order-1"));
  int ex = -1;
  CHECK_OK(kv, kvstore_cf_exists(u, "alice", 5, &ex));
  CHECK_EQ(ex, 1);
  CHECK_OK(kv, kvstore_cf_exists(u, "bob", 3, &ex));
  CHECK_EQ(ex, 0);
  const char *both[] = { "users", "orders" };
  CHECK(list_is(kv, 2, both));
  kvstore_cf_close(u);
  kvstore_cf_close(o);
  kvstore_close(kv);

  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK(list_is(kv, 2, both));
  u = NULL;
  if (CHECK_OK(kv, kvstore_cf_open(kv, "users", &u))) {
    CHECK_CFVAL(kv, u, "alice", "admin");
    CHECK_OK(kv, kvstore_cf_delete(u, "alice", 5));
    CHECK_RC(kv, kvstore_cf_delete(u, "alice", 5), KVSTORE_NOTFOUND);
    CHECK_CFVAL(kv, u, "alice", NULL);
  }
  kvstore_cf_close(u);
  kvstore_close(kv);
}

static void test_families_are_isolated(void) {
  KVStore *kv = t_open(t_path("iso"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *a = NULL, *b = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "a", &a));
  CHECK_OK(kv, kvstore_cf_create(kv, "b", &b));
  if (!a || !b) goto done;
  CHECK_OK(kv, t_put(kv, "k", "default"));
  CHECK_OK(kv, t_cfput(a, "k", "A"));
  CHECK_OK(kv, t_cfput(a, "only-a", "1"));
  CHECK_VAL(kv, "k", "default");
  CHECK_CFVAL(kv, a, "k", "A");
  CHECK_CFVAL(kv, b, "k", NULL);
  CHECK_CFVAL(kv, b, "only-a", NULL);
  CHECK_VAL(kv, "only-a", NULL);
  int64_t n = -1;
  CHECK_OK(kv, kvstore_cf_count(a, &n));
  CHECK_EQ(n, 2);
  CHECK_OK(kv, kvstore_cf_count(b, &n));
  CHECK_EQ(n, 0);
  CHECK_EQ(t_count(kv), 1);
  /* Clearing one family leaves the others. */
  CHECK_OK(kv, kvstore_cf_clear(a));
  CHECK_OK(kv, kvstore_cf_count(a, &n));
  CHECK_EQ(n, 0);
  CHECK_VAL(kv, "k", "default");
  CHECK_OK(kv, t_cfput(b, "k", "B"));
  CHECK_OK(kv, kvstore_clear(kv));
  CHECK_EQ(t_count(kv), 0);
  CHECK_CFVAL(kv, b, "k", "B");
  /* Iterators stay inside their family. */
  CHECK_OK(kv, t_cfput(a, "x1", "1"));
  CHECK_OK(kv, t_cfput(a, "x2", "2"));
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_cf_iterator_create(b, &it))) CHECK_EQ(t_iter_count(it), 1);
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_cf_prefix_iterator_create(a, "x", 1, &it))) CHECK_EQ(t_iter_count(it), 2);
  kvstore_iterator_close(it);
done:
  kvstore_cf_close(a);
  kvstore_cf_close(b);
  kvstore_close(kv);
}

/* The default family is shared with the top-level calls; "default" create/open returns
** it; it is never listed and cannot be dropped. */
static void test_default_family(void) {
  KVStore *kv = t_open(t_path("def"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *d = NULL, *d2 = NULL, *d3 = NULL;
  CHECK_OK(kv, kvstore_cf_get_default(kv, &d));
  CHECK_OK(kv, kvstore_cf_create(kv, "default", &d2));
  CHECK_OK(kv, kvstore_cf_open(kv, "default", &d3));
  if (d && d2 && d3) {
    CHECK_OK(kv, t_cfput(d, "via-cf", "1"));
    CHECK_VAL(kv, "via-cf", "1");
    CHECK_OK(kv, t_put(kv, "via-kv", "2"));
    CHECK_CFVAL(kv, d2, "via-kv", "2");
    CHECK_CFVAL(kv, d3, "via-cf", "1");
  }
  CHECK(list_is(kv, 0, NULL));
  kvstore_cf_close(d2);
  kvstore_cf_close(d3);
  CHECK_RC(kv, kvstore_cf_drop(kv, "default"), KVSTORE_ERROR);
  /* Closing the default handle never frees the family. */
  kvstore_cf_close(d);
  CHECK_VAL(kv, "via-cf", "1");
  d = NULL;
  CHECK_OK(kv, kvstore_cf_get_default(kv, &d));
  kvstore_cf_close(d);
  kvstore_close(kv);
}

static void test_name_rules(void) {
  KVStore *kv = t_open(t_path("names"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  char name[300];
  memset(name, 'n', sizeof name);
  name[255] = 0;
  KVColumnFamily *cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, name, &cf));           /* 255 bytes: fine */
  kvstore_cf_close(cf);
  cf = NULL;
  CHECK_OK(kv, kvstore_cf_open(kv, name, &cf));
  kvstore_cf_close(cf);
  name[255] = 'n'; name[256] = 0;
  cf = (KVColumnFamily *)1;
  CHECK_RC(kv, kvstore_cf_create(kv, name, &cf), KVSTORE_ERROR);   /* 256: too long */
  CHECK(cf == NULL);
  CHECK_RC(kv, kvstore_cf_create(kv, "", &cf), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_create(kv, "__x", &cf), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_create(kv, "_snkv_x", &cf), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_open(kv, "__x", &cf), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_open(kv, "_snkv_x", &cf), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_drop(kv, "__snkv_ttl_k__default"), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_drop(kv, "_snkv_x"), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_create(kv, NULL, &cf), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_create(kv, "ok", NULL), KVSTORE_ERROR);
  /* A single underscore and other bytes are ordinary names; names are case-sensitive. */
  cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "_x", &cf));
  kvstore_cf_close(cf);
  cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "Users", &cf));
  kvstore_cf_close(cf);
  cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "users", &cf));
  kvstore_cf_close(cf);
  cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "sp ace:\xc3\xa9", &cf));
  kvstore_cf_close(cf);
  /* Duplicates are refused; a missing family is NOTFOUND. */
  CHECK_RC(kv, kvstore_cf_create(kv, "users", &cf), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_open(kv, "nobody", &cf), KVSTORE_NOTFOUND);
  CHECK(cf == NULL);
  CHECK_RC(kv, kvstore_cf_drop(kv, "nobody"), KVSTORE_NOTFOUND);
  kvstore_close(kv);
}

/* Each cf_open returns an independent handle; all see the same data. */
static void test_two_handles_same_family(void) {
  KVStore *kv = t_open(t_path("twoh"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *a = NULL, *b = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "f", &a));
  CHECK_OK(kv, kvstore_cf_open(kv, "f", &b));
  if (a && b) {
    CHECK_OK(kv, t_cfput(a, "k", "1"));
    CHECK_CFVAL(kv, b, "k", "1");
    CHECK_OK(kv, t_cfput(b, "k", "2"));
    CHECK_CFVAL(kv, a, "k", "2");
  }
  kvstore_cf_close(a);
  CHECK_RC(kv, kvstore_cf_drop(kv, "f"), KVSTORE_BUSY);   /* b still open */
  kvstore_cf_close(b);
  CHECK_OK(kv, kvstore_cf_drop(kv, "f"));
  kvstore_close(kv);
}

static void test_drop_with_open_handle_or_iterator_is_busy(void) {
  KVStore *kv = t_open(t_path("busy"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  if (!CHECK_OK(kv, kvstore_cf_create(kv, "t", &cf))) { kvstore_close(kv); return; }
  CHECK_OK(kv, t_cfput(cf, "a", "1"));
  CHECK_RC(kv, kvstore_cf_drop(kv, "t"), KVSTORE_BUSY);
  KVIterator *it = NULL;
  CHECK_OK(kv, kvstore_cf_iterator_create(cf, &it));
  kvstore_cf_close(cf);
  CHECK_RC(kv, kvstore_cf_drop(kv, "t"), KVSTORE_BUSY);   /* the iterator holds it */
  const char *m = kvstore_errmsg(kv);
  CHECK(m && strstr(m, "t") != NULL);
  kvstore_iterator_close(it);
  CHECK_OK(kv, kvstore_cf_drop(kv, "t"));
  CHECK(list_is(kv, 0, NULL));
  CHECK_RC(kv, kvstore_cf_open(kv, "t", &cf), KVSTORE_NOTFOUND);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* Dropping a family frees its name for reuse (tombstone reuse) with empty contents. */
static void test_drop_then_recreate_is_empty(void) {
  const char *p = t_path("recreate");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  for (int round = 0; round < 3; round++) {
    cf = NULL;
    if (!CHECK_OK(kv, kvstore_cf_create(kv, "cycle", &cf))) break;
    int64_t n = -1;
    CHECK_OK(kv, kvstore_cf_count(cf, &n));
    CHECK_EQ(n, 0);
    for (int i = 0; i < 200; i++) {
      char k[16];
      snprintf(k, sizeof k, "k%03d", i);
      CHECK_OK(kv, t_cfput(cf, k, "value"));
    }
    kvstore_cf_close(cf);
    CHECK_OK(kv, kvstore_cf_drop(kv, "cycle"));
  }
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK(list_is(kv, 0, NULL));
  kvstore_close(kv);
}

/* Fill n families a0..a(n-1) with 30 keys each (names and values derive from i). */
static void fill_family(KVStore *kv, KVColumnFamily *cf, int tag) {
  for (int j = 0; j < 30; j++) {
    char k[16], v[16];
    snprintf(k, sizeof k, "k%02d", j);
    snprintf(v, sizeof v, "v%d-%d", tag, j);
    CHECK_OK(kv, t_cfput(cf, k, v));
  }
}
static int family_intact(KVStore *kv, KVColumnFamily *cf, int tag) {
  int ok = 1;
  for (int j = 0; j < 30 && ok; j++) {
    char k[16], v[16];
    snprintf(k, sizeof k, "k%02d", j);
    snprintf(v, sizeof v, "v%d-%d", tag, j);
    ok = t_has_value(kv, cf, k, v);
  }
  return ok;
}

/* Dropping a low family moves the highest root into its slot. Handles already open on
** the moved family, in this store handle and in another one, keep reading and writing. */
static void test_d7_drop_keeps_other_families_writable(void) {
  const char *p = t_path("d7");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  KVStore *kv2 = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv || !kv2) { kvstore_close(kv); kvstore_close(kv2); return; }
  KVColumnFamily *cf[4] = { 0 };
  const char *names[4] = { "first", "second", "third", "last" };
  for (int i = 0; i < 4; i++) {
    CHECK_OK(kv, kvstore_cf_create(kv, names[i], &cf[i]));
    if (cf[i]) fill_family(kv, cf[i], i);
  }
  /* TTL families of "last" sit above it too. */
  if (cf[3]) CHECK_OK(kv, kvstore_cf_put_ttl(cf[3], "ttl", 3, "t", 1, kvstore_now_ms() + 3600000));
  KVColumnFamily *last2 = NULL, *first2 = NULL;
  CHECK_OK(kv2, kvstore_cf_open(kv2, "last", &last2));
  CHECK_OK(kv2, kvstore_cf_open(kv2, "first", &first2));
  if (!cf[0] || !cf[3] || !last2 || !first2) goto done;
  CHECK(family_intact(kv2, last2, 3));

  kvstore_cf_close(cf[0]);
  cf[0] = NULL;
  CHECK_OK(kv, kvstore_cf_drop(kv, "first"));   /* kv2's handle to "first" lives elsewhere */

  /* Same store handle. */
  CHECK(family_intact(kv, cf[3], 3));
  CHECK_OK(kv, t_cfput(cf[3], "after-drop", "1"));
  CHECK_CFVAL(kv, cf[3], "after-drop", "1");
  int64_t rem = 0;
  CHECK_OK(kv, kvstore_cf_ttl_remaining(cf[3], "ttl", 3, &rem));
  CHECK(rem > 0);
  CHECK(family_intact(kv, cf[1], 1));
  CHECK(family_intact(kv, cf[2], 2));
  /* Another store handle. */
  CHECK(family_intact(kv2, last2, 3));
  CHECK_CFVAL(kv2, last2, "after-drop", "1");
  CHECK_OK(kv2, t_cfput(last2, "from-kv2", "2"));
  CHECK_CFVAL(kv, cf[3], "from-kv2", "2");
  KVIterator *it = NULL;
  if (CHECK_OK(kv2, kvstore_cf_iterator_create(last2, &it))) CHECK_EQ(t_iter_count(it), 33);
  kvstore_iterator_close(it);
  /* The dropped family is gone for the other handle too. */
  void *v = NULL;
  int n = 0;
  CHECK_RC(kv2, kvstore_cf_get(first2, "k00", 3, &v, &n), KVSTORE_NOTFOUND);
  snkv_free(v);
  CHECK_RC(kv2, kvstore_cf_put(first2, "k", 1, "v", 1), KVSTORE_NOTFOUND);
  CHECK_OK(kv, t_integrity(kv));
  CHECK_OK(kv2, t_integrity(kv2));
done:
  for (int i = 0; i < 4; i++) kvstore_cf_close(cf[i]);
  kvstore_cf_close(last2);
  kvstore_cf_close(first2);
  kvstore_close(kv);
  kvstore_close(kv2);
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  const char *left[] = { "second", "third", "last" };
  CHECK(list_is(kv, 3, left));
  KVColumnFamily *l = NULL;
  if (CHECK_OK(kv, kvstore_cf_open(kv, "last", &l))) CHECK(family_intact(kv, l, 3));
  kvstore_cf_close(l);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* An iterator over a family whose root moves twice mid-scan (roots d1=5, d2=6, mover=7:
** another handle drops d2, moving mover to 6; then this handle drops d1, moving it to 5)
** keeps delivering that family's entries, in order, without repeats or gaps. */
static void test_d7_iterator_survives_root_move(void) {
  const char *p = t_path("d7it");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL), *kv2 = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv || !kv2) { kvstore_close(kv); kvstore_close(kv2); return; }
  const char *names[3] = { "d1", "d2", "mover" };
  KVColumnFamily *mover = NULL;
  for (int i = 0; i < 3; i++) {
    KVColumnFamily *cf = NULL;
    if (!CHECK_OK(kv, kvstore_cf_create(kv, names[i], &cf))) continue;
    for (int j = 0; j < (i == 2 ? 2000 : 50); j++) {
      char k[16];
      snprintf(k, sizeof k, "%s-%05d", names[i], j);
      CHECK_OK(kv, t_cfput(cf, k, names[i]));
    }
    if (i == 2) mover = cf;
    else kvstore_cf_close(cf);
  }
  KVIterator *it = NULL;
  if (!mover || !CHECK_OK(kv, kvstore_cf_iterator_create(mover, &it))) goto done;
  kvstore_cf_close(mover);
  mover = NULL;
  CHECK_OK(kv, kvstore_iterator_first(it));
  int seen = 0, ordered = 1, wrong = 0;
  char prev[32] = "";
  while (!kvstore_iterator_eof(it)) {
    void *k, *v;
    int nk, nv;
    if (!CHECK_OK(kv, kvstore_iterator_key(it, &k, &nk)) || !CHECK_OK(kv, kvstore_iterator_value(it, &v, &nv))) break;
    char cur[32] = { 0 };
    memcpy(cur, k, nk < 31 ? (size_t)nk : 31);
    ordered &= strcmp(prev, cur) < 0;
    wrong += nv != 5 || memcmp(v, "mover", 5) != 0;
    snprintf(prev, sizeof prev, "%s", cur);
    seen++;
    if (seen == 300) CHECK_OK(kv2, kvstore_cf_drop(kv2, "d2"));    /* another handle moves the root */
    if (seen == 1200) CHECK_OK(kv, kvstore_cf_drop(kv, "d1"));     /* this handle moves it again */
    if (!CHECK_OK(kv, kvstore_iterator_next(it))) break;
  }
  CHECK_EQ(seen, 2000);
  CHECK(ordered);
  CHECK_EQ(wrong, 0);
  CHECK_OK(kv, t_integrity(kv));
done:
  kvstore_iterator_close(it);
  kvstore_cf_close(mover);
  kvstore_close(kv);
  kvstore_close(kv2);
}

/* Drops inside an explicit transaction roll back with it. */
static void test_create_and_drop_roll_back(void) {
  KVStore *kv = t_open(t_path("cfrb"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "keep", &cf));
  if (cf) CHECK_OK(kv, t_cfput(cf, "k", "v"));
  kvstore_cf_close(cf);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, kvstore_cf_drop(kv, "keep"));
  CHECK_OK(kv, kvstore_rollback(kv));
  cf = NULL;
  if (CHECK_OK(kv, kvstore_cf_open(kv, "keep", &cf))) CHECK_CFVAL(kv, cf, "k", "v");
  kvstore_cf_close(cf);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* KVSTORE_MAX_COLUMN_FAMILIES is not a limit. */
static void test_d11_more_than_64_families(void) {
  const char *p = t_path("d11");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  const int N = 100;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int i = 0; i < N; i++) {
    char name[16];
    snprintf(name, sizeof name, "fam%03d", i);
    KVColumnFamily *cf = NULL;
    if (!CHECK_OK(kv, kvstore_cf_create(kv, name, &cf))) break;
    CHECK_OK(kv, t_cfput(cf, "name", name));
    kvstore_cf_close(cf);
  }
  CHECK_OK(kv, kvstore_commit(kv));
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  char **az = NULL;
  int cnt = 0;
  CHECK_OK(kv, kvstore_cf_list(kv, &az, &cnt));
  CHECK_EQ(cnt, N);
  for (int i = 0; i < cnt; i++) snkv_free(az[i]);
  snkv_free(az);
  for (int i = 0; i < N; i += 7) {
    char name[16];
    snprintf(name, sizeof name, "fam%03d", i);
    KVColumnFamily *cf = NULL;
    if (CHECK_OK(kv, kvstore_cf_open(kv, name, &cf))) CHECK_CFVAL(kv, cf, "name", name);
    kvstore_cf_close(cf);
  }
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* Many families, drop every other one: the survivors' data and the list stay right. */
static void test_drops_keep_siblings_reachable(void) {
  const char *p = t_path("sib");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  for (int i = 0; i < 20; i++) {
    char name[16];
    snprintf(name, sizeof name, "s%02d", i);
    KVColumnFamily *cf = NULL;
    if (!CHECK_OK(kv, kvstore_cf_create(kv, name, &cf))) break;
    fill_family(kv, cf, i);
    kvstore_cf_close(cf);
  }
  for (int i = 0; i < 20; i += 2) {
    char name[16];
    snprintf(name, sizeof name, "s%02d", i);
    CHECK_OK(kv, kvstore_cf_drop(kv, name));
  }
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  for (int i = 0; i < 20; i++) {
    char name[16];
    snprintf(name, sizeof name, "s%02d", i);
    KVColumnFamily *cf = NULL;
    int rc = kvstore_cf_open(kv, name, &cf);
    if (i % 2 == 0) CHECK_RC(kv, rc, KVSTORE_NOTFOUND);
    else if (CHECK_OK(kv, rc)) CHECK(family_intact(kv, cf, i));
    kvstore_cf_close(cf);
  }
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* Closing the store frees family handles the caller did not close (no leak, no crash). */
static void test_close_store_with_open_family_handles(void) {
  KVStore *kv = t_open(t_path("dangle"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *a = NULL, *b = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "a", &a));
  CHECK_OK(kv, kvstore_cf_open(kv, "a", &b));
  if (a) CHECK_OK(kv, t_cfput(a, "k", "v"));
  CHECK_OK(kv, kvstore_close(kv));
  kvstore_cf_close(NULL);
}

int main(void) {
  t_setup("cf");
  RUN(test_create_open_list_persist);
  RUN(test_families_are_isolated);
  RUN(test_default_family);
  RUN(test_name_rules);
  RUN(test_two_handles_same_family);
  RUN(test_drop_with_open_handle_or_iterator_is_busy);
  RUN(test_drop_then_recreate_is_empty);
  RUN(test_d7_drop_keeps_other_families_writable);
  RUN(test_d7_iterator_survives_root_move);
  RUN(test_create_and_drop_roll_back);
  RUN(test_d11_more_than_64_families);
  RUN(test_drops_keep_siblings_reachable);
  RUN(test_close_store_with_open_family_handles);
  return t_finish();
}
