// Every KVStore member, exercised once through its ordinary use (details live in the
// per-concern files: iterator, transactions, ttl, errors, maintenance, column_family).
import assert from "node:assert/strict";
import { join } from "node:path";
import { ColumnFamily, KVIterator, KVStore, NotFoundError, SnkvError } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { dec, enc, exists, keysOf, pairsOf, pattern } from "./helpers/util.ts";

function fileStore(name = "basic.db"): { db: KVStore; path: string } {
  const path = join(tempDir(), name);
  return { db: new KVStore(path), path };
}

test("constructor: a path creates a file store; path and closed are reported", () => {
  const { db, path } = fileStore();
  try {
    assert.equal(db.path, path);
    assert.equal(db.closed, false);
    db.put("k", "v");
    assert.ok(exists(path));
  } finally {
    db.close();
  }
  assert.equal(db.closed, true);
});

test("constructor: no path and ':memory:' give private in-memory stores", () => {
  for (const db of [new KVStore(), new KVStore(":memory:")]) {
    try {
      assert.equal(db.path, ":memory:");
      db.put("a", "1");
      assert.equal(db.getString("a"), "1");
      assert.equal(db.count(), 1);
    } finally {
      db.close();
    }
  }
  // Two in-memory stores never share data.
  const a = new KVStore();
  const b = new KVStore();
  try {
    a.put("x", "1");
    assert.equal(b.has("x"), false);
  } finally {
    a.close();
    b.close();
  }
  assert.equal(exists(":memory:"), false);
});

test("constructor: accepts every documented option", () => {
  const path = join(tempDir(), "opts.db");
  const db = new KVStore(path, {
    journalMode: "wal",
    syncLevel: "full",
    cacheSize: 500,
    pageSize: 8192,
    busyTimeout: 1000,
    readOnly: false,
    walSizeLimit: 100,
  });
  try {
    db.put("k", "v");
    assert.equal(db.getString("k"), "v");
  } finally {
    db.close();
  }
});

test("put/get: string and byte keys and values; get returns Uint8Array", () => {
  const db = new KVStore();
  try {
    db.put("user:1", "alice");
    const v = db.get("user:1");
    assert.ok(v instanceof Uint8Array);
    assert.equal(dec(v), "alice");
    db.put(enc("bin"), new Uint8Array([0, 1, 2, 255]));
    assert.deepEqual([...db.get("bin")!], [0, 1, 2, 255]);
    // A string key and its UTF-8 bytes name the same entry.
    assert.deepEqual(db.get(enc("user:1")), enc("alice"));
    db.put("ключ", "значение 🙂");
    assert.equal(db.getString(enc("ключ")), "значение 🙂");
  } finally {
    db.close();
  }
});

test("get/getString: missing keys give undefined", () => {
  const db = new KVStore();
  try {
    assert.equal(db.get("nope"), undefined);
    assert.equal(db.getString("nope"), undefined);
  } finally {
    db.close();
  }
});

test("get returns a copy the caller owns", () => {
  const db = new KVStore();
  try {
    db.put("k", "abc");
    const a = db.get("k")!;
    a[0] = 0x7a;
    assert.equal(db.getString("k"), "abc");
    const b = db.get("k")!;
    assert.notEqual(a, b);
    db.put("k", "xyz");
    assert.equal(dec(b), "abc");
  } finally {
    db.close();
  }
});

test("put: overwrite keeps the last value; empty value round-trips as an empty array", () => {
  const db = new KVStore();
  try {
    db.put("k", "one");
    db.put("k", "two");
    assert.equal(db.getString("k"), "two");
    assert.equal(db.count(), 1);
    db.put("empty", "");
    const e = db.get("empty");
    assert.ok(e instanceof Uint8Array);
    assert.equal(e.length, 0);
    assert.equal(db.has("empty"), true);
    assert.equal(db.getString("empty"), "");
    db.put("empty2", new Uint8Array(0));
    assert.equal(db.get("empty2")!.length, 0);
  } finally {
    db.close();
  }
});

test("put: a Uint8Array view (subarray) stores exactly its bytes", () => {
  const db = new KVStore();
  try {
    const buf = pattern(100);
    db.put(buf.subarray(10, 20), buf.subarray(50, 60));
    assert.deepEqual(db.get(pattern(100).subarray(10, 20)), pattern(100).subarray(50, 60));
  } finally {
    db.close();
  }
});

test("set: alias of put that returns this", () => {
  const db = new KVStore();
  try {
    const r = db.set("a", "1").set("b", "2");
    assert.equal(r, db);
    assert.equal(db.getString("a"), "1");
    assert.equal(db.getString("b"), "2");
  } finally {
    db.close();
  }
});

test("has and delete", () => {
  const db = new KVStore();
  try {
    db.put("k", "v");
    assert.equal(db.has("k"), true);
    assert.equal(db.has("other"), false);
    assert.equal(db.delete("k"), true);
    assert.equal(db.has("k"), false);
    assert.equal(db.delete("k"), false);
  } finally {
    db.close();
  }
});

test("putIfAbsent: inserts once, then leaves the value alone", () => {
  const db = new KVStore();
  try {
    assert.equal(db.putIfAbsent("k", "first"), true);
    assert.equal(db.putIfAbsent("k", "second"), false);
    assert.equal(db.getString("k"), "first");
  } finally {
    db.close();
  }
});

test("ttl and purgeExpired: the basics", () => {
  const db = new KVStore();
  try {
    db.put("perm", "v");
    db.put("live", "v", { ttl: 60_000 });
    db.put("dead", "v", { expireAt: 1 });
    assert.equal(db.ttl("perm"), null);
    const r = db.ttl("live")!;
    assert.ok(r > 0 && r <= 60_000, String(r));
    assert.throws(() => db.ttl("dead"), NotFoundError);
    assert.equal(db.purgeExpired(), 1);
  } finally {
    db.close();
  }
});

test("count and clear", () => {
  const db = new KVStore();
  try {
    assert.equal(db.count(), 0);
    for (let i = 0; i < 7; i++) db.put(`k${i}`, "v");
    assert.equal(db.count(), 7);
    db.clear();
    assert.equal(db.count(), 0);
    assert.equal(db.has("k0"), false);
    db.put("again", "v");
    assert.equal(db.count(), 1);
  } finally {
    db.close();
  }
});

test("begin/commit/rollback and inTransaction", () => {
  const db = new KVStore();
  try {
    assert.equal(db.inTransaction, false);
    db.begin({ write: true });
    assert.equal(db.inTransaction, true);
    db.put("a", "1");
    db.commit();
    assert.equal(db.inTransaction, false);
    db.begin({ write: true });
    db.put("b", "2");
    db.rollback();
    assert.equal(db.inTransaction, false);
    assert.equal(db.getString("a"), "1");
    assert.equal(db.has("b"), false);
    db.begin();
    assert.equal(db.inTransaction, true);
    assert.equal(db.getString("a"), "1");
    db.commit();
    assert.equal(db.inTransaction, false);
  } finally {
    db.close();
  }
});

test("transaction(fn): commits on return and passes the result through", () => {
  const db = new KVStore();
  try {
    const r = db.transaction(() => {
      db.put("a", "1");
      assert.equal(db.inTransaction, true);
      return 42;
    });
    assert.equal(r, 42);
    assert.equal(db.inTransaction, false);
    assert.equal(db.getString("a"), "1");
  } finally {
    db.close();
  }
});

test("transaction(fn): rolls back and rethrows the same error", () => {
  const db = new KVStore();
  try {
    const boom = new Error("boom");
    let caught: unknown;
    try {
      db.transaction(() => {
        db.put("a", "1");
        throw boom;
      });
    } catch (e) {
      caught = e;
    }
    assert.equal(caught, boom);
    assert.equal(db.inTransaction, false);
    assert.equal(db.has("a"), false);
  } finally {
    db.close();
  }
});

test("column family members: create, open, default, list, drop", () => {
  const { db, path } = fileStore();
  try {
    const users = db.createColumnFamily("users");
    assert.ok(users instanceof ColumnFamily);
    assert.equal(users.name, "users");
    users.put("u1", "alice");
    users.close();
    const again = db.openColumnFamily("users");
    assert.equal(again.getString("u1"), "alice");
    again.close();
    const def = db.defaultColumnFamily();
    def.put("d", "1");
    assert.equal(db.getString("d"), "1");
    def.close();
    db.createColumnFamily("tmp").close();
    assert.deepEqual(db.listColumnFamilies().sort(), ["tmp", "users"]);
    db.dropColumnFamily("tmp");
    assert.deepEqual(db.listColumnFamilies(), ["users"]);
    assert.throws(() => db.openColumnFamily("tmp"), NotFoundError);
  } finally {
    db.close();
  }
  const db2 = new KVStore(path);
  try {
    assert.deepEqual(db2.listColumnFamilies(), ["users"]);
  } finally {
    db2.close();
  }
});

test("iterator members: iterator, prefixIterator, reverseIterator, reversePrefixIterator", () => {
  const db = new KVStore();
  try {
    for (const k of ["a1", "a2", "b1", "b2", "c"]) db.put(k, "v" + k);
    const fwd = db.iterator();
    assert.ok(fwd instanceof KVIterator);
    assert.deepEqual(keysOf(fwd), ["a1", "a2", "b1", "b2", "c"]);
    assert.deepEqual(keysOf(db.iterator({ reverse: true })), ["c", "b2", "b1", "a2", "a1"]);
    assert.deepEqual(keysOf(db.iterator({ prefix: "b" })), ["b1", "b2"]);
    assert.deepEqual(keysOf(db.iterator({ prefix: "a", reverse: true })), ["a2", "a1"]);
    assert.deepEqual(keysOf(db.prefixIterator("a")), ["a1", "a2"]);
    assert.deepEqual(keysOf(db.reverseIterator()), ["c", "b2", "b1", "a2", "a1"]);
    assert.deepEqual(keysOf(db.reversePrefixIterator("b")), ["b2", "b1"]);
    assert.deepEqual(keysOf(db.prefixIterator(enc("c"))), ["c"]);
  } finally {
    db.close();
  }
});

test("entries, keys, values and Symbol.iterator", () => {
  const db = new KVStore();
  try {
    for (const k of ["x1", "x2", "y1"]) db.put(k, "v" + k);
    assert.deepEqual(pairsOf(db.entries()), [["x1", "vx1"], ["x2", "vx2"], ["y1", "vy1"]]);
    assert.deepEqual(pairsOf(db), [["x1", "vx1"], ["x2", "vx2"], ["y1", "vy1"]]);
    assert.deepEqual([...db.keys()].map(dec), ["x1", "x2", "y1"]);
    assert.deepEqual([...db.values()].map(dec), ["vx1", "vx2", "vy1"]);
    assert.deepEqual([...db.keys({ prefix: "x", reverse: true })].map(dec), ["x2", "x1"]);
    assert.deepEqual([...db.values({ reverse: true })].map(dec), ["vy1", "vx2", "vx1"]);
    assert.deepEqual(pairsOf(db.entries({ prefix: "y" })), [["y1", "vy1"]]);
    const m = new Map([...db].map(([k, v]) => [dec(k), dec(v)]));
    assert.equal(m.get("x2"), "vx2");
  } finally {
    db.close();
  }
});

test("putMany, getMany, deleteMany", () => {
  const db = new KVStore();
  try {
    const entries: [string, string][] = [];
    for (let i = 0; i < 100; i++) entries.push([`k${String(i).padStart(3, "0")}`, `v${i}`]);
    db.putMany(entries);
    assert.equal(db.count(), 100);
    const got = db.getMany(["k000", "missing", "k099", enc("k050")]);
    assert.equal(got.length, 4);
    assert.equal(dec(got[0]), "v0");
    assert.equal(got[1], undefined);
    assert.equal(dec(got[2]), "v99");
    assert.equal(dec(got[3]), "v50");
    // A generator is an Iterable too; byte keys and values are accepted.
    const gen = function* (): Generator<[Uint8Array, Uint8Array]> {
      yield [enc("g1"), pattern(3)];
      yield [enc("g2"), new Uint8Array(0)];
    };
    db.putMany(gen());
    assert.deepEqual(db.get("g1"), pattern(3));
    assert.equal(db.get("g2")!.length, 0);
    assert.equal(db.deleteMany(["k000", "k001", "nope", "g1"]), 3);
    assert.equal(db.has("k000"), false);
    assert.equal(db.count(), 98 + 1);
    assert.deepEqual(db.getMany([]), []);
    assert.equal(db.deleteMany([]), 0);
  } finally {
    db.close();
  }
});

test("putMany with ttl option", () => {
  const db = new KVStore();
  try {
    db.putMany([["a", "1"], ["b", "2"]], { ttl: 60_000 });
    const r = db.ttl("a")!;
    assert.ok(r > 0 && r <= 60_000);
    db.putMany([["c", "3"]], { expireAt: 1 });
    assert.equal(db.has("c"), false);
  } finally {
    db.close();
  }
});

test("putMany is atomic: a bad entry stores nothing", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.putMany([["ok", "1"], ["", "2"]]));
    assert.equal(db.has("ok"), false);
    assert.equal(db.count(), 0);
  } finally {
    db.close();
  }
});

test("getMany returns values the caller owns", () => {
  const db = new KVStore();
  try {
    const keys: string[] = [];
    for (let i = 0; i < 500; i++) {
      db.put(`k${i}`, `value-${i}-`.repeat(i % 7 + 1));
      keys.push(`k${i}`);
    }
    const a = db.getMany(keys);
    const b = db.getMany(keys.slice().reverse());
    for (let i = 0; i < 500; i++) {
      assert.equal(dec(a[i]), `value-${i}-`.repeat(i % 7 + 1));
      assert.equal(dec(b[499 - i]), `value-${i}-`.repeat(i % 7 + 1));
    }
  } finally {
    db.close();
  }
});

test("maintenance members: checkpoint, sync, vacuum, integrityCheck, stats, resetStats", () => {
  const { db } = fileStore();
  try {
    db.put("k", "v");
    const c = db.checkpoint();
    assert.equal(typeof c.walFrames, "number");
    assert.equal(typeof c.checkpointedFrames, "number");
    db.sync();
    db.vacuum();
    db.vacuum(10);
    db.integrityCheck();
    const s = db.stats();
    assert.ok(s.puts >= 1);
    db.resetStats();
    assert.equal(db.stats().puts, 0);
  } finally {
    db.close();
  }
});

test("close is idempotent and closes the store's families and iterators", () => {
  const db = new KVStore();
  db.put("a", "1");
  const cf = db.createColumnFamily("f");
  const it = db.iterator();
  db.close();
  db.close();
  assert.equal(db.closed, true);
  assert.throws(() => cf.get("a"), SnkvError);
  assert.throws(() => it.first(), SnkvError);
  assert.throws(() => db.get("a"), SnkvError);
});

test("Symbol.dispose closes the store; `using` works", () => {
  const path = join(tempDir(), "using.db");
  let outer: KVStore;
  {
    using db = new KVStore(path);
    outer = db;
    db.put("k", "v");
  }
  assert.equal(outer.closed, true);
  const db2 = new KVStore(path);
  db2[Symbol.dispose]();
  assert.equal(db2.closed, true);
  db2[Symbol.dispose]();
  {
    using db3 = new KVStore(path);
    using cf = db3.defaultColumnFamily();
    using it = db3.iterator();
    assert.equal(cf.getString("k"), "v");
    assert.deepEqual(keysOf(it), ["k"]);
  }
});

test("data survives close and reopen", () => {
  const { db, path } = fileStore();
  db.put("persist", "yes");
  db.close();
  const db2 = new KVStore(path);
  try {
    assert.equal(db2.getString("persist"), "yes");
  } finally {
    db2.close();
  }
});
