// Time to live (milliseconds): ttl and expireAt options, ttl(), expiry, purgeExpired().
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore, NotFoundError } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-ttl-"));
try {
  const db = new KVStore(path.join(dir, "ttl.db"));
  try {
    db.put("token", "abc", { ttl: 60_000 }); // expires in one minute
    db.put("permanent", "forever");
    db.put("old", "stale", { expireAt: Date.now() - 1000 }); // already in the past
    db.put("blink", "soon gone", { ttl: 50 });

    console.log(
      "token ->",
      db.getString("token"),
      "| expires in about",
      Math.round(db.ttl("token")! / 1000),
      "s",
    );
    console.log("permanent ttl ->", db.ttl("permanent"));
    console.log("old ->", db.getString("old"), "| has =", db.has("old"));
    try {
      db.ttl("old");
    } catch (e) {
      console.log("ttl(old) ->", e instanceof NotFoundError ? "NotFoundError" : String(e));
    }

    await new Promise((r) => setTimeout(r, 120));
    console.log("blink after 120 ms ->", db.getString("blink"));

    // Expired keys are invisible but still stored until purged.
    console.log("count before purge =", db.count());
    console.log("purged =", db.purgeExpired());
    console.log("count after purge =", db.count());

    // A plain put makes a key permanent again.
    db.put("token", "abc");
    console.log("token ttl after plain put ->", db.ttl("token"));
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
