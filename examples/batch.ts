// Batch calls: putMany / getMany / deleteMany run in one native call and one transaction.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-batch-"));
try {
  const db = new KVStore(path.join(dir, "batch.db"));
  try {
    const entries: [string, string][] = [];
    for (let i = 0; i < 1000; i++) entries.push([`item:${String(i).padStart(4, "0")}`, `payload ${i}`]);
    db.putMany(entries);
    console.log("stored", db.count(), "entries");

    const got = db.getMany(["item:0000", "item:0999", "item:5000"]);
    console.log("getMany:", got.map((v) => (v ? new TextDecoder().decode(v) : "undefined")).join(" | "));

    console.log("deleteMany removed", db.deleteMany(["item:0000", "item:0001", "nope"]));
    console.log("left", db.count());
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
