/*
** internal.h — the engine's private types and cross-file calls.
**
** Everything in c/snkv/src is compiled as ONE translation unit (snkv.c) after the patched
** SQLite amalgamation, so SQLite's internal B-tree, pager and WAL functions are callable.
** Nothing declared here is exported: only the SNKV_API functions in snkv.h leave the library.
*/
#ifndef SNKV_INTERNAL_H
#define SNKV_INTERNAL_H

#include "snkv.h"

/* Names of the hidden TTL families of a family <X> (spec §1.6). */
#define KV_TTL_KEY_PREFIX "__snkv_ttl_k__"
#define KV_TTL_EXP_PREFIX "__snkv_ttl_e__"
#define KV_TTL_PREFIX_LEN 14
#define KV_PURGE_BATCH    256     /* expired entries removed per write transaction */
#define KV_CATALOG_PROBES 64      /* catalog open-addressing chain length (spec §1.5) */
#define KV_ERRMSG_MAX     512

#if defined(_MSC_VER)
# define SNKV_THREAD_LOCAL __declspec(thread)
#else
# define SNKV_THREAD_LOCAL _Thread_local
#endif

/* Explicit transaction state of a store handle. */
#define KV_TXN_NONE  0
#define KV_TXN_READ  1            /* begin(0): a read snapshot, upgraded by a write */
#define KV_TXN_WRITE 2

typedef struct KVTxn KVTxn;

struct KVStore {
  sqlite3 *db;                    /* the connection that owns the b-tree (no SQL is run) */
  Btree *pBt;
  sqlite3_mutex *pMutex;          /* fullMutex: serializes API calls on this handle */
  int readOnly;
  int isMemory;                   /* ":memory:" or temporary: no WAL, nothing to sync */
  int walSizeLimit;               /* checkpoint once the WAL holds this many frames */
  int txn;                        /* KV_TXN_* of the explicit transaction */
  int txnWrote;                   /* the explicit transaction has modified the file */
  u32 epoch;                      /* bumped on every catalog change or rollback by this handle */
  u32 writeSeq;                   /* bumped on every write through this handle (iterators) */
  KVColumnFamily *pDefault;       /* shared default-family handle */
  KVColumnFamily *pFamilies;      /* every open non-default family handle */
  KVIterator *pIters;             /* every open iterator */
  u8 *aBuf; int nBuf;             /* scratch for encoding entries */
  /* Inside an explicit write transaction, the last write cursor stays open: consecutive
  ** writes to one b-tree then skip the descent from the root (SQLite's seek starts on the
  ** current leaf when the key is beyond it — ascending loads). Closed before anything
  ** that ends the transaction or reshapes the file (kvWriteCursorClose). */
  BtCursor wrCur; Pgno wrRoot; int wrOpen;
  KVStoreStats st;
  char zErr[KV_ERRMSG_MAX];
};

struct KVColumnFamily {
  KVStore *pKV;
  char *zName; int nName;         /* NUL-terminated copy */
  int nRef;                       /* handle + iterators holding it */
  int isDefault;
  /* Roots, valid while (dataVersion, epoch) match: another connection's commit or a
  ** catalog change here may have moved or dropped them (deviation D7). */
  Pgno iRoot, iTtlKey, iTtlExp;
  u32 ver, verEpoch; int resolved;
  KVColumnFamily *pNext;
};

/* An iterator reads entries in batches (copies), resuming after the last delivered key.
** Nothing is held between calls, so an open iterator pins no snapshot or lock. */
struct KVIterator {
  KVStore *pKV;
  KVColumnFamily *pCF;
  int reverse;
  u8 *aPrefix; int nPrefix;
  int pos;                        /* KV_POS_* : where the next fill starts */
  u8 *aAnchor; int nAnchor, nAnchorAlloc;
  /* Reference (kvstore_iterator_*) stepping state: a batch of packed entries. */
  u8 *aBatch; int nBatchAlloc;
  int nBatch, iBatch, oBatch;     /* entries in batch, current index, byte offset of current */
  int batchDir;                   /* +1 / -1: direction the batch was read in */
  u32 batchSeq;                   /* pKV->writeSeq when the batch was read */
  int eof;
  KVIterator *pNext;
};
#define KV_POS_START 0            /* the beginning of the range in the travel direction */
#define KV_POS_AT    1            /* at the anchor or beyond it */
#define KV_POS_AFTER 2            /* strictly beyond the anchor */
#define KV_POS_END   3            /* nothing more in the travel direction */

/* compare.c */
static void kvKeyInit(UnpackedRecord *r, const void *pKey, int nKey, int defaultRc, int prefixMode);
static KeyInfo kvRawKeyInfo;
static int kvSeek(BtCursor *pCur, const void *pKey, int nKey, int defaultRc, int prefixMode, int *pRes);
static int kvCursorKey(BtCursor *pCur, const u8 **ppKey, u32 *pnKey, u32 *pnPayload, u8 **ppTmp);

/* store.c */
static int kvError(KVStore *pKV, int rc, const char *zFmt, ...);
static int kvSqliteError(KVStore *pKV, int rc, const char *zWhat);
static int kvEnsureBuf(KVStore *pKV, int n);
static void kvEnter(KVStore *pKV);
static void kvLeave(KVStore *pKV);
static int kvCheckKey(KVStore *pKV, const void *pKey, int nKey);
static int kvCheckValue(KVStore *pKV, const void *pVal, int nVal);
static i64 kvNowMs(void);

/* data.c: the cached write cursor */
static void kvWriteCursorClose(KVStore *pKV);

/* txn.c */
static int kvTxnBegin(KVStore *pKV, int wrflag, int *pAuto);
static int kvTxnEnd(KVStore *pKV, int isAuto, int rc);
static int kvTxnAbort(KVStore *pKV);

/* catalog.c */
static int kvResolve(KVColumnFamily *pCF);
static int kvCatalogFind(KVStore *pKV, const char *zName, int nName, Pgno *piRoot);
static int kvCatalogCreate(KVStore *pKV, const char *zName, int nName, Pgno *piRoot);
static int kvCatalogDrop(KVStore *pKV, const char *zName, int nName);
static int kvCheckCfName(KVStore *pKV, const char *zName, int nName, int forCreate);
static KVColumnFamily *kvFamilyNew(KVStore *pKV, const char *zName, int nName, int isDefault);
static void kvFamilyRelease(KVColumnFamily *pCF);
static int kvFamilyOpen(KVStore *pKV, const char *zName, int nName, int mode, KVColumnFamily **ppCF);
static int kvFamilyDrop(KVStore *pKV, const char *zName, int nName);
static int kvFamilyList(KVStore *pKV, char ***pazNames, int *pnCount);

/* ttl.c */
static int kvTtlEnsure(KVColumnFamily *pCF);
static int kvTtlLookup(KVColumnFamily *pCF, BtCursor *pTtlCur, const void *pKey, int nKey, i64 *pExpire);
static int kvTtlRemove(KVColumnFamily *pCF, const void *pKey, int nKey, int *pHad);
static int kvTtlSet(KVColumnFamily *pCF, const void *pKey, int nKey, i64 expire);
static int kvTtlPurge(KVColumnFamily *pCF, int *pnDeleted);

/* data.c */
static int kvPut(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pVal, int nVal,
          i64 expire, int ifAbsent, int *pInserted);
static int kvGet(KVColumnFamily *pCF, const void *pKey, int nKey, void *pBuf, int nBuf,
          void **ppAlloc, int *pnVal, i64 *pExpire);
static int kvDelete(KVColumnFamily *pCF, const void *pKey, int nKey, int *pExisted);
static int kvExists(KVColumnFamily *pCF, const void *pKey, int nKey, int *pExists);
static int kvCount(KVColumnFamily *pCF, i64 *pn);
static int kvClear(KVColumnFamily *pCF);
static int kvWriteEntry(KVColumnFamily *pCF, Pgno iRoot, const void *pKey, int nKey,
                 const void *pVal, int nVal, int *pExisted);
static int kvDeleteEntry(KVStore *pKV, Pgno iRoot, const void *pKey, int nKey, int *pExisted);
static int kvPutMany(KVColumnFamily *pCF, const u8 *a, int nBytes, int nEntries, i64 expire);
static int kvDeleteMany(KVColumnFamily *pCF, const u8 *a, int nBytes, int nKeys, int *pnDeleted);
static int kvGetMany(KVColumnFamily *pCF, const u8 *a, int nBytes, int nKeys, u8 *pOut, int nOut,
              int *pnDone, int *pNeeded);

/* iterator.c */
static int kvIterOpen(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, int reverse, KVIterator **pp);
static int kvIterSeek(KVIterator *p, int mode, const void *pKey, int nKey);
static int kvIterFill(KVIterator *p, int dir, u8 *pOut, int nOut, int maxN, int *pnOut, int *pNeeded);
static void kvIterClose(KVIterator *p);
static void kvIterDetachAll(KVStore *pKV);

/* maintenance.c */
static int kvAfterCommit(KVStore *pKV);
static int kvCheckpoint(KVStore *pKV, int mode, int *pnLog, int *pnCkpt);
static int kvSync(KVStore *pKV);
static int kvVacuum(KVStore *pKV, int nPage);
static int kvIntegrityCheck(KVStore *pKV, char **pzMsg);
static int kvStats(KVStore *pKV, KVStoreStats *pStats);
static void kvStatsReset(KVStore *pKV);

#endif /* SNKV_INTERNAL_H */
