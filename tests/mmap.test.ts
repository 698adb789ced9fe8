// The mmapSize option: memory-mapped reads (SQLite's mmap_size), validation, and that data
// read through the map is the data written (including after writes and a reopen).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KVStore } from "../mod.ts";
import { tempDir, test } from "./harness.ts";

const MAPS = "/proc/self/maps";

/** True if this process maps `path` (Linux only; undefined where /proc is absent). */
function isMapped(path: string): boolean | undefined {
  if (!existsSync(MAPS)) return undefined;
  return readFileSync(MAPS, "utf8").split("\n").some((l) => l.endsWith(path));
}

const key = (i: number) => `k${String(i).padStart(6, "0")}`;
const val = (i: number) => `value-${i}-`.repeat(1 + (i % 7));

test("mmapSize: reads through the map see every write, before and after reopening", () => {
  const path = join(tempDir(), "mmap.db");
  {
    using db = new KVStore(path, { mmapSize: 64 * 1024 * 1024 });
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) db.put(key(i), val(i));
    });
    db.checkpoint("truncate"); // pages now live in the database file, where the map reads them
    for (let i = 0; i < 5000; i += 37) assert.equal(db.getString(key(i)), val(i));
    const mapped = isMapped(path);
    if (mapped !== undefined) assert.equal(mapped, true, "the database file is memory-mapped");
    // writes after the map was made are visible (WAL first, then checkpointed into the map)
    db.put(key(1), "changed");
    assert.equal(db.getString(key(1)), "changed");
    db.checkpoint("truncate");
    assert.equal(db.getString(key(1)), "changed");
    assert.equal(db.delete(key(2)), true);
    assert.equal(db.has(key(2)), false);
    let n = 0;
    for (const _ of db) n++;
    assert.equal(n, 4999);
  }
  {
    using db = new KVStore(path, { mmapSize: 1 << 20 }); // smaller than the file: the rest via read()
    assert.equal(db.getString(key(1)), "changed");
    assert.equal(db.getString(key(4999)), val(4999));
    assert.equal(db.count(), 4999);
    db.integrityCheck();
  }
});

test("mmapSize: 0 means off, and in-memory and read-only stores accept it", () => {
  const path = join(tempDir(), "off.db");
  {
    using db = new KVStore(path, { mmapSize: 0 });
    db.put("a", "1");
    db.checkpoint("truncate");
    assert.equal(db.getString("a"), "1");
    const mapped = isMapped(path);
    if (mapped !== undefined) assert.equal(mapped, false, "mmapSize 0 maps nothing");
  }
  {
    using ro = new KVStore(path, { readOnly: true, mmapSize: 1 << 20 });
    assert.equal(ro.getString("a"), "1");
  }
  using mem = new KVStore(undefined, { mmapSize: 1 << 20 });
  mem.put("x", "y");
  assert.equal(mem.getString("x"), "y");
});

test("mmapSize: invalid values throw before anything is opened", () => {
  const path = join(tempDir(), "bad.db");
  for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 60]) {
    assert.throws(() => new KVStore(path, { mmapSize: bad }), RangeError, String(bad));
  }
  for (const bad of ["1", null, true]) {
    assert.throws(() => new KVStore(path, { mmapSize: bad as unknown as number }), TypeError);
  }
  assert.equal(existsSync(path), false);
});
