// Crash safety: a child commits in a loop and acknowledges each commit; it is SIGKILLed at a
// random moment; on reopen every acknowledged commit is there, the one in flight is all or
// nothing, nothing later exists, and the file passes the integrity check. Several rounds on
// one file, in WAL and rollback-journal mode.
import assert from "node:assert/strict";
import { join } from "node:path";
import process from "node:process";
import { KVStore } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { sleep, startScript, testFile } from "./helpers/util.ts";

const WRITER = testFile("helpers/crash_writer.ts");
const pad = (n: number) => String(n).padStart(8, "0");

function bigOk(v: Uint8Array | undefined, seq: number): boolean {
  if (!v || v.length !== 20_000) return false;
  for (let i = 0; i < v.length; i += 997) if (v[i] !== ((i + seq) & 0xff)) return false;
  return true;
}

/** State of commit `seq` in the store: "all", "none" or a description of a torn state. */
function commitState(db: KVStore, seq: number, deletedByNext: boolean | "maybe"): string {
  const present: boolean[] = [];
  for (let j = 0; j < 5; j++) {
    const v = db.getString(`tx:${pad(seq)}:${j}`);
    if (v !== undefined && v !== `${seq}:${j}`) return `wrong value ${v} at ${seq}:${j}`;
    present.push(v !== undefined);
  }
  const bigPresent = seq % 7 === 0 ? db.has(`big:${pad(seq)}`) : undefined;
  if (bigPresent && !bigOk(db.get(`big:${pad(seq)}`), seq)) return `big:${seq} damaged`;
  const head = present.slice(0, 4);
  if (head.every((p) => !p)) {
    return present[4] || bigPresent ? `torn ${seq}` : "none";
  }
  if (!head.every((p) => p)) return `torn ${seq}`;
  if (bigPresent === false) return `big:${seq} missing`;
  if (deletedByNext === true && present[4]) return `tx:${seq}:4 should be deleted`;
  if (deletedByNext === false && !present[4]) return `tx:${seq}:4 missing`;
  return "all";
}

async function crashRounds(journalMode: "wal" | "delete", rounds: number): Promise<void> {
  const path = join(tempDir(), `crash-${journalMode}.db`);
  let next = 1; // first seq of the next round
  const acked: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const child = startScript(WRITER, [path, journalMode, String(next)]);
    // Wait until it is writing, then kill it at a random moment.
    let ended = false;
    child.exited.then(() => (ended = true));
    const t0 = Date.now();
    while (!/ack \d+/.test(child.stdout()) && !ended && Date.now() - t0 < 30_000) await sleep(5);
    assert.match(child.stdout(), /ack \d+/, `child never acknowledged a commit: ${child.stderr()}`);
    await sleep(20 + Math.floor(Math.random() * 250));
    child.kill("SIGKILL");
    const exit = await child.exited;
    if (process.platform !== "win32") {
      assert.equal(exit.signal, "SIGKILL", `child ended on its own: ${child.stderr()}`);
    }
    const mine = [...child.stdout().matchAll(/ack (\d+)\n/g)].map((m) => Number(m[1]));
    assert.ok(mine.length > 0);
    acked.push(...mine);
    const maxAck = mine[mine.length - 1];

    const db = new KVStore(path, { journalMode });
    try {
      db.integrityCheck();
      // Every acknowledged commit of every round is complete.
      for (const seq of acked) {
        const nextSeq = seq + 1;
        const deleted = nextSeq % 11 !== 0 ? false : nextSeq <= maxAck ? true : "maybe";
        assert.equal(commitState(db, seq, deleted), "all", `round ${round}, acknowledged commit ${seq}`);
      }
      // The one in flight is all or nothing; nothing after it exists.
      const inFlight = commitState(db, maxAck + 1, false);
      assert.ok(inFlight === "all" || inFlight === "none", `in-flight commit ${maxAck + 1}: ${inFlight}`);
      assert.equal(commitState(db, maxAck + 2, false), "none");
      if ((maxAck + 1) % 11 === 0) {
        // The in-flight commit deletes tx:<maxAck>:4: gone exactly when it committed.
        assert.equal(db.has(`tx:${pad(maxAck)}:4`), inFlight === "none", "delete of the in-flight commit");
      }
      if (process.env.SNKV_TEST_VERBOSE) {
        console.log(`${journalMode} round ${round}: ${mine.length} acknowledged, in flight: ${inFlight}`);
      }
      if (inFlight === "all") acked.push(maxAck + 1);
      next = inFlight === "all" ? maxAck + 2 : maxAck + 1;
      // Exactly the committed keys exist.
      let expected = 0;
      for (let s = 1; s < next; s++) {
        expected += 5 + (s % 7 === 0 ? 1 : 0) - ((s + 1) % 11 === 0 && s + 1 < next ? 1 : 0);
      }
      assert.equal(db.count(), expected, `round ${round}: key count`);
    } finally {
      db.close();
    }
  }
  assert.ok(acked.length >= rounds);
}

test("SIGKILL during commits loses no acknowledged commit (WAL)", { timeout: 120_000 }, async () => {
  await crashRounds("wal", 5);
});

test(
  "SIGKILL during commits loses no acknowledged commit (rollback journal)",
  { timeout: 120_000 },
  async () => {
    await crashRounds("delete", 5);
  },
);
