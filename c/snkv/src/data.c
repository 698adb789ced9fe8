/*
** data.c — put, get, delete, exists, put-if-absent, count and clear on one family, plus
** the entry-level writes the TTL indexes share (spec §1.4, §2.5, §2.6, §2.10).
**
** Each operation runs in the caller's explicit transaction or in its own short one
** (txn.c). Cursors live on the stack and are closed before the transaction ends.
*/

/* A write cursor on iRoot: the store's cached one inside an explicit write transaction,
** else *pLocal. Release with kvWriteCursorRelease. */
static int kvWriteCursorOpen(KVStore *pKV, Pgno iRoot, BtCursor *pLocal, BtCursor **ppCur){
  int rc;
  if( pKV->txn!=KV_TXN_WRITE ){
    *ppCur = pLocal;
    sqlite3BtreeCursorZero(pLocal);
    return sqlite3BtreeCursor(pKV->pBt, iRoot, BTREE_WRCSR, &kvRawKeyInfo, pLocal);
  }
  *ppCur = &pKV->wrCur;
  if( pKV->wrOpen && pKV->wrRoot==iRoot ) return SQLITE_OK;
  kvWriteCursorClose(pKV);
  sqlite3BtreeCursorZero(&pKV->wrCur);
  rc = sqlite3BtreeCursor(pKV->pBt, iRoot, BTREE_WRCSR, &kvRawKeyInfo, &pKV->wrCur);
  if( rc==SQLITE_OK ){ pKV->wrOpen = 1; pKV->wrRoot = iRoot; }
  return rc;
}

static void kvWriteCursorRelease(KVStore *pKV, BtCursor *pCur, int rc){
  if( pCur!=&pKV->wrCur ){
    sqlite3BtreeCloseCursor(pCur);
  }else if( rc ){
    kvWriteCursorClose(pKV);          /* don't keep a cursor an error may have left odd */
  }
}

void kvWriteCursorClose(KVStore *pKV){
  if( pKV->wrOpen ){
    sqlite3BtreeCloseCursor(&pKV->wrCur);
    pKV->wrOpen = 0;
    pKV->wrRoot = 0;
  }
}

/* Writes (upserts) one entry `u32 klen | key | value` into the b-tree at iRoot. */
int kvWriteEntry(KVColumnFamily *pCF, Pgno iRoot, const void *pKey, int nKey,
                 const void *pVal, int nVal, int *pExisted){
  KVStore *pKV = pCF->pKV;
  BtCursor local, *pCur = 0;
  BtreePayload x;
  int rc, res = 0, n = 4+nKey+nVal;
  rc = kvEnsureBuf(pKV, n);
  if( rc ) return rc;
  put4byte(pKV->aBuf, (u32)nKey);
  memcpy(pKV->aBuf+4, pKey, nKey);
  if( nVal ) memcpy(pKV->aBuf+4+nKey, pVal, nVal);
  rc = kvWriteCursorOpen(pKV, iRoot, &local, &pCur);
  if( rc==SQLITE_OK ) rc = kvSeek(pCur, pKey, nKey, 0, 0, &res);
  if( rc==SQLITE_OK ){
    memset(&x, 0, sizeof(x));
    x.pKey = pKV->aBuf;
    x.nKey = n;
    /* res==0: the cursor is on the entry being replaced; SAVEPOSITION tells SQLite
    ** not to seek again (its own seek would parse our payload as an SQL record). */
    rc = sqlite3BtreeInsert(pCur, &x, res==0 ? BTREE_SAVEPOSITION : 0, res);
  }
  kvWriteCursorRelease(pKV, pCur, rc);
  if( pExisted ) *pExisted = res==0;
  if( rc ) return kvSqliteError(pKV, rc, "write failed");
  return KVSTORE_OK;
}

int kvDeleteEntry(KVStore *pKV, Pgno iRoot, const void *pKey, int nKey, int *pExisted){
  BtCursor local, *pCur = 0;
  int rc, res = 1;
  rc = kvWriteCursorOpen(pKV, iRoot, &local, &pCur);
  if( rc==SQLITE_OK ) rc = kvSeek(pCur, pKey, nKey, 0, 0, &res);
  if( rc==SQLITE_OK && res==0 ) rc = sqlite3BtreeDelete(pCur, 0);
  kvWriteCursorRelease(pKV, pCur, rc);
  if( pExisted ) *pExisted = res==0;
  if( rc ) return kvSqliteError(pKV, rc, "delete failed");
  return KVSTORE_OK;
}

static int kvNotFound(KVStore *pKV){
  static const char zMsg[] = "key not found";
  memcpy(pKV->zErr, zMsg, sizeof(zMsg));      /* hot path: no formatting */
  return KVSTORE_NOTFOUND;
}

/* Is the key's TTL over? (A key without TTL never expires.) */
static int kvIsExpired(KVColumnFamily *pCF, BtCursor *pTtlCur, const void *pKey, int nKey,
                       i64 *pExpire, int *pExpired){
  int rc;
  *pExpired = 0;
  *pExpire = 0;
  if( pCF->iTtlKey==0 ) return KVSTORE_OK;
  rc = kvTtlLookup(pCF, pTtlCur, pKey, nKey, pExpire);
  if( rc==KVSTORE_OK && *pExpire>0 && kvNowMs()>=*pExpire ) *pExpired = 1;
  return rc;
}

/* put / put_ttl / put_if_absent inside a write transaction, with pCF resolved.
** expire <= 0: permanent (an earlier TTL is cleared). */
static int kvPutInTxn(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pVal,
                      int nVal, i64 expire, int ifAbsent, int *pInserted){
  KVStore *pKV = pCF->pKV;
  int rc = KVSTORE_OK;
  *pInserted = 0;
  if( ifAbsent ){
    BtCursor cur;
    int res = 1;
    sqlite3BtreeCursorZero(&cur);
    rc = sqlite3BtreeCursor(pKV->pBt, pCF->iRoot, 0, &kvRawKeyInfo, &cur);
    if( rc==SQLITE_OK ) rc = kvSeek(&cur, pKey, nKey, 0, 0, &res);
    sqlite3BtreeCloseCursor(&cur);
    if( rc ) return kvSqliteError(pKV, rc, "read failed");
    if( res==0 ){
      i64 old; int expired;
      rc = kvIsExpired(pCF, 0, pKey, nKey, &old, &expired);
      if( rc ) return rc;
      if( !expired ) return KVSTORE_OK;           /* live: leave it alone */
      pKV->st.nTtlExpired++;
    }
  }
  if( expire>0 ){
    rc = kvTtlEnsure(pCF);
    if( rc ) return rc;
  }
  rc = kvWriteEntry(pCF, pCF->iRoot, pKey, nKey, pVal, nVal, 0);
  if( rc==KVSTORE_OK && pCF->iTtlKey ) rc = kvTtlRemove(pCF, pKey, nKey, 0);
  if( rc==KVSTORE_OK && expire>0 ) rc = kvTtlSet(pCF, pKey, nKey, expire);
  if( rc ) return rc;
  pKV->st.nPuts++;
  pKV->st.nBytesWritten += (u64)nKey + (u64)nVal;
  pKV->writeSeq++;
  *pInserted = 1;
  return KVSTORE_OK;
}

int kvPut(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pVal, int nVal,
          i64 expire, int ifAbsent, int *pInserted){
  KVStore *pKV = pCF->pKV;
  int rc, isAuto, inserted = 0;
  rc = kvCheckKey(pKV, pKey, nKey);
  if( rc==KVSTORE_OK ) rc = kvCheckValue(pKV, pVal, nVal);
  if( rc ) return rc;
  rc = kvTxnBegin(pKV, 1, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  if( rc==KVSTORE_OK ) rc = kvPutInTxn(pCF, pKey, nKey, pVal, nVal, expire, ifAbsent, &inserted);
  rc = kvTxnEnd(pKV, isAuto, rc);
  if( pInserted ) *pInserted = rc==KVSTORE_OK && inserted;
  return rc;
}

/* Looks a key up inside a transaction, pCF resolved. The value is copied into pBuf if it
** fits in nBuf, or into a new allocation (*ppAlloc) when ppAlloc is given.
** *pnVal = the value's length. Expired keys are absent. */
static int kvGetInTxn(KVColumnFamily *pCF, BtCursor *pCur, BtCursor *pTtlCur,
                      const void *pKey, int nKey, void *pBuf, int nBuf,
                      void **ppAlloc, int *pnVal, i64 *pExpire){
  KVStore *pKV = pCF->pKV;
  int rc, res = 1, expired = 0;
  u32 nPayload, nVal;
  i64 expire = 0;
  rc = kvSeek(pCur, pKey, nKey, 0, 0, &res);
  if( rc ) return kvSqliteError(pKV, rc, "read failed");
  if( res!=0 ) return kvNotFound(pKV);
  rc = kvIsExpired(pCF, pTtlCur, pKey, nKey, &expire, &expired);
  if( rc ) return rc;
  if( expired ){
    pKV->st.nTtlExpired++;
    return kvNotFound(pKV);
  }
  nPayload = sqlite3BtreePayloadSize(pCur);
  if( nPayload<4+(u32)nKey ) return kvError(pKV, KVSTORE_CORRUPT, "database corrupt: entry shorter than its key");
  nVal = nPayload-4-(u32)nKey;
  *pnVal = (int)nVal;
  if( pExpire ) *pExpire = expire;
  if( nVal>0 && pBuf && (int)nVal<=nBuf ){
    rc = sqlite3BtreePayload(pCur, 4+(u32)nKey, nVal, pBuf);
  }else if( ppAlloc ){
    *ppAlloc = 0;
    if( nVal>0 ){
      *ppAlloc = sqlite3_malloc64(nVal);
      if( *ppAlloc==0 ) return kvError(pKV, KVSTORE_NOMEM, "out of memory (%u bytes)", nVal);
      rc = sqlite3BtreePayload(pCur, 4+(u32)nKey, nVal, *ppAlloc);
      if( rc ){ sqlite3_free(*ppAlloc); *ppAlloc = 0; }
    }
  }else if( (int)nVal>nBuf ){
    return KVSTORE_OK;                  /* too small: the caller grows and asks again */
  }
  if( rc ) return kvSqliteError(pKV, rc, "read failed");
  pKV->st.nGets++;
  pKV->st.nBytesRead += nVal;
  return KVSTORE_OK;
}

static int kvOpenReadCursors(KVColumnFamily *pCF, BtCursor *pCur, BtCursor *pTtl){
  int rc;
  sqlite3BtreeCursorZero(pCur);
  sqlite3BtreeCursorZero(pTtl);
  rc = sqlite3BtreeCursor(pCF->pKV->pBt, pCF->iRoot, 0, &kvRawKeyInfo, pCur);
  if( rc==SQLITE_OK && pCF->iTtlKey ){
    rc = sqlite3BtreeCursor(pCF->pKV->pBt, pCF->iTtlKey, 0, &kvRawKeyInfo, pTtl);
  }
  if( rc ) return kvSqliteError(pCF->pKV, rc, "cannot open a cursor");
  return KVSTORE_OK;
}

static void kvCloseReadCursors(BtCursor *pCur, BtCursor *pTtl){
  sqlite3BtreeCloseCursor(pCur);
  sqlite3BtreeCloseCursor(pTtl);
}

int kvGet(KVColumnFamily *pCF, const void *pKey, int nKey, void *pBuf, int nBuf,
          void **ppAlloc, int *pnVal, i64 *pExpire){
  KVStore *pKV = pCF->pKV;
  BtCursor cur, ttl;
  int rc, isAuto;
  *pnVal = 0;
  rc = kvCheckKey(pKV, pKey, nKey);
  if( rc ) return rc;
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  if( rc==KVSTORE_OK ){
    rc = kvOpenReadCursors(pCF, &cur, &ttl);
    if( rc==KVSTORE_OK ){
      rc = kvGetInTxn(pCF, &cur, pCF->iTtlKey ? &ttl : 0, pKey, nKey, pBuf, nBuf, ppAlloc, pnVal, pExpire);
    }
    kvCloseReadCursors(&cur, &ttl);
  }
  return kvTxnEnd(pKV, isAuto, rc);
}

int kvExists(KVColumnFamily *pCF, const void *pKey, int nKey, int *pExists){
  KVStore *pKV = pCF->pKV;
  BtCursor cur;
  int rc, isAuto, res = 1, expired = 0;
  i64 expire;
  *pExists = 0;
  rc = kvCheckKey(pKV, pKey, nKey);
  if( rc ) return rc;
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  if( rc==KVSTORE_OK ){
    sqlite3BtreeCursorZero(&cur);
    rc = sqlite3BtreeCursor(pKV->pBt, pCF->iRoot, 0, &kvRawKeyInfo, &cur);
    if( rc==SQLITE_OK ) rc = kvSeek(&cur, pKey, nKey, 0, 0, &res);
    sqlite3BtreeCloseCursor(&cur);
    if( rc ) rc = kvSqliteError(pKV, rc, "read failed");
  }
  if( rc==KVSTORE_OK && res==0 ){
    rc = kvIsExpired(pCF, 0, pKey, nKey, &expire, &expired);
    if( expired ) pKV->st.nTtlExpired++;
    *pExists = !expired;
  }
  return kvTxnEnd(pKV, isAuto, rc);
}

/* Deletes inside a write transaction; *pExisted = 1 if a live key was removed (an
** expired one is removed too, but reported as absent: it was invisible already). */
static int kvDeleteInTxn(KVColumnFamily *pCF, const void *pKey, int nKey, int *pExisted){
  KVStore *pKV = pCF->pKV;
  int rc, existed = 0, expired = 0;
  i64 expire = 0;
  *pExisted = 0;
  if( pCF->iTtlKey ){
    rc = kvIsExpired(pCF, 0, pKey, nKey, &expire, &expired);
    if( rc ) return rc;
  }
  rc = kvDeleteEntry(pKV, pCF->iRoot, pKey, nKey, &existed);
  if( rc==KVSTORE_OK && expire>0 ) rc = kvTtlRemove(pCF, pKey, nKey, 0);
  if( rc ) return rc;
  if( existed ){
    pKV->writeSeq++;
    if( !expired ){ pKV->st.nDeletes++; *pExisted = 1; }
  }
  return KVSTORE_OK;
}

int kvDelete(KVColumnFamily *pCF, const void *pKey, int nKey, int *pExisted){
  KVStore *pKV = pCF->pKV;
  int rc, isAuto;
  *pExisted = 0;
  rc = kvCheckKey(pKV, pKey, nKey);
  if( rc ) return rc;
  rc = kvTxnBegin(pKV, 1, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  if( rc==KVSTORE_OK ) rc = kvDeleteInTxn(pCF, pKey, nKey, pExisted);
  return kvTxnEnd(pKV, isAuto, rc);
}

int kvCount(KVColumnFamily *pCF, i64 *pn){
  KVStore *pKV = pCF->pKV;
  BtCursor cur;
  int rc, isAuto;
  *pn = 0;
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  if( rc==KVSTORE_OK ){
    sqlite3BtreeCursorZero(&cur);
    rc = sqlite3BtreeCursor(pKV->pBt, pCF->iRoot, 0, &kvRawKeyInfo, &cur);
    if( rc==SQLITE_OK ) rc = sqlite3BtreeCount(pKV->db, &cur, pn);
    sqlite3BtreeCloseCursor(&cur);
    if( rc ) rc = kvSqliteError(pKV, rc, "count failed");
  }
  return kvTxnEnd(pKV, isAuto, rc);
}

int kvClear(KVColumnFamily *pCF){
  KVStore *pKV = pCF->pKV;
  int rc, isAuto;
  rc = kvTxnBegin(pKV, 1, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  kvWriteCursorClose(pKV);
  if( rc==KVSTORE_OK ) rc = sqlite3BtreeClearTable(pKV->pBt, (int)pCF->iRoot, 0);
  if( rc==KVSTORE_OK && pCF->iTtlKey ) rc = sqlite3BtreeClearTable(pKV->pBt, (int)pCF->iTtlKey, 0);
  if( rc==KVSTORE_OK && pCF->iTtlExp ) rc = sqlite3BtreeClearTable(pKV->pBt, (int)pCF->iTtlExp, 0);
  if( rc ) rc = kvSqliteError(pKV, rc, "clear failed");
  pKV->writeSeq++;
  return kvTxnEnd(pKV, isAuto, rc);
}

/* ---- Batches: one transaction for many keys -------------------------------------- */

static u32 kvLe32(const u8 *a){ return (u32)a[0] | ((u32)a[1]<<8) | ((u32)a[2]<<16) | ((u32)a[3]<<24); }
static void kvPutLe32(u8 *a, u32 v){ a[0]=(u8)v; a[1]=(u8)(v>>8); a[2]=(u8)(v>>16); a[3]=(u8)(v>>24); }

/* Checks a packed batch before anything is written, so a bad entry changes nothing. */
static int kvCheckBatch(KVStore *pKV, const u8 *a, int nBytes, int nEntries, int withValues){
  int i, off = 0, hdr = withValues ? 8 : 4;
  if( nEntries<0 || nBytes<0 || (a==0 && nBytes>0) ) return kvError(pKV, KVSTORE_ERROR, "invalid batch buffer");
  for(i=0; i<nEntries; i++){
    u32 nk, nv = 0;
    if( nBytes-off<hdr ) return kvError(pKV, KVSTORE_ERROR, "batch truncated at entry %d", i);
    nk = kvLe32(a+off);
    if( withValues ) nv = kvLe32(a+off+4);
    if( nk==0 || nk>KVSTORE_MAX_KEY_SIZE ) return kvError(pKV, KVSTORE_ERROR, "batch entry %d: invalid key length %u", i, nk);
    if( nv>KVSTORE_MAX_VALUE_SIZE ) return kvError(pKV, KVSTORE_ERROR, "batch entry %d: value too large (%u bytes)", i, nv);
    if( (u64)nBytes-(u64)off-(u64)hdr<(u64)nk+nv ) return kvError(pKV, KVSTORE_ERROR, "batch truncated at entry %d", i);
    off += hdr+(int)nk+(int)nv;
  }
  return KVSTORE_OK;
}

int kvPutMany(KVColumnFamily *pCF, const u8 *a, int nBytes, int nEntries, i64 expire){
  KVStore *pKV = pCF->pKV;
  int rc, isAuto, i, off = 0, ins;
  rc = kvCheckBatch(pKV, a, nBytes, nEntries, 1);
  if( rc ) return rc;
  rc = kvTxnBegin(pKV, 1, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  for(i=0; rc==KVSTORE_OK && i<nEntries; i++){
    int nk = (int)kvLe32(a+off), nv = (int)kvLe32(a+off+4);
    rc = kvPutInTxn(pCF, a+off+8, nk, a+off+8+nk, nv, expire, 0, &ins);
    off += 8+nk+nv;
  }
  return kvTxnEnd(pKV, isAuto, rc);
}

int kvDeleteMany(KVColumnFamily *pCF, const u8 *a, int nBytes, int nKeys, int *pnDeleted){
  KVStore *pKV = pCF->pKV;
  int rc, isAuto, i, off = 0, n = 0, existed;
  *pnDeleted = 0;
  rc = kvCheckBatch(pKV, a, nBytes, nKeys, 0);
  if( rc ) return rc;
  rc = kvTxnBegin(pKV, 1, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  for(i=0; rc==KVSTORE_OK && i<nKeys; i++){
    int nk = (int)kvLe32(a+off);
    rc = kvDeleteInTxn(pCF, a+off+4, nk, &existed);
    n += existed;
    off += 4+nk;
  }
  rc = kvTxnEnd(pKV, isAuto, rc);
  if( rc==KVSTORE_OK ) *pnDeleted = n;
  return rc;
}

/* Answers keys in order as [i32 LE vlen or -1][value]; stops when pOut is full. */
int kvGetMany(KVColumnFamily *pCF, const u8 *a, int nBytes, int nKeys, u8 *pOut, int nOut,
              int *pnDone, int *pNeeded){
  KVStore *pKV = pCF->pKV;
  BtCursor cur, ttl;
  int rc, isAuto, i, off = 0, o = 0;
  *pnDone = 0;
  *pNeeded = 0;
  sqlite3BtreeCursorZero(&cur);
  sqlite3BtreeCursorZero(&ttl);
  rc = kvCheckBatch(pKV, a, nBytes, nKeys, 0);
  if( rc ) return rc;
  if( nOut<0 || (pOut==0 && nOut>0) ) return kvError(pKV, KVSTORE_ERROR, "invalid output buffer");
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(pCF);
  if( rc==KVSTORE_OK ) rc = kvOpenReadCursors(pCF, &cur, &ttl);
  for(i=0; rc==KVSTORE_OK && i<nKeys; i++){
    int nk = (int)kvLe32(a+off), nVal = 0, room = nOut-o-4;
    rc = kvGetInTxn(pCF, &cur, pCF->iTtlKey ? &ttl : 0, a+off+4, nk,
                    room>0 ? pOut+o+4 : 0, room>0 ? room : 0, 0, &nVal, 0);
    if( rc==KVSTORE_NOTFOUND ){
      nVal = -1;
      rc = KVSTORE_OK;
    }
    if( rc ) break;
    if( 4+(nVal>0 ? nVal : 0)>nOut-o ){   /* not delivered (nor counted): asked again */
      *pNeeded = 4+(nVal>0 ? nVal : 0);
      break;
    }
    kvPutLe32(pOut+o, (u32)nVal);
    o += 4+(nVal>0 ? nVal : 0);
    off += 4+nk;
    *pnDone = i+1;
  }
  kvCloseReadCursors(&cur, &ttl);
  return kvTxnEnd(pKV, isAuto, rc);
}
