/*
** test_basic.c — opening stores and the plain key/value calls on the default family:
** open variants and configs (D1), put/get/delete/exists/put_if_absent, edge keys and
** values, size limits (success side), persistence, journal-mode switches, memory helpers.
** Error paths of the same calls live in test_errors.c.
*/
#include "testutil.h"

/* Header bytes of a closed store file (page size, journal mode). */
static int hdr_u16(const char *path, int off) {
  long long n;
  unsigned char *b = t_read_file(path, &n);
  int v = -1;
  if (b && n >= 100) v = (b[off] << 8) | b[off + 1];
  free(b);
  return v;
}
static int hdr_byte(const char *path, int off) {
  long long n;
  unsigned char *b = t_read_file(path, &n);
  int v = -1;
  if (b && n >= 100) v = b[off];
  free(b);
  return v;
}

static void test_open_close_wal_and_delete(void) {
  for (int mode = 0; mode <= 1; mode++) {
    const char *p = t_path("openclose");
    KVStore *kv = NULL;
    if (!CHECK_OK(NULL, kvstore_open(p, &kv, mode))) continue;
    CHECK(kv != NULL);
    CHECK_OK(kv, t_put(kv, "k", "v"));
    CHECK_VAL(kv, "k", "v");
    CHECK_OK(kv, kvstore_close(kv));
    CHECK_EQ(hdr_byte(p, 18), mode == KVSTORE_JOURNAL_WAL ? 2 : 1);
    CHECK_EQ(hdr_byte(p, 19), mode == KVSTORE_JOURNAL_WAL ? 2 : 1);
    /* A clean close leaves a single file. */
    CHECK(!t_file_exists(t_sidecar(p, "-wal")));
    CHECK(!t_file_exists(t_sidecar(p, "-journal")));
  }
}

static void test_close_null_is_ok(void) {
  CHECK_OK(NULL, kvstore_close(NULL));
}

static void test_d1_null_config_gives_wal_defaults(void) {
  const char *p = t_path("d1null");
  KVStore *kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, NULL))) return;
  CHECK_OK(kv, t_put(kv, "a", "b"));
  CHECK(t_file_exists(t_sidecar(p, "-wal")));   /* WAL while open */
  CHECK_OK(kv, kvstore_close(kv));
  CHECK_EQ(hdr_byte(p, 18), 2);
  CHECK_EQ(hdr_u16(p, 16), 4096);
}

static void test_d1_config_default_fills_documented_values(void) {
  KVStoreConfig c;
  memset(&c, 0x7f, sizeof c);
  snkv_config_default(&c);
  CHECK_EQ(c.journalMode, KVSTORE_JOURNAL_WAL);
  CHECK_EQ(c.syncLevel, KVSTORE_SYNC_NORMAL);
  CHECK_EQ(c.cacheSize, 2000);
  CHECK_EQ(c.pageSize, 4096);
  CHECK_EQ(c.readOnly, 0);
  CHECK_EQ(c.busyTimeout, 0);
  CHECK_EQ(c.walSizeLimit, 0);
  CHECK_EQ(c.fullMutex, 0);
}

/* journalMode/syncLevel are literal (0 = DELETE / OFF); every other zero field takes its
** default, so a zeroed config still gives 4096-byte pages and a working cache. */
static void test_d1_zero_fields_take_defaults(void) {
  const char *p = t_path("d1zero");
  KVStoreConfig c;
  memset(&c, 0, sizeof c);
  KVStore *kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return;
  for (int i = 0; i < 500; i++) {
    char k[16];
    snprintf(k, sizeof k, "key%04d", i);
    if (!CHECK_OK(kv, t_put(kv, k, "value"))) break;
  }
  CHECK_EQ(t_count(kv), 500);
  CHECK(!t_file_exists(t_sidecar(p, "-wal")));   /* literal 0 = DELETE journal */
  CHECK_OK(kv, kvstore_close(kv));
  CHECK_EQ(hdr_u16(p, 16), 4096);
  CHECK_EQ(hdr_byte(p, 18), 1);
}

static void test_page_sizes_for_new_files(void) {
  static const int sizes[] = { 512, 1024, 8192, 16384, 65536 };
  for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    const char *p = t_path("pgsz");
    KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
    c.pageSize = sizes[i];
    c.cacheSize = 100;
    KVStore *kv = NULL;
    if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) continue;
    char big[3000];
    memset(big, 'x', sizeof big);
    for (int j = 0; j < 50; j++) {
      char k[16];
      snprintf(k, sizeof k, "k%02d", j);
      CHECK_OK(kv, kvstore_put(kv, k, (int)strlen(k), big, (int)sizeof big));
    }
    CHECK_OK(kv, kvstore_close(kv));
    /* Page size 65536 is stored as 1 in the header. */
    CHECK_EQ(hdr_u16(p, 16), sizes[i] == 65536 ? 1 : sizes[i]);
    /* The page size of an existing file wins over the config. */
    c.pageSize = 4096;
    kv = NULL;
    if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) continue;
    CHECK_EQ(t_count(kv), 50);
    CHECK_OK(kv, t_integrity(kv));
    kvstore_close(kv);
    CHECK_EQ(hdr_u16(p, 16), sizes[i] == 65536 ? 1 : sizes[i]);
  }
}

static void test_sync_levels_and_cache_sizes_work(void) {
  for (int sync = 0; sync <= 2; sync++) {
    for (int jm = 0; jm <= 1; jm++) {
      const char *p = t_path("sync");
      KVStoreConfig c = t_cfg(jm);
      c.syncLevel = sync;
      c.cacheSize = sync == 0 ? 10 : 8000;
      KVStore *kv = NULL;
      if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) continue;
      CHECK_OK(kv, t_put(kv, "k", "v"));
      CHECK_OK(kv, kvstore_close(kv));
      kv = t_open(p, jm);
      if (!kv) continue;
      CHECK_VAL(kv, "k", "v");
      kvstore_close(kv);
    }
  }
}

static void test_in_memory_paths(void) {
  const char *paths[] = { NULL, "", ":memory:" };
  for (int i = 0; i < 3; i++) {
    KVStore *kv = NULL;
    if (!CHECK_OK(NULL, kvstore_open(paths[i], &kv, KVSTORE_JOURNAL_WAL))) continue;
    CHECK_OK(kv, t_put(kv, "mem", "ory"));
    CHECK_VAL(kv, "mem", "ory");
    int nLog = -1, nCk = -1;
    CHECK_OK(kv, kvstore_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, &nLog, &nCk));
    CHECK_EQ(nLog, 0);
    CHECK_EQ(nCk, 0);
    CHECK_OK(kv, t_integrity(kv));
    CHECK_OK(kv, kvstore_close(kv));
  }
  CHECK(!t_file_exists(":memory:"));
}

static void test_put_get_delete_exists(void) {
  KVStore *kv = t_open(t_path("crud"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  int ex = -1;
  CHECK_OK(kv, kvstore_exists(kv, "x", 1, &ex));
  CHECK_EQ(ex, 0);
  CHECK_OK(kv, t_put(kv, "x", "1"));
  CHECK_OK(kv, kvstore_exists(kv, "x", 1, &ex));
  CHECK_EQ(ex, 1);
  CHECK_VAL(kv, "x", "1");
  CHECK_OK(kv, t_put(kv, "x", "longer value"));
  CHECK_VAL(kv, "x", "longer value");
  CHECK_OK(kv, t_put(kv, "x", "s"));
  CHECK_VAL(kv, "x", "s");
  CHECK_EQ(t_count(kv), 1);
  CHECK_OK(kv, kvstore_delete(kv, "x", 1));
  CHECK_OK(kv, kvstore_exists(kv, "x", 1, &ex));
  CHECK_EQ(ex, 0);
  void *v = (void *)1;
  int n = -1;
  CHECK_RC(kv, kvstore_get(kv, "x", 1, &v, &n), KVSTORE_NOTFOUND);
  CHECK(v == NULL);
  CHECK_EQ(n, 0);
  CHECK_OK(kv, t_put(kv, "x", "again"));   /* put after delete */
  CHECK_VAL(kv, "x", "again");
  kvstore_close(kv);
}

/* The reference C contract: deleting a missing key reports NOTFOUND (the FFI call
** returns 0 instead; see test_ffi.c). */
static void test_d4_kvstore_delete_missing_is_notfound(void) {
  KVStore *kv = t_open(t_path("delmiss"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_RC(kv, kvstore_delete(kv, "nope", 4), KVSTORE_NOTFOUND);
  CHECK_OK(kv, t_put(kv, "yes", "1"));
  CHECK_RC(kv, kvstore_delete(kv, "nope", 4), KVSTORE_NOTFOUND);
  CHECK_OK(kv, kvstore_delete(kv, "yes", 3));
  CHECK_RC(kv, kvstore_delete(kv, "yes", 3), KVSTORE_NOTFOUND);
  kvstore_close(kv);
}

static void test_overwrite_100_times_last_wins(void) {
  const char *p = t_path("ow");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  char v[32];
  for (int i = 0; i < 100; i++) {
    snprintf(v, sizeof v, "value-%d", i);
    CHECK_OK(kv, t_put(kv, "k", v));
  }
  CHECK_VAL(kv, "k", "value-99");
  CHECK_EQ(t_count(kv), 1);
  kvstore_close(kv);
  kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK_VAL(kv, "k", "value-99");
  kvstore_close(kv);
}

static void test_binary_keys_and_values(void) {
  KVStore *kv = t_open(t_path("bin"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  unsigned char key[256], val[256];
  for (int i = 0; i < 256; i++) { key[i] = (unsigned char)i; val[i] = (unsigned char)(255 - i); }
  CHECK_OK(kv, kvstore_put(kv, key, 256, val, 256));
  /* Keys with embedded NULs are distinct by length and bytes. */
  const unsigned char k1[] = { 0 }, k2[] = { 0, 0 }, k3[] = { 'a', 0, 'b' }, kff[] = { 0xff };
  CHECK_OK(kv, kvstore_put(kv, k1, 1, "one", 3));
  CHECK_OK(kv, kvstore_put(kv, k2, 2, "two", 3));
  CHECK_OK(kv, kvstore_put(kv, k3, 3, "three", 5));
  CHECK_OK(kv, kvstore_put(kv, kff, 1, "ff", 2));
  void *p = NULL;
  int n = 0;
  if (CHECK_OK(kv, kvstore_get(kv, key, 256, &p, &n))) {
    CHECK_EQ(n, 256);
    CHECK(memcmp(p, val, 256) == 0);
  }
  snkv_free(p); p = NULL;
  if (CHECK_OK(kv, kvstore_get(kv, k2, 2, &p, &n))) CHECK(n == 3 && memcmp(p, "two", 3) == 0);
  snkv_free(p); p = NULL;
  if (CHECK_OK(kv, kvstore_get(kv, k3, 3, &p, &n))) CHECK(n == 5 && memcmp(p, "three", 5) == 0);
  snkv_free(p); p = NULL;
  if (CHECK_OK(kv, kvstore_get(kv, kff, 1, &p, &n))) CHECK(n == 2 && memcmp(p, "ff", 2) == 0);
  snkv_free(p); p = NULL;
  CHECK_RC(kv, kvstore_get(kv, "a", 1, &p, &n), KVSTORE_NOTFOUND);   /* prefix of k3 */
  CHECK_EQ(t_count(kv), 5);
  kvstore_close(kv);
}

/* An empty value may be passed as (NULL, 0) and reads back with length 0. */
static void test_empty_value_roundtrip(void) {
  KVStore *kv = t_open(t_path("empty"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_put(kv, "e", 1, NULL, 0));
  CHECK_OK(kv, kvstore_put(kv, "f", 1, "", 0));
  void *p = (void *)1;
  int n = -1;
  CHECK_OK(kv, kvstore_get(kv, "e", 1, &p, &n));
  CHECK_EQ(n, 0);
  snkv_free(p);
  int ex = 0;
  CHECK_OK(kv, kvstore_exists(kv, "f", 1, &ex));
  CHECK_EQ(ex, 1);
  kvstore_close(kv);
}

/* Limits are inclusive: a 65536-byte key and a 10 MiB value are accepted. */
static void test_max_key_and_value_accepted(void) {
  const char *path = t_path("limits");
  KVStore *kv = t_open(path, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  unsigned char *key = malloc(KVSTORE_MAX_KEY_SIZE);
  unsigned char *val = malloc(KVSTORE_MAX_VALUE_SIZE);
  for (int i = 0; i < KVSTORE_MAX_KEY_SIZE; i++) key[i] = (unsigned char)(i * 7);
  for (int i = 0; i < KVSTORE_MAX_VALUE_SIZE; i++) val[i] = (unsigned char)(i * 13 + 1);
  CHECK_OK(kv, kvstore_put(kv, key, KVSTORE_MAX_KEY_SIZE, "v", 1));
  CHECK_OK(kv, kvstore_put(kv, "bigv", 4, val, KVSTORE_MAX_VALUE_SIZE));
  CHECK_OK(kv, kvstore_put(kv, key, 1000, val, 1000000));   /* 1 KB key + 1 MB value */
  kvstore_close(kv);
  kv = t_open(path, KVSTORE_JOURNAL_WAL);
  if (!kv) goto done;
  void *p = NULL;
  int n = 0;
  if (CHECK_OK(kv, kvstore_get(kv, key, KVSTORE_MAX_KEY_SIZE, &p, &n))) CHECK(n == 1 && ((char *)p)[0] == 'v');
  snkv_free(p); p = NULL;
  if (CHECK_OK(kv, kvstore_get(kv, "bigv", 4, &p, &n))) {
    CHECK_EQ(n, KVSTORE_MAX_VALUE_SIZE);
    CHECK(memcmp(p, val, KVSTORE_MAX_VALUE_SIZE) == 0);
  }
  snkv_free(p); p = NULL;
  if (CHECK_OK(kv, kvstore_get(kv, key, 1000, &p, &n))) CHECK(n == 1000000 && memcmp(p, val, 1000000) == 0);
  snkv_free(p);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
done:
  free(key);
  free(val);
}

static void test_growing_value_sizes(void) {
  KVStore *kv = t_open(t_path("grow"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  unsigned char *buf = malloc(512 * 1024);
  for (int i = 0; i < 512 * 1024; i++) buf[i] = (unsigned char)(i ^ (i >> 8));
  for (int sz = 1; sz <= 512 * 1024; sz *= 2) {
    char k[16];
    snprintf(k, sizeof k, "s%07d", sz);
    CHECK_OK(kv, kvstore_put(kv, k, (int)strlen(k), buf, sz));
  }
  for (int sz = 1; sz <= 512 * 1024; sz *= 2) {
    char k[16];
    snprintf(k, sizeof k, "s%07d", sz);
    void *p = NULL;
    int n = 0;
    if (CHECK_OK(kv, kvstore_get(kv, k, (int)strlen(k), &p, &n))) CHECK(n == sz && memcmp(p, buf, (size_t)sz) == 0);
    snkv_free(p);
  }
  /* Shrinking a value that used overflow pages keeps the store consistent. */
  CHECK_OK(kv, kvstore_put(kv, "s0524288", 8, "tiny", 4));
  CHECK_VAL(kv, "s0524288", "tiny");
  CHECK_OK(kv, t_integrity(kv));
  free(buf);
  kvstore_close(kv);
}

static void test_persistence_across_reopen(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("persist");
    KVStore *kv = t_open(p, jm);
    if (!kv) continue;
    for (int i = 0; i < 100; i++) {
      char k[16], v[16];
      snprintf(k, sizeof k, "k%03d", i);
      snprintf(v, sizeof v, "v%03d", i);
      CHECK_OK(kv, t_put(kv, k, v));
    }
    kvstore_close(kv);
    for (int cycle = 0; cycle < 20; cycle++) {   /* rapid reopen cycles */
      kv = t_open(p, jm);
      if (!kv) break;
      char k[16];
      snprintf(k, sizeof k, "cycle%02d", cycle);
      CHECK_OK(kv, t_put(kv, k, "x"));
      kvstore_close(kv);
    }
    kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_EQ(t_count(kv), 120);
    CHECK_VAL(kv, "k000", "v000");
    CHECK_VAL(kv, "k099", "v099");
    CHECK_VAL(kv, "cycle19", "x");
    kvstore_close(kv);
  }
}

/* The mode is chosen per open; data written in each mode survives the switches, and a
** read-write open rewrites header bytes 18/19 to the requested mode. */
static void test_mode_switch_delete_wal_delete(void) {
  const char *p = t_path("switch");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "d1", "x"));
  kvstore_close(kv);
  CHECK_EQ(hdr_byte(p, 18), 1);
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "w", "y"));
  kvstore_close(kv);
  CHECK_EQ(hdr_byte(p, 18), 2);
  CHECK_EQ(hdr_byte(p, 19), 2);
  kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "d2", "z"));
  CHECK_VAL(kv, "d1", "x");
  CHECK_VAL(kv, "w", "y");
  kvstore_close(kv);
  CHECK_EQ(hdr_byte(p, 18), 1);
  CHECK_EQ(hdr_byte(p, 19), 1);
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_VAL(kv, "d2", "z");
  CHECK_EQ(t_count(kv), 3);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* A write storm in 1000-key transactions, a full scan, then half deleted in one
** transaction (both journal modes). */
static void test_write_storm_and_bulk_delete(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("storm");
    KVStore *kv = t_open(p, jm);
    if (!kv) continue;
    enum { N = 50000 };
    int bad = 0;
    for (int b = 0; b < N / 1000 && !bad; b++) {
      bad |= kvstore_begin(kv, 1);
      for (int i = b * 1000; i < (b + 1) * 1000; i++) {
        char k[16], v[40];
        snprintf(k, sizeof k, "key_%08d", i);
        snprintf(v, sizeof v, "value_%08d_padding", i);
        bad |= t_put(kv, k, v);
      }
      bad |= kvstore_commit(kv);
    }
    CHECK_EQ(bad, 0);
    KVIterator *it = NULL;
    if (CHECK_OK(kv, kvstore_iterator_create(kv, &it))) CHECK_EQ(t_iter_count(it), N);
    kvstore_iterator_close(it);
    CHECK_OK(kv, kvstore_begin(kv, 1));
    for (int i = 0; i < N / 2; i++) {
      char k[16];
      snprintf(k, sizeof k, "key_%08d", i);
      bad |= kvstore_delete(kv, k, (int)strlen(k));
    }
    CHECK_OK(kv, kvstore_commit(kv));
    CHECK_EQ(bad, 0);
    kvstore_close(kv);
    kv = t_open(p, jm);
    if (!kv) continue;
    CHECK_EQ(t_count(kv), N / 2);
    CHECK_VAL(kv, "key_00000000", NULL);
    CHECK_VAL(kv, "key_00049999", "value_00049999_padding");
    CHECK_OK(kv, t_integrity(kv));
    kvstore_close(kv);
  }
}

static void test_put_if_absent_basics(void) {
  KVStore *kv = t_open(t_path("pia"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  int ins = -1;
  CHECK_OK(kv, kvstore_put_if_absent(kv, "k", 1, "first", 5, 0, &ins));
  CHECK_EQ(ins, 1);
  CHECK_OK(kv, kvstore_put_if_absent(kv, "k", 1, "second", 6, 0, &ins));
  CHECK_EQ(ins, 0);
  CHECK_VAL(kv, "k", "first");
  CHECK_OK(kv, kvstore_put_if_absent(kv, "n", 1, "v", 1, 0, NULL));   /* NULL out is allowed */
  CHECK_VAL(kv, "n", "v");
  CHECK_OK(kv, kvstore_put_if_absent(kv, "n", 1, "w", 1, 0, NULL));
  CHECK_VAL(kv, "n", "v");
  /* Inside one transaction: inserted once, then seen as present. */
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, kvstore_put_if_absent(kv, "t", 1, "a", 1, 0, &ins));
  CHECK_EQ(ins, 1);
  CHECK_OK(kv, kvstore_put_if_absent(kv, "t", 1, "b", 1, 0, &ins));
  CHECK_EQ(ins, 0);
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_VAL(kv, "t", "a");
  kvstore_close(kv);
}

static void test_memory_helpers(void) {
  unsigned char *p = snkv_malloc(100);
  if (CHECK(p != NULL)) {
    int zero = 1;
    for (int i = 0; i < 100; i++) zero &= p[i] == 0;
    CHECK(zero);
    memset(p, 0xab, 100);
  }
  snkv_free(p);
  snkv_free(NULL);
  sqliteFree(NULL);
}

static void test_now_ms_is_wall_clock(void) {
  int64_t a = kvstore_now_ms();
  double b = t_now_ms();
  CHECK(a > 1600000000000LL);
  CHECK(a - (int64_t)b < 2000 && (int64_t)b - a < 2000);
}

int main(void) {
  t_setup("basic");
  RUN(test_open_close_wal_and_delete);
  RUN(test_close_null_is_ok);
  RUN(test_d1_null_config_gives_wal_defaults);
  RUN(test_d1_config_default_fills_documented_values);
  RUN(test_d1_zero_fields_take_defaults);
  RUN(test_page_sizes_for_new_files);
  RUN(test_sync_levels_and_cache_sizes_work);
  RUN(test_in_memory_paths);
  RUN(test_put_get_delete_exists);
  RUN(test_d4_kvstore_delete_missing_is_notfound);
  RUN(test_overwrite_100_times_last_wins);
  RUN(test_binary_keys_and_values);
  RUN(test_empty_value_roundtrip);
  RUN(test_max_key_and_value_accepted);
  RUN(test_growing_value_sizes);
  RUN(test_persistence_across_reopen);
  RUN(test_mode_switch_delete_wal_delete);
  RUN(test_write_storm_and_bulk_delete);
  RUN(test_put_if_absent_basics);
  RUN(test_memory_helpers);
  RUN(test_now_ms_is_wall_clock);
  return t_finish();
}
