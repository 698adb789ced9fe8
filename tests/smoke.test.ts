// A quick pass over every public member, in both runtimes: does the TypeScript layer work?
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BusyError,
  ColumnFamily,
  KVIterator,
  KVStore,
  NotFoundError,
  ReadOnlyError,
  SnkvError,
} from "../mod.ts";
import { fixture, libPath, runScript, runtime, tempDir, test } from "./harness.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));
const strs = (it: Iterable<Uint8Array>) => [...it].map((b) => dec(b));

function assertCode(fn: () => unknown, code: string, cls: new (...a: never[]) => Error = SnkvError) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e}`);
    assert.equal((e as SnkvError).code, code);
    return true;
  });
}

test(`smoke: put/get/has/delete round trip (${runtime})`, () => {
  using db = new KVStore();
  assert.equal(db.path, ":memory:");
  assert.equal(db.closed, false);
  db.put("user:1", "alice");
  assert.equal(db.set("bin", new Uint8Array([0, 1, 255])), db);
  db.put(new Uint8Array([0xff, 0]), "");
  assert.equal(db.getString("user:1"), "alice");
  assert.deepEqual(db.get("bin"), new Uint8Array([0, 1, 255]));
  assert.deepEqual(db.get(new Uint8Array([0xff, 0])), new Uint8Array(0));
  assert.equal(db.get("missing"), undefined);
  assert.equal(db.getString("missing"), undefined);
  assert.equal(db.has("user:1"), true);
  assert.equal(db.has("missing"), false);
  assert.equal(db.delete("user:1"), true);
  assert.equal(db.delete("user:1"), false);
  assert.equal(db.count(), 2);
  db.clear();
  assert.equal(db.count(), 0);
  assert.equal(db.putIfAbsent("k", "1"), true);
  assert.equal(db.putIfAbsent("k", "2"), false);
  assert.equal(db.getString("k"), "1");
});

test("smoke: returned values are the caller's own, across slab refills", () => {
  using db = new KVStore();
  const big = new Uint8Array(200_000).map((_, i) => i % 251);
  db.put("big", big);
  for (let i = 0; i < 5000; i++) db.put(`k${i}`, `value-${i}-${"x".repeat(i % 100)}`);
  const got = [];
  for (let i = 0; i < 5000; i++) got.push(db.get(`k${i}`)!);
  const b = db.get("big")!;
  assert.deepEqual(b, big);
  for (let i = 0; i < 5000; i++) assert.equal(dec(got[i]), `value-${i}-${"x".repeat(i % 100)}`);
  assert.equal(db.getString("big")!.length > 0, true);
});

test("smoke: views with an offset, empty prefix, update-while-iterating", () => {
  using db = new KVStore();
  const backing = enc("..key-in-the-middle..value-part..");
  db.put(backing.subarray(2, 19), backing.subarray(21, 31));
  assert.equal(db.getString("key-in-the-middle"), "value-part");
  assert.deepEqual(db.get(backing.subarray(2, 19)), enc("value-part"));
  for (let i = 0; i < 300; i++) db.put(`u${String(i).padStart(3, "0")}`, "old");
  using all = db.prefixIterator("");
  assert.equal(all.eof, false); // a prefix iterator starts positioned, even on ""
  assert.equal(dec(all.key), "key-in-the-middle");
  let n = 0;
  for (const [k] of db.entries({ prefix: "u" })) {
    db.put(k, "new"); // a write at every step
    n++;
  }
  assert.equal(n, 300);
  assert.ok([...db.values({ prefix: "u" })].every((v) => dec(v) === "new"));
});

test("smoke: TTL in milliseconds", () => {
  using db = new KVStore();
  db.put("live", "v", { ttl: 60_000 });
  db.put("dead", "v", { expireAt: 1 });
  db.put("perm", "v");
  const ttl = db.ttl("live")!;
  assert.ok(ttl > 59_000 && ttl <= 60_000, `ttl ${ttl}`);
  assert.equal(db.ttl("perm"), null);
  assertCode(() => db.ttl("dead"), "NOTFOUND", NotFoundError);
  assertCode(() => db.ttl("nothing"), "NOTFOUND", NotFoundError);
  assert.equal(db.get("dead"), undefined);
  assert.equal(db.has("dead"), false);
  assert.equal(db.count(), 3);
  assert.equal(db.putIfAbsent("dead", "again"), true);
  db.put("dead2", "v", { expireAt: 2 });
  assert.equal(db.purgeExpired(), 1);
  assert.equal(db.count(), 3);
  db.put("live", "v"); // a put without options clears the TTL
  assert.equal(db.ttl("live"), null);
  assert.throws(() => db.put("x", "v", { ttl: 0 }), RangeError);
  assert.throws(() => db.put("x", "v", { ttl: -1 }), RangeError);
  assert.throws(() => db.put("x", "v", { ttl: Infinity }), RangeError);
  assert.throws(() => db.put("x", "v", { expireAt: 0 }), RangeError);
  assert.throws(() => db.put("x", "v", { ttl: 1, expireAt: 5 }), TypeError);
});

test("smoke: putMany / getMany / deleteMany", () => {
  using db = new KVStore();
  assert.equal(db.putMany([["a", "1"], ["b", enc("2")], ["c", ""]]), 3);
  assert.deepEqual(db.getMany(["a", "x", "c", "b"]).map(dec), ["1", undefined, "", "2"]);
  const many: [string, string][] = [];
  for (let i = 0; i < 3000; i++) many.push([`m${i}`, "y".repeat(200)]);
  db.putMany(many, { ttl: 60_000 });
  const vals = db.getMany(many.map(([k]) => k));
  assert.equal(vals.length, 3000);
  assert.ok(vals.every((v) => v?.length === 200));
  assert.ok(db.ttl("m5")! > 0);
  assert.equal(db.deleteMany(["a", "b", "nope"]), 2);
  assert.equal(db.putMany([]), 0);
  assert.deepEqual(db.getMany([]), []);
});

test("smoke: manual iterator cursor", () => {
  using db = new KVStore();
  for (const k of ["a1", "a2", "a3", "b1", "b2"]) db.put(k, k.toUpperCase());
  using it = db.iterator();
  assert.ok(it instanceof KVIterator);
  assert.equal(it.eof, true);
  assert.throws(() => it.key, SnkvError);
  it.first();
  assert.equal(dec(it.key), "a1");
  assert.equal(dec(it.value), "A1");
  it.next().next();
  assert.equal(dec(it.key), "a3");
  it.seek("b");
  assert.equal(dec(it.key), "b1");
  assert.deepEqual([...it].map(([k]) => dec(k)), ["b1", "b2"]); // D6: starts at the landed key
  assert.equal(it.closed, true);
  assertCode(() => it.next(), "CLOSED");
  assertCode(() => db.iterator().last(), "ERROR");
  assertCode(() => db.iterator().prev(), "ERROR");
  assertCode(() => db.reverseIterator().first(), "ERROR");

  using rev = db.reverseIterator();
  rev.last();
  assert.equal(dec(rev.key), "b2");
  rev.next();
  assert.equal(dec(rev.key), "b1");
  rev.prev();
  assert.equal(dec(rev.key), "a3");
  rev.seek("a25");
  assert.equal(dec(rev.key), "a2");

  using p = db.prefixIterator("a");
  assert.equal(p.eof, false); // prefix iterators start on their first entry
  assert.equal(dec(p.key), "a1");
  using rp = db.reversePrefixIterator("a");
  assert.equal(dec(rp.key), "a3");
  assert.deepEqual([...rp].map(([k]) => dec(k)), ["a3", "a2", "a1"]);
  using empty = db.prefixIterator("zzz");
  assert.equal(empty.eof, true);
});

test("smoke: entries / keys / values / for-of", () => {
  using db = new KVStore();
  for (let i = 0; i < 2500; i++) db.put(`k${String(i).padStart(5, "0")}`, `v${i}`);
  assert.equal([...db].length, 2500);
  assert.deepEqual(strs(db.keys({ prefix: "k0000" })), [
    "k00000",
    "k00001",
    "k00002",
    "k00003",
    "k00004",
    "k00005",
    "k00006",
    "k00007",
    "k00008",
    "k00009",
  ]);
  assert.equal(dec([...db.values({ reverse: true })][0]), "v2499");
  assert.equal(dec([...db.entries({ prefix: "k0249", reverse: true })][0][0]), "k02499");
  let n = 0;
  for (const [k] of db.entries()) {
    if (++n === 3) {
      assert.equal(dec(k), "k00002");
      break; // closes the cursor
    }
  }
});

test("smoke: writes during iteration are seen after the current key", () => {
  using db = new KVStore();
  for (let i = 0; i < 100; i++) db.put(`k${String(i).padStart(3, "0")}`, "v");
  const seen: string[] = [];
  for (const k of db.keys()) {
    const s = dec(k)!;
    seen.push(s);
    if (s === "k010") {
      db.delete("k011");
      db.put("k0105", "new");
    }
  }
  assert.ok(!seen.includes("k011"));
  assert.ok(seen.includes("k0105"));
  assert.equal(seen.length, 100);
});

test("smoke: column families", () => {
  using db = new KVStore();
  const users = db.createColumnFamily("users");
  assert.ok(users instanceof ColumnFamily);
  assert.equal(users.name, "users");
  users.put("alice", "admin");
  db.put("alice", "root-default");
  assert.equal(users.getString("alice"), "admin");
  assert.equal(users.count(), 1);
  assertCode(() => db.createColumnFamily("users"), "ERROR");
  assertCode(() => db.openColumnFamily("nope"), "NOTFOUND", NotFoundError);
  const again = db.openColumnFamily("users");
  assert.equal(again.getString("alice"), "admin");
  const def = db.defaultColumnFamily();
  assert.equal(def.getString("alice"), "root-default");
  def.close();
  assert.deepEqual(db.listColumnFamilies(), ["users"]);
  assertCode(() => db.dropColumnFamily("users"), "BUSY", BusyError);
  users.close();
  again.close();
  assertCode(() => users.get("alice"), "CLOSED");
  db.dropColumnFamily("users");
  assert.deepEqual(db.listColumnFamilies(), []);
  assertCode(() => db.dropColumnFamily("users"), "NOTFOUND", NotFoundError);
  assert.throws(() => db.createColumnFamily(42 as unknown as string), TypeError);
  assert.throws(() => db.createColumnFamily(""), RangeError);
  const t = db.createColumnFamily("t");
  t.putMany([["x", "1"], ["y", "2"]]);
  assert.deepEqual(strs(t.keys()), ["x", "y"]);
  const it = t.iterator();
  db.close(); // closes families and iterators too
  assertCode(() => t.count(), "CLOSED");
  assertCode(() => it.first(), "CLOSED");
  t.close();
  it.close();
});

test("smoke: transactions", () => {
  using db = new KVStore();
  assert.equal(db.inTransaction, false);
  db.begin({ write: true });
  assert.equal(db.inTransaction, true);
  db.put("a", "1");
  assertCode(() => db.begin(), "ERROR");
  db.rollback();
  assert.equal(db.get("a"), undefined);
  assertCode(() => db.commit(), "ERROR");
  assertCode(() => db.rollback(), "ERROR");
  db.begin();
  db.put("b", "2"); // upgrades the read transaction
  db.commit();
  assert.equal(db.getString("b"), "2");
  assert.equal(db.transaction(() => (db.put("c", "3"), 42)), 42);
  assert.equal(db.getString("c"), "3");
  assert.throws(() =>
    db.transaction(() => {
      db.put("d", "4");
      throw new Error("boom");
    }), /boom/);
  assert.equal(db.get("d"), undefined);
  assert.equal(db.inTransaction, false);
  assert.throws(() => db.transaction(async () => {}), TypeError);
  assert.equal(db.inTransaction, false);
});

test("smoke: file store, maintenance, stats, read-only", () => {
  const path = join(tempDir(), "smoke.db");
  {
    using db = new KVStore(path, { busyTimeout: 1000, walSizeLimit: 0, cacheSize: 500, syncLevel: "normal" });
    for (let i = 0; i < 1000; i++) db.put(`k${i}`, "v".repeat(100));
    const cp = db.checkpoint("truncate");
    assert.equal(typeof cp.walFrames, "number");
    assert.equal(typeof cp.checkpointedFrames, "number");
    db.sync();
    db.clear();
    db.vacuum();
    db.vacuum(10);
    db.integrityCheck();
    const s = db.stats();
    assert.ok(s.puts >= 1000, `puts ${s.puts}`);
    assert.equal(Object.keys(s).length, 12);
    db.resetStats();
    assert.equal(db.stats().puts, 0);
    db.put("kept", "yes");
  }
  using ro = new KVStore(path, { readOnly: true });
  assert.equal(ro.getString("kept"), "yes");
  assertCode(() => ro.put("x", "y"), "READONLY", ReadOnlyError);
  using del = new KVStore(join(tempDir(), "d.db"), {
    journalMode: "delete",
    pageSize: 8192,
    syncLevel: "full",
  });
  del.put("a", "b");
  assert.equal(del.getString("a"), "b");
});

test("smoke: bad arguments are rejected before any native call", () => {
  using db = new KVStore();
  assert.throws(() => db.put(1 as unknown as string, "v"), TypeError);
  assert.throws(() => db.put({} as unknown as string, "v"), TypeError);
  assert.throws(() => db.put("k", 5 as unknown as string), TypeError);
  assert.throws(() => db.get(""), RangeError);
  assert.throws(() => db.get(new Uint8Array(0)), RangeError);
  assert.throws(() => db.get("x".repeat(65537)), RangeError);
  assert.throws(() => db.get(new Uint8Array(65537)), RangeError);
  db.put(new Uint8Array(65536).fill(1), "max key is fine");
  assert.throws(() => db.put("k", new Uint8Array(10 * 1024 * 1024 + 1)), RangeError);
  assert.throws(() => new KVStore(42 as unknown as string), TypeError);
  assert.throws(() => new KVStore(undefined, { journalMode: "x" as "wal" }), RangeError);
  assert.throws(() => new KVStore(undefined, { pageSize: 1000 }), RangeError);
  assert.throws(() => new KVStore(undefined, { cachesize: 1 } as never), TypeError);
  assert.throws(() => db.checkpoint("nope" as "full"), RangeError);
  assertCode(() => new KVStore(join(tempDir(), "no", "such", "dir.db")), "CANTOPEN");
});

test("smoke: close is idempotent and everything after it throws CLOSED", () => {
  const db = new KVStore();
  const cf = db.createColumnFamily("x");
  const it = db.iterator();
  db.close();
  db.close();
  assert.equal(db.closed, true);
  assertCode(() => db.put("a", "b"), "CLOSED");
  assertCode(() => db.inTransaction, "CLOSED");
  assertCode(() => db.stats(), "CLOSED");
  assertCode(() => cf.put("a", "b"), "CLOSED");
  assertCode(() => it.eof, "CLOSED");
  assert.equal(cf.closed, true);
  it.close();
  cf.close();
});

test("smoke: libraryPath option and reference fixture", () => {
  using db = new KVStore(fixture("wal4k.db"), { readOnly: true, libraryPath: libPath() });
  assert.equal(db.count(), 2906);
  assert.equal([...db.keys()].length, 2905);
  assert.deepEqual(db.listColumnFamilies().sort(), ["cache", "users"]);
  using users = db.openColumnFamily("users");
  assert.equal(users.getString("alice"), "admin");
  assert.throws(() => new KVStore(undefined, { libraryPath: "/nonexistent/libsnkv.so" }), /already loaded/);
});

test("smoke: harness runScript uses the current runtime", async () => {
  const dir = tempDir();
  const file = join(dir, "child.ts");
  const mod = new URL("../mod.ts", import.meta.url).href;
  writeFileSync(
    file,
    `import { KVStore } from "${mod}";
const db = new KVStore();
db.put("rt", typeof Bun === "undefined" ? "deno" : "bun");
console.log(db.getString("rt"));
console.error(process.env.SMOKE_ENV);
`,
  );
  const r = await runScript(file, [], { SMOKE_ENV: "ok" });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), runtime);
  assert.equal(r.stderr.trim(), "ok");
}, { timeout: 60_000 });
