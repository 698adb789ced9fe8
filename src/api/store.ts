/**
 * KVStore: opening a store, its default column family's data (from KVSurface), column
 * families, transactions and maintenance.
 * @module
 */
import {
  ensureLoaded,
  kvstore_begin,
  kvstore_commit,
  kvstore_incremental_vacuum,
  kvstore_rollback,
  kvstore_stats_reset,
  kvstore_sync,
  snkv_cf_drop,
  snkv_cf_list,
  snkv_cf_open,
  snkv_checkpoint,
  snkv_in_transaction,
  snkv_integrity_check,
  snkv_open,
  snkv_set_mmap_size,
  snkv_stats,
} from "../ffi/native.ts";
import { LibraryLoadError } from "../ffi/loader.ts";
import type { NativePtr } from "../ffi/symbols.ts";
import { cString, decodeUtf8, EMPTY, familyNameBytes, readU32 } from "./codec.ts";
import { ColumnFamily } from "./column_family.ts";
import { CorruptError, errorFromStatus, SnkvError } from "./errors.ts";
import { check, closeHandle, failure, newChildHandle, newStoreHandle, type StoreHandle } from "./handles.ts";
import { KVSurface } from "./surface.ts";
import type { BeginOptions, CheckpointMode, CheckpointResult, KVStats, KVStoreOptions } from "./types.ts";

const OPTION_NAMES = new Set([
  "journalMode",
  "syncLevel",
  "cacheSize",
  "pageSize",
  "busyTimeout",
  "readOnly",
  "walSizeLimit",
  "mmapSize",
  "libraryPath",
]);
const JOURNAL_MODES: Record<string, number> = { delete: 0, wal: 1 };
const SYNC_LEVELS: Record<string, number> = { off: 0, normal: 1, full: 2 };
const CHECKPOINT_MODES: Record<string, number> = { passive: 0, full: 1, restart: 2, truncate: 3 };
const CF_MODE_OPEN = 0;
const CF_MODE_CREATE = 1;
const INT_MAX = 0x7fffffff;

const i32 = new Int32Array(2);
const i32Bytes = new Uint8Array(i32.buffer);
const stats12 = new Float64Array(12);
const stats12Bytes = new Uint8Array(stats12.buffer);
let listBuf = new Uint8Array(4096);

function intOption(name: string, v: unknown, min: number, max = INT_MAX): number {
  if (typeof v !== "number") throw new TypeError(`option ${name} must be a number, got ${typeof v}`);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`option ${name} must be an integer from ${min} to ${max}, got ${v}`);
  }
  return v;
}

function enumOption(name: string, v: unknown, values: Record<string, number>): number {
  if (typeof v !== "string" || !Object.hasOwn(values, v)) {
    throw new (typeof v === "string" ? RangeError : TypeError)(
      `option ${name} must be one of ${Object.keys(values).map((k) => `"${k}"`).join(", ")}, got ${
        String(v)
      }`,
    );
  }
  return values[v];
}

/**
 * The KVStoreConfig struct (9 ints: journalMode, syncLevel, cacheSize, pageSize, readOnly,
 * busyTimeout, walSizeLimit, allowEncrypted, fullMutex) with every unset option at its
 * documented default (deviation D1), as bytes for C.
 */
function configOf(o: KVStoreOptions | undefined): Uint8Array {
  const cfg = new Int32Array([1, 1, 2000, 4096, 0, 0, 0, 0, 0]);
  if (o === undefined) return new Uint8Array(cfg.buffer);
  if (o === null || typeof o !== "object") throw new TypeError("options must be an object");
  for (const k of Object.keys(o)) {
    if (!OPTION_NAMES.has(k)) {
      throw new TypeError(`unknown option "${k}" (known: ${[...OPTION_NAMES].join(", ")})`);
    }
  }
  if (o.journalMode !== undefined) cfg[0] = enumOption("journalMode", o.journalMode, JOURNAL_MODES);
  if (o.syncLevel !== undefined) cfg[1] = enumOption("syncLevel", o.syncLevel, SYNC_LEVELS);
  if (o.cacheSize !== undefined) cfg[2] = intOption("cacheSize", o.cacheSize, 1);
  if (o.pageSize !== undefined) {
    const p = intOption("pageSize", o.pageSize, 512, 65536);
    if ((p & (p - 1)) !== 0) throw new RangeError(`option pageSize must be a power of two, got ${p}`);
    cfg[3] = p;
  }
  if (o.readOnly !== undefined) {
    if (typeof o.readOnly !== "boolean") throw new TypeError("option readOnly must be a boolean");
    cfg[4] = o.readOnly ? 1 : 0;
  }
  if (o.busyTimeout !== undefined) cfg[5] = intOption("busyTimeout", o.busyTimeout, 0);
  if (o.walSizeLimit !== undefined) cfg[6] = intOption("walSizeLimit", o.walSizeLimit, 0);
  if (o.libraryPath !== undefined && typeof o.libraryPath !== "string") {
    throw new TypeError("option libraryPath must be a string");
  }
  return new Uint8Array(cfg.buffer);
}

/** The mmapSize option: undefined (leave SQLite's default, off) or a whole number of bytes. */
function mmapOption(o: KVStoreOptions | undefined): number | undefined {
  const v = o?.mmapSize;
  if (v === undefined) return undefined;
  if (typeof v !== "number") throw new TypeError(`option mmapSize must be a number, got ${typeof v}`);
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`option mmapSize must be an integer number of bytes >= 0, got ${v}`);
  }
  return v;
}

function loadNative(libraryPath: string | undefined): void {
  try {
    ensureLoaded(libraryPath);
  } catch (e) {
    if (e instanceof LibraryLoadError) throw new SnkvError(e.message, "CANTOPEN", 14, { cause: e });
    throw e;
  }
}

function openStore(owner: object, path: string, config: Uint8Array): StoreHandle {
  const err = new Uint8Array(1024);
  const ptr = snkv_open(cString(path, "path"), config, i32Bytes, err, err.length);
  if (ptr === null) {
    const end = err.indexOf(0);
    const msg = decodeUtf8(err.subarray(0, end < 0 ? err.length : end)) || `cannot open "${path}"`;
    throw errorFromStatus(i32[0] || 1, msg);
  }
  return newStoreHandle(owner, ptr, `store "${path}"`);
}

function openFamily(store: StoreHandle, name: Uint8Array, nName: number, mode: number): NativePtr {
  const ptr = snkv_cf_open(check(store), name, nName, mode, i32Bytes);
  if (ptr === null) throw failure(store, i32[0] || 1);
  return ptr;
}

/**
 * An SNKV store: an ACID key-value store in one file (or in memory). The data methods
 * (put, get, iterators, …) act on the default column family.
 *
 * ```ts
 * using db = new KVStore("app.db");
 * db.put("user:1", "alice");
 * db.getString("user:1"); // "alice"
 * ```
 *
 * Outside an explicit transaction every call is its own short transaction and sees every
 * commit that finished before it. Close the store when done (or use `using`): closing
 * closes its column families and iterators, and rolls back an open transaction.
 */
export class KVStore extends KVSurface implements Disposable {
  /** The path the store was opened with (":memory:" for an in-memory store). */
  readonly path: string;
  readonly #h: StoreHandle;

  /**
   * Opens or creates the store at `path`; no path or ":memory:" gives a private in-memory
   * store. Throws a typed {@link SnkvError} if the file cannot be opened.
   */
  constructor(path?: string, options?: KVStoreOptions) {
    if (path !== undefined && typeof path !== "string") {
      throw new TypeError(`path must be a string, got ${path === null ? "null" : typeof path}`);
    }
    const p = path ?? ":memory:";
    const config = configOf(options);
    const mmapSize = mmapOption(options);
    loadNative(options?.libraryPath);
    let store!: StoreHandle;
    super((self) => {
      store = openStore(self, p, config);
      try {
        if (mmapSize !== undefined) {
          const rc = snkv_set_mmap_size(check(store), mmapSize);
          if (rc !== 0) throw failure(store, Math.abs(rc));
        }
        return newChildHandle(self, "family", openFamily(store, EMPTY, 0, CF_MODE_OPEN), store, store.label);
      } catch (e) {
        closeHandle(store);
        throw e;
      }
    });
    this.#h = store;
    this.path = p;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#h.closed;
  }

  /** True inside an explicit transaction (begin() without commit() or rollback()). */
  get inTransaction(): boolean {
    return snkv_in_transaction(check(this.#h)) === 1;
  }

  /** Creates a column family. @throws {SnkvError} if it already exists. */
  createColumnFamily(name: string): ColumnFamily {
    const b = familyNameBytes(name);
    this.#h.writes++;
    return new ColumnFamily(this.#h, openFamily(this.#h, b, b.length, CF_MODE_CREATE), name, this);
  }

  /** Opens an existing column family. @throws {NotFoundError} if it does not exist. */
  openColumnFamily(name: string): ColumnFamily {
    const b = familyNameBytes(name);
    return new ColumnFamily(this.#h, openFamily(this.#h, b, b.length, CF_MODE_OPEN), name, this);
  }

  /** A handle to the default column family (the one the store's own data methods use). */
  defaultColumnFamily(): ColumnFamily {
    return new ColumnFamily(this.#h, openFamily(this.#h, EMPTY, 0, CF_MODE_OPEN), "default", this);
  }

  /** Names of the column families, without "default" and the hidden ones; unordered. */
  listColumnFamilies(): string[] {
    const ptr = check(this.#h);
    let n = snkv_cf_list(ptr, listBuf, listBuf.length, i32Bytes);
    while (n >= 0 && i32[0] > listBuf.length) {
      listBuf = new Uint8Array(i32[0]);
      n = snkv_cf_list(ptr, listBuf, listBuf.length, i32Bytes);
    }
    if (n < 0) throw failure(this.#h, -n);
    const names: string[] = [];
    let o = 0;
    for (let i = 0; i < n; i++) {
      const len = readU32(listBuf, o);
      names.push(decodeUtf8(listBuf.subarray(o + 4, o + 4 + len)));
      o += 4 + len;
    }
    return names;
  }

  /**
   * Deletes a column family and its data. Close every handle to it first: an open
   * ColumnFamily of this store makes the drop fail with BusyError.
   * @throws {NotFoundError} if it does not exist.
   */
  dropColumnFamily(name: string): void {
    const b = familyNameBytes(name);
    const ptr = check(this.#h);
    this.#h.writes++;
    const rc = snkv_cf_drop(ptr, b, b.length);
    if (rc < 0) throw failure(this.#h, -rc);
  }

  /**
   * Starts an explicit transaction: `write: true` for a write transaction, otherwise a read
   * snapshot that the first write upgrades. Throws inside another transaction.
   */
  begin(opts?: BeginOptions): void {
    if (opts !== undefined && (opts === null || typeof opts !== "object")) {
      throw new TypeError("begin options must be an object");
    }
    const rc = kvstore_begin(check(this.#h), opts?.write ? 1 : 0);
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
  }

  /** Commits the explicit transaction. Throws outside one. */
  commit(): void {
    const rc = kvstore_commit(check(this.#h));
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
  }

  /** Rolls back the explicit transaction. Throws outside one. */
  rollback(): void {
    const ptr = check(this.#h);
    this.#h.writes++; // the data iterators saw may revert
    const rc = kvstore_rollback(ptr);
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
  }

  /**
   * Runs `fn` in a write transaction: commits when it returns, rolls back and rethrows
   * when it throws. `fn` must be synchronous (a returned promise is rolled back and
   * rejected with a TypeError, since the transaction cannot span an await).
   */
  transaction<T>(fn: () => T): T {
    if (typeof fn !== "function") throw new TypeError("transaction(fn): fn must be a function");
    this.begin({ write: true });
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.#abandon();
      throw e;
    }
    if (result !== null && typeof (result as { then?: unknown })?.then === "function") {
      this.#abandon();
      (result as unknown as Promise<unknown>).then(undefined, () => {});
      throw new TypeError(
        "transaction(fn): fn returned a promise; transactions are synchronous and cannot span an await (rolled back)",
      );
    }
    try {
      this.commit();
    } catch (e) {
      this.#abandon();
      throw e;
    }
    return result;
  }

  #abandon(): void {
    if (this.#h.closed) return;
    try {
      if (this.inTransaction) this.rollback();
    } catch {
      // the original error is the one worth reporting
    }
  }

  /**
   * Checkpoints the WAL into the database file (default "passive"). Throws inside a write
   * transaction.
   */
  checkpoint(mode: CheckpointMode = "passive"): CheckpointResult {
    if (typeof mode !== "string" || !Object.hasOwn(CHECKPOINT_MODES, mode)) {
      throw new (typeof mode === "string" ? RangeError : TypeError)(
        `checkpoint mode must be "passive", "full", "restart" or "truncate", got ${String(mode)}`,
      );
    }
    const rc = snkv_checkpoint(check(this.#h), CHECKPOINT_MODES[mode], i32Bytes);
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
    return { walFrames: i32[0], checkpointedFrames: i32[1] };
  }

  /** Flushes the database and WAL files to stable storage; never commits a transaction. */
  sync(): void {
    const rc = kvstore_sync(check(this.#h));
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
  }

  /** Incremental vacuum: frees up to `pages` unused pages (no argument or 0: all of them). */
  vacuum(pages = 0): void {
    if (typeof pages !== "number") throw new TypeError("vacuum(pages): pages must be a number");
    if (!Number.isInteger(pages) || pages < 0 || pages > INT_MAX) {
      throw new RangeError(`vacuum(pages): pages must be an integer >= 0, got ${pages}`);
    }
    const rc = kvstore_incremental_vacuum(check(this.#h), pages);
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
  }

  /** Checks the whole file. @throws {CorruptError} with the checker's report. */
  integrityCheck(): void {
    const ptr = check(this.#h);
    const buf = new Uint8Array(64 * 1024);
    const rc = snkv_integrity_check(ptr, buf, buf.length);
    if (rc === 0) return;
    if (Math.abs(rc) === 11) {
      const end = buf.indexOf(0);
      const report = decodeUtf8(buf.subarray(0, end < 0 ? buf.length : end));
      throw new CorruptError(report || "integrity check failed");
    }
    throw failure(this.#h, Math.abs(rc));
  }

  /** Counters of this handle since it was opened or {@link resetStats} was called. */
  stats(): KVStats {
    const rc = snkv_stats(check(this.#h), stats12Bytes);
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
    const s = stats12;
    return {
      puts: s[0],
      gets: s[1],
      deletes: s[2],
      iterations: s[3],
      errors: s[4],
      bytesRead: s[5],
      bytesWritten: s[6],
      walCommits: s[7],
      checkpoints: s[8],
      ttlExpired: s[9],
      ttlPurged: s[10],
      dbPages: s[11],
    };
  }

  /** Sets every counter of {@link stats} back to zero. */
  resetStats(): void {
    const rc = kvstore_stats_reset(check(this.#h));
    if (rc !== 0) throw failure(this.#h, Math.abs(rc));
  }

  /**
   * Closes the store, its column families and iterators; an open transaction is rolled
   * back. Idempotent. Any later call on them throws SnkvError code "CLOSED".
   */
  close(): void {
    closeHandle(this.#h);
  }

  /** Same as {@link close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
