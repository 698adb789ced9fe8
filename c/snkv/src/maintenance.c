/*
** maintenance.c — checkpoints, fsync, incremental vacuum, the integrity check and
** statistics (spec §2.11, §2.12; deviations D9, D10).
*/

/* After every committed write: count it and, with walSizeLimit = N, checkpoint once the
** WAL holds N or more frames (D9: frames, as documented, like SQLite's auto-checkpoint). */
int kvAfterCommit(KVStore *pKV){
  pKV->st.nWalCommits++;
  if( pKV->walSizeLimit>0 && pKV->txn==KV_TXN_NONE ){
    int nFrames = sqlite3PagerWalCallback(sqlite3BtreePager(pKV->pBt));
    if( nFrames>=pKV->walSizeLimit ){
      int nLog = 0, nCkpt = 0;
      if( sqlite3BtreeCheckpoint(pKV->pBt, SQLITE_CHECKPOINT_PASSIVE, &nLog, &nCkpt)==SQLITE_OK ){
        pKV->st.nCheckpoints++;
      }
    }
  }
  return KVSTORE_OK;
}

static int kvIsWal(KVStore *pKV){
  Pager *pPager = sqlite3BtreePager(pKV->pBt);
  return !pKV->isMemory && sqlite3PagerGetJournalMode(pPager)==PAGER_JOURNALMODE_WAL
      && pPager->pWal!=0;
}

int kvCheckpoint(KVStore *pKV, int mode, int *pnLog, int *pnCkpt){
  int rc, nLog = 0, nCkpt = 0;
  if( pnLog ) *pnLog = 0;
  if( pnCkpt ) *pnCkpt = 0;
  if( mode<KVSTORE_CHECKPOINT_PASSIVE || mode>KVSTORE_CHECKPOINT_TRUNCATE ){
    return kvError(pKV, KVSTORE_ERROR, "invalid checkpoint mode %d", mode);
  }
  if( pKV->txn!=KV_TXN_NONE ){
    return kvError(pKV, KVSTORE_BUSY, "cannot checkpoint inside a transaction: commit or rollback the transaction first");
  }
  if( kvIsWal(pKV) ){
    rc = sqlite3BtreeCheckpoint(pKV->pBt, mode, &nLog, &nCkpt);
    if( rc ) return kvSqliteError(pKV, rc, "checkpoint failed");
  }
  if( pnLog ) *pnLog = nLog;
  if( pnCkpt ) *pnCkpt = nCkpt;
  pKV->st.nCheckpoints++;
  return KVSTORE_OK;
}

/* D10: flush the database file and the WAL to stable storage. Never commits: what an
** open transaction has written is not durable until it commits. */
int kvSync(KVStore *pKV){
  Pager *pPager = sqlite3BtreePager(pKV->pBt);
  int rc = SQLITE_OK;
  if( pKV->isMemory ) return KVSTORE_OK;
  if( isOpen(pPager->fd) ) rc = sqlite3OsSync(pPager->fd, SQLITE_SYNC_FULL);
  if( rc==SQLITE_OK && pPager->pWal && isOpen(pPager->pWal->pWalFd) ){
    rc = sqlite3OsSync(pPager->pWal->pWalFd, SQLITE_SYNC_FULL);
  }
  if( rc ) return kvSqliteError(pKV, rc, "fsync failed");
  return KVSTORE_OK;
}

int kvVacuum(KVStore *pKV, int nPage){
  int rc, isAuto, i;
  rc = kvTxnBegin(pKV, 1, &isAuto);
  if( rc ) return rc;
  kvWriteCursorClose(pKV);                /* vacuum moves pages */
  for(i=0; nPage<=0 || i<nPage; i++){
    rc = sqlite3BtreeIncrVacuum(pKV->pBt);
    if( rc ) break;
  }
  if( rc==SQLITE_DONE ) rc = SQLITE_OK;
  if( rc ) rc = kvSqliteError(pKV, rc, "incremental vacuum failed");
  pKV->writeSeq++;
  rc = kvTxnEnd(pKV, isAuto, rc);
  if( isAuto && rc==KVSTORE_OK ) pKV->st.nWalCommits--;   /* maintenance, not a data commit */
  return rc;
}

/* Collects the root of every b-tree: page 1, the default family, the catalog and every
** live catalog entry. */
static int kvAllRoots(KVStore *pKV, Pgno **paRoot, int *pnRoot){
  BtCursor cur;
  Pgno *a;
  int n = 0, nAlloc = 16, rc, res = 0;
  u32 v;
  a = (Pgno*)sqlite3_malloc64(sizeof(Pgno)*nAlloc);
  if( a==0 ) return SQLITE_NOMEM;
  a[n++] = 1;
  sqlite3BtreeGetMeta(pKV->pBt, 1, &v); if( v ) a[n++] = v;
  sqlite3BtreeGetMeta(pKV->pBt, 3, &v); if( v ) a[n++] = v;
  sqlite3BtreeCursorZero(&cur);
  rc = v ? sqlite3BtreeCursor(pKV->pBt, v, 0, 0, &cur) : SQLITE_CORRUPT_BKPT;
  if( rc==SQLITE_OK ) rc = sqlite3BtreeFirst(&cur, &res);
  while( rc==SQLITE_OK && res==0 && !sqlite3BtreeEof(&cur) ){
    u32 sz = sqlite3BtreePayloadSize(&cur);
    if( sz>8 ){
      u8 aRoot[4];
      rc = sqlite3BtreePayload(&cur, sz-4, 4, aRoot);
      if( rc ) break;
      if( n==nAlloc ){
        Pgno *aNew = (Pgno*)sqlite3_realloc64(a, sizeof(Pgno)*(u64)nAlloc*2);
        if( aNew==0 ){ rc = SQLITE_NOMEM; break; }
        a = aNew;
        nAlloc *= 2;
      }
      a[n++] = get4byte(aRoot);
    }
    rc = sqlite3BtreeNext(&cur, 0);
  }
  sqlite3BtreeCloseCursor(&cur);
  if( rc==SQLITE_DONE ) rc = SQLITE_OK;
  if( rc ){ sqlite3_free(a); return rc; }
  *paRoot = a;
  *pnRoot = n;
  return SQLITE_OK;
}

/* KVSTORE_OK, or KVSTORE_CORRUPT with *pzMsg = the checker's report (sqlite3_malloc'd). */
int kvIntegrityCheck(KVStore *pKV, char **pzMsg){
  Pgno *aRoot = 0;
  Mem *aCnt = 0;
  char *zOut = 0;
  int rc, isAuto, nRoot = 0, nErr = 0, i;
  *pzMsg = 0;
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  rc = kvAllRoots(pKV, &aRoot, &nRoot);
  if( rc==SQLITE_OK ){
    aCnt = (Mem*)sqlite3_malloc64(sizeof(Mem)*(u64)nRoot);
    if( aCnt==0 ) rc = SQLITE_NOMEM;
  }
  if( rc==SQLITE_OK ){
    for(i=0; i<nRoot; i++) sqlite3VdbeMemInit(&aCnt[i], pKV->db, MEM_Null);
    rc = sqlite3BtreeIntegrityCheck(pKV->db, pKV->pBt, aRoot, aCnt, nRoot, 100, &nErr, &zOut);
  }
  sqlite3_free(aCnt);
  sqlite3_free(aRoot);
  if( rc ){
    sqlite3_free(zOut);
    rc = kvSqliteError(pKV, rc, "integrity check could not run");
  }else if( nErr ){
    rc = kvError(pKV, KVSTORE_CORRUPT, "integrity check failed: %s", zOut ? zOut : "(no details)");
    *pzMsg = zOut;
  }else{
    sqlite3_free(zOut);
  }
  return kvTxnEnd(pKV, isAuto, rc);
}

int kvStats(KVStore *pKV, KVStoreStats *pStats){
  int rc, isAuto;
  *pStats = pKV->st;
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  pStats->nDbPages = sqlite3BtreeLastPage(pKV->pBt);
  return kvTxnEnd(pKV, isAuto, KVSTORE_OK);
}

void kvStatsReset(KVStore *pKV){
  memset(&pKV->st, 0, sizeof(pKV->st));
}
