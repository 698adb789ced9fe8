// seek(): jump to a key (or the nearest one in the iterator's direction), then scan on.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-seek-"));
try {
  const db = new KVStore(path.join(dir, "seek.db"));
  try {
    for (const day of ["2024-01-01", "2024-01-05", "2024-02-10", "2024-03-03", "2024-03-20"]) {
      db.put(`event:${day}`, `something on ${day}`);
    }
    const it = db.iterator();
    console.log("seek exact 2024-02-10 ->", text(it.seek("event:2024-02-10").key));
    console.log("seek between 2024-01-07 ->", text(it.seek("event:2024-01-07").key));
    console.log("seek past the end -> eof =", it.seek("event:2025").eof);
    it.close();

    // Range scan: everything from February on, stopping at April.
    const range: string[] = [];
    for (const [k] of db.iterator().seek("event:2024-02")) {
      const key = text(k);
      if (key >= "event:2024-04") break;
      range.push(key.slice(6));
    }
    console.log("February and March:", range.join(" "));

    // Reverse seek: the latest event on or before a date.
    const r = db.reverseIterator().seek("event:2024-03-10");
    console.log("latest on or before 2024-03-10 ->", text(r.key).slice(6));
    r.close();

    // Within a prefix iterator the prefix boundary still holds.
    db.put("other:x", "y");
    const p = db.prefixIterator("event:").seek("event:2024-03-15");
    console.log("prefix seek ->", text(p.key).slice(6), "| next eof =", p.next().eof);
    p.close();
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
