/**
 * lmdb from npm, installed on demand into .snkv-tools/bench (never a project dependency)
 * and loaded with createRequire (its prebuilt binary, @lmdb/lmdb-<platform>, needs no
 * install script). Binary keys and values (no msgpack); writes in `transactionSync`;
 * `getBinary` returns a copy the caller keeps; ranges with `getRange`.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SyncStore } from "../workloads.ts";
import type { System } from "./types.ts";

export const TOOLS_DIR = join(fileURLToPath(new URL("../..", import.meta.url)), ".snkv-tools", "bench");

interface LmdbDb {
  putSync(k: Uint8Array, v: Uint8Array): void;
  removeSync(k: Uint8Array): void;
  getBinary(k: Uint8Array): Uint8Array | undefined;
  doesExist(k: Uint8Array): boolean;
  transactionSync<T>(fn: () => T): T;
  getRange(o?: object): Iterable<{ key: Uint8Array; value: Uint8Array }>;
  close(): Promise<void>;
}
type Lmdb = { open(o: object): LmdbDb };

function load(): { lmdb: Lmdb; version: string } {
  const require = createRequire(join(TOOLS_DIR, "node_modules") + "/");
  const lmdb = require("lmdb") as Lmdb;
  const pkg = readFileSync(join(TOOLS_DIR, "node_modules", "lmdb", "package.json"), "utf8");
  const version = (JSON.parse(pkg) as { version: string }).version;
  return { lmdb, version };
}

/** Makes lmdb's system object; `noSync` selects the noSync variant. */
export function lmdbSystem(noSync: boolean): System {
  const { lmdb, version } = load();
  return {
    version: `lmdb ${version} (npm)`,
    setup: () =>
      `open({ path, encoding: "binary", keyEncoding: "binary"${noSync ? ", noSync: true" : ""} })` +
      " (otherwise its defaults: memory-mapped, no page cache of its own); transactionSync() with putSync/removeSync; " +
      "getBinary/doesExist; getRange({start, end})",
    open(path: string): SyncStore {
      const db = lmdb.open({
        path,
        encoding: "binary",
        keyEncoding: "binary",
        ...(noSync ? { noSync: true } : {}),
      });
      const visit = (it: Iterable<{ key: Uint8Array; value: Uint8Array }>): [number, number] => {
        let n = 0, bytes = 0;
        for (const e of it) {
          bytes += e.key.length + e.value.length;
          n++;
        }
        return [n, bytes];
      };
      return {
        put: (k, v) => db.putSync(k, v),
        get: (k) => db.getBinary(k),
        has: (k) => db.doesExist(k),
        del: (k) => db.removeSync(k),
        // putSync/removeSync/getBinary inside transactionSync join its write transaction.
        txn: (fn) => db.transactionSync(fn),
        scan: () => visit(db.getRange()),
        scanRange: (a, b) => visit(db.getRange({ start: a, end: b })),
        close: () => void db.close(),
      };
    },
  };
}
