/*
** txn.c — the transaction model (deviations D2, D8).
**
** There is no persistent read transaction. Outside an explicit transaction every call
** runs in its own short b-tree transaction, so it sees every commit that finished before
** it started, and an idle handle holds no lock and no WAL read mark (it never blocks
** writers or checkpoints, and another connection's commit cannot leave it stale).
**
** Inside an explicit transaction calls join it. begin(0) takes a read snapshot; the first
** write upgrades it to a write transaction (SQLite's BEGIN DEFERRED), so commit/rollback
** then apply to everything written since begin.
*/

/* Errors after which a half-done operation may have modified pages. */
static int kvIsHardError(int rc){
  switch( rc ){
    case KVSTORE_OK: case KVSTORE_ERROR: case KVSTORE_NOTFOUND: case KVSTORE_BUSY:
    case KVSTORE_LOCKED: case KVSTORE_READONLY:
      return 0;
  }
  return 1;
}

int kvTxnBegin(KVStore *pKV, int wrflag, int *pAuto){
  int rc;
  *pAuto = 0;
  if( wrflag && pKV->readOnly ){
    return kvError(pKV, KVSTORE_READONLY, "attempt to write a read-only store");
  }
  if( pKV->txn==KV_TXN_WRITE ) return KVSTORE_OK;
  if( pKV->txn==KV_TXN_READ ){
    if( !wrflag ) return KVSTORE_OK;
    rc = sqlite3BtreeBeginTrans(pKV->pBt, 1, 0);
    if( rc ){
      return kvSqliteError(pKV, rc, "cannot upgrade the read transaction to a write transaction");
    }
    pKV->txn = KV_TXN_WRITE;
    return KVSTORE_OK;
  }
  rc = sqlite3BtreeBeginTrans(pKV->pBt, wrflag, 0);
  if( rc ){
    return kvSqliteError(pKV, rc, wrflag ? "cannot begin a write transaction" : "cannot begin a read transaction");
  }
  *pAuto = 1;
  return KVSTORE_OK;
}

/* Ends what kvTxnBegin started: commits a short transaction on success, rolls it back on
** failure. Inside an explicit write transaction, a failure that may have left an
** operation half-applied rolls the whole transaction back, so no partial write survives. */
int kvTxnEnd(KVStore *pKV, int isAuto, int rc){
  if( !isAuto ){
    if( rc && pKV->txn==KV_TXN_WRITE && kvIsHardError(rc) ){
      int n = (int)strlen(pKV->zErr);
      kvTxnAbort(pKV);
      sqlite3_snprintf(sizeof(pKV->zErr)-n, pKV->zErr+n, " (the transaction was rolled back)");
    }
    return rc;
  }
  {
    int wasWrite = sqlite3BtreeTxnState(pKV->pBt)==SQLITE_TXN_WRITE;
    if( rc==KVSTORE_OK || !wasWrite ){
      /* Success, or a read that failed (e.g. NOTFOUND): ending a read transaction by
      ** commit changes nothing, and keeps the cached roots valid. */
      int rc2 = sqlite3BtreeCommit(pKV->pBt);
      if( rc2 ){
        sqlite3BtreeRollback(pKV->pBt, SQLITE_OK, 0);
        if( wasWrite ) pKV->epoch++;
        return rc ? rc : kvSqliteError(pKV, rc2, "commit failed");
      }
      if( wasWrite ) kvAfterCommit(pKV);
    }else{
      sqlite3BtreeRollback(pKV->pBt, SQLITE_OK, 0);
      pKV->epoch++;        /* a rolled-back catalog change must be forgotten */
    }
  }
  return rc;
}

int kvTxnAbort(KVStore *pKV){
  kvWriteCursorClose(pKV);
  sqlite3BtreeRollback(pKV->pBt, SQLITE_OK, 0);
  pKV->txn = KV_TXN_NONE;
  pKV->epoch++;
  pKV->writeSeq++;
  return KVSTORE_OK;
}

static int kvBegin(KVStore *pKV, int wrflag){
  int rc;
  if( pKV->txn!=KV_TXN_NONE ){
    return kvError(pKV, KVSTORE_ERROR, "transaction already active");
  }
  if( wrflag && pKV->readOnly ){
    return kvError(pKV, KVSTORE_READONLY, "attempt to write a read-only store");
  }
  rc = sqlite3BtreeBeginTrans(pKV->pBt, wrflag ? 1 : 0, 0);
  if( rc ){
    return kvSqliteError(pKV, rc, wrflag ? "cannot begin a write transaction" : "cannot begin a read transaction");
  }
  pKV->txn = wrflag ? KV_TXN_WRITE : KV_TXN_READ;
  return KVSTORE_OK;
}

static int kvCommit(KVStore *pKV){
  int rc, wasWrite;
  if( pKV->txn==KV_TXN_NONE ){
    return kvError(pKV, KVSTORE_ERROR, "no active transaction to commit");
  }
  wasWrite = sqlite3BtreeTxnState(pKV->pBt)==SQLITE_TXN_WRITE;
  kvWriteCursorClose(pKV);                /* no cursor may be open across a commit */
  rc = sqlite3BtreeCommit(pKV->pBt);
  if( rc ){
    if( (rc&0xff)==SQLITE_BUSY ){
      /* Rollback journal: readers still hold SHARED locks. Nothing is lost; the
      ** transaction stays open so the caller can retry commit or roll back. */
      return kvSqliteError(pKV, rc, "commit failed, the transaction is still open (retry or roll back)");
    }
    kvTxnAbort(pKV);
    return kvSqliteError(pKV, rc, "commit failed, the transaction was rolled back");
  }
  pKV->txn = KV_TXN_NONE;
  if( wasWrite ) kvAfterCommit(pKV);
  return KVSTORE_OK;
}

static int kvRollback(KVStore *pKV){
  if( pKV->txn==KV_TXN_NONE ){
    return kvError(pKV, KVSTORE_ERROR, "no active transaction to roll back");
  }
  return kvTxnAbort(pKV);
}

SNKV_API int kvstore_begin(KVStore *pKV, int wrflag){
  int rc;
  if( pKV==0 ) return KVSTORE_ERROR;
  kvEnter(pKV); rc = kvBegin(pKV, wrflag); kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_commit(KVStore *pKV){
  int rc;
  if( pKV==0 ) return KVSTORE_ERROR;
  kvEnter(pKV); rc = kvCommit(pKV); kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_rollback(KVStore *pKV){
  int rc;
  if( pKV==0 ) return KVSTORE_ERROR;
  kvEnter(pKV); rc = kvRollback(pKV); kvLeave(pKV);
  return rc;
}

SNKV_API int snkv_in_transaction(KVStore *pKV){
  return pKV && pKV->txn!=KV_TXN_NONE;
}
