/*
** testutil.h — the tiny harness every C test program includes first.
**
** Checks are expressions returning 1 (pass) or 0 (fail), so a test can bail out with
** `if (!CHECK_OK(kv, ...)) goto done;`. A failure prints file:line, the test name, the
** expression, the codes and the store's error message. t_finish() prints a summary,
** removes the program's temp directory and gives the exit code (non-zero on failure).
** Each program gets one fresh mkdtemp directory; t_path() hands out unique file names
** inside it. Child processes (fork) must leave with _exit() so they never clean up.
*/
#ifndef SNKV_TESTUTIL_H
#define SNKV_TESTUTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "snkv.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int t_npass, t_nfail, t_test_failed;
static const char *t_test = "";
static char t_dir[512];

/* ---- reporting ------------------------------------------------------------------ */

static const char *t_msg_of(KVStore *kv) {
  static char buf[512];
  if (kv) return kvstore_errmsg(kv);
  snkv_errmsg(NULL, buf, (int)sizeof buf);
  return buf;
}

static int t_check(int ok, const char *expr, const char *file, int line, KVStore *kv) {
  if (ok) { t_npass++; return 1; }
  t_nfail++; t_test_failed = 1;
  fprintf(stderr, "FAIL %s:%d [%s] %s", file, line, t_test, expr);
  if (kv) fprintf(stderr, "  (errmsg: %s)", t_msg_of(kv));
  fprintf(stderr, "\n");
  return 0;
}

static int t_check_rc(int rc, int want, const char *expr, const char *file, int line, KVStore *kv) {
  if (rc == want) { t_npass++; return 1; }
  t_nfail++; t_test_failed = 1;
  fprintf(stderr, "FAIL %s:%d [%s] %s -> %d, want %d  (errmsg: %s)\n", file, line, t_test,
          expr, rc, want, t_msg_of(kv));
  return 0;
}

static int t_check_i64(int64_t got, int64_t want, const char *expr, const char *file, int line) {
  if (got == want) { t_npass++; return 1; }
  t_nfail++; t_test_failed = 1;
  fprintf(stderr, "FAIL %s:%d [%s] %s == %lld, want %lld\n", file, line, t_test, expr,
          (long long)got, (long long)want);
  return 0;
}

#define CHECK(cond)            t_check(!!(cond), #cond, __FILE__, __LINE__, NULL)
#define CHECK_KV(kv, cond)     t_check(!!(cond), #cond, __FILE__, __LINE__, (kv))
#define CHECK_RC(kv, expr, w)  t_check_rc((expr), (w), #expr, __FILE__, __LINE__, (kv))
#define CHECK_OK(kv, expr)     CHECK_RC(kv, expr, KVSTORE_OK)
#define CHECK_EQ(a, b)         t_check_i64((int64_t)(a), (int64_t)(b), #a, __FILE__, __LINE__)

static void t_note(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "     note [%s]: ", t_test);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
}

/* ---- program lifecycle ---------------------------------------------------------- */

static void t_setup(const char *prog) {
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp) tmp = "/tmp";
  snprintf(t_dir, sizeof t_dir, "%s/snkv-%s-XXXXXX", tmp, prog);
  if (!mkdtemp(t_dir)) { perror("mkdtemp"); exit(2); }
  setvbuf(stdout, NULL, _IOLBF, 0);
}

static int t_rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb; (void)flag; (void)ftw;
  return remove(p);
}
static void t_rmtree(const char *dir) { nftw(dir, t_rm_cb, 16, FTW_DEPTH | FTW_PHYS); }

#define RUN(fn) t_run(#fn, fn)
static void t_run(const char *name, void (*fn)(void)) {
  t_test = name; t_test_failed = 0;
  fn();
  printf("%s %s\n", t_test_failed ? "FAIL" : "ok  ", name);
  t_test = "";
}

static int t_finish(void) {
  printf("%d checks passed, %d failed\n", t_npass, t_nfail);
  if (t_dir[0]) t_rmtree(t_dir);
  return t_nfail ? 1 : 0;
}

/* A fresh, unique path in the temp dir (a small ring of static buffers). */
static const char *t_path(const char *stem) {
  static char ring[32][600];
  static int next, seq;
  char *p = ring[next++ % 32];
  snprintf(p, 600, "%s/%s-%d.db", t_dir, stem, ++seq);
  return p;
}

static const char *t_sidecar(const char *db, const char *suffix) {
  static char ring[8][640];
  static int next;
  char *p = ring[next++ % 8];
  snprintf(p, 640, "%s%s", db, suffix);
  return p;
}

/* ---- files ---------------------------------------------------------------------- */

static long long t_file_size(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 ? (long long)st.st_size : -1;
}
static int t_file_exists(const char *p) { return access(p, F_OK) == 0; }

/* Reads a whole file (malloc'd, caller free()s); NULL on error. */
static unsigned char *t_read_file(const char *p, long long *pn) {
  FILE *f = fopen(p, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
  if (b && n > 0 && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
  fclose(f);
  if (pn) *pn = n;
  return b;
}

static int t_write_file(const char *p, const void *data, long long n) {
  FILE *f = fopen(p, "wb");
  if (!f) return 0;
  int ok = n == 0 || fwrite(data, 1, (size_t)n, f) == (size_t)n;
  return fclose(f) == 0 && ok;
}

static int t_copy_file(const char *from, const char *to) {
  long long n;
  unsigned char *b = t_read_file(from, &n);
  if (!b) return 0;
  int ok = t_write_file(to, b, n);
  free(b);
  return ok;
}

/* ---- time and randomness -------------------------------------------------------- */

static void t_sleep_ms(int ms) {
  struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

static double t_now_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

/* xorshift64*: fixed seeds make damage and kill points repeatable. */
static uint64_t t_rand(uint64_t *s) {
  uint64_t x = *s;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* ---- store shortcuts ------------------------------------------------------------ */

static KVStoreConfig t_cfg(int journal) {
  KVStoreConfig c;
  snkv_config_default(&c);
  c.journalMode = journal;
  return c;
}

/* Opens with defaults except the journal mode; reports the failure if any. */
static KVStore *t_open(const char *path, int journal) {
  KVStoreConfig c = t_cfg(journal);
  KVStore *kv = NULL;
  int rc = kvstore_open_v2(path, &kv, &c);
  if (rc != KVSTORE_OK || !kv) {
    t_check_rc(rc, KVSTORE_OK, "kvstore_open_v2(t_open)", __FILE__, __LINE__, NULL);
    return NULL;
  }
  return kv;
}

static int t_put(KVStore *kv, const char *k, const char *v) {
  return kvstore_put(kv, k, (int)strlen(k), v, (int)strlen(v));
}
static int t_cfput(KVColumnFamily *cf, const char *k, const char *v) {
  return kvstore_cf_put(cf, k, (int)strlen(k), v, (int)strlen(v));
}

/* 1 if the key holds exactly v (a C string), else 0; NULL v means "must be absent". */
static int t_has_value(KVStore *kv, KVColumnFamily *cf, const char *k, const char *v) {
  void *p = NULL;
  int n = -1;
  int rc = cf ? kvstore_cf_get(cf, k, (int)strlen(k), &p, &n)
              : kvstore_get(kv, k, (int)strlen(k), &p, &n);
  int ok;
  if (!v) ok = rc == KVSTORE_NOTFOUND;
  else ok = rc == KVSTORE_OK && n == (int)strlen(v) && (n == 0 || memcmp(p, v, (size_t)n) == 0);
  snkv_free(p);
  return ok;
}
#define CHECK_VAL(kv, k, v)       t_check(t_has_value((kv), NULL, (k), (v)), "value of " #k " is " #v, __FILE__, __LINE__, (kv))
#define CHECK_CFVAL(kv, cf, k, v) t_check(t_has_value((kv), (cf), (k), (v)), "cf value of " #k " is " #v, __FILE__, __LINE__, (kv))

/* Number of entries a fresh forward iterator visits. */
static int t_iter_count(KVIterator *it) {
  int n = 0;
  if (!it) return -1;
  for (kvstore_iterator_first(it); !kvstore_iterator_eof(it); kvstore_iterator_next(it)) n++;
  return n;
}

static int64_t t_count(KVStore *kv) {
  int64_t n = -1;
  if (kvstore_count(kv, &n) != KVSTORE_OK) return -1;
  return n;
}

/* Runs the integrity check; on failure prints the checker's report. Returns the code. */
static int t_integrity(KVStore *kv) {
  char *msg = NULL;
  int rc = kvstore_integrity_check(kv, &msg);
  if (rc != KVSTORE_OK) fprintf(stderr, "     integrity [%s]: rc=%d %s\n", t_test, rc, msg ? msg : "(no message)");
  snkv_free(msg);
  return rc;
}

#endif /* SNKV_TESTUTIL_H */
