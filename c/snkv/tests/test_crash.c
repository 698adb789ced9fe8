/*
** test_crash.c — crash safety under SIGKILL. A child process commits transactions in a
** loop (each writes N keys tagged with one sequence number, plus "last" = seq, and now and
** then a large overflowing value) and reports each finished commit through a pipe. The
** parent kills it at pseudo-random points (fixed seed: repeatable), reopens the store and
** checks: every acknowledged commit is fully present, at most one unacknowledged commit
** landed, no transaction is partial, and the integrity check passes. Both journal modes.
*/
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>

enum { NKEYS = 8, BIGLEN = 6000 };

static void big_value(uint8_t *buf, uint32_t seq) {
  for (int i = 0; i < BIGLEN; i++) buf[i] = (uint8_t)(seq * 31 + (uint32_t)i);
}

static uint32_t read_last(KVStore *kv) {
  void *v = NULL;
  int n = 0;
  uint32_t last = 0;
  if (kvstore_get(kv, "last", 4, &v, &n) == KVSTORE_OK && n < 16) {
    char b[16] = { 0 };
    memcpy(b, v, (size_t)n);
    last = (uint32_t)strtoul(b, NULL, 10);
  }
  snkv_free(v);
  return last;
}

/* The child: commit forever, acknowledging each sequence number after commit returns. */
static void writer(const char *path, int jm, int ackfd) {
  KVStore *kv = NULL;
  KVStoreConfig c = t_cfg(jm);
  if (kvstore_open_v2(path, &kv, &c) != KVSTORE_OK) _exit(3);
  uint32_t seq = read_last(kv);
  static uint8_t big[BIGLEN];
  for (;;) {
    seq++;
    if (kvstore_begin(kv, 1) != KVSTORE_OK) _exit(4);
    for (int i = 0; i < NKEYS; i++) {
      char k[32], v[64];
      snprintf(k, sizeof k, "s%08u-%d", seq, i);
      int vl = snprintf(v, sizeof v, "seq=%u;i=%d;%.*s", seq, i, (int)(seq % 30), "pppppppppppppppppppppppppppppp");
      if (kvstore_put(kv, k, (int)strlen(k), v, vl) != KVSTORE_OK) _exit(5);
    }
    if (seq % 5 == 0) {
      big_value(big, seq);
      if (kvstore_put(kv, "big", 3, big, BIGLEN) != KVSTORE_OK) _exit(6);
    }
    if (seq % 7 == 0 && seq > 7) {   /* deletes are part of transactions too */
      char k[32];
      snprintf(k, sizeof k, "s%08u-%d", seq - 7, NKEYS - 1);
      if (kvstore_delete(kv, k, (int)strlen(k)) != KVSTORE_OK) _exit(7);
    }
    char last[16];
    snprintf(last, sizeof last, "%u", seq);
    if (t_put(kv, "last", last) != KVSTORE_OK) _exit(8);
    if (kvstore_commit(kv) != KVSTORE_OK) _exit(9);
    if (write(ackfd, &seq, sizeof seq) != (ssize_t)sizeof seq) _exit(10);
  }
}

/* Keys a committed sequence must have: all NKEYS, minus the one deleted by seq + 7. */
static int expected_keys(uint32_t seq, uint32_t last) {
  return NKEYS - (seq % 7 == 0 && seq + 7 <= last ? 1 : 0);
}

static void verify(const char *path, int jm, uint32_t acked, uint32_t *plast) {
  KVStore *kv = t_open(path, jm);
  if (!kv) return;
  CHECK_OK(kv, t_integrity(kv));
  uint32_t last = read_last(kv);
  if (!CHECK(last >= acked)) t_note("acknowledged %u but store ends at %u", acked, last);
  if (!CHECK(last <= acked + 1)) t_note("store ends at %u, only %u acknowledged", last, acked);
  *plast = last;
  /* Count keys per sequence number with one scan. */
  uint32_t *per = calloc(last + 2, sizeof *per);
  int stray = 0, badval = 0;
  KVIterator *it = NULL;
  if (CHECK_OK(kv, kvstore_prefix_iterator_create(kv, "s", 1, &it))) {
    for (; !kvstore_iterator_eof(it); kvstore_iterator_next(it)) {
      void *k, *v;
      int nk, nv;
      if (kvstore_iterator_key(it, &k, &nk) || kvstore_iterator_value(it, &v, &nv)) { stray++; break; }
      char kb[32] = { 0 }, want[64];
      memcpy(kb, k, nk < 31 ? (size_t)nk : 31);
      unsigned seq = 0;
      int i = 0;
      if (sscanf(kb, "s%8u-%d", &seq, &i) != 2 || seq == 0 || seq > last) { stray++; continue; }
      per[seq]++;
      int wl = snprintf(want, sizeof want, "seq=%u;i=%d;%.*s", seq, i, (int)(seq % 30), "pppppppppppppppppppppppppppppp");
      if (nv != wl || memcmp(v, want, (size_t)wl) != 0) badval++;
    }
  }
  kvstore_iterator_close(it);
  int partial = 0;
  for (uint32_t s = 1; s <= last; s++)
    if (per[s] != (uint32_t)expected_keys(s, last) && partial++ < 3) t_note("seq %u has %u keys", s, per[s]);
  CHECK_EQ(stray, 0);
  CHECK_EQ(badval, 0);
  CHECK_EQ(partial, 0);
  /* The big value is whole and belongs to the latest committed multiple of 5. */
  if (last >= 5) {
    void *v = NULL;
    int n = 0;
    static uint8_t want[BIGLEN];
    big_value(want, last - last % 5);
    if (CHECK_OK(kv, kvstore_get(kv, "big", 3, &v, &n))) CHECK(n == BIGLEN && memcmp(v, want, BIGLEN) == 0);
    snkv_free(v);
  }
  free(per);
  kvstore_close(kv);
}

static void run_mode(int jm, int rounds, uint64_t seed) {
  const char *p = t_path(jm ? "crashwal" : "crashdel");
  KVStore *kv = t_open(p, jm);
  if (!kv) return;
  kvstore_close(kv);
  uint32_t last = 0, total = 0;
  for (int r = 0; r < rounds; r++) {
    int fd[2];
    if (!CHECK(pipe(fd) == 0)) return;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
      close(fd[0]);
      writer(p, jm, fd[1]);
      _exit(0);
    }
    close(fd[1]);
    uint32_t acked = last, s;
    /* Half the rounds kill after a random delay, half right after the k-th ack. */
    if (r % 2 == 0) {
      t_sleep_ms(15 + (int)(t_rand(&seed) % 120));
    } else {
      int k = 1 + (int)(t_rand(&seed) % 40);
      for (int i = 0; i < k && read(fd[0], &s, sizeof s) == (ssize_t)sizeof s; i++) acked = s;
    }
    kill(pid, SIGKILL);
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);   /* not an early exit */
    while (read(fd[0], &s, sizeof s) == (ssize_t)sizeof s) acked = s;
    close(fd[0]);
    uint32_t before = last;
    verify(p, jm, acked, &last);
    total += last - before;
    if (t_test_failed) break;
  }
  t_note("%s: %d rounds, %u commits verified", jm ? "WAL" : "DELETE", rounds, total);
  CHECK(total > 0);
}

static void test_kill9_wal_keeps_acknowledged_commits(void) { run_mode(KVSTORE_JOURNAL_WAL, 10, 0x5eed0001); }
static void test_kill9_delete_keeps_acknowledged_commits(void) { run_mode(KVSTORE_JOURNAL_DELETE, 10, 0x5eed0002); }

int main(void) {
  t_setup("crash");
  signal(SIGPIPE, SIG_IGN);
  alarm(300);
  RUN(test_kill9_wal_keeps_acknowledged_commits);
  RUN(test_kill9_delete_keeps_acknowledged_commits);
  return t_finish();
}
