// Child process used by persistence tests.
//   write <path> <prefix> <n>   n keys "<prefix><i>" = "<prefix>-value-<i>", plus a family
//                               "child" with every tenth key; closes cleanly; prints "done <n>"
//   uncommitted <path>          commits "committed:*", then exits inside an open write
//                               transaction holding "uncommitted:*" (no close)
//   noclose <path>              commits "noclose:*" and exits without closing the store
import process from "node:process";
import { type ColumnFamily, KVStore, NotFoundError } from "../../mod.ts";

const [cmd, path, ...rest] = process.argv.slice(2);

if (cmd === "write") {
  const prefix = rest[0];
  const n = Number(rest[1]);
  const db = new KVStore(path, { busyTimeout: 10_000 });
  let cf: ColumnFamily;
  try {
    cf = db.openColumnFamily("child");
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    cf = db.createColumnFamily("child");
  }
  for (let i = 0; i < n; i++) {
    db.put(`${prefix}${i}`, `${prefix}-value-${i}`);
    if (i % 10 === 0) cf.put(`${prefix}${i}`, String(i));
  }
  cf.close();
  db.close();
  console.log(`done ${n}`);
} else if (cmd === "uncommitted") {
  const db = new KVStore(path);
  db.transaction(() => {
    for (let i = 0; i < 100; i++) db.put(`committed:${i}`, "c");
  });
  db.begin({ write: true });
  for (let i = 0; i < 100; i++) db.put(`uncommitted:${i}`, "u");
  console.log("exiting");
  process.exit(0);
} else if (cmd === "noclose") {
  const db = new KVStore(path);
  for (let i = 0; i < 50; i++) db.put(`noclose:${i}`, String(i));
  console.log("exiting");
  process.exit(0);
} else {
  console.error("unknown command " + cmd);
  process.exit(2);
}
