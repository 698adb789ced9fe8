// Shared by persistence tests and their child scripts: a canonical text dump of a store.
import { type ColumnFamily, KVStore } from "../../mod.ts";
import { sha256hex, toHex } from "./util.ts";

/** One line per live entry, families sorted by name ("default" first), keys in store order. */
export function dumpStore(path: string): string[] {
  const db = new KVStore(path, { readOnly: true });
  try {
    const out: string[] = [];
    const names = ["default", ...db.listColumnFamilies().sort()];
    for (const name of names) {
      const cf: ColumnFamily = name === "default" ? db.defaultColumnFamily() : db.openColumnFamily(name);
      try {
        out.push(`# ${name} count=${cf.count()}`);
        for (const [k, v] of cf.entries()) {
          const ttl = cf.ttl(k);
          out.push(`${name}\t${toHex(k)}\t${v.length}\t${sha256hex(v)}\t${ttl === null ? "perm" : "ttl"}`);
        }
      } finally {
        cf.close();
      }
    }
    return out;
  } finally {
    db.close();
  }
}
