// Iterators: ordered scans, prefixes, the manual cursor, seek, and early exit.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-iter-"));
try {
  const db = new KVStore(path.join(dir, "iter.db"));
  try {
    for (
      const [k, v] of [["fruit:apple", "red"], ["fruit:banana", "yellow"], ["fruit:cherry", "dark red"], [
        "veg:carrot",
        "orange",
      ], ["veg:leek", "green"]]
    ) db.put(k, v);

    console.log("all keys, in byte order:");
    for (const [k, v] of db) console.log(" ", text(k), "=", text(v));

    console.log("prefix fruit:");
    for (const k of db.keys({ prefix: "fruit:" })) console.log(" ", text(k));

    console.log("values with prefix veg:", [...db.values({ prefix: "veg:" })].map(text).join(", "));

    // The manual cursor mirrors the C API.
    const it = db.iterator();
    const manual: string[] = [];
    for (it.first(); !it.eof; it.next()) manual.push(text(it.key));
    it.close();
    console.log("manual walk:", manual.join(" "));

    // seek(key) lands on the first key >= key; iterating continues from there.
    const from = db.iterator();
    from.seek("fruit:c");
    console.log("from seek(fruit:c):", [...from].map(([k]) => text(k)).join(" "));

    // Breaking out of a loop closes the native cursor.
    let first = "";
    for (const [k] of db.entries({ prefix: "veg:" })) {
      first = text(k);
      break;
    }
    console.log("first veg:", first);

    // A prefix iterator starts on its first entry.
    using p = db.prefixIterator("fruit:b");
    console.log("prefix iterator at:", text(p.key), "->", text(p.value));
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
