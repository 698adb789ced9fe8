/*
** workloads.c — the eight workloads of the reference benchmark (spec §5.2), driven
** through the BenchSide interface so SNKV and the SQL peer run the same code.
**
** Keys and values have the reference's shapes and lengths (key_%08d / 12 B, 61-byte
** values, ...). Random keys come from splitmix64 seeded from (seed, run, workload), and
** every plan is generated before its clock starts, so both sides see the same
** operation sequence and the timed loop holds only the store calls and an 8-digit fill.
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* clock_gettime, wait4 on glibc with -std=c11 */
#endif
#include "bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#  if __has_include(<valgrind/callgrind.h>)
#    include <valgrind/callgrind.h>
#    define BENCH_HAVE_CALLGRIND 1
#  endif
#endif

const char *const bench_workload_names[W_COUNT] = {
  "seq-write", "rand-read", "seq-scan", "rand-update",
  "rand-delete", "exists", "mixed", "bulk-insert"
};
const char *const bench_workload_titles[W_COUNT] = {
  "Sequential writes", "Random reads", "Sequential scan", "Random updates",
  "Random deletes", "Exists checks", "Mixed workload", "Bulk insert"
};

/* Operation counts of the reference (they do not scale with the record count). */
#define N_READS   50000
#define N_UPDATES 10000
#define N_DELETES  5000
#define N_EXISTS  50000
#define N_MIXED   20000
#define SEQ_BATCH  1000   /* puts per write transaction in the sequential-write phase */

double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void cpu_times(double *pUsr, double *pSys) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  *pUsr = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
  *pSys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform key indices in [0, records) for one workload; a pure function of its inputs. */
static uint32_t *plan_keys(const BenchOptions *opt, int run, int w, int n, uint8_t **ppKind) {
  uint64_t s = opt->seed ^ ((uint64_t)(run + 1) * 0xD1B54A32D192ED03ull) ^ ((uint64_t)(w + 1) << 56);
  uint32_t *a = malloc(sizeof(uint32_t) * (size_t)n);
  uint8_t *kind = ppKind ? malloc((size_t)n) : NULL;
  if (!a || (ppKind && !kind)) { fprintf(stderr, "out of memory\n"); exit(2); }
  for (int i = 0; i < n; i++) {
    a[i] = (uint32_t)(splitmix64(&s) % (uint64_t)opt->records);
    if (kind) {
      /* 70% get, 20% put, 10% delete (the reference's mix) */
      unsigned r = (unsigned)(splitmix64(&s) % 10);
      kind[i] = r < 7 ? 0 : r < 9 ? 1 : 2;
    }
  }
  if (ppKind) *ppKind = kind;
  return a;
}

/* Writes n as 8 zero-padded decimal digits (the reference's %08d for n < 1e8). */
static void fill8(char *p, uint32_t n) {
  for (int i = 7; i >= 0; i--) { p[i] = (char)('0' + n % 10); n /= 10; }
}

/* A string template whose 8 digits sit at offset `at`. */
typedef struct Fmt { char buf[80]; int n; int at; } Fmt;
static void fmt_init(Fmt *f, const char *prefix, const char *suffix) {
  f->at = (int)strlen(prefix);
  snprintf(f->buf, sizeof f->buf, "%s00000000%s", prefix, suffix);
  f->n = (int)strlen(f->buf);
}
static const char *fmt(Fmt *f, uint32_t i) { fill8(f->buf + f->at, i); return f->buf; }

static void remove_db(const char *path) {
  static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
  char p[4096];
  for (unsigned i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
    snprintf(p, sizeof p, "%s%s", path, sfx[i]);
    if (unlink(p) != 0 && errno != ENOENT) fprintf(stderr, "warning: cannot remove %s\n", p);
  }
}

/* Fails the run with the side's message. */
#define FAIL(what) do { \
    snprintf(out->err, sizeof out->err, "%s: %s: %s", side->name, what, \
             h ? side->errmsg(h) : "(no handle)"); \
    goto done; } while (0)

/* Profiling hooks: with --workload, only the selected phase is collected (run under
** valgrind --tool=callgrind --instr-atstart=no; see README). */
static void prof_begin(int on) {
#ifdef BENCH_HAVE_CALLGRIND
  if (on) { CALLGRIND_START_INSTRUMENTATION; CALLGRIND_ZERO_STATS; }
#else
  (void)on;
#endif
}
static void prof_end(int on, const char *name) {
#ifdef BENCH_HAVE_CALLGRIND
  if (on) { CALLGRIND_DUMP_STATS_AT(name); CALLGRIND_STOP_INSTRUMENTATION; }
#else
  (void)on; (void)name;
#endif
}

/* --verify: the side's integrity check, outside any timed phase. */
static int verify(const BenchSide *side, void *h, const char *what, BenchRun *out) {
  char e[200] = "";
  if (side->verify(h, e, sizeof e) == 0) return 0;
  snprintf(out->err, sizeof out->err, "%s: integrity check of the %s failed: %s", side->name, what, e);
  return 1;
}

/* Phase clock: wall time plus the process's user and kernel CPU time. */
#define START() do { cpu_times(&u0, &s0); t0 = bench_now(); } while (0)
#define STOP(w) do { double u1_, s1_; out->secs[w] = bench_now() - t0; cpu_times(&u1_, &s1_); \
                     out->usr[w] = u1_ - u0; out->sys[w] = s1_ - s0; } while (0)

void bench_run_side(const BenchSide *side, const BenchOptions *opt, int run, BenchRun *out) {
  char path[4096], bulkPath[4096];
  void *h = NULL;
  uint32_t *keys = NULL;
  uint8_t *kind = NULL;
  const uint32_t N = (uint32_t)opt->records;
  const int sel = opt->workload;
  Fmt key, val, upd, mix, bkey, bval;
  double t0, u0, s0;

  memset(out, 0, sizeof *out);
  /* The parent's pid in the names keeps concurrent benchmark processes apart. */
  snprintf(path, sizeof path, "%s/bench_%s_%ld_kv.db", opt->dir, side->name, (long)opt->ownerPid);
  snprintf(bulkPath, sizeof bulkPath, "%s/bench_%s_%ld_bulk.db", opt->dir, side->name, (long)opt->ownerPid);
  fmt_init(&key, "key_", "");
  fmt_init(&val, "value_", "_with_some_additional_data_to_make_it_realistic");
  fmt_init(&upd, "updated_value_", "");
  fmt_init(&mix, "mixed_value_", "");
  fmt_init(&bkey, "bulk_key_", "");
  fmt_init(&bval, "bulk_value_", "");

  /* With --workload W, the phases before W run untimed as setup (the store is in the
  ** same state as in a full run); bulk insert needs none. */
  int last = sel < 0 ? W_COUNT - 1 : sel;
  int first = sel == W_BULK_INSERT ? W_BULK_INSERT : 0;

  if (first < W_BULK_INSERT) {
    remove_db(path);
    char e[256] = "";
    h = side->open(path, e, sizeof e);
    if (!h) { snprintf(out->err, sizeof out->err, "%s: open %.150s: %.80s", side->name, path, e); goto done; }
  }

  for (int w = first; w <= last; w++) {
    const int prof = (w == sel);
    int found, len, ex;
    uint64_t hits = 0, bytes = 0, gone = 0;
    int n;
    switch (w) {
      case W_SEQ_WRITE:
        prof_begin(prof);
        START();
        for (uint32_t i = 0; i < N; i++) {
          if (i % SEQ_BATCH == 0 && side->begin(h)) FAIL("begin");
          if (side->put(h, fmt(&key, i), key.n, fmt(&val, i), val.n)) FAIL("put");
          if ((i % SEQ_BATCH == SEQ_BATCH - 1 || i == N - 1) && side->commit(h)) FAIL("commit");
        }
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = N;
        out->check[w] = N;
        break;

      case W_RAND_READ:
        n = N_READS;
        keys = plan_keys(opt, run, w, n, NULL);
        prof_begin(prof);
        START();
        for (int i = 0; i < n; i++) {
          if (side->get(h, fmt(&key, keys[i]), key.n, &found, &len)) FAIL("get");
          hits += (uint64_t)found;
          bytes += (uint64_t)len;
        }
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = (uint64_t)n;
        out->check[w] = hits * 1000003u + bytes;
        break;

      case W_SEQ_SCAN: {
        uint64_t cnt = 0;
        prof_begin(prof);
        START();
        if (side->scan(h, &cnt, &bytes)) FAIL("scan");
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = cnt;
        out->check[w] = cnt * 1000003u + bytes;
        break;
      }

      case W_RAND_UPDATE:
        n = N_UPDATES;
        keys = plan_keys(opt, run, w, n, NULL);
        prof_begin(prof);
        START();
        if (side->begin(h)) FAIL("begin");
        for (int i = 0; i < n; i++) {
          if (side->put(h, fmt(&key, keys[i]), key.n, fmt(&upd, keys[i]), upd.n)) FAIL("put");
        }
        if (side->commit(h)) FAIL("commit");
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = (uint64_t)n;
        out->check[w] = (uint64_t)n;
        break;

      case W_RAND_DELETE:
        n = N_DELETES;
        keys = plan_keys(opt, run, w, n, NULL);
        prof_begin(prof);
        START();
        if (side->begin(h)) FAIL("begin");
        for (int i = 0; i < n; i++) {
          if (side->del(h, fmt(&key, keys[i]), key.n, &ex)) FAIL("delete");
          gone += (uint64_t)ex;
        }
        if (side->commit(h)) FAIL("commit");
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = (uint64_t)n;
        out->check[w] = gone;
        break;

      case W_EXISTS:
        n = N_EXISTS;
        keys = plan_keys(opt, run, w, n, NULL);
        prof_begin(prof);
        START();
        for (int i = 0; i < n; i++) {
          if (side->exists(h, fmt(&key, keys[i]), key.n, &found)) FAIL("exists");
          hits += (uint64_t)found;
        }
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = (uint64_t)n;
        out->check[w] = hits;
        break;

      case W_MIXED:
        n = N_MIXED;
        keys = plan_keys(opt, run, w, n, &kind);
        prof_begin(prof);
        START();
        if (side->begin(h)) FAIL("begin");
        for (int i = 0; i < n; i++) {
          const char *k = fmt(&key, keys[i]);
          if (kind[i] == 0) {
            if (side->get(h, k, key.n, &found, &len)) FAIL("get");
            hits += (uint64_t)found;
            bytes += (uint64_t)len;
          } else if (kind[i] == 1) {
            if (side->put(h, k, key.n, fmt(&mix, keys[i]), mix.n)) FAIL("put");
          } else {
            if (side->del(h, k, key.n, &ex)) FAIL("delete");
            gone += (uint64_t)ex;
          }
        }
        if (side->commit(h)) FAIL("commit");
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = (uint64_t)n;
        out->check[w] = hits * 1000003u + bytes + gone * 1000000007u;
        break;

      case W_BULK_INSERT: {
        /* A separate store, as in the reference; open and close are not timed. */
        if (h && opt->verify && verify(side, h, "main store", out)) goto done;
        if (h) { side->close(h); h = NULL; remove_db(path); }
        remove_db(bulkPath);
        char e[256] = "";
        h = side->open(bulkPath, e, sizeof e);
        if (!h) { snprintf(out->err, sizeof out->err, "%s: open %.150s: %.80s", side->name, bulkPath, e); goto done; }
        prof_begin(prof);
        START();
        if (side->begin(h)) FAIL("begin");
        for (uint32_t i = 0; i < N; i++) {
          if (side->put(h, fmt(&bkey, i), bkey.n, fmt(&bval, i), bval.n)) FAIL("put");
        }
        if (side->commit(h)) FAIL("commit");
        STOP(w);
        prof_end(prof, bench_workload_names[w]);
        out->ops[w] = N;
        out->check[w] = N;
        if (opt->verify && verify(side, h, "bulk store", out)) goto done;
        side->close(h);
        h = NULL;
        remove_db(bulkPath);
        break;
      }
    }
    free(keys); keys = NULL;
    free(kind); kind = NULL;
  }
  if (h && opt->verify && verify(side, h, "main store", out)) goto done;
  out->ok = 1;

done:
  free(keys);
  free(kind);
  if (h) side->close(h);
  remove_db(path);
  remove_db(bulkPath);
}
