// Explicit transactions: write and read transactions, transaction(fn), visibility between
// handles, locking between writers, and what close does to an open transaction.
import assert from "node:assert/strict";
import { join } from "node:path";
import { BusyError, KVStore, SnkvError } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { keysOf } from "./helpers/util.ts";

const dbPath = () => join(tempDir(), "tx.db");

test("write transaction: all puts commit together", () => {
  const db = new KVStore(dbPath());
  try {
    db.begin({ write: true });
    for (let i = 0; i < 10; i++) db.put(`k${i}`, String(i));
    db.commit();
    for (let i = 0; i < 10; i++) assert.equal(db.getString(`k${i}`), String(i));
  } finally {
    db.close();
  }
});

test("rollback undoes puts, overwrites and deletes", () => {
  const db = new KVStore(dbPath());
  try {
    db.put("keep", "original");
    db.put("gone", "x");
    db.begin({ write: true });
    db.put("keep", "changed");
    db.put("new", "1");
    assert.equal(db.delete("gone"), true);
    db.rollback();
    assert.equal(db.getString("keep"), "original");
    assert.equal(db.has("new"), false);
    assert.equal(db.getString("gone"), "x");
  } finally {
    db.close();
  }
});

test("inside a transaction reads see its own writes; count too", () => {
  const db = new KVStore(dbPath());
  try {
    db.begin({ write: true });
    db.put("a", "1");
    db.put("b", "2");
    db.put("c", "3");
    assert.equal(db.getString("a"), "1");
    assert.equal(db.has("b"), true);
    assert.equal(db.count(), 3);
    assert.deepEqual(keysOf(db.iterator()), ["a", "b", "c"]);
    db.delete("b");
    assert.equal(db.count(), 2);
    db.commit();
    assert.equal(db.count(), 2);
  } finally {
    db.close();
  }
});

test("begin() is a read snapshot: another handle's commit stays invisible until commit/rollback", () => {
  const path = dbPath();
  const a = new KVStore(path);
  const b = new KVStore(path);
  try {
    a.put("x", "1");
    a.begin();
    assert.equal(a.getString("x"), "1");
    b.put("x", "2");
    b.put("y", "new");
    assert.equal(a.getString("x"), "1");
    assert.equal(a.has("y"), false);
    assert.equal(a.count(), 1);
    a.commit();
    assert.equal(a.getString("x"), "2");
    assert.equal(a.has("y"), true);
    a.begin();
    a.get("x");
    b.put("z", "1");
    assert.equal(a.has("z"), false);
    a.rollback();
    assert.equal(a.has("z"), true);
  } finally {
    a.close();
    b.close();
  }
});

test("a write inside begin() upgrades it to a write transaction that rollback undoes", () => {
  const db = new KVStore(dbPath());
  try {
    db.put("base", "1");
    db.begin();
    assert.equal(db.getString("base"), "1");
    db.put("inside", "1");
    assert.equal(db.getString("inside"), "1");
    assert.equal(db.inTransaction, true);
    db.rollback();
    assert.equal(db.has("inside"), false);
    db.begin();
    db.put("committed", "1");
    db.commit();
    assert.equal(db.getString("committed"), "1");
  } finally {
    db.close();
  }
});

test("a write transaction's changes are invisible to other handles until commit", () => {
  const path = dbPath();
  const a = new KVStore(path);
  const b = new KVStore(path);
  try {
    a.begin({ write: true });
    a.put("pending", "1");
    assert.equal(b.has("pending"), false);
    a.commit();
    assert.equal(b.getString("pending"), "1");
  } finally {
    a.close();
    b.close();
  }
});

test("a second writer gets BusyError while a write transaction is open; succeeds after", () => {
  const path = dbPath();
  const a = new KVStore(path);
  const b = new KVStore(path);
  try {
    a.begin({ write: true });
    a.put("a", "1");
    assert.throws(() => b.put("b", "1"), BusyError);
    assert.throws(() => b.begin({ write: true }), BusyError);
    assert.equal(b.inTransaction, false);
    // Readers are not blocked in WAL mode.
    assert.equal(b.has("a"), false);
    a.commit();
    b.put("b", "1");
    assert.equal(a.getString("b"), "1");
  } finally {
    a.close();
    b.close();
  }
});

test("busyTimeout waits about that long before giving up", () => {
  const path = dbPath();
  const a = new KVStore(path);
  const b = new KVStore(path, { busyTimeout: 300 });
  try {
    a.begin({ write: true });
    a.put("a", "1");
    const t0 = performance.now();
    assert.throws(() => b.put("b", "1"), BusyError);
    const waited = performance.now() - t0;
    assert.ok(waited >= 200, `waited only ${waited} ms`);
    assert.ok(waited < 5000, `waited ${waited} ms`);
    a.rollback();
    b.put("b", "1");
  } finally {
    a.close();
    b.close();
  }
});

test("transaction(fn) commits on return and rolls back on throw", () => {
  const db = new KVStore(dbPath());
  try {
    db.transaction(() => {
      db.put("a", "1");
      db.put("b", "2");
    });
    assert.equal(db.count(), 2);
    assert.throws(
      () =>
        db.transaction(() => {
          db.put("c", "3");
          db.delete("a");
          throw new TypeError("bad");
        }),
      TypeError,
    );
    assert.equal(db.has("c"), false);
    assert.equal(db.getString("a"), "1");
    assert.equal(db.inTransaction, false);
  } finally {
    db.close();
  }
});

test("transaction(fn) is a write transaction from the start", () => {
  const path = dbPath();
  const a = new KVStore(path);
  const b = new KVStore(path);
  try {
    a.transaction(() => {
      // The write lock is taken on entry, so another writer is refused even before a put.
      assert.throws(() => b.put("x", "1"), BusyError);
    });
    b.put("x", "1");
  } finally {
    a.close();
    b.close();
  }
});

test("transaction(fn) inside a transaction throws SnkvError", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.transaction(() => db.transaction(() => 1)), SnkvError);
    assert.equal(db.inTransaction, false);
    db.begin({ write: true });
    assert.throws(() => db.transaction(() => 1), SnkvError);
    assert.equal(db.inTransaction, true);
    db.rollback();
  } finally {
    db.close();
  }
});

test("begin inside a transaction, and commit/rollback outside one, throw SnkvError", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.commit(), SnkvError);
    assert.throws(() => db.rollback(), SnkvError);
    db.begin({ write: true });
    assert.throws(() => db.begin(), SnkvError);
    assert.throws(() => db.begin({ write: true }), SnkvError);
    // The open transaction is untouched by the refused begin.
    db.put("a", "1");
    db.commit();
    assert.equal(db.getString("a"), "1");
    db.begin();
    assert.throws(() => db.begin(), SnkvError);
    db.commit();
  } finally {
    db.close();
  }
});

test("close with an open write transaction rolls it back", () => {
  const path = dbPath();
  const db = new KVStore(path);
  db.put("committed", "1");
  db.begin({ write: true });
  db.put("uncommitted", "1");
  db.close();
  const db2 = new KVStore(path);
  try {
    assert.equal(db2.getString("committed"), "1");
    assert.equal(db2.has("uncommitted"), false);
  } finally {
    db2.close();
  }
});

test("large transactions: 5000 puts commit or roll back as one", () => {
  const path = dbPath();
  const db = new KVStore(path);
  try {
    db.begin({ write: true });
    for (let i = 0; i < 5000; i++) db.put(`c${i}`, "x".repeat(200));
    db.commit();
    db.begin({ write: true });
    for (let i = 0; i < 5000; i++) db.put(`u${i}`, "x".repeat(200));
    db.rollback();
    assert.equal(db.count(), 5000);
    assert.equal(db.has("u0"), false);
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("many short transactions in a row", () => {
  const db = new KVStore(dbPath());
  try {
    for (let i = 0; i < 500; i++) {
      db.begin({ write: true });
      db.put(`k${i}`, String(i));
      if (i % 2) db.rollback();
      else db.commit();
    }
    assert.equal(db.count(), 250);
  } finally {
    db.close();
  }
});

test("transactions in rollback-journal mode", () => {
  const path = dbPath();
  const db = new KVStore(path, { journalMode: "delete" });
  try {
    db.put("a", "1");
    db.begin({ write: true });
    db.put("b", "2");
    db.rollback();
    db.transaction(() => db.put("c", "3"));
    assert.deepEqual(keysOf(db.iterator()), ["a", "c"]);
  } finally {
    db.close();
  }
});

test("putMany joins an open transaction", () => {
  const db = new KVStore(dbPath());
  try {
    db.begin({ write: true });
    db.putMany([["a", "1"], ["b", "2"]]);
    assert.equal(db.deleteMany(["a"]), 1);
    db.rollback();
    assert.equal(db.count(), 0);
  } finally {
    db.close();
  }
});
