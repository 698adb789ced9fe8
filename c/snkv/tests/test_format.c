/*
** test_format.c — the bytes our engine writes (spec §1 and Appendix A): the database
** header and meta slots, page 1, the pointer-map page, data-family index cells
** (u32 BE klen | key | value, no record header), catalog rows (FNV-1a rowids as
** varints; payload len | name | root), TTL key-index and expiry-index entries, catalog
** tombstones and root relocation on drop, and header bytes 18/19 per journal mode.
** Files are decoded page by page straight from disk after a clean close.
*/
#include "testutil.h"

#define PGSZ 4096

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t meta(const uint8_t *db, int i) { return be32(db + 36 + 4 * i); }

/* SQLite varint: 7 bits per byte, high bit = more, the 9th byte carries 8 bits. */
static int get_varint(const uint8_t *p, uint64_t *v) {
  uint64_t x = 0;
  for (int i = 0; i < 8; i++) {
    x = (x << 7) | (p[i] & 0x7f);
    if (!(p[i] & 0x80)) { *v = x; return i + 1; }
  }
  *v = (x << 8) | p[8];
  return 9;
}

static uint64_t fnv1a(const char *s) {
  uint64_t h = 14695981039346656037ULL;
  for (; *s; s++) { h ^= (uint8_t)*s; h *= 1099511628211ULL; }
  h &= 0x7FFFFFFFFFFFFFFFULL;
  return h ? h : 1;
}

typedef struct {
  const uint8_t *pg;   /* page start */
  int hdr;             /* offset of the b-tree header (100 on page 1) */
  int type, ncell, content, freeblock, frag;
} Page;

static Page page(const uint8_t *db, uint32_t pgno) {
  Page p;
  p.pg = db + (size_t)(pgno - 1) * PGSZ;
  p.hdr = pgno == 1 ? 100 : 0;
  const uint8_t *h = p.pg + p.hdr;
  p.type = h[0];
  p.freeblock = be16(h + 1);
  p.ncell = be16(h + 3);
  p.content = be16(h + 5);
  p.frag = h[7];
  return p;
}
static const uint8_t *cell(const Page *p, int i) {
  int hsz = (p->type == 0x02 || p->type == 0x05) ? 12 : 8;
  return p->pg + be16(p->pg + p->hdr + hsz + 2 * i);
}

/* An index leaf cell is varint(payload) + payload; compare the whole cell. */
static int index_cell_is(const Page *p, int i, const uint8_t *want, int n) {
  const uint8_t *c = cell(p, i);
  uint64_t len;
  int h = get_varint(c, &len);
  return (int)len + h == n && memcmp(c, want, (size_t)n) == 0;
}

/* Finds the catalog row for `name`: returns its root (or -1), checks rowid and payload. */
static int catalog_root(const uint8_t *db, const char *name) {
  Page cat = page(db, meta(db, 3));
  if (cat.type != 0x0D) return -1;
  uint64_t want = fnv1a(name);
  for (int i = 0; i < cat.ncell; i++) {
    const uint8_t *c = cell(&cat, i);
    uint64_t plen, rowid;
    c += get_varint(c, &plen);
    c += get_varint(c, &rowid);
    uint32_t nlen = be32(c);
    if (plen != 8 + (uint64_t)strlen(name) || nlen != strlen(name) || memcmp(c + 4, name, nlen) != 0) continue;
    if (rowid != want) return -2;   /* right name in the wrong slot */
    return (int)be32(c + 4 + nlen);
  }
  return -1;
}

static uint8_t *read_db(const char *p, long long *n) {
  uint8_t *db = t_read_file(p, n);
  if (!CHECK(db != NULL && *n >= 4 * PGSZ && *n % PGSZ == 0)) { free(db); return NULL; }
  return db;
}

/* The Appendix A workload. */
static void write_appendix_a(const char *path, int jm) {
  KVStore *kv = t_open(path, jm);
  if (!kv) return;
  CHECK_OK(kv, t_put(kv, "hello", "world"));
  CHECK_OK(kv, kvstore_put(kv, "a", 1, "", 0));
  KVColumnFamily *u = NULL;
  if (CHECK_OK(kv, kvstore_cf_create(kv, "users", &u))) CHECK_OK(kv, t_cfput(u, "k1", "v1"));
  kvstore_cf_close(u);
  CHECK_OK(kv, kvstore_put_ttl(kv, "t", 1, "x", 1, (int64_t)0x0000018000000000LL));
  CHECK_OK(kv, kvstore_close(kv));
}

static void check_header(const uint8_t *db, long long n, int jm) {
  CHECK(memcmp(db, "SQLite format 3\0", 16) == 0);
  CHECK_EQ(be16(db + 16), PGSZ);
  CHECK_EQ(db[18], jm == KVSTORE_JOURNAL_WAL ? 2 : 1);
  CHECK_EQ(db[19], jm == KVSTORE_JOURNAL_WAL ? 2 : 1);
  CHECK_EQ(db[20], 0);
  CHECK_EQ(db[21], 64);
  CHECK_EQ(db[22], 32);
  CHECK_EQ(db[23], 32);
  CHECK_EQ(be32(db + 28), n / PGSZ);         /* db size in pages matches the file */
  CHECK_EQ(be32(db + 92), be32(db + 24));    /* version-valid-for == change counter */
  CHECK_EQ(meta(db, 1), 3);                  /* default family root */
  CHECK_EQ(meta(db, 3), 4);                  /* catalog root */
  CHECK_EQ(meta(db, 5), 0);                  /* text encoding never set */
  CHECK_EQ(meta(db, 6), 0);
  CHECK_EQ(meta(db, 7), 1);                  /* incremental vacuum */
  CHECK_EQ(meta(db, 8), 0);
  int zero = 1;
  for (int i = 72; i < 92; i++) zero &= db[i] == 0;
  CHECK(zero);
}

static void test_appendix_a_delete_mode_bytes(void) {
  const char *p = t_path("appA");
  write_appendix_a(p, KVSTORE_JOURNAL_DELETE);
  CHECK(!t_file_exists(t_sidecar(p, "-journal")));
  long long n;
  uint8_t *db = read_db(p, &n);
  if (!db) return;
  CHECK_EQ(n, 7 * PGSZ);
  check_header(db, n, KVSTORE_JOURNAL_DELETE);
  CHECK_EQ(meta(db, 0), 0);   /* no free pages */
  CHECK_EQ(meta(db, 2), 4);   /* family counter: default, users, two TTL families */
  CHECK_EQ(meta(db, 4), 7);   /* largest root page */

  /* Page 1: an empty table leaf, never used. */
  static const uint8_t p1[] = { 0x0D, 0, 0, 0, 0, 0x10, 0x00, 0 };
  CHECK(memcmp(db + 100, p1, sizeof p1) == 0);

  /* Page 2: pointer map; pages 3..7 are root pages without parent. */
  for (int i = 0; i < 5; i++) {
    const uint8_t *e = db + PGSZ + 5 * i;
    if (!CHECK(e[0] == 1 && be32(e + 1) == 0)) t_note("ptrmap entry for page %d: %02x %08x", i + 3, e[0], be32(e + 1));
  }

  /* Page 3: default family, one index leaf, cells in key order a < hello < t. */
  Page d = page(db, 3);
  CHECK_EQ(d.type, 0x0A);
  CHECK_EQ(d.ncell, 3);
  CHECK_EQ(d.content, 0x0FE4);
  static const uint8_t ca[] = { 0x05, 0, 0, 0, 1, 'a' };
  static const uint8_t ch[] = { 0x0E, 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 'w', 'o', 'r', 'l', 'd' };
  static const uint8_t ct[] = { 0x06, 0, 0, 0, 1, 't', 'x' };
  if (d.ncell == 3) {
    CHECK(index_cell_is(&d, 0, ca, sizeof ca));
    CHECK(index_cell_is(&d, 1, ch, sizeof ch));
    CHECK(index_cell_is(&d, 2, ct, sizeof ct));
  }

  /* Page 4: the catalog, rows in rowid (FNV-1a) order. */
  Page c = page(db, 4);
  CHECK_EQ(c.type, 0x0D);
  CHECK_EQ(c.ncell, 3);
  CHECK_EQ(fnv1a("users"), 0x42288471628C3333ULL);
  CHECK_EQ(fnv1a("__snkv_ttl_k__default"), 0x3EC59BAA85E9C981ULL);
  CHECK_EQ(fnv1a("__snkv_ttl_e__default"), 0x4C4523E1146870E7ULL);
  static const uint8_t users_cell[] = { 0x0D, 0xA1, 0x8A, 0x90, 0xC7, 0x8B, 0x8A, 0x98, 0xB3, 0x33,
                                        0, 0, 0, 5, 'u', 's', 'e', 'r', 's', 0, 0, 0, 5 };
  int found_users = 0;
  uint64_t prev_rowid = 0;
  for (int i = 0; i < c.ncell; i++) {
    const uint8_t *cc = cell(&c, i);
    if (memcmp(cc, users_cell, sizeof users_cell) == 0) found_users = 1;
    uint64_t plen, rowid;
    int h = get_varint(cc, &plen);
    get_varint(cc + h, &rowid);
    CHECK(rowid > prev_rowid);
    prev_rowid = rowid;
  }
  CHECK(found_users);
  CHECK_EQ(catalog_root(db, "users"), 5);
  int rk = catalog_root(db, "__snkv_ttl_k__default"), re = catalog_root(db, "__snkv_ttl_e__default");
  CHECK((rk == 6 && re == 7) || (rk == 7 && re == 6));

  /* Page 5: users holds k1 -> v1. */
  Page u = page(db, 5);
  static const uint8_t ck1[] = { 0x08, 0, 0, 0, 2, 'k', '1', 'v', '1' };
  CHECK_EQ(u.type, 0x0A);
  if (CHECK_EQ(u.ncell, 1)) CHECK(index_cell_is(&u, 0, ck1, sizeof ck1));

  /* TTL key index: "t" -> 8-byte BE expiry; expiry index: expiry || "t" -> empty. */
  static const uint8_t cki[] = { 0x0D, 0, 0, 0, 1, 't', 0, 0, 0x01, 0x80, 0, 0, 0, 0 };
  static const uint8_t cei[] = { 0x0D, 0, 0, 0, 9, 0, 0, 0x01, 0x80, 0, 0, 0, 0, 't' };
  if (rk > 0 && re > 0) {
    Page k = page(db, (uint32_t)rk), e = page(db, (uint32_t)re);
    CHECK_EQ(k.type, 0x0A);
    CHECK_EQ(e.type, 0x0A);
    if (CHECK_EQ(k.ncell, 1)) CHECK(index_cell_is(&k, 0, cki, sizeof cki));
    if (CHECK_EQ(e.ncell, 1)) CHECK(index_cell_is(&e, 0, cei, sizeof cei));
  }
  free(db);

  /* Our file reads back through the engine, too. */
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  CHECK_VAL(kv, "hello", "world");
  CHECK_VAL(kv, "t", NULL);   /* 0x0000018000000000 ms is in 2021: expired */
  CHECK_EQ(t_count(kv), 3);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

static void test_appendix_a_wal_mode_bytes(void) {
  const char *p = t_path("appAwal");
  write_appendix_a(p, KVSTORE_JOURNAL_WAL);
  CHECK(!t_file_exists(t_sidecar(p, "-wal")));   /* the last close checkpoints */
  long long n;
  uint8_t *db = read_db(p, &n);
  if (!db) return;
  check_header(db, n, KVSTORE_JOURNAL_WAL);
  CHECK_EQ(meta(db, 2), 4);
  CHECK_EQ(meta(db, 4), 7);
  Page d = page(db, 3);
  CHECK_EQ(d.type, 0x0A);
  CHECK_EQ(d.ncell, 3);
  CHECK_EQ(catalog_root(db, "users"), 5);
  free(db);
}

/* A fresh store is pages 1..4: header page, pointer map, default family, catalog. */
static void test_fresh_store_layout(void) {
  const char *p = t_path("fresh");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  kvstore_close(kv);
  long long n;
  uint8_t *db = read_db(p, &n);
  if (!db) return;
  CHECK_EQ(n, 4 * PGSZ);
  check_header(db, n, KVSTORE_JOURNAL_DELETE);
  CHECK_EQ(meta(db, 2), 1);
  CHECK_EQ(meta(db, 4), 4);
  CHECK_EQ(page(db, 3).type, 0x0A);
  CHECK_EQ(page(db, 3).ncell, 0);
  CHECK_EQ(page(db, 4).type, 0x0D);
  CHECK_EQ(page(db, 4).ncell, 0);
  free(db);
}

/* Dropping a family leaves a 4-byte tombstone in its catalog slot and moves the highest
** root page into the freed root; the moved family's catalog row follows it. */
static void test_drop_writes_tombstone_and_relocates_root(void) {
  const char *p = t_path("drop");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  const char *names[3] = { "alpha", "beta", "gamma" };
  for (int i = 0; i < 3; i++) {
    KVColumnFamily *cf = NULL;
    if (CHECK_OK(kv, kvstore_cf_create(kv, names[i], &cf))) CHECK_OK(kv, t_cfput(cf, "key", names[i]));
    kvstore_cf_close(cf);
  }
  CHECK_OK(kv, kvstore_cf_drop(kv, "alpha"));
  CHECK_OK(kv, kvstore_close(kv));
  long long n;
  uint8_t *db = read_db(p, &n);
  if (!db) return;
  CHECK_EQ(meta(db, 2), 3);                 /* default, beta, gamma */
  CHECK_EQ(meta(db, 4), 6);
  CHECK_EQ(catalog_root(db, "beta"), 6);
  CHECK_EQ(catalog_root(db, "gamma"), 5);   /* moved from 7 into alpha's old root */
  CHECK_EQ(catalog_root(db, "alpha"), -1);
  Page c = page(db, 4);
  int tomb = 0;
  for (int i = 0; i < c.ncell; i++) {
    const uint8_t *cc = cell(&c, i);
    uint64_t plen, rowid;
    cc += get_varint(cc, &plen);
    cc += get_varint(cc, &rowid);
    if (rowid == fnv1a("alpha")) tomb = plen == 4 && be32(cc) == 0;
  }
  CHECK(tomb);
  /* gamma's data is on page 5 now. */
  Page g = page(db, 5);
  static const uint8_t cg[] = { 0x0C, 0, 0, 0, 3, 'k', 'e', 'y', 'g', 'a', 'm', 'm', 'a' };
  if (CHECK_EQ(g.ncell, 1)) CHECK(index_cell_is(&g, 0, cg, sizeof cg));
  free(db);
  /* The tombstone slot is reusable. */
  kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  KVColumnFamily *cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "alpha", &cf));
  kvstore_cf_close(cf);
  kvstore_close(kv);
  db = read_db(p, &n);
  if (!db) return;
  CHECK_EQ(catalog_root(db, "alpha"), 7);
  CHECK_EQ(page(db, 4).ncell, 3);
  free(db);
}

/* Opening in the mode the header already records writes nothing; a read-only open never
** changes the mode bytes. */
static void test_open_in_same_mode_writes_nothing(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("same");
    write_appendix_a(p, jm);
    long long n0, n1;
    uint8_t *before = t_read_file(p, &n0);
    KVStore *kv = t_open(p, jm);
    if (kv) {
      CHECK_VAL(kv, "hello", "world");
      kvstore_close(kv);
    }
    uint8_t *after = t_read_file(p, &n1);
    CHECK(before && after && n0 == n1 && memcmp(before, after, (size_t)n0) == 0);
    free(after);
    KVStoreConfig c = t_cfg(!jm);
    c.readOnly = 1;
    kv = NULL;
    if (CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) {
      CHECK_VAL(kv, "hello", "world");
      kvstore_close(kv);
    }
    after = t_read_file(p, &n1);
    CHECK(before && after && n0 == n1 && memcmp(before, after, (size_t)n0) == 0);
    free(after);
    free(before);
  }
}

/* Entries that spill into overflow pages: the local part follows SQLite's index rules
** and the whole payload (key then value) reads back. */
static void test_overflow_entry_layout(void) {
  const char *p = t_path("ovfl");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!kv) return;
  static uint8_t val[5000];
  for (int i = 0; i < 5000; i++) val[i] = (uint8_t)(i % 251);
  CHECK_OK(kv, kvstore_put(kv, "big", 3, val, sizeof val));
  kvstore_close(kv);
  long long n;
  uint8_t *db = read_db(p, &n);
  if (!db) return;
  Page d = page(db, 3);
  if (CHECK_EQ(d.ncell, 1)) {
    const uint8_t *c = cell(&d, 0);
    uint64_t plen;
    int h = get_varint(c, &plen);
    CHECK_EQ(plen, 4 + 3 + 5000);
    /* U=4096: X=1002, M=489, K = M + (P-M) % (U-4); local = K if K <= X else M. */
    int P = 5007, M = 489, X = 1002, K = M + (P - M) % (4096 - 4);
    int local = K <= X ? K : M;
    CHECK(be32(c + h) == 3 && memcmp(c + h + 4, "big", 3) == 0);
    CHECK(memcmp(c + h + 7, val, (size_t)local - 7) == 0);
    uint32_t ovfl = be32(c + h + local);
    CHECK(ovfl > 3 && ovfl <= (uint32_t)(n / PGSZ));
    if (ovfl > 3 && ovfl <= (uint32_t)(n / PGSZ)) {
      const uint8_t *o = db + (size_t)(ovfl - 1) * PGSZ;
      CHECK(memcmp(o + 4, val + local - 7, 100) == 0);   /* next chunk continues the value */
    }
  }
  free(db);
}

int main(void) {
  t_setup("format");
  RUN(test_fresh_store_layout);
  RUN(test_appendix_a_delete_mode_bytes);
  RUN(test_appendix_a_wal_mode_bytes);
  RUN(test_drop_writes_tombstone_and_relocates_root);
  RUN(test_open_in_same_mode_writes_nothing);
  RUN(test_overflow_entry_layout);
  return t_finish();
}
