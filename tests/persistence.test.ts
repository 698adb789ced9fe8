// Persistence across processes: data written here is read back by a fresh process, data
// written by a child is read here, and abrupt exits keep exactly what was committed.
import assert from "node:assert/strict";
import { join } from "node:path";
import { KVStore } from "../mod.ts";
import { runScript, tempDir, test } from "./harness.ts";
import { dumpStore } from "./helpers/dump_lib.ts";
import { pattern, testFile } from "./helpers/util.ts";

const DUMP = testFile("helpers/dump_store.ts");
const WRITER = testFile("helpers/child_writer.ts");

async function run(file: string, args: string[]): Promise<string> {
  const r = await runScript(file, args);
  assert.equal(r.code, 0, `child failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

function lines(s: string): string[] {
  return s.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
}

test("data written here is read back identically by a fresh process", { timeout: 60_000 }, async () => {
  for (const journalMode of ["wal", "delete"] as const) {
    const path = join(tempDir(), `p-${journalMode}.db`);
    const db = new KVStore(path, { journalMode });
    db.put("text", "hello, world");
    db.put(pattern(256), pattern(256).reverse());
    db.put("empty", "");
    db.put("big", pattern(1_000_000, 7, 3));
    db.put("K".repeat(3000), "long key");
    db.put("live-ttl", "v", { ttl: 3_600_000 });
    db.put("dead-ttl", "v", { expireAt: 1 });
    db.transaction(() => {
      for (let i = 0; i < 1000; i++) db.put(`n:${String(i).padStart(4, "0")}`, `value ${i}`);
    });
    const users = db.createColumnFamily("users");
    users.put("alice", "admin");
    users.put("tmp", "x", { ttl: 3_600_000 });
    users.close();
    const gone = db.createColumnFamily("gone");
    gone.put("x", "y");
    gone.close();
    db.dropColumnFamily("gone");
    db.close();

    const mine = dumpStore(path);
    assert.ok(mine.includes("# default count=1007"), mine.slice(0, 3).join("\n"));
    const theirs = lines(await run(DUMP, [path]));
    assert.deepEqual(theirs, mine);
  }
});

test("data written by a child process is read back here", { timeout: 60_000 }, async () => {
  const path = join(tempDir(), "child.db");
  const out = await run(WRITER, ["write", path, "c:", "500"]);
  assert.match(out, /done 500/);
  const db = new KVStore(path);
  try {
    assert.equal(db.count(), 500);
    assert.equal(db.getString("c:0"), "c:-value-0");
    assert.equal(db.getString("c:499"), "c:-value-499");
    const cf = db.openColumnFamily("child");
    assert.equal(cf.count(), 50);
    assert.equal(cf.getString("c:490"), "490");
    cf.close();
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("sessions from several processes accumulate", { timeout: 60_000 }, async () => {
  const path = join(tempDir(), "acc.db");
  for (const p of ["a:", "b:", "c:"]) await run(WRITER, ["write", path, p, "100"]);
  const db = new KVStore(path);
  try {
    assert.equal(db.count(), 300);
    for (const p of ["a:", "b:", "c:"]) assert.equal(db.getString(`${p}99`), `${p}-value-99`);
  } finally {
    db.close();
  }
});

test("an open handle here sees a child's commits without reopening", { timeout: 60_000 }, async () => {
  const path = join(tempDir(), "live.db");
  const db = new KVStore(path);
  try {
    db.put("parent", "1");
    assert.equal(db.getString("parent"), "1");
    await run(WRITER, ["write", path, "x:", "50"]);
    assert.equal(db.getString("x:49"), "x:-value-49");
    assert.equal(db.count(), 51);
    db.put("after", "1");
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test(
  "a child that exits inside a write transaction leaves only its committed data",
  { timeout: 60_000 },
  async () => {
    const path = join(tempDir(), "unc.db");
    await run(WRITER, ["uncommitted", path]);
    const db = new KVStore(path);
    try {
      assert.equal(db.count(), 100);
      assert.equal(db.getString("committed:99"), "c");
      assert.equal(db.has("uncommitted:0"), false);
      db.integrityCheck();
    } finally {
      db.close();
    }
  },
);

test("a child that exits without closing keeps its commits", { timeout: 60_000 }, async () => {
  const path = join(tempDir(), "noclose.db");
  await run(WRITER, ["noclose", path]);
  const db = new KVStore(path);
  try {
    assert.equal(db.count(), 50);
    assert.equal(db.getString("noclose:49"), "49");
    db.integrityCheck();
  } finally {
    db.close();
  }
});

test("reopen cycles: data from every session survives (50 cycles)", () => {
  const path = join(tempDir(), "cycles.db");
  for (let i = 0; i < 50; i++) {
    const db = new KVStore(path);
    if (i === 0) db.put("anchor", "a");
    db.put(`s${i}`, String(i));
    assert.equal(db.count(), i + 2);
    db.close();
  }
  const db = new KVStore(path, { readOnly: true });
  try {
    assert.equal(db.getString("anchor"), "a");
    assert.equal(db.getString("s49"), "49");
  } finally {
    db.close();
  }
});

test("switching journal modes between sessions keeps all data", () => {
  const path = join(tempDir(), "switch.db");
  const modes = ["delete", "wal", "delete", "wal"] as const;
  modes.forEach((journalMode, i) => {
    const db = new KVStore(path, { journalMode });
    db.put(`m${i}`, journalMode);
    for (let j = 0; j < i; j++) assert.equal(db.getString(`m${j}`), modes[j]);
    db.close();
  });
});
