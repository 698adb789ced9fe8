/**
 * Deno KV on a local file (Deno only; `--unstable-kv`). Keys are `[bytes]`; writes that the
 * workload groups into a transaction go into `kv.atomic()` batches of at most 1,000
 * mutations (Deno KV's limit per atomic operation), which is how its docs batch writes.
 * @module
 */
import type { AsyncStore } from "../workloads.ts";
import type { System } from "./types.ts";

const MAX_MUTATIONS = 1000;

export const system: System = {
  async: true,
  version: `Deno KV (Deno ${Deno.version.deno})`,
  setup: () =>
    "await Deno.openKv(path) (SQLite-backed local file, its own fixed settings); keys [Uint8Array]; " +
    "kv.get / kv.set / kv.delete; transactions as kv.atomic() batches of <= 1,000 mutations; kv.list({start, end}) for scans",
  // deno-lint-ignore no-explicit-any
  open(path: string): any {
    return openKv(path);
  },
};

async function openKv(path: string): Promise<AsyncStore> {
  const kv = await Deno.openKv(path);
  let op: Deno.AtomicOperation | null = null;
  let pending = 0;
  const flush = async () => {
    if (op && pending > 0) {
      const r = await op.commit();
      if (!r.ok) throw new Error("atomic commit failed");
    }
    op = kv.atomic();
    pending = 0;
  };
  const visit = async (sel: Deno.KvListSelector): Promise<[number, number]> => {
    let n = 0, bytes = 0;
    for await (const e of kv.list<Uint8Array>(sel, { batchSize: 1000 })) {
      bytes += (e.key[0] as Uint8Array).length + e.value.length;
      n++;
    }
    return [n, bytes];
  };
  return {
    put: async (k, v) => void (await kv.set([k], v)),
    get: async (k) => (await kv.get<Uint8Array>([k])).value ?? undefined,
    has: async (k) => (await kv.get([k])).versionstamp !== null,
    begin: () => {
      op = kv.atomic();
      pending = 0;
    },
    putBuffered: async (k, v) => {
      op!.set([k], v);
      if (++pending >= MAX_MUTATIONS) await flush();
    },
    delBuffered: async (k) => {
      op!.delete([k]);
      if (++pending >= MAX_MUTATIONS) await flush();
    },
    commit: async () => {
      await flush();
      op = null;
    },
    scan: () => visit({ prefix: [] }),
    scanRange: (a, b) => visit({ start: [a], end: [b] }),
    close: () => kv.close(),
  };
}
