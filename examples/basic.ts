// Basic use: open a store, put/get/has/delete, strings and bytes, count.
// Run: deno run -A examples/basic.ts   |   bun examples/basic.ts
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-basic-"));
try {
  const db = new KVStore(path.join(dir, "basic.db"));
  try {
    db.put("user:1", "alice");
    db.put("user:2", "bob");
    console.log("get user:1 ->", db.getString("user:1"));
    console.log("has user:2 ->", db.has("user:2"));
    console.log("has user:3 ->", db.has("user:3"));
    console.log("get user:3 ->", db.get("user:3"));

    // Keys and values may be strings (stored as UTF-8) or bytes.
    db.put(new Uint8Array([0x00, 0xff]), new Uint8Array([1, 2, 3]));
    console.log("binary value ->", Array.from(db.get(new Uint8Array([0x00, 0xff]))!).join(","));

    db.put("user:1", "alice smith"); // put overwrites
    console.log("after overwrite ->", db.getString("user:1"));

    console.log("delete user:2 ->", db.delete("user:2"));
    console.log("delete user:2 again ->", db.delete("user:2"));
    console.log("count ->", db.count());
  } finally {
    db.close();
  }

  // Reopen: the data is on disk.
  const again = new KVStore(path.join(dir, "basic.db"));
  console.log("after reopen user:1 ->", again.getString("user:1"));
  again.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
