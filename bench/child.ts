/**
 * One system, one setting, one run, in its own process (so peak RSS is this system's).
 * Started by run.ts; writes a JSON result to --out.
 * @module
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import {
  type AsyncStore,
  makePlans,
  runAsync,
  runSync,
  type SyncStore,
  type Workload,
  WORKLOADS,
} from "./workloads.ts";
import type { Settings, System } from "./systems/types.ts";

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`child: missing --${name}`);
  return process.argv[i + 1];
}

async function loadSystem(name: string): Promise<System> {
  switch (name) {
    case "snkv":
      return (await import("./systems/snkv.ts")).system;
    case "bun-sqlite":
      return (await import("./systems/bun_sqlite.ts")).system;
    case "node-sqlite":
      return (await import("./systems/node_sqlite.ts")).system;
    case "deno-kv":
      return (await import("./systems/deno_kv.ts")).system;
    case "lmdb":
      return (await import("./systems/lmdb.ts")).lmdbSystem(false);
    case "lmdb-nosync":
      return (await import("./systems/lmdb.ts")).lmdbSystem(true);
  }
  throw new Error(`unknown system ${name}`);
}

/** Peak resident set size of this process in KiB (Linux: VmHWM; elsewhere the current RSS). */
function peakRssKb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]);
  } catch { /* not Linux */ }
  return Math.round(process.memoryUsage().rss / 1024);
}

const name = arg("system");
const settings: Settings = {
  name: arg("settings") as Settings["name"],
  cacheSize: Number(arg("cache")),
  mmapSize: Number(arg("mmap")),
  walAutoCheckpoint: Number(arg("checkpoint")),
};
const records = Number(arg("records"));
const dir = arg("dir");
const only = process.argv.includes("--workload") ? arg("workload") as Workload : null;

mkdirSync(dir, { recursive: true });
const sys = await loadSystem(name);
const plans = makePlans(records);
const rssBeforeKb = peakRssKb();
const results: Record<string, unknown> = {};

async function open(path: string): Promise<SyncStore | AsyncStore> {
  return await sys.open(path, settings);
}

try {
  let store = await open(join(dir, "main.db"));
  for (const w of WORKLOADS) {
    if (w === "bulk-insert") {
      store.close();
      store = await open(join(dir, "bulk.db"));
    }
    if (only && w !== only && w !== "seq-write") continue; // seq-write is the setup of the rest
    const r = sys.async
      ? await runAsync(w, store as AsyncStore, plans)
      : runSync(w, store as SyncStore, plans);
    results[w] = r;
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

writeFileSync(
  arg("out"),
  JSON.stringify({
    system: name,
    version: sys.version,
    setup: sys.setup(settings),
    settings,
    records,
    results,
    rssBeforeKb,
    peakRssKb: peakRssKb(),
  }),
);
