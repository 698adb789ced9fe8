// A small session store: sessions live in their own column family with a TTL, a
// putIfAbsent guard against id collisions, and periodic purging.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ColumnFamily, KVStore } from "../mod.ts";

interface Session {
  user: string;
  roles: string[];
}

class SessionStore {
  #sessions: ColumnFamily;
  #ttlMs: number;
  constructor(db: KVStore, ttlMs: number) {
    this.#ttlMs = ttlMs;
    const names = db.listColumnFamilies();
    this.#sessions = names.includes("sessions")
      ? db.openColumnFamily("sessions")
      : db.createColumnFamily("sessions");
  }
  create(id: string, s: Session): boolean {
    return this.#sessions.putIfAbsent(id, JSON.stringify(s), { ttl: this.#ttlMs });
  }
  get(id: string): Session | undefined {
    const raw = this.#sessions.getString(id);
    return raw === undefined ? undefined : JSON.parse(raw);
  }
  touch(id: string): boolean {
    const raw = this.#sessions.getString(id);
    if (raw === undefined) return false;
    this.#sessions.put(id, raw, { ttl: this.#ttlMs }); // extend the lifetime
    return true;
  }
  end(id: string): boolean {
    return this.#sessions.delete(id);
  }
  purge(): number {
    return this.#sessions.purgeExpired();
  }
  active(): string[] {
    return [...this.#sessions.keys()].map((k) => new TextDecoder().decode(k));
  }
  close(): void {
    this.#sessions.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-sessions-"));
try {
  const db = new KVStore(path.join(dir, "sessions.db"));
  const store = new SessionStore(db, 400);
  try {
    console.log("create s1:", store.create("s1", { user: "alice", roles: ["admin"] }));
    console.log("create s2:", store.create("s2", { user: "bob", roles: [] }));
    console.log("create s1 again:", store.create("s1", { user: "mallory", roles: [] }));
    console.log("s1 user:", store.get("s1")?.user);
    console.log("active:", store.active().join(", "));

    await new Promise((r) => setTimeout(r, 250));
    console.log("touch s1:", store.touch("s1"));
    await new Promise((r) => setTimeout(r, 250));
    console.log(
      "after 500 ms, s1:",
      store.get("s1")?.user ?? "expired",
      "| s2:",
      store.get("s2")?.user ?? "expired",
    );
    console.log("end s1:", store.end("s1"));
    console.log("purged:", store.purge());
    console.log("active:", store.active().length);
  } finally {
    store.close();
    db.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
