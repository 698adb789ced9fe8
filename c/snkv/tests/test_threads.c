/*
** test_threads.c — threads in one process. Several writer and reader threads, each with
** its own handle on one WAL file (busy timeout), run concurrently: every key lands, no
** reader sees a torn value, and the integrity check passes. Then one handle opened with
** fullMutex = 1 is shared by several threads doing auto-commit calls.
*/
#include "testutil.h"

#include <pthread.h>

enum { NWRITERS = 4, NREADERS = 3, PER_WRITER = 500, BATCH = 50 };

typedef struct {
  const char *path;
  int id;
  int failures;
  volatile int *stop;
  KVStore *shared;   /* the fullMutex handle, when sharing */
} Worker;

static void make_value(char *v, size_t cap, int w, int i) {
  snprintf(v, cap, "writer-%d-item-%05d-%040d", w, i, i * 7 + w);
}

static void *writer_main(void *arg) {
  Worker *w = arg;
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.busyTimeout = 20000;
  KVStore *kv = NULL;
  if (kvstore_open_v2(w->path, &kv, &c) != KVSTORE_OK) { w->failures++; return NULL; }
  for (int b = 0; b < PER_WRITER / BATCH; b++) {
    if (kvstore_begin(kv, 1) != KVSTORE_OK) { w->failures++; continue; }
    for (int i = b * BATCH; i < (b + 1) * BATCH; i++) {
      char k[32], v[96];
      snprintf(k, sizeof k, "w%d-%05d", w->id, i);
      make_value(v, sizeof v, w->id, i);
      if (t_put(kv, k, v) != KVSTORE_OK) w->failures++;
    }
    if (kvstore_commit(kv) != KVSTORE_OK) { w->failures++; kvstore_rollback(kv); }
    /* read back one of our own keys outside the transaction */
    char k[32], v[96];
    snprintf(k, sizeof k, "w%d-%05d", w->id, b * BATCH);
    make_value(v, sizeof v, w->id, b * BATCH);
    if (!t_has_value(kv, NULL, k, v)) w->failures++;
  }
  kvstore_close(kv);
  return NULL;
}

/* Readers check every value they meet is whole (matches its key), via gets and scans. */
static void *reader_main(void *arg) {
  Worker *w = arg;
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.busyTimeout = 20000;
  KVStore *kv = NULL;
  if (kvstore_open_v2(w->path, &kv, &c) != KVSTORE_OK) { w->failures++; return NULL; }
  uint64_t seed = 0x1234u + (uint64_t)w->id;
  int rounds = 0;
  while (!*w->stop || rounds < 3) {
    rounds++;
    for (int j = 0; j < 50; j++) {
      int wr = (int)(t_rand(&seed) % NWRITERS), i = (int)(t_rand(&seed) % PER_WRITER);
      char k[32], want[96];
      snprintf(k, sizeof k, "w%d-%05d", wr, i);
      make_value(want, sizeof want, wr, i);
      void *v = NULL;
      int n = 0;
      int rc = kvstore_get(kv, k, (int)strlen(k), &v, &n);
      if (rc == KVSTORE_OK) { if (n != (int)strlen(want) || memcmp(v, want, (size_t)n) != 0) w->failures++; }
      else if (rc != KVSTORE_NOTFOUND) w->failures++;
      snkv_free(v);
    }
    KVIterator *it = NULL;
    if (kvstore_prefix_iterator_create(kv, "w", 1, &it) != KVSTORE_OK) { w->failures++; continue; }
    for (int steps = 0; !kvstore_iterator_eof(it) && steps < 400; steps++) {
      void *k, *v;
      int nk, nv;
      if (kvstore_iterator_key(it, &k, &nk) || kvstore_iterator_value(it, &v, &nv)) { w->failures++; break; }
      char kb[32] = { 0 }, want[96];
      int wr = 0, i = 0;
      memcpy(kb, k, nk < 31 ? (size_t)nk : 31);
      if (sscanf(kb, "w%d-%d", &wr, &i) != 2) { w->failures++; break; }
      make_value(want, sizeof want, wr, i);
      if (nv != (int)strlen(want) || memcmp(v, want, (size_t)nv) != 0) w->failures++;
      if (kvstore_iterator_next(it) != KVSTORE_OK) { w->failures++; break; }
    }
    kvstore_iterator_close(it);
  }
  kvstore_close(kv);
  return NULL;
}

static void test_threads_with_own_handles(void) {
  const char *p = t_path("own");
  KVStore *kv = t_open(p, KVSTORE_JOURNAL_WAL);   /* create before the threads start */
  if (!kv) return;
  kvstore_close(kv);
  volatile int stop = 0;
  pthread_t tw[NWRITERS], tr[NREADERS];
  Worker ww[NWRITERS], wr[NREADERS];
  for (int i = 0; i < NREADERS; i++) {
    wr[i] = (Worker){ p, i, 0, &stop, NULL };
    pthread_create(&tr[i], NULL, reader_main, &wr[i]);
  }
  for (int i = 0; i < NWRITERS; i++) {
    ww[i] = (Worker){ p, i, 0, &stop, NULL };
    pthread_create(&tw[i], NULL, writer_main, &ww[i]);
  }
  for (int i = 0; i < NWRITERS; i++) {
    pthread_join(tw[i], NULL);
    if (!CHECK_EQ(ww[i].failures, 0)) t_note("writer %d", i);
  }
  stop = 1;
  for (int i = 0; i < NREADERS; i++) {
    pthread_join(tr[i], NULL);
    if (!CHECK_EQ(wr[i].failures, 0)) t_note("reader %d", i);
  }
  kv = t_open(p, KVSTORE_JOURNAL_WAL);
  if (!kv) return;
  CHECK_EQ(t_count(kv), NWRITERS * PER_WRITER);
  int missing = 0;
  for (int w = 0; w < NWRITERS; w++)
    for (int i = 0; i < PER_WRITER; i++) {
      char k[32], v[96];
      snprintf(k, sizeof k, "w%d-%05d", w, i);
      make_value(v, sizeof v, w, i);
      missing += !t_has_value(kv, NULL, k, v);
    }
  CHECK_EQ(missing, 0);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* One fullMutex handle shared by threads: auto-commit puts, gets, deletes, counts and
** short scans interleave safely. */
static void *shared_main(void *arg) {
  Worker *w = arg;
  KVStore *kv = w->shared;
  KVColumnFamily *cf = NULL;
  if (kvstore_cf_open(kv, "fam", &cf) != KVSTORE_OK) { w->failures++; return NULL; }
  for (int i = 0; i < 300; i++) {
    char k[32], v[96];
    snprintf(k, sizeof k, "s%d-%04d", w->id, i);
    make_value(v, sizeof v, w->id, i);
    if (t_put(kv, k, v) != KVSTORE_OK) w->failures++;
    if (!t_has_value(kv, NULL, k, v)) w->failures++;
    if (t_cfput(cf, k, "cf") != KVSTORE_OK) w->failures++;
    if (i % 3 == 0 && kvstore_delete(kv, k, (int)strlen(k)) != KVSTORE_OK) w->failures++;
    if (i % 50 == 0) {
      int64_t n;
      if (kvstore_count(kv, &n) != KVSTORE_OK) w->failures++;
      KVIterator *it = NULL;
      if (kvstore_cf_prefix_iterator_create(cf, "s", 1, &it) == KVSTORE_OK) {
        for (int s = 0; s < 20 && !kvstore_iterator_eof(it); s++) kvstore_iterator_next(it);
        kvstore_iterator_close(it);
      } else {
        w->failures++;
      }
    }
  }
  kvstore_cf_close(cf);
  return NULL;
}

static void test_full_mutex_shared_handle(void) {
  const char *p = t_path("shared");
  KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
  c.fullMutex = 1;
  KVStore *kv = NULL;
  if (!CHECK_OK(NULL, kvstore_open_v2(p, &kv, &c))) return;
  KVColumnFamily *cf = NULL;
  CHECK_OK(kv, kvstore_cf_create(kv, "fam", &cf));
  kvstore_cf_close(cf);
  enum { N = 4 };
  pthread_t t[N];
  Worker w[N];
  volatile int stop = 0;
  for (int i = 0; i < N; i++) {
    w[i] = (Worker){ p, i, 0, &stop, kv };
    pthread_create(&t[i], NULL, shared_main, &w[i]);
  }
  for (int i = 0; i < N; i++) {
    pthread_join(t[i], NULL);
    if (!CHECK_EQ(w[i].failures, 0)) t_note("thread %d", i);
  }
  CHECK_EQ(t_count(kv), N * 200);
  cf = NULL;
  int64_t n = -1;
  if (CHECK_OK(kv, kvstore_cf_open(kv, "fam", &cf))) CHECK_OK(kv, kvstore_cf_count(cf, &n));
  CHECK_EQ(n, N * 300);
  kvstore_cf_close(cf);
  CHECK_OK(kv, t_integrity(kv));
  kvstore_close(kv);
}

/* fullMutex = 0 and = 1 behave the same for a single thread. */
static void test_full_mutex_round_trip(void) {
  for (int fm = 0; fm <= 1; fm++) {
    KVStoreConfig c = t_cfg(KVSTORE_JOURNAL_WAL);
    c.fullMutex = fm;
    KVStore *kv = NULL;
    if (!CHECK_OK(NULL, kvstore_open_v2(t_path("fm"), &kv, &c))) continue;
    CHECK_OK(kv, t_put(kv, "k", "v"));
    CHECK_VAL(kv, "k", "v");
    CHECK_OK(kv, kvstore_begin(kv, 1));
    CHECK_OK(kv, kvstore_delete(kv, "k", 1));
    CHECK_OK(kv, kvstore_commit(kv));
    CHECK_VAL(kv, "k", NULL);
    kvstore_close(kv);
  }
}

int main(void) {
  t_setup("threads");
  alarm(240);
  RUN(test_full_mutex_round_trip);
  RUN(test_threads_with_own_handles);
  RUN(test_full_mutex_shared_handle);
  return t_finish();
}
