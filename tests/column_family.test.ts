// Column families: lifecycle, isolation, the full data surface, shared transactions.
import assert from "node:assert/strict";
import { join } from "node:path";
import { BusyError, ColumnFamily, KVStore, NotFoundError, SnkvError } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { dec, enc, keysOf, pairsOf, throwsClosed } from "./helpers/util.ts";

const dbPath = () => join(tempDir(), "cf.db");

test("create returns a named family; create of an existing name throws SnkvError", () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("users");
    assert.ok(cf instanceof ColumnFamily);
    assert.equal(cf.name, "users");
    assert.throws(() => db.createColumnFamily("users"), (e: unknown) => {
      assert.ok(e instanceof SnkvError);
      assert.ok(!(e instanceof NotFoundError));
      return true;
    });
    cf.close();
    // Still an error once the handle is closed: the family exists in the file.
    assert.throws(() => db.createColumnFamily("users"), SnkvError);
  } finally {
    db.close();
  }
});

test("open of a missing family throws NotFoundError", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.openColumnFamily("missing"), NotFoundError);
  } finally {
    db.close();
  }
});

test("drop of a missing family throws NotFoundError", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.dropColumnFamily("missing"), NotFoundError);
  } finally {
    db.close();
  }
});

test("drop of a family with an open ColumnFamily object throws BusyError until it is closed", () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("busy");
    cf.put("k", "v");
    assert.throws(() => db.dropColumnFamily("busy"), BusyError);
    assert.equal(cf.getString("k"), "v");
    cf.close();
    db.dropColumnFamily("busy");
    assert.deepEqual(db.listColumnFamilies(), []);
  } finally {
    db.close();
  }
});

test("the default family cannot be dropped", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.dropColumnFamily("default"), SnkvError);
    db.put("still", "here");
    assert.equal(db.getString("still"), "here");
  } finally {
    db.close();
  }
});

test("names: reserved prefixes are refused; 255 bytes is fine; 256 is not", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.createColumnFamily("__hidden"), SnkvError);
    assert.throws(() => db.createColumnFamily("_snkv_x"), SnkvError);
    assert.throws(() => db.openColumnFamily("__hidden"), SnkvError);
    db.createColumnFamily("_single").close();
    db.createColumnFamily("n".repeat(255)).close();
    // Refused before or by the engine: either way a clear error, and nothing is created.
    assert.throws(
      () => db.createColumnFamily("n".repeat(256)),
      (e: unknown) => e instanceof RangeError || e instanceof SnkvError,
    );
    assert.deepEqual(db.listColumnFamilies().sort(), ["_single", "n".repeat(255)]);
  } finally {
    db.close();
  }
});

test("names are case-sensitive and may be any UTF-8", () => {
  const db = new KVStore();
  try {
    db.createColumnFamily("Users").close();
    db.createColumnFamily("users").close();
    db.createColumnFamily("пользователи 🙂").close();
    assert.deepEqual(db.listColumnFamilies().sort(), ["Users", "users", "пользователи 🙂"].sort());
    const cf = db.openColumnFamily("пользователи 🙂");
    cf.put("k", "v");
    assert.equal(cf.getString("k"), "v");
    cf.close();
  } finally {
    db.close();
  }
});

test("openColumnFamily('default') and defaultColumnFamily() reach the store's own data", () => {
  const db = new KVStore();
  try {
    const def = db.defaultColumnFamily();
    assert.equal(def.name, "default");
    def.put("from-cf", "1");
    assert.equal(db.getString("from-cf"), "1");
    db.put("from-db", "2");
    assert.equal(def.getString("from-db"), "2");
    assert.equal(def.count(), db.count());
    const def2 = db.openColumnFamily("default");
    assert.equal(def2.getString("from-db"), "2");
    def2.close();
    def.close();
    // Closing a default handle does not close the store.
    assert.equal(db.getString("from-db"), "2");
    assert.deepEqual(db.listColumnFamilies(), []);
  } finally {
    db.close();
  }
});

test("isolation: the same key in two families and the default one", () => {
  const db = new KVStore();
  try {
    const a = db.createColumnFamily("a");
    const b = db.createColumnFamily("b");
    a.put("k", "in-a");
    b.put("k", "in-b");
    db.put("k", "in-default");
    assert.equal(a.getString("k"), "in-a");
    assert.equal(b.getString("k"), "in-b");
    assert.equal(db.getString("k"), "in-default");
    a.put("only-a", "1");
    assert.equal(b.has("only-a"), false);
    assert.equal(db.has("only-a"), false);
    assert.equal(a.delete("k"), true);
    assert.equal(b.getString("k"), "in-b");
    assert.equal(db.getString("k"), "in-default");
    a.close();
    b.close();
  } finally {
    db.close();
  }
});

test("counts and clears are isolated per family", () => {
  const db = new KVStore();
  try {
    const a = db.createColumnFamily("a");
    const b = db.createColumnFamily("b");
    for (let i = 0; i < 5; i++) a.put(`k${i}`, "v");
    for (let i = 0; i < 3; i++) b.put(`k${i}`, "v");
    db.put("d", "v");
    assert.equal(a.count(), 5);
    assert.equal(b.count(), 3);
    assert.equal(db.count(), 1);
    a.clear();
    assert.equal(a.count(), 0);
    assert.equal(b.count(), 3);
    assert.equal(db.count(), 1);
    db.clear();
    assert.equal(b.count(), 3);
    a.close();
    b.close();
  } finally {
    db.close();
  }
});

test("the full data surface on a family", () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("s");
    assert.equal(cf.set("a1", "x").set("a2", "y"), cf);
    cf.put("b1", "z");
    assert.deepEqual(cf.get("a1"), enc("x"));
    assert.equal(cf.getString("a2"), "y");
    assert.equal(cf.get("zz"), undefined);
    assert.equal(cf.has("b1"), true);
    assert.equal(cf.delete("b1"), true);
    assert.equal(cf.delete("b1"), false);
    assert.equal(cf.putIfAbsent("a1", "other"), false);
    assert.equal(cf.putIfAbsent("c1", "new"), true);
    cf.put("t", "v", { ttl: 60_000 });
    const r = cf.ttl("t")!;
    assert.ok(r > 0 && r <= 60_000);
    assert.equal(cf.ttl("a1"), null);
    assert.throws(() => cf.ttl("nope"), NotFoundError);
    cf.put("dead", "v", { expireAt: 1 });
    assert.equal(cf.count(), 5);
    assert.equal(cf.purgeExpired(), 1);
    assert.equal(cf.count(), 4);
    assert.deepEqual(keysOf(cf.iterator()), ["a1", "a2", "c1", "t"]);
    assert.deepEqual(keysOf(cf.iterator({ prefix: "a", reverse: true })), ["a2", "a1"]);
    assert.deepEqual(keysOf(cf.prefixIterator("a")), ["a1", "a2"]);
    assert.deepEqual(keysOf(cf.reverseIterator()), ["t", "c1", "a2", "a1"]);
    assert.deepEqual(keysOf(cf.reversePrefixIterator("a")), ["a2", "a1"]);
    assert.deepEqual(pairsOf(cf.entries({ prefix: "c" })), [["c1", "new"]]);
    assert.deepEqual([...cf.keys()].map(dec), ["a1", "a2", "c1", "t"]);
    assert.deepEqual([...cf.values({ reverse: true })].map(dec), ["v", "new", "y", "x"]);
    assert.deepEqual(keysOf(cf), ["a1", "a2", "c1", "t"]);
    cf.putMany([["m1", "1"], ["m2", "2"]]);
    assert.deepEqual(cf.getMany(["m1", "m2", "m3"]).map((v) => v && dec(v)), ["1", "2", undefined]);
    assert.equal(cf.deleteMany(["m1", "m2", "m3"]), 2);
    cf.clear();
    assert.equal(cf.count(), 0);
    // Nothing leaked into the default family.
    assert.equal(db.count(), 0);
    cf.close();
  } finally {
    db.close();
  }
});

test("listColumnFamilies excludes default and the hidden TTL families", () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("c");
    cf.put("k", "v", { ttl: 60_000 });
    db.put("k", "v", { ttl: 60_000 });
    const names = db.listColumnFamilies();
    assert.deepEqual(names, ["c"]);
    for (const n of names) assert.ok(!n.startsWith("_"));
    cf.close();
  } finally {
    db.close();
  }
});

test("families share the store's transaction: commit and rollback span them", () => {
  const db = new KVStore();
  try {
    const a = db.createColumnFamily("a");
    const b = db.createColumnFamily("b");
    db.begin({ write: true });
    a.put("x", "1");
    b.put("y", "2");
    db.put("z", "3");
    db.commit();
    assert.equal(a.getString("x"), "1");
    assert.equal(b.getString("y"), "2");
    db.begin({ write: true });
    a.put("x2", "1");
    b.delete("y");
    db.rollback();
    assert.equal(a.has("x2"), false);
    assert.equal(b.getString("y"), "2");
    db.transaction(() => {
      a.put("t", "1");
      b.put("t", "2");
    });
    assert.equal(a.getString("t"), "1");
    assert.equal(b.getString("t"), "2");
    a.close();
    b.close();
  } finally {
    db.close();
  }
});

test("a family created inside a rolled-back transaction does not exist", () => {
  const path = dbPath();
  const db = new KVStore(path);
  try {
    db.begin({ write: true });
    const cf = db.createColumnFamily("ghost");
    cf.put("k", "v");
    cf.close();
    db.rollback();
    assert.deepEqual(db.listColumnFamilies(), []);
    assert.throws(() => db.openColumnFamily("ghost"), NotFoundError);
  } finally {
    db.close();
  }
});

test("families and their data persist across sessions; drops too", () => {
  const path = dbPath();
  {
    const db = new KVStore(path);
    for (const n of ["a", "b", "c"]) {
      const cf = db.createColumnFamily(n);
      for (let i = 0; i < 20; i++) cf.put(`${n}${i}`, `${n}-value-${i}`);
      cf.close();
    }
    db.dropColumnFamily("b");
    db.close();
  }
  {
    const db = new KVStore(path);
    assert.deepEqual(db.listColumnFamilies().sort(), ["a", "c"]);
    const a = db.openColumnFamily("a");
    const c = db.openColumnFamily("c");
    assert.equal(a.count(), 20);
    assert.equal(c.getString("c7"), "c-value-7");
    assert.throws(() => db.openColumnFamily("b"), NotFoundError);
    // The name can be reused; the new family starts empty.
    const b = db.createColumnFamily("b");
    assert.equal(b.count(), 0);
    a.close();
    b.close();
    c.close();
    db.integrityCheck();
    db.close();
  }
});

test("openColumnFamily returns independent handles; closing one leaves the other usable", () => {
  const db = new KVStore();
  try {
    db.createColumnFamily("f").close();
    const h1 = db.openColumnFamily("f");
    const h2 = db.openColumnFamily("f");
    h1.put("k", "v");
    assert.equal(h2.getString("k"), "v");
    h1.close();
    h1.close(); // idempotent
    assert.equal(h2.getString("k"), "v");
    throwsClosed(() => h1.get("k"));
    // Both handles count as open for drop until both are closed.
    assert.throws(() => db.dropColumnFamily("f"), BusyError);
    h2.close();
    db.dropColumnFamily("f");
  } finally {
    db.close();
  }
});

test("Symbol.dispose closes a family", () => {
  const db = new KVStore();
  try {
    let outer: ColumnFamily;
    {
      using cf = db.createColumnFamily("d");
      outer = cf;
      cf.put("k", "v");
    }
    throwsClosed(() => outer.get("k"));
    db.dropColumnFamily("d");
  } finally {
    db.close();
  }
});

test("a family sees its handle's writes from another handle of the same file", () => {
  const path = dbPath();
  const a = new KVStore(path);
  const b = new KVStore(path);
  try {
    const fa = a.createColumnFamily("shared");
    fa.put("k", "v1");
    const fb = b.openColumnFamily("shared");
    assert.equal(fb.getString("k"), "v1");
    fb.put("k", "v2");
    assert.equal(fa.getString("k"), "v2");
    fa.close();
    fb.close();
  } finally {
    a.close();
    b.close();
  }
});

test("more than 64 families (no artificial limit)", () => {
  const db = new KVStore(dbPath());
  try {
    for (let i = 0; i < 80; i++) {
      const cf = db.createColumnFamily(`family-${i}`);
      cf.put("id", String(i));
      cf.close();
    }
    assert.equal(db.listColumnFamilies().length, 80);
    for (let i = 0; i < 80; i += 13) {
      const cf = db.openColumnFamily(`family-${i}`);
      assert.equal(cf.getString("id"), String(i));
      cf.close();
    }
    db.integrityCheck();
  } finally {
    db.close();
  }
});
