/*
** store.c — opening and closing a store, its configuration, error messages and the
** small helpers every other file uses (argument checks, scratch buffer, clock).
**
** A store is one SQLite connection used only for its b-tree: sqlite3_open_v2() sets up
** the pager, WAL, locking and busy handler exactly as SQLite does for SQL users, and SNKV
** then calls the b-tree layer directly. No SQL statement is ever prepared.
*/

static SNKV_THREAD_LOCAL char kvOpenErr[KV_ERRMSG_MAX];  /* last failed open, per thread */

int kvError(KVStore *pKV, int rc, const char *zFmt, ...){
  va_list ap;
  if( pKV==0 ) return rc;
  va_start(ap, zFmt);
  sqlite3_vsnprintf(sizeof(pKV->zErr), pKV->zErr, zFmt, ap);
  va_end(ap);
  if( rc!=KVSTORE_NOTFOUND ) pKV->st.nErrors++;
  return rc;
}

/* Reports a status from the SQLite layer: the primary code, and a message naming both
** the operation and SQLite's description of the (extended) code. */
int kvSqliteError(KVStore *pKV, int rc, const char *zWhat){
  int primary = rc & 0xff;
  if( primary==SQLITE_DONE || primary==SQLITE_ROW ) primary = SQLITE_OK;
  if( primary==SQLITE_OK ) return SQLITE_OK;
  return kvError(pKV, primary, "%s: %s", zWhat, sqlite3ErrStr(rc));
}

int kvEnsureBuf(KVStore *pKV, int n){
  if( n>pKV->nBuf ){
    int nNew = n<4096 ? 4096 : n;
    u8 *a = (u8*)sqlite3_realloc64(pKV->aBuf, (u64)nNew);
    if( a==0 ) return kvError(pKV, KVSTORE_NOMEM, "out of memory (%d bytes)", n);
    pKV->aBuf = a;
    pKV->nBuf = nNew;
  }
  return KVSTORE_OK;
}

void kvEnter(KVStore *pKV){ if( pKV->pMutex ) sqlite3_mutex_enter(pKV->pMutex); }
void kvLeave(KVStore *pKV){ if( pKV->pMutex ) sqlite3_mutex_leave(pKV->pMutex); }

int kvCheckKey(KVStore *pKV, const void *pKey, int nKey){
  if( pKey==0 || nKey<=0 ){
    return kvError(pKV, KVSTORE_ERROR, "invalid key: null or zero length");
  }
  if( nKey>KVSTORE_MAX_KEY_SIZE ){
    return kvError(pKV, KVSTORE_ERROR, "key too large: %d bytes (maximum %d)", nKey, KVSTORE_MAX_KEY_SIZE);
  }
  return KVSTORE_OK;
}

int kvCheckValue(KVStore *pKV, const void *pVal, int nVal){
  if( nVal<0 || (pVal==0 && nVal!=0) ){
    return kvError(pKV, KVSTORE_ERROR, "invalid value: null pointer with length %d", nVal);
  }
  if( nVal>KVSTORE_MAX_VALUE_SIZE ){
    return kvError(pKV, KVSTORE_ERROR, "value too large: %d bytes (maximum %d)", nVal, KVSTORE_MAX_VALUE_SIZE);
  }
  return KVSTORE_OK;
}

i64 kvNowMs(void){
  sqlite3_int64 t = 0;
  sqlite3_vfs *pVfs = sqlite3_vfs_find(0);
  if( pVfs && pVfs->iVersion>=2 && pVfs->xCurrentTimeInt64 ){
    pVfs->xCurrentTimeInt64(pVfs, &t);
  }else if( pVfs ){
    double r = 0;
    pVfs->xCurrentTime(pVfs, &r);
    t = (sqlite3_int64)(r*86400000.0);
  }
  return t - (i64)210866760000000LL;   /* Julian-day ms → Unix epoch ms */
}

SNKV_API void snkv_config_default(KVStoreConfig *p){
  if( p==0 ) return;
  memset(p, 0, sizeof(*p));
  p->journalMode = KVSTORE_JOURNAL_WAL;
  p->syncLevel = KVSTORE_SYNC_NORMAL;
  p->cacheSize = 2000;
  p->pageSize = 4096;
}

/* Brings the header's journal-mode bytes (18/19) in line with the requested mode (spec
** §1.8). Leaving WAL first checkpoints and removes the WAL, like PRAGMA journal_mode;
** if other connections still use the WAL, the store simply stays in WAL mode. */
static int kvSetJournalMode(KVStore *pKV, int wantWal){
  Pager *pPager = sqlite3BtreePager(pKV->pBt);
  int rc;
  if( !wantWal ){
    rc = sqlite3BtreeBeginTrans(pKV->pBt, 0, 0);       /* opens a hot WAL, if any */
    if( rc==SQLITE_OK ) rc = sqlite3BtreeCommit(pKV->pBt);
    if( rc ) return rc;
    if( sqlite3PagerGetJournalMode(pPager)==PAGER_JOURNALMODE_WAL ){
      rc = sqlite3PagerCloseWal(pPager, pKV->db);
      if( rc==SQLITE_OK ){
        sqlite3PagerSetJournalMode(pPager, PAGER_JOURNALMODE_DELETE);
      }else if( (rc&0xff)==SQLITE_BUSY ){
        return SQLITE_OK;
      }else{
        return rc;
      }
    }
  }
  rc = sqlite3BtreeSetVersion(pKV->pBt, wantWal ? 2 : 1);
  if( rc==SQLITE_OK ){
    rc = sqlite3BtreeCommit(pKV->pBt);
  }else{
    sqlite3BtreeRollback(pKV->pBt, SQLITE_OK, 0);
  }
  return rc;
}

/* Reads the roots of a store, creating the default family and the catalog in a new
** file (spec §1.10), and refuses encrypted stores (this build cannot read them). */
static int kvInitStore(KVStore *pKV){
  u32 iDefault = 0;
  int rc = sqlite3BtreeBeginTrans(pKV->pBt, 0, 0);
  if( rc ) return kvSqliteError(pKV, rc, "cannot read the database header");
  sqlite3BtreeGetMeta(pKV->pBt, 1, &iDefault);
  sqlite3BtreeCommit(pKV->pBt);
  if( iDefault==0 ){
    Pgno iRoot = 0, iCat = 0;
    if( pKV->readOnly ){
      return kvError(pKV, KVSTORE_READONLY, "cannot open empty database read-only");
    }
    rc = sqlite3BtreeBeginTrans(pKV->pBt, 1, 0);
    if( rc ) return kvSqliteError(pKV, rc, "cannot initialise a new store");
    sqlite3BtreeGetMeta(pKV->pBt, 1, &iDefault);
    if( iDefault==0 ){                      /* nobody initialised it meanwhile */
      rc = sqlite3BtreeCreateTable(pKV->pBt, &iRoot, BTREE_BLOBKEY);
      if( rc==SQLITE_OK ) rc = sqlite3BtreeCreateTable(pKV->pBt, &iCat, BTREE_INTKEY);
      if( rc==SQLITE_OK ) rc = sqlite3BtreeUpdateMeta(pKV->pBt, 1, iRoot);
      if( rc==SQLITE_OK ) rc = sqlite3BtreeUpdateMeta(pKV->pBt, 2, 1);
      if( rc==SQLITE_OK ) rc = sqlite3BtreeUpdateMeta(pKV->pBt, 3, iCat);
    }
    if( rc==SQLITE_OK ) rc = sqlite3BtreeCommit(pKV->pBt);
    if( rc ){
      sqlite3BtreeRollback(pKV->pBt, SQLITE_OK, 0);
      return kvSqliteError(pKV, rc, "cannot initialise a new store");
    }
  }
  {
    Pgno iAuth = 0;
    int isAuto = 0;
    rc = kvTxnBegin(pKV, 0, &isAuto);
    if( rc ) return rc;
    rc = kvCatalogFind(pKV, "__snkv_auth__", 13, &iAuth);
    if( rc==KVSTORE_OK ){
      BtCursor cur; int res = 1;
      sqlite3BtreeCursorZero(&cur);
      rc = sqlite3BtreeCursor(pKV->pBt, iAuth, 0, &kvRawKeyInfo, &cur);
      if( rc==SQLITE_OK ) rc = kvSeek(&cur, "salt", 4, 0, 0, &res);
      sqlite3BtreeCloseCursor(&cur);
      if( rc==SQLITE_OK && res==0 ){
        rc = kvError(pKV, KVSTORE_AUTH_FAILED, "the store is encrypted; this build of SNKV has no encryption support");
      }else{
        rc = kvSqliteError(pKV, rc, "cannot read the catalog");
      }
    }else if( rc==KVSTORE_NOTFOUND ){
      rc = KVSTORE_OK;
    }
    rc = kvTxnEnd(pKV, isAuto, rc);
  }
  return rc;
}

static int kvOpen(const char *zPath, const KVStoreConfig *pConfig, KVStore **ppKV){
  KVStoreConfig cfg;
  KVStore *pKV;
  int rc, flags;
  const char *zFile;

  if( ppKV==0 ){
    sqlite3_snprintf(sizeof(kvOpenErr), kvOpenErr, "invalid argument: NULL output handle");
    return KVSTORE_ERROR;
  }
  *ppKV = 0;
  if( pConfig ){
    cfg = *pConfig;
    if( cfg.cacheSize<=0 ) cfg.cacheSize = 2000;
    if( cfg.pageSize<=0 ) cfg.pageSize = 4096;
    if( cfg.busyTimeout<0 ) cfg.busyTimeout = 0;
    if( cfg.walSizeLimit<0 ) cfg.walSizeLimit = 0;
  }else{
    snkv_config_default(&cfg);
  }
  if( cfg.syncLevel<KVSTORE_SYNC_OFF || cfg.syncLevel>KVSTORE_SYNC_FULL ){
    sqlite3_snprintf(sizeof(kvOpenErr), kvOpenErr, "invalid syncLevel %d (0 off, 1 normal, 2 full)", cfg.syncLevel);
    return KVSTORE_ERROR;
  }
  rc = sqlite3_initialize();
  if( rc ){
    sqlite3_snprintf(sizeof(kvOpenErr), kvOpenErr, "cannot initialise SQLite: %s", sqlite3ErrStr(rc));
    return rc & 0xff;
  }
  kvPlatformOnce();
  pKV = (KVStore*)sqlite3_malloc64(sizeof(KVStore));
  if( pKV==0 ){
    sqlite3_snprintf(sizeof(kvOpenErr), kvOpenErr, "out of memory");
    return KVSTORE_NOMEM;
  }
  memset(pKV, 0, sizeof(*pKV));
  pKV->readOnly = cfg.readOnly!=0;
  pKV->walSizeLimit = cfg.walSizeLimit;

  /* NULL, "" → a private temporary database; ":memory:" → pure memory. */
  zFile = zPath ? zPath : "";
  pKV->isMemory = zFile[0]==0 || strcmp(zFile, ":memory:")==0;
  flags = (pKV->readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE|SQLITE_OPEN_CREATE)
        | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  rc = sqlite3_open_v2(zFile, &pKV->db, flags, 0);
  if( rc ){
    rc = kvError(pKV, rc & 0xff, "cannot open \"%s\": %s", zFile,
                 pKV->db ? sqlite3_errmsg(pKV->db) : sqlite3ErrStr(rc));
    goto open_failed;
  }
  pKV->pBt = pKV->db->aDb[0].pBt;
  if( cfg.fullMutex ){
    pKV->pMutex = sqlite3_mutex_alloc(SQLITE_MUTEX_RECURSIVE);
  }
  sqlite3BtreeSetPageSize(pKV->pBt, cfg.pageSize, -1, 0);   /* new files only */
  sqlite3BtreeSetCacheSize(pKV->pBt, cfg.cacheSize);
  sqlite3BtreeSetPagerFlags(pKV->pBt, (unsigned)(cfg.syncLevel+1) | PAGER_CACHESPILL);
  if( cfg.busyTimeout>0 ) sqlite3_busy_timeout(pKV->db, cfg.busyTimeout);
  if( !pKV->readOnly ){
    sqlite3BtreeSetAutoVacuum(pKV->pBt, BTREE_AUTOVACUUM_INCR);  /* new files only */
    if( !pKV->isMemory ){
      rc = kvSetJournalMode(pKV, cfg.journalMode==KVSTORE_JOURNAL_WAL);
      if( rc ){
        rc = kvSqliteError(pKV, rc, zFile[0] ? "cannot open the store" : "cannot open");
        if( (rc==SQLITE_CANTOPEN || rc==SQLITE_NOTADB) ){
          sqlite3_snprintf(sizeof(pKV->zErr), pKV->zErr, "cannot open \"%s\": %s", zFile, sqlite3ErrStr(rc));
        }
        goto open_failed;
      }
    }
  }
  rc = kvInitStore(pKV);
  if( rc ) goto open_failed;
  pKV->pDefault = kvFamilyNew(pKV, "default", 7, 1);
  if( pKV->pDefault==0 ){
    rc = kvError(pKV, KVSTORE_NOMEM, "out of memory");
    goto open_failed;
  }
  *ppKV = pKV;
  return KVSTORE_OK;

open_failed:
  if( rc==SQLITE_CANTOPEN && strstr(pKV->zErr, zFile)==0 ){
    sqlite3_snprintf(sizeof(kvOpenErr), kvOpenErr, "cannot open \"%s\": %s", zFile, pKV->zErr);
  }else{
    sqlite3_snprintf(sizeof(kvOpenErr), kvOpenErr, "%s", pKV->zErr);
  }
  if( pKV->pMutex ) sqlite3_mutex_free(pKV->pMutex);
  sqlite3_close_v2(pKV->db);
  sqlite3_free(pKV);
  return rc ? rc : KVSTORE_ERROR;
}

SNKV_API int kvstore_open_v2(const char *zFilename, KVStore **ppKV, const KVStoreConfig *pConfig){
  return kvOpen(zFilename, pConfig, ppKV);
}

SNKV_API int kvstore_open(const char *zFilename, KVStore **ppKV, int journalMode){
  KVStoreConfig cfg;
  snkv_config_default(&cfg);
  cfg.journalMode = journalMode==KVSTORE_JOURNAL_WAL ? KVSTORE_JOURNAL_WAL : KVSTORE_JOURNAL_DELETE;
  return kvOpen(zFilename, &cfg, ppKV);
}

SNKV_API KVStore *snkv_open(const char *zPath, const KVStoreConfig *pConfig, int *pRc, char *zErr, int nErr){
  KVStore *pKV = 0;
  int rc = kvOpen(zPath, pConfig, &pKV);
  if( pRc ) *pRc = rc;
  if( rc && zErr && nErr>0 ) sqlite3_snprintf(nErr, zErr, "%s", kvOpenErr);
  return pKV;
}

SNKV_API int kvstore_close(KVStore *pKV){
  KVColumnFamily *pCF, *pNext;
  int rc;
  if( pKV==0 ) return KVSTORE_OK;
  kvEnter(pKV);
  kvIterDetachAll(pKV);
  kvWriteCursorClose(pKV);
  if( pKV->txn!=KV_TXN_NONE ) kvTxnAbort(pKV);     /* uncommitted writes are lost */
  for(pCF=pKV->pFamilies; pCF; pCF=pNext){
    pNext = pCF->pNext;
    sqlite3_free(pCF->zName);
    sqlite3_free(pCF);
  }
  if( pKV->pDefault ){
    sqlite3_free(pKV->pDefault->zName);
    sqlite3_free(pKV->pDefault);
  }
  kvLeave(pKV);
  rc = sqlite3_close_v2(pKV->db);   /* the last connection checkpoints and removes the WAL */
  if( pKV->pMutex ) sqlite3_mutex_free(pKV->pMutex);
  sqlite3_free(pKV->aBuf);
  sqlite3_free(pKV);
  return rc & 0xff;
}

SNKV_API const char *kvstore_errmsg(KVStore *pKV){
  if( pKV==0 ) return kvOpenErr[0] ? kvOpenErr : "no error";
  return pKV->zErr[0] ? pKV->zErr : "no error";
}

SNKV_API int snkv_errmsg(KVStore *pKV, char *zBuf, int nBuf){
  const char *z = kvstore_errmsg(pKV);
  int n = (int)strlen(z);
  if( zBuf && nBuf>0 ) sqlite3_snprintf(nBuf, zBuf, "%s", z);
  return n;
}

SNKV_API void snkv_free(void *p){ sqlite3_free(p); }

SNKV_API void *snkv_malloc(int n){
  void *p;
  if( n<=0 ) return 0;
  p = sqlite3_malloc(n);
  if( p ) memset(p, 0, (size_t)n);
  return p;
}

SNKV_API int64_t kvstore_now_ms(void){ return kvNowMs(); }

SNKV_API int snkv_abi_version(void){ return SNKV_ABI_VERSION; }
