/*
** test_model.c — random operations checked against an in-memory model. A fixed-seed PRNG
** drives puts (values from empty to overflowing), deletes, gets, exists, transactions
** with commits and rollbacks, and full forward/reverse scans, over keys that include
** long ones whose bytes spill into overflow pages and share long prefixes (so the raw-key
** comparator must read past the local part of a cell). Every read must agree with the
** model; the store must pass the integrity check and read back the same after reopening.
*/
#include "testutil.h"

enum { NKEYS = 400, LONGPFX = 1500 };

typedef struct {
  uint8_t *key[NKEYS];
  int nkey[NKEYS];
  int order[NKEYS];        /* key indexes in store order (bytewise, shorter first) */
  /* model state and a saved copy for rollbacks */
  int present[NKEYS], vlen[NKEYS], vseed[NKEYS];
  int s_present[NKEYS], s_vlen[NKEYS], s_vseed[NKEYS];
} Model;

static Model M;

static void make_keys(void) {
  for (int i = 0; i < NKEYS; i++) {
    uint8_t buf[LONGPFX + 16];
    int n;
    switch (i % 4) {
      case 0: n = snprintf((char *)buf, sizeof buf, "k%05d", i); break;
      case 1:                                        /* long shared prefix, differs at the end */
        memset(buf, 'L', LONGPFX);
        n = LONGPFX + snprintf((char *)buf + LONGPFX, 16, "%05d", i);
        break;
      case 2:                                        /* binary, with NULs */
        n = 3 + i % 5;
        for (int j = 0; j < n; j++) buf[j] = (uint8_t)((i * 37 + j * 101) & (j % 2 ? 0x00 : 0xff));
        buf[n - 1] = (uint8_t)i;
        buf[0] = (uint8_t)(i >> 2);
        break;
      default:                                       /* prefixes of one another */
        n = 1 + (i / 4) % 40;
        memset(buf, 'p', (size_t)n);
        buf[n - 1] = (uint8_t)('a' + (i / 160));
        break;
    }
    M.key[i] = malloc((size_t)n);
    memcpy(M.key[i], buf, (size_t)n);
    M.nkey[i] = n;
  }
  /* Duplicate keys would break the model: make them unique by dropping repeats. */
  for (int i = 0; i < NKEYS; i++)
    for (int j = 0; j < i; j++)
      if (M.key[j] && M.nkey[i] == M.nkey[j] && memcmp(M.key[i], M.key[j], (size_t)M.nkey[i]) == 0) {
        free(M.key[i]);
        M.key[i] = NULL;
        break;
      }
}

static int keycmp(int a, int b) {
  int n = M.nkey[a] < M.nkey[b] ? M.nkey[a] : M.nkey[b];
  int c = memcmp(M.key[a], M.key[b], (size_t)n);
  return c ? c : M.nkey[a] - M.nkey[b];
}

static void sort_keys(void) {
  int n = 0;
  for (int i = 0; i < NKEYS; i++) if (M.key[i]) M.order[n++] = i;
  for (int i = n; i < NKEYS; i++) M.order[i] = -1;
  for (int i = 1; i < n; i++) {   /* insertion sort: n is small */
    int x = M.order[i], j = i - 1;
    while (j >= 0 && keycmp(M.order[j], x) > 0) { M.order[j + 1] = M.order[j]; j--; }
    M.order[j + 1] = x;
  }
}

static void fill_value(uint8_t *v, int n, int seed) {
  for (int j = 0; j < n; j++) v[j] = (uint8_t)(seed + j * 31);
}

static int value_ok(const void *p, int n, int i) {
  static uint8_t want[40000];
  if (n != M.vlen[i]) return 0;
  fill_value(want, n, M.vseed[i]);
  return n == 0 || memcmp(p, want, (size_t)n) == 0;
}

/* Full scan in one direction; returns the number of mismatches. */
static int scan_matches(KVStore *kv, int reverse) {
  KVIterator *it = NULL;
  int bad = 0, pos = reverse ? NKEYS - 1 : 0;
  if (reverse ? kvstore_reverse_iterator_create(kv, &it) : kvstore_iterator_create(kv, &it)) return 1;
  if (reverse ? kvstore_iterator_last(it) : kvstore_iterator_first(it)) bad++;
  while (!bad && !kvstore_iterator_eof(it)) {
    while (pos >= 0 && pos < NKEYS && (M.order[pos] < 0 || !M.present[M.order[pos]])) pos += reverse ? -1 : 1;
    void *k, *v;
    int nk, nv;
    if (pos < 0 || pos >= NKEYS || kvstore_iterator_key(it, &k, &nk) || kvstore_iterator_value(it, &v, &nv)) { bad++; break; }
    int i = M.order[pos];
    if (nk != M.nkey[i] || memcmp(k, M.key[i], (size_t)nk) != 0 || !value_ok(v, nv, i)) bad++;
    pos += reverse ? -1 : 1;
    if ((reverse ? kvstore_iterator_prev(it) : kvstore_iterator_next(it)) != KVSTORE_OK) bad++;
  }
  while (pos >= 0 && pos < NKEYS && (M.order[pos] < 0 || !M.present[M.order[pos]])) pos += reverse ? -1 : 1;
  if (pos >= 0 && pos < NKEYS) bad++;   /* entries the scan never reached */
  kvstore_iterator_close(it);
  return bad;
}

static int point_reads_match(KVStore *kv) {
  int bad = 0;
  for (int i = 0; i < NKEYS; i++) {
    if (!M.key[i]) continue;
    void *v = NULL;
    int n = 0;
    int rc = kvstore_get(kv, M.key[i], M.nkey[i], &v, &n);
    if (M.present[i] ? (rc != KVSTORE_OK || !value_ok(v, n, i)) : rc != KVSTORE_NOTFOUND) bad++;
    snkv_free(v);
  }
  return bad;
}

static void run(int jm, int pageSize, uint64_t seed, int steps) {
  const char *p = t_path("model");
  KVStoreConfig c = t_cfg(jm);
  c.pageSize = pageSize;
  c.cacheSize = 50;   /* small cache: dirty pages spill during big transactions */
  c.syncLevel = KVSTORE_SYNC_OFF;   /* durability is not the point here: speed is */
  KVStore *kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return;
  memset(M.present, 0, sizeof M.present);
  static uint8_t val[40000];
  int inTxn = 0, bad = 0;
  for (int s = 0; s < steps && !bad; s++) {
    int i = (int)(t_rand(&seed) % NKEYS);
    if (!M.key[i]) continue;
    int op = (int)(t_rand(&seed) % 100);
    if (op < 40) {
      int r = (int)(t_rand(&seed) % 100);
      int n = r < 10 ? 0 : r < 80 ? (int)(t_rand(&seed) % 600) : r < 97 ? (int)(t_rand(&seed) % 5000) : (int)(t_rand(&seed) % 40000);
      int sd = (int)(t_rand(&seed) & 0xff);
      fill_value(val, n, sd);
      if (!CHECK_OK(kv, kvstore_put(kv, M.key[i], M.nkey[i], val, n))) bad++;
      M.present[i] = 1; M.vlen[i] = n; M.vseed[i] = sd;
    } else if (op < 55) {
      int rc = kvstore_delete(kv, M.key[i], M.nkey[i]);
      if (!CHECK_RC(kv, rc, M.present[i] ? KVSTORE_OK : KVSTORE_NOTFOUND)) bad++;
      M.present[i] = 0;
    } else if (op < 75) {
      void *v = NULL;
      int n = 0, rc = kvstore_get(kv, M.key[i], M.nkey[i], &v, &n);
      if (M.present[i] ? (rc != KVSTORE_OK || !value_ok(v, n, i)) : rc != KVSTORE_NOTFOUND) {
        CHECK(0);
        t_note("step %d: get of key %d rc=%d len=%d (model: present=%d len=%d)", s, i, rc, n, M.present[i], M.vlen[i]);
        bad++;
      }
      snkv_free(v);
    } else if (op < 85) {
      int ex = -1;
      if (!CHECK_OK(kv, kvstore_exists(kv, M.key[i], M.nkey[i], &ex)) || !CHECK_EQ(ex, M.present[i])) bad++;
    } else if (op < 91) {
      if (!inTxn) {
        if (!CHECK_OK(kv, kvstore_begin(kv, 1))) bad++;
        memcpy(M.s_present, M.present, sizeof M.present);
        memcpy(M.s_vlen, M.vlen, sizeof M.vlen);
        memcpy(M.s_vseed, M.vseed, sizeof M.vseed);
        inTxn = 1;
      }
    } else if (op < 95) {
      if (inTxn) {
        if (!CHECK_OK(kv, kvstore_commit(kv))) bad++;
        inTxn = 0;
      }
    } else if (op < 97) {
      if (inTxn) {
        if (!CHECK_OK(kv, kvstore_rollback(kv))) bad++;
        memcpy(M.present, M.s_present, sizeof M.present);
        memcpy(M.vlen, M.s_vlen, sizeof M.vlen);
        memcpy(M.vseed, M.s_vseed, sizeof M.vseed);
        inTxn = 0;
      }
    } else {
      int mism = scan_matches(kv, op % 2);
      if (!CHECK_EQ(mism, 0)) { t_note("step %d: %s scan disagrees with the model", s, op % 2 ? "reverse" : "forward"); bad++; }
    }
  }
  if (inTxn) CHECK_OK(kv, kvstore_commit(kv));
  int live = 0;
  for (int i = 0; i < NKEYS; i++) live += M.key[i] && M.present[i];
  CHECK_EQ(t_count(kv), live);
  CHECK_EQ(scan_matches(kv, 0), 0);
  CHECK_EQ(scan_matches(kv, 1), 0);
  CHECK_OK(kv, t_integrity(kv));
  CHECK_OK(kv, kvstore_incremental_vacuum(kv, 0));
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
  kv = t_open(p, jm);
  if (!kv) return;
  CHECK_EQ(point_reads_match(kv), 0);
  CHECK_EQ(scan_matches(kv, 0), 0);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

static void test_model_wal_4k(void) { run(KVSTORE_JOURNAL_WAL, 4096, 0xabc1, 8000); }
static void test_model_delete_4k(void) { run(KVSTORE_JOURNAL_DELETE, 4096, 0xabc2, 4000); }
static void test_model_wal_512(void) { run(KVSTORE_JOURNAL_WAL, 512, 0xabc3, 5000); }
static void test_model_wal_64k(void) { run(KVSTORE_JOURNAL_WAL, 65536, 0xabc4, 3000); }

int main(void) {
  t_setup("model");
  make_keys();
  sort_keys();
  RUN(test_model_wal_4k);
  RUN(test_model_delete_4k);
  RUN(test_model_wal_512);
  RUN(test_model_wal_64k);
  for (int i = 0; i < NKEYS; i++) free(M.key[i]);
  return t_finish();
}
