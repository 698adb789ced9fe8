/*
** ttl.c — key expiry (spec §1.6, deviations D3 and D5).
**
** A family <X> that has used TTL owns two hidden families: __snkv_ttl_k__<X> maps a key
** to its expiry (8-byte big-endian signed ms since the epoch) and __snkv_ttl_e__<X> holds
** (expiry ‖ key) with an empty value, ordered by time, so a purge reads only what expired.
** A key has both index entries or neither, always changed in the same transaction as the
** data entry.
**
** Reads hide expired keys but never delete them (D3): deleting would turn a read into a
** write, commit or split the caller's transaction, and fail on a read-only store.
** purge_expired() and writes to the key remove them.
*/

static void kvPutI64(u8 *a, i64 v){
  put4byte(a, (u32)((u64)v>>32));
  put4byte(a+4, (u32)((u64)v & 0xffffffff));
}

static i64 kvGetI64(const u8 *a){
  return (i64)(((u64)get4byte(a)<<32) | get4byte(a+4));
}

/* Creates the two TTL families of pCF if missing. Needs a write transaction. */
int kvTtlEnsure(KVColumnFamily *pCF){
  KVStore *pKV = pCF->pKV;
  char zName[KV_TTL_PREFIX_LEN+KVSTORE_MAX_CF_NAME+1];
  Pgno aRoot[2] = {0, 0};
  int i, rc;
  if( pCF->iTtlKey && pCF->iTtlExp ) return KVSTORE_OK;
  if( pCF->nName>KVSTORE_MAX_CF_NAME ) return kvError(pKV, KVSTORE_ERROR, "column family name too long for TTL");
  for(i=0; i<2; i++){
    memcpy(zName, i ? KV_TTL_EXP_PREFIX : KV_TTL_KEY_PREFIX, KV_TTL_PREFIX_LEN);
    memcpy(zName+KV_TTL_PREFIX_LEN, pCF->zName, pCF->nName);
    zName[KV_TTL_PREFIX_LEN+pCF->nName] = 0;
    rc = kvCatalogFind(pKV, zName, KV_TTL_PREFIX_LEN+pCF->nName, &aRoot[i]);
    if( rc==KVSTORE_NOTFOUND ){
      rc = kvCatalogCreate(pKV, zName, KV_TTL_PREFIX_LEN+pCF->nName, &aRoot[i]);
    }
    if( rc ) return rc;
  }
  /* The catalog changed (epoch bumped): re-resolve so every cached root is current. */
  return kvResolve(pCF);
}

/* *pExpire = the key's expiry, or 0 if it has none. pTtlCur: an open cursor on the key
** index to reuse, or NULL. Needs a transaction and a resolved pCF. */
int kvTtlLookup(KVColumnFamily *pCF, BtCursor *pTtlCur, const void *pKey, int nKey, i64 *pExpire){
  BtCursor cur;
  BtCursor *p = pTtlCur;
  u8 a[8];
  int rc, res = 0;
  *pExpire = 0;
  if( pCF->iTtlKey==0 ) return KVSTORE_OK;
  if( p==0 ){
    p = &cur;
    sqlite3BtreeCursorZero(p);
    rc = sqlite3BtreeCursor(pCF->pKV->pBt, pCF->iTtlKey, 0, &kvRawKeyInfo, p);
    if( rc ) return kvSqliteError(pCF->pKV, rc, "cannot read the TTL index");
  }
  rc = kvSeek(p, pKey, nKey, 0, 0, &res);
  if( rc==SQLITE_OK && res==0 ){
    if( sqlite3BtreePayloadSize(p)==(u32)(4+nKey+8) ){
      rc = sqlite3BtreePayload(p, (u32)(4+nKey), 8, a);
      if( rc==SQLITE_OK ) *pExpire = kvGetI64(a);
    }else{
      rc = SQLITE_CORRUPT_BKPT;
    }
  }
  if( p==&cur ) sqlite3BtreeCloseCursor(p);
  if( rc ) return kvSqliteError(pCF->pKV, rc, "cannot read the TTL index");
  return KVSTORE_OK;
}

/* Removes the key's TTL entries, if any; *pHad = 1 if there were. Needs a write txn. */
int kvTtlRemove(KVColumnFamily *pCF, const void *pKey, int nKey, int *pHad){
  KVStore *pKV = pCF->pKV;
  i64 expire = 0;
  u8 *aExp;
  int rc;
  if( pHad ) *pHad = 0;
  if( pCF->iTtlKey==0 ) return KVSTORE_OK;
  rc = kvTtlLookup(pCF, 0, pKey, nKey, &expire);
  if( rc || expire==0 ) return rc;
  if( pHad ) *pHad = 1;
  rc = kvDeleteEntry(pKV, pCF->iTtlKey, pKey, nKey, 0);
  if( rc ) return rc;
  aExp = (u8*)sqlite3_malloc64((u64)nKey+8);
  if( aExp==0 ) return kvError(pKV, KVSTORE_NOMEM, "out of memory");
  kvPutI64(aExp, expire);
  memcpy(aExp+8, pKey, nKey);
  rc = kvDeleteEntry(pKV, pCF->iTtlExp, aExp, nKey+8, 0);
  sqlite3_free(aExp);
  return rc;
}

/* Records an expiry for the key (its old entries must be gone). Needs a write txn and
** kvTtlEnsure(). */
int kvTtlSet(KVColumnFamily *pCF, const void *pKey, int nKey, i64 expire){
  KVStore *pKV = pCF->pKV;
  u8 aVal[8];
  u8 *aExp;
  int rc;
  kvPutI64(aVal, expire);
  rc = kvWriteEntry(pCF, pCF->iTtlKey, pKey, nKey, aVal, 8, 0);
  if( rc ) return rc;
  aExp = (u8*)sqlite3_malloc64((u64)nKey+8);
  if( aExp==0 ) return kvError(pKV, KVSTORE_NOMEM, "out of memory");
  memcpy(aExp, aVal, 8);
  memcpy(aExp+8, pKey, nKey);
  rc = kvWriteEntry(pCF, pCF->iTtlExp, aExp, nKey+8, 0, 0, 0);
  sqlite3_free(aExp);
  return rc;
}

/* Collects up to KV_PURGE_BATCH expired (expiry ‖ key) entries, oldest first. */
static int kvTtlCollect(KVColumnFamily *pCF, i64 now, u8 **aEntries, int *anEntries, int *pn){
  BtCursor cur;
  int rc, res = 0, n = 0;
  sqlite3BtreeCursorZero(&cur);
  rc = sqlite3BtreeCursor(pCF->pKV->pBt, pCF->iTtlExp, 0, &kvRawKeyInfo, &cur);
  if( rc==SQLITE_OK ) rc = sqlite3BtreeFirst(&cur, &res);
  while( rc==SQLITE_OK && res==0 && !sqlite3BtreeEof(&cur) && n<KV_PURGE_BATCH ){
    const u8 *aKey; u32 nKey, nPayload; u8 *pTmp;
    rc = kvCursorKey(&cur, &aKey, &nKey, &nPayload, &pTmp);
    if( rc==SQLITE_OK && nKey<8 ) rc = SQLITE_CORRUPT_BKPT;
    if( rc==SQLITE_OK && kvGetI64(aKey)>now ){ sqlite3_free(pTmp); break; }
    if( rc==SQLITE_OK ){
      aEntries[n] = (u8*)sqlite3_malloc64(nKey);
      if( aEntries[n]==0 ) rc = SQLITE_NOMEM;
      else{ memcpy(aEntries[n], aKey, nKey); anEntries[n] = (int)nKey; n++; }
    }
    sqlite3_free(pTmp);
    if( rc==SQLITE_OK ) rc = sqlite3BtreeNext(&cur, 0);
  }
  sqlite3BtreeCloseCursor(&cur);
  if( rc==SQLITE_DONE ) rc = SQLITE_OK;
  *pn = n;
  return rc;
}

/* Removes expired keys, KV_PURGE_BATCH per transaction outside an explicit transaction
** (each batch atomic), all inside the caller's otherwise. */
int kvTtlPurge(KVColumnFamily *pCF, int *pnDeleted){
  KVStore *pKV = pCF->pKV;
  u8 *aEntries[KV_PURGE_BATCH];
  int anEntries[KV_PURGE_BATCH];
  int rc, isAuto, n, i, nDeleted = 0;
  i64 now = kvNowMs();
  if( pKV->readOnly ){
    /* Nothing to purge is not an error on a read-only store; something to purge is. */
    rc = kvTxnBegin(pKV, 0, &isAuto);
    if( rc ) return rc;
    n = 0;
    rc = kvResolve(pCF);
    if( rc==KVSTORE_OK && pCF->iTtlExp ){
      rc = kvTtlCollect(pCF, now, aEntries, anEntries, &n);
      for(i=0; i<n; i++) sqlite3_free(aEntries[i]);
      if( rc ) rc = kvSqliteError(pKV, rc, "cannot read the expiry index");
    }
    if( rc==KVSTORE_OK && n>0 ) rc = kvError(pKV, KVSTORE_READONLY, "attempt to write a read-only store (expired keys to purge)");
    if( pnDeleted ) *pnDeleted = 0;
    return kvTxnEnd(pKV, isAuto, rc);
  }
  do{
    rc = kvTxnBegin(pKV, 1, &isAuto);
    if( rc ) break;
    n = 0;
    rc = kvResolve(pCF);
    if( rc==KVSTORE_OK && pCF->iTtlExp ){
      rc = kvTtlCollect(pCF, now, aEntries, anEntries, &n);
      if( rc ) rc = kvSqliteError(pKV, rc, "cannot read the expiry index");
      for(i=0; i<n; i++){
        if( rc==KVSTORE_OK ){
          int existed = 0;
          const u8 *k = aEntries[i]+8;
          int nk = anEntries[i]-8;
          if( nk>0 ) rc = kvDeleteEntry(pKV, pCF->iRoot, k, nk, &existed);
          if( rc==KVSTORE_OK && nk>0 ) rc = kvDeleteEntry(pKV, pCF->iTtlKey, k, nk, 0);
          if( rc==KVSTORE_OK ) rc = kvDeleteEntry(pKV, pCF->iTtlExp, aEntries[i], anEntries[i], 0);
          if( rc==KVSTORE_OK && existed ){ nDeleted++; pKV->st.nTtlPurged++; }
        }
        sqlite3_free(aEntries[i]);
      }
      if( n>0 ) pKV->writeSeq++;
    }
    rc = kvTxnEnd(pKV, isAuto, rc);
  }while( rc==KVSTORE_OK && n==KV_PURGE_BATCH );
  if( pnDeleted ) *pnDeleted = nDeleted;
  return rc;
}
