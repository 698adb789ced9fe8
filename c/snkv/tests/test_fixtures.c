/*
** test_fixtures.c — file-format compatibility with stores written by the reference
** (tests/fixtures, see its README): every entry of expected.jsonl is read back and its
** length and SHA-256 checked, iteration yields exactly the live entries in order, counts
** include expired entries, the family list and integrity check match, and a read-only
** session leaves the file byte-identical. Then a read-write copy is updated, a family
** dropped and another created, expired keys purged, and the reopened file re-verified.
** Fixtures are always copied to the temp dir first: they are never opened in place.
*/
#include "testutil.h"
#include "sha256.h"

#define FIX(name) SNKV_FIXTURES_DIR "/" name

typedef struct {
  char cf[16];
  uint8_t *key;
  int nkey;
  int vlen;
  char sha[65];
  int64_t expire;   /* 0 = permanent */
} Entry;

static Entry *g_ent;
static int g_nent;

/* ---- expected.jsonl, parsed by hand ---------------------------------------------- */

static const char *field(const char *line, const char *name) {
  char pat[40];
  snprintf(pat, sizeof pat, "\"%s\": ", name);
  const char *p = strstr(line, pat);
  return p ? p + strlen(pat) : NULL;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

static int parse_line(const char *line, Entry *e) {
  const char *p = field(line, "cf");
  if (!p || *p != '"') return 0;
  const char *q = strchr(p + 1, '"');
  if (!q || q - p - 1 >= (int)sizeof e->cf) return 0;
  memcpy(e->cf, p + 1, (size_t)(q - p - 1));
  e->cf[q - p - 1] = 0;
  p = field(line, "key_hex");
  if (!p || *p != '"') return 0;
  q = strchr(p + 1, '"');
  if (!q) return 0;
  e->nkey = (int)(q - p - 1) / 2;
  e->key = malloc((size_t)e->nkey + 1);
  for (int i = 0; i < e->nkey; i++) {
    int hi = hexval(p[1 + 2 * i]), lo = hexval(p[2 + 2 * i]);
    if (hi < 0 || lo < 0) return 0;
    e->key[i] = (uint8_t)(hi << 4 | lo);
  }
  p = field(line, "value_len");
  if (!p) return 0;
  e->vlen = atoi(p);
  p = field(line, "value_sha256");
  if (!p || *p != '"' || strlen(p) < 66) return 0;
  memcpy(e->sha, p + 1, 64);
  e->sha[64] = 0;
  p = field(line, "expire_ms");
  if (!p) return 0;
  e->expire = strncmp(p, "null", 4) == 0 ? 0 : strtoll(p, NULL, 10);
  return 1;
}

static int load_expected(void) {
  FILE *f = fopen(FIX("expected.jsonl"), "r");
  if (!CHECK(f != NULL)) return 0;
  static char line[16384];
  int cap = 4096;
  g_ent = calloc((size_t)cap, sizeof *g_ent);
  while (fgets(line, sizeof line, f)) {
    if (line[0] != '{') continue;
    if (g_nent == cap) {
      cap *= 2;
      g_ent = realloc(g_ent, (size_t)cap * sizeof *g_ent);
    }
    if (!CHECK(parse_line(line, &g_ent[g_nent]))) { t_note("bad line: %.80s", line); break; }
    g_nent++;
  }
  fclose(f);
  return CHECK_EQ(g_nent, 3411);
}

static void free_expected(void) {
  for (int i = 0; i < g_nent; i++) free(g_ent[i].key);
  free(g_ent);
}

/* ---- checks against a store ------------------------------------------------------ */

static KVColumnFamily *family(KVStore *kv, const char *name) {
  KVColumnFamily *cf = NULL;
  int rc = strcmp(name, "default") == 0 ? kvstore_cf_get_default(kv, &cf) : kvstore_cf_open(kv, name, &cf);
  CHECK_OK(kv, rc);
  return cf;
}

static int is_expired(const Entry *e) { return e->expire != 0 && e->expire <= kvstore_now_ms(); }

/* 1 if (key, value) are what entry e describes. */
static int value_matches(const Entry *e, const void *v, int n) {
  char hex[65];
  if (n != e->vlen) return 0;
  sha256_of(v, (size_t)n, hex);
  return strcmp(hex, e->sha) == 0;
}

/* skip(i) != 0 leaves entry i out (it was changed on purpose). */
typedef int (*SkipFn)(const Entry *e);
static int skip_none(const Entry *e) { (void)e; return 0; }

/* Point reads of every expected entry of family `name`. */
static void verify_point_reads(KVStore *kv, const char *name, SkipFn skip) {
  KVColumnFamily *cf = family(kv, name);
  if (!cf) return;
  int bad = 0, checked = 0;
  int64_t now = kvstore_now_ms();
  for (int i = 0; i < g_nent; i++) {
    const Entry *e = &g_ent[i];
    if (strcmp(e->cf, name) != 0 || skip(e)) continue;
    void *v = NULL;
    int n = 0, ex = -1;
    int64_t rem = 0;
    int rc = kvstore_cf_get(cf, e->key, e->nkey, &v, &n);
    int rcx = kvstore_cf_exists(cf, e->key, e->nkey, &ex);
    int rct = kvstore_cf_ttl_remaining(cf, e->key, e->nkey, &rem);
    int ok;
    if (is_expired(e)) {
      ok = rc == KVSTORE_NOTFOUND && rcx == KVSTORE_OK && ex == 0 && rct == KVSTORE_NOTFOUND;
    } else {
      ok = rc == KVSTORE_OK && value_matches(e, v, n) && rcx == KVSTORE_OK && ex == 1 && rct == KVSTORE_OK;
      if (e->expire) ok = ok && rem > 0 && rem <= e->expire - now && rem >= e->expire - now - 60000;
      else ok = ok && rem == KVSTORE_NO_TTL;
    }
    snkv_free(v);
    if (!ok && bad++ < 5)
      t_note("%s entry %d (key %d bytes): get rc=%d len=%d exists rc=%d/%d ttl rc=%d rem=%lld", name, i,
             e->nkey, rc, n, rcx, ex, rct, (long long)rem);
    checked++;
  }
  CHECK_EQ(bad, 0);
  CHECK(checked > 0);
  kvstore_cf_close(cf);
}

/* Forward and reverse iteration visit exactly the live expected entries, in order. */
static void verify_iteration(KVStore *kv, const char *name, int want_live, SkipFn skip) {
  KVColumnFamily *cf = family(kv, name);
  if (!cf) return;
  for (int rev = 0; rev <= 1; rev++) {
    KVIterator *it = NULL;
    if (!CHECK_OK(kv, rev ? kvstore_cf_reverse_iterator_create(cf, &it) : kvstore_cf_iterator_create(cf, &it))) continue;
    CHECK_OK(kv, rev ? kvstore_iterator_last(it) : kvstore_iterator_first(it));
    int i = rev ? g_nent - 1 : 0, seen = 0, bad = 0;
    while (!kvstore_iterator_eof(it)) {
      /* next expected live entry of this family in this direction */
      while (i >= 0 && i < g_nent && (strcmp(g_ent[i].cf, name) != 0 || is_expired(&g_ent[i]) || skip(&g_ent[i])))
        i += rev ? -1 : 1;
      void *k, *v;
      int nk, nv;
      if (kvstore_iterator_key(it, &k, &nk) || kvstore_iterator_value(it, &v, &nv)) { bad++; break; }
      Entry probe = { .key = k, .nkey = nk };
      if (skip(&probe)) { rev ? kvstore_iterator_prev(it) : kvstore_iterator_next(it); continue; }
      if (i < 0 || i >= g_nent || nk != g_ent[i].nkey || memcmp(k, g_ent[i].key, (size_t)nk) != 0 ||
          !value_matches(&g_ent[i], v, nv)) {
        if (bad++ < 3) t_note("%s %s: mismatch at position %d", name, rev ? "reverse" : "forward", seen);
      } else {
        i += rev ? -1 : 1;
      }
      seen++;
      rev ? kvstore_iterator_prev(it) : kvstore_iterator_next(it);
    }
    CHECK_EQ(bad, 0);
    if (want_live >= 0) CHECK_EQ(seen, want_live);
    kvstore_iterator_close(it);
  }
  kvstore_cf_close(cf);
}

static int64_t cf_count(KVStore *kv, const char *name) {
  KVColumnFamily *cf = family(kv, name);
  int64_t n = -1;
  if (cf) CHECK_OK(kv, kvstore_cf_count(cf, &n));
  kvstore_cf_close(cf);
  return n;
}

/* 1 if cf_list is exactly {a, b} (b may be NULL for a single name). */
static int list_is(KVStore *kv, const char *a, const char *b) {
  char **az = NULL;
  int n = 0, ok;
  if (kvstore_cf_list(kv, &az, &n) != KVSTORE_OK) return 0;
  if (b) ok = n == 2 && ((!strcmp(az[0], a) && !strcmp(az[1], b)) || (!strcmp(az[0], b) && !strcmp(az[1], a)));
  else ok = n == 1 && !strcmp(az[0], a);
  for (int i = 0; i < n; i++) snkv_free(az[i]);
  snkv_free(az);
  return ok;
}

/* ---- read-only session ----------------------------------------------------------- */

static void check_read_only(const char *fixture) {
  const char *p = t_path("ro");
  if (!CHECK(t_copy_file(fixture, p))) return;
  long long n0;
  unsigned char *before = t_read_file(p, &n0);
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.readOnly = 1;
  KVStore *kv = NULL;
  if (CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) {
    verify_point_reads(kv, "default", skip_none);
    verify_point_reads(kv, "users", skip_none);
    verify_point_reads(kv, "cache", skip_none);
    verify_iteration(kv, "default", 2905, skip_none);
    verify_iteration(kv, "users", 502, skip_none);
    verify_iteration(kv, "cache", 2, skip_none);
    CHECK_EQ(cf_count(kv, "default"), 2906);
    CHECK_EQ(cf_count(kv, "users"), 502);
    CHECK_EQ(cf_count(kv, "cache"), 3);
    CHECK(list_is(kv, "cache", "users"));
    KVColumnFamily *cf = NULL;
    CHECK_RC(kv, kvstore_cf_open(kv, "temp", &cf), KVSTORE_NOTFOUND);
    CHECK_OK(kv, t_integrity(kv));
    CHECK_OK(kv, kvstore_close(kv));
  }
  long long n1;
  unsigned char *after = t_read_file(p, &n1);
  CHECK(before && after && n0 == n1 && memcmp(before, after, (size_t)n0) == 0);
  free(before);
  free(after);
}

/* ---- read-write session ---------------------------------------------------------- */

static int key_is(const Entry *e, const char *s) {
  return e->nkey == (int)strlen(s) && memcmp(e->key, s, (size_t)e->nkey) == 0;
}
/* Keys the read-write session changes in the default family. */
static int skip_changed(const Entry *e) {
  return key_is(e, "k00001") || key_is(e, "k00003") || key_is(e, "k00005") || key_is(e, "empty") ||
         key_is(e, "newttl") || key_is(e, "fresh");
}

static void check_read_write(const char *fixture, int jm) {
  const char *p = t_path("rw");
  if (!CHECK(t_copy_file(fixture, p))) return;
  chmod(p, 0644);
  KVStore *kv = t_open(p, jm);
  if (!kv) return;
  int64_t later = kvstore_now_ms() + 3600 * 1000;
  CHECK_OK(kv, t_put(kv, "k00001", "updated"));
  CHECK_OK(kv, kvstore_delete(kv, "k00003", 6));
  CHECK_OK(kv, kvstore_put_ttl(kv, "k00005", 6, "ttl-now", 7, later));
  CHECK_OK(kv, kvstore_put_ttl(kv, "newttl", 6, "t", 1, later));
  CHECK_OK(kv, t_put(kv, "fresh", "value"));
  CHECK_OK(kv, t_put(kv, "empty", "not anymore"));
  KVColumnFamily *users = family(kv, "users");
  if (users) CHECK_OK(kv, t_cfput(users, "alice", "root"));
  kvstore_cf_close(users);
  CHECK_EQ(cf_count(kv, "default"), 2906 - 1 + 2);
  CHECK_OK(kv, kvstore_cf_drop(kv, "users"));
  KVColumnFamily *nf = NULL;
  if (CHECK_OK(kv, kvstore_cf_create(kv, "newfam", &nf))) {
    for (int i = 0; i < 300; i++) {
      char k[16], v[16];
      snprintf(k, sizeof k, "n%03d", i);
      snprintf(v, sizeof v, "nv%d", i);
      CHECK_OK(kv, t_cfput(nf, k, v));
    }
    CHECK_OK(kv, kvstore_cf_put_ttl(nf, "gone", 4, "x", 1, 1));
  }
  kvstore_cf_close(nf);
  int nDel = -1;
  CHECK_OK(kv, kvstore_purge_expired(kv, &nDel));
  CHECK_EQ(nDel, 1);                                  /* ttl:past */
  KVColumnFamily *cache = family(kv, "cache");
  if (cache) {
    CHECK_OK(kv, kvstore_cf_purge_expired(cache, &nDel));
    CHECK_EQ(nDel, 1);                                /* c2 */
  }
  kvstore_cf_close(cache);
  CHECK_OK(kv, t_integrity(kv));
  CHECK_OK(kv, kvstore_close(kv));

  /* Reopen (same mode, then the other one) and verify everything. */
  for (int pass = 0; pass < 2; pass++) {
    kv = t_open(p, pass ? !jm : jm);
    if (!kv) return;
    CHECK_OK(kv, t_integrity(kv));
    CHECK(list_is(kv, "cache", "newfam"));
    KVColumnFamily *cf = NULL;
    CHECK_RC(kv, kvstore_cf_open(kv, "users", &cf), KVSTORE_NOTFOUND);
    CHECK_VAL(kv, "k00001", "updated");
    CHECK_VAL(kv, "k00003", NULL);
    CHECK_VAL(kv, "k00005", "ttl-now");
    CHECK_VAL(kv, "fresh", "value");
    CHECK_VAL(kv, "empty", "not anymore");
    CHECK_VAL(kv, "ttl:future", "stays");
    int64_t rem = 0;
    CHECK_OK(kv, kvstore_ttl_remaining(kv, "newttl", 6, &rem));
    CHECK(rem > 0 && rem <= 3600 * 1000);
    CHECK_OK(kv, kvstore_ttl_remaining(kv, "k00001", 6, &rem));
    CHECK_EQ(rem, KVSTORE_NO_TTL);
    CHECK_EQ(cf_count(kv, "default"), 2906 - 1 + 2 - 1);
    CHECK_EQ(cf_count(kv, "cache"), 2);
    CHECK_EQ(cf_count(kv, "newfam"), 301);   /* "gone" is expired but not purged */
    verify_point_reads(kv, "default", skip_changed);
    verify_point_reads(kv, "cache", skip_none);
    verify_iteration(kv, "default", -1, skip_changed);
    verify_iteration(kv, "cache", 2, skip_none);
    cf = family(kv, "newfam");
    if (cf) {
      CHECK_CFVAL(kv, cf, "n000", "nv0");
      CHECK_CFVAL(kv, cf, "n299", "nv299");
      KVIterator *it = NULL;
      if (CHECK_OK(kv, kvstore_cf_iterator_create(cf, &it))) CHECK_EQ(t_iter_count(it), 300);
      kvstore_iterator_close(it);
    }
    kvstore_cf_close(cf);
    CHECK_OK(kv, kvstore_close(kv));
  }
}

static void test_fixture_wal4k(void) {
  check_read_only(FIX("wal4k.db"));
  check_read_write(FIX("wal4k.db"), KVSTORE_JOURNAL_WAL);
}
static void test_fixture_delete4k(void) {
  check_read_only(FIX("delete4k.db"));
  check_read_write(FIX("delete4k.db"), KVSTORE_JOURNAL_DELETE);
}
static void test_fixture_wal8k(void) {
  check_read_only(FIX("wal8k.db"));
  check_read_write(FIX("wal8k.db"), KVSTORE_JOURNAL_WAL);
}

/* The documented generation rules agree with the digests (guards the harness itself). */
static void test_expected_file_matches_readme_rules(void) {
  int checked = 0;
  for (int i = 0; i < g_nent; i++) {
    const Entry *e = &g_ent[i];
    if (strcmp(e->cf, "default") || e->nkey != 6 || e->key[0] != 'k') continue;
    char digits[6];
    memcpy(digits, e->key + 1, 5);
    digits[5] = 0;
    int n = atoi(digits);
    int len = (n * 37) % 300;
    char v[300];
    for (int j = 0; j < len; j++) v[j] = "0123456789abcdefghijklmnopqrstuvwxyz"[(n + j) % 36];
    if (!value_matches(e, v, len)) { t_note("rule mismatch for k%05d", n); break; }
    checked++;
  }
  CHECK_EQ(checked, 2900);
}

int main(void) {
  t_setup("fixtures");
  if (load_expected()) {
    RUN(test_expected_file_matches_readme_rules);
    RUN(test_fixture_wal4k);
    RUN(test_fixture_delete4k);
    RUN(test_fixture_wal8k);
  }
  free_expected();
  return t_finish();
}
