// Leak checks: long loops of open/close, iterator create/abandon, scans broken off early and
// large gets. Resident memory after warm-up must stay within a generous bound.
import assert from "node:assert/strict";
import { join } from "node:path";
import { KVStore } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import process from "node:process";
import { rss, sleep, tryGc } from "./helpers/util.ts";

const MB = 1024 * 1024;

/** Runs `step` `warm` times, then `n` times more, and returns the RSS growth over the latter. */
async function growth(warm: number, n: number, step: (i: number) => void): Promise<number> {
  for (let i = 0; i < warm; i++) step(i);
  tryGc();
  await sleep(10);
  const before = rss();
  for (let i = 0; i < n; i++) {
    step(warm + i);
    if (i % 1000 === 999) {
      tryGc();
      await sleep(0); // let finalizers and the event loop run
    }
  }
  tryGc();
  await sleep(10);
  const grown = rss() - before;
  if (process.env.SNKV_TEST_VERBOSE) {
    console.log(`RSS ${(before / MB).toFixed(1)} MB, grew ${(grown / MB).toFixed(1)} MB`);
  }
  return grown;
}

function seeded(path: string, n = 200): void {
  const db = new KVStore(path);
  db.transaction(() => {
    for (let i = 0; i < n; i++) db.put(`k${String(i).padStart(5, "0")}`, "v".repeat(200));
  });
  db.close();
}

test("open/close cycles do not leak", { timeout: 120_000 }, async () => {
  const path = join(tempDir(), "oc.db");
  seeded(path);
  // A write makes close checkpoint and fsync (~10–20 ms), so only every 20th cycle writes.
  const g = await growth(150, 1500, (i) => {
    const db = new KVStore(path);
    if (i % 20 === 0) db.put(`cycle`, String(i));
    db.get("k00010");
    const cf = db.defaultColumnFamily();
    cf.has("k00011");
    cf.close();
    db.close();
    const mem = new KVStore();
    mem.put("a", "b");
    mem.close();
  });
  assert.ok(g < 48 * MB, `RSS grew ${(g / MB).toFixed(1)} MB over 1500 open/close cycles`);
});

test(
  "iterators abandoned without close are reclaimed by closing their store",
  { timeout: 120_000 },
  async () => {
    const path = join(tempDir(), "ab.db");
    seeded(path);
    const g = await growth(100, 2000, () => {
      const db = new KVStore(path);
      for (let j = 0; j < 40; j++) {
        const it = j % 2 ? db.iterator().first() : db.prefixIterator("k000");
        void it.key; // positioned and read, then dropped without close()
      }
      db.close();
    });
    assert.ok(g < 48 * MB, `RSS grew ${(g / MB).toFixed(1)} MB over 80000 abandoned iterators`);
  },
);

test("iterators abandoned on a long-lived store stay bounded", { timeout: 120_000 }, async () => {
  const path = join(tempDir(), "ll.db");
  seeded(path);
  const db = new KVStore(path);
  try {
    const g = await growth(2000, 20_000, (i) => {
      const it = db.reverseIterator().last();
      void it.value;
      if (i % 3 === 0) it.close();
    });
    assert.ok(g < 96 * MB, `RSS grew ${(g / MB).toFixed(1)} MB over 20000 iterators`);
    db.put("still", "works");
    assert.equal(db.getString("still"), "works");
  } finally {
    db.close();
  }
});

test("scans broken off early release their cursors", { timeout: 120_000 }, async () => {
  const path = join(tempDir(), "br.db");
  seeded(path, 2000);
  const db = new KVStore(path);
  try {
    const g = await growth(2000, 20_000, (i) => {
      let n = 0;
      for (const _ of db.entries({ reverse: i % 2 === 1 })) if (++n === 3) break;
      for (const [k] of db.iterator()) if (k.length) break;
    });
    assert.ok(g < 48 * MB, `RSS grew ${(g / MB).toFixed(1)} MB over 40000 broken scans`);
  } finally {
    db.close();
  }
});

test("large gets and puts do not accumulate memory", { timeout: 120_000 }, async () => {
  const db = new KVStore(join(tempDir(), "big.db"));
  try {
    const v = new Uint8Array(256 * 1024).fill(1);
    for (let i = 0; i < 8; i++) db.put(`b${i}`, v);
    const g = await growth(500, 5000, (i) => {
      const got = db.get(`b${i % 8}`)!;
      if (got.length !== v.length) throw new Error("short read");
      db.getMany([`b${i % 8}`, `b${(i + 1) % 8}`]);
      if (i % 10 === 0) db.put(`b${i % 8}`, v);
    });
    assert.ok(g < 96 * MB, `RSS grew ${(g / MB).toFixed(1)} MB over 5000 rounds of 256 KiB gets`);
  } finally {
    db.close();
  }
});
