/**
 * The SQL side shared by bun:sqlite and node:sqlite: the same schema, pragmas and statements
 * as bench/c's SQLite peer (a WITHOUT ROWID table with a BLOB primary key, statements
 * prepared once and reused).
 * @module
 */
import type { SyncStore } from "../workloads.ts";
import type { Settings } from "./types.ts";

export const PRAGMAS = (s: Settings) => [
  "PRAGMA page_size=4096",
  "PRAGMA journal_mode=WAL",
  "PRAGMA synchronous=NORMAL",
  `PRAGMA cache_size=${s.cacheSize}`,
  `PRAGMA mmap_size=${s.mmapSize}`,
  // Reference: no checkpoint until close, like SNKV's walSizeLimit 0; fast: both every N frames.
  `PRAGMA wal_autocheckpoint=${s.walAutoCheckpoint}`,
];
export const SCHEMA = "CREATE TABLE IF NOT EXISTS kv(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID";
export const SQL = {
  put: "INSERT OR REPLACE INTO kv(k, v) VALUES (?1, ?2)",
  get: "SELECT v FROM kv WHERE k = ?1",
  has: "SELECT 1 FROM kv WHERE k = ?1",
  del: "DELETE FROM kv WHERE k = ?1",
  scan: "SELECT k, v FROM kv ORDER BY k",
  range: "SELECT k, v FROM kv WHERE k >= ?1 AND k < ?2 ORDER BY k",
  begin: "BEGIN IMMEDIATE",
  commit: "COMMIT",
};
export const setupText = (lib: string, s: Settings) =>
  `${lib}; ${PRAGMAS(s).join("; ")}; ${SCHEMA}; statements prepared once and reused ` +
  "(INSERT OR REPLACE / SELECT v WHERE k=? / SELECT 1 / DELETE / SELECT k,v ORDER BY k / BEGIN IMMEDIATE, COMMIT)";

/** A statement as both libraries expose it. */
export interface Stmt {
  run(...a: unknown[]): unknown;
  get(...a: unknown[]): unknown;
  iterate(...a: unknown[]): IterableIterator<unknown>;
}

/** Builds the store from a `prepare` function; `v(row)`/`k(row)` read a row's columns. */
export function sqlStore(prepare: (sql: string) => Stmt, close: () => void): SyncStore {
  const put = prepare(SQL.put), get = prepare(SQL.get), has = prepare(SQL.has), del = prepare(SQL.del);
  const scan = prepare(SQL.scan), range = prepare(SQL.range);
  const begin = prepare(SQL.begin), commit = prepare(SQL.commit);
  const visit = (rows: IterableIterator<unknown>): [number, number] => {
    let n = 0, bytes = 0;
    for (const r of rows as IterableIterator<{ k: Uint8Array; v: Uint8Array }>) {
      bytes += r.k.length + r.v.length;
      n++;
    }
    return [n, bytes];
  };
  return {
    put: (k, v) => void put.run(k, v),
    get: (k) => (get.get(k) as { v: Uint8Array } | undefined | null)?.v ?? undefined,
    has: (k) => has.get(k) != null,
    del: (k) => void del.run(k),
    txn: (fn) => {
      begin.run();
      fn();
      commit.run();
    },
    scan: () => visit(scan.iterate()),
    scanRange: (a, b) => visit(range.iterate(a, b)),
    close,
  };
}
