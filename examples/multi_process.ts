// Several processes writing one store at once. The parent starts three copies of this
// script as children; each opens its own handle with a busy timeout and writes 100 keys.
// Run: deno run -A examples/multi_process.ts   |   bun examples/multi_process.ts
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { KVStore } from "../mod.ts";

const self = fileURLToPath(import.meta.url);
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";

function child(file: string, id: string): void {
  const db = new KVStore(file, { busyTimeout: 10_000 });
  try {
    for (let i = 0; i < 100; i++) db.put(`worker${id}:${String(i).padStart(3, "0")}`, `from ${id}`);
    // A transaction holds the write lock: the others wait (busyTimeout) instead of failing.
    db.transaction(() => {
      const n = Number(db.getString("total") ?? "0");
      db.put("total", String(n + 100));
    });
  } finally {
    db.close();
  }
}

function run(file: string, id: string): Promise<number> {
  const args = isDeno ? ["run", "-A", self, "child", file, id] : [self, "child", file, id];
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { stdio: "inherit" });
    p.on("close", (code) => resolve(code ?? 1));
  });
}

if (process.argv[2] === "child") {
  child(process.argv[3], process.argv[4]);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-mp-"));
  try {
    const file = path.join(dir, "shared.db");
    new KVStore(file).close(); // create the file before the writers start
    const codes = await Promise.all(["1", "2", "3"].map((id) => run(file, id)));
    console.log("children exited with", codes.join(", "));
    const db = new KVStore(file);
    try {
      for (const id of ["1", "2", "3"]) {
        console.log(`worker${id} wrote`, [...db.keys({ prefix: `worker${id}:` })].length, "keys");
      }
      console.log("total =", db.getString("total"));
      console.log("count =", db.count());
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
