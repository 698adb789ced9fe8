// Worker threads: each opens its own handle on one file and writes concurrently with the
// others and with the main thread. Nothing is lost; every handle sees every commit.
import assert from "node:assert/strict";
import { join } from "node:path";
import { KVStore } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { sleep } from "./helpers/util.ts";

interface Result {
  ok: boolean;
  id: number;
  seen?: number;
  typed?: boolean;
  error?: string;
}

function runWorker(path: string, id: number, n: number): { done: Promise<Result>; worker: Worker } {
  const worker = new Worker(new URL("./helpers/thread_worker.ts", import.meta.url).href, { type: "module" });
  const done = new Promise<Result>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<Result>) => resolve(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      reject(new Error(`worker ${id}: ${e.message}`));
    };
  });
  worker.postMessage({ path, id, n });
  return { done, worker };
}

test("four workers and the main thread write one file concurrently", { timeout: 120_000 }, async () => {
  const path = join(tempDir(), "threads.db");
  const main = new KVStore(path, { busyTimeout: 30_000 });
  main.createColumnFamily("threads").close();
  const n = 400;
  const workers = [1, 2, 3, 4].map((id) => runWorker(path, id, n));
  try {
    for (let i = 0; i < 200; i++) {
      main.put(`main:${i}`, String(i));
      if (i % 20 === 0) await sleep(1);
    }
    const results = await Promise.all(workers.map((w) => w.done));
    for (const r of results) {
      assert.equal(r.ok, true, r.error);
      assert.equal(r.seen, n, `worker ${r.id} saw ${r.seen}`);
      assert.equal(r.typed, true, `worker ${r.id}: error not a SnkvError`);
    }
    assert.equal(main.count(), 4 * n + 200);
    for (let id = 1; id <= 4; id++) {
      assert.equal(main.getString(`t${id}:${String(n - 1).padStart(5, "0")}`), `${id}/${n - 1}`);
    }
    const cf = main.openColumnFamily("threads");
    assert.equal(cf.count(), 4 * (n / 10));
    cf.close();
    main.integrityCheck();
  } finally {
    for (const w of workers) w.worker.terminate();
    main.close();
  }
});

test(
  "a worker's store is independent of the main thread's handle being closed",
  { timeout: 60_000 },
  async () => {
    const path = join(tempDir(), "indep.db");
    const main = new KVStore(path);
    main.createColumnFamily("threads").close();
    main.close();
    const w = runWorker(path, 9, 100);
    try {
      const r = await w.done;
      assert.equal(r.ok, true, r.error);
      assert.equal(r.seen, 100);
    } finally {
      w.worker.terminate();
    }
    const re = new KVStore(path);
    try {
      assert.equal(re.count(), 100);
    } finally {
      re.close();
    }
  },
);
