// Child process for the multi-process tests.
//   write <path> <journalMode> <id> <n>  writes n keys "w<id>:<i>" (single puts, and every
//                                        tenth group of ten in one transaction), re-reading
//                                        each one; prints "ok <id> <n>"
//   read  <path> <journalMode> <ms>      for <ms> ms, scans and reads while others write,
//                                        checking every value has the writer's format;
//                                        prints "read <scans> <maxSeen>"
import process from "node:process";
import { KVStore } from "../../mod.ts";

const [role, path, journalMode, a, b] = process.argv.slice(2);
const db = new KVStore(path, { journalMode: journalMode as "wal" | "delete", busyTimeout: 30_000 });
const valueOf = (id: string, i: number) => `writer ${id} value ${i} ` + "#".repeat(i % 64);

if (role === "write") {
  const id = a;
  const n = Number(b);
  let i = 0;
  while (i < n) {
    if ((i / 10) % 10 === 5 && i + 10 <= n) {
      const start = i;
      db.transaction(() => {
        for (let j = start; j < start + 10; j++) db.put(`w${id}:${j}`, valueOf(id, j));
      });
      i += 10;
    } else {
      db.put(`w${id}:${i}`, valueOf(id, i));
      i++;
    }
    const back = db.getString(`w${id}:${i - 1}`);
    if (back !== valueOf(id, i - 1)) throw new Error(`read back mismatch at ${i - 1}: ${back}`);
  }
  db.close();
  console.log(`ok ${id} ${n}`);
} else if (role === "read") {
  const until = Date.now() + Number(a);
  let scans = 0;
  let maxSeen = 0;
  while (Date.now() < until) {
    let seen = 0;
    for (const [k, v] of db.entries()) {
      const key = new TextDecoder().decode(k);
      const m = /^w(\d+):(\d+)$/.exec(key);
      if (!m) throw new Error("unexpected key " + key);
      const val = new TextDecoder().decode(v);
      if (val !== valueOf(m[1], Number(m[2]))) throw new Error(`corrupt value for ${key}: ${val}`);
      seen++;
    }
    maxSeen = Math.max(maxSeen, seen);
    scans++;
  }
  db.close();
  console.log(`read ${scans} ${maxSeen}`);
} else {
  console.error("unknown role " + role);
  process.exit(2);
}
