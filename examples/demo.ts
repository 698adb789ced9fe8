// SNKV in one page: open, put/get, a transaction, a column family, an iterator and TTL.
//
// Run: npm start   (or: deno run -A examples/demo.ts [path], bun examples/demo.ts [path])
//
// The store is a real file, so the demo also shows durability: run it twice and the run
// counter goes up. It lives in the system's temporary directory (not the working tree),
// unless a path is given as the first argument.
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { KVStore } from "../mod.ts";

const path = process.argv[2] ?? join(tmpdir(), "snkv-demo.db");

using db = new KVStore(path);
console.log(`opened ${db.path}`);

// put / get: strings or bytes in, bytes (or a string) out.
const runs = Number(db.getString("demo:runs") ?? "0") + 1;
db.put("demo:runs", String(runs));
console.log(`this demo has run ${runs} time(s) on this store`);
db.put("greeting", "hello, world");
console.log(`greeting = ${db.getString("greeting")}`);

// A transaction: all or nothing.
db.transaction(() => {
  db.put("account:alice", "90");
  db.put("account:bob", "110");
});
try {
  db.transaction(() => {
    db.put("account:alice", "0");
    throw new Error("payment declined");
  });
} catch (e) {
  console.log(`rolled back (${(e as Error).message}): alice still has ${db.getString("account:alice")}`);
}

// A column family: a separate keyspace in the same file, closed when done.
{
  using users = openOrCreate("users");
  users.putMany([["u:1", "ada"], ["u:2", "grace"], ["u:3", "linus"]]);
  console.log(`users: ${users.count()} entries; default family: ${db.count()} entries`);

  // An iterator: ordered by key bytes, here limited to a prefix, newest first.
  const dec = new TextDecoder();
  for (const [k, v] of users.entries({ prefix: "u:", reverse: true })) {
    console.log(`  ${dec.decode(k)} -> ${dec.decode(v)}`);
  }
}

// TTL: a key that expires by itself (milliseconds).
db.put("session:42", "token", { ttl: 1500 });
console.log(`session:42 expires in ${db.ttl("session:42")} ms; has it now? ${db.has("session:42")}`);
await new Promise((r) => setTimeout(r, 1600));
console.log(`after 1.6 s: has it? ${db.has("session:42")}; purged ${db.purgeExpired()} expired key(s)`);

console.log("done");

function openOrCreate(name: string) {
  return db.listColumnFamilies().includes(name) ? db.openColumnFamily(name) : db.createColumnFamily(name);
}
