/*
** test_ffi.c — the snkv_* calls made for FFI callers: handles as results, negative
** status results, grow-and-retry buffers, packed batches, batched iteration and seek
** modes, stats/checkpoint/integrity as flat values, and (NULL, 0) empty buffers.
*/
#include "testutil.h"

static void put_u32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static uint32_t get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static KVStore *ffi_open(const char *stem) {
  int rc = -1;
  char err[256] = "";
  KVStore *kv = snkv_open(t_path(stem), NULL, &rc, err, sizeof err);
  if (!CHECK(kv != NULL)) t_note("snkv_open: rc=%d %s", rc, err);
  else CHECK_EQ(rc, KVSTORE_OK);
  return kv;
}

static KVColumnFamily *ffi_default(KVStore *kv) {
  int rc = -1;
  KVColumnFamily *cf = snkv_cf_open(kv, NULL, 0, 0, &rc);
  CHECK_KV(kv, cf != NULL);
  return cf;
}

static void test_abi_version(void) {
  CHECK_EQ(snkv_abi_version(), SNKV_ABI_VERSION);
}

static void test_open_failure_reports_code_and_message(void) {
  int rc = 0;
  char err[256];
  memset(err, 'x', sizeof err);
  char path[700];
  snprintf(path, sizeof path, "%s/missing/dir/x.db", t_dir);
  KVStore *kv = snkv_open(path, NULL, &rc, err, sizeof err);
  CHECK(kv == NULL);
  CHECK_EQ(rc, 14 /* CANTOPEN */);
  CHECK(memchr(err, 0, sizeof err) != NULL && err[0] != 0);
  char again[256];
  int full = snkv_errmsg(NULL, again, sizeof again);   /* last failed open, this thread */
  CHECK(full > 0 && strcmp(again, err) == 0);
  /* Truncation keeps the result NUL-terminated and reports the full length. */
  char tiny[4];
  memset(tiny, 'x', sizeof tiny);
  int len = snkv_errmsg(NULL, tiny, sizeof tiny);
  CHECK_EQ(len, full);
  CHECK(tiny[3] == 0);
  kv = snkv_open(path, NULL, &rc, NULL, 0);   /* no message buffer: fine */
  CHECK(kv == NULL && rc == 14);
}

static void test_open_with_config_and_in_transaction(void) {
  KVStoreConfig c;
  snkv_config_default(&c);
  c.journalMode = KVSTORE_JOURNAL_DELETE;
  c.busyTimeout = 100;
  int rc = -1;
  KVStore *kv = snkv_open(t_path("cfg"), &c, &rc, NULL, 0);
  if (!CHECK(kv != NULL)) return;
  CHECK_EQ(snkv_in_transaction(kv), 0);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_EQ(snkv_in_transaction(kv), 1);
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_EQ(snkv_in_transaction(kv), 0);
  kvstore_close(kv);
  /* In-memory through the FFI path. */
  kv = snkv_open(NULL, NULL, &rc, NULL, 0);
  if (CHECK(kv != NULL)) {
    KVColumnFamily *cf = ffi_default(kv);
    CHECK_EQ(snkv_put(cf, "k", 1, "v", 1, 0), 0);
    CHECK_EQ(snkv_exists(cf, "k", 1), 1);
  }
  kvstore_close(kv);
}

static void test_cf_open_modes_and_list(void) {
  KVStore *kv = ffi_open("cfmodes");
  if (!kv) return;
  int rc = -1;
  KVColumnFamily *cf = snkv_cf_open(kv, "users", 5, 0, &rc);
  CHECK(cf == NULL);
  CHECK_EQ(rc, KVSTORE_NOTFOUND);
  cf = snkv_cf_open(kv, "users", 5, 1, &rc);
  if (CHECK(cf != NULL)) CHECK_EQ(rc, KVSTORE_OK);
  kvstore_cf_close(cf);
  cf = snkv_cf_open(kv, "users", 5, 1, &rc);   /* create: exists */
  CHECK(cf == NULL);
  CHECK_EQ(rc, KVSTORE_ERROR);
  cf = snkv_cf_open(kv, "users", 5, 2, &rc);   /* open or create */
  CHECK(cf != NULL);
  kvstore_cf_close(cf);
  cf = snkv_cf_open(kv, "orders", 6, 2, &rc);
  CHECK(cf != NULL);
  kvstore_cf_close(cf);
  /* "default" and the empty name are the default family, in every mode. */
  for (int mode = 0; mode <= 2; mode++) {
    KVColumnFamily *d1 = snkv_cf_open(kv, "default", 7, mode, &rc);
    KVColumnFamily *d2 = snkv_cf_open(kv, "", 0, mode, &rc);
    if (CHECK(d1 && d2)) {
      CHECK_EQ(snkv_put(d1, "dk", 2, "dv", 2, 0), 0);
      CHECK_VAL(kv, "dk", "dv");
      CHECK_EQ(snkv_exists(d2, "dk", 2), 1);
    }
    kvstore_cf_close(d1);
    kvstore_cf_close(d2);
  }
  /* Names are bytes: no NUL terminator needed. */
  cf = snkv_cf_open(kv, "binaryXXX", 6, 2, &rc);
  kvstore_cf_close(cf);
  cf = snkv_cf_open(kv, "__hidden", 8, 2, &rc);
  CHECK(cf == NULL);
  CHECK_EQ(rc, KVSTORE_ERROR);

  int needed = -1;
  int n = snkv_cf_list(kv, NULL, 0, &needed);   /* size query */
  CHECK(n == 0 || n == 3);
  CHECK_EQ(needed, 3 * 4 + 5 + 6 + 6);
  uint8_t buf[64];
  n = snkv_cf_list(kv, buf, sizeof buf, &needed);
  CHECK_EQ(n, 3);
  int seen = 0;
  for (int i = 0, off = 0; i < n && off + 4 <= (int)sizeof buf; i++) {
    uint32_t len = get_u32(buf + off);
    const char *nm = (const char *)buf + off + 4;
    if (len == 5 && memcmp(nm, "users", 5) == 0) seen |= 1;
    if (len == 6 && memcmp(nm, "orders", 6) == 0) seen |= 2;
    if (len == 6 && memcmp(nm, "binary", 6) == 0) seen |= 4;
    off += 4 + (int)len;
  }
  CHECK_EQ(seen, 7);
  /* Too small: nothing written, needed reported. */
  memset(buf, 0xee, sizeof buf);
  n = snkv_cf_list(kv, buf, 10, &needed);
  CHECK(n == 0 || n == 3);
  CHECK_EQ(needed, 29);
  CHECK_EQ(buf[0], 0xee);

  CHECK_EQ(snkv_cf_drop(kv, "orders", 6), 0);
  CHECK_EQ(snkv_cf_drop(kv, "orders", 6), -KVSTORE_NOTFOUND);
  CHECK_EQ(snkv_cf_drop(kv, "default", 7), -KVSTORE_ERROR);
  cf = snkv_cf_open(kv, "users", 5, 0, &rc);
  CHECK_EQ(snkv_cf_drop(kv, "users", 5), -KVSTORE_BUSY);
  kvstore_cf_close(cf);
  CHECK_EQ(snkv_cf_drop(kv, "users", 5), 0);
  CHECK_EQ(snkv_cf_list(kv, buf, sizeof buf, &needed), 1);
  kvstore_close(kv);
}

static void test_put_get_grow_and_retry(void) {
  KVStore *kv = ffi_open("get");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  CHECK_EQ(snkv_put(cf, "key", 3, "hello world", 11, 0), 0);
  char small[4];
  memset(small, 'z', sizeof small);
  CHECK_EQ(snkv_get(cf, "key", 3, small, sizeof small), 11);   /* too small: length only */
  CHECK(small[0] == 'z');
  char buf[32];
  CHECK_EQ(snkv_get(cf, "key", 3, buf, sizeof buf), 11);
  CHECK(memcmp(buf, "hello world", 11) == 0);
  CHECK_EQ(snkv_get(cf, "key", 3, NULL, 0), 11);               /* size query */
  CHECK_EQ(snkv_get(cf, "nokey", 5, buf, sizeof buf), -KVSTORE_NOTFOUND);
  CHECK_EQ(snkv_get(cf, NULL, 0, buf, sizeof buf), -KVSTORE_ERROR);
  /* Empty values travel as (NULL, 0). */
  CHECK_EQ(snkv_put(cf, "empty", 5, NULL, 0, 0), 0);
  CHECK_EQ(snkv_get(cf, "empty", 5, NULL, 0), 0);
  CHECK_EQ(snkv_exists(cf, "empty", 5), 1);
  CHECK_EQ(snkv_exists(cf, "nope", 4), 0);
  CHECK_EQ(snkv_put(cf, "", 0, "v", 1, 0), -KVSTORE_ERROR);
  CHECK(kvstore_errmsg(kv)[0] != 0);
  char msg[256];
  int full = snkv_errmsg(kv, msg, sizeof msg);
  CHECK(full > 0 && (int)strlen(msg) == full);
  CHECK_EQ(snkv_put(cf, "k", 1, NULL, 3, 0), -KVSTORE_ERROR);
  double cnt = -1;
  CHECK_EQ(snkv_count(cf, &cnt), 0);
  CHECK_EQ(cnt, 2);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* D4 for the FFI: delete reports whether the key existed, never NOTFOUND. */
static void test_d4_snkv_delete_returns_existed_flag(void) {
  KVStore *kv = ffi_open("del");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  CHECK_EQ(snkv_delete(cf, "k", 1), 0);
  CHECK_EQ(snkv_put(cf, "k", 1, "v", 1, 0), 0);
  CHECK_EQ(snkv_delete(cf, "k", 1), 1);
  CHECK_EQ(snkv_delete(cf, "k", 1), 0);
  CHECK_EQ(snkv_delete(cf, NULL, 0), -KVSTORE_ERROR);
  /* An expired key is absent: delete says 0, yet removes it physically. */
  CHECK_EQ(snkv_put(cf, "e", 1, "v", 1, 1.0), 0);
  double cnt = 0;
  CHECK_EQ(snkv_count(cf, &cnt), 0);
  CHECK_EQ(cnt, 1);
  CHECK_EQ(snkv_delete(cf, "e", 1), 0);
  CHECK_EQ(snkv_count(cf, &cnt), 0);
  CHECK_EQ(cnt, 0);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

static void test_put_if_absent_ttl_purge(void) {
  KVStore *kv = ffi_open("ttl");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  double later = (double)kvstore_now_ms() + 60000.0;
  CHECK_EQ(snkv_put_if_absent(cf, "a", 1, "1", 1, 0), 1);
  CHECK_EQ(snkv_put_if_absent(cf, "a", 1, "2", 1, 0), 0);
  CHECK_EQ(snkv_put_if_absent(cf, "b", 1, "1", 1, later), 1);
  double rem = -5;
  CHECK_EQ(snkv_ttl(cf, "b", 1, &rem), 1);
  CHECK(rem > 50000 && rem <= 60000);
  CHECK_EQ(snkv_ttl(cf, "a", 1, &rem), 0);        /* permanent */
  CHECK_EQ(snkv_ttl(cf, "zz", 2, &rem), -KVSTORE_NOTFOUND);
  CHECK_EQ(snkv_put(cf, "e", 1, "x", 1, 1.0), 0);  /* expired at once */
  CHECK_EQ(snkv_ttl(cf, "e", 1, &rem), -KVSTORE_NOTFOUND);
  CHECK_EQ(snkv_ttl(cf, "e", 1, &rem), -KVSTORE_NOTFOUND);
  CHECK_EQ(snkv_get(cf, "e", 1, NULL, 0), -KVSTORE_NOTFOUND);
  CHECK_EQ(snkv_exists(cf, "e", 1), 0);
  CHECK_EQ(snkv_put_if_absent(cf, "e", 1, "y", 1, 1.0), 1);   /* expired counts as absent */
  /* A plain put with expireMs 0 clears an earlier TTL. */
  CHECK_EQ(snkv_put(cf, "b", 1, "perm", 4, 0), 0);
  CHECK_EQ(snkv_ttl(cf, "b", 1, &rem), 0);
  double cnt = 0;
  CHECK_EQ(snkv_count(cf, &cnt), 0);
  CHECK_EQ(cnt, 3);
  CHECK_EQ(snkv_purge_expired(cf), 1);
  CHECK_EQ(snkv_purge_expired(cf), 0);
  CHECK_EQ(snkv_count(cf, &cnt), 0);
  CHECK_EQ(cnt, 2);
  CHECK_EQ(snkv_clear(cf), 0);
  CHECK_EQ(snkv_count(cf, &cnt), 0);
  CHECK_EQ(cnt, 0);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Packs n entries "key<i>" -> "val<i>..." (value i bytes long, empty for i = 0). */
static int pack_entries(uint8_t *out, int n) {
  int off = 0;
  for (int i = 0; i < n; i++) {
    char k[16];
    int kl = snprintf(k, sizeof k, "key%03d", i);
    put_u32(out + off, (uint32_t)kl);
    put_u32(out + off + 4, (uint32_t)i);
    memcpy(out + off + 8, k, (size_t)kl);
    memset(out + off + 8 + kl, 'a' + i % 26, (size_t)i);
    off += 8 + kl + i;
  }
  return off;
}

static void test_batches(void) {
  KVStore *kv = ffi_open("batch");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  static uint8_t entries[64 * 1024];
  int nb = pack_entries(entries, 100);
  CHECK_EQ(snkv_put_many(cf, entries, nb, 100, 0), 0);
  double cnt = 0;
  snkv_count(cf, &cnt);
  CHECK_EQ(cnt, 100);
  /* get_many: keys key000, key050, missing, key099. */
  uint8_t keys[128];
  const char *want[] = { "key000", "key050", "absent", "key099" };
  int off = 0;
  for (int i = 0; i < 4; i++) {
    put_u32(keys + off, 6);
    memcpy(keys + off + 4, want[i], 6);
    off += 10;
  }
  static uint8_t out[4096];
  int needed = -1;
  int got = snkv_get_many(cf, keys, off, 4, out, sizeof out, &needed);
  CHECK_EQ(got, 4);
  int o = 0;
  int lens[4] = { 0, 50, -1, 99 };
  for (int i = 0; i < got; i++) {
    int32_t vl = (int32_t)get_u32(out + o);
    CHECK_EQ(vl, lens[i]);
    o += 4;
    if (vl > 0) {
      CHECK(out[o] == (uint8_t)('a' + (lens[i] % 26)));
      o += vl;
    }
  }
  /* A small output buffer answers a prefix of the keys and reports what the next needs. */
  got = snkv_get_many(cf, keys, off, 4, out, 4 + 0 + 4 + 50 + 4, &needed);
  CHECK_EQ(got, 3);
  CHECK_EQ(needed, 4 + 99);
  got = snkv_get_many(cf, keys + 30, 10, 1, out, 8, &needed);   /* "key099" alone, too big */
  CHECK_EQ(got, 0);
  CHECK_EQ(needed, 103);
  /* delete_many counts what existed. */
  CHECK_EQ(snkv_delete_many(cf, keys, off, 4), 3);
  CHECK_EQ(snkv_delete_many(cf, keys, off, 4), 0);
  snkv_count(cf, &cnt);
  CHECK_EQ(cnt, 97);
  /* put_many with an expiry, joining an explicit transaction that then rolls back. */
  CHECK_OK(kv, kvstore_begin(kv, 1));
  nb = pack_entries(entries, 10);
  CHECK_EQ(snkv_put_many(cf, entries, nb, 10, (double)kvstore_now_ms() + 60000), 0);
  double rem = 0;
  CHECK_EQ(snkv_ttl(cf, "key005", 6, &rem), 1);
  CHECK_EQ(snkv_in_transaction(kv), 1);
  CHECK_OK(kv, kvstore_rollback(kv));
  CHECK_EQ(snkv_ttl(cf, "key005", 6, &rem), 0);
  CHECK_EQ(snkv_exists(cf, "key000", 6), 0);   /* deleted above; the batch was undone */
  /* A malformed batch (lengths beyond the buffer) is refused and writes nothing. */
  uint8_t badb[16];
  put_u32(badb, 100);
  put_u32(badb + 4, 0);
  memcpy(badb + 8, "abcdefgh", 8);
  CHECK(snkv_put_many(cf, badb, sizeof badb, 1, 0) < 0);
  put_u32(badb, 0);   /* empty key */
  CHECK(snkv_put_many(cf, badb, 8, 1, 0) < 0);
  snkv_count(cf, &cnt);
  CHECK_EQ(cnt, 97);
  /* An invalid entry in the middle: the whole batch is atomic. */
  nb = pack_entries(entries, 5);
  put_u32(entries + nb, 0);
  put_u32(entries + nb + 4, 0);
  CHECK(snkv_put_many(cf, entries, nb + 8, 6, 0) < 0);
  CHECK_EQ(snkv_exists(cf, "key000", 6), 0);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Unpacks entries from an iter_fill buffer into "k=v" text joined by ','. */
static void unpack(const uint8_t *buf, int n, char *out, size_t cap) {
  size_t len = strlen(out);
  int off = 0;
  for (int i = 0; i < n; i++) {
    uint32_t kl = get_u32(buf + off), vl = get_u32(buf + off + 4);
    len += (size_t)snprintf(out + len, cap - len, "%s%.*s=%.*s", len ? "," : "", (int)kl,
                            (const char *)buf + off + 8, (int)vl, (const char *)buf + off + 8 + kl);
    off += 8 + (int)kl + (int)vl;
  }
}

static void fill_all(KVIterator *it, int max, char *out, size_t cap) {
  uint8_t buf[256];
  int needed = 0;
  out[0] = 0;
  for (int guard = 0; guard < 1000; guard++) {
    int n = snkv_iter_fill(it, buf, sizeof buf, max, &needed);
    if (n <= 0) break;
    unpack(buf, n, out, cap);
  }
}

static void test_iter_fill_and_seek_modes(void) {
  KVStore *kv = ffi_open("iter");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  const char *keys[] = { "a", "b1", "b2", "b3", "c" };
  for (int i = 0; i < 5; i++) CHECK_EQ(snkv_put(cf, keys[i], (int)strlen(keys[i]), keys[i], (int)strlen(keys[i]), 0), 0);
  char got[1024];
  int rc = -1;
  KVIterator *it = snkv_iter_open(cf, NULL, 0, 0, &rc);
  if (CHECK(it != NULL)) {
    CHECK_EQ(rc, KVSTORE_OK);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_FIRST, NULL, 0), 0);
    fill_all(it, 2, got, sizeof got);
    CHECK(strcmp(got, "a=a,b1=b1,b2=b2,b3=b3,c=c") == 0);
    uint8_t buf[64];
    int needed = -1;
    CHECK_EQ(snkv_iter_fill(it, buf, sizeof buf, 10, &needed), 0);   /* at the end */
    CHECK_EQ(needed, 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_KEY, "b2", 2), 0);        /* D6: starts at b2 */
    fill_all(it, 100, got, sizeof got);
    CHECK(strcmp(got, "b2=b2,b3=b3,c=c") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_AFTER, "b2", 2), 0);
    fill_all(it, 100, got, sizeof got);
    CHECK(strcmp(got, "b3=b3,c=c") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_KEY, "bz", 2), 0);
    fill_all(it, 1, got, sizeof got);
    CHECK(strcmp(got, "c=c") == 0);
    /* The next entry does not fit: 0 with the size it needs, position unchanged. */
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_FIRST, NULL, 0), 0);
    CHECK_EQ(snkv_iter_fill(it, buf, 5, 10, &needed), 0);
    CHECK_EQ(needed, 8 + 1 + 1);
    CHECK_EQ(snkv_iter_fill(it, buf, sizeof buf, 1, &needed), 1);
    CHECK(get_u32(buf) == 1 && buf[8] == 'a');
    snkv_iter_close(it);
  }
  it = snkv_iter_open(cf, NULL, 0, 1, &rc);   /* reverse */
  if (CHECK(it != NULL)) {
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_FIRST, NULL, 0), 0);
    fill_all(it, 3, got, sizeof got);
    CHECK(strcmp(got, "c=c,b3=b3,b2=b2,b1=b1,a=a") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_KEY, "b2", 2), 0);
    fill_all(it, 3, got, sizeof got);
    CHECK(strcmp(got, "b2=b2,b1=b1,a=a") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_AFTER, "b2", 2), 0);
    fill_all(it, 3, got, sizeof got);
    CHECK(strcmp(got, "b1=b1,a=a") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_KEY, "b", 1), 0);   /* last <= "b" */
    fill_all(it, 3, got, sizeof got);
    CHECK(strcmp(got, "a=a") == 0);
    snkv_iter_close(it);
  }
  /* Prefix iterators start at their first entry; the boundary holds for every seek. */
  it = snkv_iter_open(cf, "b", 1, 0, &rc);
  if (CHECK(it != NULL)) {
    fill_all(it, 10, got, sizeof got);
    CHECK(strcmp(got, "b1=b1,b2=b2,b3=b3") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_KEY, "a", 1), 0);   /* lands on a: outside */
    fill_all(it, 10, got, sizeof got);
    CHECK(strcmp(got, "") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_AFTER, "b1", 2), 0);
    fill_all(it, 10, got, sizeof got);
    CHECK(strcmp(got, "b2=b2,b3=b3") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_FIRST, NULL, 0), 0);
    fill_all(it, 10, got, sizeof got);
    CHECK(strcmp(got, "b1=b1,b2=b2,b3=b3") == 0);
    snkv_iter_close(it);
  }
  it = snkv_iter_open(cf, "b", 1, 1, &rc);
  if (CHECK(it != NULL)) {
    fill_all(it, 10, got, sizeof got);
    CHECK(strcmp(got, "b3=b3,b2=b2,b1=b1") == 0);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_KEY, "c", 1), 0);   /* last <= c is c: outside */
    fill_all(it, 10, got, sizeof got);
    CHECK(strcmp(got, "") == 0);
    snkv_iter_close(it);
  }
  /* Resume after a write: SEEK_AFTER the last delivered key sees the new entries. */
  it = snkv_iter_open(cf, NULL, 0, 0, &rc);
  if (CHECK(it != NULL)) {
    uint8_t buf[256];
    int needed;
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_FIRST, NULL, 0), 0);
    CHECK_EQ(snkv_iter_fill(it, buf, sizeof buf, 2, &needed), 2);   /* a, b1 */
    CHECK_EQ(snkv_put(cf, "b15", 3, "new", 3, 0), 0);
    CHECK_EQ(snkv_delete(cf, "b2", 2), 1);
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_AFTER, "b1", 2), 0);
    fill_all(it, 10, got, sizeof got);
    CHECK(strcmp(got, "b15=new,b3=b3,c=c") == 0);
    snkv_iter_close(it);
  }
  snkv_iter_close(NULL);
  CHECK_EQ(snkv_iter_seek(NULL, SNKV_SEEK_FIRST, NULL, 0) < 0, 1);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Expired entries are skipped by fill; large entries need grow-and-retry. */
static void test_iter_fill_skips_expired_and_grows(void) {
  KVStore *kv = ffi_open("iter2");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  CHECK_EQ(snkv_put(cf, "a", 1, "x", 1, 1.0), 0);
  CHECK_EQ(snkv_put(cf, "b", 1, "y", 1, 0), 0);
  static uint8_t big[100000];
  memset(big, 'B', sizeof big);
  CHECK_EQ(snkv_put(cf, "c", 1, big, sizeof big, 0), 0);
  int rc;
  KVIterator *it = snkv_iter_open(cf, NULL, 0, 0, &rc);
  if (CHECK(it != NULL)) {
    uint8_t small[64];
    int needed = -1;
    CHECK_EQ(snkv_iter_seek(it, SNKV_SEEK_FIRST, NULL, 0), 0);
    CHECK_EQ(snkv_iter_fill(it, small, sizeof small, 10, &needed), 1);   /* b; c does not fit */
    CHECK(get_u32(small) == 1 && small[8] == 'b');
    CHECK_EQ(snkv_iter_fill(it, small, sizeof small, 10, &needed), 0);
    CHECK_EQ(needed, 8 + 1 + 100000);
    uint8_t *grown = malloc((size_t)needed);
    CHECK_EQ(snkv_iter_fill(it, grown, needed, 10, &needed), 1);
    CHECK(get_u32(grown + 4) == 100000 && grown[9] == 'B' && grown[8 + 1 + 99999] == 'B');
    CHECK_EQ(snkv_iter_fill(it, grown, 100, 10, &needed), 0);
    CHECK_EQ(needed, 0);
    free(grown);
    snkv_iter_close(it);
  }
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

static void test_stats_checkpoint_integrity(void) {
  KVStore *kv = ffi_open("misc");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  kvstore_stats_reset(kv);
  CHECK_EQ(snkv_put(cf, "k", 1, "vv", 2, 0), 0);
  char b[8];
  CHECK_EQ(snkv_get(cf, "k", 1, b, sizeof b), 2);
  double st[12];
  for (int i = 0; i < 12; i++) st[i] = -1;
  CHECK_EQ(snkv_stats(kv, st), 0);
  KVStoreStats s;
  CHECK_OK(kv, kvstore_stats(kv, &s));
  CHECK_EQ(st[0], (double)s.nPuts);
  CHECK_EQ(st[1], (double)s.nGets);
  CHECK_EQ(st[5], (double)s.nBytesRead);
  CHECK_EQ(st[6], (double)s.nBytesWritten);
  CHECK_EQ(st[11], (double)s.nDbPages);
  CHECK_EQ(st[0], 1);
  CHECK_EQ(st[6], 3);
  int out2[2] = { -1, -1 };
  CHECK_EQ(snkv_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, out2), 0);
  CHECK(out2[0] > 0 && out2[1] == out2[0]);
  CHECK_EQ(snkv_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, out2), 0);
  CHECK(out2[0] == 0 && out2[1] == 0);
  CHECK_OK(kv, kvstore_begin(kv, 1));
  CHECK_EQ(snkv_checkpoint(kv, KVSTORE_CHECKPOINT_PASSIVE, out2), -KVSTORE_BUSY);
  CHECK_OK(kv, kvstore_rollback(kv));
  char report[256];
  report[0] = 'x';
  CHECK_EQ(snkv_integrity_check(kv, report, sizeof report), KVSTORE_OK);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Memory-mapped reads return the same data, before and after more writes; bad sizes fail. */
static void test_mmap_size_reads_the_same_data(void) {
  KVStore *kv = ffi_open("mmap");
  if (!kv) return;
  KVColumnFamily *cf = ffi_default(kv);
  if (!cf) { kvstore_close(kv); return; }
  char k[32], v[64], b[64];
  for (int i = 0; i < 2000; i++) {
    int kl = snprintf(k, sizeof k, "key%05d", i), vl = snprintf(v, sizeof v, "value-%d", i * 3);
    CHECK_EQ(snkv_put(cf, k, kl, v, vl, 0), 0);
  }
  int out2[2];
  CHECK_EQ(snkv_checkpoint(kv, KVSTORE_CHECKPOINT_TRUNCATE, out2), 0);   /* pages into the file */
  CHECK_EQ(snkv_set_mmap_size(kv, 64.0 * 1024 * 1024), 0);
  for (int i = 0; i < 2000; i += 7) {
    int kl = snprintf(k, sizeof k, "key%05d", i), vl = snprintf(v, sizeof v, "value-%d", i * 3);
    CHECK_EQ(snkv_get(cf, k, kl, b, sizeof b), vl);
    CHECK(memcmp(b, v, vl) == 0);
  }
  CHECK_EQ(snkv_put(cf, "key00007", 8, "changed", 7, 0), 0);
  CHECK_EQ(snkv_get(cf, "key00007", 8, b, sizeof b), 7);
  CHECK(memcmp(b, "changed", 7) == 0);
  CHECK_EQ(snkv_set_mmap_size(kv, -1), -KVSTORE_ERROR);
  CHECK_EQ(snkv_set_mmap_size(kv, 0), 0);
  CHECK_EQ(snkv_get(cf, "key00014", 8, b, sizeof b), 8);   /* "value-42" */
  CHECK_EQ(snkv_set_mmap_size(NULL, 0), -KVSTORE_ERROR);
  kvstore_cf_close(cf);
  kvstore_close(kv);
}

/* Calls on a family handle that is NULL are refused, not crashes. */
static void test_null_handles(void) {
  double d = 0;
  int n = 0;
  uint8_t buf[8];
  CHECK(snkv_put(NULL, "k", 1, "v", 1, 0) < 0);
  CHECK(snkv_get(NULL, "k", 1, buf, 8) < 0);
  CHECK(snkv_exists(NULL, "k", 1) < 0);
  CHECK(snkv_delete(NULL, "k", 1) < 0);
  CHECK(snkv_put_if_absent(NULL, "k", 1, "v", 1, 0) < 0);
  CHECK(snkv_ttl(NULL, "k", 1, &d) < 0);
  CHECK(snkv_purge_expired(NULL) < 0);
  CHECK(snkv_count(NULL, &d) < 0);
  CHECK(snkv_clear(NULL) < 0);
  CHECK(snkv_put_many(NULL, buf, 0, 0, 0) < 0);
  CHECK(snkv_get_many(NULL, buf, 0, 0, buf, 8, &n) < 0);
  CHECK(snkv_delete_many(NULL, buf, 0, 0) < 0);
  CHECK(snkv_cf_drop(NULL, "a", 1) < 0);
  CHECK(snkv_cf_list(NULL, buf, 8, &n) < 0);
  CHECK(snkv_stats(NULL, &d) < 0);
  int out2[2];
  CHECK(snkv_checkpoint(NULL, 0, out2) < 0);
  CHECK_EQ(snkv_in_transaction(NULL), 0);
  int rc = 0;
  CHECK(snkv_cf_open(NULL, "a", 1, 2, &rc) == NULL && rc != 0);
  rc = 0;
  CHECK(snkv_iter_open(NULL, NULL, 0, 0, &rc) == NULL && rc != 0);
  CHECK(snkv_integrity_check(NULL, NULL, 0) != KVSTORE_OK);
  char m[64];
  CHECK(snkv_errmsg(NULL, m, sizeof m) >= 0);
}

int main(void) {
  t_setup("ffi");
  RUN(test_abi_version);
  RUN(test_open_failure_reports_code_and_message);
  RUN(test_open_with_config_and_in_transaction);
  RUN(test_cf_open_modes_and_list);
  RUN(test_put_get_grow_and_retry);
  RUN(test_d4_snkv_delete_returns_existed_flag);
  RUN(test_put_if_absent_ttl_purge);
  RUN(test_batches);
  RUN(test_iter_fill_and_seek_modes);
  RUN(test_iter_fill_skips_expired_and_grows);
  RUN(test_stats_checkpoint_integrity);
  RUN(test_mmap_size_reads_the_same_data);
  RUN(test_null_handles);
  return t_finish();
}
