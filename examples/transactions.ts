// Transactions: explicit begin/commit/rollback, transaction(fn), and read snapshots.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-tx-"));
const file = path.join(dir, "tx.db");
try {
  const db = new KVStore(file);
  try {
    // A write transaction: all or nothing.
    db.begin({ write: true });
    db.put("account:alice", "100");
    db.put("account:bob", "50");
    db.commit();
    console.log("after commit:", db.getString("account:alice"), db.getString("account:bob"));

    db.begin({ write: true });
    db.put("account:alice", "0");
    console.log("inside transaction:", db.getString("account:alice"), "inTransaction =", db.inTransaction);
    db.rollback();
    console.log("after rollback:", db.getString("account:alice"));

    // transaction(fn) commits when fn returns and rolls back if it throws.
    const transfer = (from: string, to: string, amount: number) =>
      db.transaction(() => {
        const a = Number(db.getString(from));
        const b = Number(db.getString(to));
        if (a < amount) throw new Error(`insufficient funds in ${from}`);
        db.put(from, String(a - amount));
        db.put(to, String(b + amount));
        return a - amount;
      });
    console.log("transfer 30 alice->bob, alice now", transfer("account:alice", "account:bob", 30));
    try {
      transfer("account:bob", "account:alice", 1000);
    } catch (e) {
      console.log("failed transfer:", (e as Error).message);
    }
    console.log("balances:", db.getString("account:alice"), db.getString("account:bob"));

    // begin() without write is a read snapshot: another handle's commits stay invisible
    // until commit() or rollback().
    const other = new KVStore(file);
    db.begin();
    console.log("snapshot sees bob =", db.getString("account:bob"));
    other.put("account:bob", "999");
    console.log("snapshot still sees bob =", db.getString("account:bob"));
    db.commit();
    console.log("after the snapshot bob =", db.getString("account:bob"));
    other.close();
  } finally {
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
