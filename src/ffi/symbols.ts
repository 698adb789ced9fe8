/**
 * The native functions SNKV's TypeScript layer calls, described once for both runtimes.
 *
 * Parameter and result kinds are runtime-neutral; `deno.ts` and `bun.ts` translate them:
 * - `"ptr"`: an opaque native handle (KVStore*, KVColumnFamily*, KVIterator*);
 * - `"buf"`: bytes C reads or writes, always passed as a `Uint8Array` (out-parameters such
 *   as `int*` or `double*` too: a byte view over an Int32Array/Float64Array keeps Deno on
 *   its fast-call path, which only takes Uint8Array buffers);
 * - `"i32"`, `"f64"`: numbers (64-bit quantities travel as doubles);
 * - `"void"`: no result.
 *
 * The C prototypes are those of `c/snkv/include/snkv.h`.
 *
 * @module
 */

/** A parameter or result kind of {@link symbols}. */
export type NativeType = "ptr" | "buf" | "i32" | "f64" | "void";

/** One native function: its parameter kinds and result kind. */
export interface NativeSignature {
  readonly params: readonly NativeType[];
  readonly result: NativeType;
}

/** Every native function SNKV uses. */
export const symbols = {
  // int snkv_abi_version(void);
  snkv_abi_version: { params: [], result: "i32" },
  // KVStore *snkv_open(const char *zPath, const KVStoreConfig *pConfig, int *pRc, char *zErr, int nErr);
  snkv_open: { params: ["buf", "buf", "buf", "buf", "i32"], result: "ptr" },
  // int snkv_errmsg(KVStore *pKV, char *zBuf, int nBuf);
  snkv_errmsg: { params: ["ptr", "buf", "i32"], result: "i32" },
  // int snkv_in_transaction(KVStore *pKV);
  snkv_in_transaction: { params: ["ptr"], result: "i32" },

  // KVColumnFamily *snkv_cf_open(KVStore *pKV, const void *pName, int nName, int mode, int *pRc);
  snkv_cf_open: { params: ["ptr", "buf", "i32", "i32", "buf"], result: "ptr" },
  // int snkv_cf_drop(KVStore *pKV, const void *pName, int nName);
  snkv_cf_drop: { params: ["ptr", "buf", "i32"], result: "i32" },
  // int snkv_cf_list(KVStore *pKV, uint8_t *pBuf, int nBuf, int *pNeeded);
  snkv_cf_list: { params: ["ptr", "buf", "i32", "buf"], result: "i32" },
  // void kvstore_cf_close(KVColumnFamily *pCF);
  kvstore_cf_close: { params: ["ptr"], result: "void" },

  // int snkv_put(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pVal, int nVal, double expireMs);
  snkv_put: { params: ["ptr", "buf", "i32", "buf", "i32", "f64"], result: "i32" },
  // int snkv_get(KVColumnFamily *pCF, const void *pKey, int nKey, void *pBuf, int nBuf);
  snkv_get: { params: ["ptr", "buf", "i32", "buf", "i32"], result: "i32" },
  // int snkv_exists(KVColumnFamily *pCF, const void *pKey, int nKey);
  snkv_exists: { params: ["ptr", "buf", "i32"], result: "i32" },
  // int snkv_delete(KVColumnFamily *pCF, const void *pKey, int nKey);
  snkv_delete: { params: ["ptr", "buf", "i32"], result: "i32" },
  // int snkv_put_if_absent(KVColumnFamily *pCF, const void *pKey, int nKey, const void *pVal, int nVal, double expireMs);
  snkv_put_if_absent: { params: ["ptr", "buf", "i32", "buf", "i32", "f64"], result: "i32" },
  // int snkv_ttl(KVColumnFamily *pCF, const void *pKey, int nKey, double *pRemainingMs);
  snkv_ttl: { params: ["ptr", "buf", "i32", "buf"], result: "i32" },
  // int snkv_purge_expired(KVColumnFamily *pCF);
  snkv_purge_expired: { params: ["ptr"], result: "i32" },
  // int snkv_count(KVColumnFamily *pCF, double *pnCount);
  snkv_count: { params: ["ptr", "buf"], result: "i32" },
  // int snkv_clear(KVColumnFamily *pCF);
  snkv_clear: { params: ["ptr"], result: "i32" },

  // int snkv_put_many(KVColumnFamily *pCF, const uint8_t *pEntries, int nBytes, int nEntries, double expireMs);
  snkv_put_many: { params: ["ptr", "buf", "i32", "i32", "f64"], result: "i32" },
  // int snkv_get_many(KVColumnFamily *pCF, const uint8_t *pKeys, int nBytes, int nKeys, uint8_t *pOut, int nOut, int *pNeeded);
  snkv_get_many: { params: ["ptr", "buf", "i32", "i32", "buf", "i32", "buf"], result: "i32" },
  // int snkv_delete_many(KVColumnFamily *pCF, const uint8_t *pKeys, int nBytes, int nKeys);
  snkv_delete_many: { params: ["ptr", "buf", "i32", "i32"], result: "i32" },

  // KVIterator *snkv_iter_open(KVColumnFamily *pCF, const void *pPrefix, int nPrefix, int reverse, int *pRc);
  snkv_iter_open: { params: ["ptr", "buf", "i32", "i32", "buf"], result: "ptr" },
  // int snkv_iter_seek(KVIterator *pIter, int mode, const void *pKey, int nKey);
  snkv_iter_seek: { params: ["ptr", "i32", "buf", "i32"], result: "i32" },
  // int snkv_iter_fill(KVIterator *pIter, uint8_t *pOut, int nOut, int maxEntries, int *pNeeded);
  snkv_iter_fill: { params: ["ptr", "buf", "i32", "i32", "buf"], result: "i32" },
  // void snkv_iter_close(KVIterator *pIter);
  snkv_iter_close: { params: ["ptr"], result: "void" },

  // int kvstore_begin(KVStore *pKV, int wrflag);
  kvstore_begin: { params: ["ptr", "i32"], result: "i32" },
  // int kvstore_commit(KVStore *pKV);
  kvstore_commit: { params: ["ptr"], result: "i32" },
  // int kvstore_rollback(KVStore *pKV);
  kvstore_rollback: { params: ["ptr"], result: "i32" },
  // int kvstore_close(KVStore *pKV);
  kvstore_close: { params: ["ptr"], result: "i32" },

  // int snkv_set_mmap_size(KVStore *pKV, double nBytes);
  snkv_set_mmap_size: { params: ["ptr", "f64"], result: "i32" },
  // int snkv_stats(KVStore *pKV, double *aOut12);
  snkv_stats: { params: ["ptr", "buf"], result: "i32" },
  // int kvstore_stats_reset(KVStore *pKV);
  kvstore_stats_reset: { params: ["ptr"], result: "i32" },
  // int snkv_checkpoint(KVStore *pKV, int mode, int *aOut2);
  snkv_checkpoint: { params: ["ptr", "i32", "buf"], result: "i32" },
  // int kvstore_sync(KVStore *pKV);
  kvstore_sync: { params: ["ptr"], result: "i32" },
  // int kvstore_incremental_vacuum(KVStore *pKV, int nPage);
  kvstore_incremental_vacuum: { params: ["ptr", "i32"], result: "i32" },
  // int snkv_integrity_check(KVStore *pKV, char *zBuf, int nBuf);
  snkv_integrity_check: { params: ["ptr", "buf", "i32"], result: "i32" },
} as const satisfies Record<string, NativeSignature>;

declare const nativePtrBrand: unique symbol;
/**
 * An opaque native handle. Deno represents it as a pointer object, Bun as a number; the API
 * layer only stores it and passes it back.
 */
export type NativePtr = { readonly [nativePtrBrand]: true };

type ParamOf<T> = T extends "ptr" ? NativePtr
  : T extends "buf" ? Uint8Array
  : T extends "i32" | "f64" ? number
  : never;
type ResultOf<T> = T extends "ptr" ? NativePtr | null
  : T extends "void" ? void
  : number;
type ParamsOf<P extends readonly unknown[]> = { -readonly [I in keyof P]: ParamOf<P[I]> };

/** The JavaScript shape of one bound native function. */
export type NativeFunction<S extends NativeSignature> = (
  ...args: ParamsOf<S["params"]>
) => ResultOf<S["result"]>;

/** Every native function of {@link symbols}, bound. */
export type NativeFunctions = {
  [K in keyof typeof symbols]: NativeFunction<(typeof symbols)[K]>;
};
