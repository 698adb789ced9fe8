// count(), clear() and stats(): sizes, emptying a family, and the store's counters.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-stats-"));
try {
  const db = new KVStore(path.join(dir, "stats.db"));
  try {
    const cache = db.createColumnFamily("cache");
    for (let i = 0; i < 10; i++) db.put(`key:${i}`, `value ${i}`);
    for (let i = 0; i < 5; i++) cache.put(`c:${i}`, "cached");
    console.log("count default =", db.count(), "| cache =", cache.count());

    // count() includes expired keys until they are purged.
    db.put("expired", "x", { expireAt: 1 });
    console.log("count with an expired key =", db.count());
    db.purgeExpired();

    cache.clear();
    console.log("after cache.clear(): default =", db.count(), "| cache =", cache.count());
    cache.close();

    db.resetStats();
    db.put("hello", "0123456789");
    db.getString("hello");
    db.get("missing");
    db.delete("key:0");
    [...db.keys()];
    const s = db.stats();
    console.log(
      "puts =",
      s.puts,
      "| gets =",
      s.gets,
      "| deletes =",
      s.deletes,
      "| iterations =",
      s.iterations,
    );
    console.log("bytesWritten =", s.bytesWritten, "| bytesRead =", s.bytesRead);
    console.log("walCommits >= 2:", s.walCommits >= 2, "| dbPages > 0:", s.dbPages > 0);
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
