/** SNKV through its TypeScript API (this repository). @module */
import { KVStore } from "../../mod.ts";
import type { SyncStore } from "../workloads.ts";
import type { Settings, System } from "./types.ts";

export const system: System = {
  version: "snkv (this checkout)",
  setup: (s) =>
    `KVStore(path, { cacheSize: ${s.cacheSize}, walSizeLimit: ${s.walAutoCheckpoint}${
      s.mmapSize ? `, mmapSize: ${s.mmapSize}` : ""
    } }); WAL, sync normal, 4096-byte pages (defaults); ` +
    "begin({write:true})/commit(); get/has/put/delete; iterator()/prefixIterator() with key/value getters",
  open(path: string, s: Settings): SyncStore {
    const db = new KVStore(path, {
      journalMode: "wal",
      syncLevel: "normal",
      pageSize: 4096,
      cacheSize: s.cacheSize,
      walSizeLimit: s.walAutoCheckpoint,
      ...(s.mmapSize ? { mmapSize: s.mmapSize } : {}),
    });
    const visit = (it: ReturnType<KVStore["iterator"]>): [number, number] => {
      let n = 0, bytes = 0;
      try {
        for (it.first(); !it.eof; it.next()) {
          bytes += it.key.length + it.value.length;
          n++;
        }
      } finally {
        it.close();
      }
      return [n, bytes];
    };
    return {
      put: (k, v) => db.put(k, v),
      get: (k) => db.get(k),
      has: (k) => db.has(k),
      del: (k) => void db.delete(k),
      txn: (fn) => {
        db.begin({ write: true });
        try {
          fn();
        } catch (e) {
          db.rollback();
          throw e;
        }
        db.commit();
      },
      scan: () => visit(db.iterator()),
      scanRange: (prefix) => visit(db.prefixIterator(prefix)),
      close: () => db.close(),
    };
  },
};
