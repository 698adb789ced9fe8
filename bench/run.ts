/**
 * SNKV benchmark suite: SNKV (TypeScript) against the stores Deno and Bun users would pick
 * instead, same data, same durability, in the runtime running this file.
 *
 *   deno run -A --unstable-kv bench/run.ts [options]     (deno task bench)
 *   bun bench/run.ts [options]                           (npm run bench: Bun, then Deno)
 *
 * Options:
 *   --records N        records in the main and the bulk store (default 1,000,000)
 *   --runs R           runs per system and setting; the table shows medians (default 3)
 *   --settings LIST    ref,fast (default both)
 *   --systems LIST     default: every system this runtime can run
 *   --fast-cache P     page cache (pages) of the fast settings (default 8000)
 *   --fast-mmap B      mmap bytes of the fast settings (default 1 GiB)
 *   --fast-checkpoint F  fast settings checkpoint the WAL every F frames (default 1000, SQLite's
 *                      own default; the reference settings never checkpoint before close)
 *   --ref-cache P      page cache of the reference settings (default 2000)
 *   --no-c             skip the C engine (bench/c's snkv_bench)
 *   --out FILE         result file (default bench/results/<runtime>.json)
 *   --workload NAME    time only NAME (seq-write runs as setup); for profiling
 *
 * Each (system, setting, run) runs in its own child process with a fresh directory; the
 * system order rotates from run to run. lmdb is installed on demand into the git-ignored
 * .snkv-tools/bench (npm install --no-save --prefix); it never becomes a dependency.
 * @module
 */
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { POINT_WORKLOADS, UNITS, type Workload, WORKLOADS } from "./workloads.ts";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const TOOLS = join(ROOT, ".snkv-tools", "bench");
const LMDB_VERSION = "3.5.6";
const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";
const runtime = isBun ? "bun" : "deno";
const runtimeVersion = isBun
  ? (globalThis as unknown as { Bun: { version: string } }).Bun.version
  : (globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno;

// ---- options ---------------------------------------------------------------------------

function opt(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const records = Number(opt("records", "1000000"));
const runs = Number(opt("runs", "3"));
const settingNames = opt("settings", "ref,fast").split(",") as ("ref" | "fast")[];
const SETTINGS = {
  ref: { name: "ref", cacheSize: Number(opt("ref-cache", "2000")), mmapSize: 0, walAutoCheckpoint: 0 },
  fast: {
    name: "fast",
    cacheSize: Number(opt("fast-cache", "8000")),
    mmapSize: Number(opt("fast-mmap", String(2 ** 30))),
    walAutoCheckpoint: Number(opt("fast-checkpoint", "1000")),
  },
} as const;
const outFile = opt("out", join(BENCH, "results", `${runtime}.json`));
const onlyWorkload = opt("workload", "");
const ALL_SYSTEMS = isBun
  ? ["snkv", "bun-sqlite", "lmdb", "lmdb-nosync"]
  : ["snkv", "node-sqlite", "deno-kv", "lmdb", "lmdb-nosync"];
let systems = opt("systems", ALL_SYSTEMS.join(",")).split(",");
const notes: string[] = [];
for (const s of systems) {
  if (!ALL_SYSTEMS.includes(s)) {
    notes.push(`${s}: not available in ${runtime} (skipped)`);
  }
}
systems = systems.filter((s) => ALL_SYSTEMS.includes(s));
if (isBun) notes.push("Deno KV: Deno only (Deno.openKv); node:sqlite is measured in Deno, bun:sqlite in Bun");

// ---- lmdb on demand --------------------------------------------------------------------

function ensureLmdb(): string | null {
  if (existsSync(join(TOOLS, "node_modules", "lmdb", "package.json"))) return null;
  mkdirSync(TOOLS, { recursive: true });
  console.error(`installing lmdb@${LMDB_VERSION} into ${TOOLS} (npm install --no-save --prefix) ...`);
  const r = spawnSync("npm", [
    "install",
    "--no-save",
    "--no-audit",
    "--no-fund",
    "--prefix",
    TOOLS,
    `lmdb@${LMDB_VERSION}`,
  ], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return r.status === 0 ? null : `npm install lmdb failed (status ${r.status})`;
}
if (systems.some((s) => s.startsWith("lmdb"))) {
  const err = ensureLmdb();
  if (err) {
    notes.push(`lmdb: ${err}; skipped`);
    systems = systems.filter((s) => !s.startsWith("lmdb"));
  }
}

// ---- children --------------------------------------------------------------------------

interface Child {
  system: string;
  version: string;
  setup: string;
  results: Record<string, { opsPerSec: number; check: number; ms: number }>;
  peakRssKb: number;
  rssBeforeKb: number;
}

function runChild(system: string, setting: "ref" | "fast"): Child | string {
  const dir = mkdtempSync(join(tmpdir(), `snkv-bench-${system}-`));
  const out = join(dir, "..", `${dir.split("/").pop()}.json`);
  const s = SETTINGS[setting];
  const args = [
    join(BENCH, "child.ts"),
    "--system",
    system,
    "--settings",
    setting,
    "--cache",
    String(s.cacheSize),
    "--mmap",
    String(s.mmapSize),
    "--checkpoint",
    String(s.walAutoCheckpoint),
    "--records",
    String(records),
    "--dir",
    dir,
    "--out",
    out,
    ...(onlyWorkload ? ["--workload", onlyWorkload] : []),
  ];
  const cmd = isBun ? [process.execPath, ...args] : [process.execPath, "run", "-A", "--unstable-kv", ...args];
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ["ignore", "inherit", "inherit"], cwd: ROOT });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0 || !existsSync(out)) return `exit status ${r.status}${r.signal ? ` (${r.signal})` : ""}`;
  const res = JSON.parse(readFileSync(out, "utf8")) as Child;
  rmSync(out, { force: true });
  return res;
}

const median = (xs: number[]) => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};

// ---- the C engine (bench/c) ------------------------------------------------------------

interface CResult {
  opsPerSec: Record<string, number>;
  peakRssKb: number;
  version: string;
}
function runC(): CResult | string {
  const bin = process.env.SNKV_BENCH_C ?? join(ROOT, "build-bench", "bench", "c", "snkv_bench");
  if (!existsSync(bin)) return `not built (${bin}); see bench/c/README.md`;
  const json = join(tmpdir(), `snkv-bench-c-${process.pid}.json`);
  const args = ["--records", String(records), "--runs", String(runs), "--only", "snkv", "--json", json];
  const r = spawnSync(bin, args, { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0 || !existsSync(json)) return `snkv_bench failed (status ${r.status})`;
  const j = JSON.parse(readFileSync(json, "utf8"));
  rmSync(json, { force: true });
  const ops: Record<string, number> = {};
  for (const w of j.workloads) ops[w.name] = w.snkv_ops_per_sec;
  return {
    opsPerSec: ops,
    peakRssKb: j.peak_rss_kb.snkv,
    version: `C engine via bench/c (SQLite ${j.versions.engine_sqlite})`,
  };
}

// ---- run ---------------------------------------------------------------------------------

console.log(
  `SNKV benchmark: ${runtime} ${runtimeVersion}, ${
    records.toLocaleString("en-US")
  } records, ${runs} runs, settings ${settingNames.join("+")}`,
);
const raw: Record<string, Record<string, Child[]>> = {}; // setting -> system -> runs
const failures: string[] = [];
for (const setting of settingNames) {
  raw[setting] = {};
  for (const s of systems) raw[setting][s] = [];
  for (let run = 0; run < runs; run++) {
    const order = systems.map((_, i) => systems[(i + run) % systems.length]);
    for (const s of order) {
      const t0 = performance.now();
      const r = runChild(s, setting);
      if (typeof r === "string") {
        failures.push(`${setting}/${s} run ${run + 1}: ${r}`);
        console.error(`  ${setting} run ${run + 1} ${s}: FAILED ${r}`);
        continue;
      }
      raw[setting][s].push(r);
      const line = WORKLOADS.filter((w) => r.results[w]).map((w) => `${w}=${fmt(r.results[w].opsPerSec)}`)
        .join(" ");
      console.error(
        `  ${setting} run ${run + 1} ${s.padEnd(11)} ${
          ((performance.now() - t0) / 1000).toFixed(1)
        }s ${line}`,
      );
    }
  }
}
let c: CResult | string | null = null;
if (!process.argv.includes("--no-c") && settingNames.includes("ref") && !onlyWorkload) {
  console.error("  C engine (bench/c snkv_bench, reference settings) ...");
  c = runC();
  if (typeof c === "string") notes.push(`C engine: ${c}`);
}

// ---- summarise ---------------------------------------------------------------------------

function fmt(x: number | null | undefined): string {
  if (x == null || !isFinite(x)) return "-";
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

interface SystemSummary {
  label: string;
  version: string;
  setup: string;
  runs: number;
  peakRssKb: number | null;
  /** RSS once the runtime, the system's module and the test plans are loaded, before opening. */
  baseRssKb: number | null;
  opsPerSec: Record<string, number | null>;
  perRun: Record<string, number[]>;
}
const LABELS: Record<string, string> = {
  "snkv": "SNKV (TS)",
  "bun-sqlite": "bun:sqlite",
  "node-sqlite": "node:sqlite",
  "deno-kv": "Deno KV",
  "lmdb": "lmdb",
  "lmdb-nosync": "lmdb noSync",
  "c": "SNKV C engine",
};

const summary: Record<string, Record<string, SystemSummary>> = {};
for (const setting of settingNames) {
  summary[setting] = {};
  for (const s of systems) {
    const rs = raw[setting][s];
    if (rs.length === 0) continue;
    const ops: Record<string, number | null> = {};
    const perRun: Record<string, number[]> = {};
    for (const w of WORKLOADS) {
      const xs = rs.map((r) => r.results[w]?.opsPerSec).filter((x): x is number => x !== undefined);
      perRun[w] = xs.map(Math.round);
      ops[w] = xs.length ? Math.round(median(xs)) : null;
    }
    summary[setting][s] = {
      label: LABELS[s],
      version: rs[0].version,
      setup: rs[0].setup,
      runs: rs.length,
      peakRssKb: Math.max(...rs.map((r) => r.peakRssKb)),
      baseRssKb: Math.round(median(rs.map((r) => r.rssBeforeKb))),
      opsPerSec: ops,
      perRun,
    };
    // Same data: the checks (hits, entries, bytes) must agree with SNKV's.
    const ref = raw[setting]["snkv"]?.[0];
    if (ref && s !== "snkv" && s !== "deno-kv") {
      for (const w of WORKLOADS) {
        const a = ref.results[w]?.check, b = rs[0].results[w]?.check;
        if (a !== undefined && b !== undefined && a !== b) {
          notes.push(`${setting}/${s}/${w}: saw ${b}, SNKV saw ${a}`);
        }
      }
    }
  }
  if (setting === "ref" && c && typeof c !== "string") {
    const ops: Record<string, number | null> = {};
    for (const w of WORKLOADS) ops[w] = c.opsPerSec[w] ?? null;
    summary[setting]["c"] = {
      label: LABELS.c,
      version: c.version,
      setup:
        "kvstore_* C API, same workloads (single-put and prefix-scan not in bench/c), reference settings",
      runs,
      peakRssKb: c.peakRssKb,
      baseRssKb: null,
      opsPerSec: ops,
      perRun: {},
    };
  }
}

function table(setting: string): string {
  const sys = summary[setting];
  const names = Object.keys(sys);
  const lines: string[] = [];
  const cell = (s: string, w: number) => s.padStart(w);
  const W = 15;
  lines.push(
    `\n${setting === "ref" ? "Reference settings" : "Fast settings"} (${
      settingText(setting)
    }): ops/s, median of ${runs}`,
  );
  lines.push(`${"workload".padEnd(14)}${names.map((n) => cell(sys[n].label, W)).join("")}`);
  for (const w of WORKLOADS) {
    lines.push(
      `${w.padEnd(14)}${names.map((n) => cell(fmt(sys[n].opsPerSec[w]), W)).join("")}   ${
        UNITS[w as Workload]
      }`,
    );
  }
  lines.push(
    `${"peak RSS".padEnd(14)}${
      names.map((n) => cell(sys[n].peakRssKb ? `${(sys[n].peakRssKb! / 1024).toFixed(0)} MB` : "-", W)).join(
        "",
      )
    }`,
  );
  lines.push(
    `${"  base RSS".padEnd(14)}${
      names.map((n) => cell(sys[n].baseRssKb ? `${(sys[n].baseRssKb! / 1024).toFixed(0)} MB` : "-", W)).join(
        "",
      )
    }   before opening (runtime + test data)`,
  );
  const snkv = sys["snkv"];
  if (snkv) {
    const peers = names.filter((n) => n !== "snkv");
    lines.push(`\nSNKV (TS) / peer (>1: SNKV faster)`);
    lines.push(`${"workload".padEnd(14)}${peers.map((n) => cell(sys[n].label, W)).join("")}`);
    for (const w of WORKLOADS) {
      lines.push(
        `${w.padEnd(14)}${peers.map((n) => cell(ratio(snkv.opsPerSec[w], sys[n].opsPerSec[w]), W)).join("")}`,
      );
    }
  }
  return lines.join("\n");
}
function ratio(a: number | null, b: number | null): string {
  return a && b ? `${(a / b).toFixed(2)}x` : "-";
}
function settingText(setting: string): string {
  const s = SETTINGS[setting as "ref" | "fast"];
  return `WAL, synchronous NORMAL, 4096-byte pages, cache ${s.cacheSize} pages, mmap ${
    s.mmapSize ? `${s.mmapSize / 2 ** 20} MiB` : "off"
  }, ` +
    (s.walAutoCheckpoint
      ? `checkpoint every ${s.walAutoCheckpoint} WAL frames`
      : "no checkpoint before close");
}

const text = settingNames.map(table).join("\n");
console.log(text);
if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `- ${n}`).join("\n")}`);
if (failures.length) console.log(`\nFailures:\n${failures.map((n) => `- ${n}`).join("\n")}`);

function cpuModel(): string {
  try {
    const m = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1];
  } catch { /* not Linux */ }
  return cpus()[0]?.model ?? "unknown";
}

mkdirSync(dirname(outFile), { recursive: true });
const result = {
  benchmark: "snkv bench/run.ts",
  date: new Date().toISOString(),
  runtime: { name: runtime, version: runtimeVersion },
  machine: {
    os: `${process.platform} ${readOs()}`,
    arch: process.arch,
    cpu: cpuModel(),
    cpus: cpus().length,
    memoryMB: Math.round(totalmem() / 2 ** 20),
  },
  records,
  runs,
  settings: Object.fromEntries(settingNames.map((s) => [s, { ...SETTINGS[s], text: settingText(s) }])),
  workloads: WORKLOADS.map((w) => ({ name: w, unit: UNITS[w], point: POINT_WORKLOADS.includes(w) })),
  results: summary,
  notes,
  failures,
  table: text,
};
writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
console.log(`\nwrote ${outFile}`);

function readOs(): string {
  try {
    return readFileSync("/proc/sys/kernel/osrelease", "utf8").trim();
  } catch {
    return "";
  }
}
