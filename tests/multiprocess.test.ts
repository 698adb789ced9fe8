// Several processes on one file at once: five writers (with a busy timeout) and a reader,
// while this process keeps an idle handle open. Nothing may be lost or corrupted.
import assert from "node:assert/strict";
import { join } from "node:path";
import { KVStore } from "../mod.ts";
import { runScript, tempDir, test } from "./harness.ts";
import { testFile } from "./helpers/util.ts";

const WORKER = testFile("helpers/mp_worker.ts");
const valueOf = (id: string, i: number) => `writer ${id} value ${i} ` + "#".repeat(i % 64);

async function concurrentWriters(journalMode: "wal" | "delete", writers: number, n: number): Promise<void> {
  const path = join(tempDir(), `mp-${journalMode}.db`);
  // Create the file first: creation itself takes the write lock.
  const idle = new KVStore(path, { journalMode, busyTimeout: 30_000 });
  idle.put("w0:0", valueOf("0", 0)); // in the format the reader checks
  assert.equal(idle.count(), 1);
  try {
    const jobs = [];
    for (let id = 1; id <= writers; id++) {
      jobs.push(runScript(WORKER, ["write", path, journalMode, String(id), String(n)]));
    }
    jobs.push(runScript(WORKER, ["read", path, journalMode, "1500"]));
    const results = await Promise.all(jobs);
    for (const [i, r] of results.entries()) {
      assert.equal(r.code, 0, `child ${i} exited ${r.code}: ${r.stderr}`);
    }
    for (let id = 1; id <= writers; id++) assert.match(results[id - 1].stdout, new RegExp(`ok ${id} ${n}`));
    assert.match(results[writers].stdout, /read \d+ \d+/);

    // The idle handle sees everything, without reopening.
    assert.equal(idle.count(), writers * n + 1);
    for (let id = 1; id <= writers; id++) {
      for (let i = 0; i < n; i++) {
        assert.equal(idle.getString(`w${id}:${i}`), valueOf(String(id), i), `w${id}:${i}`);
      }
    }
    idle.integrityCheck();
  } finally {
    idle.close();
  }
  const re = new KVStore(path, { journalMode });
  try {
    assert.equal(re.count(), writers * n + 1);
    re.integrityCheck();
  } finally {
    re.close();
  }
}

test("five writer processes and a reader, WAL: nothing lost", { timeout: 120_000 }, async () => {
  await concurrentWriters("wal", 5, 300);
});

test("five writer processes and a reader, rollback journal: nothing lost", { timeout: 120_000 }, async () => {
  await concurrentWriters("delete", 5, 60); // each commit fsyncs several times
});

test("a writer in another process is refused with BusyError without a timeout, and waits with one", {
  timeout: 60_000,
}, async () => {
  const path = join(tempDir(), "lock.db");
  const holder = new KVStore(path);
  try {
    holder.put("x", "1");
    holder.begin({ write: true });
    holder.put("held", "1");
    // A child with busyTimeout 30 s would block until we commit; with 0 it fails at once.
    const script = testFile("helpers/busy_probe.ts");
    const fast = await runScript(script, [path, "0"]);
    assert.equal(fast.code, 0, fast.stderr);
    assert.match(fast.stdout, /busy/);
    holder.commit();
    const ok = await runScript(script, [path, "0"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /written/);
    assert.equal(holder.getString("probe"), "1");
  } finally {
    holder.close();
  }
});
