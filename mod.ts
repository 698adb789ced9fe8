/**
 * SNKV: an embedded, ACID key-value store on SQLite's B-tree, pager and WAL, for Deno and
 * Bun.
 *
 * ```ts
 * import { KVStore } from "@snkv/snkv";
 *
 * using db = new KVStore("app.db");
 * db.put("user:1", "alice");
 * console.log(db.getString("user:1")); // "alice"
 * ```
 * @module
 */
export { KVStore } from "./src/api/store.ts";
export { ColumnFamily } from "./src/api/column_family.ts";
export { KVIterator } from "./src/api/iterator.ts";
export type { KVSurface } from "./src/api/surface.ts";
export {
  BusyError,
  CorruptError,
  LockedError,
  NotFoundError,
  ReadOnlyError,
  SnkvError,
} from "./src/api/errors.ts";
export type {
  BeginOptions,
  CheckpointMode,
  CheckpointResult,
  IteratorOptions,
  Key,
  KVStats,
  KVStoreOptions,
  PutOptions,
  Value,
} from "./src/api/types.ts";
export { MAX_KEY, MAX_VALUE } from "./src/api/codec.ts";
