// Column families: independent keyspaces in one file, sharing transactions.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore, NotFoundError } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-cf-"));
try {
  const db = new KVStore(path.join(dir, "cf.db"));
  try {
    const users = db.createColumnFamily("users");
    const products = db.createColumnFamily("products");
    users.put("1", "alice");
    products.put("1", "keyboard");
    db.put("1", "in the default family");
    console.log("users/1 ->", users.getString("1"));
    console.log("products/1 ->", products.getString("1"));
    console.log("default/1 ->", db.getString("1"));
    console.log("families:", db.listColumnFamilies().sort().join(", "));

    // One transaction can span families.
    db.transaction(() => {
      users.put("2", "bob");
      products.put("2", "mouse");
    });
    console.log("counts: users", users.count(), "products", products.count(), "default", db.count());

    // The default family is reachable as a ColumnFamily too.
    const def = db.defaultColumnFamily();
    console.log("default via handle ->", def.getString("1"));
    def.close();

    // Close a family's handles before dropping it.
    products.close();
    db.dropColumnFamily("products");
    console.log("after drop:", db.listColumnFamilies().join(", "));
    try {
      db.openColumnFamily("products");
    } catch (e) {
      console.log("open dropped family:", e instanceof NotFoundError ? "NotFoundError" : String(e));
    }
    users.close();
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
