// Time to live, in milliseconds: ttl/expireAt options, ttl(), expiry everywhere, purgeExpired.
import assert from "node:assert/strict";
import { join } from "node:path";
import { KVStore, NotFoundError } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { dec, keysOf, sleep } from "./helpers/util.ts";

const dbPath = () => join(tempDir(), "ttl.db");

test("a live TTL key reads like any other; ttl() gives the remaining ms", () => {
  const db = new KVStore();
  try {
    db.put("k", "v", { ttl: 10_000 });
    assert.equal(db.getString("k"), "v");
    assert.equal(db.has("k"), true);
    const r = db.ttl("k");
    assert.equal(typeof r, "number");
    assert.ok(r! > 9_000 && r! <= 10_000, String(r));
  } finally {
    db.close();
  }
});

test("expireAt is an absolute epoch time in ms", () => {
  const db = new KVStore();
  try {
    const at = Date.now() + 60_000;
    db.put("k", "v", { expireAt: at });
    const r = db.ttl("k")!;
    assert.ok(r > 55_000 && r <= 60_000, String(r));
    db.put("far", "v", { expireAt: 4102444800000 });
    const far = db.ttl("far")!;
    assert.ok(Math.abs(far - (4102444800000 - Date.now())) < 5_000, String(far));
  } finally {
    db.close();
  }
});

test("a key expires after its ttl: absent to get/getString/has, NotFoundError from ttl()", async () => {
  const db = new KVStore();
  try {
    db.put("short", "v", { ttl: 40 });
    db.put("long", "v", { ttl: 60_000 });
    assert.equal(db.has("short"), true);
    await sleep(120);
    assert.equal(db.get("short"), undefined);
    assert.equal(db.getString("short"), undefined);
    assert.equal(db.has("short"), false);
    assert.throws(() => db.ttl("short"), NotFoundError);
    assert.throws(() => db.ttl("short"), NotFoundError);
    assert.equal(db.getString("long"), "v");
  } finally {
    db.close();
  }
});

test("a past expireAt stores an already-expired key", () => {
  const db = new KVStore();
  try {
    db.put("a", "v", { expireAt: 1 });
    db.put("b", "v", { expireAt: Date.now() - 1000 });
    assert.equal(db.has("a"), false);
    assert.equal(db.has("b"), false);
    assert.equal(db.get("a"), undefined);
  } finally {
    db.close();
  }
});

test("ttl(): null for a permanent key, NotFoundError for a missing one", () => {
  const db = new KVStore();
  try {
    db.put("p", "v");
    assert.equal(db.ttl("p"), null);
    assert.throws(() => db.ttl("missing"), NotFoundError);
  } finally {
    db.close();
  }
});

test("a plain put clears an earlier TTL", async () => {
  const db = new KVStore();
  try {
    db.put("k", "v1", { ttl: 40 });
    db.put("k", "v2");
    assert.equal(db.ttl("k"), null);
    await sleep(80);
    assert.equal(db.getString("k"), "v2");
  } finally {
    db.close();
  }
});

test("re-putting with a longer TTL replaces the short one", async () => {
  const db = new KVStore();
  try {
    db.put("k", "v1", { ttl: 40 });
    db.put("k", "v2", { ttl: 60_000 });
    await sleep(80);
    assert.equal(db.getString("k"), "v2");
    assert.ok(db.ttl("k")! > 50_000);
    // and a shorter one replaces a long one
    db.put("k", "v3", { expireAt: 1 });
    assert.equal(db.has("k"), false);
  } finally {
    db.close();
  }
});

test("count includes expired keys until purgeExpired removes them", () => {
  const db = new KVStore();
  try {
    db.put("live", "v");
    db.put("d1", "v", { expireAt: 1 });
    db.put("d2", "v", { expireAt: 1 });
    db.put("t", "v", { ttl: 60_000 });
    assert.equal(db.count(), 4);
    // reads do not delete them
    db.get("d1");
    db.has("d2");
    assert.equal(db.count(), 4);
    assert.equal(db.purgeExpired(), 2);
    assert.equal(db.count(), 2);
    assert.equal(db.purgeExpired(), 0);
  } finally {
    db.close();
  }
});

test("purgeExpired on a store that never used TTL returns 0", () => {
  const db = new KVStore();
  try {
    assert.equal(db.purgeExpired(), 0);
    db.put("a", "1");
    assert.equal(db.purgeExpired(), 0);
    assert.equal(db.count(), 1);
  } finally {
    db.close();
  }
});

test("purgeExpired removes more than one batch (1000 expired keys) and keeps live ones", () => {
  const db = new KVStore(dbPath());
  try {
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) db.put(`dead${i}`, "v", { expireAt: 1 });
      for (let i = 0; i < 10; i++) db.put(`live${i}`, "v", { ttl: 60_000 });
      for (let i = 0; i < 10; i++) db.put(`perm${i}`, "v");
    });
    assert.equal(db.count(), 1020);
    assert.equal(db.purgeExpired(), 1000);
    assert.equal(db.count(), 20);
    assert.ok(db.ttl("live3")! > 0);
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("iteration skips expired keys in every direction and with prefixes", () => {
  const db = new KVStore();
  try {
    db.put("a1", "v");
    db.put("a2", "v", { expireAt: 1 });
    db.put("a3", "v", { ttl: 60_000 });
    db.put("b1", "v", { expireAt: 1 });
    db.put("b2", "v");
    assert.deepEqual(keysOf(db.iterator()), ["a1", "a3", "b2"]);
    assert.deepEqual(keysOf(db.reverseIterator()), ["b2", "a3", "a1"]);
    assert.deepEqual(keysOf(db.prefixIterator("a")), ["a1", "a3"]);
    assert.deepEqual(keysOf(db.reversePrefixIterator("a")), ["a3", "a1"]);
    assert.deepEqual(keysOf(db.prefixIterator("b")), ["b2"]);
    const it = db.iterator().seek("a2");
    assert.equal(dec(it.key), "a3");
    it.close();
    const r = db.reverseIterator().seek("b1");
    assert.equal(dec(r.key), "a3");
    r.close();
    // Iteration did not delete them either.
    assert.equal(db.count(), 5);
  } finally {
    db.close();
  }
});

test("an all-expired store iterates as empty", () => {
  const db = new KVStore();
  try {
    for (let i = 0; i < 50; i++) db.put(`k${i}`, "v", { expireAt: 1 });
    assert.deepEqual([...db.entries()], []);
    assert.deepEqual([...db.entries({ reverse: true })], []);
    const it = db.iterator().first();
    assert.equal(it.eof, true);
    it.close();
  } finally {
    db.close();
  }
});

test("putIfAbsent: with ttl; an expired key counts as absent; a live TTL key is kept", () => {
  const db = new KVStore();
  try {
    assert.equal(db.putIfAbsent("a", "v1", { ttl: 60_000 }), true);
    const r = db.ttl("a")!;
    assert.ok(r > 0 && r <= 60_000);
    assert.equal(db.putIfAbsent("a", "v2"), false);
    assert.equal(db.getString("a"), "v1");
    db.put("dead", "old", { expireAt: 1 });
    assert.equal(db.putIfAbsent("dead", "new"), true);
    assert.equal(db.getString("dead"), "new");
    assert.equal(db.ttl("dead"), null);
    assert.equal(db.putIfAbsent("x", "v", { expireAt: Date.now() + 60_000 }), true);
    assert.ok(db.ttl("x")! > 0);
  } finally {
    db.close();
  }
});

test("delete removes a TTL key and its expiry; purge then finds nothing", () => {
  const db = new KVStore();
  try {
    db.put("k2", "v", { ttl: 60_000 });
    assert.equal(db.delete("k2"), true);
    assert.throws(() => db.ttl("k2"), NotFoundError);
    assert.equal(db.purgeExpired(), 0);
    assert.equal(db.count(), 0);
    // Re-created without TTL, it is permanent (no stale expiry left behind).
    db.put("k2", "v");
    assert.equal(db.ttl("k2"), null);
  } finally {
    db.close();
  }
});

test("clear removes TTL data: purge afterwards returns 0", () => {
  const db = new KVStore();
  try {
    for (let i = 0; i < 5; i++) db.put(`k${i}`, "v", { expireAt: 1 });
    db.clear();
    assert.equal(db.purgeExpired(), 0);
    assert.equal(db.count(), 0);
    db.put("k0", "v");
    assert.equal(db.ttl("k0"), null);
  } finally {
    db.close();
  }
});

test("TTL inside a transaction: commit keeps it, rollback removes value and expiry together", () => {
  const db = new KVStore(dbPath());
  try {
    db.begin({ write: true });
    db.put("c", "v", { ttl: 60_000 });
    db.commit();
    assert.ok(db.ttl("c")! > 0);
    db.begin({ write: true });
    db.put("r", "v", { ttl: 60_000 });
    db.put("c", "v2");
    db.rollback();
    assert.equal(db.get("r"), undefined);
    assert.throws(() => db.ttl("r"), NotFoundError);
    assert.ok(db.ttl("c")! > 0, "rollback restored the TTL of c");
  } finally {
    db.close();
  }
});

test("TTL state persists across reopen", () => {
  const path = dbPath();
  const db = new KVStore(path);
  db.put("live", "v", { ttl: 60_000 });
  db.put("dead", "v", { expireAt: 1 });
  db.put("perm", "v");
  db.close();
  const db2 = new KVStore(path);
  try {
    assert.ok(db2.ttl("live")! > 50_000);
    assert.equal(db2.ttl("perm"), null);
    assert.equal(db2.has("dead"), false);
    assert.equal(db2.count(), 3);
    assert.equal(db2.purgeExpired(), 1);
    assert.equal(db2.count(), 2);
  } finally {
    db2.close();
  }
});

test("TTL in column families is independent of the default family", async () => {
  const db = new KVStore();
  try {
    const cf = db.createColumnFamily("sessions");
    cf.put("s", "v", { ttl: 40 });
    db.put("s", "v");
    cf.put("dead", "v", { expireAt: 1 });
    db.put("dead", "v", { expireAt: 1 });
    await sleep(80);
    assert.equal(cf.has("s"), false);
    assert.equal(db.getString("s"), "v");
    assert.equal(cf.purgeExpired(), 2);
    assert.equal(db.count(), 2);
    assert.equal(db.purgeExpired(), 1);
    assert.equal(cf.count(), 0);
    assert.deepEqual(db.listColumnFamilies(), ["sessions"]);
    cf.close();
  } finally {
    db.close();
  }
});

test("dropping a family drops its TTL data", () => {
  const path = dbPath();
  const db = new KVStore(path);
  try {
    const cf = db.createColumnFamily("t");
    cf.put("a", "v", { ttl: 60_000 });
    cf.put("b", "v", { expireAt: 1 });
    cf.close();
    db.dropColumnFamily("t");
    const again = db.createColumnFamily("t");
    assert.equal(again.count(), 0);
    assert.equal(again.purgeExpired(), 0);
    assert.throws(() => again.ttl("a"), NotFoundError);
    again.close();
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("TTL stats: ttlPurged counts purged keys", () => {
  const db = new KVStore();
  try {
    db.put("a", "v", { expireAt: 1 });
    db.put("b", "v", { expireAt: 1 });
    db.resetStats();
    assert.equal(db.purgeExpired(), 2);
    assert.equal(db.stats().ttlPurged, 2);
  } finally {
    db.close();
  }
});

test("real expiry over time with many keys", async () => {
  const db = new KVStore();
  try {
    db.transaction(() => {
      for (let i = 0; i < 200; i++) db.put(`k${i}`, "v", { ttl: i % 2 ? 60 : 60_000 });
    });
    await sleep(150);
    assert.equal([...db.keys()].length, 100);
    assert.equal(db.purgeExpired(), 100);
    assert.equal(db.count(), 100);
  } finally {
    db.close();
  }
});
