// Worker thread for worker.test.ts: its own store handle on a shared file.
// Receives { path, id, n }; writes n keys "t<id>:<i>", reads them back, and posts
// { ok: true, id, seen } or { ok: false, error }.
import { KVStore, SnkvError } from "../../mod.ts";

interface Job {
  path: string;
  id: number;
  n: number;
}

const ctx = self as unknown as {
  postMessage(msg: unknown): void;
  onmessage: ((e: MessageEvent<Job>) => void) | null;
};

ctx.onmessage = (e) => {
  const { path, id, n } = e.data;
  let result: unknown;
  try {
    const db = new KVStore(path, { busyTimeout: 30_000 });
    try {
      const cf = db.openColumnFamily("threads");
      for (let i = 0; i < n; i++) {
        if (i % 50 === 0) {
          db.transaction(() => {
            for (let j = i; j < i + 10 && j < n; j++) {
              db.put(`t${id}:${String(j).padStart(5, "0")}`, `${id}/${j}`);
            }
          });
        }
        db.put(`t${id}:${String(i).padStart(5, "0")}`, `${id}/${i}`);
        if (i % 10 === 0) cf.put(`t${id}:${i}`, String(i));
      }
      let seen = 0;
      for (const [k, v] of db.entries({ prefix: `t${id}:` })) {
        const i = Number(new TextDecoder().decode(k).split(":")[1]);
        if (new TextDecoder().decode(v) !== `${id}/${i}`) throw new Error("bad value at " + i);
        seen++;
      }
      // Errors are typed inside workers too.
      let typed = false;
      try {
        db.commit();
      } catch (err) {
        typed = err instanceof SnkvError;
      }
      cf.close();
      result = { ok: true, id, seen, typed };
    } finally {
      db.close(); // before answering: the main thread may terminate this worker at once
    }
  } catch (err) {
    result = { ok: false, id, error: String((err as Error)?.stack ?? err) };
  }
  ctx.postMessage(result);
};
