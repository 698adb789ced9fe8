/*
** compare.c — ordering of entries in SNKV's blob-key b-trees (spec §1.4).
**
** An entry's payload is `u32 BE klen | key | value`. Entries are ordered by the key bytes
** only: memcmp over the shorter length, then the shorter key first. The value never takes
** part. SQLite's patched sqlite3VdbeFindCompare()/sqlite3VdbeRecordCompare() send every
** cursor opened with kvRawKeyInfo (nAllField == 0, impossible for an SQL index) here.
**
** The search key travels in an UnpackedRecord: u.z/n hold the key bytes, default_rc is
** the answer for "equal" (0 exact, -1 to land after equal keys, +1 to land before them),
** and nField == 2 selects prefix mode, where a key that starts with the search bytes
** compares as equal.
*/

static KeyInfo kvRawKeyInfo = { 1, SQLITE_UTF8, 0, 0, 0, 0 };

void kvKeyInit(UnpackedRecord *r, const void *pKey, int nKey, int defaultRc, int prefixMode){
  memset(r, 0, sizeof(*r));
  r->pKeyInfo = &kvRawKeyInfo;
  r->u.z = (char*)pKey;
  r->n = nKey;
  r->nField = prefixMode ? 2 : 1;
  r->default_rc = (i8)defaultRc;
}

static int snkvRawKeyCompare(int nCell, const void *pCell, UnpackedRecord *r){
  const u8 *a = (const u8*)pCell;
  const u8 *b = (const u8*)r->u.z;
  u32 nA, nB = (u32)r->n, m;
  int c;
  if( nCell<4 ){ r->errCode = SQLITE_CORRUPT; return 0; }
  nA = get4byte(a);
  if( nA>(u32)nCell-4 ){ r->errCode = SQLITE_CORRUPT; return 0; }
  m = nA<nB ? nA : nB;
  c = m ? memcmp(a+4, b, m) : 0;
  if( c ) return c;
  if( r->nField==2 ){
    /* prefix mode: keys starting with the search bytes are "equal" */
    return nA<nB ? -1 : r->default_rc;
  }
  if( nA!=nB ) return nA<nB ? -1 : 1;
  return r->default_rc;
}

/* Moves pCur near pKey. *pRes: 0 on an equal entry, <0 if the cursor rests on a smaller
** entry, >0 on a larger one (SQLite's convention); an empty tree gives *pRes = -1 with
** the cursor invalid. */
int kvSeek(BtCursor *pCur, const void *pKey, int nKey, int defaultRc, int prefixMode, int *pRes){
  UnpackedRecord r;
  kvKeyInit(&r, pKey, nKey, defaultRc, prefixMode);
  return sqlite3BtreeIndexMoveto(pCur, &r, pRes);
}

/* The key of the entry under pCur, without reading the value when it is local.
** If the key is not entirely on the b-tree page, it is read into a buffer returned in
** *ppTmp, which the caller frees with sqlite3_free. */
int kvCursorKey(BtCursor *pCur, const u8 **ppKey, u32 *pnKey, u32 *pnPayload, u8 **ppTmp){
  u32 nLocal = 0, nPayload, nKey;
  const u8 *p;
  *ppTmp = 0;
  nPayload = sqlite3BtreePayloadSize(pCur);
  p = (const u8*)sqlite3BtreePayloadFetch(pCur, &nLocal);
  if( nPayload<4 || nLocal<4 ) return SQLITE_CORRUPT_BKPT;
  nKey = get4byte(p);
  if( nKey>nPayload-4 ) return SQLITE_CORRUPT_BKPT;
  *pnKey = nKey;
  *pnPayload = nPayload;
  if( 4+nKey<=nLocal ){
    *ppKey = p+4;
    return SQLITE_OK;
  }
  *ppTmp = (u8*)sqlite3_malloc64(nKey ? nKey : 1);
  if( *ppTmp==0 ) return SQLITE_NOMEM;
  *ppKey = *ppTmp;
  return sqlite3BtreePayload(pCur, 4, nKey, *ppTmp);
}
