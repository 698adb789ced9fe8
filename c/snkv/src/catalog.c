/*
** catalog.c — column families and the catalog that maps their names to root pages.
**
** The catalog (spec §1.5) is an intkey b-tree rooted at meta[3]. A family's row lives at
** rowid FNV-1a(name) & 0x7fff...ffff (0 → 1), or at one of the next 63 rowids when that
** slot is taken (linear probing). Payload: u32 BE name length | name | u32 BE root page.
** A dropped family leaves a tombstone (payload of 4 zero bytes) so probe chains stay
** intact; inserts reuse tombstones. The default family is not in the catalog: its root is
** meta[1]. meta[2] counts catalog families (informational, spec §1.5).
**
** Roots can move: dropping a family lets SQLite's auto-vacuum move the highest root into
** the freed slot (spec §1.11). Handles therefore cache their roots together with the
** b-tree's data version (changes when another connection commits) and this handle's
** catalog epoch (changes when this handle changes the catalog or rolls back), and look
** them up again when either changed (deviation D7).
*/

static i64 kvFnv1a(const char *z, int n){
  u64 h = 14695981039346656037ULL;
  int i;
  for(i=0; i<n; i++){
    h ^= (u8)z[i];
    h *= 1099511628211ULL;
  }
  h &= 0x7fffffffffffffffULL;
  return h ? (i64)h : 1;
}

static Pgno kvCatalogRoot(KVStore *pKV){
  u32 iCat = 0;
  sqlite3BtreeGetMeta(pKV->pBt, 3, &iCat);
  return iCat;
}

/* Finds the row of zName: *piRowid and *piRoot on KVSTORE_OK. With pFree, also reports
** the first reusable (absent or tombstone) slot of the probe chain, or 0 if none. */
static int kvCatalogProbe(KVStore *pKV, const char *zName, int nName,
                          i64 *piRowid, Pgno *piRoot, i64 *piFree){
  BtCursor cur;
  u8 aRow[8+KVSTORE_MAX_CF_NAME+KV_TTL_PREFIX_LEN+8];
  i64 base = kvFnv1a(zName, nName);
  Pgno iCat = kvCatalogRoot(pKV);
  int i, rc, found = 0;
  if( piFree ) *piFree = 0;
  if( iCat==0 ) return kvError(pKV, KVSTORE_CORRUPT, "database corrupt: no catalog root in the header");
  if( nName+8>(int)sizeof(aRow) ) return KVSTORE_NOTFOUND;
  sqlite3BtreeCursorZero(&cur);
  rc = sqlite3BtreeCursor(pKV->pBt, iCat, 0, 0, &cur);
  for(i=0; rc==SQLITE_OK && i<KV_CATALOG_PROBES; i++){
    i64 iRowid = (i64)((u64)base + (u64)i);
    int res = 0;
    u32 sz;
    rc = sqlite3BtreeTableMoveto(&cur, iRowid, 0, &res);
    if( rc ) break;
    if( res!=0 ){                                   /* absent: end of the chain */
      if( piFree && *piFree==0 ) *piFree = iRowid;
      break;
    }
    sz = sqlite3BtreePayloadSize(&cur);
    if( sz==4 ){                                    /* tombstone: keep probing */
      if( piFree && *piFree==0 ) *piFree = iRowid;
      continue;
    }
    if( sz!=(u32)nName+8 ) continue;
    rc = sqlite3BtreePayload(&cur, 0, sz, aRow);
    if( rc ) break;
    if( get4byte(aRow)==(u32)nName && memcmp(aRow+4, zName, nName)==0 ){
      *piRowid = iRowid;
      *piRoot = get4byte(aRow+4+nName);
      found = 1;
      break;
    }
  }
  sqlite3BtreeCloseCursor(&cur);
  if( rc ) return kvSqliteError(pKV, rc, "cannot read the catalog");
  return found ? KVSTORE_OK : KVSTORE_NOTFOUND;
}

int kvCatalogFind(KVStore *pKV, const char *zName, int nName, Pgno *piRoot){
  i64 iRowid;
  return kvCatalogProbe(pKV, zName, nName, &iRowid, piRoot, 0);
}

static int kvCatalogWrite(KVStore *pKV, i64 iRowid, const u8 *aData, int nData){
  BtCursor cur;
  BtreePayload x;
  int rc, res = 0;
  sqlite3BtreeCursorZero(&cur);
  rc = sqlite3BtreeCursor(pKV->pBt, kvCatalogRoot(pKV), BTREE_WRCSR, 0, &cur);
  if( rc==SQLITE_OK ) rc = sqlite3BtreeTableMoveto(&cur, iRowid, 0, &res);
  if( rc==SQLITE_OK ){
    memset(&x, 0, sizeof(x));
    x.nKey = iRowid;
    x.pData = aData;
    x.nData = nData;
    rc = sqlite3BtreeInsert(&cur, &x, 0, res);
  }
  sqlite3BtreeCloseCursor(&cur);
  return rc;
}

static int kvAdjustFamilyCount(KVStore *pKV, int delta){
  u32 n = 0;
  sqlite3BtreeGetMeta(pKV->pBt, 2, &n);
  if( delta<0 && n==0 ) return SQLITE_OK;          /* floor 0 */
  return sqlite3BtreeUpdateMeta(pKV->pBt, 2, n + (u32)delta);
}

/* Creates a b-tree for zName and its catalog row. Needs a write transaction. */
int kvCatalogCreate(KVStore *pKV, const char *zName, int nName, Pgno *piRoot){
  u8 aRow[8+KVSTORE_MAX_CF_NAME+KV_TTL_PREFIX_LEN+8];
  i64 iRowid, iFree = 0;
  Pgno iRoot = 0;
  int rc = kvCatalogProbe(pKV, zName, nName, &iRowid, &iRoot, &iFree);
  if( rc==KVSTORE_OK ) return kvError(pKV, KVSTORE_ERROR, "column family already exists: %s", zName);
  if( rc!=KVSTORE_NOTFOUND ) return rc;
  kvWriteCursorClose(pKV);                /* creating a root may move pages */
  if( iFree==0 ){
    return kvError(pKV, KVSTORE_ERROR,
        "cannot create column family \"%s\": all %d catalog slots for its name hash are taken",
        zName, KV_CATALOG_PROBES);
  }
  rc = sqlite3BtreeCreateTable(pKV->pBt, &iRoot, BTREE_BLOBKEY);
  if( rc==SQLITE_OK ){
    put4byte(aRow, (u32)nName);
    memcpy(aRow+4, zName, nName);
    put4byte(aRow+4+nName, iRoot);
    rc = kvCatalogWrite(pKV, iFree, aRow, nName+8);
  }
  if( rc==SQLITE_OK ) rc = kvAdjustFamilyCount(pKV, +1);
  pKV->epoch++;
  if( rc ) return kvSqliteError(pKV, rc, "cannot create column family");
  *piRoot = iRoot;
  return KVSTORE_OK;
}

/* After DropTable moved the b-tree at iMoved to iTo, points its owner at iTo. */
static int kvCatalogRelocate(KVStore *pKV, Pgno iMoved, Pgno iTo){
  BtCursor cur;
  u8 aRow[8+KVSTORE_MAX_CF_NAME+KV_TTL_PREFIX_LEN+8];
  int rc, res = 0, i;
  for(i=1; i<=3; i+=2){                             /* meta[1] default, meta[3] catalog */
    u32 v = 0;
    sqlite3BtreeGetMeta(pKV->pBt, i, &v);
    if( v==iMoved ) return sqlite3BtreeUpdateMeta(pKV->pBt, i, iTo);
  }
  sqlite3BtreeCursorZero(&cur);
  rc = sqlite3BtreeCursor(pKV->pBt, kvCatalogRoot(pKV), 0, 0, &cur);
  if( rc==SQLITE_OK ) rc = sqlite3BtreeFirst(&cur, &res);
  while( rc==SQLITE_OK && res==0 && !sqlite3BtreeEof(&cur) ){
    u32 sz = sqlite3BtreePayloadSize(&cur);
    if( sz>8 && sz<=sizeof(aRow) ){
      rc = sqlite3BtreePayload(&cur, 0, sz, aRow);
      if( rc==SQLITE_OK && get4byte(aRow+sz-4)==iMoved ){
        i64 iRowid = sqlite3BtreeIntegerKey(&cur);
        sqlite3BtreeCloseCursor(&cur);
        put4byte(aRow+sz-4, iTo);
        return kvCatalogWrite(pKV, iRowid, aRow, (int)sz);
      }
    }
    if( rc==SQLITE_OK ) rc = sqlite3BtreeNext(&cur, 0);
  }
  sqlite3BtreeCloseCursor(&cur);
  if( rc==SQLITE_DONE ) rc = SQLITE_OK;
  return rc;
}

/* Drops zName's b-tree and tombstones its row. Needs a write transaction. */
int kvCatalogDrop(KVStore *pKV, const char *zName, int nName){
  static const u8 aTomb[4] = {0,0,0,0};
  i64 iRowid;
  Pgno iRoot = 0;
  int iMoved = 0;
  int rc = kvCatalogProbe(pKV, zName, nName, &iRowid, &iRoot, 0);
  if( rc ) return rc;
  kvWriteCursorClose(pKV);                /* dropping a root moves another one */
  rc = kvCatalogWrite(pKV, iRowid, aTomb, 4);
  if( rc==SQLITE_OK ) rc = sqlite3BtreeDropTable(pKV->pBt, (int)iRoot, &iMoved);
  if( rc==SQLITE_OK && iMoved ) rc = kvCatalogRelocate(pKV, (Pgno)iMoved, iRoot);
  if( rc==SQLITE_OK ) rc = kvAdjustFamilyCount(pKV, -1);
  pKV->epoch++;
  if( rc ) return kvSqliteError(pKV, rc, "cannot drop column family");
  return KVSTORE_OK;
}

/* Builds "<prefix><name>" for a hidden TTL family. */
static int kvTtlName(char *zOut, const char *zPrefix, const KVColumnFamily *pCF){
  memcpy(zOut, zPrefix, KV_TTL_PREFIX_LEN);
  memcpy(zOut+KV_TTL_PREFIX_LEN, pCF->zName, pCF->nName);
  zOut[KV_TTL_PREFIX_LEN+pCF->nName] = 0;
  return KV_TTL_PREFIX_LEN+pCF->nName;
}

/* Makes pCF's cached roots current. Needs a transaction. */
int kvResolve(KVColumnFamily *pCF){
  KVStore *pKV = pCF->pKV;
  char zTtl[KV_TTL_PREFIX_LEN+KVSTORE_MAX_CF_NAME+1];
  Pgno iK = 0, iE = 0;
  u32 ver = 0;
  int rc, n;
  sqlite3BtreeGetMeta(pKV->pBt, BTREE_DATA_VERSION, &ver);
  if( pCF->resolved && pCF->ver==ver && pCF->verEpoch==pKV->epoch ) return KVSTORE_OK;
  if( pCF->isDefault ){
    u32 iRoot = 0;
    sqlite3BtreeGetMeta(pKV->pBt, 1, &iRoot);
    if( iRoot==0 ) return kvError(pKV, KVSTORE_CORRUPT, "database corrupt: no default column family root");
    pCF->iRoot = iRoot;
  }else{
    rc = kvCatalogFind(pKV, pCF->zName, pCF->nName, &pCF->iRoot);
    if( rc==KVSTORE_NOTFOUND ){
      return kvError(pKV, KVSTORE_NOTFOUND, "column family \"%s\" no longer exists (it was dropped)", pCF->zName);
    }
    if( rc ) return rc;
  }
  /* TTL families count only when both exist (spec §1.6). */
  if( pCF->nName<=KVSTORE_MAX_CF_NAME ){
    n = kvTtlName(zTtl, KV_TTL_KEY_PREFIX, pCF);
    rc = kvCatalogFind(pKV, zTtl, n, &iK);
    if( rc==KVSTORE_OK ){
      n = kvTtlName(zTtl, KV_TTL_EXP_PREFIX, pCF);
      rc = kvCatalogFind(pKV, zTtl, n, &iE);
    }
    if( rc!=KVSTORE_OK && rc!=KVSTORE_NOTFOUND ) return rc;
    if( rc!=KVSTORE_OK ) iK = iE = 0;
  }
  pCF->iTtlKey = iK;
  pCF->iTtlExp = iE;
  pCF->ver = ver;
  pCF->verEpoch = pKV->epoch;
  pCF->resolved = 1;
  return KVSTORE_OK;
}

static int kvIsReserved(const char *z, int n){
  return (n>=2 && z[0]=='_' && z[1]=='_') || (n>=6 && memcmp(z, "_snkv_", 6)==0);
}

int kvCheckCfName(KVStore *pKV, const char *zName, int nName, int forCreate){
  if( zName==0 ) return kvError(pKV, KVSTORE_ERROR, "invalid column family name: NULL");
  if( forCreate && (nName<1 || nName>KVSTORE_MAX_CF_NAME) ){
    return kvError(pKV, KVSTORE_ERROR, "invalid column family name: length %d (must be 1..%d bytes)",
                   nName, KVSTORE_MAX_CF_NAME);
  }
  if( nName>KVSTORE_MAX_CF_NAME ){
    return kvError(pKV, KVSTORE_NOTFOUND, "column family not found: name longer than %d bytes", KVSTORE_MAX_CF_NAME);
  }
  if( memchr(zName, 0, nName) ){
    return kvError(pKV, KVSTORE_ERROR, "invalid column family name: contains a NUL byte");
  }
  if( kvIsReserved(zName, nName) ){
    return kvError(pKV, KVSTORE_ERROR, "column family names starting with \"__\" or \"_snkv_\" are reserved");
  }
  return KVSTORE_OK;
}

KVColumnFamily *kvFamilyNew(KVStore *pKV, const char *zName, int nName, int isDefault){
  KVColumnFamily *pCF = (KVColumnFamily*)sqlite3_malloc64(sizeof(KVColumnFamily));
  if( pCF==0 ) return 0;
  memset(pCF, 0, sizeof(*pCF));
  pCF->zName = (char*)sqlite3_malloc64((u64)nName+1);
  if( pCF->zName==0 ){ sqlite3_free(pCF); return 0; }
  memcpy(pCF->zName, zName, nName);
  pCF->zName[nName] = 0;
  pCF->nName = nName;
  pCF->pKV = pKV;
  pCF->isDefault = isDefault;
  pCF->nRef = 1;
  if( !isDefault ){
    pCF->pNext = pKV->pFamilies;
    pKV->pFamilies = pCF;
  }
  return pCF;
}

void kvFamilyRelease(KVColumnFamily *pCF){
  KVStore *pKV = pCF->pKV;
  KVColumnFamily **pp;
  if( pCF->isDefault ){
    if( pCF->nRef>1 ) pCF->nRef--;                /* the store keeps the last reference */
    return;
  }
  if( --pCF->nRef>0 ) return;
  for(pp=&pKV->pFamilies; *pp; pp=&(*pp)->pNext){
    if( *pp==pCF ){ *pp = pCF->pNext; break; }
  }
  sqlite3_free(pCF->zName);
  sqlite3_free(pCF);
}

static int kvIsDefaultName(const char *zName, int nName){
  return nName==0 || (nName==7 && memcmp(zName, "default", 7)==0);
}

/* mode: 0 open, 1 create, 2 open or create. */
int kvFamilyOpen(KVStore *pKV, const char *zName, int nName, int mode, KVColumnFamily **ppCF){
  Pgno iRoot = 0;
  int rc, isAuto = 0;
  *ppCF = 0;
  if( zName && kvIsDefaultName(zName, nName) ){
    pKV->pDefault->nRef++;
    *ppCF = pKV->pDefault;
    return KVSTORE_OK;
  }
  rc = kvCheckCfName(pKV, zName, nName, mode!=0);
  if( rc ) return rc;
  rc = kvTxnBegin(pKV, mode!=0 && !pKV->readOnly, &isAuto);
  if( rc ) return rc;
  rc = kvCatalogFind(pKV, zName, nName, &iRoot);
  if( rc==KVSTORE_OK && mode==1 ){
    rc = kvError(pKV, KVSTORE_ERROR, "column family already exists: %.*s", nName, zName);
  }else if( rc==KVSTORE_NOTFOUND && mode==0 ){
    rc = kvError(pKV, KVSTORE_NOTFOUND, "column family not found: %.*s", nName, zName);
  }else if( rc==KVSTORE_NOTFOUND ){
    char zCopy[KVSTORE_MAX_CF_NAME+1];
    memcpy(zCopy, zName, nName);
    zCopy[nName] = 0;
    rc = pKV->readOnly ? kvError(pKV, KVSTORE_READONLY, "attempt to write a read-only store")
                       : kvCatalogCreate(pKV, zCopy, nName, &iRoot);
  }
  rc = kvTxnEnd(pKV, isAuto, rc);
  if( rc ) return rc;
  *ppCF = kvFamilyNew(pKV, zName, nName, 0);
  if( *ppCF==0 ) return kvError(pKV, KVSTORE_NOMEM, "out of memory");
  return KVSTORE_OK;
}

int kvFamilyDrop(KVStore *pKV, const char *zName, int nName){
  char zTtl[KV_TTL_PREFIX_LEN+KVSTORE_MAX_CF_NAME+1];
  KVColumnFamily *pCF, tmp;
  int rc, isAuto = 0, i;
  if( zName && kvIsDefaultName(zName, nName) ){
    return kvError(pKV, KVSTORE_ERROR, "cannot drop the default column family");
  }
  rc = kvCheckCfName(pKV, zName, nName, 0);
  if( rc ) return rc;
  for(pCF=pKV->pFamilies; pCF; pCF=pCF->pNext){
    if( pCF->nName==nName && memcmp(pCF->zName, zName, nName)==0 ){
      return kvError(pKV, KVSTORE_BUSY, "cannot drop \"%.*s\": a handle to it is still open", nName, zName);
    }
  }
  rc = kvTxnBegin(pKV, 1, &isAuto);
  if( rc ) return rc;
  rc = kvCatalogDrop(pKV, zName, nName);
  if( rc==KVSTORE_NOTFOUND ){
    rc = kvError(pKV, KVSTORE_NOTFOUND, "column family not found: %.*s", nName, zName);
  }
  /* Then its TTL families, looked up afresh: the first drop may have moved them. */
  memset(&tmp, 0, sizeof(tmp));
  tmp.zName = (char*)zName;
  tmp.nName = nName;
  for(i=0; rc==KVSTORE_OK && i<2; i++){
    int n = kvTtlName(zTtl, i ? KV_TTL_EXP_PREFIX : KV_TTL_KEY_PREFIX, &tmp);
    rc = kvCatalogDrop(pKV, zTtl, n);
    if( rc==KVSTORE_NOTFOUND ) rc = KVSTORE_OK;
  }
  pKV->writeSeq++;
  return kvTxnEnd(pKV, isAuto, rc);
}

static int kvCatalogList(KVStore *pKV, char ***pazNames, int *pnCount){
  BtCursor cur;
  char **az = 0;
  int n = 0, nAlloc = 0, rc, res = 0;
  sqlite3BtreeCursorZero(&cur);
  rc = sqlite3BtreeCursor(pKV->pBt, kvCatalogRoot(pKV), 0, 0, &cur);
  if( rc==SQLITE_OK ) rc = sqlite3BtreeFirst(&cur, &res);
  while( rc==SQLITE_OK && res==0 && !sqlite3BtreeEof(&cur) ){
    u32 sz = sqlite3BtreePayloadSize(&cur);
    u8 aRow[8+KVSTORE_MAX_CF_NAME+KV_TTL_PREFIX_LEN+8];
    if( sz>8 && sz<=sizeof(aRow) ){
      rc = sqlite3BtreePayload(&cur, 0, sz, aRow);
      if( rc ) break;
      if( get4byte(aRow)==sz-8 && !kvIsReserved((char*)aRow+4, (int)sz-8) ){
        char *z;
        if( n==nAlloc ){
          char **azNew;
          nAlloc = nAlloc ? nAlloc*2 : 8;
          azNew = (char**)sqlite3_realloc64(az, sizeof(char*)*(u64)nAlloc);
          if( azNew==0 ){ rc = SQLITE_NOMEM; break; }
          az = azNew;
        }
        z = (char*)sqlite3_malloc64(sz-8+1);
        if( z==0 ){ rc = SQLITE_NOMEM; break; }
        memcpy(z, aRow+4, sz-8);
        z[sz-8] = 0;
        az[n++] = z;
      }
    }
    rc = sqlite3BtreeNext(&cur, 0);
  }
  sqlite3BtreeCloseCursor(&cur);
  if( rc==SQLITE_DONE ) rc = SQLITE_OK;
  if( rc ){
    while( n>0 ) sqlite3_free(az[--n]);
    sqlite3_free(az);
    return kvSqliteError(pKV, rc, "cannot list column families");
  }
  *pazNames = az;
  *pnCount = n;
  return KVSTORE_OK;
}

int kvFamilyList(KVStore *pKV, char ***pazNames, int *pnCount){
  int rc, isAuto = 0;
  *pazNames = 0;
  *pnCount = 0;
  rc = kvTxnBegin(pKV, 0, &isAuto);
  if( rc ) return rc;
  rc = kvCatalogList(pKV, pazNames, pnCount);
  return kvTxnEnd(pKV, isAuto, rc);
}
