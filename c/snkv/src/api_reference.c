/*
** api_reference.c — the reference C API (spec §2): argument checks, the per-handle
** mutex, and the mapping onto the engine's internal calls. Transactions are in txn.c,
** iterator stepping in iterator.c, open/close in store.c.
*/

#define KV_ENTER(pKV) do{ if( (pKV)==0 ) return KVSTORE_ERROR; kvEnter(pKV); }while(0)
#define KV_CF_ENTER(pCF) do{ if( (pCF)==0 || (pCF)->pKV==0 ) return KVSTORE_ERROR; kvEnter((pCF)->pKV); }while(0)

/* ---- Column families ----------------------------------------------------------- */

static int kvCfOpenApi(KVStore *pKV, const char *zName, KVColumnFamily **ppCF, int mode){
  int rc;
  if( ppCF ) *ppCF = 0;
  KV_ENTER(pKV);
  if( ppCF==0 || zName==0 ){
    rc = kvError(pKV, KVSTORE_ERROR, "invalid argument: NULL %s", zName ? "output handle" : "name");
  }else{
    rc = kvFamilyOpen(pKV, zName, (int)strlen(zName), mode, ppCF);
  }
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_cf_create(KVStore *pKV, const char *zName, KVColumnFamily **ppCF){
  if( zName && zName[0]==0 ){
    if( ppCF ) *ppCF = 0;
    if( pKV==0 ) return KVSTORE_ERROR;
    return kvError(pKV, KVSTORE_ERROR, "invalid column family name: length 0 (must be 1..%d bytes)", KVSTORE_MAX_CF_NAME);
  }
  return kvCfOpenApi(pKV, zName, ppCF, 1);
}

SNKV_API int kvstore_cf_open(KVStore *pKV, const char *zName, KVColumnFamily **ppCF){
  if( zName && zName[0]==0 ){
    if( ppCF ) *ppCF = 0;
    if( pKV==0 ) return KVSTORE_ERROR;
    return kvError(pKV, KVSTORE_NOTFOUND, "column family not found: (empty name)");
  }
  return kvCfOpenApi(pKV, zName, ppCF, 0);
}

SNKV_API int kvstore_cf_get_default(KVStore *pKV, KVColumnFamily **ppCF){
  if( ppCF ) *ppCF = 0;
  int rc = KVSTORE_OK;
  KV_ENTER(pKV);
  if( ppCF ){
    pKV->pDefault->nRef++;
    *ppCF = pKV->pDefault;
  }else{
    rc = kvError(pKV, KVSTORE_ERROR, "invalid argument: NULL output handle");
  }
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_cf_drop(KVStore *pKV, const char *zName){
  int rc;
  KV_ENTER(pKV);
  rc = zName ? kvFamilyDrop(pKV, zName, (int)strlen(zName))
             : kvError(pKV, KVSTORE_ERROR, "invalid argument: NULL name");
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_cf_list(KVStore *pKV, char ***pazNames, int *pnCount){
  int rc;
  KV_ENTER(pKV);
  if( pazNames==0 || pnCount==0 ){
    rc = kvError(pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  }else{
    rc = kvFamilyList(pKV, pazNames, pnCount);
  }
  kvLeave(pKV);
  return rc;
}

SNKV_API void kvstore_cf_close(KVColumnFamily *pCF){
  KVStore *pKV;
  if( pCF==0 || pCF->pKV==0 ) return;
  pKV = pCF->pKV;
  kvEnter(pKV);
  kvFamilyRelease(pCF);
  kvLeave(pKV);
}

/* ---- Data --------------------------------------------------------------------------- */

SNKV_API int kvstore_cf_put_ttl(KVColumnFamily *pCF, const void *pKey, int nKey,
                                const void *pValue, int nValue, int64_t expire_ms){
  int rc;
  KV_CF_ENTER(pCF);
  rc = kvPut(pCF, pKey, nKey, pValue, nValue, expire_ms>0 ? expire_ms : 0, 0, 0);
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_put(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pValue, int nValue){
  return kvstore_cf_put_ttl(pCF, pKey, nKey, pValue, nValue, 0);
}

SNKV_API int kvstore_cf_get_ttl(KVColumnFamily *pCF, const void *pKey, int nKey,
                                void **ppValue, int *pnValue, int64_t *pnRemaining){
  int rc, nVal = 0;
  i64 expire = 0;
  void *pAlloc = 0;
  if( ppValue ) *ppValue = 0;
  if( pnValue ) *pnValue = 0;
  if( pnRemaining ) *pnRemaining = KVSTORE_NO_TTL;
  KV_CF_ENTER(pCF);
  if( ppValue==0 || pnValue==0 ){
    rc = kvError(pCF->pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  }else{
    rc = kvGet(pCF, pKey, nKey, 0, 0, &pAlloc, &nVal, &expire);
    if( rc==KVSTORE_OK ){
      *ppValue = pAlloc;              /* empty value: NULL, length 0 (spec §2.5) */
      *pnValue = nVal;
      if( pnRemaining && expire>0 ){
        i64 left = expire-kvNowMs();
        *pnRemaining = left>0 ? left : 1;
      }
    }
  }
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_get(KVColumnFamily *pCF, const void *pKey, int nKey, void **ppValue, int *pnValue){
  return kvstore_cf_get_ttl(pCF, pKey, nKey, ppValue, pnValue, 0);
}

SNKV_API int kvstore_cf_delete(KVColumnFamily *pCF, const void *pKey, int nKey){
  int rc, existed = 0;
  KV_CF_ENTER(pCF);
  rc = kvDelete(pCF, pKey, nKey, &existed);
  if( rc==KVSTORE_OK && !existed ){
    rc = kvError(pCF->pKV, KVSTORE_NOTFOUND, "key not found");
  }
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_exists(KVColumnFamily *pCF, const void *pKey, int nKey, int *pExists){
  int rc, e = 0;
  KV_CF_ENTER(pCF);
  if( pExists==0 ){
    rc = kvError(pCF->pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  }else{
    rc = kvExists(pCF, pKey, nKey, &e);
    *pExists = rc==KVSTORE_OK && e;
  }
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_put_if_absent(KVColumnFamily *pCF, const void *pKey, int nKey,
                                      const void *pValue, int nValue, int64_t expire_ms, int *pInserted){
  int rc, ins = 0;
  if( pInserted ) *pInserted = 0;
  KV_CF_ENTER(pCF);
  rc = kvPut(pCF, pKey, nKey, pValue, nValue, expire_ms>0 ? expire_ms : 0, 1, &ins);
  if( pInserted ) *pInserted = ins;
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_ttl_remaining(KVColumnFamily *pCF, const void *pKey, int nKey, int64_t *pnRemaining){
  int rc, nVal = 0;
  i64 expire = 0;
  if( pnRemaining ) *pnRemaining = KVSTORE_NO_TTL;
  KV_CF_ENTER(pCF);
  if( pnRemaining==0 ){
    rc = kvError(pCF->pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  }else{
    rc = kvGet(pCF, pKey, nKey, 0, 0, 0, &nVal, &expire);
    if( rc==KVSTORE_OK && expire>0 ){
      i64 left = expire-kvNowMs();
      *pnRemaining = left>0 ? left : 1;
    }
  }
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_purge_expired(KVColumnFamily *pCF, int *pnDeleted){
  int rc, n = 0;
  if( pnDeleted ) *pnDeleted = 0;
  KV_CF_ENTER(pCF);
  rc = kvTtlPurge(pCF, &n);
  if( pnDeleted ) *pnDeleted = n;
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_clear(KVColumnFamily *pCF){
  int rc;
  KV_CF_ENTER(pCF);
  rc = kvClear(pCF);
  kvLeave(pCF->pKV);
  return rc;
}

SNKV_API int kvstore_cf_count(KVColumnFamily *pCF, int64_t *pnCount){
  int rc;
  i64 n = 0;
  KV_CF_ENTER(pCF);
  if( pnCount==0 ){
    rc = kvError(pCF->pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  }else{
    rc = kvCount(pCF, &n);
    *pnCount = n;
  }
  kvLeave(pCF->pKV);
  return rc;
}

/* Default-family forms. */
#define KV_DEFAULT(pKV) ((pKV) ? (pKV)->pDefault : 0)

SNKV_API int kvstore_put(KVStore *pKV, const void *pKey, int nKey, const void *pValue, int nValue){
  return kvstore_cf_put(KV_DEFAULT(pKV), pKey, nKey, pValue, nValue);
}
SNKV_API int kvstore_get(KVStore *pKV, const void *pKey, int nKey, void **ppValue, int *pnValue){
  return kvstore_cf_get(KV_DEFAULT(pKV), pKey, nKey, ppValue, pnValue);
}
SNKV_API int kvstore_delete(KVStore *pKV, const void *pKey, int nKey){
  return kvstore_cf_delete(KV_DEFAULT(pKV), pKey, nKey);
}
SNKV_API int kvstore_exists(KVStore *pKV, const void *pKey, int nKey, int *pExists){
  return kvstore_cf_exists(KV_DEFAULT(pKV), pKey, nKey, pExists);
}
SNKV_API int kvstore_put_if_absent(KVStore *pKV, const void *pKey, int nKey, const void *pValue,
                                   int nValue, int64_t expire_ms, int *pInserted){
  return kvstore_cf_put_if_absent(KV_DEFAULT(pKV), pKey, nKey, pValue, nValue, expire_ms, pInserted);
}
SNKV_API int kvstore_put_ttl(KVStore *pKV, const void *pKey, int nKey, const void *pValue, int nValue, int64_t expire_ms){
  return kvstore_cf_put_ttl(KV_DEFAULT(pKV), pKey, nKey, pValue, nValue, expire_ms);
}
SNKV_API int kvstore_get_ttl(KVStore *pKV, const void *pKey, int nKey, void **ppValue, int *pnValue, int64_t *pnRemaining){
  return kvstore_cf_get_ttl(KV_DEFAULT(pKV), pKey, nKey, ppValue, pnValue, pnRemaining);
}
SNKV_API int kvstore_ttl_remaining(KVStore *pKV, const void *pKey, int nKey, int64_t *pnRemaining){
  return kvstore_cf_ttl_remaining(KV_DEFAULT(pKV), pKey, nKey, pnRemaining);
}
SNKV_API int kvstore_purge_expired(KVStore *pKV, int *pnDeleted){
  return kvstore_cf_purge_expired(KV_DEFAULT(pKV), pnDeleted);
}
SNKV_API int kvstore_clear(KVStore *pKV){ return kvstore_cf_clear(KV_DEFAULT(pKV)); }
SNKV_API int kvstore_count(KVStore *pKV, int64_t *pnCount){ return kvstore_cf_count(KV_DEFAULT(pKV), pnCount); }

/* ---- Iterators ---------------------------------------------------------------------- */

static int kvIterCreateApi(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, int isPrefix,
                           int reverse, KVIterator **ppIter){
  KVStore *pKV;
  int rc;
  if( ppIter ) *ppIter = 0;
  KV_CF_ENTER(pCF);
  pKV = pCF->pKV;
  if( ppIter==0 ){
    rc = kvError(pKV, KVSTORE_ERROR, "invalid argument: NULL output handle");
  }else if( isPrefix && (pPrefix==0 || nPrefix<1) ){
    rc = kvError(pKV, KVSTORE_ERROR, "invalid prefix: null or zero length");
  }else{
    rc = kvIterOpen(pCF, pPrefix, isPrefix ? nPrefix : 0, reverse, ppIter);
    /* Prefix iterators start on their first entry in their direction (spec §2.8). */
    if( rc==KVSTORE_OK && isPrefix ){
      kvLeave(pKV);
      rc = reverse ? kvstore_iterator_last(*ppIter) : kvstore_iterator_first(*ppIter);
      kvEnter(pKV);
      if( rc ){ kvIterClose(*ppIter); *ppIter = 0; }
    }
  }
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_cf_iterator_create(KVColumnFamily *pCF, KVIterator **ppIter){
  return kvIterCreateApi(pCF, 0, 0, 0, 0, ppIter);
}
SNKV_API int kvstore_cf_reverse_iterator_create(KVColumnFamily *pCF, KVIterator **ppIter){
  return kvIterCreateApi(pCF, 0, 0, 0, 1, ppIter);
}
SNKV_API int kvstore_cf_prefix_iterator_create(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, KVIterator **ppIter){
  return kvIterCreateApi(pCF, pPrefix, nPrefix, 1, 0, ppIter);
}
SNKV_API int kvstore_cf_reverse_prefix_iterator_create(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, KVIterator **ppIter){
  return kvIterCreateApi(pCF, pPrefix, nPrefix, 1, 1, ppIter);
}
SNKV_API int kvstore_iterator_create(KVStore *pKV, KVIterator **ppIter){
  return kvstore_cf_iterator_create(KV_DEFAULT(pKV), ppIter);
}
SNKV_API int kvstore_reverse_iterator_create(KVStore *pKV, KVIterator **ppIter){
  return kvstore_cf_reverse_iterator_create(KV_DEFAULT(pKV), ppIter);
}
SNKV_API int kvstore_prefix_iterator_create(KVStore *pKV, const void *pPrefix, int nPrefix, KVIterator **ppIter){
  return kvstore_cf_prefix_iterator_create(KV_DEFAULT(pKV), pPrefix, nPrefix, ppIter);
}
SNKV_API int kvstore_reverse_prefix_iterator_create(KVStore *pKV, const void *pPrefix, int nPrefix, KVIterator **ppIter){
  return kvstore_cf_reverse_prefix_iterator_create(KV_DEFAULT(pKV), pPrefix, nPrefix, ppIter);
}

/* ---- Maintenance -------------------------------------------------------------------- */

SNKV_API int kvstore_stats(KVStore *pKV, KVStoreStats *pStats){
  int rc;
  KV_ENTER(pKV);
  rc = pStats ? kvStats(pKV, pStats) : kvError(pKV, KVSTORE_ERROR, "invalid argument: NULL output");
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_stats_reset(KVStore *pKV){
  KV_ENTER(pKV);
  kvStatsReset(pKV);
  kvLeave(pKV);
  return KVSTORE_OK;
}

SNKV_API int kvstore_integrity_check(KVStore *pKV, char **pzErrMsg){
  int rc;
  char *zMsg = 0;
  if( pzErrMsg ) *pzErrMsg = 0;
  KV_ENTER(pKV);
  rc = kvIntegrityCheck(pKV, &zMsg);
  if( pzErrMsg ) *pzErrMsg = zMsg; else sqlite3_free(zMsg);
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_sync(KVStore *pKV){
  int rc;
  KV_ENTER(pKV);
  rc = kvSync(pKV);
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_incremental_vacuum(KVStore *pKV, int nPage){
  int rc;
  KV_ENTER(pKV);
  rc = kvVacuum(pKV, nPage);
  kvLeave(pKV);
  return rc;
}

SNKV_API int kvstore_checkpoint(KVStore *pKV, int mode, int *pnLog, int *pnCkpt){
  int rc;
  KV_ENTER(pKV);
  rc = kvCheckpoint(pKV, mode, pnLog, pnCkpt);
  kvLeave(pKV);
  return rc;
}
