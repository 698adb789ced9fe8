// Open options: journal mode, sync level, cache and page size, busy timeout, read-only.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore, ReadOnlyError } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-config-"));
const exists = (f: string) => fs.existsSync(f);
try {
  // Defaults: WAL journal, sync "normal", 2000-page cache, 4096-byte pages, no busy timeout.
  const walFile = path.join(dir, "wal.db");
  const wal = new KVStore(walFile);
  wal.put("k", "v");
  console.log("default store: -wal file present =", exists(walFile + "-wal"));
  wal.close();

  // Every option, spelled out.
  const tunedFile = path.join(dir, "tuned.db");
  const tuned = new KVStore(tunedFile, {
    journalMode: "delete", // classic rollback journal instead of WAL
    syncLevel: "full", // fsync on every commit
    cacheSize: 500, // pages
    pageSize: 8192, // only for new files
    busyTimeout: 2000, // wait up to 2 s for another writer
    walSizeLimit: 0, // (WAL only) auto-checkpoint after N frames; 0 = off
  });
  tuned.put("k", "v");
  console.log("delete-journal store: -wal file present =", exists(tunedFile + "-wal"));
  tuned.close();
  const header = fs.readFileSync(tunedFile).subarray(16, 18);
  console.log("page size in the file header =", (header[0] << 8) | header[1]);

  // Read-only: reads work, writes throw ReadOnlyError.
  const ro = new KVStore(walFile, { readOnly: true });
  console.log("read-only get k ->", ro.getString("k"));
  try {
    ro.put("k", "new");
  } catch (e) {
    console.log("read-only put ->", e instanceof ReadOnlyError ? "ReadOnlyError" : String(e));
  }
  ro.close();

  // No path (or ":memory:"): a private in-memory store.
  const mem = new KVStore();
  mem.put("k", "in memory");
  console.log("in-memory get k ->", mem.getString("k"));
  mem.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
