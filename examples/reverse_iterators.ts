// Reverse iteration: descending scans, reverse prefixes, last()/next(), reverse seek.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-rev-"));
try {
  const db = new KVStore(path.join(dir, "rev.db"));
  try {
    for (let i = 1; i <= 5; i++) db.put(`log:${String(i).padStart(3, "0")}`, `event ${i}`);
    db.put("meta", "x");

    console.log("all, descending:", [...db.keys({ reverse: true })].map(text).join(" "));
    console.log("newest 3 log entries:");
    let n = 0;
    for (const [k, v] of db.reversePrefixIterator("log:")) {
      console.log(" ", text(k), "=", text(v));
      if (++n === 3) break;
    }

    // Manual: last() then next() walks towards smaller keys (prev() does the same).
    const it = db.reverseIterator();
    const walk: string[] = [];
    for (it.last(); !it.eof; it.next()) walk.push(text(it.key));
    it.close();
    console.log("manual reverse walk:", walk.join(" "));

    // Reverse seek lands on the last key <= the target.
    const r = db.reverseIterator();
    r.seek("log:003z");
    console.log("reverse from seek(log:003z):", [...r].map(([k]) => text(k)).join(" "));
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
