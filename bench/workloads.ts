/**
 * The benchmark's workloads, shared by every system and both runtimes.
 *
 * Shapes follow the reference benchmark (spec §5.2) and bench/c exactly: keys `key_%08d`
 * (12 B), values `value_%08d_with_some_additional_data_to_make_it_realistic` (61 B), the same
 * op counts and transaction shapes, plus two workloads of issue 5 (10,000 auto-commit single
 * puts; 1,000 prefix scans of 1,000 keys each). Random keys come from a fixed-seed PRNG and
 * are made before the clock starts. Sequential data (1M keys and values) is made in chunks
 * of 1,000 between timed sections, so the test data never dominates a child's memory.
 *
 * A system implements {@link SyncStore} (or {@link AsyncStore} for Deno KV, whose API is
 * asynchronous); {@link runSync} / {@link runAsync} drive the same plans through either.
 * @module
 */

/** Every workload, in run order. */
export const WORKLOADS = [
  "seq-write",
  "rand-read",
  "seq-scan",
  "prefix-scan",
  "rand-update",
  "rand-delete",
  "exists",
  "mixed",
  "single-put",
  "bulk-insert",
] as const;
export type Workload = (typeof WORKLOADS)[number];

/** What one op of each workload is (for the table's header). */
export const UNITS: Record<Workload, string> = {
  "seq-write": "puts/s, 1 txn per 1,000",
  "rand-read": "gets/s, auto-commit",
  "seq-scan": "entries/s, full scan",
  "prefix-scan": "scans/s, 1,000 keys each",
  "rand-update": "puts/s, one txn",
  "rand-delete": "deletes/s, one txn",
  "exists": "checks/s, auto-commit",
  "mixed": "ops/s, one txn",
  "single-put": "puts/s, 1 txn each",
  "bulk-insert": "puts/s, one txn",
};

/** Workloads counted as point operations (the 1.5x target) and their C-bench names. */
export const POINT_WORKLOADS: Workload[] = [
  "rand-read",
  "exists",
  "rand-update",
  "rand-delete",
  "mixed",
  "single-put",
];

export const RAND_READS = 50_000;
export const RAND_UPDATES = 10_000;
export const RAND_DELETES = 5_000;
export const EXISTS = 50_000;
export const MIXED = 20_000;
export const SINGLE_PUTS = 10_000;
export const PREFIX_SCANS = 1_000;
export const CHUNK = 1_000;

/** A synchronous store: every system except Deno KV. Keys and values are bytes. */
export interface SyncStore {
  put(k: Uint8Array, v: Uint8Array): void;
  /** The value as the caller's own bytes, or undefined. */
  get(k: Uint8Array): Uint8Array | undefined;
  has(k: Uint8Array): boolean;
  del(k: Uint8Array): void;
  /** Runs `fn` in one write transaction (commits when it returns). */
  txn(fn: () => void): void;
  /** Visits every entry in key order, reading key and value; returns [entries, bytes]. */
  scan(): [number, number];
  /** Visits the entries whose key starts with `prefix` (upper bound `end`); returns [entries, bytes]. */
  scanRange(prefix: Uint8Array, end: Uint8Array): [number, number];
  close(): void;
}

/** Deno KV's shape: the same operations, asynchronous; writes are batched into atomics. */
export interface AsyncStore {
  put(k: Uint8Array, v: Uint8Array): Promise<void>;
  get(k: Uint8Array): Promise<Uint8Array | undefined>;
  has(k: Uint8Array): Promise<boolean>;
  /** Starts buffering writes; putBuffered/delBuffered add to the batch; commit() flushes. */
  begin(): void;
  putBuffered(k: Uint8Array, v: Uint8Array): Promise<void>;
  delBuffered(k: Uint8Array): Promise<void>;
  commit(): Promise<void>;
  scan(): Promise<[number, number]>;
  scanRange(prefix: Uint8Array, end: Uint8Array): Promise<[number, number]>;
  close(): void;
}

/** The result of one workload in one run. */
export interface WorkloadResult {
  ops: number;
  ms: number;
  opsPerSec: number;
  /** Hits/entries seen, so a system that read different data stands out. */
  check: number;
}

// ---- data -----------------------------------------------------------------------------

const enc = new TextEncoder();

/** splitmix64 on two 32-bit halves would be overkill: mulberry32, seeded. */
export function prng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `<prefix><8 digits><suffix>` as fresh bytes. */
function digits(prefix: string, i: number, suffix = ""): Uint8Array {
  return enc.encode(prefix + String(i).padStart(8, "0") + suffix);
}
export const key = (i: number) => digits("key_", i);
export const value = (i: number) => digits("value_", i, "_with_some_additional_data_to_make_it_realistic");
const updated = (i: number) => digits("updated_value_", i);
const mixedValue = (i: number) => digits("mixed_value_", i);
const singleValue = (i: number) => digits("single_value_", i);
const bulkKey = (i: number) => digits("bulk_key_", i);
const bulkValue = (i: number) => digits("bulk_value_", i);

function chunk(from: number, to: number, f: (i: number) => Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = new Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = f(i);
  return out;
}

/** Everything random, made before any clock starts. */
export interface Plans {
  records: number;
  reads: Uint8Array[];
  updates: [Uint8Array, Uint8Array][];
  deletes: Uint8Array[];
  exists: Uint8Array[];
  /** 0 get, 1 put, 2 delete. */
  mixed: { op: number; k: Uint8Array; v: Uint8Array }[];
  singles: [Uint8Array, Uint8Array][];
  prefixes: [Uint8Array, Uint8Array][];
}

export function makePlans(records: number, seed = 20250101): Plans {
  const r = prng(seed);
  const pick = () => Math.floor(r() * records);
  const reads = Array.from({ length: RAND_READS }, () => key(pick()));
  const updates = Array.from(
    { length: RAND_UPDATES },
    (_, i) => [key(pick()), updated(i)] as [Uint8Array, Uint8Array],
  );
  const deletes = Array.from({ length: RAND_DELETES }, () => key(pick()));
  const exists = Array.from({ length: EXISTS }, () => key(pick()));
  const mixed = Array.from({ length: MIXED }, (_, i) => {
    const x = r();
    return { op: x < 0.7 ? 0 : x < 0.9 ? 1 : 2, k: key(pick()), v: mixedValue(i) };
  });
  const singles = Array.from(
    { length: SINGLE_PUTS },
    (_, i) => [key(pick()), singleValue(i)] as [Uint8Array, Uint8Array],
  );
  // Prefixes "key_DDDDD" cover 1,000 keys each (the last three digits free).
  const groups = Math.max(1, Math.floor(records / 1000));
  const prefixes = Array.from({ length: PREFIX_SCANS }, () => {
    const g = String(Math.floor(r() * groups)).padStart(5, "0");
    const p = enc.encode(`key_${g}`);
    const end = p.slice();
    end[end.length - 1]++; // '0'..'9' + 1 never overflows
    return [p, end] as [Uint8Array, Uint8Array];
  });
  return { records, reads, updates, deletes, exists, mixed, singles, prefixes };
}

// ---- drivers --------------------------------------------------------------------------

const now = () => performance.now();
const result = (ops: number, ms: number, check: number): WorkloadResult => ({
  ops,
  ms,
  opsPerSec: ops / (ms / 1000),
  check,
});

/** Runs one workload on a synchronous store (the bulk store for bulk-insert). */
export function runSync(w: Workload, s: SyncStore, p: Plans): WorkloadResult {
  const N = p.records;
  let ms = 0;
  let check = 0;
  switch (w) {
    case "seq-write": {
      for (let base = 0; base < N; base += CHUNK) {
        const end = Math.min(N, base + CHUNK);
        const ks = chunk(base, end, key);
        const vs = chunk(base, end, value);
        const t0 = now();
        s.txn(() => {
          for (let j = 0; j < ks.length; j++) s.put(ks[j], vs[j]);
        });
        ms += now() - t0;
      }
      return result(N, ms, N);
    }
    case "bulk-insert": {
      // One transaction; the clock stops while the next chunk of data is made.
      let made = 0;
      const t0 = now();
      s.txn(() => {
        for (let base = 0; base < N; base += CHUNK) {
          const m0 = now();
          const end = Math.min(N, base + CHUNK);
          const ks = chunk(base, end, bulkKey);
          const vs = chunk(base, end, bulkValue);
          made += now() - m0;
          for (let j = 0; j < ks.length; j++) s.put(ks[j], vs[j]);
        }
      });
      return result(N, now() - t0 - made, N);
    }
    case "rand-read": {
      const ks = p.reads;
      const t0 = now();
      for (let i = 0; i < ks.length; i++) {
        const v = s.get(ks[i]);
        if (v !== undefined) check += v.length;
      }
      return result(ks.length, now() - t0, check);
    }
    case "exists": {
      const ks = p.exists;
      const t0 = now();
      for (let i = 0; i < ks.length; i++) if (s.has(ks[i])) check++;
      return result(ks.length, now() - t0, check);
    }
    case "seq-scan": {
      const t0 = now();
      const [n, bytes] = s.scan();
      ms = now() - t0;
      return result(n, ms, bytes);
    }
    case "prefix-scan": {
      const ps = p.prefixes;
      const t0 = now();
      for (let i = 0; i < ps.length; i++) check += s.scanRange(ps[i][0], ps[i][1])[0];
      return result(ps.length, now() - t0, check);
    }
    case "rand-update": {
      const u = p.updates;
      const t0 = now();
      s.txn(() => {
        for (let i = 0; i < u.length; i++) s.put(u[i][0], u[i][1]);
      });
      return result(u.length, now() - t0, u.length);
    }
    case "rand-delete": {
      const d = p.deletes;
      const t0 = now();
      s.txn(() => {
        for (let i = 0; i < d.length; i++) s.del(d[i]);
      });
      return result(d.length, now() - t0, d.length);
    }
    case "mixed": {
      const m = p.mixed;
      const t0 = now();
      s.txn(() => {
        for (let i = 0; i < m.length; i++) {
          const o = m[i];
          if (o.op === 0) {
            if (s.get(o.k) !== undefined) check++;
          } else if (o.op === 1) s.put(o.k, o.v);
          else s.del(o.k);
        }
      });
      return result(m.length, now() - t0, check);
    }
    case "single-put": {
      const u = p.singles;
      const t0 = now();
      for (let i = 0; i < u.length; i++) s.put(u[i][0], u[i][1]);
      return result(u.length, now() - t0, u.length);
    }
  }
}

/**
 * The same plans on an asynchronous store (Deno KV). Transactions become atomic batches of
 * at most 1,000 writes (Deno KV's limit per atomic operation); reads inside a "transaction"
 * do not see that transaction's pending writes (Deno KV has no interactive transactions).
 */
export async function runAsync(w: Workload, s: AsyncStore, p: Plans): Promise<WorkloadResult> {
  const N = p.records;
  let ms = 0;
  let check = 0;
  switch (w) {
    case "seq-write":
    case "bulk-insert": {
      const bulk = w === "bulk-insert";
      for (let base = 0; base < N; base += CHUNK) {
        const end = Math.min(N, base + CHUNK);
        const ks = chunk(base, end, bulk ? bulkKey : key);
        const vs = chunk(base, end, bulk ? bulkValue : value);
        const t0 = now();
        s.begin();
        for (let j = 0; j < ks.length; j++) await s.putBuffered(ks[j], vs[j]);
        await s.commit();
        ms += now() - t0;
      }
      return result(N, ms, N);
    }
    case "rand-read": {
      const t0 = now();
      for (const k of p.reads) {
        const v = await s.get(k);
        if (v !== undefined) check += v.length;
      }
      return result(p.reads.length, now() - t0, check);
    }
    case "exists": {
      const t0 = now();
      for (const k of p.exists) if (await s.has(k)) check++;
      return result(p.exists.length, now() - t0, check);
    }
    case "seq-scan": {
      const t0 = now();
      const [n, bytes] = await s.scan();
      return result(n, now() - t0, bytes);
    }
    case "prefix-scan": {
      const t0 = now();
      for (const [a, b] of p.prefixes) check += (await s.scanRange(a, b))[0];
      return result(p.prefixes.length, now() - t0, check);
    }
    case "rand-update": {
      const t0 = now();
      s.begin();
      for (const [k, v] of p.updates) await s.putBuffered(k, v);
      await s.commit();
      return result(p.updates.length, now() - t0, p.updates.length);
    }
    case "rand-delete": {
      const t0 = now();
      s.begin();
      for (const k of p.deletes) await s.delBuffered(k);
      await s.commit();
      return result(p.deletes.length, now() - t0, p.deletes.length);
    }
    case "mixed": {
      const t0 = now();
      s.begin();
      for (const o of p.mixed) {
        if (o.op === 0) {
          if ((await s.get(o.k)) !== undefined) check++;
        } else if (o.op === 1) await s.putBuffered(o.k, o.v);
        else await s.delBuffered(o.k);
      }
      await s.commit();
      return result(p.mixed.length, now() - t0, check);
    }
    case "single-put": {
      const t0 = now();
      for (const [k, v] of p.singles) await s.put(k, v);
      return result(p.singles.length, now() - t0, p.singles.length);
    }
  }
}
