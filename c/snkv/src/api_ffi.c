/*
** api_ffi.c — the snkv_* calls for FFI callers (Deno, Bun): handles as results, results
** copied into caller buffers (grow and retry), batches, and no 64-bit results: counts and
** times travel as doubles. A negative int result is -(status code).
*/

#define KV_NEG(rc) (-(rc))

/* Epoch-ms expiry from a double: 0, negative, NaN → none. */
static i64 kvExpireFromDouble(double d){
  if( !(d>0) ) return 0;
  if( d>9.0e15 ) return (i64)9000000000000000LL;
  return (i64)d;
}

SNKV_API KVColumnFamily *snkv_cf_open(KVStore *pKV, const void *pName, int nName, int mode, int *pRc){
  KVColumnFamily *pCF = 0;
  int rc;
  if( pKV==0 ){ if( pRc ) *pRc = KVSTORE_ERROR; return 0; }
  kvEnter(pKV);
  if( nName<0 || (pName==0 && nName>0) || mode<0 || mode>2 ){
    rc = kvError(pKV, KVSTORE_ERROR, "invalid column family name or mode");
  }else{
    rc = kvFamilyOpen(pKV, pName ? (const char*)pName : "", nName, mode, &pCF);
  }
  kvLeave(pKV);
  if( pRc ) *pRc = rc;
  return pCF;
}

SNKV_API int snkv_cf_drop(KVStore *pKV, const void *pName, int nName){
  int rc;
  if( pKV==0 ) return KV_NEG(KVSTORE_ERROR);
  kvEnter(pKV);
  if( nName<=0 || pName==0 ){
    rc = kvError(pKV, KVSTORE_ERROR, "cannot drop the default column family");
  }else{
    rc = kvFamilyDrop(pKV, (const char*)pName, nName);
  }
  kvLeave(pKV);
  return KV_NEG(rc);
}

SNKV_API int snkv_cf_list(KVStore *pKV, uint8_t *pBuf, int nBuf, int *pNeeded){
  char **az = 0;
  int rc, n = 0, i, need = 0, o = 0;
  if( pNeeded ) *pNeeded = 0;
  if( pKV==0 ) return KV_NEG(KVSTORE_ERROR);
  kvEnter(pKV);
  rc = kvFamilyList(pKV, &az, &n);
  if( rc==KVSTORE_OK ){
    for(i=0; i<n; i++) need += 4+(int)strlen(az[i]);
    if( pNeeded ) *pNeeded = need;
    if( need<=nBuf && pBuf ){
      for(i=0; i<n; i++){
        int len = (int)strlen(az[i]);
        pBuf[o] = (u8)len; pBuf[o+1] = (u8)(len>>8); pBuf[o+2] = (u8)(len>>16); pBuf[o+3] = (u8)(len>>24);
        memcpy(pBuf+o+4, az[i], len);
        o += 4+len;
      }
    }
  }
  for(i=0; i<n; i++) sqlite3_free(az[i]);
  sqlite3_free(az);
  kvLeave(pKV);
  return rc ? KV_NEG(rc) : n;
}

#define KV_FFI_CF(pCF) do{ if( (pCF)==0 || (pCF)->pKV==0 ) return KV_NEG(KVSTORE_ERROR); kvEnter((pCF)->pKV); }while(0)

SNKV_API int snkv_put(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pVal, int nVal, double expireMs){
  int rc;
  KV_FFI_CF(pCF);
  if( pVal==0 && nVal==0 ) pVal = "";                /* Deno passes empty buffers as NULL */
  rc = kvPut(pCF, pKey, nKey, pVal, nVal, kvExpireFromDouble(expireMs), 0, 0);
  kvLeave(pCF->pKV);
  return KV_NEG(rc);
}

SNKV_API int snkv_get(KVColumnFamily *pCF, const void *pKey, int nKey, void *pBuf, int nBuf){
  int rc, nVal = 0;
  KV_FFI_CF(pCF);
  rc = kvGet(pCF, pKey, nKey, pBuf, pBuf ? nBuf : 0, 0, &nVal, 0);
  kvLeave(pCF->pKV);
  return rc ? KV_NEG(rc) : nVal;
}

SNKV_API int snkv_exists(KVColumnFamily *pCF, const void *pKey, int nKey){
  int rc, e = 0;
  KV_FFI_CF(pCF);
  rc = kvExists(pCF, pKey, nKey, &e);
  kvLeave(pCF->pKV);
  return rc ? KV_NEG(rc) : e;
}

SNKV_API int snkv_delete(KVColumnFamily *pCF, const void *pKey, int nKey){
  int rc, existed = 0;
  KV_FFI_CF(pCF);
  rc = kvDelete(pCF, pKey, nKey, &existed);
  kvLeave(pCF->pKV);
  return rc ? KV_NEG(rc) : existed;
}

SNKV_API int snkv_put_if_absent(KVColumnFamily *pCF, const void *pKey, int nKey,
                                const void *pVal, int nVal, double expireMs){
  int rc, ins = 0;
  KV_FFI_CF(pCF);
  if( pVal==0 && nVal==0 ) pVal = "";
  rc = kvPut(pCF, pKey, nKey, pVal, nVal, kvExpireFromDouble(expireMs), 1, &ins);
  kvLeave(pCF->pKV);
  return rc ? KV_NEG(rc) : ins;
}

SNKV_API int snkv_ttl(KVColumnFamily *pCF, const void *pKey, int nKey, double *pRemainingMs){
  int rc, nVal = 0;
  i64 expire = 0;
  if( pRemainingMs ) *pRemainingMs = 0;
  KV_FFI_CF(pCF);
  rc = kvGet(pCF, pKey, nKey, 0, 0, 0, &nVal, &expire);
  kvLeave(pCF->pKV);
  if( rc ) return KV_NEG(rc);
  if( expire<=0 ) return 0;
  if( pRemainingMs ){
    i64 left = expire-kvNowMs();
    *pRemainingMs = (double)(left>0 ? left : 1);
  }
  return 1;
}

SNKV_API int snkv_purge_expired(KVColumnFamily *pCF){
  int rc, n = 0;
  KV_FFI_CF(pCF);
  rc = kvTtlPurge(pCF, &n);
  kvLeave(pCF->pKV);
  return rc ? KV_NEG(rc) : n;
}

SNKV_API int snkv_count(KVColumnFamily *pCF, double *pnCount){
  int rc;
  i64 n = 0;
  KV_FFI_CF(pCF);
  rc = kvCount(pCF, &n);
  if( pnCount ) *pnCount = (double)n;
  kvLeave(pCF->pKV);
  return KV_NEG(rc);
}

SNKV_API int snkv_clear(KVColumnFamily *pCF){
  int rc;
  KV_FFI_CF(pCF);
  rc = kvClear(pCF);
  kvLeave(pCF->pKV);
  return KV_NEG(rc);
}

SNKV_API int snkv_put_many(KVColumnFamily *pCF, const uint8_t *pEntries, int nBytes, int nEntries, double expireMs){
  int rc;
  KV_FFI_CF(pCF);
  rc = kvPutMany(pCF, pEntries, nBytes, nEntries, kvExpireFromDouble(expireMs));
  kvLeave(pCF->pKV);
  return KV_NEG(rc);
}

SNKV_API int snkv_get_many(KVColumnFamily *pCF, const uint8_t *pKeys, int nBytes, int nKeys,
                           uint8_t *pOut, int nOut, int *pNeeded){
  int rc, nDone = 0, needed = 0;
  KV_FFI_CF(pCF);
  rc = kvGetMany(pCF, pKeys, nBytes, nKeys, pOut, nOut, &nDone, &needed);
  kvLeave(pCF->pKV);
  if( pNeeded ) *pNeeded = needed;
  return rc ? KV_NEG(rc) : nDone;
}

SNKV_API int snkv_delete_many(KVColumnFamily *pCF, const uint8_t *pKeys, int nBytes, int nKeys){
  int rc, n = 0;
  KV_FFI_CF(pCF);
  rc = kvDeleteMany(pCF, pKeys, nBytes, nKeys, &n);
  kvLeave(pCF->pKV);
  return rc ? KV_NEG(rc) : n;
}

SNKV_API KVIterator *snkv_iter_open(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, int reverse, int *pRc){
  KVIterator *p = 0;
  int rc;
  if( pCF==0 || pCF->pKV==0 ){ if( pRc ) *pRc = KVSTORE_ERROR; return 0; }
  kvEnter(pCF->pKV);
  rc = kvIterOpen(pCF, pPrefix, nPrefix, reverse, &p);
  kvLeave(pCF->pKV);
  if( pRc ) *pRc = rc;
  return p;
}

SNKV_API int snkv_iter_seek(KVIterator *p, int mode, const void *pKey, int nKey){
  int rc;
  if( p==0 || p->pKV==0 ) return KV_NEG(KVSTORE_ERROR);
  kvEnter(p->pKV);
  rc = kvIterSeek(p, mode, pKey, nKey);
  kvLeave(p->pKV);
  return KV_NEG(rc);
}

SNKV_API int snkv_iter_fill(KVIterator *p, uint8_t *pOut, int nOut, int maxEntries, int *pNeeded){
  int rc, n = 0, needed = 0;
  if( pNeeded ) *pNeeded = 0;
  if( p==0 || p->pKV==0 ) return KV_NEG(KVSTORE_ERROR);
  kvEnter(p->pKV);
  rc = kvIterFill(p, p->reverse ? -1 : +1, pOut, nOut, maxEntries, &n, &needed);
  kvLeave(p->pKV);
  if( pNeeded ) *pNeeded = needed;
  return rc ? KV_NEG(rc) : n;
}

SNKV_API void snkv_iter_close(KVIterator *p){
  kvstore_iterator_close(p);
}

SNKV_API int snkv_set_mmap_size(KVStore *pKV, double nBytes){
  int rc = KVSTORE_OK;
  if( pKV==0 ) return KV_NEG(KVSTORE_ERROR);
  kvEnter(pKV);
  if( !(nBytes>=0) || nBytes>9.0e15 ){
    rc = kvError(pKV, KVSTORE_ERROR, "invalid mmap size");
  }else{
    sqlite3BtreeSetMmapLimit(pKV->pBt, (sqlite3_int64)nBytes);
  }
  kvLeave(pKV);
  return KV_NEG(rc);
}

SNKV_API int snkv_stats(KVStore *pKV, double *aOut12){
  KVStoreStats st = {0};
  int rc;
  if( pKV==0 ) return KV_NEG(KVSTORE_ERROR);
  kvEnter(pKV);
  rc = aOut12 ? kvStats(pKV, &st) : kvError(pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  kvLeave(pKV);
  if( rc==KVSTORE_OK ){
    aOut12[0] = (double)st.nPuts;       aOut12[1] = (double)st.nGets;
    aOut12[2] = (double)st.nDeletes;    aOut12[3] = (double)st.nIterations;
    aOut12[4] = (double)st.nErrors;     aOut12[5] = (double)st.nBytesRead;
    aOut12[6] = (double)st.nBytesWritten; aOut12[7] = (double)st.nWalCommits;
    aOut12[8] = (double)st.nCheckpoints;  aOut12[9] = (double)st.nTtlExpired;
    aOut12[10] = (double)st.nTtlPurged;   aOut12[11] = (double)st.nDbPages;
  }
  return KV_NEG(rc);
}

SNKV_API int snkv_checkpoint(KVStore *pKV, int mode, int *aOut2){
  int rc, nLog = 0, nCkpt = 0;
  if( pKV==0 ) return KV_NEG(KVSTORE_ERROR);
  kvEnter(pKV);
  rc = kvCheckpoint(pKV, mode, &nLog, &nCkpt);
  kvLeave(pKV);
  if( aOut2 ){ aOut2[0] = nLog; aOut2[1] = nCkpt; }
  return KV_NEG(rc);
}

SNKV_API int snkv_integrity_check(KVStore *pKV, char *zBuf, int nBuf){
  char *zMsg = 0;
  int rc;
  if( pKV==0 ) return KVSTORE_ERROR;
  kvEnter(pKV);
  rc = kvIntegrityCheck(pKV, &zMsg);
  if( rc && zBuf && nBuf>0 ) sqlite3_snprintf(nBuf, zBuf, "%s", zMsg ? zMsg : pKV->zErr);
  sqlite3_free(zMsg);
  kvLeave(pKV);
  return rc;
}
