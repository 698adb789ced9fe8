// Quick timing of the TypeScript layer (not a test): random gets and puts through FFI, on
// the same data shapes as the C benchmark (bench/c: keys `key_%08d`, 61-byte values, one
// write transaction per 1000 sequential puts), so the numbers compare with
// `snkv_bench --records 200000 --only snkv`.
//
// Run: deno run -A bench/quick.ts   |   bun bench/quick.ts        [records, default 200000]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { KVStore } from "../mod.ts";

const N = Number(process.argv[2] ?? 200_000);
const OPS = 200_000;
const runtime = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined"
  ? `bun ${process.versions.bun}`
  : `deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`;

let seed = 20250101;
// mulberry32: a small seeded PRNG, so every run times the same keys
function rand(): number {
  let t = (seed = (seed + 0x6d2b79f5) | 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pad8 = (i: number) => String(i).padStart(8, "0");
const key = (i: number) => `key_${pad8(i)}`;
const value = (i: number) => `value_${pad8(i)}_with_some_additional_data_to_make_it_realistic`;

// Everything the timed loops use is made before the clock starts.
const keys = Array.from({ length: N }, (_, i) => key(i));
const values = Array.from({ length: N }, (_, i) => new TextEncoder().encode(value(i)));
const randomKeys = Array.from({ length: OPS }, () => keys[Math.floor(rand() * N)]);
const updates = Array.from({ length: OPS }, (_, i) => new TextEncoder().encode(`updated_value_${pad8(i)}`));

function time(label: string, ops: number, fn: () => void): void {
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  const rate = Math.round(ops / (ms / 1000)).toLocaleString("en-US");
  console.log(`${label.padEnd(46)} ${rate.padStart(11)} ops/s  (${ms.toFixed(0)} ms)`);
}

const dir = mkdtempSync(join(tmpdir(), "snkv-bench-"));
try {
  console.log(`SNKV quick bench: ${runtime}, ${N} records, file store (WAL, sync normal, 2000-page cache)`);
  using db = new KVStore(join(dir, "bench.db"));
  time("seq-write (1 txn per 1000 puts)", N, () => {
    for (let i = 0; i < N; i += 1000) {
      db.transaction(() => {
        for (let j = i; j < i + 1000 && j < N; j++) db.put(keys[j], values[j]);
      });
    }
  });
  time(`rand-read: get (${OPS}, each its own txn)`, OPS, () => {
    for (let i = 0; i < OPS; i++) if (db.get(randomKeys[i]) === undefined) throw new Error("miss");
  });
  time(`rand-read: getString (${OPS})`, OPS, () => {
    for (let i = 0; i < OPS; i++) db.getString(randomKeys[i]);
  });
  time(`rand-read: get inside one read txn (${OPS})`, OPS, () => {
    db.begin();
    for (let i = 0; i < OPS; i++) db.get(randomKeys[i]);
    db.commit();
  });
  time(`exists: has (${OPS})`, OPS, () => {
    for (let i = 0; i < OPS; i++) db.has(randomKeys[i]);
  });
  time("seq-scan: for...of entries", N, () => {
    let n = 0;
    for (const _ of db) n++;
    if (n !== N) throw new Error(`scan saw ${n}`);
  });
  time(`rand-update: put in one write txn (${OPS})`, OPS, () => {
    db.transaction(() => {
      for (let i = 0; i < OPS; i++) db.put(randomKeys[i], updates[i]);
    });
  });
  const n = Math.min(OPS, 20_000);
  time(`rand-update: put, each its own txn (${n})`, n, () => {
    for (let i = 0; i < n; i++) db.put(randomKeys[i], updates[i]);
  });
  time(`getMany: one call (${OPS} random keys)`, OPS, () => {
    db.getMany(randomKeys);
  });
  const batch: [string, Uint8Array][] = randomKeys.map((k, i) => [k, updates[i]]);
  time(`putMany: one call (${OPS} random keys)`, OPS, () => {
    db.putMany(batch);
  });

  // The FFI + TypeScript floor: a tiny in-memory store, where the engine's work is small.
  using mem = new KVStore();
  for (let i = 0; i < 100; i++) mem.put(keys[i], values[i]);
  time(`floor: get, in-memory 100 keys (${OPS})`, OPS, () => {
    for (let i = 0; i < OPS; i++) mem.get(keys[i % 100]);
  });
  time(`floor: has, in-memory 100 keys (${OPS})`, OPS, () => {
    for (let i = 0; i < OPS; i++) mem.has(keys[i % 100]);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
