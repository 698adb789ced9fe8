/*
** test_iter.c — the kvstore_iterator_* calls: ordering, all eight creators, unpositioned
** starts, prefix boundaries (incl. 0xFF prefixes), seek (D6: it lands on the key it
** reports), eof behaviour and misuse errors, expired keys skipped, and the live view of
** the handle's own writes across the engine's internal read batches.
*/
#include "testutil.h"

/* Walks the iterator from its current position (forward with next, reverse with prev)
** and joins printable keys with ','. */
static const char *walk(KVIterator *it, int reverse) {
  static char out[65536];
  size_t len = 0;
  out[0] = 0;
  while (!kvstore_iterator_eof(it)) {
    void *k = NULL;
    int n = 0;
    if (kvstore_iterator_key(it, &k, &n) != KVSTORE_OK) { strcpy(out, "<key error>"); return out; }
    if (len + (size_t)n + 2 >= sizeof out) break;
    if (len) out[len++] = ',';
    memcpy(out + len, k, (size_t)n);
    len += (size_t)n;
    out[len] = 0;
    if ((reverse ? kvstore_iterator_prev(it) : kvstore_iterator_next(it)) != KVSTORE_OK) {
      strcpy(out, "<move error>");
      return out;
    }
  }
  return out;
}
static void check_walk(KVIterator *it, int rev, const char *want, int line) {
  const char *got = walk(it, rev);
  if (!t_check(strcmp(got, want) == 0, want, __FILE__, line, NULL)) t_note("got \"%s\"", got);
}
#define WALK_IS(it, rev, want) check_walk((it), (rev), (want), __LINE__)

static KVStore *open_with(const char *stem, const char *const *keys) {
  KVStore *kv = t_open(t_path(stem), KVSTORE_JOURNAL_WAL);
  if (!kv) return NULL;
  for (int i = 0; keys && keys[i]; i++) CHECK_OK(kv, t_put(kv, keys[i], keys[i]));
  return kv;
}

static void test_forward_order_is_bytewise(void) {
  const char *keys[] = { "apply", "b", "app", "application", "apple", "a", "B", NULL };
  KVStore *kv = open_with("order", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    WALK_IS(it, 0, "B,a,app,apple,application,apply,b");
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_reverse_is_exact_reverse_of_forward(void) {
  KVStore *kv = t_open(t_path("rev"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int i = 0; i < 1000; i++) {
    char k[16];
    snprintf(k, sizeof k, "%04d", (i * 7919) % 1000);
    CHECK_OK(kv, t_put(kv, k, "v"));
  }
  CHECK_OK(kv, kvstore_commit(kv));
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_iterator_create(kv, &it))) {
    CHECK(kvstore_iterator_eof(it));           /* unpositioned until last() */
    CHECK_OK(kv, kvstore_iterator_last(it));
    int prev = 1000, n = 0, ordered = 1;
    while (!kvstore_iterator_eof(it)) {
      void *k;
      int nk;
      if (kvstore_iterator_key(it, &k, &nk) != KVSTORE_OK) { ordered = 0; break; }
      char digits[8] = { 0 };
      memcpy(digits, k, nk == 4 ? 4 : 0);
      int v = atoi(digits);
      ordered &= v == prev - 1;
      prev = v;
      n++;
      kvstore_iterator_prev(it);
    }
    CHECK(ordered);
    CHECK_EQ(n, 1000);
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_unpositioned_until_first_or_last(void) {
  const char *keys[] = { "a", "b", NULL };
  KVStore *kv = open_with("unpos", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_EQ(kvstore_iterator_eof(it), 1);
    void *k;
    int n;
    CHECK_RC(kv, kvstore_iterator_key(it, &k, &n), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_iterator_value(it, &k, &n), KVSTORE_ERROR);
    CHECK_OK(kv, kvstore_iterator_first(it));
    CHECK_EQ(kvstore_iterator_eof(it), 0);
    WALK_IS(it, 0, "a,b");
    /* Exhausted: next stays at eof and succeeds; key/value are errors. */
    CHECK_OK(kv, kvstore_iterator_next(it));
    CHECK_EQ(kvstore_iterator_eof(it), 1);
    CHECK_RC(kv, kvstore_iterator_key(it, &k, &n), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_iterator_value(it, &k, &n), KVSTORE_ERROR);
    /* first() rewinds. */
    CHECK_OK(kv, kvstore_iterator_first(it));
    WALK_IS(it, 0, "a,b");
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_empty_store_iterators_are_eof(void) {
  KVStore *kv = open_with("empty", NULL);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    CHECK_EQ(kvstore_iterator_eof(it), 1);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_last(it));
    CHECK_EQ(kvstore_iterator_eof(it), 1);
    CHECK_OK(kv, kvstore_iterator_prev(it));
    CHECK_EQ(kvstore_iterator_eof(it), 1);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "p", 1, &it))) CHECK_EQ(kvstore_iterator_eof(it), 1);
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "p", 1, &it))) CHECK_EQ(kvstore_iterator_eof(it), 1);
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_last_and_prev_on_forward_are_errors(void) {
  const char *keys[] = { "a", "b", NULL };
  KVStore *kv = open_with("dir", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_RC(kv, kvstore_iterator_last(it), KVSTORE_ERROR);
    CHECK_OK(kv, kvstore_iterator_first(it));
    CHECK_RC(kv, kvstore_iterator_prev(it), KVSTORE_ERROR);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "a", 1, &it))) {
    CHECK_RC(kv, kvstore_iterator_last(it), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_iterator_prev(it), KVSTORE_ERROR);
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_prefix_iterators(void) {
  const char *keys[] = { "app", "apple", "application", "apply", "apz", "user:1", "user:2",
                         "user:10", "users", "user", "zzz", NULL };
  KVStore *kv = open_with("prefix", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "user:", 5, &it))) {
    CHECK_EQ(kvstore_iterator_eof(it), 0);       /* pre-positioned */
    WALK_IS(it, 0, "user:1,user:10,user:2");
    CHECK_OK(kv, kvstore_iterator_first(it));    /* rewinds to the first match */
    WALK_IS(it, 0, "user:1,user:10,user:2");
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "app", 3, &it))) WALK_IS(it, 0, "app,apple,application,apply");
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "apple", 5, &it))) WALK_IS(it, 0, "apple");
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "user:", 5, &it))) {
    CHECK_EQ(kvstore_iterator_eof(it), 0);
    WALK_IS(it, 1, "user:2,user:10,user:1");
    CHECK_OK(kv, kvstore_iterator_last(it));
    WALK_IS(it, 1, "user:2,user:10,user:1");
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "user", 4, &it))) WALK_IS(it, 1, "users,user:2,user:10,user:1,user");
  kvstore_iterator_close(it);
  /* No match, and a prefix between existing keys. */
  it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "nomatch", 7, &it))) CHECK_EQ(kvstore_iterator_eof(it), 1);
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "apq", 3, &it))) CHECK_EQ(kvstore_iterator_eof(it), 1);
  kvstore_iterator_close(it);
  /* A prefix is required for the prefix creators. */
  it = (KVIterator *)1;
  CHECK_RC(kv, kvstore_prefix_iterator_create(kv, "a", 0, &it), KVSTORE_ERROR);
  CHECK(it == NULL);
  it = NULL;
  CHECK_RC(kv, kvstore_prefix_iterator_create(kv, NULL, 3, &it), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_reverse_prefix_iterator_create(kv, "a", 0, &it), KVSTORE_ERROR);
  kvstore_close(kv);
}

/* Prefix successor logic: trailing 0xFF bytes, and a prefix made only of 0xFF. */
static void test_binary_and_0xff_prefixes(void) {
  KVStore *kv = t_open(t_path("ff"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  static const unsigned char keys[][3] = {
    { 0xfe, 0, 0 }, { 0xff, 0, 0 }, { 0xff, 0x01, 0 }, { 0xff, 0xff, 0 }, { 0xff, 0xff, 0x00 },
    { 0x01, 0x02, 0x00 }, { 0x01, 0x02, 0x03 }, { 0x01, 0x02, 0xff }, { 0x01, 0x03, 0x00 }, { 0x01, 0x01, 0xff } };
  static const int lens[] = { 1, 1, 2, 2, 3, 3, 3, 3, 3, 3 };
  for (int i = 0; i < 10; i++) {
    unsigned char v = (unsigned char)i;
    CHECK_OK(kv, kvstore_put(kv, keys[i], lens[i], &v, 1));
  }
  /* Values tell which key we are on. */
  struct { const unsigned char *p; int n; int rev; const char *want; } cases[] = {
    { (const unsigned char *)"\xff", 1, 0, "1,2,3,4" },
    { (const unsigned char *)"\xff", 1, 1, "4,3,2,1" },
    { (const unsigned char *)"\xff\xff", 2, 1, "4,3" },
    { (const unsigned char *)"\xff\xff", 2, 0, "3,4" },
    { (const unsigned char *)"\x01\x02", 2, 0, "5,6,7" },
    { (const unsigned char *)"\x01\x02", 2, 1, "7,6,5" },
    { (const unsigned char *)"\x01", 1, 1, "8,7,6,5,9" },
  };
  for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    KVIterator *it = NULL;
    int rc = cases[c].rev ? kvstore_reverse_prefix_iterator_create(kv, cases[c].p, cases[c].n, &it)
                          : kvstore_prefix_iterator_create(kv, cases[c].p, cases[c].n, &it);
    if (!CHECK_OK(kv, rc)) continue;
    char got[64] = "";
    size_t len = 0;
    while (!kvstore_iterator_eof(it) && len < 50) {
      void *v;
      int n;
      if (kvstore_iterator_value(it, &v, &n) != KVSTORE_OK || n != 1) break;
      len += (size_t)snprintf(got + len, sizeof got - len, "%s%d", len ? "," : "", *(unsigned char *)v);
      cases[c].rev ? kvstore_iterator_prev(it) : kvstore_iterator_next(it);
    }
    if (!CHECK(strcmp(got, cases[c].want) == 0)) t_note("case %u: got %s want %s", c, got, cases[c].want);
    kvstore_iterator_close(it);
  }
  kvstore_close(kv);
}

static void test_seek_forward_and_reverse(void) {
  const char *keys[] = { "b", "d", "f", NULL };
  KVStore *kv = open_with("seek", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_seek(it, "d", 1));
    WALK_IS(it, 0, "d,f");
    CHECK_OK(kv, kvstore_iterator_seek(it, "c", 1));   /* between: next greater */
    WALK_IS(it, 0, "d,f");
    CHECK_OK(kv, kvstore_iterator_seek(it, "a", 1));   /* before first */
    WALK_IS(it, 0, "b,d,f");
    CHECK_OK(kv, kvstore_iterator_seek(it, "g", 1));   /* past last */
    CHECK_EQ(kvstore_iterator_eof(it), 1);
    CHECK_OK(kv, kvstore_iterator_seek(it, "bb", 2));  /* repeatable after eof */
    WALK_IS(it, 0, "d,f");
    CHECK_RC(kv, kvstore_iterator_seek(it, "b", 0), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_iterator_seek(it, NULL, 1), KVSTORE_ERROR);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_seek(it, "d", 1));
    WALK_IS(it, 1, "d,b");
    CHECK_OK(kv, kvstore_iterator_seek(it, "e", 1));   /* nearest smaller */
    WALK_IS(it, 1, "d,b");
    CHECK_OK(kv, kvstore_iterator_seek(it, "z", 1));
    WALK_IS(it, 1, "f,d,b");
    CHECK_OK(kv, kvstore_iterator_seek(it, "a", 1));   /* before first: nothing */
    CHECK_EQ(kvstore_iterator_eof(it), 1);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    /* A seek straight onto the last key: key() reports it. */
    CHECK_OK(kv, kvstore_iterator_seek(it, "f", 1));
    void *k;
    int n;
    if (CHECK_OK(kv, kvstore_iterator_key(it, &k, &n))) CHECK(n == 1 && *(char *)k == 'f');
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

/* D6: after seek the iterator is on the landed key; continuing starts there, not after. */
static void test_d6_seek_starts_at_landed_key(void) {
  const char *keys[] = { "a", "b", "c", "d", NULL };
  KVStore *kv = open_with("d6", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_seek(it, "b", 1));
    void *v;
    int n;
    if (CHECK_OK(kv, kvstore_iterator_value(it, &v, &n))) CHECK(n == 1 && *(char *)v == 'b');
    WALK_IS(it, 0, "b,c,d");
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_seek_respects_prefix_boundary(void) {
  const char *keys[] = { "a1", "b1", "b2", "b3", "c1", NULL };
  KVStore *kv = open_with("seekpfx", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "b", 1, &it))) {
    CHECK_OK(kv, kvstore_iterator_seek(it, "b2", 2));
    WALK_IS(it, 0, "b2,b3");
    CHECK_OK(kv, kvstore_iterator_seek(it, "b25", 3));
    WALK_IS(it, 0, "b3");
    CHECK_OK(kv, kvstore_iterator_seek(it, "c", 1));   /* beyond the prefix */
    CHECK_EQ(kvstore_iterator_eof(it), 1);
    CHECK_OK(kv, kvstore_iterator_seek(it, "a", 1));   /* lands on a1: outside, so the end */
    CHECK_EQ(kvstore_iterator_eof(it), 1);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "b", 1, &it))) {
    CHECK_OK(kv, kvstore_iterator_seek(it, "b2", 2));
    WALK_IS(it, 1, "b2,b1");
    CHECK_OK(kv, kvstore_iterator_seek(it, "c", 1));   /* last <= "c" is b3 */
    WALK_IS(it, 1, "b3,b2,b1");
    CHECK_OK(kv, kvstore_iterator_seek(it, "b", 1));   /* last <= "b" is a1: outside */
    CHECK_EQ(kvstore_iterator_eof(it), 1);
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

/* Writes through the same handle are seen by an open iterator: keys inserted ahead are
** visited, deleted ones skipped. */
static void test_live_view_of_own_writes(void) {
  KVStore *kv = t_open(t_path("live"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  for (int i = 0; i < 20; i += 2) {
    char k[8];
    snprintf(k, sizeof k, "k%02d", i);
    CHECK_OK(kv, t_put(kv, k, "v"));
  }
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    char got[256] = "";
    size_t len = 0;
    while (!kvstore_iterator_eof(it) && len < 200) {
      void *k;
      int n;
      if (!CHECK_OK(kv, kvstore_iterator_key(it, &k, &n))) break;
      char cur[8] = { 0 };
      memcpy(cur, k, n < 7 ? (size_t)n : 7);
      len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", len ? "," : "", cur);
      if (strcmp(cur, "k04") == 0) {
        CHECK_OK(kv, t_put(kv, "k05", "new"));
        CHECK_OK(kv, kvstore_delete(kv, "k06", 3));
      }
      if (strcmp(cur, "k10") == 0) CHECK_OK(kv, kvstore_delete(kv, "k10", 3));   /* the current key */
      kvstore_iterator_next(it);
    }
    if (!CHECK(strcmp(got, "k00,k02,k04,k05,k08,k10,k12,k14,k16,k18") == 0)) t_note("got %s", got);
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

/* The same, over many thousands of keys so the scan crosses many internal batches, in
** both directions; the iterator must match a model exactly. */
static void test_live_view_across_batches(void) {
  KVStore *kv = t_open(t_path("batches"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  enum { N = 6000 };
  static char present[N + 2];
  memset(present, 0, sizeof present);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int i = 0; i < N; i += 2) {
    char k[16];
    snprintf(k, sizeof k, "%06d", i);
    CHECK_OK(kv, t_put(kv, k, k));
    present[i] = 1;
  }
  CHECK_OK(kv, kvstore_commit(kv));
  for (int rev = 0; rev <= 1; rev++) {
    KVIterator *it = NULL;
    if (!CHECK_OK(kv, rev ? kvstore_reverse_iterator_create(kv, &it) : kvstore_iterator_create(kv, &it))) continue;
    CHECK_OK(kv, rev ? kvstore_iterator_last(it) : kvstore_iterator_first(it));
    int expect = rev ? N - 1 : 0, mismatches = 0, seen = 0;
    while (!kvstore_iterator_eof(it)) {
      while (expect >= 0 && expect < N && !present[expect]) expect += rev ? -1 : 1;
      void *k, *v;
      int nk, nv;
      if (kvstore_iterator_key(it, &k, &nk) != KVSTORE_OK || kvstore_iterator_value(it, &v, &nv) != KVSTORE_OK) { mismatches++; break; }
      char cur[16] = { 0 };
      memcpy(cur, k, nk < 15 ? (size_t)nk : 15);
      int at = atoi(cur);
      if (at != expect || nv != nk || memcmp(k, v, (size_t)nk) != 0) {
        if (mismatches++ < 3) t_note("rev=%d at %s expected %06d", rev, cur, expect);
      }
      seen++;
      /* Every 500 keys: add the next odd neighbour ahead and delete the one after it. */
      if (at % 500 == 0) {
        int add = rev ? at - 1 : at + 1, del = rev ? at - 2 : at + 2;
        char k2[16];
        if (add >= 0 && add < N) {
          snprintf(k2, sizeof k2, "%06d", add);
          CHECK_OK(kv, t_put(kv, k2, k2));
          present[add] = 1;
        }
        if (del >= 0 && del < N && present[del]) {
          snprintf(k2, sizeof k2, "%06d", del);
          CHECK_OK(kv, kvstore_delete(kv, k2, 6));
          present[del] = 0;
        }
      }
      expect = at + (rev ? -1 : 1);
      rev ? kvstore_iterator_prev(it) : kvstore_iterator_next(it);
    }
    while (expect >= 0 && expect < N && !present[expect]) expect += rev ? -1 : 1;
    CHECK(expect < 0 || expect >= N);   /* nothing left unvisited */
    CHECK_EQ(mismatches, 0);
    CHECK(seen >= 2990);
    kvstore_iterator_close(it);
  }
  kvstore_close(kv);
}

static void test_large_and_empty_values_through_iterator(void) {
  KVStore *kv = t_open(t_path("bigiter"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  unsigned char *big = malloc(200000);
  for (int i = 0; i < 200000; i++) big[i] = (unsigned char)(i % 251);
  unsigned char longkey[2000];
  memset(longkey, 'K', sizeof longkey);
  CHECK_OK(kv, kvstore_put(kv, "big", 3, big, 200000));
  CHECK_OK(kv, kvstore_put(kv, "empty", 5, NULL, 0));
  CHECK_OK(kv, kvstore_put(kv, longkey, 2000, "long-key", 8));
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));   /* "K..." sorts first */
    void *k, *v;
    int nk, nv;
    if (CHECK_OK(kv, kvstore_iterator_key(it, &k, &nk))) CHECK(nk == 2000 && memcmp(k, longkey, 2000) == 0);
    if (CHECK_OK(kv, kvstore_iterator_value(it, &v, &nv))) CHECK(nv == 8 && memcmp(v, "long-key", 8) == 0);
    kvstore_iterator_next(it);
    if (CHECK_OK(kv, kvstore_iterator_value(it, &v, &nv))) CHECK(nv == 200000 && memcmp(v, big, 200000) == 0);
    kvstore_iterator_next(it);
    if (CHECK_OK(kv, kvstore_iterator_value(it, &v, &nv))) CHECK_EQ(nv, 0);
    kvstore_iterator_next(it);
    CHECK(kvstore_iterator_eof(it));
  }
  kvstore_iterator_close(it);
  free(big);
  kvstore_close(kv);
}

static void test_iterator_sees_own_txn_writes(void) {
  const char *keys[] = { "a", NULL };
  KVStore *kv = open_with("txit", keys);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, t_put(kv, "b", "b"));
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    WALK_IS(it, 0, "a,b");
  }
  kvstore_iterator_close(it);
  CHECK_OK(kv, kvstore_rollback(kv));
  it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    WALK_IS(it, 0, "a");
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_expired_keys_are_skipped(void) {
  KVStore *kv = t_open(t_path("exp"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  int64_t later = kvstore_now_ms() + 3600000;
  CHECK_OK(kv, kvstore_put_ttl(kv, "a", 1, "a", 1, 1));
  CHECK_OK(kv, t_put(kv, "b", "b"));
  CHECK_OK(kv, kvstore_put_ttl(kv, "c", 1, "c", 1, 1));
  CHECK_OK(kv, kvstore_put_ttl(kv, "d", 1, "d", 1, later));
  CHECK_OK(kv, kvstore_put_ttl(kv, "e", 1, "e", 1, 1));
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    WALK_IS(it, 0, "b,d");
    CHECK_OK(kv, kvstore_iterator_seek(it, "a", 1));
    WALK_IS(it, 0, "b,d");
    CHECK_OK(kv, kvstore_iterator_seek(it, "c", 1));
    WALK_IS(it, 0, "d");
    CHECK_OK(kv, kvstore_iterator_seek(it, "e", 1));
    CHECK_EQ(kvstore_iterator_eof(it), 1);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_last(it));
    WALK_IS(it, 1, "d,b");
    CHECK_OK(kv, kvstore_iterator_seek(it, "c", 1));
    WALK_IS(it, 1, "b");
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "a", 1, &it))) CHECK_EQ(kvstore_iterator_eof(it), 1);
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "e", 1, &it))) CHECK_EQ(kvstore_iterator_eof(it), 1);
  kvstore_iterator_close(it);
  CHECK_EQ(t_count(kv), 5);   /* skipped, not deleted */
  kvstore_close(kv);
}

/* Ten namespaces of 1000 keys: every prefix scan, forward and reverse, counts exactly. */
static void test_large_scale_prefix_counts(void) {
  KVStore *kv = t_open(t_path("nspace"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_begin(kv, 1));
  for (int ns = 0; ns < 10; ns++)
    for (int i = 0; i < 1000; i++) {
      char k[32];
      snprintf(k, sizeof k, "ns%d:%04d", ns, i);
      CHECK_OK(kv, t_put(kv, k, "v"));
    }
  CHECK_OK(kv, kvstore_commit(kv));
  for (int ns = 0; ns < 10; ns++) {
    char pfx[8];
    snprintf(pfx, sizeof pfx, "ns%d:", ns);
    for (int rev = 0; rev <= 1; rev++) {
      KVIterator *it = NULL;
      int rc = rev ? kvstore_reverse_prefix_iterator_create(kv, pfx, 4, &it)
                   : kvstore_prefix_iterator_create(kv, pfx, 4, &it);
      if (!CHECK_OK(kv, rc)) continue;
      int n = 0;
      while (!kvstore_iterator_eof(it) && n < 2000) {
        n++;
        rev ? kvstore_iterator_prev(it) : kvstore_iterator_next(it);
      }
      CHECK_EQ(n, 1000);
      kvstore_iterator_close(it);
    }
  }
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "ns3:05", 6, &it))) {   /* sub-prefix */
    int n = 0;
    for (; !kvstore_iterator_eof(it); kvstore_iterator_next(it)) n++;
    CHECK_EQ(n, 100);
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

/* When every key is expired, iterators are at eof at once. */
static void test_all_expired_is_empty(void) {
  KVStore *kv = t_open(t_path("allexp"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  for (int i = 0; i < 600; i++) {   /* more than one internal batch of expired keys */
    char k[16];
    snprintf(k, sizeof k, "e%04d", i);
    CHECK_OK(kv, kvstore_put_ttl(kv, k, (int)strlen(k), "v", 1, 1));
  }
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    CHECK_EQ(kvstore_iterator_eof(it), 1);
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "e", 1, &it))) CHECK_EQ(kvstore_iterator_eof(it), 1);
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

static void test_cf_iterator_creators(void) {
  KVStore *kv = t_open(t_path("cfit"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  if (!CHECK_OK(kv, kvstore_cf_create(kv, "f", &cf))) { kvstore_close(kv); return; }
  const char *keys[] = { "x1", "x2", "y1", NULL };
  for (int i = 0; keys[i]; i++) CHECK_OK(kv, t_cfput(cf, keys[i], keys[i]));
  CHECK_OK(kv, t_put(kv, "x0", "default"));
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_cf_iterator_create(cf, &it))) {
    CHECK_OK(kv, kvstore_iterator_first(it));
    WALK_IS(it, 0, "x1,x2,y1");
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_cf_reverse_iterator_create(cf, &it))) {
    CHECK_OK(kv, kvstore_iterator_last(it));
    WALK_IS(it, 1, "y1,x2,x1");
  }
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_cf_prefix_iterator_create(cf, "x", 1, &it))) WALK_IS(it, 0, "x1,x2");
  kvstore_iterator_close(it);
  it = NULL;
  if (CHECK_OK(kv, kvstore_cf_reverse_prefix_iterator_create(cf, "x", 1, &it))) WALK_IS(it, 1, "x2,x1");
  kvstore_iterator_close(it);
  CHECK_RC(kv, kvstore_cf_prefix_iterator_create(cf, "x", 0, &it), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_reverse_prefix_iterator_create(cf, NULL, 1, &it), KVSTORE_ERROR);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Each of the eight creators counts one iteration. */
static void test_creators_count_iterations(void) {
  KVStore *kv = t_open(t_path("nit"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  if (!CHECK_OK(kv, kvstore_cf_get_default(kv, &cf))) { kvstore_close(kv); return; }
  CHECK_OK(kv, kvstore_stats_reset(kv));
  KVIterator *its[8] = { 0 };
  CHECK_OK(kv, kvstore_iterator_create(kv, &its[0]));
  CHECK_OK(kv, kvstore_cf_iterator_create(cf, &its[1]));
  CHECK_OK(kv, kvstore_reverse_iterator_create(kv, &its[2]));
  CHECK_OK(kv, kvstore_cf_reverse_iterator_create(cf, &its[3]));
  CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "p", 1, &its[4]));
  CHECK_OK(kv, kvstore_cf_prefix_iterator_create(cf, "p", 1, &its[5]));
  CHECK_OK(kv, kvstore_reverse_prefix_iterator_create(kv, "p", 1, &its[6]));
  CHECK_OK(kv, kvstore_cf_reverse_prefix_iterator_create(cf, "p", 1, &its[7]));
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(s.nIterations, 8);
  for (int i = 0; i < 8; i++) kvstore_iterator_close(its[i]);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Closing the store with an iterator still open is safe; closing that iterator after the
** store is a harmless no-op. NULL iterators are harmless too. */
static void test_iterator_close_null_and_after_store_close(void) {
  kvstore_iterator_close(NULL);
  CHECK_EQ(kvstore_iterator_eof(NULL), 1);
  const char *keys[] = { "a", NULL };
  KVStore *kv = open_with("dangle", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  CHECK_OK(kv, kvstore_iterator_create(kv, &it));
  if (it) CHECK_OK(kv, kvstore_iterator_first(it));
  CHECK_OK(kv, kvstore_close(kv));
  kvstore_iterator_close(it);
}

static void test_key_pointer_is_stable_until_move(void) {
  const char *keys[] = { "first", "second", NULL };
  KVStore *kv = open_with("stable", keys);
  if (!kv) return;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) {
    kvstore_iterator_first(it);
    void *k1, *v1, *k2;
    int n1, nv1, n2;
    CHECK_OK(kv, kvstore_iterator_key(it, &k1, &n1));
    CHECK_OK(kv, kvstore_iterator_value(it, &v1, &nv1));
    CHECK_OK(kv, kvstore_iterator_key(it, &k2, &n2));   /* repeated reads agree */
    CHECK(n1 == 5 && memcmp(k1, "first", 5) == 0 && nv1 == 5 && memcmp(v1, "first", 5) == 0);
    CHECK(n2 == 5 && memcmp(k2, "first", 5) == 0);
  }
  kvstore_iterator_close(it);
  kvstore_close(kv);
}

int main(void) {
  t_setup("iter");
  RUN(test_forward_order_is_bytewise);
  RUN(test_reverse_is_exact_reverse_of_forward);
  RUN(test_unpositioned_until_first_or_last);
  RUN(test_empty_store_iterators_are_eof);
  RUN(test_last_and_prev_on_forward_are_errors);
  RUN(test_prefix_iterators);
  RUN(test_binary_and_0xff_prefixes);
  RUN(test_seek_forward_and_reverse);
  RUN(test_d6_seek_starts_at_landed_key);
  RUN(test_seek_respects_prefix_boundary);
  RUN(test_live_view_of_own_writes);
  RUN(test_live_view_across_batches);
  RUN(test_large_and_empty_values_through_iterator);
  RUN(test_iterator_sees_own_txn_writes);
  RUN(test_expired_keys_are_skipped);
  RUN(test_large_scale_prefix_counts);
  RUN(test_all_expired_is_empty);
  RUN(test_cf_iterator_creators);
  RUN(test_creators_count_iterations);
  RUN(test_iterator_close_null_and_after_store_close);
  RUN(test_key_pointer_is_stable_until_move);
  return t_finish();
}
