/**
 * The native functions as module-level bindings, assigned once when the library is loaded.
 *
 * Hot code imports these names directly: calling an imported binding is a plain function
 * call, whereas a property look-up on `lib.symbols` in every call defeats Deno's fast
 * calls. The bindings are `let` only because the library is opened lazily (the first
 * store may name its `libraryPath`); they never change after {@link ensureLoaded}.
 * @module
 */
import { loadLibrary } from "./loader.ts";
import type { NativeFunctions } from "./symbols.ts";

type F = NativeFunctions;

export let snkv_abi_version: F["snkv_abi_version"];
export let snkv_open: F["snkv_open"];
export let snkv_errmsg: F["snkv_errmsg"];
export let snkv_in_transaction: F["snkv_in_transaction"];
export let snkv_cf_open: F["snkv_cf_open"];
export let snkv_cf_drop: F["snkv_cf_drop"];
export let snkv_cf_list: F["snkv_cf_list"];
export let kvstore_cf_close: F["kvstore_cf_close"];
export let snkv_put: F["snkv_put"];
export let snkv_get: F["snkv_get"];
export let snkv_exists: F["snkv_exists"];
export let snkv_delete: F["snkv_delete"];
export let snkv_put_if_absent: F["snkv_put_if_absent"];
export let snkv_ttl: F["snkv_ttl"];
export let snkv_purge_expired: F["snkv_purge_expired"];
export let snkv_count: F["snkv_count"];
export let snkv_clear: F["snkv_clear"];
export let snkv_put_many: F["snkv_put_many"];
export let snkv_get_many: F["snkv_get_many"];
export let snkv_delete_many: F["snkv_delete_many"];
export let snkv_iter_open: F["snkv_iter_open"];
export let snkv_iter_seek: F["snkv_iter_seek"];
export let snkv_iter_fill: F["snkv_iter_fill"];
export let snkv_iter_close: F["snkv_iter_close"];
export let kvstore_begin: F["kvstore_begin"];
export let kvstore_commit: F["kvstore_commit"];
export let kvstore_rollback: F["kvstore_rollback"];
export let kvstore_close: F["kvstore_close"];
export let snkv_set_mmap_size: F["snkv_set_mmap_size"];
export let snkv_stats: F["snkv_stats"];
export let kvstore_stats_reset: F["kvstore_stats_reset"];
export let snkv_checkpoint: F["snkv_checkpoint"];
export let kvstore_sync: F["kvstore_sync"];
export let kvstore_incremental_vacuum: F["kvstore_incremental_vacuum"];
export let snkv_integrity_check: F["snkv_integrity_check"];

let boundPath: string | null = null;

/**
 * Loads the library if needed (see loader.ts for the search order) and binds every
 * function. Returns the path it was loaded from.
 */
export function ensureLoaded(libraryPath?: string): string {
  if (boundPath !== null && libraryPath === undefined) return boundPath;
  const { path, functions: f } = loadLibrary(libraryPath);
  if (boundPath === null) {
    snkv_abi_version = f.snkv_abi_version;
    snkv_open = f.snkv_open;
    snkv_errmsg = f.snkv_errmsg;
    snkv_in_transaction = f.snkv_in_transaction;
    snkv_cf_open = f.snkv_cf_open;
    snkv_cf_drop = f.snkv_cf_drop;
    snkv_cf_list = f.snkv_cf_list;
    kvstore_cf_close = f.kvstore_cf_close;
    snkv_put = f.snkv_put;
    snkv_get = f.snkv_get;
    snkv_exists = f.snkv_exists;
    snkv_delete = f.snkv_delete;
    snkv_put_if_absent = f.snkv_put_if_absent;
    snkv_ttl = f.snkv_ttl;
    snkv_purge_expired = f.snkv_purge_expired;
    snkv_count = f.snkv_count;
    snkv_clear = f.snkv_clear;
    snkv_put_many = f.snkv_put_many;
    snkv_get_many = f.snkv_get_many;
    snkv_delete_many = f.snkv_delete_many;
    snkv_iter_open = f.snkv_iter_open;
    snkv_iter_seek = f.snkv_iter_seek;
    snkv_iter_fill = f.snkv_iter_fill;
    snkv_iter_close = f.snkv_iter_close;
    kvstore_begin = f.kvstore_begin;
    kvstore_commit = f.kvstore_commit;
    kvstore_rollback = f.kvstore_rollback;
    kvstore_close = f.kvstore_close;
    snkv_set_mmap_size = f.snkv_set_mmap_size;
    snkv_stats = f.snkv_stats;
    kvstore_stats_reset = f.kvstore_stats_reset;
    snkv_checkpoint = f.snkv_checkpoint;
    kvstore_sync = f.kvstore_sync;
    kvstore_incremental_vacuum = f.kvstore_incremental_vacuum;
    snkv_integrity_check = f.snkv_integrity_check;
    boundPath = path;
  }
  return path;
}
