/*
** iterator.c — ordered iteration over a family, forward or reverse, optionally bounded by
** a key prefix (spec §2.8, deviation D6).
**
** An iterator is a position, not an open cursor: each fill opens a cursor in a short read
** transaction (or the caller's explicit one), seeks to where the last fill stopped, copies
** a batch of entries out, and closes everything. So an open iterator holds no lock and no
** snapshot, writes through the same handle during iteration are simply seen, and one seek
** is paid per batch rather than per entry. Expired keys are skipped.
**
** The reference stepping calls (kvstore_iterator_*) run on top of a private batch buffer.
*/

#define KV_ITER_BATCH 1024          /* entries per batch for the stepping calls */
#define KV_ITER_BUF   (128*1024)    /* initial batch buffer: one short read transaction per
                                    ** ~1000 small entries keeps lock calls out of scans */

static u32 kvItLe32(const u8 *a){ return (u32)a[0] | ((u32)a[1]<<8) | ((u32)a[2]<<16) | ((u32)a[3]<<24); }
static void kvItPutLe32(u8 *a, u32 v){ a[0]=(u8)v; a[1]=(u8)(v>>8); a[2]=(u8)(v>>16); a[3]=(u8)(v>>24); }

static int kvIterSetAnchor(KVIterator *p, const void *pKey, int nKey, int pos){
  if( nKey>p->nAnchorAlloc ){
    int nNew = nKey<64 ? 64 : nKey;
    u8 *a = (u8*)sqlite3_realloc64(p->aAnchor, (u64)nNew);
    if( a==0 ) return kvError(p->pKV, KVSTORE_NOMEM, "out of memory");
    p->aAnchor = a;
    p->nAnchorAlloc = nNew;
  }
  if( nKey ) memmove(p->aAnchor, pKey, nKey);
  p->nAnchor = nKey;
  p->pos = pos;
  return KVSTORE_OK;
}

int kvIterOpen(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, int reverse, KVIterator **pp){
  KVStore *pKV = pCF->pKV;
  KVIterator *p;
  *pp = 0;
  if( nPrefix<0 || (pPrefix==0 && nPrefix>0) ) return kvError(pKV, KVSTORE_ERROR, "invalid prefix");
  if( nPrefix>KVSTORE_MAX_KEY_SIZE ) return kvError(pKV, KVSTORE_ERROR, "prefix longer than the maximum key size");
  p = (KVIterator*)sqlite3_malloc64(sizeof(KVIterator));
  if( p==0 ) return kvError(pKV, KVSTORE_NOMEM, "out of memory");
  memset(p, 0, sizeof(*p));
  if( nPrefix>0 ){
    p->aPrefix = (u8*)sqlite3_malloc64((u64)nPrefix);
    if( p->aPrefix==0 ){ sqlite3_free(p); return kvError(pKV, KVSTORE_NOMEM, "out of memory"); }
    memcpy(p->aPrefix, pPrefix, nPrefix);
    p->nPrefix = nPrefix;
  }
  p->pKV = pKV;
  p->pCF = pCF;
  p->reverse = reverse!=0;
  p->pos = KV_POS_START;
  p->eof = 1;
  pCF->nRef++;
  p->pNext = pKV->pIters;
  pKV->pIters = p;
  pKV->st.nIterations++;
  *pp = p;
  return KVSTORE_OK;
}

int kvIterSeek(KVIterator *p, int mode, const void *pKey, int nKey){
  switch( mode ){
    case SNKV_SEEK_FIRST:
      p->pos = KV_POS_START;
      return KVSTORE_OK;
    case SNKV_SEEK_KEY:
    case SNKV_SEEK_AFTER: {
      int rc = kvCheckKey(p->pKV, pKey, nKey);
      if( rc ) return rc;
      return kvIterSetAnchor(p, pKey, nKey, mode==SNKV_SEEK_KEY ? KV_POS_AT : KV_POS_AFTER);
    }
  }
  return kvError(p->pKV, KVSTORE_ERROR, "invalid seek mode %d", mode);
}

/* Places pCur on the first candidate entry in direction dir. */
static int kvIterPosition(KVIterator *p, BtCursor *pCur, int dir){
  int rc = SQLITE_OK, res = 0;
  switch( p->pos ){
    case KV_POS_START:
      if( p->nPrefix==0 ){
        return dir>0 ? sqlite3BtreeFirst(pCur, &res) : sqlite3BtreeLast(pCur, &res);
      }
      /* Prefix mode: keys with the prefix compare equal. Forward: equal counts as larger,
      ** so the seek stops before the range; reverse: as smaller, so it stops after it. */
      rc = kvSeek(pCur, p->aPrefix, p->nPrefix, dir>0 ? 1 : -1, 1, &res);
      break;
    case KV_POS_AT:
      rc = kvSeek(pCur, p->aAnchor, p->nAnchor, 0, 0, &res);
      break;
    case KV_POS_AFTER:
      rc = kvSeek(pCur, p->aAnchor, p->nAnchor, dir>0 ? -1 : 1, 0, &res);
      break;
  }
  if( rc ) return rc;
  if( dir>0 && res<0 ) return sqlite3BtreeNext(pCur, 0);
  if( dir<0 && res>0 ) return sqlite3BtreePrevious(pCur, 0);
  return SQLITE_OK;
}

static int kvIterFillInTxn(KVIterator *p, int dir, u8 *pOut, int nOut, int maxN,
                           int *pnOut, int *pNeeded){
  KVColumnFamily *pCF = p->pCF;
  KVStore *pKV = p->pKV;
  BtCursor cur, ttl;
  int rc, n = 0, o = 0, oLast = -1, atEnd = 0;
  int kvrc = KVSTORE_OK;        /* an engine error (message already set) */
  i64 now = 0;
  sqlite3BtreeCursorZero(&cur);
  sqlite3BtreeCursorZero(&ttl);
  rc = sqlite3BtreeCursor(pKV->pBt, pCF->iRoot, 0, &kvRawKeyInfo, &cur);
  if( rc==SQLITE_OK && pCF->iTtlKey ){
    rc = sqlite3BtreeCursor(pKV->pBt, pCF->iTtlKey, 0, &kvRawKeyInfo, &ttl);
    now = kvNowMs();
  }
  if( rc==SQLITE_OK ) rc = kvIterPosition(p, &cur, dir);
  while( rc==SQLITE_OK ){
    const u8 *aKey; u8 *pTmp;
    u32 nKey, nPayload, nVal;
    i64 size;
    if( sqlite3BtreeEof(&cur) ){ atEnd = 1; break; }
    rc = kvCursorKey(&cur, &aKey, &nKey, &nPayload, &pTmp);
    if( rc ) break;
    if( p->nPrefix && (nKey<(u32)p->nPrefix || memcmp(aKey, p->aPrefix, p->nPrefix)!=0) ){
      sqlite3_free(pTmp);
      atEnd = 1;
      break;
    }
    if( pCF->iTtlKey ){
      i64 expire = 0;
      rc = kvTtlLookup(pCF, &ttl, aKey, (int)nKey, &expire);
      if( rc==KVSTORE_OK && expire>0 && now>=expire ){        /* expired: skip */
        sqlite3_free(pTmp);
        rc = dir>0 ? sqlite3BtreeNext(&cur, 0) : sqlite3BtreePrevious(&cur, 0);
        continue;
      }
      if( rc ){ sqlite3_free(pTmp); kvrc = rc; rc = SQLITE_OK; break; }
    }
    nVal = nPayload-4-nKey;
    size = 8+(i64)nKey+nVal;
    if( o+size>nOut ){
      if( n==0 ) *pNeeded = (int)size;
      sqlite3_free(pTmp);
      break;
    }
    kvItPutLe32(pOut+o, nKey);
    kvItPutLe32(pOut+o+4, nVal);
    memcpy(pOut+o+8, aKey, nKey);
    sqlite3_free(pTmp);
    if( nVal ) rc = sqlite3BtreePayload(&cur, 4+nKey, nVal, pOut+o+8+nKey);
    if( rc ) break;
    oLast = o;
    o += (int)size;
    n++;
    if( n>=maxN ) break;
    rc = dir>0 ? sqlite3BtreeNext(&cur, 0) : sqlite3BtreePrevious(&cur, 0);
  }
  if( rc==SQLITE_DONE ){ rc = SQLITE_OK; atEnd = 1; }
  sqlite3BtreeCloseCursor(&cur);
  sqlite3BtreeCloseCursor(&ttl);
  if( kvrc ) return kvrc;
  if( rc ) return kvSqliteError(pKV, rc, "iteration failed");
  if( oLast>=0 ){
    rc = kvIterSetAnchor(p, pOut+oLast+8, (int)kvItLe32(pOut+oLast), KV_POS_AFTER);
    if( rc ) return rc;
  }
  if( atEnd ) p->pos = KV_POS_END;
  *pnOut = n;
  return KVSTORE_OK;
}

int kvIterFill(KVIterator *p, int dir, u8 *pOut, int nOut, int maxN, int *pnOut, int *pNeeded){
  KVStore *pKV = p->pKV;
  int rc, isAuto;
  *pnOut = 0;
  *pNeeded = 0;
  if( nOut<0 || (pOut==0 && nOut>0) ) return kvError(pKV, KVSTORE_ERROR, "invalid output buffer");
  if( p->pos==KV_POS_END || maxN<=0 ) return KVSTORE_OK;
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  rc = kvResolve(p->pCF);
  if( rc==KVSTORE_OK ) rc = kvIterFillInTxn(p, dir, pOut, nOut, maxN, pnOut, pNeeded);
  return kvTxnEnd(pKV, isAuto, rc);
}

void kvIterClose(KVIterator *p){
  KVStore *pKV = p->pKV;
  if( pKV ){
    KVIterator **pp;
    for(pp=&pKV->pIters; *pp; pp=&(*pp)->pNext){
      if( *pp==p ){ *pp = p->pNext; break; }
    }
    kvFamilyRelease(p->pCF);
  }
  sqlite3_free(p->aPrefix);
  sqlite3_free(p->aAnchor);
  sqlite3_free(p->aBatch);
  sqlite3_free(p);
}

/* Store close: iterators become inert (eof); closing them later only frees memory. */
void kvIterDetachAll(KVStore *pKV){
  KVIterator *p;
  for(p=pKV->pIters; p; p=p->pNext){
    p->pKV = 0;
    p->pCF = 0;
    p->eof = 1;
  }
  pKV->pIters = 0;
}

/* ---- The reference stepping API ---------------------------------------------------- */

/* Reads the next batch in direction dir into the private buffer. */
static int kvIterLoad(KVIterator *p, int dir){
  int rc, n = 0, needed = 0;
  if( p->aBatch==0 ){
    p->aBatch = (u8*)sqlite3_malloc(KV_ITER_BUF);
    if( p->aBatch==0 ) return kvError(p->pKV, KVSTORE_NOMEM, "out of memory");
    p->nBatchAlloc = KV_ITER_BUF;
  }
  for(;;){
    rc = kvIterFill(p, dir, p->aBatch, p->nBatchAlloc, KV_ITER_BATCH, &n, &needed);
    if( rc || n>0 || needed==0 ) break;
    {
      u8 *a = (u8*)sqlite3_realloc64(p->aBatch, (u64)needed);
      if( a==0 ){ rc = kvError(p->pKV, KVSTORE_NOMEM, "out of memory"); break; }
      p->aBatch = a;
      p->nBatchAlloc = needed;
    }
  }
  p->batchDir = dir;
  p->nBatch = rc ? 0 : n;
  p->iBatch = 0;
  p->oBatch = 0;
  p->batchSeq = p->pKV->writeSeq;
  p->eof = p->nBatch==0;
  return rc;
}

static int kvIterStep(KVIterator *p, int dir){
  if( p->eof ) return KVSTORE_OK;                       /* stays at eof */
  if( dir==p->batchDir && p->batchSeq==p->pKV->writeSeq ){
    u8 *a = p->aBatch+p->oBatch;
    p->oBatch += 8+(int)kvItLe32(a)+(int)kvItLe32(a+4);
    if( ++p->iBatch<p->nBatch ) return KVSTORE_OK;
    return kvIterLoad(p, dir);                          /* resumes after the batch */
  }else{
    /* Turning around, or the store was written since the batch was read: resume
    ** strictly after the current entry, in the new direction. */
    u8 *a = p->aBatch+p->oBatch;
    int rc = kvIterSetAnchor(p, a+8, (int)kvItLe32(a), KV_POS_AFTER);
    return rc ? rc : kvIterLoad(p, dir);
  }
}

#define KV_ITER_ENTER(p) \
  if( (p)==0 ) return KVSTORE_ERROR; \
  if( (p)->pKV==0 ) return KVSTORE_ERROR; \
  kvEnter((p)->pKV)

SNKV_API int kvstore_iterator_first(KVIterator *p){
  int rc;
  KV_ITER_ENTER(p);
  p->pos = KV_POS_START;
  rc = kvIterLoad(p, +1);
  kvLeave(p->pKV);
  return rc;
}

SNKV_API int kvstore_iterator_last(KVIterator *p){
  int rc;
  KV_ITER_ENTER(p);
  if( !p->reverse ){
    rc = kvError(p->pKV, KVSTORE_ERROR, "iterator_last requires a reverse iterator");
  }else{
    p->pos = KV_POS_START;
    rc = kvIterLoad(p, -1);
  }
  kvLeave(p->pKV);
  return rc;
}

SNKV_API int kvstore_iterator_next(KVIterator *p){
  int rc;
  KV_ITER_ENTER(p);
  rc = kvIterStep(p, +1);
  kvLeave(p->pKV);
  return rc;
}

SNKV_API int kvstore_iterator_prev(KVIterator *p){
  int rc;
  KV_ITER_ENTER(p);
  if( !p->reverse ){
    rc = kvError(p->pKV, KVSTORE_ERROR, "iterator_prev requires a reverse iterator");
  }else{
    rc = kvIterStep(p, -1);
  }
  kvLeave(p->pKV);
  return rc;
}

SNKV_API int kvstore_iterator_seek(KVIterator *p, const void *pKey, int nKey){
  int rc;
  KV_ITER_ENTER(p);
  rc = kvIterSeek(p, SNKV_SEEK_KEY, pKey, nKey);
  if( rc==KVSTORE_OK ) rc = kvIterLoad(p, p->reverse ? -1 : +1);
  kvLeave(p->pKV);
  return rc;
}

SNKV_API int kvstore_iterator_eof(KVIterator *p){
  return p==0 || p->pKV==0 || p->eof;
}

static int kvIterEntry(KVIterator *p, int wantValue, void **pp, int *pn){
  u8 *a;
  u32 nKey;
  if( pp ) *pp = 0;
  if( pn ) *pn = 0;
  if( p==0 || p->pKV==0 ) return KVSTORE_ERROR;
  if( pp==0 || pn==0 ) return kvError(p->pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  if( p->eof ){
    return kvError(p->pKV, KVSTORE_ERROR, "iterator is at eof (no current entry)");
  }
  a = p->aBatch+p->oBatch;
  nKey = kvItLe32(a);
  if( wantValue ){
    u32 nVal = kvItLe32(a+4);
    *pp = nVal ? (void*)(a+8+nKey) : 0;
    *pn = (int)nVal;
  }else{
    *pp = a+8;
    *pn = (int)nKey;
  }
  return KVSTORE_OK;
}

SNKV_API int kvstore_iterator_key(KVIterator *p, void **ppKey, int *pnKey){
  return kvIterEntry(p, 0, ppKey, pnKey);
}

SNKV_API int kvstore_iterator_value(KVIterator *p, void **ppValue, int *pnValue){
  return kvIterEntry(p, 1, ppValue, pnValue);
}

SNKV_API void kvstore_iterator_close(KVIterator *p){
  KVStore *pKV;
  if( p==0 ) return;
  pKV = p->pKV;
  if( pKV ) kvEnter(pKV);
  kvIterClose(p);
  if( pKV ) kvLeave(pKV);
}
