/*
** bench.c — snkv_bench: the reference SNKV benchmark (spec §5.2) for SNKV and for
** SQLite's SQL layer, in one run; options, process isolation, the report and JSON.
**
** Each run of each side happens in a forked child, so the two sides never share a
** heap or page cache and wait4() gives each its own peak RSS. Sides alternate which
** goes first from run to run, to spread slow drift on a noisy machine evenly; the
** reported figure is the median over runs of each workload's ops/s.
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* clock_gettime, wait4 on glibc with -std=c11 */
#endif
#include "bench.h"
#include "snkv.h"
#include "sqlite_peer.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SNKV_BENCH_ENGINE_SQLITE_VERSION
#define SNKV_BENCH_ENGINE_SQLITE_VERSION "unknown"
#endif
#ifndef SNKV_BENCH_PEER_CFLAGS
#define SNKV_BENCH_PEER_CFLAGS "unknown"
#endif

static const BenchSide *const g_sides[2] = { &bench_side_snkv, &bench_side_sqlite };

static void usage(FILE *f) {
  fprintf(f,
    "usage: snkv_bench [options]\n"
    "  --records N        records in the main and bulk stores (default 1000000)\n"
    "  --runs R           runs per side; the median ops/s is reported (default 1)\n"
    "  --dir PATH         where the store files go (default $TMPDIR or /tmp)\n"
    "  --json FILE        also write the results as JSON\n"
    "  --only snkv|sqlite run one side only\n"
    "  --workload NAME    report one workload only (earlier ones run untimed as setup);\n"
    "                     NAME: seq-write rand-read seq-scan rand-update rand-delete\n"
    "                     exists mixed bulk-insert\n"
    "  --seed S           PRNG seed for the random keys (default 20250101)\n"
    "  --no-fork          run the sides in this process (no per-side RSS)\n"
    "  --timeout SEC      kill a side's run after SEC seconds (default 900; 0 = never)\n"
    "  --cpu              also print user and kernel CPU microseconds per op\n"
    "  --verify           integrity-check every store after its last workload (untimed)\n"
    "  --sqlite-auto-vacuum  create the SQLite peer's file with incremental auto-vacuum\n"
    "                     (the layout SNKV's file format requires; default off)\n");
}

/* Runs one side once, in a child unless --no-fork; *pRssKb gets the child's peak RSS. */
static int run_once(const BenchSide *side, const BenchOptions *opt, int run, BenchRun *out,
                    long *pRssKb) {
  *pRssKb = -1;
  if (opt->nofork) { bench_run_side(side, opt, run, out); return 0; }
  int fd[2];
  if (pipe(fd) != 0) { perror("pipe"); return -1; }
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); return -1; }
  if (pid == 0) {
    close(fd[0]);
    if (opt->timeout > 0) alarm((unsigned)opt->timeout);   /* a hung engine ends the child */
    BenchRun r;
    bench_run_side(side, opt, run, &r);
    const char *p = (const char *)&r;
    size_t left = sizeof r;
    while (left > 0) {
      ssize_t k = write(fd[1], p, left);
      if (k <= 0) _exit(3);
      p += k; left -= (size_t)k;
    }
    _exit(0);
  }
  close(fd[1]);
  memset(out, 0, sizeof *out);
  char *p = (char *)out;
  size_t got = 0;
  while (got < sizeof *out) {
    ssize_t k = read(fd[0], p + got, sizeof *out - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
  }
  close(fd[0]);
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) { perror("wait4"); return -1; }
  }
  *pRssKb = ru.ru_maxrss;   /* kilobytes on Linux */
  if (got != sizeof *out || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    out->ok = 0;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
      snprintf(out->err, sizeof out->err, "%s: run did not finish within %d s (--timeout)", side->name, opt->timeout);
    else if (WIFSIGNALED(status))
      snprintf(out->err, sizeof out->err, "%s: child killed by signal %d", side->name, WTERMSIG(status));
    else
      snprintf(out->err, sizeof out->err, "%s: child failed (status 0x%x)", side->name, status);
  }
  return 0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  if (n <= 0) return 0;
  double t[64];
  memcpy(t, v, sizeof(double) * (size_t)n);
  qsort(t, (size_t)n, sizeof t[0], cmp_double);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

static void fmt_rate(char *buf, size_t n, double r) {
  if (r <= 0) snprintf(buf, n, "-");
  else if (r >= 1e6) snprintf(buf, n, "%.2fM", r / 1e6);
  else if (r >= 1e3) snprintf(buf, n, "%.1fK", r / 1e3);
  else snprintf(buf, n, "%.0f", r);
}

static void cpu_model(char *buf, size_t n) {
  snprintf(buf, n, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "model name", 10) == 0) {
      char *c = strchr(line, ':');
      if (c) {
        c++;
        while (*c == ' ' || *c == '\t') c++;
        c[strcspn(c, "\n")] = 0;
        snprintf(buf, n, "%s", c);
      }
      break;
    }
  }
  fclose(f);
}

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

int main(int argc, char **argv) {
  BenchOptions opt = { 1000000, 1, NULL, NULL, -1, -1, 20250101u, 0, 0, 0, 900, 0 };
  opt.ownerPid = (long)getpid();
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
    if (!strcmp(a, "--no-fork")) { opt.nofork = 1; continue; }
    if (!strcmp(a, "--cpu")) { opt.cpu = 1; continue; }
    if (!strcmp(a, "--verify")) { opt.verify = 1; continue; }
    if (!strcmp(a, "--sqlite-auto-vacuum")) { bench_sqlite_auto_vacuum = 1; continue; }
    if (!v) { usage(stderr); return 2; }
    i++;
    if (!strcmp(a, "--records")) opt.records = atol(v);
    else if (!strcmp(a, "--runs")) opt.runs = atoi(v);
    else if (!strcmp(a, "--dir")) opt.dir = v;
    else if (!strcmp(a, "--json")) opt.json = v;
    else if (!strcmp(a, "--seed")) opt.seed = strtoull(v, NULL, 0);
    else if (!strcmp(a, "--timeout")) opt.timeout = atoi(v);
    else if (!strcmp(a, "--only")) {
      if (!strcmp(v, "snkv")) opt.only = 0;
      else if (!strcmp(v, "sqlite")) opt.only = 1;
      else { usage(stderr); return 2; }
    } else if (!strcmp(a, "--workload")) {
      for (int w = 0; w < W_COUNT; w++) if (!strcmp(v, bench_workload_names[w])) opt.workload = w;
      if (opt.workload < 0) { fprintf(stderr, "unknown workload %s\n", v); usage(stderr); return 2; }
    } else { usage(stderr); return 2; }
  }
  if (opt.records < 1 || opt.records > 99999999 || opt.runs < 1 || opt.runs > 64) {
    fprintf(stderr, "--records must be 1..99999999 and --runs 1..64\n");
    return 2;
  }
  if (!opt.dir) {
    const char *t = getenv("TMPDIR");
    opt.dir = (t && *t) ? t : "/tmp";
  }

  static double rate[2][W_COUNT][64];
  static double usrOp[2][W_COUNT][64], sysOp[2][W_COUNT][64];   /* CPU microseconds per op */
  long rss[2] = { -1, -1 };
  int nOk[2] = { 0, 0 };
  int mismatch = 0;

  printf("snkv_bench: %ld records, %d run%s, dir %s, seed %llu\n", opt.records, opt.runs,
         opt.runs == 1 ? "" : "s", opt.dir, (unsigned long long)opt.seed);
  printf("  snkv ABI %d (engine SQLite %s) vs SQLite %s SQL layer (peer flags: %s)%s\n",
         snkv_abi_version(), SNKV_BENCH_ENGINE_SQLITE_VERSION, sqlite3_libversion(),
         SNKV_BENCH_PEER_CFLAGS, bench_sqlite_auto_vacuum ? ", peer auto_vacuum=INCREMENTAL" : "");

  for (int run = 0; run < opt.runs; run++) {
    BenchRun res[2];
    int have[2] = { 0, 0 };
    for (int j = 0; j < 2; j++) {
      int s = (run % 2 == 0) ? j : 1 - j;   /* alternate which side goes first */
      if (opt.only >= 0 && s != opt.only) continue;
      long kb;
      if (run_once(g_sides[s], &opt, run, &res[s], &kb) != 0) return 1;
      if (!res[s].ok) {
        fprintf(stderr, "run %d: %s failed: %s\n", run + 1, g_sides[s]->name, res[s].err);
        return 1;
      }
      have[s] = 1;
      if (kb > rss[s]) rss[s] = kb;
      fprintf(stderr, "run %d %-6s", run + 1, g_sides[s]->name);
      for (int w = 0; w < W_COUNT; w++) {
        if (res[s].secs[w] <= 0 || res[s].ops[w] == 0) { rate[s][w][nOk[s]] = 0; continue; }
        rate[s][w][nOk[s]] = (double)res[s].ops[w] / res[s].secs[w];
        usrOp[s][w][nOk[s]] = res[s].usr[w] * 1e6 / (double)res[s].ops[w];
        sysOp[s][w][nOk[s]] = res[s].sys[w] * 1e6 / (double)res[s].ops[w];
        char b[32];
        fmt_rate(b, sizeof b, rate[s][w][nOk[s]]);
        fprintf(stderr, " %s=%s", bench_workload_names[w], b);
      }
      fprintf(stderr, "\n");
      nOk[s]++;
    }
    if (have[0] && have[1]) {
      for (int w = 0; w < W_COUNT; w++) {
        if (res[0].secs[w] > 0 && (res[0].check[w] != res[1].check[w] || res[0].ops[w] != res[1].ops[w])) {
          fprintf(stderr, "warning: run %d %s: sides saw different data (snkv %llu/%llu, sqlite %llu/%llu)\n",
                  run + 1, bench_workload_names[w],
                  (unsigned long long)res[0].ops[w], (unsigned long long)res[0].check[w],
                  (unsigned long long)res[1].ops[w], (unsigned long long)res[1].check[w]);
          mismatch = 1;
        }
      }
    }
  }

  double med[2][W_COUNT], medUsr[2][W_COUNT], medSys[2][W_COUNT];
  for (int s = 0; s < 2; s++)
    for (int w = 0; w < W_COUNT; w++) {
      med[s][w] = median(rate[s][w], nOk[s]);
      medUsr[s][w] = median(usrOp[s][w], nOk[s]);
      medSys[s][w] = median(sysOp[s][w], nOk[s]);
    }

  printf("\n%-20s %14s %14s %8s\n", "Workload", "SNKV ops/s", "SQLite ops/s", "Ratio");
  printf("%-20s %14s %14s %8s\n", "--------------------", "----------", "------------", "-----");
  for (int w = 0; w < W_COUNT; w++) {
    if (opt.workload >= 0 && w != opt.workload) continue;
    char a[32], b[32], r[32] = "-";
    fmt_rate(a, sizeof a, med[0][w]);
    fmt_rate(b, sizeof b, med[1][w]);
    if (med[0][w] > 0 && med[1][w] > 0) snprintf(r, sizeof r, "%.2fx", med[0][w] / med[1][w]);
    printf("%-20s %14s %14s %8s\n", bench_workload_titles[w], a, b, r);
  }
  if (!opt.nofork) {
    printf("%-20s", "Peak RSS");
    for (int s = 0; s < 2; s++) {
      if (rss[s] >= 0) printf(" %11.1f MB", (double)rss[s] / 1024.0);
      else printf(" %14s", "-");
    }
    printf("\n");
  }
  printf("(median of %d run%s; ratio = SNKV / SQLite)\n", opt.runs, opt.runs == 1 ? "" : "s");
  if (opt.cpu) {
    /* getrusage has a coarse clock (often 1-4 ms): short phases read as 0 or one tick. */
    printf("\n%-20s %21s %21s\n", "CPU us/op", "SNKV user / kernel", "SQLite user / kernel");
    for (int w = 0; w < W_COUNT; w++) {
      if (opt.workload >= 0 && w != opt.workload) continue;
      printf("%-20s", bench_workload_titles[w]);
      for (int s = 0; s < 2; s++) {
        if (nOk[s]) printf(" %10.3f / %8.3f", medUsr[s][w], medSys[s][w]);
        else printf(" %21s", "-");
      }
      printf("\n");
    }
  }

  if (opt.json) {
    FILE *f = fopen(opt.json, "w");
    if (!f) { perror(opt.json); return 1; }
    struct utsname u;
    char cpu[256], date[64];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    cpu_model(cpu, sizeof cpu);
    if (uname(&u) != 0) memset(&u, 0, sizeof u);
    fprintf(f, "{\n  \"benchmark\": \"snkv_bench\",\n  \"date\": ");
    json_str(f, date);
    fprintf(f, ",\n  \"machine\": {\"os\": ");
    json_str(f, u.sysname);
    fprintf(f, ", \"release\": ");
    json_str(f, u.release);
    fprintf(f, ", \"arch\": ");
    json_str(f, u.machine);
    fprintf(f, ", \"cpu\": ");
    json_str(f, cpu);
    fprintf(f, ", \"cpus\": %ld},\n", sysconf(_SC_NPROCESSORS_ONLN));
    fprintf(f, "  \"versions\": {\"snkv_abi\": %d, \"engine_sqlite\": ", snkv_abi_version());
    json_str(f, SNKV_BENCH_ENGINE_SQLITE_VERSION);
    fprintf(f, ", \"peer_sqlite\": ");
    json_str(f, sqlite3_libversion());
    fprintf(f, ", \"peer_sqlite_source_id\": ");
    json_str(f, sqlite3_sourceid());
    fprintf(f, ", \"peer_cflags\": ");
    json_str(f, SNKV_BENCH_PEER_CFLAGS);
    fprintf(f, "},\n");
    fprintf(f, "  \"settings\": {\"records\": %ld, \"runs\": %d, \"seed\": %llu, \"dir\": ",
            opt.records, opt.runs, (unsigned long long)opt.seed);
    json_str(f, opt.dir);
    fprintf(f, ", \"journal\": \"WAL\", \"synchronous\": \"NORMAL\", \"cache_pages\": 2000,"
               " \"page_size\": 4096, \"auto_checkpoint\": \"off on both sides\","
               " \"sqlite_auto_vacuum\": \"%s\"},\n", bench_sqlite_auto_vacuum ? "incremental" : "none");
    fprintf(f, "  \"peak_rss_kb\": {\"snkv\": %ld, \"sqlite\": %ld},\n", rss[0], rss[1]);
    fprintf(f, "  \"checks_match\": %s,\n", mismatch ? "false" : "true");
    fprintf(f, "  \"workloads\": [\n");
    int firstRow = 1;
    for (int w = 0; w < W_COUNT; w++) {
      if (opt.workload >= 0 && w != opt.workload) continue;
      fprintf(f, "%s    {\"name\": \"%s\", \"title\": \"%s\"", firstRow ? "" : ",\n",
              bench_workload_names[w], bench_workload_titles[w]);
      firstRow = 0;
      for (int s = 0; s < 2; s++) {
        if (nOk[s] == 0) { fprintf(f, ", \"%s_ops_per_sec\": null", g_sides[s]->name); continue; }
        fprintf(f, ", \"%s_ops_per_sec\": %.0f, \"%s_runs\": [", g_sides[s]->name, med[s][w], g_sides[s]->name);
        for (int r = 0; r < nOk[s]; r++) fprintf(f, "%s%.0f", r ? ", " : "", rate[s][w][r]);
        fprintf(f, "], \"%s_cpu_us_per_op\": {\"user\": %.4f, \"kernel\": %.4f}",
                g_sides[s]->name, medUsr[s][w], medSys[s][w]);
      }
      if (med[0][w] > 0 && med[1][w] > 0) fprintf(f, ", \"ratio\": %.3f}", med[0][w] / med[1][w]);
      else fprintf(f, ", \"ratio\": null}");
    }
    fprintf(f, "\n  ]\n}\n");
    fclose(f);
  }
  return mismatch ? 3 : 0;
}
