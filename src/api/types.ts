/**
 * Public types of the SNKV API.
 * @module
 */

/** A key: a non-empty string (stored as UTF-8) or bytes, at most 65,536 bytes. */
export type Key = string | Uint8Array;

/** A value: a string (stored as UTF-8) or bytes, at most 10 MiB; may be empty. */
export type Value = string | Uint8Array;

/** Options of {@link KVStore}'s constructor. Every unset option takes its default. */
export interface KVStoreOptions {
  /** Journal mode: "wal" (default) or "delete" (rollback journal). */
  journalMode?: "wal" | "delete";
  /** Durability: "off", "normal" (default) or "full". */
  syncLevel?: "off" | "normal" | "full";
  /** Page cache size in pages (default 2000). */
  cacheSize?: number;
  /** Page size in bytes for a new store: a power of two from 512 to 65536 (default 4096). */
  pageSize?: number;
  /** Milliseconds to wait for another connection's lock before failing with BusyError (default 0). */
  busyTimeout?: number;
  /** Open read-only: every write throws ReadOnlyError. */
  readOnly?: boolean;
  /** Checkpoint automatically once the WAL holds this many frames; 0 = off (default). */
  walSizeLimit?: number;
  /**
   * Bytes of the database file to memory-map for reads (SQLite's `mmap_size`); 0 or unset =
   * off (reads go through `read()` into the page cache). Mapped pages are read without a
   * system call, which speeds up random reads of a store larger than the page cache; writes
   * still go through the WAL. SQLite caps it at its compile-time maximum (`SQLITE_MAX_MMAP_SIZE`).
   * Use a value at least as large as the file (e.g. `2 ** 30`) on 64-bit systems when the
   * store is read much more than it is written.
   */
  mmapSize?: number;
  /** Path of the native library to load instead of the default search (see the loader). */
  libraryPath?: string;
}

/**
 * Expiry of a write. At most one of the two may be given; neither = permanent (and an
 * earlier expiry of the key is cleared).
 */
export interface PutOptions {
  /** Time to live in milliseconds from now: a positive finite number. */
  ttl?: number;
  /** Absolute expiry time in milliseconds since the Unix epoch: a finite number > 0. */
  expireAt?: number;
}

/** Options of iterators and of `entries()`, `keys()` and `values()`. */
export interface IteratorOptions {
  /** Only keys that start with these bytes (a string is taken as UTF-8). */
  prefix?: Key;
  /** Walk from the largest key down. */
  reverse?: boolean;
}

/** Options of {@link KVStore.begin}. */
export interface BeginOptions {
  /** true: a write transaction; false (default): a read snapshot, upgraded by the first write. */
  write?: boolean;
}

/** Checkpoint modes, as in SQLite's `wal_checkpoint`. */
export type CheckpointMode = "passive" | "full" | "restart" | "truncate";

/** What a checkpoint did. */
export interface CheckpointResult {
  /** Frames in the WAL. */
  walFrames: number;
  /** Frames copied into the database file. */
  checkpointedFrames: number;
}

/** Counters of one store handle since it was opened or {@link KVStore.resetStats}. */
export interface KVStats {
  puts: number;
  gets: number;
  deletes: number;
  iterations: number;
  errors: number;
  bytesRead: number;
  bytesWritten: number;
  walCommits: number;
  checkpoints: number;
  ttlExpired: number;
  ttlPurged: number;
  dbPages: number;
}
