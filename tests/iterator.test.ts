// Iterators: the manual cursor API, the JS iteration protocol, prefix, reverse and seek,
// and that break/throw/completion close the native cursor.
import assert from "node:assert/strict";
import { join } from "node:path";
import { KVIterator, KVStore, SnkvError } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { dec, enc, keysOf, pairsOf, throwsClosed } from "./helpers/util.ts";

function storeWith(keys: string[], path?: string): KVStore {
  const db = new KVStore(path);
  db.putMany(keys.map((k) => [k, "v:" + k] as [string, string]));
  return db;
}

test("manual forward: unpositioned until first(); next() walks in order; eof at the end", () => {
  const db = storeWith(["b", "a", "c"]);
  try {
    const it = db.iterator();
    assert.equal(it.eof, true);
    assert.equal(it.first(), it);
    assert.equal(it.eof, false);
    assert.equal(dec(it.key), "a");
    assert.equal(dec(it.value), "v:a");
    assert.equal(it.next(), it);
    assert.equal(dec(it.key), "b");
    it.next();
    assert.equal(dec(it.key), "c");
    it.next();
    assert.equal(it.eof, true);
    // next at eof stays at eof
    it.next();
    assert.equal(it.eof, true);
    it.close();
  } finally {
    db.close();
  }
});

test("manual: key and value throw at eof", () => {
  const db = storeWith(["a"]);
  try {
    const it = db.iterator();
    assert.throws(() => it.key, SnkvError);
    assert.throws(() => it.value, SnkvError);
    it.first().next();
    assert.equal(it.eof, true);
    assert.throws(() => it.key, SnkvError);
    assert.throws(() => it.value, SnkvError);
    it.close();
  } finally {
    db.close();
  }
});

test("manual: first() rewinds after exhaustion", () => {
  const db = storeWith(["a", "b"]);
  try {
    const it = db.iterator();
    const pass = () => {
      const out: string[] = [];
      for (it.first(); !it.eof; it.next()) out.push(dec(it.key));
      return out;
    };
    assert.deepEqual(pass(), ["a", "b"]);
    assert.deepEqual(pass(), ["a", "b"]);
    it.close();
  } finally {
    db.close();
  }
});

test("manual reverse: last() then next() walks down; prev() is the same as next()", () => {
  const db = storeWith(["a", "b", "c", "d"]);
  try {
    const it = db.reverseIterator();
    assert.equal(it.eof, true);
    assert.equal(it.last(), it);
    const out: string[] = [];
    for (; !it.eof; it.next()) out.push(dec(it.key));
    assert.deepEqual(out, ["d", "c", "b", "a"]);
    const out2: string[] = [];
    for (it.last(); !it.eof; it.prev()) out2.push(dec(it.key));
    assert.deepEqual(out2, ["d", "c", "b", "a"]);
    assert.equal(it.last().prev(), it);
    it.close();
  } finally {
    db.close();
  }
});

test("direction misuse: last()/prev() on forward and first() on reverse throw SnkvError", () => {
  const db = storeWith(["a", "b"]);
  try {
    const fwd = db.iterator();
    assert.throws(() => fwd.last(), SnkvError);
    fwd.first();
    assert.throws(() => fwd.prev(), SnkvError);
    // The iterator is still usable after the refused call.
    assert.equal(dec(fwd.key), "a");
    fwd.close();
    const rev = db.reverseIterator();
    assert.throws(() => rev.first(), SnkvError);
    rev.last();
    assert.equal(dec(rev.key), "b");
    rev.close();
    const fp = db.prefixIterator("a");
    assert.throws(() => fp.last(), SnkvError);
    fp.close();
    const rp = db.reversePrefixIterator("a");
    assert.throws(() => rp.first(), SnkvError);
    rp.close();
  } finally {
    db.close();
  }
});

test("empty store: iterators of every kind yield nothing", () => {
  const db = new KVStore();
  try {
    assert.deepEqual(keysOf(db.iterator()), []);
    assert.deepEqual(keysOf(db.reverseIterator()), []);
    assert.deepEqual(keysOf(db.prefixIterator("a")), []);
    assert.deepEqual(keysOf(db.reversePrefixIterator("a")), []);
    assert.deepEqual([...db.entries()], []);
    const it = db.iterator().first();
    assert.equal(it.eof, true);
    it.close();
    const r = db.reverseIterator().last();
    assert.equal(r.eof, true);
    r.close();
  } finally {
    db.close();
  }
});

test("ordering is unsigned bytewise, shorter prefix first", () => {
  const db = new KVStore();
  try {
    const keys = [
      enc("apply"),
      enc("app"),
      enc("application"),
      enc("apple"),
      new Uint8Array([0xff]),
      new Uint8Array([0x00]),
      new Uint8Array([0x80, 0x01]),
      new Uint8Array([0x7f]),
      new Uint8Array([0x00, 0x00]),
    ];
    for (const k of keys) db.put(k, "v");
    const got = [...db.keys()].map((k) => Array.from(k));
    const want = [
      [0x00],
      [0x00, 0x00],
      ...["app", "apple", "application", "apply"].map((s) => Array.from(enc(s))),
      [0x7f],
      [0x80, 0x01],
      [0xff],
    ];
    assert.deepEqual(got, want);
    assert.deepEqual([...db.keys({ reverse: true })].map((k) => Array.from(k)), want.slice().reverse());
  } finally {
    db.close();
  }
});

test("prefix iterators start positioned on their first entry in their direction", () => {
  const db = storeWith(["a", "p1", "p2", "p3", "q"]);
  try {
    const f = db.prefixIterator("p");
    assert.equal(f.eof, false);
    assert.equal(dec(f.key), "p1");
    f.close();
    const r = db.reversePrefixIterator("p");
    assert.equal(r.eof, false);
    assert.equal(dec(r.key), "p3");
    r.close();
    const none = db.prefixIterator("zz");
    assert.equal(none.eof, true);
    none.close();
  } finally {
    db.close();
  }
});

test("prefix: exact boundaries, key equal to the prefix, binary prefixes", () => {
  const db = new KVStore();
  try {
    for (const k of ["app", "apple", "application", "apply", "apq", "ap", "b"]) db.put(k, "v");
    assert.deepEqual(keysOf(db.prefixIterator("app")), ["app", "apple", "application", "apply"]);
    assert.deepEqual(keysOf(db.prefixIterator("apple")), ["apple"]);
    assert.deepEqual(keysOf(db.reversePrefixIterator("app")), ["apply", "application", "apple", "app"]);
    const bin = new KVStore();
    try {
      bin.put(new Uint8Array([1, 2, 0]), "a");
      bin.put(new Uint8Array([1, 2, 3]), "b");
      bin.put(new Uint8Array([1, 2, 0xff]), "c");
      bin.put(new Uint8Array([1, 3, 0]), "d");
      bin.put(new Uint8Array([1, 2]), "e");
      const p = new Uint8Array([1, 2]);
      assert.deepEqual([...bin.values({ prefix: p })].map(dec), ["e", "a", "b", "c"]);
      assert.deepEqual([...bin.values({ prefix: p, reverse: true })].map(dec), ["c", "b", "a", "e"]);
    } finally {
      bin.close();
    }
  } finally {
    db.close();
  }
});

test("reverse prefix with all-0xFF prefixes", () => {
  const db = new KVStore();
  try {
    db.put(new Uint8Array([0xfe, 0xff]), "a");
    db.put(new Uint8Array([0xff]), "b");
    db.put(new Uint8Array([0xff, 0x00]), "c");
    db.put(new Uint8Array([0xff, 0xff]), "d");
    db.put(new Uint8Array([0xff, 0xff, 0xff]), "e");
    assert.deepEqual([...db.values({ prefix: new Uint8Array([0xff]), reverse: true })].map(dec), [
      "e",
      "d",
      "c",
      "b",
    ]);
    assert.deepEqual([...db.values({ prefix: new Uint8Array([0xff, 0xff]), reverse: true })].map(dec), [
      "e",
      "d",
    ]);
    assert.deepEqual([...db.values({ prefix: new Uint8Array([0xff]) })].map(dec), ["b", "c", "d", "e"]);
    assert.deepEqual([...db.values({ prefix: new Uint8Array([0xfe]), reverse: true })].map(dec), ["a"]);
  } finally {
    db.close();
  }
});

test("prefix first() rewinds a prefix iterator", () => {
  const db = storeWith(["a", "p1", "p2", "z"]);
  try {
    const it = db.prefixIterator("p");
    const pass = () => {
      const out: string[] = [];
      for (it.first(); !it.eof; it.next()) out.push(dec(it.key));
      return out;
    };
    assert.deepEqual(pass(), ["p1", "p2"]);
    assert.deepEqual(pass(), ["p1", "p2"]);
    it.close();
    const r = db.reversePrefixIterator("p");
    const out: string[] = [];
    for (r.last(); !r.eof; r.next()) out.push(dec(r.key));
    assert.deepEqual(out, ["p2", "p1"]);
    r.close();
  } finally {
    db.close();
  }
});

test("seek forward: exact, between, before first, past last", () => {
  const db = storeWith(["b", "d", "f"]);
  try {
    const it = db.iterator();
    assert.equal(it.seek("d"), it);
    assert.equal(dec(it.key), "d");
    it.seek("c");
    assert.equal(dec(it.key), "d");
    it.seek("a");
    assert.equal(dec(it.key), "b");
    it.seek("g");
    assert.equal(it.eof, true);
    // seek again after eof, then continue manually
    it.seek(enc("b")).next();
    assert.equal(dec(it.key), "d");
    it.close();
  } finally {
    db.close();
  }
});

test("seek reverse: exact, between, past last, before first", () => {
  const db = storeWith(["b", "d", "f"]);
  try {
    const it = db.reverseIterator();
    it.seek("d");
    assert.equal(dec(it.key), "d");
    it.seek("e");
    assert.equal(dec(it.key), "d");
    it.seek("z");
    assert.equal(dec(it.key), "f");
    it.seek("a");
    assert.equal(it.eof, true);
    it.seek("c").next();
    assert.equal(it.eof, true);
    it.seek("f").next();
    assert.equal(dec(it.key), "d");
    it.close();
  } finally {
    db.close();
  }
});

test("seek on an empty store is eof", () => {
  const db = new KVStore();
  try {
    const it = db.iterator().seek("a");
    assert.equal(it.eof, true);
    it.close();
    const r = db.reverseIterator().seek("a");
    assert.equal(r.eof, true);
    r.close();
  } finally {
    db.close();
  }
});

test("seek keeps the prefix boundary", () => {
  const db = storeWith(["a9", "p1", "p3", "p5", "q0"]);
  try {
    const it = db.prefixIterator("p");
    it.seek("p2");
    assert.equal(dec(it.key), "p3");
    it.next().next();
    assert.equal(it.eof, true);
    it.seek("p9");
    assert.equal(it.eof, true); // lands on q0, outside the prefix
    it.close();
    const r = db.reversePrefixIterator("p");
    r.seek("p4");
    assert.equal(dec(r.key), "p3");
    r.seek("p0");
    assert.equal(r.eof, true); // lands on a9, outside the prefix
    r.seek("zz");
    assert.equal(r.eof, true); // lands on q0, outside the prefix
    r.close();
  } finally {
    db.close();
  }
});

test("for-of after seek starts at the landed key (forward and reverse)", () => {
  const db = storeWith(["a", "b", "c", "d"]);
  try {
    const it = db.iterator();
    it.seek("b");
    assert.deepEqual(keysOf(it), ["b", "c", "d"]);
    const r = db.reverseIterator();
    r.seek("c");
    assert.deepEqual(keysOf(r), ["c", "b", "a"]);
  } finally {
    db.close();
  }
});

test("for-of continues from the current manual position", () => {
  const db = storeWith(["a", "b", "c", "d"]);
  try {
    const it = db.iterator();
    it.first().next();
    assert.deepEqual(keysOf(it), ["b", "c", "d"]);
    const r = db.reverseIterator();
    r.last().next();
    assert.deepEqual(keysOf(r), ["c", "b", "a"]);
    const p = db.prefixIterator("c");
    assert.deepEqual(keysOf(p), ["c"]);
  } finally {
    db.close();
  }
});

test("for-of over an unpositioned iterator starts at first / last", () => {
  const db = storeWith(["a", "b"]);
  try {
    assert.deepEqual(pairsOf(db.iterator()), [["a", "v:a"], ["b", "v:b"]]);
    assert.deepEqual(pairsOf(db.reverseIterator()), [["b", "v:b"], ["a", "v:a"]]);
  } finally {
    db.close();
  }
});

test("for-of over a KVIterator closes it when done, on break and on throw", () => {
  const db = storeWith(["a", "b", "c"]);
  try {
    const done = db.iterator();
    for (const _ of done) { /* drain */ }
    throwsClosed(() => done.first());

    const broken = db.iterator();
    for (const [k] of broken) {
      assert.equal(dec(k), "a");
      break;
    }
    throwsClosed(() => broken.first());
    // Still idempotent after the protocol closed it.
    broken.close();

    const thrown = db.iterator();
    assert.throws(() => {
      for (const _ of thrown) throw new Error("stop");
    }, /stop/);
    throwsClosed(() => thrown.first());
  } finally {
    db.close();
  }
});

test("entries()/keys()/values() release their cursor on break, throw and completion", () => {
  const path = join(tempDir(), "release.db");
  const db = new KVStore(path);
  try {
    for (let i = 0; i < 300; i++) db.put(`k${String(i).padStart(4, "0")}`, "x".repeat(100));
    for (const _ of db.entries()) break;
    assert.throws(() => {
      for (const _ of db.keys()) throw new Error("stop");
    }, /stop/);
    for (const _ of db.values({ reverse: true })) { /* drain */ }
    // No cursor (and so no read snapshot) is left behind: another handle writes, this one sees
    // it, and a TRUNCATE checkpoint can reset the WAL.
    const other = new KVStore(path);
    other.put("from-other", "1");
    other.close();
    assert.equal(db.getString("from-other"), "1");
    const c = db.checkpoint("truncate");
    assert.equal(c.walFrames, 0);
  } finally {
    db.close();
  }
});

test("values yielded by a scan stay valid after the scan moves on", () => {
  const db = new KVStore();
  try {
    const n = 5000;
    const want: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = `value-${i}-` + "x".repeat(i % 50);
      want.push(v);
      db.put(`k${String(i).padStart(5, "0")}`, v);
    }
    const collected = [...db.entries()];
    assert.equal(collected.length, n);
    db.put("k00000", "changed");
    const again = [...db.values({ reverse: true })];
    for (let i = 0; i < n; i++) {
      assert.equal(dec(collected[i][1]), want[i]);
      assert.equal(dec(collected[i][0]), `k${String(i).padStart(5, "0")}`);
    }
    assert.equal(dec(again[n - 1]), "changed");
    // Mutating a yielded value does not affect the store or other yielded values.
    collected[1][1][0] = 0x21;
    assert.equal(db.getString("k00001"), want[1]);
  } finally {
    db.close();
  }
});

test("manual key/value return stable copies across moves", () => {
  const db = storeWith(["a", "b"]);
  try {
    const it = db.iterator().first();
    const k = it.key;
    const v = it.value;
    it.next();
    assert.equal(dec(k), "a");
    assert.equal(dec(v), "v:a");
    it.close();
    assert.equal(dec(k), "a");
  } finally {
    db.close();
  }
});

test("large values and keys come through iteration intact", () => {
  const db = new KVStore();
  try {
    const big = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    const longKey = "m".repeat(2000); // sorts between "b-big" and "z-empty"
    db.put("a-small", "s");
    db.put("b-big", big);
    db.put(longKey, "long-key");
    db.put("z-empty", "");
    const got = [...db.entries()];
    assert.equal(got.length, 4);
    assert.equal(dec(got[0][1]), "s");
    assert.equal(got[1][1].length, big.length);
    assert.deepEqual(got[1][1], big);
    assert.equal(dec(got[2][0]), longKey);
    assert.equal(dec(got[3][0]), "z-empty");
    assert.equal(got[3][1].length, 0);
    const rev = [...db.entries({ reverse: true })];
    assert.deepEqual(rev[2][1], big);
  } finally {
    db.close();
  }
});

test("iterator on a column family is confined to it", () => {
  const db = storeWith(["d1", "d2"]);
  try {
    const cf = db.createColumnFamily("c");
    cf.putMany([["c1", "1"], ["c2", "2"], ["c3", "3"]]);
    assert.deepEqual(keysOf(cf.iterator()), ["c1", "c2", "c3"]);
    assert.deepEqual(keysOf(cf.reverseIterator()), ["c3", "c2", "c1"]);
    assert.deepEqual(keysOf(db.iterator()), ["d1", "d2"]);
    const it = cf.iterator().seek("c2");
    assert.deepEqual(keysOf(it), ["c2", "c3"]);
    cf.close();
  } finally {
    db.close();
  }
});

test("closing a family closes its iterators", () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("c");
    cf.put("k", "v");
    const it = cf.iterator().first();
    cf.close();
    throwsClosed(() => it.next());
  } finally {
    db.close();
  }
});

test("KVIterator close is idempotent; a closed iterator throws CLOSED; eof stays readable", () => {
  const db = storeWith(["a"]);
  try {
    const it = db.iterator();
    assert.ok(it instanceof KVIterator);
    it.close();
    it.close();
    throwsClosed(() => it.first());
    throwsClosed(() => it.next());
    throwsClosed(() => it.seek("a"));
    throwsClosed(() => it.key);
    throwsClosed(() => it.value);
    let d: KVIterator;
    {
      using it2 = db.iterator();
      d = it2;
    }
    throwsClosed(() => d.first());
  } finally {
    db.close();
  }
});

test("store.close() closes open iterators; using one afterwards throws CLOSED, never crashes", () => {
  const db = storeWith(["a", "b"]);
  const it = db.iterator().first();
  const gen = db.entries();
  gen.next();
  db.close();
  throwsClosed(() => it.next());
  throwsClosed(() => it.key);
  // A lazy scan may still hand out entries it had already copied, but it must end with
  // CLOSED rather than touch the closed handle.
  try {
    for (let r = gen.next(); !r.done; r = gen.next()) { /* drain */ }
  } catch (e) {
    assert.ok(e instanceof SnkvError && e.code === "CLOSED", String(e));
  }
  it.close();
});

test("iteration counts in stats", () => {
  const db = storeWith(["a"]);
  try {
    db.resetStats();
    [...db.entries()];
    db.iterator().close();
    assert.ok(db.stats().iterations >= 2);
  } finally {
    db.close();
  }
});

test("a long scan over many keys in both directions", () => {
  const db = new KVStore();
  try {
    const n = 20000;
    db.putMany(
      (function* () {
        for (let i = 0; i < n; i++) {
          yield [`key:${String(i).padStart(6, "0")}`, String(i)] as [string, string];
        }
      })(),
    );
    let i = 0;
    for (const [k, v] of db) {
      assert.equal(dec(k), `key:${String(i).padStart(6, "0")}`);
      assert.equal(dec(v), String(i));
      i++;
    }
    assert.equal(i, n);
    for (const v of db.values({ reverse: true })) {
      i--;
      assert.equal(dec(v), String(i));
    }
    assert.equal(i, 0);
  } finally {
    db.close();
  }
});
