// Maintenance: checkpoint modes, incremental vacuum, integrity check, stats, sync.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { join } from "node:path";
import { CorruptError, KVStore, ReadOnlyError, SnkvError } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { fileSize } from "./helpers/util.ts";

const dbPath = (name = "m.db") => join(tempDir(), name);

function fill(db: KVStore, n: number, size = 1000, prefix = "k"): void {
  db.transaction(() => {
    for (let i = 0; i < n; i++) db.put(`${prefix}${String(i).padStart(6, "0")}`, "x".repeat(size));
  });
}

// ---- checkpoint -------------------------------------------------------------------------------

test("checkpoint: every mode returns frame counts; passive is the default", () => {
  const path = dbPath();
  const db = new KVStore(path);
  try {
    for (let i = 0; i < 50; i++) db.put(`k${i}`, "v".repeat(100));
    const p = db.checkpoint();
    assert.ok(p.walFrames > 0, JSON.stringify(p));
    assert.ok(p.checkpointedFrames >= 0 && p.checkpointedFrames <= p.walFrames);
    // No reader, so a passive checkpoint copies everything.
    assert.equal(p.checkpointedFrames, p.walFrames);
    for (const mode of ["passive", "full", "restart", "truncate"] as const) {
      db.put("m", mode);
      const r = db.checkpoint(mode);
      assert.equal(typeof r.walFrames, "number", mode);
      assert.ok(r.walFrames >= 0 && r.checkpointedFrames >= 0, mode);
      assert.ok(r.checkpointedFrames <= r.walFrames || mode === "truncate", mode);
    }
  } finally {
    db.close();
  }
});

test("checkpoint('truncate') empties the WAL file", () => {
  const path = dbPath();
  const db = new KVStore(path);
  try {
    fill(db, 200, 500);
    assert.ok(fileSize(path + "-wal") > 0);
    const r = db.checkpoint("truncate");
    assert.equal(r.walFrames, 0);
    assert.equal(fileSize(path + "-wal"), 0);
    assert.equal(db.count(), 200);
  } finally {
    db.close();
  }
});

test("checkpoint in rollback-journal mode and in memory returns zeros", () => {
  const db = new KVStore(dbPath(), { journalMode: "delete" });
  try {
    db.put("k", "v");
    assert.deepEqual(db.checkpoint(), { walFrames: 0, checkpointedFrames: 0 });
    assert.deepEqual(db.checkpoint("truncate"), { walFrames: 0, checkpointedFrames: 0 });
  } finally {
    db.close();
  }
  const mem = new KVStore();
  try {
    mem.put("k", "v");
    assert.deepEqual(mem.checkpoint("full"), { walFrames: 0, checkpointedFrames: 0 });
  } finally {
    mem.close();
  }
});

test("checkpoint inside a write transaction throws and leaves the transaction intact", () => {
  const db = new KVStore(dbPath());
  try {
    db.begin({ write: true });
    db.put("k", "v");
    assert.throws(() => db.checkpoint(), SnkvError);
    assert.throws(() => db.checkpoint("truncate"), SnkvError);
    assert.equal(db.inTransaction, true);
    db.commit();
    assert.equal(db.getString("k"), "v");
  } finally {
    db.close();
  }
});

test("checkpoint with an unknown mode is refused before any native call", () => {
  const db = new KVStore(dbPath());
  try {
    assert.throws(
      () => db.checkpoint("bogus" as unknown as "passive"),
      (e: unknown) => e instanceof TypeError || e instanceof RangeError,
    );
  } finally {
    db.close();
  }
});

test("checkpoints are counted in stats; data stays readable after checkpoint and reopen", () => {
  const path = dbPath();
  const db = new KVStore(path);
  fill(db, 100, 100);
  db.resetStats();
  db.checkpoint();
  db.checkpoint("full");
  assert.equal(db.stats().checkpoints, 2);
  assert.equal(db.getString("k000050"), "x".repeat(100));
  db.close();
  const re = new KVStore(path);
  try {
    assert.equal(re.count(), 100);
    re.integrityCheck();
  } finally {
    re.close();
  }
});

// ---- vacuum -----------------------------------------------------------------------------------

test("vacuum() shrinks the file after deletes (rollback journal)", () => {
  const path = dbPath();
  const db = new KVStore(path, { journalMode: "delete" });
  try {
    fill(db, 2000, 1000);
    const full = fileSize(path);
    db.transaction(() => {
      for (let i = 0; i < 1900; i++) db.delete(`k${String(i).padStart(6, "0")}`);
    });
    assert.equal(fileSize(path), full, "deletes alone do not shrink the file");
    db.vacuum();
    const after = fileSize(path);
    assert.ok(after < full / 4, `before ${full}, after ${after}`);
    assert.equal(db.count(), 100);
    assert.equal(db.getString("k001950"), "x".repeat(1000));
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("vacuum() in WAL mode shrinks the file once checkpointed", () => {
  const path = dbPath();
  const db = new KVStore(path);
  fill(db, 2000, 1000);
  db.checkpoint("truncate");
  const full = fileSize(path);
  db.clear();
  db.vacuum();
  db.checkpoint("truncate");
  const after = fileSize(path);
  assert.ok(after < full / 4, `before ${full}, after ${after}`);
  db.close();
  assert.ok(fileSize(path) < full / 4);
  const re = new KVStore(path);
  try {
    assert.equal(re.count(), 0);
    re.integrityCheck();
  } finally {
    re.close();
  }
});

test("vacuum(n) frees at most n pages per call; vacuum(0) frees the rest", () => {
  const db = new KVStore(dbPath(), { journalMode: "delete" });
  try {
    fill(db, 1000, 1000);
    db.clear();
    const p0 = db.stats().dbPages;
    db.vacuum(10);
    const p1 = db.stats().dbPages;
    assert.ok(p1 < p0 && p1 >= p0 - 12, `${p0} → ${p1}`);
    db.vacuum(10);
    const p2 = db.stats().dbPages;
    assert.ok(p2 < p1 && p2 >= p1 - 12, `${p1} → ${p2}`);
    db.vacuum(0);
    const p3 = db.stats().dbPages;
    assert.ok(p3 < p2 - 100, `${p2} → ${p3}`);
    db.vacuum();
    assert.equal(db.stats().dbPages, p3);
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("vacuum keeps surviving data intact over several cycles", () => {
  const db = new KVStore(dbPath());
  try {
    for (let cycle = 0; cycle < 3; cycle++) {
      fill(db, 500, 800, `c${cycle}-`);
      db.transaction(() => {
        for (let i = 0; i < 500; i += 2) db.delete(`c${cycle}-${String(i).padStart(6, "0")}`);
      });
      db.vacuum();
      db.integrityCheck();
    }
    assert.equal(db.count(), 750);
    assert.equal(db.has("c1-000000"), false);
    assert.equal(db.getString("c2-000499"), "x".repeat(800));
  } finally {
    db.close();
  }
});

test("vacuum on a read-only store throws ReadOnlyError", () => {
  const path = dbPath();
  const w = new KVStore(path);
  w.put("k", "v");
  w.close();
  const db = new KVStore(path, { readOnly: true });
  try {
    assert.throws(() => db.vacuum(), ReadOnlyError);
  } finally {
    db.close();
  }
});

// ---- integrity check --------------------------------------------------------------------------

test("integrityCheck passes on empty, filled, and churned stores", () => {
  const db = new KVStore(dbPath());
  try {
    db.integrityCheck();
    fill(db, 3000, 300);
    db.integrityCheck();
    db.transaction(() => {
      for (let i = 0; i < 3000; i += 3) db.delete(`k${String(i).padStart(6, "0")}`);
    });
    const cf = db.createColumnFamily("c");
    cf.put("a", "b", { ttl: 60_000 });
    cf.close();
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("integrityCheck throws CorruptError with the checker's message on a damaged file", () => {
  const path = dbPath();
  const w = new KVStore(path, { journalMode: "delete" });
  fill(w, 3000, 200);
  w.close();
  const size = fileSize(path);
  const pages = size / 4096;
  assert.ok(pages > 40);
  // Scribble over the cell areas of pages in the middle of the file.
  const fd = fs.openSync(path, "r+");
  const junk = new Uint8Array(3000).fill(0xa5);
  for (let p = 10; p < pages - 10; p += 3) fs.writeSync(fd, junk, 0, junk.length, p * 4096 + 8);
  fs.closeSync(fd);
  let caught: unknown;
  try {
    const db = new KVStore(path, { journalMode: "delete" });
    try {
      db.integrityCheck();
    } finally {
      db.close();
    }
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof CorruptError, String(caught));
  assert.equal(caught.code, "CORRUPT");
  assert.ok(caught.message.length > 0);
});

// ---- stats ------------------------------------------------------------------------------------

const STAT_FIELDS = [
  "puts",
  "gets",
  "deletes",
  "iterations",
  "errors",
  "bytesRead",
  "bytesWritten",
  "walCommits",
  "checkpoints",
  "ttlExpired",
  "ttlPurged",
  "dbPages",
] as const;

test("stats has all twelve numeric fields; a fresh store has pages and zero counters", () => {
  const db = new KVStore(dbPath());
  try {
    const s = db.stats();
    for (const f of STAT_FIELDS) assert.equal(typeof s[f], "number", f);
    assert.ok(s.dbPages > 0);
    for (const f of STAT_FIELDS) if (f !== "dbPages") assert.equal(s[f], 0, f);
  } finally {
    db.close();
  }
});

test("stats counts puts, gets, deletes, bytes and commits", () => {
  const db = new KVStore(dbPath());
  try {
    db.put("hello", "0123456789");
    let s = db.stats();
    assert.equal(s.puts, 1);
    assert.equal(s.bytesWritten, 15);
    assert.ok(s.walCommits >= 1);
    assert.equal(db.getString("hello"), "0123456789");
    assert.equal(db.get("missing"), undefined);
    s = db.stats();
    assert.equal(s.gets, 1); // misses are not gets
    assert.equal(s.bytesRead, 10);
    db.put("b", "2");
    assert.ok(db.stats().walCommits >= 2);
    db.delete("b");
    db.delete("b");
    assert.equal(db.stats().deletes, 1);
    db.putMany([["x", "1"], ["y", "2"]]);
    assert.equal(db.stats().puts, 4);
  } finally {
    db.close();
  }
});

test("stats counts iterations, purges; dbPages tracks the file", () => {
  const db = new KVStore(dbPath(), { journalMode: "delete" });
  try {
    db.put("a", "v", { expireAt: 1 });
    db.put("b", "v", { expireAt: 1 });
    db.iterator().close();
    [...db.entries()];
    db.purgeExpired();
    const s = db.stats();
    assert.ok(s.iterations >= 2);
    assert.equal(s.ttlPurged, 2);
    assert.equal(typeof s.ttlExpired, "number");
    const small = s.dbPages;
    fill(db, 500, 1000);
    const big = db.stats().dbPages;
    assert.ok(big > small + 100);
    assert.equal(big * 4096, fileSize(db.path));
  } finally {
    db.close();
  }
});

test("resetStats zeroes the counters but not dbPages", () => {
  const db = new KVStore(dbPath());
  try {
    db.put("k", "v");
    db.get("k");
    db.delete("k");
    db.checkpoint();
    db.resetStats();
    const s = db.stats();
    for (const f of STAT_FIELDS) {
      if (f === "dbPages") assert.ok(s[f] > 0);
      else assert.equal(s[f], 0, f);
    }
  } finally {
    db.close();
  }
});

test("stats of each handle are its own", () => {
  const path = dbPath();
  const a = new KVStore(path);
  const b = new KVStore(path);
  try {
    a.put("k", "v");
    assert.equal(a.stats().puts, 1);
    assert.equal(b.stats().puts, 0);
  } finally {
    a.close();
    b.close();
  }
});

// ---- sync -------------------------------------------------------------------------------------

test("sync() works in WAL, rollback-journal and in-memory stores", () => {
  for (
    const db of [
      new KVStore(dbPath("s1.db")),
      new KVStore(dbPath("s2.db"), { journalMode: "delete" }),
      new KVStore(),
      new KVStore(dbPath("s3.db"), { syncLevel: "off" }),
    ]
  ) {
    try {
      db.put("k", "v");
      db.sync();
      assert.equal(db.getString("k"), "v");
    } finally {
      db.close();
    }
  }
});

test("sync() on a read-only store is harmless", () => {
  const path = dbPath();
  const w = new KVStore(path);
  w.put("k", "v");
  w.close();
  const db = new KVStore(path, { readOnly: true });
  try {
    db.sync();
    assert.equal(db.getString("k"), "v");
  } finally {
    db.close();
  }
});
