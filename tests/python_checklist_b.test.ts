// Per-behaviour ports of the reference's Python tests (spec §4.1), part B:
// test_iterator_reverse, test_json, test_new_apis, test_prefix, test_prod, test_stress,
// test_ttl, test_wal. Same conventions as part A: TTLs are milliseconds, and where we
// deliberately differ (D1–D12) the port asserts our behaviour and says so.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { join } from "node:path";
import { KVStore, type KVStoreOptions, NotFoundError, SnkvError } from "../mod.ts";
import { tempDir, test } from "./harness.ts";
import { dec, enc, fileSize, keysOf, pairsOf, pattern, sleep } from "./helpers/util.ts";

function py(file: string, name: string, fn: () => void | Promise<void>, timeout?: number): void {
  test(`py ${file}::${name}`, fn, timeout ? { timeout } : undefined);
}

function withDb(fn: (db: KVStore, path: string) => void | Promise<void>, opts?: KVStoreOptions) {
  return async () => {
    const path = join(tempDir(), "py.db");
    const db = new KVStore(path, opts);
    try {
      await fn(db, path);
    } finally {
      db.close();
    }
  };
}

const k = (i: number, p = "key") => `${p}${String(i).padStart(5, "0")}`;
const strictlyDescending = (xs: string[]) => xs.every((x, i) => i === 0 || xs[i - 1] > x);

// ================================ test_iterator_reverse.py ====================================
{
  const f = "test_iterator_reverse";
  const seed = (db: { put(key: string, value: string): unknown }) => {
    for (const x of ["apple", "banana", "cherry", "date", "elder"]) db.put(x, x.toUpperCase());
  };
  const users = (db: KVStore) => {
    for (let i = 0; i < 5; i++) db.put(`user:${i}`, `u${i}`);
    for (let i = 0; i < 3; i++) db.put(`item:${i}`, `i${i}`);
  };
  py(
    f,
    "test_reverse_iterator_descending_order",
    withDb((db) => {
      seed(db);
      const ks = keysOf(db.reverseIterator());
      assert.deepEqual(ks, ["elder", "date", "cherry", "banana", "apple"]);
      assert.ok(strictlyDescending(ks));
    }),
  );
  py(
    f,
    "test_iterator_reverse_true_descending_order",
    withDb((db) => {
      seed(db);
      assert.ok(strictlyDescending(keysOf(db.iterator({ reverse: true }))));
    }),
  );
  py(
    f,
    "test_reverse_iterator_equals_iterator_reverse_true",
    withDb((db) => {
      seed(db);
      assert.deepEqual(pairsOf(db.reverseIterator()), pairsOf(db.iterator({ reverse: true })));
    }),
  );
  py(
    f,
    "test_reverse_prefix_equals_iterator_prefix_reverse",
    withDb((db) => {
      users(db);
      assert.deepEqual(
        pairsOf(db.reversePrefixIterator("user:")),
        pairsOf(db.iterator({ prefix: "user:", reverse: true })),
      );
    }),
  );
  py(
    f,
    "test_reverse_iterator_empty_store",
    withDb((db) => {
      assert.deepEqual([...db.reverseIterator()], []);
    }),
  );
  py(
    f,
    "test_reverse_prefix_empty_store",
    withDb((db) => {
      assert.deepEqual([...db.reversePrefixIterator("x")], []);
    }),
  );
  py(
    f,
    "test_reverse_iterator_single_key",
    withDb((db) => {
      db.put("only", "one");
      assert.deepEqual(pairsOf(db.reverseIterator()), [["only", "one"]]);
    }),
  );
  py(
    f,
    "test_reverse_covers_all_keys",
    withDb((db) => {
      seed(db);
      assert.deepEqual(keysOf(db.reverseIterator()).sort(), keysOf(db.iterator()).sort());
    }),
  );
  py(
    f,
    "test_reverse_is_exact_reverse_of_forward",
    withDb((db) => {
      seed(db);
      assert.deepEqual(pairsOf(db.reverseIterator()), pairsOf(db.iterator()).reverse());
    }),
  );
  py(
    f,
    "test_reverse_prefix_only_matching_keys",
    withDb((db) => {
      users(db);
      const ks = keysOf(db.reversePrefixIterator("user:"));
      assert.deepEqual(ks, ["user:4", "user:3", "user:2", "user:1", "user:0"]);
    }),
  );
  py(
    f,
    "test_reverse_prefix_ascending_values_correct",
    withDb((db) => {
      users(db);
      for (const [kk, v] of pairsOf(db.reversePrefixIterator("user:"))) assert.equal(v, `u${kk.slice(5)}`);
    }),
  );
  py(
    f,
    "test_reverse_prefix_no_match_returns_empty",
    withDb((db) => {
      users(db);
      assert.deepEqual([...db.reversePrefixIterator("zzz")], []);
    }),
  );
  py(
    f,
    "test_reverse_prefix_is_reverse_of_forward_prefix",
    withDb((db) => {
      for (let i = 0; i < 15; i++) db.put(k(i, "ns:"), String(i));
      db.put("other", "x");
      const fwd = keysOf(db.prefixIterator("ns:"));
      assert.equal(fwd.length, 15);
      assert.deepEqual(keysOf(db.reversePrefixIterator("ns:")), fwd.reverse());
    }),
  );
  py(
    f,
    "test_cf_reverse_iterator",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      seed(cf);
      assert.deepEqual(keysOf(cf.reverseIterator()), ["elder", "date", "cherry", "banana", "apple"]);
      cf.close();
    }),
  );
  py(
    f,
    "test_cf_iterator_reverse_true",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      cf.put("a", "1");
      cf.put("b", "2");
      assert.deepEqual(keysOf(cf.iterator({ reverse: true })), ["b", "a"]);
      cf.close();
    }),
  );
  py(
    f,
    "test_cf_reverse_iterator_equals_iterator_reverse",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      for (let i = 0; i < 10; i++) cf.put(k(i), String(i));
      assert.deepEqual(pairsOf(cf.reverseIterator()), pairsOf(cf.iterator({ reverse: true })));
      cf.close();
    }),
  );
  py(
    f,
    "test_cf_reverse_prefix_iterator",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      cf.put("p:1", "1");
      cf.put("p:2", "2");
      cf.put("q:1", "3");
      assert.deepEqual(keysOf(cf.reversePrefixIterator("p:")), ["p:2", "p:1"]);
      cf.close();
    }),
  );
  py(
    f,
    "test_cf_reverse_isolated_from_default",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      cf.put("cf-key", "1");
      db.put("default-key", "2");
      assert.deepEqual(keysOf(cf.reverseIterator()), ["cf-key"]);
      assert.deepEqual(keysOf(db.reverseIterator()), ["default-key"]);
      cf.close();
    }),
  );
  py(
    f,
    "test_manual_last_prev",
    withDb((db) => {
      seed(db);
      const it = db.reverseIterator();
      const out: string[] = [];
      for (it.last(); !it.eof; it.prev()) out.push(dec(it.key));
      it.close();
      assert.deepEqual(out, ["elder", "date", "cherry", "banana", "apple"]);
    }),
  );
  py(
    f,
    "test_last_returns_self_for_chaining",
    withDb((db) => {
      seed(db);
      const it = db.reverseIterator();
      assert.equal(it.last(), it);
      it.close();
    }),
  );
  py(
    f,
    "test_prev_returns_none (ours: returns the iterator)",
    withDb((db) => {
      seed(db);
      const it = db.reverseIterator().last();
      assert.equal(it.prev(), it);
      it.close();
    }),
  );
  py(
    f,
    "test_manual_reverse_prefix_last_prev",
    withDb((db) => {
      users(db);
      const it = db.reversePrefixIterator("user:");
      const out: string[] = [];
      for (; !it.eof; it.prev()) out.push(dec(it.key)); // pre-positioned: no last() needed
      it.close();
      assert.deepEqual(out, ["user:4", "user:3", "user:2", "user:1", "user:0"]);
    }),
  );
  py(
    f,
    "test_reverse_iterator_context_manager (using)",
    withDb((db) => {
      seed(db);
      let n = 0;
      {
        using it = db.reverseIterator();
        n = [...it].length;
      }
      assert.equal(n, 5);
    }),
  );
  py(
    f,
    "test_last_on_forward_iterator_raises",
    withDb((db) => {
      seed(db);
      const it = db.iterator();
      assert.throws(() => it.last(), SnkvError);
      it.close();
    }),
  );
  py(
    f,
    "test_prev_on_forward_iterator_raises",
    withDb((db) => {
      seed(db);
      const it = db.iterator().first();
      assert.throws(() => it.prev(), SnkvError);
      it.close();
    }),
  );
  py(
    f,
    "test_reverse_iterator_skips_expired",
    withDb((db) => {
      db.put("a", "1");
      db.put("b", "2", { expireAt: 1 });
      db.put("c", "3");
      assert.deepEqual(keysOf(db.reverseIterator()), ["c", "a"]);
    }),
  );
  py(
    f,
    "test_reverse_prefix_iterator_skips_expired",
    withDb((db) => {
      db.put("p:a", "1");
      db.put("p:b", "2", { expireAt: 1 });
      db.put("p:c", "3", { expireAt: 1 });
      assert.deepEqual(keysOf(db.reversePrefixIterator("p:")), ["p:a"]);
    }),
  );
  py(
    f,
    "test_reverse_prefix_binary_0xff",
    withDb((db) => {
      db.put(new Uint8Array([0xff, 0x01]), "1");
      db.put(new Uint8Array([0xff, 0x02]), "2");
      db.put(new Uint8Array([0xfe, 0x01]), "3");
      const got = [...db.reversePrefixIterator(new Uint8Array([0xff]))].map(([kk]) => Array.from(kk));
      assert.deepEqual(got, [[0xff, 0x02], [0xff, 0x01]]);
    }),
  );
  py(
    f,
    "test_reverse_prefix_binary_keys",
    withDb((db) => {
      db.put(new Uint8Array([1, 2, 3]), "a");
      db.put(new Uint8Array([1, 2, 4]), "b");
      db.put(new Uint8Array([1, 3, 0]), "c");
      assert.deepEqual([...db.values({ prefix: new Uint8Array([1, 2]), reverse: true })].map(dec), [
        "b",
        "a",
      ]);
    }),
  );
  py(
    f,
    "test_large_scale_reverse_order",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 1000; i++) db.put(k(i), String(i));
      });
      const ks = keysOf(db.reverseIterator());
      assert.equal(ks.length, 1000);
      assert.ok(strictlyDescending(ks));
    }),
  );
  py(
    f,
    "test_large_scale_reverse_prefix",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 1000; i++) db.put(k(i, i % 5 === 0 ? "five:" : "rest:"), String(i));
      });
      const ks = keysOf(db.reversePrefixIterator("five:"));
      assert.equal(ks.length, 200);
      assert.ok(strictlyDescending(ks));
    }),
  );
  py(
    f,
    "test_reverse_iterator_str_keys",
    withDb((db) => {
      db.put("α", "1");
      db.put("β", "2");
      const got = [...db.reverseIterator()];
      assert.ok(got.every(([kk]) => kk instanceof Uint8Array));
      assert.deepEqual(got.map(([kk]) => dec(kk)), ["β", "α"]);
    }),
  );
  py(
    f,
    "test_reverse_prefix_str_prefix",
    withDb((db) => {
      db.put("s:1", "1");
      db.put("s:2", "2");
      assert.deepEqual(keysOf(db.reversePrefixIterator("s:")), ["s:2", "s:1"]);
    }),
  );
}

// ================================ test_json.py ================================================
{
  const f = "test_json";
  const doc = (n: number) =>
    JSON.stringify({
      records: Array.from(
        { length: n },
        (_, i) => ({ id: i, name: `user ${i}`, tags: ["a", "b"], score: i * 1.5 }),
      ),
    });
  for (const n of [10, 100, 1000, 5000]) {
    py(
      f,
      `test_basic_json_storage[${n}]`,
      withDb((db) => {
        const d = doc(n);
        db.put("doc", d);
        assert.equal(db.getString("doc"), d);
        assert.equal(JSON.parse(db.getString("doc")!).records.length, n);
      }),
    );
  }
  py(f, "test_multiple_json_documents", () => {
    const path = join(tempDir(), "j.db");
    const docs = [10, 50, 200].map(doc);
    const db = new KVStore(path);
    docs.forEach((d, i) => db.put(`doc${i}`, d));
    db.close();
    const re = new KVStore(path);
    try {
      docs.forEach((d, i) => assert.equal(re.getString(`doc${i}`), d));
    } finally {
      re.close();
    }
  });
  py(f, "test_json_column_families", () => {
    const path = join(tempDir(), "j.db");
    const db = new KVStore(path);
    const u = db.createColumnFamily("users");
    const p = db.createColumnFamily("products");
    u.put("u1", JSON.stringify({ name: "alice" }));
    p.put("p1", JSON.stringify({ sku: 1 }));
    u.close();
    p.close();
    db.close();
    const re = new KVStore(path);
    try {
      assert.deepEqual(re.listColumnFamilies().sort(), ["products", "users"]);
      const u2 = re.openColumnFamily("users");
      assert.equal(JSON.parse(u2.getString("u1")!).name, "alice");
      assert.equal(u2.has("p1"), false);
      u2.close();
    } finally {
      re.close();
    }
  });
  for (const depth of [5, 10, 20, 30]) {
    py(
      f,
      `test_nested_json[${depth}]`,
      withDb((db) => {
        let o: unknown = { leaf: true };
        for (let i = 0; i < depth; i++) o = { level: i, child: o };
        const s = JSON.stringify(o);
        db.put("nested", s);
        assert.deepEqual(JSON.parse(db.getString("nested")!), o);
      }),
    );
  }
  py(
    f,
    "test_batch_json_operations",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 100; i++) db.put(`doc:${i}`, JSON.stringify({ i }));
      });
      for (const i of [0, 42, 99]) assert.equal(JSON.parse(db.getString(`doc:${i}`)!).i, i);
    }),
  );
  py(
    f,
    "test_very_large_json",
    withDb((db) => {
      const d = doc(80_000);
      assert.ok(d.length > 4_000_000);
      db.put("huge", d);
      assert.equal(db.getString("huge"), d);
    }),
  );
  py(
    f,
    "test_json_transaction_rollback",
    withDb((db) => {
      const orig = JSON.stringify({ v: 1 });
      db.put("d", orig);
      db.begin({ write: true });
      db.put("d", JSON.stringify({ v: 2 }));
      db.rollback();
      assert.equal(db.getString("d"), orig);
    }),
  );
  py(f, "test_json_persistence_across_sessions", () => {
    const path = join(tempDir(), "j.db");
    const d = doc(300);
    const db = new KVStore(path);
    db.put("d", d);
    db.close();
    const re = new KVStore(path);
    try {
      assert.deepEqual(re.get("d"), enc(d));
    } finally {
      re.close();
    }
  });
}

// ================================ test_new_apis.py ============================================
{
  const f = "test_new_apis";
  const abcd = (db: KVStore) => {
    for (const x of ["a", "b", "c", "d"]) db.put(x, x);
  };
  // seek
  py(
    f,
    "test_seek_forward_existing",
    withDb((db) => {
      abcd(db);
      const it = db.iterator().seek("b");
      assert.equal(dec(it.key), "b");
      it.close();
    }),
  );
  py(
    f,
    "test_seek_forward_between",
    withDb((db) => {
      db.put("a", "1");
      db.put("c", "3");
      const it = db.iterator().seek("b");
      assert.equal(dec(it.key), "c");
      it.close();
    }),
  );
  py(
    f,
    "test_seek_forward_past_last",
    withDb((db) => {
      abcd(db);
      const it = db.iterator().seek("z");
      assert.equal(it.eof, true);
      it.close();
    }),
  );
  py(
    f,
    "test_seek_forward_before_first",
    withDb((db) => {
      abcd(db);
      const it = db.iterator().seek("0");
      assert.equal(dec(it.key), "a");
      it.close();
    }),
  );
  py(
    f,
    "test_seek_then_next",
    withDb((db) => {
      abcd(db);
      const it = db.iterator().seek("b");
      it.next();
      assert.equal(dec(it.key), "c");
      it.close();
    }),
  );
  py(
    f,
    "test_seek_empty",
    withDb((db) => {
      const it = db.iterator().seek("a");
      assert.equal(it.eof, true);
      it.close();
    }),
  );
  py(
    f,
    "test_seek_reverse_existing",
    withDb((db) => {
      abcd(db);
      const it = db.reverseIterator().seek("c");
      assert.equal(dec(it.key), "c");
      it.close();
    }),
  );
  py(
    f,
    "test_seek_reverse_between",
    withDb((db) => {
      db.put("a", "1");
      db.put("c", "3");
      const it = db.reverseIterator().seek("b");
      assert.equal(dec(it.key), "a");
      it.close();
    }),
  );
  py(
    f,
    "test_seek_reverse_before_first",
    withDb((db) => {
      db.put("b", "1");
      const it = db.reverseIterator().seek("a");
      assert.equal(it.eof, true);
      it.close();
    }),
  );
  py(
    f,
    "test_seek_multiple_times",
    withDb((db) => {
      abcd(db);
      const it = db.iterator();
      for (const x of ["c", "a", "d", "b"]) assert.equal(dec(it.seek(x).key), x);
      it.close();
    }),
  );
  py(
    f,
    "test_seek_prefix_within",
    withDb((db) => {
      for (const x of ["p:1", "p:2", "p:3", "q:1"]) db.put(x, x);
      const it = db.prefixIterator("p:").seek("p:2");
      assert.equal(dec(it.key), "p:2");
      it.next();
      assert.equal(dec(it.key), "p:3");
      it.next();
      assert.equal(it.eof, true);
      it.close();
    }),
  );
  py(
    f,
    "test_seek_chaining",
    withDb((db) => {
      abcd(db);
      const it = db.iterator();
      assert.equal(it.seek("a"), it);
      it.close();
    }),
  );
  // put_if_absent
  py(
    f,
    "test_put_if_absent_absent",
    withDb((db) => {
      assert.equal(db.putIfAbsent("k", "v"), true);
      assert.equal(db.getString("k"), "v");
    }),
  );
  py(
    f,
    "test_put_if_absent_present",
    withDb((db) => {
      db.put("k", "orig");
      assert.equal(db.putIfAbsent("k", "new"), false);
      assert.equal(db.getString("k"), "orig");
    }),
  );
  py(
    f,
    "test_put_if_absent_with_ttl",
    withDb((db) => {
      assert.equal(db.putIfAbsent("k", "v", { ttl: 3_600_000 }), true);
      const r = db.ttl("k")!;
      assert.ok(r > 0 && r <= 3_600_000);
    }),
  );
  py(
    f,
    "test_put_if_absent_existing_ttl",
    withDb((db) => {
      db.put("k", "orig", { ttl: 3_600_000 });
      assert.equal(db.putIfAbsent("k", "new", { ttl: 60_000 }), false);
      assert.equal(db.getString("k"), "orig");
    }),
  );
  py(
    f,
    "test_put_if_absent_expired_treated_absent",
    withDb((db) => {
      db.put("k", "old", { expireAt: 1 });
      assert.equal(db.putIfAbsent("k", "new"), true);
      assert.equal(db.getString("k"), "new");
    }),
  );
  py(
    f,
    "test_put_if_absent_cf",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      assert.equal(cf.putIfAbsent("k", "1"), true);
      assert.equal(cf.putIfAbsent("k", "2"), false);
      assert.equal(cf.getString("k"), "1");
      assert.equal(db.has("k"), false);
      cf.close();
    }),
  );
  py(
    f,
    "test_put_if_absent_in_transaction",
    withDb((db) => {
      db.begin({ write: true });
      assert.equal(db.putIfAbsent("k", "first"), true);
      assert.equal(db.putIfAbsent("k", "second"), false);
      db.commit();
      assert.equal(db.getString("k"), "first");
    }),
  );
  // clear
  py(
    f,
    "test_clear_default",
    withDb((db) => {
      for (let i = 0; i < 5; i++) db.put(k(i), "v");
      assert.equal(db.count(), 5);
      db.clear();
      assert.equal(db.count(), 0);
      assert.deepEqual([...db.iterator()], []);
    }),
  );
  py(
    f,
    "test_clear_with_ttl",
    withDb((db) => {
      db.put("a", "1", { expireAt: 1 });
      db.put("b", "2", { ttl: 60_000 });
      db.clear();
      assert.equal(db.purgeExpired(), 0);
    }),
  );
  py(
    f,
    "test_clear_empty",
    withDb((db) => {
      db.clear();
      assert.equal(db.count(), 0);
    }),
  );
  py(
    f,
    "test_clear_then_reinsert",
    withDb((db) => {
      db.put("a", "1");
      db.clear();
      db.put("a", "2");
      assert.equal(db.getString("a"), "2");
      assert.equal(db.count(), 1);
    }),
  );
  py(
    f,
    "test_clear_cf_isolation",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      cf.put("x", "1");
      db.put("y", "2");
      db.clear();
      assert.equal(cf.count(), 1);
      assert.equal(db.count(), 0);
      cf.close();
    }),
  );
  py(
    f,
    "test_clear_cf",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      cf.put("x", "1");
      db.put("y", "2");
      cf.clear();
      assert.equal(cf.count(), 0);
      assert.equal(db.count(), 1);
      cf.close();
    }),
  );
  // count
  py(f, "test_count_empty", withDb((db) => assert.equal(db.count(), 0)));
  py(
    f,
    "test_count_after_puts",
    withDb((db) => {
      for (let i = 0; i < 7; i++) db.put(k(i), "v");
      assert.equal(db.count(), 7);
    }),
  );
  py(
    f,
    "test_count_after_delete",
    withDb((db) => {
      for (let i = 0; i < 5; i++) db.put(k(i), "v");
      for (let i = 0; i < 3; i++) db.delete(k(i));
      assert.equal(db.count(), 2);
    }),
  );
  py(
    f,
    "test_count_includes_expired",
    withDb((db) => {
      db.put("live", "v");
      db.put("d1", "v", { expireAt: 1 });
      db.put("d2", "v", { expireAt: 1 });
      assert.equal(db.count(), 3);
    }),
  );
  py(
    f,
    "test_count_after_purge",
    withDb((db) => {
      db.put("live", "v");
      db.put("d1", "v", { expireAt: 1 });
      db.put("d2", "v", { expireAt: 1 });
      db.purgeExpired();
      assert.equal(db.count(), 1);
    }),
  );
  py(
    f,
    "test_count_cf_isolation",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      for (let i = 0; i < 5; i++) cf.put(k(i), "v", { ttl: 60_000 });
      for (let i = 0; i < 3; i++) db.put(k(i), "v");
      assert.equal(cf.count(), 5);
      assert.equal(db.count(), 3);
      cf.close();
    }),
  );
  // stats
  py(
    f,
    "test_stats_bytes_written",
    withDb((db) => {
      db.put("hello", "0123456789");
      assert.equal(db.stats().bytesWritten, 15);
    }),
  );
  py(
    f,
    "test_stats_bytes_read",
    withDb((db) => {
      db.put("k", "hello");
      db.get("k");
      assert.equal(db.stats().bytesRead, 5);
    }),
  );
  py(
    f,
    "test_stats_wal_commits",
    withDb((db) => {
      db.put("a", "1");
      db.put("b", "2");
      assert.ok(db.stats().walCommits >= 2);
    }),
  );
  py(
    f,
    "test_stats_ttl_expired (ours: reads never delete, counter stays a number)",
    withDb((db) => {
      db.put("k", "v", { expireAt: 1 });
      assert.equal(db.get("k"), undefined);
      const s = db.stats();
      assert.equal(typeof s.ttlExpired, "number");
      assert.ok(s.ttlExpired >= 0);
    }),
  );
  py(
    f,
    "test_stats_ttl_purged",
    withDb((db) => {
      db.put("a", "v", { expireAt: 1 });
      db.put("b", "v", { expireAt: 1 });
      db.purgeExpired();
      assert.equal(db.stats().ttlPurged, 2);
    }),
  );
  py(
    f,
    "test_stats_db_pages",
    withDb((db) => {
      assert.ok(db.stats().dbPages > 0);
    }),
  );
  py(
    f,
    "test_stats_reset",
    withDb((db) => {
      db.put("a", "1");
      db.get("a");
      db.resetStats();
      const s = db.stats();
      assert.equal(s.puts, 0);
      assert.equal(s.gets, 0);
      assert.equal(s.bytesWritten, 0);
      assert.ok(s.dbPages > 0);
    }),
  );
  py(
    f,
    "test_stats_has_all_keys",
    withDb((db) => {
      assert.deepEqual(Object.keys(db.stats()).sort(), [
        "bytesRead",
        "bytesWritten",
        "checkpoints",
        "dbPages",
        "deletes",
        "errors",
        "gets",
        "iterations",
        "puts",
        "ttlExpired",
        "ttlPurged",
        "walCommits",
      ]);
    }),
  );
  py(f, "test_clear_reduces_db_pages", () => {
    const path = join(tempDir(), "cl.db");
    const db = new KVStore(path);
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) db.put(k(i), "x".repeat(500));
    });
    db.checkpoint("truncate");
    const pages = db.stats().dbPages;
    const size = fileSize(path);
    db.clear();
    db.vacuum();
    db.checkpoint("truncate");
    assert.ok(db.stats().dbPages < pages);
    db.close();
    assert.ok(fileSize(path) < size);
  });
}

// ================================ test_prefix.py ==============================================
{
  const f = "test_prefix";
  const ns = (db: KVStore) => {
    for (let i = 0; i < 4; i++) db.put(`user:${i}`, `u${i}`);
    for (let i = 0; i < 3; i++) db.put(`order:${i}`, `o${i}`);
    db.put("product:1", "p");
  };
  py(
    f,
    "test_basic_prefix_multiple_namespaces",
    withDb((db) => {
      ns(db);
      assert.deepEqual(keysOf(db.prefixIterator("user:")), ["user:0", "user:1", "user:2", "user:3"]);
    }),
  );
  py(
    f,
    "test_prefix_results_in_ascending_order",
    withDb((db) => {
      for (const x of ["p:c", "p:a", "p:b"]) db.put(x, x);
      assert.deepEqual(keysOf(db.prefixIterator("p:")), ["p:a", "p:b", "p:c"]);
    }),
  );
  py(
    f,
    "test_prefix_nonexistent_returns_empty",
    withDb((db) => {
      ns(db);
      assert.deepEqual([...db.prefixIterator("nothing:")], []);
    }),
  );
  py(
    f,
    "test_prefix_between_keys_returns_empty",
    withDb((db) => {
      db.put("a", "1");
      db.put("c", "3");
      assert.deepEqual([...db.prefixIterator("b")], []);
    }),
  );
  py(
    f,
    "test_prefix_on_empty_store",
    withDb((db) => {
      assert.deepEqual([...db.prefixIterator("x")], []);
    }),
  );
  py(
    f,
    "test_single_char_prefix",
    withDb((db) => {
      for (const x of ["apple", "avocado", "banana", "blueberry", "cherry"]) db.put(x, x);
      assert.deepEqual(keysOf(db.prefixIterator("a")), ["apple", "avocado"]);
      assert.deepEqual(keysOf(db.prefixIterator("b")), ["banana", "blueberry"]);
      assert.deepEqual(keysOf(db.prefixIterator("c")), ["cherry"]);
    }),
  );
  py(
    f,
    "test_exact_key_used_as_prefix",
    withDb((db) => {
      for (const x of ["app", "apple", "application", "apply", "banana"]) db.put(x, x);
      assert.deepEqual(keysOf(db.prefixIterator("app")), ["app", "apple", "application", "apply"]);
      assert.deepEqual(keysOf(db.prefixIterator("apple")), ["apple"]);
    }),
  );
  py(
    f,
    "test_cf_prefix_isolated_from_default",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      cf.put("p:1", "cf");
      db.put("p:2", "default");
      assert.deepEqual(keysOf(cf.prefixIterator("p:")), ["p:1"]);
      assert.deepEqual(keysOf(db.prefixIterator("p:")), ["p:2"]);
      cf.close();
    }),
  );
  py(
    f,
    "test_cf_prefix_vs_default_cf_prefix",
    withDb((db) => {
      const cf = db.createColumnFamily("c");
      for (let i = 0; i < 3; i++) cf.put(`x:${i}`, "c");
      for (let i = 0; i < 5; i++) db.put(`x:${i}`, "d");
      assert.equal([...cf.prefixIterator("x:")].length, 3);
      assert.equal([...db.prefixIterator("x:")].length, 5);
      cf.close();
    }),
  );
  py(
    f,
    "test_prefix_values_are_correct",
    withDb((db) => {
      ns(db);
      for (const [kk, v] of pairsOf(db.prefixIterator("order:"))) assert.equal(v, `o${kk.slice(6)}`);
    }),
  );
  py(
    f,
    "test_binary_key_prefix",
    withDb((db) => {
      db.put(new Uint8Array([1, 2, 0]), "a");
      db.put(new Uint8Array([1, 2, 3]), "b");
      db.put(new Uint8Array([1, 2, 0xff]), "c");
      db.put(new Uint8Array([1, 3, 0]), "d");
      assert.deepEqual([...db.values({ prefix: new Uint8Array([1, 2]) })].map(dec), ["a", "b", "c"]);
    }),
  );
  py(
    f,
    "test_prefix_wal_mode",
    withDb((db) => {
      const spaces = ["alpha:", "beta:", "gamma:"];
      for (let i = 0; i < 100; i++) db.put(`${spaces[i % 3]}${i}`, String(i));
      const counts = spaces.map((s) => [...db.prefixIterator(s)].length);
      assert.deepEqual(counts, [34, 33, 33]);
    }),
  );
  py(
    f,
    "test_large_scale_prefix",
    withDb((db) => {
      db.transaction(() => {
        for (let n = 0; n < 10; n++) for (let i = 0; i < 1000; i++) db.put(`ns${n}:${k(i)}`, "v");
      });
      for (let n = 0; n < 10; n++) assert.equal([...db.keys({ prefix: `ns${n}:` })].length, 1000);
    }),
  );
  py(
    f,
    "test_large_scale_sub_prefix",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 1000; i++) db.put(`ns:${String(i).padStart(4, "0")}`, "v");
      });
      assert.equal([...db.keys({ prefix: "ns:012" })].length, 10);
    }),
  );
  py(
    f,
    "test_prefix_after_delete",
    withDb((db) => {
      ns(db);
      db.delete("user:1");
      assert.deepEqual(keysOf(db.prefixIterator("user:")), ["user:0", "user:2", "user:3"]);
    }),
  );
  py(
    f,
    "test_prefix_after_update",
    withDb((db) => {
      ns(db);
      db.put("user:2", "changed");
      assert.equal(pairsOf(db.prefixIterator("user:"))[2][1], "changed");
    }),
  );
  py(
    f,
    "test_prefix_iterator_reseek_with_first",
    withDb((db) => {
      for (const x of ["r:1", "r:2", "r:3", "s:1"]) db.put(x, x);
      const it = db.prefixIterator("r:");
      const pass = () => {
        const out: string[] = [];
        for (; !it.eof; it.next()) out.push(dec(it.key));
        return out;
      };
      const one = pass();
      it.first();
      const two = pass();
      it.close();
      assert.deepEqual(one, ["r:1", "r:2", "r:3"]);
      assert.deepEqual(two, one);
    }),
  );
}

// ================================ test_prod.py ================================================
{
  const f = "test_prod";
  py(f, "test_open_close", () => {
    const db = new KVStore(join(tempDir(), "oc.db"));
    db.close();
  });
  py(
    f,
    "test_basic_crud",
    withDb((db) => {
      db.put("k", "v");
      assert.equal(db.getString("k"), "v");
      db.put("k", "v2");
      assert.equal(db.getString("k"), "v2");
      db.delete("k");
      assert.equal(db.get("k"), undefined);
    }),
  );
  py(
    f,
    "test_update_longer_value",
    withDb((db) => {
      db.put("k", "short");
      db.put("k", "much longer value ".repeat(100));
      assert.equal(db.getString("k"), "much longer value ".repeat(100));
    }),
  );
  py(
    f,
    "test_update_shorter_value",
    withDb((db) => {
      db.put("k", "long".repeat(1000));
      db.put("k", "s");
      assert.equal(db.getString("k"), "s");
    }),
  );
  py(
    f,
    "test_overwrite_100_times",
    withDb((db) => {
      for (let i = 0; i < 100; i++) db.put("k", String(i));
      assert.equal(db.getString("k"), "99");
      assert.equal(db.count(), 1);
    }),
  );
  py(f, "test_transaction_commit_persists", () => {
    const path = join(tempDir(), "t.db");
    const db = new KVStore(path);
    db.begin({ write: true });
    db.put("k", "v");
    db.commit();
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.getString("k"), "v");
    } finally {
      re.close();
    }
  });
  py(
    f,
    "test_transaction_rollback_discards",
    withDb((db) => {
      db.begin({ write: true });
      db.put("k", "v");
      db.rollback();
      assert.equal(db.has("k"), false);
    }),
  );
  py(
    f,
    "test_batch_100_keys_in_one_transaction",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 100; i++) db.put(k(i), String(i));
      });
      assert.equal(db.count(), 100);
    }),
  );
  py(
    f,
    "test_iterator_count",
    withDb((db) => {
      for (let i = 0; i < 10; i++) db.put(k(i), "v");
      assert.equal([...db.iterator()].length, 10);
    }),
  );
  py(
    f,
    "test_iterator_key_value_accessible",
    withDb((db) => {
      db.put("k", "v");
      const it = db.iterator().first();
      assert.equal(dec(it.key), "k");
      assert.equal(dec(it.value), "v");
      it.close();
    }),
  );
  py(
    f,
    "test_iterator_empty_returns_nothing",
    withDb((db) => {
      assert.equal([...db.iterator()].length, 0);
    }),
  );
  py(
    f,
    "test_large_value_1mb",
    withDb((db) => {
      const v = pattern(1024 * 1024, 13, 5);
      db.put("big", v);
      assert.deepEqual(db.get("big"), v);
    }),
  );
  py(
    f,
    "test_large_key",
    withDb((db) => {
      const key = "K".repeat(1024);
      db.put(key, "v");
      assert.equal(db.getString(key), "v");
    }),
  );
  py(
    f,
    "test_large_key_and_value",
    withDb((db) => {
      const key = pattern(1024, 3);
      const v = pattern(64 * 1024, 7);
      db.put(key, v);
      assert.deepEqual(db.get(key), v);
    }),
  );
  py(
    f,
    "test_get_nonexistent_returns_none",
    withDb((db) => {
      assert.equal(db.get("nope"), undefined);
    }),
  );
  py(
    f,
    "test_delete_nonexistent_raises (D4: returns false)",
    withDb((db) => {
      assert.equal(db.delete("nope"), false);
    }),
  );
  py(f, "test_persistence_close_reopen", () => {
    const path = join(tempDir(), "p.db");
    const db = new KVStore(path);
    db.put("k", "v");
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.getString("k"), "v");
    } finally {
      re.close();
    }
  });
  py(f, "test_persistence_100_keys", () => {
    const path = join(tempDir(), "p.db");
    const db = new KVStore(path);
    for (let i = 0; i < 100; i++) db.put(k(i), String(i));
    db.close();
    const re = new KVStore(path);
    try {
      for (let i = 0; i < 100; i++) assert.equal(re.getString(k(i)), String(i));
    } finally {
      re.close();
    }
  });
  py(
    f,
    "test_statistics_counts",
    withDb((db) => {
      db.put("a", "1");
      db.put("b", "2");
      db.get("a");
      db.delete("b");
      const s = db.stats();
      assert.ok(s.puts >= 2 && s.gets >= 1 && s.deletes >= 1);
    }),
  );
  py(
    f,
    "test_statistics_iterations",
    withDb((db) => {
      db.put("a", "1");
      [...db.iterator()];
      assert.ok(db.stats().iterations >= 1);
    }),
  );
  py(
    f,
    "test_integrity_check_50_keys",
    withDb((db) => {
      for (let i = 0; i < 50; i++) db.put(k(i), "v");
      db.integrityCheck();
    }),
  );
  py(f, "test_integrity_check_empty_db", withDb((db) => db.integrityCheck()));
  py(
    f,
    "test_performance_10k_writes",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 10_000; i++) db.put(k(i), `value-${i}`);
      });
      for (let i = 0; i < 10_000; i += 97) assert.equal(db.getString(k(i)), `value-${i}`);
      assert.equal(db.count(), 10_000);
    }),
  );
  // Not ported: test_getitem_nonexistent_raises_key_error, test_not_found_is_key_error (no
  // `db[key]` operator; get returns undefined).
}

// ================================ test_stress.py ==============================================
{
  const f = "test_stress";
  py(
    f,
    "test_edge_empty_value",
    withDb((db) => {
      db.put("e", "");
      assert.equal(db.get("e")!.length, 0);
    }),
  );
  py(
    f,
    "test_edge_binary_key_with_nulls",
    withDb((db) => {
      const key = new Uint8Array([0, 0, 1, 0, 2, 0]);
      db.put(key, "nul");
      assert.equal(db.getString(key), "nul");
      assert.equal(db.has(new Uint8Array([0, 0, 1])), false);
    }),
  );
  py(
    f,
    "test_edge_single_byte_key",
    withDb((db) => {
      db.put(new Uint8Array([0xff]), "ff");
      assert.equal(db.getString(new Uint8Array([0xff])), "ff");
    }),
  );
  py(
    f,
    "test_edge_large_key_and_value",
    withDb((db) => {
      const key = pattern(1024);
      const v = pattern(1024 * 1024, 11);
      db.put(key, v);
      assert.deepEqual(db.get(key), v);
    }),
  );
  py(
    f,
    "test_edge_overwrite_100_times",
    withDb((db) => {
      for (let i = 0; i < 100; i++) db.put("k", "x".repeat(i));
      assert.equal(db.getString("k"), "x".repeat(99));
    }),
  );
  py(
    f,
    "test_edge_get_nonexistent",
    withDb((db) => {
      assert.equal(db.get("nope"), undefined);
    }),
  );
  py(
    f,
    "test_edge_delete_nonexistent (D4: returns false)",
    withDb((db) => {
      assert.equal(db.delete("nope"), false);
    }),
  );
  py(
    f,
    "test_edge_put_after_delete",
    withDb((db) => {
      db.put("k", "1");
      db.delete("k");
      db.put("k", "2");
      assert.equal(db.getString("k"), "2");
    }),
  );
  for (const journalMode of ["wal", "delete"] as const) {
    py(
      f,
      `test_write_storm_100k[${journalMode}]`,
      withDb((db) => {
        for (let b = 0; b < 100; b++) {
          db.transaction(() => {
            for (let i = b * 1000; i < (b + 1) * 1000; i++) db.put(k(i, "s"), String(i));
          });
        }
        assert.equal(db.count(), 100_000);
        for (const i of [0, 1, 4242, 50_000, 99_999]) assert.equal(db.getString(k(i, "s")), String(i));
      }, { journalMode }),
      120_000,
    );
  }
  py(
    f,
    "test_large_dataset_50k",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 50_000; i++) db.put(k(i), "v");
      });
      let n = 0;
      for (const _ of db.keys()) n++;
      assert.equal(n, 50_000);
      db.transaction(() => {
        for (let i = 0; i < 25_000; i++) db.delete(k(i));
      });
      assert.equal(db.has(k(0)), false);
      assert.equal(db.has(k(24_999)), false);
      assert.equal(db.has(k(25_000)), true);
      assert.equal(db.count(), 25_000);
    }),
    120_000,
  );
  py(f, "test_crash_uncommitted_rolled_back", () => {
    const path = join(tempDir(), "c.db");
    const db = new KVStore(path);
    db.begin({ write: true });
    db.put("k", "v");
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.has("k"), false);
    } finally {
      re.close();
    }
  });
  py(f, "test_rapid_open_close_50_cycles", () => {
    const path = join(tempDir(), "r.db");
    const first = new KVStore(path);
    first.put("anchor", "a");
    first.close();
    for (let i = 0; i < 50; i++) {
      const db = new KVStore(path);
      assert.equal(db.getString("anchor"), "a");
      db.close();
    }
  });
  py(f, "test_mode_switch_delete_wal_delete", () => {
    const path = join(tempDir(), "m.db");
    const modes = ["delete", "wal", "delete"] as const;
    modes.forEach((journalMode, i) => {
      const db = new KVStore(path, { journalMode });
      db.put(`k${i}`, journalMode);
      db.close();
    });
    const db = new KVStore(path, { journalMode: "delete" });
    try {
      modes.forEach((m, i) => assert.equal(db.getString(`k${i}`), m));
    } finally {
      db.close();
    }
  });
  py(
    f,
    "test_transaction_cycling_1000",
    withDb((db) => {
      for (let i = 0; i < 1000; i++) {
        db.begin({ write: true });
        db.put(k(i), String(i));
        db.commit();
      }
      assert.equal(db.count(), 1000);
    }),
    60_000,
  );
  py(
    f,
    "test_rollback_cycling_never_persists",
    withDb((db) => {
      db.put("anchor", "a");
      for (let i = 0; i < 1000; i++) {
        db.begin({ write: true });
        db.put("ephemeral", String(i));
        db.rollback();
      }
      assert.equal(db.has("ephemeral"), false);
      assert.equal(db.getString("anchor"), "a");
    }),
    60_000,
  );
  py(
    f,
    "test_mixed_workload_10k_ops",
    withDb((db) => {
      let seed = 12345;
      const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const model = new Map<string, string>();
      for (let op = 0; op < 10_000; op++) {
        if (op % 500 === 0) db.begin({ write: true });
        const key = k(Math.floor(rand() * 500));
        const r = rand();
        if (r < 0.4) {
          db.put(key, String(op));
          model.set(key, String(op));
        } else if (r < 0.7) {
          assert.equal(db.getString(key), model.get(key));
        } else if (r < 0.85) {
          if (model.has(key)) assert.equal(db.delete(key), true);
          model.delete(key);
        } else {
          assert.equal(db.has(key), model.has(key));
        }
        if (op % 500 === 499) db.commit();
      }
      assert.equal(db.count(), model.size);
    }),
    60_000,
  );
  py(
    f,
    "test_cf_stress_10cfs",
    withDb((db) => {
      const cfs = Array.from({ length: 10 }, (_, i) => db.createColumnFamily(`cf${i}`));
      db.transaction(() => {
        cfs.forEach((cf, c) => {
          for (let i = 0; i < 200; i++) cf.put(k(i), `${c}:${i}`);
        });
      });
      cfs.forEach((cf, c) => {
        assert.equal(cf.count(), 200);
        assert.equal(cf.getString(k(7)), `${c}:7`);
      });
      assert.equal(db.count(), 0);
      for (const cf of cfs) cf.close();
    }),
  );
  py(
    f,
    "test_growing_value_sizes",
    withDb((db) => {
      for (let size = 1; size <= 512 * 1024; size *= 2) {
        const v = pattern(size, 1, size & 0xff);
        db.put(`size:${size}`, v);
        assert.deepEqual(db.get(`size:${size}`), v);
      }
    }),
  );
}

// ================================ test_ttl.py =================================================
{
  const f = "test_ttl";
  py(
    f,
    "test_put_ttl_get_before_expiry",
    withDb((db) => {
      db.put("k", "v", { ttl: 10_000 });
      assert.equal(db.getString("k"), "v");
    }),
  );
  py(
    f,
    "test_put_ttl_str_key",
    withDb((db) => {
      db.put("str-key", "str-value", { ttl: 10_000 });
      assert.deepEqual(db.get(enc("str-key")), enc("str-value"));
    }),
  );
  py(
    f,
    "test_put_ttl_expiry_get_returns_none",
    withDb(async (db) => {
      db.put("k", "v", { ttl: 30 });
      await sleep(80);
      assert.equal(db.get("k"), undefined);
    }),
  );
  py(
    f,
    "test_put_ttl_lazy_delete_removes_from_exists",
    withDb(async (db) => {
      db.put("k", "v", { ttl: 30 });
      await sleep(80);
      assert.equal(db.has("k"), false);
    }),
  );
  py(
    f,
    "test_put_no_ttl_behaves_as_normal",
    withDb((db) => {
      db.put("k", "v");
      assert.equal(db.getString("k"), "v");
      assert.equal(db.ttl("k"), null);
    }),
  );
  py(
    f,
    "test_put_ttl_overwrite_with_regular_put_removes_ttl",
    withDb((db) => {
      db.put("k", "v", { ttl: 10_000 });
      db.put("k", "v2");
      assert.equal(db.ttl("k"), null);
    }),
  );
  py(
    f,
    "test_put_ttl_overwrite_with_longer_ttl",
    withDb(async (db) => {
      db.put("k", "v", { ttl: 30 });
      db.put("k", "v", { ttl: 60_000 });
      await sleep(80);
      assert.equal(db.getString("k"), "v");
    }),
  );
  py(
    f,
    "test_ttl_positive_for_live_key",
    withDb((db) => {
      db.put("k", "v", { ttl: 10_000 });
      const r = db.ttl("k")!;
      assert.ok(r > 0 && r <= 10_000);
    }),
  );
  py(
    f,
    "test_ttl_none_for_permanent_key",
    withDb((db) => {
      db.put("k", "v");
      assert.equal(db.ttl("k"), null);
    }),
  );
  py(
    f,
    "test_ttl_zero_for_just_expired_key (D5: NotFoundError)",
    withDb((db) => {
      db.put("k", "v", { expireAt: 1 });
      assert.throws(() => db.ttl("k"), NotFoundError);
    }),
  );
  py(
    f,
    "test_ttl_missing_key_raises_not_found",
    withDb((db) => {
      assert.throws(() => db.ttl("nope"), NotFoundError);
    }),
  );
  py(
    f,
    "test_ttl_returns_float_seconds (ours: number of ms)",
    withDb((db) => {
      db.put("k", "v", { ttl: 5_000 });
      const r = db.ttl("k")!;
      assert.equal(typeof r, "number");
      assert.ok(r < 5_001 && r > 4_000);
    }),
  );
  py(
    f,
    "test_purge_expired_deletes_expired_keys",
    withDb((db) => {
      for (let i = 0; i < 5; i++) db.put(k(i, "dead"), "v", { expireAt: 1 });
      db.put("live", "v", { ttl: 60_000 });
      assert.equal(db.purgeExpired(), 5);
      assert.equal(db.getString("live"), "v");
    }),
  );
  py(
    f,
    "test_purge_expired_no_expired_returns_zero",
    withDb((db) => {
      db.put("live", "v", { ttl: 60_000 });
      assert.equal(db.purgeExpired(), 0);
    }),
  );
  py(
    f,
    "test_purge_expired_on_store_without_ttl",
    withDb((db) => {
      db.put("k", "v");
      assert.equal(db.purgeExpired(), 0);
    }),
  );
  py(
    f,
    "test_purge_expired_orphan_ttl_cleaned",
    withDb(async (db) => {
      db.put("k", "v", { ttl: 30 });
      await sleep(80);
      assert.ok(db.purgeExpired() >= 1);
      assert.equal(db.count(), 0);
    }),
  );
  py(
    f,
    "test_purge_expired_mixed_batch",
    withDb((db) => {
      for (let i = 0; i < 3; i++) db.put(k(i, "dead"), "v", { expireAt: 1 });
      for (let i = 0; i < 3; i++) db.put(k(i, "live"), "v", { ttl: 60_000 });
      for (let i = 0; i < 3; i++) db.put(k(i, "perm"), "v");
      assert.equal(db.purgeExpired(), 3);
      assert.equal(db.count(), 6);
    }),
  );
  py(
    f,
    "test_cf_list_does_not_show_ttl_cf",
    withDb((db) => {
      db.put("k", "v", { ttl: 60_000 });
      const cf = db.createColumnFamily("c");
      cf.put("k", "v", { ttl: 60_000 });
      cf.close();
      assert.ok(db.listColumnFamilies().every((n) => !n.startsWith("__")));
    }),
  );
  py(
    f,
    "test_cf_create_reserved_prefix_raises",
    withDb((db) => {
      assert.throws(() => db.createColumnFamily("__mine"), SnkvError);
    }),
  );
  py(
    f,
    "test_cf_open_reserved_prefix_raises",
    withDb((db) => {
      assert.throws(() => db.openColumnFamily("__snkv_ttl__"), SnkvError);
    }),
  );
  py(
    f,
    "test_put_ttl_inside_transaction",
    withDb((db) => {
      db.begin({ write: true });
      db.put("k", "v", { ttl: 60_000 });
      db.commit();
      assert.ok(db.ttl("k")! > 0);
    }),
  );
  py(
    f,
    "test_put_ttl_rollback_removes_both",
    withDb((db) => {
      db.begin({ write: true });
      db.put("k", "v", { ttl: 60_000 });
      db.rollback();
      assert.equal(db.get("k"), undefined);
      assert.throws(() => db.ttl("k"), NotFoundError);
    }),
  );
  py(f, "test_ttl_survives_store_reopen", () => {
    const path = join(tempDir(), "t.db");
    const db = new KVStore(path);
    db.put("k", "v", { ttl: 60_000 });
    db.close();
    const re = new KVStore(path);
    try {
      assert.ok(re.ttl("k")! > 50_000);
    } finally {
      re.close();
    }
  });
  py(f, "test_expired_key_gone_after_reopen", async () => {
    const path = join(tempDir(), "t.db");
    const db = new KVStore(path);
    db.put("k", "v", { ttl: 30 });
    db.close();
    await sleep(80);
    const re = new KVStore(path);
    try {
      assert.equal(re.get("k"), undefined);
    } finally {
      re.close();
    }
  });
  py(f, "test_purge_expired_after_reopen", () => {
    const path = join(tempDir(), "t.db");
    const db = new KVStore(path);
    db.put("a", "v", { expireAt: 1 });
    db.put("b", "v", { expireAt: 1 });
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.purgeExpired(), 2);
    } finally {
      re.close();
    }
  });
  py(
    f,
    "test_dict_style_ttl_expiry (set with ttl)",
    withDb(async (db) => {
      db.set("k", "v", { ttl: 100 });
      assert.equal(db.getString("k"), "v");
      await sleep(250);
      assert.equal(db.has("k"), false);
    }),
  );
  py(
    f,
    "test_cf_dict_style_ttl_expiry (set with ttl)",
    withDb(async (db) => {
      const cf = db.createColumnFamily("c");
      cf.set("k", "v", { ttl: 100 });
      assert.equal(cf.getString("k"), "v");
      await sleep(250);
      assert.equal(cf.has("k"), false);
      cf.close();
    }),
  );
  // Not ported: test_put_ttl_getitem_before_expiry, test_put_ttl_expiry_getitem_raises_keyerror,
  // test_ttl_missing_key_is_key_error (no `db[key]` operator); test_no_ttl_constant_value,
  // test_no_ttl_is_int (no NO_TTL constant: ttl() returns null for permanent keys).
}

// ================================ test_wal.py =================================================
{
  const f = "test_wal";
  py(
    f,
    "test_wal_file_created_not_journal",
    withDb((db, path) => {
      db.put("k", "v");
      assert.ok(fs.existsSync(path + "-wal"));
      assert.ok(!fs.existsSync(path + "-journal"));
    }),
  );
  py(
    f,
    "test_wal_shm_file_exists_during_writes",
    withDb((db, path) => {
      for (let i = 0; i < 10; i++) db.put(k(i), "v");
      assert.ok(fs.existsSync(path + "-wal"));
      assert.ok(fs.existsSync(path + "-shm"));
    }),
  );
  py(
    f,
    "test_wal_shm_during_transaction",
    withDb((db, path) => {
      db.begin({ write: true });
      db.put("k", "v");
      assert.ok(fs.existsSync(path + "-wal"));
      assert.ok(fs.existsSync(path + "-shm"));
      db.commit();
    }),
  );
  py(
    f,
    "test_wal_basic_crud",
    withDb((db) => {
      db.put("k", "v");
      assert.equal(db.getString("k"), "v");
      db.put("k", "w");
      assert.equal(db.getString("k"), "w");
      assert.equal(db.delete("k"), true);
      assert.equal(db.has("k"), false);
    }),
  );
  py(
    f,
    "test_wal_commit_20_keys",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 20; i++) db.put(k(i), String(i));
      });
      assert.equal(db.count(), 20);
    }),
  );
  py(
    f,
    "test_wal_rollback_restores_original",
    withDb((db) => {
      db.put("k", "orig");
      db.begin({ write: true });
      db.put("k", "new");
      db.rollback();
      assert.equal(db.getString("k"), "orig");
    }),
  );
  py(f, "test_wal_persistence_50_keys", () => {
    const path = join(tempDir(), "w.db");
    const db = new KVStore(path);
    for (let i = 0; i < 50; i++) db.put(k(i), String(i));
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.count(), 50);
    } finally {
      re.close();
    }
  });
  py(f, "test_wal_recovery_uncommitted_discarded", () => {
    const path = join(tempDir(), "w.db");
    const db = new KVStore(path);
    db.put("c", "1");
    db.begin({ write: true });
    db.put("u", "1");
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.has("c"), true);
      assert.equal(re.has("u"), false);
    } finally {
      re.close();
    }
  });
  py(
    f,
    "test_wal_concurrent_1_writer_7_readers (handles in one thread)",
    withDb((db, path) => {
      const readers = Array.from({ length: 7 }, () => new KVStore(path, { busyTimeout: 5000 }));
      try {
        for (let i = 0; i < 200; i++) {
          db.put(k(i), String(i));
          const r = readers[i % 7];
          assert.equal(r.getString(k(i)), String(i));
          if (i % 20 === 0) assert.equal([...r.keys()].length, i + 1);
        }
      } finally {
        for (const r of readers) r.close();
      }
    }),
  );
  py(
    f,
    "test_wal_column_families_isolation",
    withDb((db) => {
      const a = db.createColumnFamily("a");
      a.put("k", "a");
      db.put("k", "d");
      assert.equal(a.getString("k"), "a");
      assert.equal(db.getString("k"), "d");
      a.close();
    }),
  );
  py(
    f,
    "test_wal_large_payload_1mb",
    withDb((db) => {
      const v = pattern(1024 * 1024, 5);
      db.put("big", v);
      assert.deepEqual(db.get("big"), v);
    }),
  );
  py(
    f,
    "test_wal_integrity_100_keys",
    withDb((db) => {
      for (let i = 0; i < 100; i++) db.put(k(i), "v");
      db.integrityCheck();
    }),
  );
  py(f, "test_wal_cross_mode_delete_then_wal", () => {
    const path = join(tempDir(), "x.db");
    for (const [i, journalMode] of (["delete", "wal", "delete"] as const).entries()) {
      const db = new KVStore(path, { journalMode });
      db.put(`m${i}`, journalMode);
      db.close();
    }
    const db = new KVStore(path);
    try {
      assert.deepEqual(keysOf(db.iterator()), ["m0", "m1", "m2"]);
    } finally {
      db.close();
    }
  });
  py(
    f,
    "test_wal_batch_10k",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 10_000; i++) db.put(k(i), "v");
      });
      assert.equal(db.count(), 10_000);
    }),
  );
  py(
    f,
    "test_wal_iterator_count_10",
    withDb((db) => {
      for (let i = 0; i < 10; i++) db.put(k(i), "v");
      assert.equal([...db.iterator()].length, 10);
    }),
  );
  py(
    f,
    "test_wal_statistics",
    withDb((db) => {
      db.put("k", "v");
      db.get("k");
      const s = db.stats();
      assert.ok(s.puts >= 1 && s.gets >= 1 && s.walCommits >= 1);
    }),
  );
  py(
    f,
    "test_wal_acid_atomicity",
    withDb((db) => {
      db.begin({ write: true });
      for (let i = 0; i < 5; i++) db.put(k(i), "v");
      db.rollback();
      assert.equal(db.count(), 0);
    }),
  );
  py(
    f,
    "test_wal_acid_consistency",
    withDb((db) => {
      db.transaction(() => {
        for (let i = 0; i < 500; i++) db.put(k(i), "v");
      });
      db.transaction(() => {
        for (let i = 0; i < 500; i += 2) db.delete(k(i));
      });
      db.integrityCheck();
      assert.equal(db.count(), 250);
    }),
  );
  py(
    f,
    "test_wal_acid_isolation",
    withDb((db, path) => {
      const other = new KVStore(path);
      try {
        db.begin({ write: true });
        db.put("iso", "1");
        assert.equal(other.has("iso"), false);
        db.commit();
        assert.equal(other.has("iso"), true);
      } finally {
        other.close();
      }
    }),
  );
  py(f, "test_wal_acid_durability", () => {
    const path = join(tempDir(), "d.db");
    const db = new KVStore(path);
    db.put("d", "1");
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.getString("d"), "1");
    } finally {
      re.close();
    }
  });
  py(f, "test_wal_acid_crash_atomicity", () => {
    const path = join(tempDir(), "ca.db");
    const db = new KVStore(path);
    db.put("base", "1");
    db.begin({ write: true });
    for (let i = 0; i < 100; i++) db.put(k(i), "v");
    db.close();
    const re = new KVStore(path);
    try {
      assert.equal(re.count(), 1);
    } finally {
      re.close();
    }
  });
}
