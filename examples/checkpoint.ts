// WAL checkpoints: manual modes, and automatic ones with walSizeLimit.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KVStore } from "../mod.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "snkv-ckpt-"));
const walSize = (f: string) => (fs.existsSync(f + "-wal") ? fs.statSync(f + "-wal").size : 0);
try {
  const file = path.join(dir, "ckpt.db");
  const db = new KVStore(file);
  try {
    for (let i = 0; i < 100; i++) db.put(`key:${i}`, "x".repeat(200));
    console.log("WAL has data:", walSize(file) > 0);

    // passive (the default) copies what it can without waiting for anyone.
    const p = db.checkpoint();
    console.log("passive: all frames copied =", p.walFrames > 0 && p.checkpointedFrames === p.walFrames);

    // truncate also empties the -wal file.
    db.put("one-more", "v");
    const t = db.checkpoint("truncate");
    console.log("truncate: walFrames =", t.walFrames, "| -wal size =", walSize(file));

    // Not allowed inside a write transaction.
    db.begin({ write: true });
    try {
      db.checkpoint();
    } catch (e) {
      console.log("checkpoint inside a write transaction ->", (e as Error).constructor.name);
    }
    db.rollback();
  } finally {
    db.close();
  }

  // walSizeLimit: checkpoint automatically once the WAL holds that many frames.
  const auto = new KVStore(path.join(dir, "auto.db"), { walSizeLimit: 20 });
  try {
    for (let i = 0; i < 100; i++) auto.put(`key:${i}`, "y".repeat(2000));
    console.log("automatic checkpoints happened:", auto.stats().checkpoints > 0);
  } finally {
    auto.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
