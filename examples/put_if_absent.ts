// putIfAbsent(): atomic insert-once, e.g. for locks, idempotency keys or unique claims.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-pia-"));
try {
  const db = new KVStore(path.join(dir, "pia.db"));
  try {
    console.log("claim username 'neo' by user 1:", db.putIfAbsent("username:neo", "user-1"));
    console.log("claim username 'neo' by user 2:", db.putIfAbsent("username:neo", "user-2"));
    console.log("owner:", db.getString("username:neo"));

    // With a TTL it makes a simple lease: once expired, the key counts as absent.
    console.log("lease by worker A:", db.putIfAbsent("lease:job-7", "worker-A", { ttl: 100 }));
    console.log("lease by worker B:", db.putIfAbsent("lease:job-7", "worker-B", { ttl: 100 }));
    await new Promise((r) => setTimeout(r, 200));
    console.log("after expiry, lease by worker B:", db.putIfAbsent("lease:job-7", "worker-B", { ttl: 100 }));
    console.log("lease holder:", db.getString("lease:job-7"));

    // Inside a transaction it sees the transaction's own writes.
    db.transaction(() => {
      console.log("in transaction, first:", db.putIfAbsent("once", "1"));
      console.log("in transaction, second:", db.putIfAbsent("once", "2"));
    });
    console.log("once =", db.getString("once"));
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
