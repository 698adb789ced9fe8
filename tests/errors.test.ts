// Bad input and misuse: every case of api.md's Errors section, each its own assertion.
// Argument errors are TypeError/RangeError, raised before any native call; calls on closed
// handles throw SnkvError "CLOSED"; native failures carry a typed class and a stable code.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { join } from "node:path";
import {
  BusyError,
  type ColumnFamily,
  CorruptError,
  KVStore,
  LockedError,
  NotFoundError,
  ReadOnlyError,
  SnkvError,
} from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { throwsClosed, throwsCode } from "./helpers/util.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const MAX_KEY = 65536;
const MAX_VALUE = 10 * 1024 * 1024;

/** The key-taking data calls of a store or family, each called with `key`. */
function keyCalls(t: KVStore | ColumnFamily, key: Any): [string, () => unknown][] {
  return [
    ["put", () => t.put(key, "v")],
    ["set", () => t.set(key, "v")],
    ["get", () => t.get(key)],
    ["getString", () => t.getString(key)],
    ["has", () => t.has(key)],
    ["delete", () => t.delete(key)],
    ["putIfAbsent", () => t.putIfAbsent(key, "v")],
    ["ttl", () => t.ttl(key)],
    ["putMany", () => t.putMany([[key, "v"]])],
    ["getMany", () => t.getMany([key])],
    ["deleteMany", () => t.deleteMany([key])],
  ];
}

/** The value-taking calls, each called with `value`. */
function valueCalls(t: KVStore | ColumnFamily, value: Any): [string, () => unknown][] {
  return [
    ["put", () => t.put("k", value)],
    ["set", () => t.set("k", value)],
    ["putIfAbsent", () => t.putIfAbsent("k", value)],
    ["putMany", () => t.putMany([["k", value]])],
  ];
}

function expectEach(calls: [string, () => unknown][], cls: new (...a: Any[]) => Error, what: string) {
  for (const [name, fn] of calls) {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof cls, `${name}(${what}) should throw ${cls.name}, got ${String(caught)}`);
  }
}

test("number key → TypeError (store)", () => {
  const db = new KVStore();
  try {
    expectEach(keyCalls(db, 42), TypeError, "42");
  } finally {
    db.close();
  }
});

test("object key → TypeError (store)", () => {
  const db = new KVStore();
  try {
    expectEach(keyCalls(db, { k: 1 }), TypeError, "{}");
  } finally {
    db.close();
  }
});

test("null, undefined, boolean and array keys → TypeError", () => {
  const db = new KVStore();
  try {
    expectEach(keyCalls(db, null), TypeError, "null");
    expectEach(keyCalls(db, undefined), TypeError, "undefined");
    expectEach(keyCalls(db, true), TypeError, "true");
    expectEach(keyCalls(db, [1, 2]), TypeError, "[1,2]");
  } finally {
    db.close();
  }
});

test("number and object keys → TypeError (column family)", () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("f");
    expectEach(keyCalls(cf, 7), TypeError, "7");
    expectEach(keyCalls(cf, {}), TypeError, "{}");
    cf.close();
  } finally {
    db.close();
  }
});

test("number and object values → TypeError", () => {
  const db = new KVStore();
  try {
    expectEach(valueCalls(db, 42), TypeError, "42");
    expectEach(valueCalls(db, { v: 1 }), TypeError, "{}");
    expectEach(valueCalls(db, null), TypeError, "null");
    expectEach(valueCalls(db, undefined), TypeError, "undefined");
    assert.equal(db.count(), 0);
  } finally {
    db.close();
  }
});

test("empty string key → RangeError", () => {
  const db = new KVStore();
  try {
    expectEach(keyCalls(db, ""), RangeError, '""');
  } finally {
    db.close();
  }
});

test("empty byte key → RangeError", () => {
  const db = new KVStore();
  try {
    expectEach(keyCalls(db, new Uint8Array(0)), RangeError, "Uint8Array(0)");
  } finally {
    db.close();
  }
});

test("key over 64 KiB → RangeError (bytes and string)", () => {
  const db = new KVStore();
  try {
    expectEach(keyCalls(db, new Uint8Array(MAX_KEY + 1).fill(0x61)), RangeError, "65537 bytes");
    expectEach(keyCalls(db, "k".repeat(MAX_KEY + 1)), RangeError, "65537 chars");
    // The limit is on UTF-8 bytes, not UTF-16 units: 32769 × "é" is 65538 bytes.
    expectEach(keyCalls(db, "é".repeat(32769)), RangeError, "65538-byte string");
  } finally {
    db.close();
  }
});

test("key of exactly 64 KiB is accepted", () => {
  const db = new KVStore();
  try {
    const k = new Uint8Array(MAX_KEY).fill(0x62);
    db.put(k, "v");
    assert.equal(db.getString(k), "v");
    db.put("k".repeat(MAX_KEY), "s");
    assert.equal(db.getString("k".repeat(MAX_KEY)), "s");
    assert.equal(db.delete(k), true);
  } finally {
    db.close();
  }
});

test("value over 10 MiB → RangeError", () => {
  const db = new KVStore();
  try {
    expectEach(valueCalls(db, new Uint8Array(MAX_VALUE + 1)), RangeError, "10 MiB + 1");
    assert.equal(db.count(), 0);
  } finally {
    db.close();
  }
});

test("value of exactly 10 MiB is accepted", () => {
  const db = new KVStore();
  try {
    const v = new Uint8Array(MAX_VALUE);
    v[0] = 1;
    v[MAX_VALUE - 1] = 2;
    db.put("big", v);
    const got = db.get("big")!;
    assert.equal(got.length, MAX_VALUE);
    assert.equal(got[0], 1);
    assert.equal(got[MAX_VALUE - 1], 2);
  } finally {
    db.close();
  }
});

test("non-string family name → TypeError", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.createColumnFamily(42 as Any), TypeError);
    assert.throws(() => db.createColumnFamily(undefined as Any), TypeError);
    assert.throws(() => db.openColumnFamily({} as Any), TypeError);
    assert.throws(() => db.openColumnFamily(null as Any), TypeError);
    assert.throws(() => db.dropColumnFamily(1 as Any), TypeError);
    assert.throws(() => db.dropColumnFamily(new Uint8Array([0x61]) as Any), TypeError);
  } finally {
    db.close();
  }
});

test("wrong argument types for prefixes and seek → TypeError; empty seek key → RangeError", () => {
  const db = new KVStore();
  try {
    db.put("a", "1");
    assert.throws(() => db.prefixIterator(5 as Any), TypeError);
    assert.throws(() => db.reversePrefixIterator({} as Any), TypeError);
    assert.throws(() => db.iterator({ prefix: 1 as Any }), TypeError);
    assert.throws(() => [...db.entries({ prefix: [] as Any })], TypeError);
    const it = db.iterator();
    assert.throws(() => it.seek(3 as Any), TypeError);
    assert.throws(() => it.seek(""), RangeError);
    it.close();
  } finally {
    db.close();
  }
});

test("batch calls: non-iterable arguments → TypeError", () => {
  const db = new KVStore();
  try {
    assert.throws(() => db.putMany(42 as Any), TypeError);
    assert.throws(() => db.getMany(42 as Any), TypeError);
    assert.throws(() => db.deleteMany(null as Any), TypeError);
    assert.throws(() => db.putMany([["k"]] as Any), TypeError);
  } finally {
    db.close();
  }
});

test("wrong constructor argument types → TypeError/RangeError", () => {
  const isArgError = (e: unknown) => e instanceof TypeError || e instanceof RangeError;
  assert.throws(() => new KVStore(42 as Any), isArgError);
  const path = join(tempDir(), "opt.db");
  assert.throws(() => new KVStore(path, { journalMode: "bogus" as Any }), isArgError);
  assert.throws(() => new KVStore(path, { syncLevel: "sometimes" as Any }), isArgError);
  assert.throws(() => new KVStore(path, { cacheSize: "big" as Any }), isArgError);
  assert.throws(() => new KVStore(path, { busyTimeout: "5s" as Any }), isArgError);
});

test("argument errors never reach the native library (its error counter stays 0)", () => {
  const db = new KVStore();
  try {
    db.put("k", "v");
    db.resetStats();
    for (const bad of [42, {}, "", new Uint8Array(0), new Uint8Array(MAX_KEY + 1)]) {
      for (const [, fn] of keyCalls(db, bad)) {
        try {
          fn();
        } catch { /* expected */ }
      }
    }
    for (const [, fn] of valueCalls(db, new Uint8Array(MAX_VALUE + 1))) {
      try {
        fn();
      } catch { /* expected */ }
    }
    assert.equal(db.stats().errors, 0);
    assert.equal(db.stats().puts, 0);
    assert.equal(db.getString("k"), "v");
  } finally {
    db.close();
  }
});

test("every call on a closed store throws SnkvError CLOSED", () => {
  const db = new KVStore();
  db.put("k", "v");
  db.close();
  const calls: [string, () => unknown][] = [
    ["put", () => db.put("k", "v")],
    ["set", () => db.set("k", "v")],
    ["get", () => db.get("k")],
    ["getString", () => db.getString("k")],
    ["has", () => db.has("k")],
    ["delete", () => db.delete("k")],
    ["putIfAbsent", () => db.putIfAbsent("k", "v")],
    ["ttl", () => db.ttl("k")],
    ["purgeExpired", () => db.purgeExpired()],
    ["count", () => db.count()],
    ["clear", () => db.clear()],
    ["begin", () => db.begin()],
    ["commit", () => db.commit()],
    ["rollback", () => db.rollback()],
    ["transaction", () => db.transaction(() => 1)],
    ["createColumnFamily", () => db.createColumnFamily("x")],
    ["openColumnFamily", () => db.openColumnFamily("x")],
    ["defaultColumnFamily", () => db.defaultColumnFamily()],
    ["listColumnFamilies", () => db.listColumnFamilies()],
    ["dropColumnFamily", () => db.dropColumnFamily("x")],
    ["iterator", () => db.iterator()],
    ["prefixIterator", () => db.prefixIterator("k")],
    ["reverseIterator", () => db.reverseIterator()],
    ["reversePrefixIterator", () => db.reversePrefixIterator("k")],
    ["entries", () => [...db.entries()]],
    ["keys", () => [...db.keys()]],
    ["values", () => [...db.values()]],
    ["Symbol.iterator", () => [...db]],
    ["checkpoint", () => db.checkpoint()],
    ["sync", () => db.sync()],
    ["vacuum", () => db.vacuum()],
    ["integrityCheck", () => db.integrityCheck()],
    ["stats", () => db.stats()],
    ["resetStats", () => db.resetStats()],
    ["putMany", () => db.putMany([["k", "v"]])],
    ["getMany", () => db.getMany(["k"])],
    ["deleteMany", () => db.deleteMany(["k"])],
  ];
  for (const [name, fn] of calls) {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    assert.ok(
      caught instanceof SnkvError && caught.code === "CLOSED",
      `${name} on a closed store: ${String(caught)}`,
    );
  }
  // close and dispose stay harmless; the state is still readable
  db.close();
  db[Symbol.dispose]();
  assert.equal(db.closed, true);
});

test("every call on a closed family throws SnkvError CLOSED", () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("f");
    cf.put("k", "v");
    cf.close();
    const calls: [string, () => unknown][] = [
      ["put", () => cf.put("k", "v")],
      ["set", () => cf.set("k", "v")],
      ["get", () => cf.get("k")],
      ["getString", () => cf.getString("k")],
      ["has", () => cf.has("k")],
      ["delete", () => cf.delete("k")],
      ["putIfAbsent", () => cf.putIfAbsent("k", "v")],
      ["ttl", () => cf.ttl("k")],
      ["purgeExpired", () => cf.purgeExpired()],
      ["count", () => cf.count()],
      ["clear", () => cf.clear()],
      ["iterator", () => cf.iterator()],
      ["prefixIterator", () => cf.prefixIterator("k")],
      ["reverseIterator", () => cf.reverseIterator()],
      ["reversePrefixIterator", () => cf.reversePrefixIterator("k")],
      ["entries", () => [...cf.entries()]],
      ["keys", () => [...cf.keys()]],
      ["values", () => [...cf.values()]],
      ["Symbol.iterator", () => [...cf]],
      ["putMany", () => cf.putMany([["k", "v"]])],
      ["getMany", () => cf.getMany(["k"])],
      ["deleteMany", () => cf.deleteMany(["k"])],
    ];
    for (const [name, fn] of calls) {
      let caught: unknown;
      try {
        fn();
      } catch (e) {
        caught = e;
      }
      assert.ok(
        caught instanceof SnkvError && caught.code === "CLOSED",
        `${name} on a closed family: ${String(caught)}`,
      );
    }
    cf.close();
    cf[Symbol.dispose]();
  } finally {
    db.close();
  }
});

test("a family of a closed store throws SnkvError CLOSED", () => {
  const db = new KVStore();
  const cf = db.createColumnFamily("f");
  const def = db.defaultColumnFamily();
  db.close();
  throwsClosed(() => cf.put("k", "v"));
  throwsClosed(() => cf.get("k"));
  throwsClosed(() => cf.count());
  throwsClosed(() => def.get("k"));
  cf.close();
  def.close();
});

test("every call on a closed iterator throws SnkvError CLOSED", () => {
  const db = new KVStore();
  try {
    db.put("k", "v");
    const it = db.iterator().first();
    it.close();
    throwsClosed(() => it.first());
    throwsClosed(() => it.next());
    throwsClosed(() => it.seek("k"));
    throwsClosed(() => it.key);
    throwsClosed(() => it.value);
    throwsClosed(() => [...it]);
    const rev = db.reverseIterator().last();
    rev.close();
    throwsClosed(() => rev.last());
    throwsClosed(() => rev.prev());
    it.close();
  } finally {
    db.close();
  }
});

test("an iterator of a closed store or family throws SnkvError CLOSED", () => {
  const db = new KVStore();
  db.put("k", "v");
  const cf = db.createColumnFamily("f");
  cf.put("k", "v");
  const cfIt = cf.iterator().first();
  cf.close();
  throwsClosed(() => cfIt.next());
  const it = db.iterator().first();
  db.close();
  throwsClosed(() => it.next());
  throwsClosed(() => it.key);
});

test("commit() with no transaction throws SnkvError", () => {
  const db = new KVStore();
  try {
    const e = throwsCode(() => db.commit(), SnkvError);
    assert.ok(e.message.length > 0);
  } finally {
    db.close();
  }
});

test("rollback() with no transaction throws SnkvError", () => {
  const db = new KVStore();
  try {
    throwsCode(() => db.rollback(), SnkvError);
  } finally {
    db.close();
  }
});

test("begin() inside a transaction throws SnkvError", () => {
  const db = new KVStore();
  try {
    db.begin({ write: true });
    throwsCode(() => db.begin(), SnkvError);
    db.rollback();
  } finally {
    db.close();
  }
});

test("error classes: hierarchy, code and errno", () => {
  for (const cls of [NotFoundError, BusyError, LockedError, ReadOnlyError, CorruptError]) {
    assert.ok(cls.prototype instanceof SnkvError, cls.name);
  }
  assert.ok(SnkvError.prototype instanceof Error);
  const db = new KVStore();
  try {
    const e = throwsCode(() => db.openColumnFamily("missing"), NotFoundError, "NOTFOUND") as SnkvError;
    assert.equal(e.errno, 12);
    assert.equal(typeof e.message, "string");
    assert.ok(e.message.length > 0);
    assert.ok(e instanceof Error);
    assert.ok(typeof e.stack === "string");
    const t = throwsCode(() => db.ttl("missing"), NotFoundError, "NOTFOUND") as SnkvError;
    assert.equal(t.errno, 12);
  } finally {
    db.close();
  }
});

test("BusyError carries code BUSY and errno 5", () => {
  const path = join(tempDir(), "busy.db");
  const a = new KVStore(path);
  const b = new KVStore(path);
  try {
    a.begin({ write: true });
    const e = throwsCode(() => b.put("k", "v"), BusyError, "BUSY") as SnkvError;
    assert.equal(e.errno & 0xff, 5);
    a.rollback();
  } finally {
    a.close();
    b.close();
  }
});

test("writes on a read-only store throw ReadOnlyError", () => {
  const path = join(tempDir(), "ro.db");
  const w = new KVStore(path);
  w.put("k", "v");
  const cfw = w.createColumnFamily("f");
  cfw.close();
  w.close();
  const db = new KVStore(path, { readOnly: true });
  try {
    assert.equal(db.getString("k"), "v");
    const e = throwsCode(() => db.put("k", "v2"), ReadOnlyError, "READONLY") as SnkvError;
    assert.equal(e.errno & 0xff, 8);
    assert.throws(() => db.delete("k"), ReadOnlyError);
    assert.throws(() => db.clear(), ReadOnlyError);
    assert.throws(() => db.putMany([["a", "b"]]), ReadOnlyError);
    assert.throws(() => db.createColumnFamily("g"), ReadOnlyError);
    assert.throws(() => db.dropColumnFamily("f"), ReadOnlyError);
    assert.throws(() => db.begin({ write: true }), ReadOnlyError);
    assert.equal(db.getString("k"), "v");
    assert.deepEqual(db.listColumnFamilies(), ["f"]);
  } finally {
    db.close();
  }
});

test("open failures: missing file read-only, a directory, a missing parent → CANTOPEN", () => {
  const dir = tempDir();
  throwsCode(() => new KVStore(join(dir, "missing.db"), { readOnly: true }), SnkvError, "CANTOPEN");
  throwsCode(() => new KVStore(dir), SnkvError, "CANTOPEN");
  throwsCode(() => new KVStore(join(dir, "no", "such", "dir.db")), SnkvError, "CANTOPEN");
  assert.equal(fs.existsSync(join(dir, "missing.db")), false);
});

test("open of a file that is not a database → SnkvError NOTADB with a message", () => {
  const path = join(tempDir(), "garbage.db");
  fs.writeFileSync(path, new Uint8Array(8192).fill(0x5a));
  const e = throwsCode(() => new KVStore(path), SnkvError, "NOTADB") as SnkvError;
  assert.equal(e.errno & 0xff, 26);
  assert.ok(e.message.length > 0 && !/^no error$/i.test(e.message), e.message);
  // The file was not modified.
  assert.ok(fs.readFileSync(path).every((b) => b === 0x5a));
});

test("a native error's message names that failure, not an earlier one", () => {
  const db = new KVStore();
  try {
    db.createColumnFamily("dup").close();
    const dup = throwsCode(() => db.createColumnFamily("dup"), SnkvError);
    const miss = throwsCode(() => db.openColumnFamily("absent-name"), NotFoundError);
    assert.notEqual(dup.message, miss.message);
    assert.ok(!/^no error$/i.test(dup.message));
    assert.ok(!/^no error$/i.test(miss.message));
    const c = throwsCode(() => db.commit(), SnkvError);
    assert.notEqual(c.message, miss.message);
  } finally {
    db.close();
  }
});
