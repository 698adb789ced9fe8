/*
** bench.h — shared declarations of the SNKV benchmark (bench/c).
**
** One run of one side = the eight workloads of the reference benchmark (spec §5.2),
** in order, on fresh files. Each side (SNKV through kvstore_*, SQLite through its SQL
** layer) implements the small BenchSide interface below; workloads.c drives it with
** operation plans generated from a fixed-seed PRNG, so both sides do identical work.
*/
#ifndef SNKV_BENCH_H
#define SNKV_BENCH_H

#include <stdint.h>

enum {
  W_SEQ_WRITE, W_RAND_READ, W_SEQ_SCAN, W_RAND_UPDATE,
  W_RAND_DELETE, W_EXISTS, W_MIXED, W_BULK_INSERT, W_COUNT
};
extern const char *const bench_workload_names[W_COUNT];   /* short ids: seq-write, ... */
extern const char *const bench_workload_titles[W_COUNT];  /* table titles */

/* What one side must provide. Every int-returning call returns 0 on success and
** non-zero on failure (with a message available from errmsg). */
typedef struct BenchSide {
  const char *name;                                   /* "snkv" / "sqlite" */
  void *(*open)(const char *path, char *zErr, int nErr);
  void (*close)(void *h);
  const char *(*errmsg)(void *h);
  int (*begin)(void *h);                              /* write transaction */
  int (*commit)(void *h);
  int (*put)(void *h, const void *k, int nk, const void *v, int nv);    /* upsert */
  /* *pFound = 1/0; *pLen = value length when found. The value must be read. */
  int (*get)(void *h, const void *k, int nk, int *pFound, int *pLen);
  int (*exists)(void *h, const void *k, int nk, int *pFound);
  int (*del)(void *h, const void *k, int nk, int *pExisted);
  /* Visits every entry in key order, reading key and value; counts entries and the
  ** bytes of keys and values seen. */
  int (*scan)(void *h, uint64_t *pCount, uint64_t *pBytes);
  /* Untimed consistency check of the whole store (--verify): 0 if sound. */
  int (*verify)(void *h, char *zErr, int nErr);
} BenchSide;

extern const BenchSide bench_side_snkv;
extern const BenchSide bench_side_sqlite;
extern int bench_sqlite_auto_vacuum;   /* peer option, set by --sqlite-auto-vacuum */

typedef struct BenchOptions {
  long records;       /* records in the main and the bulk store */
  int runs;
  const char *dir;
  const char *json;
  int only;           /* -1 both, else 0 snkv / 1 sqlite */
  int workload;       /* -1 all, else the only workload reported */
  uint64_t seed;
  int nofork;
  int cpu;            /* also print user/kernel CPU per op */
  int verify;         /* integrity-check each store after its last workload (untimed) */
  int timeout;        /* seconds one side's run may take before its child is killed; 0 none */
  long ownerPid;      /* pid of the parent, part of the store file names */
} BenchOptions;

/* Result of one run of one side. check[] summarises what each workload saw (hits,
** bytes), so the two sides can be checked for doing the same work. */
typedef struct BenchRun {
  int ok;
  double secs[W_COUNT];
  uint64_t ops[W_COUNT];
  uint64_t check[W_COUNT];
  double usr[W_COUNT], sys[W_COUNT];   /* CPU seconds in user and kernel mode */
  char err[256];
} BenchRun;

/* Runs the workloads (all, or setup + the one selected) for one side in this process. */
void bench_run_side(const BenchSide *side, const BenchOptions *opt, int run, BenchRun *out);

double bench_now(void);

#endif
