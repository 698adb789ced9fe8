/*
** snkv.h — SNKV: an embedded, ACID key-value store on SQLite's B-tree, pager and WAL.
**
** Two groups of calls:
**   kvstore_*  the reference SNKV C API (same names, signatures and constants), so a C
**              program written for the reference compiles and links unchanged;
**   snkv_*     calls shaped for FFI callers (Deno, Bun): handles returned as results,
**              variable-length results copied into caller buffers, batches, no structs
**              by value and no 64-bit results.
**
** Behaviour differs from the reference where the reference is wrong; see
** docs/deviations (D1–D12) in the README. Encryption and vector search are not provided.
*/
#ifndef SNKV_H
#define SNKV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(SNKV_BUILDING)
#  define SNKV_API __declspec(dllexport)
#elif defined(_WIN32)
#  define SNKV_API __declspec(dllimport)
#elif defined(__GNUC__) || defined(__clang__)
#  define SNKV_API __attribute__((visibility("default")))
#else
#  define SNKV_API
#endif

/* ABI version of the snkv_* calls; snkv_abi_version() returns it. */
#define SNKV_ABI_VERSION 1

/* ---- Status codes (equal to SQLite primary result codes) ------------------------- */
#define KVSTORE_OK          0
#define KVSTORE_ERROR       1
#define KVSTORE_BUSY        5
#define KVSTORE_LOCKED      6
#define KVSTORE_NOMEM       7
#define KVSTORE_READONLY    8
#define KVSTORE_CORRUPT    11
#define KVSTORE_NOTFOUND   12
#define KVSTORE_AUTH_FAILED 13   /* numerically SQLITE_FULL */
#define KVSTORE_PROTOCOL   15
/* Other SQLite primary codes may be returned too: 10 IOERR, 13 FULL, 14 CANTOPEN,
** 21 MISUSE, 26 NOTADB. Extended codes are reduced to their primary code. */

#define KVSTORE_JOURNAL_DELETE 0
#define KVSTORE_JOURNAL_WAL    1

#define KVSTORE_SYNC_OFF    0
#define KVSTORE_SYNC_NORMAL 1
#define KVSTORE_SYNC_FULL   2

#define KVSTORE_CHECKPOINT_PASSIVE  0
#define KVSTORE_CHECKPOINT_FULL     1
#define KVSTORE_CHECKPOINT_RESTART  2
#define KVSTORE_CHECKPOINT_TRUNCATE 3

#define KVSTORE_NO_TTL ((int64_t)-1)

/* Kept for source compatibility. Not a limit: families are limited only by catalog
** slots (64 names whose FNV-1a hashes collide give KVSTORE_ERROR "catalog full"). */
#define KVSTORE_MAX_COLUMN_FAMILIES 64
#define KVSTORE_MAX_KEY_SIZE   65536
#define KVSTORE_MAX_VALUE_SIZE (10 * 1024 * 1024)
#define KVSTORE_MAX_CF_NAME    255

/* ---- Types ---------------------------------------------------------------------- */
typedef struct KVStore KVStore;
typedef struct KVColumnFamily KVColumnFamily;
typedef struct KVIterator KVIterator;

/* Open options. journalMode and syncLevel are taken literally, because their constants
** are 0 (KVSTORE_JOURNAL_DELETE, KVSTORE_SYNC_OFF); every other field <= 0 takes its
** default. A NULL config, or one filled by snkv_config_default(), gives the documented
** defaults: WAL, sync NORMAL, 2000-page cache, 4096-byte pages (deviation D1). */
typedef struct KVStoreConfig {
  int journalMode;    /* KVSTORE_JOURNAL_DELETE / _WAL */
  int syncLevel;      /* KVSTORE_SYNC_OFF / _NORMAL / _FULL */
  int cacheSize;      /* pages; <= 0 → 2000 */
  int pageSize;       /* new files only; <= 0 → 4096 */
  int readOnly;       /* 1 → read-only open */
  int busyTimeout;    /* ms to wait for locks; 0 → fail at once with BUSY */
  int walSizeLimit;   /* auto-checkpoint (PASSIVE) once the WAL holds this many frames; 0 → off */
  int allowEncrypted; /* ignored (no encryption in this build) */
  int fullMutex;      /* 1 → serialize every call on this handle with a mutex */
} KVStoreConfig;

typedef struct KVStoreStats {
  uint64_t nPuts, nGets, nDeletes, nIterations, nErrors, nBytesRead, nBytesWritten,
           nWalCommits, nCheckpoints, nTtlExpired, nTtlPurged, nDbPages;
} KVStoreStats;

/* ---- Memory --------------------------------------------------------------------- */
SNKV_API void snkv_free(void *p);
SNKV_API void *snkv_malloc(int n);      /* zeroed */
#define sqliteFree(p) snkv_free(p)

/* ---- Reference API (spec §2) ---------------------------------------------------- */
SNKV_API int kvstore_open(const char *zFilename, KVStore **ppKV, int journalMode);
SNKV_API int kvstore_open_v2(const char *zFilename, KVStore **ppKV, const KVStoreConfig *pConfig);
SNKV_API int kvstore_close(KVStore *pKV);

SNKV_API int kvstore_cf_create(KVStore *pKV, const char *zName, KVColumnFamily **ppCF);
SNKV_API int kvstore_cf_open(KVStore *pKV, const char *zName, KVColumnFamily **ppCF);
SNKV_API int kvstore_cf_get_default(KVStore *pKV, KVColumnFamily **ppCF);
SNKV_API int kvstore_cf_drop(KVStore *pKV, const char *zName);
SNKV_API int kvstore_cf_list(KVStore *pKV, char ***pazNames, int *pnCount);
SNKV_API void kvstore_cf_close(KVColumnFamily *pCF);

SNKV_API int kvstore_put(KVStore *pKV, const void *pKey, int nKey, const void *pValue, int nValue);
SNKV_API int kvstore_get(KVStore *pKV, const void *pKey, int nKey, void **ppValue, int *pnValue);
SNKV_API int kvstore_delete(KVStore *pKV, const void *pKey, int nKey);
SNKV_API int kvstore_exists(KVStore *pKV, const void *pKey, int nKey, int *pExists);
SNKV_API int kvstore_cf_put(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pValue, int nValue);
SNKV_API int kvstore_cf_get(KVColumnFamily *pCF, const void *pKey, int nKey, void **ppValue, int *pnValue);
SNKV_API int kvstore_cf_delete(KVColumnFamily *pCF, const void *pKey, int nKey);
SNKV_API int kvstore_cf_exists(KVColumnFamily *pCF, const void *pKey, int nKey, int *pExists);

SNKV_API int kvstore_put_if_absent(KVStore *pKV, const void *pKey, int nKey, const void *pValue,
                                   int nValue, int64_t expire_ms, int *pInserted);
SNKV_API int kvstore_cf_put_if_absent(KVColumnFamily *pCF, const void *pKey, int nKey,
                                      const void *pValue, int nValue, int64_t expire_ms, int *pInserted);

SNKV_API int kvstore_iterator_create(KVStore *pKV, KVIterator **ppIter);
SNKV_API int kvstore_cf_iterator_create(KVColumnFamily *pCF, KVIterator **ppIter);
SNKV_API int kvstore_reverse_iterator_create(KVStore *pKV, KVIterator **ppIter);
SNKV_API int kvstore_cf_reverse_iterator_create(KVColumnFamily *pCF, KVIterator **ppIter);
SNKV_API int kvstore_prefix_iterator_create(KVStore *pKV, const void *pPrefix, int nPrefix, KVIterator **ppIter);
SNKV_API int kvstore_cf_prefix_iterator_create(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, KVIterator **ppIter);
SNKV_API int kvstore_reverse_prefix_iterator_create(KVStore *pKV, const void *pPrefix, int nPrefix, KVIterator **ppIter);
SNKV_API int kvstore_cf_reverse_prefix_iterator_create(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, KVIterator **ppIter);
SNKV_API int kvstore_iterator_first(KVIterator *pIter);
SNKV_API int kvstore_iterator_last(KVIterator *pIter);
SNKV_API int kvstore_iterator_next(KVIterator *pIter);
SNKV_API int kvstore_iterator_prev(KVIterator *pIter);
SNKV_API int kvstore_iterator_eof(KVIterator *pIter);
SNKV_API int kvstore_iterator_key(KVIterator *pIter, void **ppKey, int *pnKey);
SNKV_API int kvstore_iterator_value(KVIterator *pIter, void **ppValue, int *pnValue);
SNKV_API int kvstore_iterator_seek(KVIterator *pIter, const void *pKey, int nKey);
SNKV_API void kvstore_iterator_close(KVIterator *pIter);

SNKV_API int kvstore_begin(KVStore *pKV, int wrflag);
SNKV_API int kvstore_commit(KVStore *pKV);
SNKV_API int kvstore_rollback(KVStore *pKV);

SNKV_API const char *kvstore_errmsg(KVStore *pKV);
SNKV_API int kvstore_stats(KVStore *pKV, KVStoreStats *pStats);
SNKV_API int kvstore_stats_reset(KVStore *pKV);
SNKV_API int kvstore_integrity_check(KVStore *pKV, char **pzErrMsg);
SNKV_API int kvstore_sync(KVStore *pKV);
SNKV_API int kvstore_incremental_vacuum(KVStore *pKV, int nPage);
SNKV_API int kvstore_checkpoint(KVStore *pKV, int mode, int *pnLog, int *pnCkpt);

SNKV_API int kvstore_clear(KVStore *pKV);
SNKV_API int kvstore_cf_clear(KVColumnFamily *pCF);
SNKV_API int kvstore_count(KVStore *pKV, int64_t *pnCount);
SNKV_API int kvstore_cf_count(KVColumnFamily *pCF, int64_t *pnCount);

SNKV_API int64_t kvstore_now_ms(void);
SNKV_API int kvstore_put_ttl(KVStore *pKV, const void *pKey, int nKey, const void *pValue, int nValue, int64_t expire_ms);
SNKV_API int kvstore_cf_put_ttl(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pValue, int nValue, int64_t expire_ms);
SNKV_API int kvstore_get_ttl(KVStore *pKV, const void *pKey, int nKey, void **ppValue, int *pnValue, int64_t *pnRemaining);
SNKV_API int kvstore_cf_get_ttl(KVColumnFamily *pCF, const void *pKey, int nKey, void **ppValue, int *pnValue, int64_t *pnRemaining);
SNKV_API int kvstore_ttl_remaining(KVStore *pKV, const void *pKey, int nKey, int64_t *pnRemaining);
SNKV_API int kvstore_cf_ttl_remaining(KVColumnFamily *pCF, const void *pKey, int nKey, int64_t *pnRemaining);
SNKV_API int kvstore_purge_expired(KVStore *pKV, int *pnDeleted);
SNKV_API int kvstore_cf_purge_expired(KVColumnFamily *pCF, int *pnDeleted);

/* ---- FFI-shaped calls ------------------------------------------------------------
** Conventions: an int result >= 0 is success (a length, count or flag); a negative
** result is -(status code), with the message available from snkv_errmsg(). Lengths
** of keys/values are ints; 64-bit quantities travel as doubles (exact to 2^53).
** Empty buffers may be passed as (NULL, 0). Expiry times are absolute milliseconds
** since the Unix epoch as a double; 0 means "no expiry". */

SNKV_API int snkv_abi_version(void);
/* Fills *pConfig with the documented defaults (WAL, sync NORMAL, cache 2000, page 4096). */
SNKV_API void snkv_config_default(KVStoreConfig *pConfig);
/* Opens a store; pConfig may be NULL (all defaults). On failure returns NULL, sets
** *pRc and copies the message into zErr (NUL-terminated, truncated to nErr). */
SNKV_API KVStore *snkv_open(const char *zPath, const KVStoreConfig *pConfig, int *pRc,
                            char *zErr, int nErr);
/* Copies the last error message of the store (or of the last failed open when pKV is
** NULL in this thread) into zBuf; returns its full length. */
SNKV_API int snkv_errmsg(KVStore *pKV, char *zBuf, int nBuf);
/* 1 inside an explicit transaction (begin without commit/rollback), else 0. */
SNKV_API int snkv_in_transaction(KVStore *pKV);

/* Column families by name bytes. mode: 0 open (NOTFOUND if missing), 1 create (ERROR if
** it exists), 2 open or create. The empty name or "default" gives the default family. */
SNKV_API KVColumnFamily *snkv_cf_open(KVStore *pKV, const void *pName, int nName, int mode, int *pRc);
SNKV_API int snkv_cf_drop(KVStore *pKV, const void *pName, int nName);
/* Writes names as [u32 LE len][bytes]...; returns the count, or -(rc). *pNeeded is set
** to the bytes required; if it exceeds nBuf nothing is written (the count is still
** returned): grow and retry. */
SNKV_API int snkv_cf_list(KVStore *pKV, uint8_t *pBuf, int nBuf, int *pNeeded);

/* Data. expireMs: absolute epoch ms, 0 = permanent (clears an earlier TTL). */
SNKV_API int snkv_put(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pVal, int nVal, double expireMs);
/* Returns the value length (copied into pBuf only if it fits in nBuf: grow and retry),
** or -KVSTORE_NOTFOUND if absent or expired, or -(rc). */
SNKV_API int snkv_get(KVColumnFamily *pCF, const void *pKey, int nKey, void *pBuf, int nBuf);
SNKV_API int snkv_exists(KVColumnFamily *pCF, const void *pKey, int nKey);          /* 1/0 */
SNKV_API int snkv_delete(KVColumnFamily *pCF, const void *pKey, int nKey);          /* 1 existed/0 */
SNKV_API int snkv_put_if_absent(KVColumnFamily *pCF, const void *pKey, int nKey,
                                const void *pVal, int nVal, double expireMs);       /* 1 inserted/0 */
/* 1 with *pRemainingMs set (> 0) if the key expires, 0 if permanent, -KVSTORE_NOTFOUND
** if absent or expired. */
SNKV_API int snkv_ttl(KVColumnFamily *pCF, const void *pKey, int nKey, double *pRemainingMs);
SNKV_API int snkv_purge_expired(KVColumnFamily *pCF);                               /* count */
SNKV_API int snkv_count(KVColumnFamily *pCF, double *pnCount);
SNKV_API int snkv_clear(KVColumnFamily *pCF);

/* Batches: one call, one transaction (or joining the caller's).
** Entries are packed as [u32 LE klen][u32 LE vlen][key][value]... */
SNKV_API int snkv_put_many(KVColumnFamily *pCF, const uint8_t *pEntries, int nBytes, int nEntries, double expireMs);
/* Keys packed as [u32 LE klen][key]...; results appended to pOut as [i32 LE vlen or -1][value]...
** Returns how many keys were answered (from the first); fewer than nKeys means pOut
** was full: *pNeeded gives the bytes the next answer needs. */
SNKV_API int snkv_get_many(KVColumnFamily *pCF, const uint8_t *pKeys, int nBytes, int nKeys,
                           uint8_t *pOut, int nOut, int *pNeeded);
SNKV_API int snkv_delete_many(KVColumnFamily *pCF, const uint8_t *pKeys, int nBytes, int nKeys); /* count deleted */

/* Iterators. A prefix of length 0 means none. Plain iterators start unpositioned; prefix
** iterators start at their first entry in their direction. */
SNKV_API KVIterator *snkv_iter_open(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, int reverse, int *pRc);
/* Positions the iterator; nothing is read until snkv_iter_fill. Returns 0 or -(rc).
**   SNKV_SEEK_FIRST  first entry in the iterator's direction (smallest key of a forward
**                    iterator, largest of a reverse one), within the prefix if any;
**   SNKV_SEEK_KEY    forward: first key >= key; reverse: last key <= key;
**   SNKV_SEEK_AFTER  forward: first key > key; reverse: last key < key (resume after a
**                    key already delivered, e.g. after the store was written to).
** The prefix boundary always holds: a position outside it reads as the end. */
#define SNKV_SEEK_FIRST 0
#define SNKV_SEEK_KEY   2
#define SNKV_SEEK_AFTER 3
SNKV_API int snkv_iter_seek(KVIterator *pIter, int mode, const void *pKey, int nKey);
/* Copies up to maxEntries entries from the current position, in the iterator's direction,
** into pOut as [u32 LE klen][u32 LE vlen][key][value]...; the position moves past them.
** Returns the number written (0 at the end), or -(rc). If the next entry alone does not
** fit, returns 0 with *pNeeded set to its size (grow and retry); else *pNeeded = 0. */
SNKV_API int snkv_iter_fill(KVIterator *pIter, uint8_t *pOut, int nOut, int maxEntries, int *pNeeded);
SNKV_API void snkv_iter_close(KVIterator *pIter);

/* Memory-maps up to nBytes of the database file for reads (SQLite's mmap_size; 0 = off,
** the default). Reads of mapped pages skip the read() system call. Returns 0 or -(rc). */
SNKV_API int snkv_set_mmap_size(KVStore *pKV, double nBytes);

/* 12 counters in KVStoreStats order, as doubles. */
SNKV_API int snkv_stats(KVStore *pKV, double *aOut12);
/* out2[0] = WAL frames, out2[1] = frames checkpointed. */
SNKV_API int snkv_checkpoint(KVStore *pKV, int mode, int *aOut2);
/* KVSTORE_OK, or KVSTORE_CORRUPT with the checker's report copied into zBuf. */
SNKV_API int snkv_integrity_check(KVStore *pKV, char *zBuf, int nBuf);

#ifdef __cplusplus
}
#endif
#endif /* SNKV_H */
