// Child process for crash.test.ts: commits forever until killed, acknowledging each commit
// on stdout (synchronously, so an acknowledged commit is one that returned).
//   crash_writer.ts <path> <journalMode> <firstSeq>
// Commit <seq> writes tx:<seq>:0..4 = "<seq>:<j>" in one transaction; every 7th also writes a
// 20 000-byte big:<seq>; every 11th deletes tx:<seq-1>:4.
import * as fs from "node:fs";
import process from "node:process";
import { KVStore } from "../../mod.ts";

const [path, journalMode, first] = process.argv.slice(2);
const db = new KVStore(path, { journalMode: journalMode as "wal" | "delete" });
const big = (seq: number) => {
  const b = new Uint8Array(20_000);
  for (let i = 0; i < b.length; i++) b[i] = (i + seq) & 0xff;
  return b;
};
fs.writeSync(1, "ready\n");
for (let seq = Number(first);; seq++) {
  db.transaction(() => {
    for (let j = 0; j < 5; j++) db.put(`tx:${String(seq).padStart(8, "0")}:${j}`, `${seq}:${j}`);
    if (seq % 7 === 0) db.put(`big:${String(seq).padStart(8, "0")}`, big(seq));
    if (seq % 11 === 0) db.delete(`tx:${String(seq - 1).padStart(8, "0")}:4`);
  });
  fs.writeSync(1, `ack ${seq}\n`);
}
