/*
** test_corrupt.c — damaged files must never crash or hang the engine. Copies of the
** fixtures are damaged in targeted ways (header magic, page size, truncation, catalog,
** interior and leaf pages of the default family, pointer map, WAL frames) and at random
** (byte flips and garbage pages from a fixed-seed PRNG, so runs repeat). Each copy is
** opened read-only and read-write, listed, read, iterated both ways, counted, written to
** and integrity-checked. Every status must be a known primary code; where the damage is
** structural, some call must report it (NOTADB / CORRUPT / ...).
*/
#include "testutil.h"

#include <signal.h>

#define FIX(name) SNKV_FIXTURES_DIR "/" name

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void put_be32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v; }
static int page_size(const uint8_t *db) { int s = db[16] << 8 | db[17]; return s == 1 ? 65536 : s; }

/* Codes a damaged file may legitimately produce. MISUSE (21) would mean the engine drove
** SQLite wrongly, so it is not accepted. */
static int known_code(int rc) {
  switch (rc) {
    case 0: case 1: case 5: case 6: case 7: case 8: case 10: case 11: case 12: case 13: case 14: case 26: return 1;
    default: return 0;
  }
}

typedef struct { int errors; int bad_codes; int integrity_failed; int open_rc; } Outcome;

static void note_rc(Outcome *o, int rc, const char *what) {
  if (rc == KVSTORE_OK || rc == KVSTORE_NOTFOUND) return;
  o->errors++;
  if (!known_code(rc)) {
    if (o->bad_codes++ < 3) t_note("%s returned unexpected code %d", what, rc);
  }
}

static void read_family(KVStore *kv, KVColumnFamily *cf, Outcome *o, int write) {
  char k[32];
  void *v = NULL;
  int n = 0;
  for (int i = 0; i < 3000; i += 13) {
    snprintf(k, sizeof k, "k%05d", i);
    note_rc(o, kvstore_cf_get(cf, k, (int)strlen(k), &v, &n), "get");
    snkv_free(v);
    v = NULL;
  }
  note_rc(o, kvstore_cf_get(cf, "big", 3, &v, &n), "get big");
  snkv_free(v);
  v = NULL;
  int ex = 0;
  note_rc(o, kvstore_cf_exists(cf, "u0100", 5, &ex), "exists");
  int64_t cnt = 0;
  note_rc(o, kvstore_cf_count(cf, &cnt), "count");
  for (int rev = 0; rev <= 1; rev++) {
    KVIterator *it = NULL;
    int rc = rev ? kvstore_cf_reverse_iterator_create(cf, &it) : kvstore_cf_iterator_create(cf, &it);
    note_rc(o, rc, "iterator_create");
    if (rc) continue;
    rc = rev ? kvstore_iterator_last(it) : kvstore_iterator_first(it);
    note_rc(o, rc, "iterator position");
    for (int steps = 0; rc == KVSTORE_OK && !kvstore_iterator_eof(it) && steps < 20000; steps++) {
      void *kk, *vv;
      int nk, nv;
      note_rc(o, kvstore_iterator_key(it, &kk, &nk), "iterator_key");
      note_rc(o, kvstore_iterator_value(it, &vv, &nv), "iterator_value");
      rc = rev ? kvstore_iterator_prev(it) : kvstore_iterator_next(it);
      note_rc(o, rc, "iterator move");
    }
    kvstore_iterator_close(it);
  }
  if (write) {
    note_rc(o, kvstore_cf_put(cf, "k00007", 6, "overwritten", 11), "put");
    note_rc(o, kvstore_cf_put(cf, "zz-new", 6, "new", 3), "put new");
    note_rc(o, kvstore_cf_delete(cf, "k00013", 6), "delete");
    int purged = 0;
    note_rc(o, kvstore_cf_purge_expired(cf, &purged), "purge");
  }
  (void)kv;
}

/* Opens the damaged copy and exercises it; fills *o. */
static Outcome exercise(const char *path, int readOnly, int jm) {
  Outcome o = { 0, 0, 0, 0 };
  KVStoreConfig c = t_cfg(jm);
  c.readOnly = readOnly;
  KVStore *kv = NULL;
  o.open_rc = kvstore_open_v2(path, &kv, &c);
  note_rc(&o, o.open_rc, "open");
  if (o.open_rc != KVSTORE_OK) {
    if (kv) { o.bad_codes++; t_note("failed open returned a handle"); }
    return o;
  }
  char **az = NULL;
  int n = 0;
  int rc = kvstore_cf_list(kv, &az, &n);
  note_rc(&o, rc, "cf_list");
  KVColumnFamily *def = NULL;
  note_rc(&o, kvstore_cf_get_default(kv, &def), "cf_get_default");
  if (def) read_family(kv, def, &o, !readOnly);
  kvstore_cf_close(def);
  for (int i = 0; rc == KVSTORE_OK && i < n && i < 10; i++) {
    KVColumnFamily *cf = NULL;
    int orc = kvstore_cf_open(kv, az[i], &cf);
    note_rc(&o, orc, "cf_open");
    if (orc == KVSTORE_OK) read_family(kv, cf, &o, !readOnly);
    kvstore_cf_close(cf);
  }
  for (int i = 0; i < n; i++) snkv_free(az[i]);
  snkv_free(az);
  KVColumnFamily *cf = NULL;
  note_rc(&o, kvstore_cf_open(kv, "users", &cf), "cf_open users");
  kvstore_cf_close(cf);
  if (!readOnly) {
    cf = NULL;
    note_rc(&o, kvstore_cf_create(kv, "created", &cf), "cf_create");
    if (cf) note_rc(&o, t_cfput(cf, "a", "b"), "cf_put");
    kvstore_cf_close(cf);
    note_rc(&o, kvstore_incremental_vacuum(kv, 0), "vacuum");
  }
  char *msg = NULL;
  int irc = kvstore_integrity_check(kv, &msg);
  note_rc(&o, irc, "integrity");
  o.integrity_failed = irc != KVSTORE_OK;
  snkv_free(msg);
  note_rc(&o, kvstore_close(kv), "close");
  return o;
}

/* ---- damage helpers ------------------------------------------------------------- */

typedef void (*Damage)(uint8_t *db, long long *n, uint64_t *seed);

/* Runs one damage on a fresh copy of the fixture, both read-only and read-write.
** must_detect: the damage is structural, so some call has to report an error. */
static void run_case(const char *fixture, const char *label, Damage dmg, uint64_t seed, int must_detect,
                     int want_open_rc) {
  long long n;
  uint8_t *db = t_read_file(fixture, &n);
  if (!CHECK(db != NULL)) return;
  db = realloc(db, (size_t)n + 65536);
  dmg(db, &n, &seed);
  int jm = db[18] == 2 ? KVSTORE_JOURNAL_WAL : KVSTORE_JOURNAL_DELETE;
  for (int ro = 1; ro >= 0; ro--) {
    const char *p = t_path("dmg");
    if (!CHECK(t_write_file(p, db, n))) break;
    Outcome o = exercise(p, ro, jm);
    if (!CHECK_EQ(o.bad_codes, 0)) t_note("case %s (%s)", label, ro ? "ro" : "rw");
    if (must_detect && !CHECK(o.errors > 0)) t_note("case %s (%s): damage went unnoticed", label, ro ? "ro" : "rw");
    if (want_open_rc && !CHECK_EQ(o.open_rc, want_open_rc)) t_note("case %s (%s)", label, ro ? "ro" : "rw");
  }
  free(db);
}

static void d_magic(uint8_t *db, long long *n, uint64_t *s) { (void)n; (void)s; memcpy(db, "SQLite format 4", 15); }
static void d_pagesize(uint8_t *db, long long *n, uint64_t *s) { (void)n; (void)s; db[16] = 0x03; db[17] = 0x00; }
static void d_trunc_half(uint8_t *db, long long *n, uint64_t *s) {
  (void)s; (void)db;
  int ps = page_size(db);
  *n = (*n / 2 / ps) * ps;
}
static void d_trunc_odd(uint8_t *db, long long *n, uint64_t *s) { (void)s; *n = page_size(db) * 3 + 777; }
static void d_trunc_tiny(uint8_t *db, long long *n, uint64_t *s) { (void)s; (void)db; *n = 60; }

static uint32_t root_default(const uint8_t *db) { return be32(db + 40); }
static uint32_t root_catalog(const uint8_t *db) { return be32(db + 48); }
static uint8_t *pg(uint8_t *db, uint32_t pgno) { return db + (size_t)(pgno - 1) * (size_t)page_size(db); }

/* First child of an interior index page (cell 0's left pointer). */
static uint32_t first_child(uint8_t *db, uint32_t pgno) {
  uint8_t *p = pg(db, pgno);
  int off = p[12] << 8 | p[13];
  return be32(p + off);
}

/* A leaf of the default family: descend along first children. */
static uint32_t default_leaf(uint8_t *db) {
  uint32_t p = root_default(db);
  for (int depth = 0; depth < 10 && pg(db, p)[0] == 0x02; depth++) p = first_child(db, p);
  return p;
}

static void d_catalog_garbage(uint8_t *db, long long *n, uint64_t *s) {
  (void)n;
  uint8_t *p = pg(db, root_catalog(db));
  for (int i = 0; i < page_size(db); i++) p[i] = (uint8_t)t_rand(s);
}
static void d_catalog_root_ptr(uint8_t *db, long long *n, uint64_t *s) {
  (void)s;
  put_be32(db + 48, (uint32_t)(*n / page_size(db)) + 50);   /* meta[3] beyond the file */
}
static void d_interior_child(uint8_t *db, long long *n, uint64_t *s) {
  (void)s;
  uint8_t *p = pg(db, root_default(db));
  if (p[0] != 0x02) return;
  int off = p[12] << 8 | p[13];
  put_be32(p + off, (uint32_t)(*n / page_size(db)) + 1000);
}
static void d_interior_rightmost(uint8_t *db, long long *n, uint64_t *s) {
  (void)n; (void)s;
  uint8_t *p = pg(db, root_default(db));
  if (p[0] == 0x02) put_be32(p + 8, 1);   /* points at page 1 */
}
static void d_leaf_type(uint8_t *db, long long *n, uint64_t *s) { (void)n; (void)s; pg(db, default_leaf(db))[0] = 0x01; }
static void d_leaf_ncell(uint8_t *db, long long *n, uint64_t *s) {
  (void)n; (void)s;
  uint8_t *p = pg(db, default_leaf(db));
  p[3] = 0xff; p[4] = 0xff;
}
static void d_leaf_cellptrs(uint8_t *db, long long *n, uint64_t *s) {
  (void)n;
  uint8_t *p = pg(db, default_leaf(db));
  int nc = p[3] << 8 | p[4];
  for (int i = 0; i < nc; i++) { p[8 + 2 * i] = (uint8_t)t_rand(s); p[9 + 2 * i] = (uint8_t)t_rand(s); }
}
static void d_ptrmap(uint8_t *db, long long *n, uint64_t *s) {
  (void)n; (void)s;
  uint8_t *p = pg(db, 2);
  for (int i = 0; i < 40; i++) { p[5 * i] = 5; put_be32(p + 5 * i + 1, 3); }
}
static void d_random_bytes(uint8_t *db, long long *n, uint64_t *s) {
  int count = 1 + (int)(t_rand(s) % 24);
  for (int i = 0; i < count; i++) {
    long long off = 100 + (long long)(t_rand(s) % (uint64_t)(*n - 100));
    db[off] ^= (uint8_t)(1 + t_rand(s) % 255);
  }
}
static void d_random_page(uint8_t *db, long long *n, uint64_t *s) {
  int ps = page_size(db);
  long long pages = *n / ps;
  uint32_t victim = 2 + (uint32_t)(t_rand(s) % (uint64_t)(pages - 1));
  uint8_t *p = pg(db, victim);
  int mode = (int)(t_rand(s) % 3);
  for (int i = 0; i < ps; i++) {
    if (mode == 0) p[i] = (uint8_t)t_rand(s);
    else if (mode == 1) p[i] = 0;
    else if (i < 64) p[i] = (uint8_t)t_rand(s);   /* header and first cell pointers only */
  }
}

static void run_fixture(const char *fixture) {
  run_case(fixture, "magic", d_magic, 1, 1, 26 /* NOTADB */);
  run_case(fixture, "page size", d_pagesize, 2, 1, 0);
  run_case(fixture, "truncated half", d_trunc_half, 3, 1, 0);
  run_case(fixture, "truncated mid-page", d_trunc_odd, 4, 1, 0);
  run_case(fixture, "truncated tiny", d_trunc_tiny, 5, 1, 0);
  run_case(fixture, "catalog garbage", d_catalog_garbage, 6, 1, 0);
  run_case(fixture, "catalog root beyond file", d_catalog_root_ptr, 7, 1, 0);
  run_case(fixture, "interior child", d_interior_child, 8, 1, 0);
  run_case(fixture, "interior right-most", d_interior_rightmost, 9, 1, 0);
  run_case(fixture, "leaf type", d_leaf_type, 10, 1, 0);
  run_case(fixture, "leaf cell count", d_leaf_ncell, 11, 1, 0);
  run_case(fixture, "leaf cell pointers", d_leaf_cellptrs, 12, 1, 0);
  run_case(fixture, "pointer map", d_ptrmap, 13, 1, 0);
  for (int i = 0; i < 12; i++) {
    char label[32];
    snprintf(label, sizeof label, "random bytes #%d", i);
    run_case(fixture, label, d_random_bytes, 1000 + (uint64_t)i, 0, 0);
    snprintf(label, sizeof label, "random page #%d", i);
    run_case(fixture, label, d_random_page, 5000 + (uint64_t)i, 0, 0);
  }
}

static void test_damaged_wal4k(void) { run_fixture(FIX("wal4k.db")); }
static void test_damaged_delete4k(void) { run_fixture(FIX("delete4k.db")); }
static void test_damaged_wal8k(void) { run_fixture(FIX("wal8k.db")); }

/* The integrity check reports damage it alone can see (a wrong pointer map): CORRUPT with
** the checker's report, through both the reference call and the FFI call. */
static void test_integrity_check_reports_damage(void) {
  long long n;
  uint8_t *db = t_read_file(FIX("wal4k.db"), &n);
  if (!CHECK(db != NULL)) return;
  uint64_t seed = 1;
  d_ptrmap(db, &n, &seed);
  const char *p = t_path("ic");
  CHECK(t_write_file(p, db, n));
  free(db);
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.readOnly = 1;
  KVStore *kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return;
  CHECK_VAL(kv, "empty", "");                  /* ordinary reads still work */
  char *msg = NULL;
  CHECK_RC(kv, kvstore_integrity_check(kv, &msg), KVSTORE_CORRUPT);
  CHECK(msg != NULL && msg[0] != 0);
  snkv_free(msg);
  CHECK(strstr(kvstore_errmsg(kv), "integrity") != NULL);
  char report[512] = "";
  CHECK_RC(kv, snkv_integrity_check(kv, report, sizeof report), KVSTORE_CORRUPT);
  CHECK(report[0] != 0);
  CHECK_VAL(kv, "empty", "");                  /* a failed check does not poison the handle */
  kvstore_close(kv);
}

/* A store left with committed frames in its WAL (copied while open), whose WAL is then
** damaged: recovery keeps the frames before the damage, and the result is consistent. */
static void test_damaged_wal_file_recovers_consistently(void) {
  const char *src = t_path("walsrc");
  KVStore *kv = t_open(src, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  for (int i = 0; i < 400; i++) {
    char k[16], v[64];
    snprintf(k, sizeof k, "k%04d", i);
    snprintf(v, sizeof v, "value-%d-%0*d", i, 30, i);
    CHECK_OK(kv, t_put(kv, k, v));
  }
  long long ndb, nwal;
  uint8_t *db = t_read_file(src, &ndb), *wal = t_read_file(t_sidecar(src, "-wal"), &nwal);
  kvstore_close(kv);
  if (!CHECK(db && wal && nwal > 32 + 4096)) { free(db); free(wal); return; }
  uint64_t seed = 77;
  for (int round = 0; round < 12; round++) {
    const char *p = t_path("walcopy");
    uint8_t *w = malloc((size_t)nwal);
    memcpy(w, wal, (size_t)nwal);
    long long nw = nwal;
    if (round == 0) nw = nwal - 1000;                        /* torn last frame */
    else if (round == 1) w[0] ^= 0xff;                       /* bad WAL magic: WAL ignored */
    else if (round == 2) nw = 20;                            /* shorter than a WAL header */
    else {
      long long off = 32 + (long long)(t_rand(&seed) % (uint64_t)(nwal - 32));
      w[off] ^= (uint8_t)(1 + t_rand(&seed) % 255);
    }
    CHECK(t_write_file(p, db, ndb));
    CHECK(t_write_file(t_sidecar(p, "-wal"), w, nw));
    free(w);
    KVStore *k2 = NULL;
    KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
    int rc = kvstore_open_v2(p, &k2, &c);
    if (!CHECK(known_code(rc))) t_note("round %d: open rc %d", round, rc);
    if (rc != KVSTORE_OK) continue;
    CHECK_OK(k2, t_integrity(k2));
    /* Whatever survived is a prefix of the committed history: keys 0..m-1, all intact. */
    int64_t cnt = t_count(k2);
    CHECK(cnt >= 0 && cnt <= 400);
    int bad = 0;
    for (int i = 0; i < 400; i++) {
      char k[16], v[64];
      snprintf(k, sizeof k, "k%04d", i);
      snprintf(v, sizeof v, "value-%d-%0*d", i, 30, i);
      if (!t_has_value(k2, NULL, k, i < cnt ? v : NULL)) bad++;
    }
    if (!CHECK_EQ(bad, 0)) t_note("round %d: count %lld", round, (long long)cnt);
    CHECK_OK(k2, t_put(k2, "after", "recovery"));
    kvstore_close(k2);
  }
  free(db);
  free(wal);
}

int main(void) {
  t_setup("corrupt");
  alarm(300);   /* a hang fails the program instead of stalling the suite */
  RUN(test_damaged_wal4k);
  RUN(test_damaged_delete4k);
  RUN(test_damaged_wal8k);
  RUN(test_integrity_check_reports_damage);
  RUN(test_damaged_wal_file_recovers_consistently);
  return t_finish();
}
