/*
** test_errors.c — error paths of the reference API (spec §2.14): argument validation and
** size limits, NULL handles, opening things that are not stores, read-only stores, and
** error reporting (D12): primary codes only, and a message that names the failure that
** just happened — never stale, never "no error".
*/
#include "testutil.h"

static int msg_is_real(KVStore *kv) {
  const char *m = kvstore_errmsg(kv);
  return m && *m && strcmp(m, "no error") != 0 && strcmp(m, "not an error") != 0;
}

static void test_invalid_keys_are_errors(void) {
  KVStore *kv = t_open(t_path("keys"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  if (!CHECK_OK(kv, kvstore_cf_get_default(kv, &cf))) { kvstore_close(kv); return; }
  unsigned char *huge = calloc(1, KVSTORE_MAX_KEY_SIZE + 1);
  void *v = NULL;
  int n = 0, ex = 0, ins = 0;
  int64_t rem = 0;
  struct { const void *k; int n; } bad[] = { { NULL, 1 }, { "k", 0 }, { "k", -1 }, { NULL, 0 } };
  for (int i = 0; i < 4; i++) {
    const void *k = bad[i].k;
    int nk = bad[i].n;
    CHECK_RC(kv, kvstore_put(kv, k, nk, "v", 1), KVSTORE_ERROR);
    CHECK(msg_is_real(kv));
    CHECK_RC(kv, kvstore_get(kv, k, nk, &v, &n), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_delete(kv, k, nk), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_exists(kv, k, nk, &ex), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_put_if_absent(kv, k, nk, "v", 1, 0, &ins), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_put_ttl(kv, k, nk, "v", 1, 0), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_get_ttl(kv, k, nk, &v, &n, &rem), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_ttl_remaining(kv, k, nk, &rem), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_put(cf, k, nk, "v", 1), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_get(cf, k, nk, &v, &n), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_delete(cf, k, nk), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_exists(cf, k, nk, &ex), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_put_if_absent(cf, k, nk, "v", 1, 0, &ins), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_put_ttl(cf, k, nk, "v", 1, 0), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_get_ttl(cf, k, nk, &v, &n, &rem), KVSTORE_ERROR);
    CHECK_RC(kv, kvstore_cf_ttl_remaining(cf, k, nk, &rem), KVSTORE_ERROR);
  }
  /* One byte over the key limit. */
  CHECK_RC(kv, kvstore_put(kv, huge, KVSTORE_MAX_KEY_SIZE + 1, "v", 1), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_put(cf, huge, KVSTORE_MAX_KEY_SIZE + 1, "v", 1), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_put_ttl(kv, huge, KVSTORE_MAX_KEY_SIZE + 1, "v", 1, 0), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_put_if_absent(kv, huge, KVSTORE_MAX_KEY_SIZE + 1, "v", 1, 0, &ins), KVSTORE_ERROR);
  CHECK_OK(kv, kvstore_put(kv, huge, KVSTORE_MAX_KEY_SIZE, "v", 1));
  CHECK_EQ(t_count(kv), 1);   /* nothing else was written */
  free(huge);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

static void test_invalid_values_are_errors(void) {
  KVStore *kv = t_open(t_path("vals"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  if (!CHECK_OK(kv, kvstore_cf_create(kv, "f", &cf))) { kvstore_close(kv); return; }
  unsigned char *big = calloc(1, KVSTORE_MAX_VALUE_SIZE + 1);
  int ins = 0;
  CHECK_RC(kv, kvstore_put(kv, "k", 1, big, KVSTORE_MAX_VALUE_SIZE + 1), KVSTORE_ERROR);
  CHECK(msg_is_real(kv));
  CHECK_RC(kv, kvstore_cf_put(cf, "k", 1, big, KVSTORE_MAX_VALUE_SIZE + 1), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_put_ttl(kv, "k", 1, big, KVSTORE_MAX_VALUE_SIZE + 1, 0), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_put_if_absent(kv, "k", 1, big, KVSTORE_MAX_VALUE_SIZE + 1, 0, &ins), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_put(kv, "k", 1, NULL, 5), KVSTORE_ERROR);     /* NULL with a length */
  CHECK_RC(kv, kvstore_put(kv, "k", 1, "v", -1), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_put(cf, "k", 1, NULL, 5), KVSTORE_ERROR);
  CHECK_OK(kv, kvstore_put(kv, "k", 1, big, KVSTORE_MAX_VALUE_SIZE));
  CHECK_EQ(t_count(kv), 1);
  free(big);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

static void test_missing_out_pointers_are_errors(void) {
  KVStore *kv = t_open(t_path("outs"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  kvstore_cf_get_default(kv, &cf);
  CHECK_OK(kv, t_put(kv, "k", "v"));
  void *v = NULL;
  int n = 0;
  CHECK_RC(kv, kvstore_get(kv, "k", 1, NULL, &n), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_get(kv, "k", 1, &v, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_get(cf, "k", 1, NULL, &n), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_exists(kv, "k", 1, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_exists(cf, "k", 1, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_ttl_remaining(kv, "k", 1, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_count(kv, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_count(cf, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_stats(kv, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_list(kv, NULL, &n), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_cf_get_default(kv, NULL), KVSTORE_ERROR);
  CHECK_RC(kv, kvstore_iterator_create(kv, NULL), KVSTORE_ERROR);
  CHECK_VAL(kv, "k", "v");
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Every entry point refuses a NULL handle without crashing. */
static void test_null_handles_are_errors(void) {
  KVStore *kv = NULL;
  KVColumnFamily *cf = NULL;
  KVIterator *it = NULL;
  void *v = NULL;
  int n = 0;
  int64_t i64 = 0;
  char **az = NULL;
  KVStoreStats st;
  CHECK_RC(NULL, kvstore_open("x.db", NULL, KVSTORE_JOURNAL_WAL), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_open_v2("x.db", NULL, NULL), KVSTORE_ERROR);
  CHECK(!t_file_exists("x.db"));
  CHECK_RC(NULL, kvstore_cf_create(NULL, "a", &cf), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_open(NULL, "a", &cf), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_get_default(NULL, &cf), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_drop(NULL, "a"), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_list(NULL, &az, &n), KVSTORE_ERROR);
  kvstore_cf_close(NULL);
  CHECK_RC(NULL, kvstore_put(kv, "k", 1, "v", 1), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_get(kv, "k", 1, &v, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_delete(kv, "k", 1), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_exists(kv, "k", 1, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_put(cf, "k", 1, "v", 1), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_get(cf, "k", 1, &v, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_delete(cf, "k", 1), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_exists(cf, "k", 1, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_put_if_absent(kv, "k", 1, "v", 1, 0, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_put_if_absent(cf, "k", 1, "v", 1, 0, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_iterator_create(kv, &it), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_iterator_create(cf, &it), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_reverse_iterator_create(kv, &it), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_reverse_iterator_create(cf, &it), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_prefix_iterator_create(kv, "p", 1, &it), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_prefix_iterator_create(cf, "p", 1, &it), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_reverse_prefix_iterator_create(kv, "p", 1, &it), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_reverse_prefix_iterator_create(cf, "p", 1, &it), KVSTORE_ERROR);
  CHECK(it == NULL);
  CHECK_RC(NULL, kvstore_iterator_first(NULL), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_iterator_last(NULL), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_iterator_next(NULL), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_iterator_prev(NULL), KVSTORE_ERROR);
  CHECK_EQ(kvstore_iterator_eof(NULL), 1);
  CHECK_RC(NULL, kvstore_iterator_key(NULL, &v, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_iterator_value(NULL, &v, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_iterator_seek(NULL, "k", 1), KVSTORE_ERROR);
  kvstore_iterator_close(NULL);
  CHECK_RC(NULL, kvstore_begin(kv, 1), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_commit(kv), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_rollback(kv), KVSTORE_ERROR);
  CHECK(kvstore_errmsg(NULL) != NULL);
  CHECK_RC(NULL, kvstore_stats(kv, &st), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_stats_reset(kv), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_integrity_check(kv, NULL), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_sync(kv), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_incremental_vacuum(kv, 0), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_checkpoint(kv, 0, &n, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_clear(kv), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_clear(cf), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_count(kv, &i64), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_count(cf, &i64), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_put_ttl(kv, "k", 1, "v", 1, 0), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_put_ttl(cf, "k", 1, "v", 1, 0), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_get_ttl(kv, "k", 1, &v, &n, &i64), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_get_ttl(cf, "k", 1, &v, &n, &i64), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_ttl_remaining(kv, "k", 1, &i64), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_ttl_remaining(cf, "k", 1, &i64), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_purge_expired(kv, &n), KVSTORE_ERROR);
  CHECK_RC(NULL, kvstore_cf_purge_expired(cf, &n), KVSTORE_ERROR);
}

static void test_open_not_a_store(void) {
  /* A garbage file is not a database. */
  const char *g = t_path("garbage");
  char junk[8192];
  for (unsigned i = 0; i < sizeof junk; i++) junk[i] = (char)(i * 31 + 7);
  CHECK(t_write_file(g, junk, sizeof junk));
  KVStore *kv = (KVStore *)1;
  CHECK_RC(NULL, kvstore_open(g, &kv, KVSTORE_JOURNAL_WAL), 26 /* NOTADB */);
  CHECK(kv == NULL);
  char msg[256];
  snkv_errmsg(NULL, msg, sizeof msg);
  CHECK(msg[0] != 0);
  /* A directory cannot be opened (extended CANTOPEN_ISDIR reduced to 14). */
  kv = (KVStore *)1;
  CHECK_RC(NULL, kvstore_open(t_dir, &kv, KVSTORE_JOURNAL_WAL), 14 /* CANTOPEN */);
  CHECK(kv == NULL);
  /* Read-only: a missing file cannot be opened; an empty one cannot be initialised. */
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.readOnly = 1;
  const char *missing = t_path("missing");
  kv = (KVStore *)1;
  CHECK_RC(NULL, kvstore_open_v2(missing, &kv, &c), 14 /* CANTOPEN */);
  CHECK(kv == NULL);
  CHECK(!t_file_exists(missing));
  const char *empty = t_path("empty");
  CHECK(t_write_file(empty, "", 0));
  kv = (KVStore *)1;
  CHECK_RC(NULL, kvstore_open_v2(empty, &kv, &c), KVSTORE_READONLY);
  CHECK(kv == NULL);
  /* A parent directory that does not exist. */
  char nodir[700];
  snprintf(nodir, sizeof nodir, "%s/no/such/dir/x.db", t_dir);
  kv = (KVStore *)1;
  CHECK_RC(NULL, kvstore_open(nodir, &kv, KVSTORE_JOURNAL_WAL), 14);
  CHECK(kv == NULL);
}

static void test_readonly_store_refuses_writes(void) {
  const char *p = t_path("ro");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "f", &cf));
  kvstore_cf_close(cf);
  CHECK_OK(kv, t_put(kv, "k", "v"));
  CHECK_OK(kv, kvstore_put_ttl(kv, "t", 1, "v", 1, kvstore_now_ms() + 100000));
  kvstore_close(kv);
  long long n0;
  unsigned char *before = t_read_file(p, &n0);
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.readOnly = 1;
  kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) { free(before); return; }
  int ins = 0;
  CHECK_RC(kv, t_put(kv, "k", "w"), KVSTORE_READONLY);
  CHECK(msg_is_real(kv));
  CHECK_RC(kv, kvstore_delete(kv, "k", 1), KVSTORE_READONLY);
  CHECK_RC(kv, kvstore_put_ttl(kv, "k", 1, "w", 1, 0), KVSTORE_READONLY);
  CHECK_RC(kv, kvstore_put_if_absent(kv, "new", 3, "w", 1, 0, &ins), KVSTORE_READONLY);
  CHECK_RC(kv, kvstore_clear(kv), KVSTORE_READONLY);
  CHECK_RC(kv, kvstore_cf_create(kv, "g", &cf), KVSTORE_READONLY);
  CHECK_RC(kv, kvstore_cf_drop(kv, "f"), KVSTORE_READONLY);
  CHECK_RC(kv, kvstore_begin(kv, 1), KVSTORE_READONLY);
  CHECK_EQ(snkv_in_transaction(kv), 0);
  /* Reads keep working after the refusals. */
  CHECK_VAL(kv, "k", "v");
  CHECK_EQ(t_count(kv), 2);
  cf = NULL;
  if (CHECK_OK(kv, kvstore_cf_open(kv, "f", &cf))) CHECK_RC(kv, t_cfput(cf, "x", "y"), KVSTORE_READONLY);
  kvstore_cf_close(cf);
  CHECK_OK(kv, kvstore_begin(kv, 0));
  CHECK_VAL(kv, "t", "v");
  CHECK_RC(kv, t_put(kv, "k", "w"), KVSTORE_READONLY);
  CHECK_OK(kv, kvstore_commit(kv));
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
  long long n1;
  unsigned char *after = t_read_file(p, &n1);
  CHECK(before && after && n0 == n1 && memcmp(before, after, (size_t)n0) == 0);
  free(before);
  free(after);
}

/* D12: the message names the failure that just happened, and changes with it. */
static void test_d12_errmsg_names_the_latest_failure(void) {
  KVStore *kv = t_open(t_path("d12"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  char m1[512], m2[512], m3[512];
  CHECK_RC(kv, kvstore_put(kv, "", 0, "v", 1), KVSTORE_ERROR);
  snprintf(m1, sizeof m1, "%s", kvstore_errmsg(kv));
  CHECK(msg_is_real(kv));
  KVColumnFamily *cf = NULL;
  CHECK_RC(kv, kvstore_cf_open(kv, "absent_family", &cf), KVSTORE_NOTFOUND);
  snprintf(m2, sizeof m2, "%s", kvstore_errmsg(kv));
  CHECK(msg_is_real(kv));
  CHECK(strcmp(m1, m2) != 0);
  CHECK(strstr(m2, "absent_family") != NULL);
  CHECK_RC(kv, kvstore_commit(kv), KVSTORE_ERROR);
  snprintf(m3, sizeof m3, "%s", kvstore_errmsg(kv));
  CHECK(strcmp(m3, m2) != 0 && strcmp(m3, m1) != 0);
  /* NOTFOUND from a read is a failure too: its message is not the previous one. */
  void *v = NULL;
  int n = 0;
  CHECK_RC(kv, kvstore_get(kv, "nokey", 5, &v, &n), KVSTORE_NOTFOUND);
  CHECK(msg_is_real(kv));
  CHECK(strcmp(kvstore_errmsg(kv), m3) != 0);
  CHECK_RC(kv, kvstore_delete(kv, "nokey", 5), KVSTORE_NOTFOUND);
  CHECK(msg_is_real(kv));
  CHECK(strcmp(kvstore_errmsg(kv), m3) != 0);
  kvstore_close(kv);
}

/* D12 for misuse on a valid handle: the failing call leaves its own message behind, not
** the previous failure's. Each call is preceded by a failure with a recognisable message
** (opening a family with an unlikely name). */
static void plant_marker(KVStore *kv) {
  KVColumnFamily *cf = NULL;
  kvstore_cf_open(kv, "marker-family-q7x", &cf);
}
static void check_fresh(KVStore *kv, int rc, const char *what, int line) {
  const char *m = kvstore_errmsg(kv);
  if (!t_check(rc != KVSTORE_OK, what, __FILE__, line, kv)) return;
  if (!t_check(m && *m && strstr(m, "marker-family-q7x") == NULL, what, __FILE__, line, kv))
    t_note("stale message after %s", what);
}
#define FRESH(kv, expr) do { plant_marker(kv); check_fresh((kv), (expr), #expr, __LINE__); } while (0)

static void test_d12_misuse_on_valid_handle_sets_fresh_message(void) {
  KVStore *kv = t_open(t_path("misuse"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "a", "b"));
  plant_marker(kv);
  CHECK(strstr(kvstore_errmsg(kv), "marker-family-q7x") != NULL);   /* the marker works */
  KVIterator *it = NULL;
  KVColumnFamily *cf = NULL;
  CHECK_OK(kv, kvstore_iterator_create(kv, &it));
  CHECK_OK(kv, kvstore_cf_get_default(kv, &cf));
  if (!it || !cf) goto done;
  CHECK_OK(kv, kvstore_iterator_first(it));
  void *v;
  int n;
  uint8_t bad[8] = { 100, 0, 0, 0, 'k', 'e', 'y', 0 };   /* klen 100 in an 8-byte batch */
  uint8_t out[16];
  FRESH(kv, kvstore_iterator_key(it, NULL, &n));
  FRESH(kv, kvstore_iterator_value(it, &v, NULL));
  FRESH(kv, snkv_stats(kv, NULL));
  FRESH(kv, snkv_iter_fill(it, NULL, 10, 1, &n));
  FRESH(kv, snkv_get_many(cf, bad, 8, 1, out, sizeof out, &n));
  FRESH(kv, kvstore_get(kv, "a", 1, NULL, &n));
  FRESH(kv, kvstore_iterator_seek(it, NULL, 0));
  FRESH(kv, kvstore_checkpoint(kv, 42, NULL, NULL));
done:
  kvstore_iterator_close(it);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Failures are counted; a failure never poisons the handle. */
static void test_errors_counted_and_handle_stays_usable(void) {
  KVStore *kv = t_open(t_path("cnt"), KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_OK(kv, kvstore_stats_reset(kv));
  KVColumnFamily *cf = NULL;
  kvstore_put(kv, NULL, 1, "v", 1);
  kvstore_cf_create(kv, "__reserved", &cf);
  kvstore_commit(kv);
  kvstore_cf_drop(kv, "default");
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK(s.nErrors >= 4);
  CHECK_OK(kv, t_put(kv, "fine", "yes"));
  CHECK_VAL(kv, "fine", "yes");
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_OK(kv, kvstore_commit(kv));
  kvstore_close(kv);
}

/* Only primary codes come out of the API (0..255). */
static void test_codes_are_primary(void) {
  int codes[] = { KVSTORE_OK, KVSTORE_ERROR, KVSTORE_BUSY, KVSTORE_LOCKED, KVSTORE_NOMEM,
                  KVSTORE_READONLY, KVSTORE_CORRUPT, KVSTORE_NOTFOUND, KVSTORE_AUTH_FAILED,
                  KVSTORE_PROTOCOL };
  int want[] = { 0, 1, 5, 6, 7, 8, 11, 12, 13, 15 };
  for (int i = 0; i < 10; i++) CHECK_EQ(codes[i], want[i]);
  CHECK_EQ(KVSTORE_NO_TTL, -1);
  CHECK_EQ(KVSTORE_MAX_KEY_SIZE, 65536);
  CHECK_EQ(KVSTORE_MAX_VALUE_SIZE, 10485760);
  CHECK_EQ(KVSTORE_MAX_COLUMN_FAMILIES, 64);
  CHECK_EQ(KVSTORE_JOURNAL_DELETE, 0);
  CHECK_EQ(KVSTORE_JOURNAL_WAL, 1);
  CHECK_EQ(KVSTORE_CHECKPOINT_TRUNCATE, 3);
  CHECK_EQ(sizeof(KVStoreConfig), 9 * sizeof(int));
  CHECK_EQ(sizeof(KVStoreStats), 12 * sizeof(uint64_t));
}

int main(void) {
  t_setup("errors");
  RUN(test_invalid_keys_are_errors);
  RUN(test_invalid_values_are_errors);
  RUN(test_missing_out_pointers_are_errors);
  RUN(test_null_handles_are_errors);
  RUN(test_open_not_a_store);
  RUN(test_readonly_store_refuses_writes);
  RUN(test_d12_errmsg_names_the_latest_failure);
  RUN(test_d12_misuse_on_valid_handle_sets_fresh_message);
  RUN(test_errors_counted_and_handle_stays_usable);
  RUN(test_codes_are_primary);
  return t_finish();
}
