// Runs every example in a child process (the current runtime) and checks its output line by
// line: the examples are documentation, so an example that does not run, or prints
// something else, is a failing test.
import assert from "node:assert/strict";
import { runScript, test } from "./harness.ts";
import { testFile } from "./helpers/util.ts";

const EXPECTED: Record<string, string[]> = {
  basic: [
    "get user:1 -> alice",
    "has user:2 -> true",
    "has user:3 -> false",
    "get user:3 -> undefined",
    "binary value -> 1,2,3",
    "after overwrite -> alice smith",
    "delete user:2 -> true",
    "delete user:2 again -> false",
    "count -> 2",
    "after reopen user:1 -> alice smith",
  ],
  transactions: [
    "after commit: 100 50",
    "inside transaction: 0 inTransaction = true",
    "after rollback: 100",
    "transfer 30 alice->bob, alice now 70",
    "failed transfer: insufficient funds in account:bob",
    "balances: 70 80",
    "snapshot sees bob = 80",
    "snapshot still sees bob = 80",
    "after the snapshot bob = 999",
  ],
  column_families: [
    "users/1 -> alice",
    "products/1 -> keyboard",
    "default/1 -> in the default family",
    "families: products, users",
    "counts: users 2 products 2 default 1",
    "default via handle -> in the default family",
    "after drop: users",
    "open dropped family: NotFoundError",
  ],
  iterators: [
    "all keys, in byte order:",
    "  fruit:apple = red",
    "  fruit:banana = yellow",
    "  fruit:cherry = dark red",
    "  veg:carrot = orange",
    "  veg:leek = green",
    "prefix fruit:",
    "  fruit:apple",
    "  fruit:banana",
    "  fruit:cherry",
    "values with prefix veg: orange, green",
    "manual walk: fruit:apple fruit:banana fruit:cherry veg:carrot veg:leek",
    "from seek(fruit:c): fruit:cherry veg:carrot veg:leek",
    "first veg: veg:carrot",
    "prefix iterator at: fruit:banana -> yellow",
  ],
  reverse_iterators: [
    "all, descending: meta log:005 log:004 log:003 log:002 log:001",
    "newest 3 log entries:",
    "  log:005 = event 5",
    "  log:004 = event 4",
    "  log:003 = event 3",
    "manual reverse walk: meta log:005 log:004 log:003 log:002 log:001",
    "reverse from seek(log:003z): log:003 log:002 log:001",
  ],
  config: [
    "default store: -wal file present = true",
    "delete-journal store: -wal file present = false",
    "page size in the file header = 8192",
    "read-only get k -> v",
    "read-only put -> ReadOnlyError",
    "in-memory get k -> in memory",
  ],
  checkpoint: [
    "WAL has data: true",
    "passive: all frames copied = true",
    "truncate: walFrames = 0 | -wal size = 0",
    "checkpoint inside a write transaction -> BusyError",
    "automatic checkpoints happened: true",
  ],
  session_store: [
    "create s1: true",
    "create s2: true",
    "create s1 again: false",
    "s1 user: alice",
    "active: s1, s2",
    "touch s1: true",
    "after 500 ms, s1: alice | s2: expired",
    "end s1: true",
    "purged: 1",
    "active: 0",
  ],
  ttl: [
    "token -> abc | expires in about 60 s",
    "permanent ttl -> null",
    "old -> undefined | has = false",
    "ttl(old) -> NotFoundError",
    "blink after 120 ms -> undefined",
    "count before purge = 4",
    "purged = 2",
    "count after purge = 2",
    "token ttl after plain put -> null",
  ],
  seek: [
    "seek exact 2024-02-10 -> event:2024-02-10",
    "seek between 2024-01-07 -> event:2024-02-10",
    "seek past the end -> eof = true",
    "February and March: 2024-02-10 2024-03-03 2024-03-20",
    "latest on or before 2024-03-10 -> 2024-03-03",
    "prefix seek -> 2024-03-20 | next eof = true",
  ],
  put_if_absent: [
    "claim username 'neo' by user 1: true",
    "claim username 'neo' by user 2: false",
    "owner: user-1",
    "lease by worker A: true",
    "lease by worker B: false",
    "after expiry, lease by worker B: true",
    "lease holder: worker-B",
    "in transaction, first: true",
    "in transaction, second: false",
    "once = 1",
  ],
  count_clear_stats: [
    "count default = 10 | cache = 5",
    "count with an expired key = 11",
    "after cache.clear(): default = 10 | cache = 0",
    "puts = 1 | gets = 1 | deletes = 1 | iterations = 1",
    "bytesWritten = 15 | bytesRead = 10",
    "walCommits >= 2: true | dbPages > 0: true",
  ],
  batch: [
    "stored 1000 entries",
    "getMany: payload 0 | payload 999 | undefined",
    "deleteMany removed 2",
    "left 998",
  ],
  multi_process: [
    "children exited with 0, 0, 0",
    "worker1 wrote 100 keys",
    "worker2 wrote 100 keys",
    "worker3 wrote 100 keys",
    "total = 300",
    "count = 301",
  ],
};

for (const [name, lines] of Object.entries(EXPECTED)) {
  test(`example ${name}.ts prints what it should`, async () => {
    const r = await runScript(testFile(`../examples/${name}.ts`));
    assert.equal(r.code, 0, `examples/${name}.ts exited ${r.code}:\n${r.stderr}`);
    const got = r.stdout.replace(/\r\n/g, "\n").trimEnd().split("\n");
    assert.deepEqual(got, lines);
  }, { timeout: 60_000 });
}
