/*
** test_multi.c — several handles on one file, in one process and across processes (fork),
** WAL and DELETE journal: outside a transaction every call sees every finished commit
** (D2; the reference's Appendix B sequences must now succeed), idle handles hold no locks
** (other writers and TRUNCATE checkpoints proceed), writers serialize (BUSY without a busy
** timeout, a wait with one), read transactions keep a snapshot, and no handle is ever
** poisoned by another's commit. No store handle is carried across a fork.
*/
#include "testutil.h"

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

static KVStore *open_busy(const char *p, int jm, int busyMs) {
  KVStoreConfig c = t_cfg(jm);
  c.busyTimeout = busyMs;
  KVStore *kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return NULL;
  return kv;
}

/* ---- process helpers ------------------------------------------------------------ */

static void send_byte(int fd) { char b = 1; if (write(fd, &b, 1) != 1) _exit(90); }
static int wait_byte(int fd) { char b; return read(fd, &b, 1) == 1; }

typedef void (*ChildFn)(const char *path, int jm, int rfd, int wfd);

/* Forks a child running fn with a pipe pair: it reads rfd (parent -> child) and writes
** wfd (child -> parent). The child's exit code is its number of failed checks. */
static pid_t spawn(ChildFn fn, const char *path, int jm, int *toChild, int *fromChild) {
  int a[2], b[2];
  if (pipe(a) || pipe(b)) return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(a[1]);
    close(b[0]);
    t_nfail = 0;
    fn(path, jm, a[0], b[1]);
    _exit(t_nfail > 100 ? 100 : t_nfail);
  }
  close(a[0]);
  close(b[1]);
  *toChild = a[1];
  *fromChild = b[0];
  return pid;
}

static int reap(pid_t pid) {
  int st = 0;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- in-process: WAL ------------------------------------------------------------ */

/* The reference's Appendix B probes, which failed there with NOTADB (26) and then
** CORRUPT (11); every step succeeds here. */
static void test_d2_appendix_b_sequences_succeed(void) {
  const char *p = t_path("appB");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_WAL), *B = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!A || !B) goto done;
  CHECK_OK(A, t_put(A, "x", "1"));
  CHECK_VAL(A, "x", "1");
  CHECK_OK(B, t_put(B, "y", "2"));
  CHECK_VAL(A, "y", "2");                 /* reference: NOTFOUND (stale snapshot) */
  CHECK_OK(B, t_put(B, "z", "3"));
  CHECK_OK(A, t_put(A, "w", "4"));        /* reference: 26 */
  CHECK_VAL(A, "z", "3");
  CHECK_OK(A, kvstore_begin(A, 1));
  CHECK_OK(A, t_put(A, "v", "5"));
  CHECK_OK(A, kvstore_commit(A));
  CHECK_VAL(B, "v", "5");
  CHECK_VAL(B, "w", "4");
  /* Variant: A reads, B writes, A "commits" (no transaction: ERROR), A keeps working. */
  CHECK_VAL(A, "x", "1");
  CHECK_OK(B, t_put(B, "q", "6"));
  CHECK_RC(A, kvstore_commit(A), KVSTORE_ERROR);
  CHECK_VAL(A, "q", "6");
  CHECK_OK(A, kvstore_begin(A, 0));
  CHECK_VAL(A, "q", "6");
  CHECK_OK(A, kvstore_commit(A));
  CHECK_OK(A, t_put(A, "r", "7"));
  CHECK_EQ(t_count(A), 7);
  CHECK_EQ(t_count(B), 7);
  CHECK_OK(A, t_integrity(A));
  CHECK_OK(B, t_integrity(B));
done:
  kvstore_close(A);
  kvstore_close(B);
}

/* Families, counts and iterators of one handle see the other's commits too. */
static void test_d2_families_and_iterators_see_other_commits(void) {
  const char *p = t_path("fam");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_WAL), *B = t_open(p, KVSTORE_JOURNAL_WAL);
  KVColumnFamily *fb = NULL, *fa = NULL;
  if (!A || !B) goto done;
  CHECK_EQ(t_count(A), 0);
  if (!CHECK_OK(B, kvstore_cf_create(B, "shared", &fb))) goto done;
  if (!CHECK_OK(A, kvstore_cf_open(A, "shared", &fa))) goto done;   /* created by B */
  CHECK_OK(B, t_cfput(fb, "k1", "v1"));
  CHECK_CFVAL(A, fa, "k1", "v1");
  int64_t n = -1;
  CHECK_OK(A, kvstore_cf_count(fa, &n));
  CHECK_EQ(n, 1);
  CHECK_OK(A, t_cfput(fa, "k2", "v2"));
  CHECK_OK(B, t_cfput(fb, "k3", "v3"));
  KVIterator *it = NULL;
  if (CHECK_OK(A, kvstore_cf_iterator_create(fa, &it))) CHECK_EQ(t_iter_count(it), 3);
  kvstore_iterator_close(it);
  for (int i = 0; i < 50; i++) {
    char k[16];
    snprintf(k, sizeof k, "b%02d", i);
    CHECK_OK(B, t_put(B, k, "x"));
  }
  CHECK_EQ(t_count(A), 50);
  CHECK_OK(B, kvstore_put_ttl(B, "ttl", 3, "t", 1, kvstore_now_ms() + 60000));
  int64_t rem = 0;
  CHECK_OK(A, kvstore_ttl_remaining(A, "ttl", 3, &rem));
  CHECK(rem > 0);
done:
  kvstore_cf_close(fa);
  kvstore_cf_close(fb);
  kvstore_close(A);
  kvstore_close(B);
}

/* TTL data written by another handle (which creates the hidden TTL families) is honoured
** by a handle that resolved the family before they existed. */
static void test_d2_ttl_written_by_other_handle_is_honoured(void) {
  const char *p = t_path("ttl");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_WAL), *B = t_open(p, KVSTORE_JOURNAL_WAL);
  KVColumnFamily *fa = NULL, *fb = NULL;
  if (!A || !B) goto done;
  if (!CHECK_OK(A, kvstore_cf_create(A, "f", &fa)) || !CHECK_OK(B, kvstore_cf_open(B, "f", &fb))) goto done;
  CHECK_OK(A, t_cfput(fa, "k", "v"));
  CHECK_CFVAL(A, fa, "k", "v");
  CHECK_VAL(A, "d", NULL);
  CHECK_OK(B, kvstore_cf_put_ttl(fb, "k", 1, "v", 1, 1));
  CHECK_OK(B, kvstore_put_ttl(B, "d", 1, "v", 1, 1));
  CHECK_CFVAL(A, fa, "k", NULL);
  CHECK_VAL(A, "d", NULL);
  KVIterator *it = NULL;
  if (CHECK_OK(A, kvstore_cf_iterator_create(fa, &it))) CHECK_EQ(t_iter_count(it), 0);
  kvstore_iterator_close(it);
  int n = -1;
  CHECK_OK(A, kvstore_cf_purge_expired(fa, &n));
  CHECK_EQ(n, 1);
done:
  kvstore_cf_close(fa);
  kvstore_cf_close(fb);
  kvstore_close(A);
  kvstore_close(B);
}

static void test_writers_serialize_busy_without_timeout(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("busy");
    KVStore *A = t_open(p, jm), *B = t_open(p, jm);
    if (!A || !B) { kvstore_close(A); kvstore_close(B); continue; }
    CHECK_OK(A, t_put(A, "x", "old"));
    CHECK_OK(A, kvstore_begin(A, 1));
    CHECK_OK(A, t_put(A, "x", "new"));
    CHECK_RC(B, t_put(B, "y", "1"), KVSTORE_BUSY);
    CHECK_RC(B, kvstore_begin(B, 1), KVSTORE_BUSY);
    CHECK_EQ(snkv_in_transaction(B), 0);
    CHECK_VAL(B, "x", "old");                /* readers are not blocked by a pending writer */
    CHECK_OK(A, kvstore_commit(A));
    CHECK_OK(B, t_put(B, "y", "1"));         /* not poisoned by the BUSY */
    CHECK_VAL(B, "x", "new");
    CHECK_VAL(A, "y", "1");
    CHECK_OK(B, t_integrity(B));
    kvstore_close(A);
    kvstore_close(B);
  }
}

typedef struct { KVStore *kv; int holdMs; } HoldArg;
static void *commit_later(void *arg) {
  HoldArg *h = arg;
  t_sleep_ms(h->holdMs);
  kvstore_commit(h->kv);
  return NULL;
}

static void test_busy_timeout_waits_for_writer(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("wait");
    KVStore *A = t_open(p, jm), *B = open_busy(p, jm, 5000), *C = open_busy(p, jm, 50);
    if (!A || !B || !C) goto next;
    CHECK_OK(A, kvstore_begin(A, 1));
    CHECK_OK(A, t_put(A, "a", "1"));
    /* A commits from another thread after 600 ms; B waits, C gives up after ~50 ms. */
    pthread_t th;
    HoldArg h = { A, 600 };
    pthread_create(&th, NULL, commit_later, &h);
    double t0 = t_now_ms();
    CHECK_RC(C, t_put(C, "c", "1"), KVSTORE_BUSY);
    double tc = t_now_ms() - t0;
    CHECK(tc >= 30);   /* it did wait before giving up */
    CHECK_OK(B, t_put(B, "b", "1"));
    double tb = t_now_ms() - t0;
    CHECK(tb >= 500);   /* it waited for A's commit */
    pthread_join(th, NULL);
    CHECK_EQ(snkv_in_transaction(A), 0);
    CHECK_VAL(B, "a", "1");
    CHECK_VAL(A, "b", "1");
    CHECK_OK(C, t_put(C, "c", "1"));
  next:
    kvstore_close(A);
    kvstore_close(B);
    kvstore_close(C);
  }
}

/* A read transaction keeps its snapshot until it ends (WAL). */
static void test_read_txn_keeps_snapshot(void) {
  const char *p = t_path("snap");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_WAL), *B = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!A || !B) goto done;
  CHECK_OK(B, t_put(B, "x", "1"));
  CHECK_OK(A, kvstore_begin(A, 0));
  CHECK_VAL(A, "x", "1");
  CHECK_OK(B, t_put(B, "y", "2"));
  CHECK_OK(B, t_put(B, "x", "changed"));
  CHECK_VAL(A, "y", NULL);
  CHECK_VAL(A, "x", "1");
  CHECK_EQ(t_count(A), 1);
  CHECK_OK(A, kvstore_commit(A));
  CHECK_VAL(A, "y", "2");
  CHECK_VAL(A, "x", "changed");
  /* Rollback ends it the same way. */
  CHECK_OK(A, kvstore_begin(A, 0));
  CHECK_VAL(A, "y", "2");
  CHECK_OK(B, t_put(B, "z", "3"));
  CHECK_VAL(A, "z", NULL);
  CHECK_OK(A, kvstore_rollback(A));
  CHECK_VAL(A, "z", "3");
done:
  kvstore_close(A);
  kvstore_close(B);
}

/* Upgrading a read transaction whose snapshot is stale is refused with BUSY (D12: the
** primary code of SQLite's BUSY_SNAPSHOT, 517); the handle recovers with a rollback and
** is never poisoned (reference: NOTADB, then CORRUPT forever). */
static void test_d12_stale_read_txn_upgrade_is_busy_not_poison(void) {
  const char *p = t_path("stale");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_WAL), *B = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!A || !B) goto done;
  CHECK_OK(A, t_put(A, "x", "1"));
  CHECK_OK(A, kvstore_begin(A, 0));
  CHECK_VAL(A, "x", "1");
  CHECK_OK(B, t_put(B, "y", "2"));
  CHECK_RC(A, t_put(A, "w", "3"), KVSTORE_BUSY);
  const char *m = kvstore_errmsg(A);
  CHECK(m && *m && strcmp(m, "no error") != 0);
  CHECK_OK(A, kvstore_rollback(A));
  CHECK_OK(A, t_put(A, "w", "3"));
  CHECK_VAL(A, "y", "2");
  CHECK_VAL(B, "w", "3");
  CHECK_OK(A, t_integrity(A));
done:
  kvstore_close(A);
  kvstore_close(B);
}

/* Idle handles (even ones that read and wrote) do not hold checkpoints back. */
static void test_d2_truncate_checkpoint_with_idle_handles(void) {
  const char *p = t_path("ckpt");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_WAL), *B = t_open(p, KVSTORE_JOURNAL_WAL),
          *C = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!A || !B || !C) goto done;
  for (int i = 0; i < 20; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%02d", i);
    CHECK_OK(A, t_put(A, k, "a"));
    CHECK_VAL(B, k, "a");
  }
  KVIterator *it = NULL;
  if (CHECK_OK(B, kvstore_iterator_create(B, &it))) CHECK_EQ(t_iter_count(it), 20);
  kvstore_iterator_close(it);
  int nLog = -1, nCk = -1;
  CHECK_OK(A, kvstore_checkpoint(A, KVSTORE_CHECKPOINT_PASSIVE, &nLog, &nCk));
  CHECK(nLog > 0 && nCk == nLog);
  CHECK_OK(B, t_put(B, "more", "b"));
  CHECK_OK(C, kvstore_checkpoint(C, KVSTORE_CHECKPOINT_TRUNCATE, &nLog, &nCk));
  CHECK_EQ(nLog, 0);
  CHECK_EQ(t_file_size(t_sidecar(p, "-wal")), 0);
  /* A reader inside a read transaction does hold TRUNCATE back (BUSY, no busy timeout). */
  CHECK_OK(B, t_put(B, "more2", "b"));
  CHECK_OK(A, kvstore_begin(A, 0));
  CHECK_VAL(A, "more2", "b");
  CHECK_OK(B, t_put(B, "more3", "b"));
  CHECK_RC(C, kvstore_checkpoint(C, KVSTORE_CHECKPOINT_TRUNCATE, &nLog, &nCk), KVSTORE_BUSY);
  CHECK_OK(A, kvstore_commit(A));
  CHECK_OK(C, kvstore_checkpoint(C, KVSTORE_CHECKPOINT_TRUNCATE, &nLog, &nCk));
  CHECK_VAL(A, "more3", "b");
  CHECK_OK(C, t_integrity(C));
done:
  kvstore_close(A);
  kvstore_close(B);
  kvstore_close(C);
}

/* ---- in-process: DELETE journal ------------------------------------------------- */

/* An idle handle holds no SHARED lock: others write freely (reference: BUSY). */
static void test_d2_delete_mode_idle_handle_does_not_block_writers(void) {
  const char *p = t_path("del");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_DELETE), *B = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!A || !B) goto done;
  CHECK_OK(A, t_put(A, "x", "1"));
  CHECK_VAL(A, "x", "1");
  CHECK_EQ(t_count(A), 1);
  CHECK_OK(B, t_put(B, "y", "2"));
  CHECK_VAL(A, "y", "2");
  CHECK_OK(A, t_put(A, "z", "3"));
  CHECK_VAL(B, "z", "3");
  KVColumnFamily *cf = NULL;
  CHECK_OK(A, kvstore_cf_create(A, "f", &cf));
  kvstore_cf_close(cf);
  CHECK_OK(B, kvstore_cf_drop(B, "f"));
  CHECK_OK(A, t_integrity(A));
done:
  kvstore_close(A);
  kvstore_close(B);
}

static void test_delete_mode_read_txn_blocks_writer(void) {
  const char *p = t_path("delrd");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_DELETE), *B = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!A || !B) goto done;
  CHECK_OK(B, t_put(B, "x", "1"));
  CHECK_OK(A, kvstore_begin(A, 0));
  CHECK_VAL(A, "x", "1");
  CHECK_RC(B, t_put(B, "y", "2"), KVSTORE_BUSY);
  CHECK_OK(A, kvstore_commit(A));
  CHECK_OK(B, t_put(B, "y", "2"));
  CHECK_VAL(A, "y", "2");
done:
  kvstore_close(A);
  kvstore_close(B);
}

/* In DELETE mode a reader's SHARED lock makes an explicit commit BUSY; the transaction
** stays open, so the writer can retry once the reader is done. */
static void test_delete_mode_commit_busy_keeps_txn_open(void) {
  const char *p = t_path("cbusy");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_DELETE), *B = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!A || !B) goto done;
  CHECK_OK(A, t_put(A, "k", "v"));
  CHECK_OK(A, kvstore_begin(A, 0));
  CHECK_VAL(A, "k", "v");
  CHECK_OK(B, kvstore_begin(B, 1));
  CHECK_OK(B, t_put(B, "w", "1"));
  CHECK_RC(B, kvstore_commit(B), KVSTORE_BUSY);
  CHECK_EQ(snkv_in_transaction(B), 1);
  CHECK_VAL(B, "w", "1");
  CHECK_OK(A, kvstore_commit(A));
  CHECK_OK(B, kvstore_commit(B));
  CHECK_VAL(A, "w", "1");
  CHECK_OK(B, t_integrity(B));
done:
  kvstore_close(A);
  kvstore_close(B);
}

/* Handles opened with different journal modes on one file coexist: the WAL request
** switches the file to WAL and the DELETE handle follows it; both see every commit. */
static void test_mixed_journal_modes_coexist(void) {
  const char *p = t_path("mixed");
  KVStore *A = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!A) return;
  CHECK_OK(A, t_put(A, "before", "0"));
  KVStore *B = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!B) { kvstore_close(A); return; }
  CHECK_OK(A, t_put(A, "x", "1"));
  CHECK_OK(B, t_put(B, "y", "2"));
  CHECK_VAL(A, "y", "2");
  CHECK_VAL(B, "x", "1");
  CHECK_VAL(B, "before", "0");
  /* A third handle asking for DELETE while others use the WAL just joins them. */
  KVStore *C = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (C) {
    CHECK_OK(C, t_put(C, "z", "3"));
    CHECK_VAL(A, "z", "3");
    CHECK_VAL(B, "z", "3");
    kvstore_close(C);
  }
  CHECK_OK(A, t_integrity(A));
  kvstore_close(A);
  kvstore_close(B);
  KVStore *D = t_open(p, KVSTORE_JOURNAL_DELETE);
  if (!D) return;
  CHECK_EQ(t_count(D), 4);
  kvstore_close(D);
}

/* ---- across processes ----------------------------------------------------------- */

static void child_write_100(const char *path, int jm, int rfd, int wfd) {
  if (!wait_byte(rfd)) _exit(91);
  KVStore *kv = t_open(path, jm);
  if (kv) {
    CHECK_OK(kv, kvstore_begin(kv, 1));
    for (int i = 0; i < 100; i++) {
      char k[16];
      snprintf(k, sizeof k, "child%03d", i);
      CHECK_OK(kv, t_put(kv, k, "c"));
    }
    CHECK_OK(kv, kvstore_commit(kv));
    CHECK_VAL(kv, "parent", "p");   /* the parent's commit is visible here too */
    kvstore_close(kv);
  }
  send_byte(wfd);
}

static void test_d2_fork_child_commits_visible_to_parent(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("fork");
    KVStore *A = t_open(p, jm);   /* create the file, then fork with no handle open */
    kvstore_close(A);
    int toC, fromC;
    pid_t pid = spawn(child_write_100, p, jm, &toC, &fromC);
    if (!CHECK(pid > 0)) continue;
    A = t_open(p, jm);
    if (!A) { send_byte(toC); reap(pid); continue; }
    CHECK_OK(A, t_put(A, "parent", "p"));
    CHECK_EQ(t_count(A), 1);
    send_byte(toC);
    CHECK(wait_byte(fromC));
    CHECK_EQ(reap(pid), 0);
    CHECK_VAL(A, "child000", "c");
    CHECK_VAL(A, "child099", "c");
    CHECK_EQ(t_count(A), 101);
    CHECK_OK(A, t_put(A, "after", "ok"));
    CHECK_OK(A, t_integrity(A));
    close(toC);
    close(fromC);
    kvstore_close(A);
  }
}

/* The child holds a write transaction; the parent gets BUSY at once, then succeeds. */
static void child_hold_write(const char *path, int jm, int rfd, int wfd) {
  KVStore *kv = t_open(path, jm);
  if (kv) {
    CHECK_OK(kv, kvstore_begin(kv, 1));
    CHECK_OK(kv, t_put(kv, "held", "1"));
  }
  send_byte(wfd);
  wait_byte(rfd);
  if (kv) {
    CHECK_OK(kv, kvstore_commit(kv));
    kvstore_close(kv);
  }
  send_byte(wfd);
}

static void test_fork_writer_blocks_other_process(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("forkbusy");
    KVStore *A = t_open(p, jm);
    if (!A) continue;
    CHECK_OK(A, t_put(A, "init", "1"));
    kvstore_close(A);   /* no handle crosses the fork */
    int toC, fromC;
    pid_t pid = spawn(child_hold_write, p, jm, &toC, &fromC);
    if (!CHECK(pid > 0)) continue;
    CHECK(wait_byte(fromC));
    A = t_open(p, jm);
    if (!A) { send_byte(toC); reap(pid); continue; }
    CHECK_RC(A, t_put(A, "parent", "1"), KVSTORE_BUSY);
    CHECK_VAL(A, "held", NULL);
    send_byte(toC);
    CHECK(wait_byte(fromC));
    CHECK_EQ(reap(pid), 0);
    CHECK_OK(A, t_put(A, "parent", "1"));
    CHECK_VAL(A, "held", "1");
    CHECK_OK(A, t_integrity(A));
    close(toC);
    close(fromC);
    kvstore_close(A);
  }
}

static void child_write_batches(const char *path, int jm, int rfd, int wfd) {
  (void)wfd;
  char tag = 0;
  if (read(rfd, &tag, 1) != 1) _exit(92);
  KVStore *kv = open_busy(path, jm, 20000);
  if (!kv) return;
  for (int b = 0; b < 10; b++) {
    if (!CHECK_OK(kv, kvstore_begin(kv, 1))) break;
    for (int i = 0; i < 20; i++) {
      char k[16];
      snprintf(k, sizeof k, "p%d-%03d", tag, b * 20 + i);
      CHECK_OK(kv, t_put(kv, k, "v"));
    }
    CHECK_OK(kv, kvstore_commit(kv));
    void *v = NULL;
    int n = 0;
    CHECK_OK(kv, kvstore_get(kv, "anchor", 6, &v, &n));   /* readers interleave too */
    snkv_free(v);
  }
  kvstore_close(kv);
}

static void test_fork_concurrent_writers_with_busy_timeout(void) {
  for (int jm = 0; jm <= 1; jm++) {
    const char *p = t_path("forkconc");
    KVStore *A = t_open(p, jm);
    if (!A) continue;
    CHECK_OK(A, t_put(A, "anchor", "a"));
    kvstore_close(A);
    enum { NCHILD = 3 };
    pid_t pid[NCHILD];
    int toC[NCHILD], fromC[NCHILD];
    for (int c = 0; c < NCHILD; c++) pid[c] = spawn(child_write_batches, p, jm, &toC[c], &fromC[c]);
    for (int c = 0; c < NCHILD; c++) {
      char tag = (char)c;
      if (pid[c] > 0 && write(toC[c], &tag, 1) != 1) CHECK(0);
    }
    for (int c = 0; c < NCHILD; c++) {
      if (CHECK(pid[c] > 0)) CHECK_EQ(reap(pid[c]), 0);
      close(toC[c]);
      close(fromC[c]);
    }
    A = t_open(p, jm);
    if (!A) continue;
    CHECK_EQ(t_count(A), 1 + NCHILD * 200);
    CHECK_VAL(A, "p2-199", "v");
    CHECK_OK(A, t_integrity(A));
    kvstore_close(A);
  }
}

int main(void) {
  t_setup("multi");
  signal(SIGPIPE, SIG_IGN);
  alarm(240);   /* a deadlock fails the program instead of hanging ctest */
  RUN(test_d2_appendix_b_sequences_succeed);
  RUN(test_d2_families_and_iterators_see_other_commits);
  RUN(test_d2_ttl_written_by_other_handle_is_honoured);
  RUN(test_writers_serialize_busy_without_timeout);
  RUN(test_busy_timeout_waits_for_writer);
  RUN(test_read_txn_keeps_snapshot);
  RUN(test_d12_stale_read_txn_upgrade_is_busy_not_poison);
  RUN(test_d2_truncate_checkpoint_with_idle_handles);
  RUN(test_d2_delete_mode_idle_handle_does_not_block_writers);
  RUN(test_delete_mode_read_txn_blocks_writer);
  RUN(test_delete_mode_commit_busy_keeps_txn_open);
  RUN(test_mixed_journal_modes_coexist);
  RUN(test_d2_fork_child_commits_visible_to_parent);
  RUN(test_fork_writer_blocks_other_process);
  RUN(test_fork_concurrent_writers_with_busy_timeout);
  return t_finish();
}
