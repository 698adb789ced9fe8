// Files written by upstream SNKV 0.8.1 (tests/fixtures, see its README): every entry of
// expected.jsonl read through the TypeScript API, the reported counts, a byte-identical
// read-only open, and a read-write copy updated, dropped from, purged and reopened.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { fileURLToPath } from "node:url";
import { type ColumnFamily, KVStore, NotFoundError } from "../mod.ts";
import { fixture, test } from "./harness.ts";
import { dec, fromHex, sha256hex, toHex } from "./helpers/util.ts";

interface Entry {
  cf: string;
  key_hex: string;
  value_len: number;
  value_sha256: string;
  expire_ms: number | null;
}

const EXPECTED: Entry[] = fs
  .readFileSync(fileURLToPath(new URL("./fixtures/expected.jsonl", import.meta.url)), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l));

const FIXTURES = [
  { name: "wal4k.db", journalMode: "wal" as const },
  { name: "delete4k.db", journalMode: "delete" as const },
  { name: "wal8k.db", journalMode: "wal" as const },
];

const LIVE = { default: 2905, users: 502, cache: 2 } as Record<string, number>;
const COUNT = { default: 2906, users: 502, cache: 3 } as Record<string, number>;

function fileSha(path: string): string {
  return sha256hex(fs.readFileSync(path));
}

function family(db: KVStore, name: string): ColumnFamily {
  return name === "default" ? db.defaultColumnFamily() : db.openColumnFamily(name);
}

test("expected.jsonl describes the documented content", () => {
  assert.equal(EXPECTED.length, 2906 + 502 + 3);
  const byCf = (cf: string) => EXPECTED.filter((e) => e.cf === cf).length;
  assert.equal(byCf("default"), 2906);
  assert.equal(byCf("users"), 502);
  assert.equal(byCf("cache"), 3);
});

/** Checks every expected entry and the per-family iteration and counts on an open store. */
function verifyContent(db: KVStore): void {
  const now = Date.now();
  for (const cfName of ["default", "users", "cache"]) {
    const cf = family(db, cfName);
    try {
      const entries = EXPECTED.filter((e) => e.cf === cfName);
      for (const e of entries) {
        const key = fromHex(e.key_hex);
        const where = `${cfName}/${e.key_hex.slice(0, 40)}`;
        if (e.expire_ms === 1) {
          assert.equal(cf.get(key), undefined, where);
          assert.equal(cf.has(key), false, where);
          assert.throws(() => cf.ttl(key), NotFoundError, where);
          continue;
        }
        const v = cf.get(key);
        assert.ok(v instanceof Uint8Array, where);
        assert.equal(v.length, e.value_len, where);
        assert.equal(sha256hex(v), e.value_sha256, where);
        assert.equal(cf.has(key), true, where);
        const ttl = cf.ttl(key);
        if (e.expire_ms === null) assert.equal(ttl, null, where);
        else assert.ok(ttl !== null && Math.abs(ttl - (e.expire_ms - now)) < 60_000, `${where}: ${ttl}`);
      }
      // Iteration yields exactly the live entries, in key-byte order, with their values.
      const live = entries.filter((e) => e.expire_ms !== 1);
      assert.equal(live.length, LIVE[cfName]);
      let i = 0;
      for (const [k, v] of cf.entries()) {
        const e = live[i++];
        assert.ok(e !== undefined, `${cfName}: more than ${live.length} entries`);
        assert.equal(toHex(k), e.key_hex);
        assert.equal(v.length, e.value_len);
        assert.equal(sha256hex(v), e.value_sha256);
      }
      assert.equal(i, LIVE[cfName], cfName);
      assert.equal([...cf.keys({ reverse: true })].length, LIVE[cfName], cfName);
      assert.equal(cf.count(), COUNT[cfName], cfName);
    } finally {
      cf.close();
    }
  }
}

for (const fx of FIXTURES) {
  test(`${fx.name}: read-only open reads every entry as described, file stays byte-identical`, () => {
    const path = fixture(fx.name);
    const before = fileSha(path);
    const db = new KVStore(path, { readOnly: true });
    try {
      verifyContent(db);
      assert.deepEqual(db.listColumnFamilies().sort(), ["cache", "users"]);
      assert.throws(() => db.openColumnFamily("temp"), NotFoundError);
      db.integrityCheck();
      // A few spot checks of the documented values.
      const zeroes = new Uint8Array(256).map((_, i) => i);
      assert.deepEqual(db.get(zeroes), zeroes.slice().reverse());
      assert.equal(db.get("empty")!.length, 0);
      const big = db.get("big")!;
      assert.equal(big.length, 200_000);
      assert.ok(big.every((b, i) => b === i % 251));
      assert.equal(db.getString("K".repeat(2000)), "long-key");
      assert.equal(db.getString("ttl:future"), "stays");
      assert.equal(db.get("k00000"), undefined);
      assert.equal(db.get("k00198"), undefined);
      assert.ok(db.has("k00199"));
      assert.ok(db.has("k00200"));
      // value of key i: L = (i*37) % 300 bytes, byte j = alphabet[(i+j) % 36]
      const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
      for (const i of [1, 3, 199, 200, 1234, 2999]) {
        const want = Array.from({ length: (i * 37) % 300 }, (_, j) => alphabet[(i + j) % 36]).join("");
        assert.equal(db.getString(`k${String(i).padStart(5, "0")}`), want, `k${i}`);
      }
      const users = db.openColumnFamily("users");
      assert.equal(users.getString("alice"), "admin");
      assert.equal(users.getString("bob"), "viewer");
      assert.equal(users.getString("u0499"), "user-499");
      users.close();
      const cache = db.openColumnFamily("cache");
      assert.deepEqual([...cache.keys()].map(dec), ["c1", "c3"]);
      assert.equal(cache.getString("c3"), "permanent");
      cache.close();
      // Writes are refused on the read-only handle.
      assert.throws(() => db.put("x", "y"));
    } finally {
      db.close();
    }
    assert.equal(fileSha(path), before, "read-only open modified the file");
  });

  test(`${fx.name}: a read-write copy can be updated, dropped from, purged and reopened`, () => {
    const path = fixture(fx.name);
    {
      const db = new KVStore(path, { journalMode: fx.journalMode });
      try {
        verifyContent(db);
        db.put("new:1", "hello");
        db.put("k00001", "overwritten");
        assert.equal(db.delete("k00003"), true);
        assert.equal(db.delete("k00000"), false); // deleted upstream
        assert.equal(db.purgeExpired(), 1); // ttl:past
        const cache = db.openColumnFamily("cache");
        assert.equal(cache.purgeExpired(), 1); // c2
        cache.put("c4", "fresh", { ttl: 3_600_000 });
        cache.close();
        const users = db.openColumnFamily("users");
        users.put("carol", "editor");
        users.close();
        db.dropColumnFamily("users");
        const temp = db.createColumnFamily("temp"); // the name of the family dropped upstream
        temp.put("x", "z");
        temp.close();
        db.integrityCheck();
      } finally {
        db.close();
      }
    }
    {
      const db = new KVStore(path);
      try {
        db.integrityCheck();
        assert.deepEqual(db.listColumnFamilies().sort(), ["cache", "temp"]);
        assert.throws(() => db.openColumnFamily("users"), NotFoundError);
        assert.equal(db.getString("new:1"), "hello");
        assert.equal(db.getString("k00001"), "overwritten");
        assert.equal(db.has("k00003"), false);
        assert.equal(db.count(), 2906 - 1 - 1 + 1); // purged, deleted, added
        assert.equal([...db.keys()].length, 2905 - 1 + 1);
        assert.equal(db.get("big")!.length, 200_000);
        const cache = db.openColumnFamily("cache");
        assert.equal(cache.count(), 3);
        assert.deepEqual([...cache.keys()].map(dec), ["c1", "c3", "c4"]);
        assert.ok(cache.ttl("c4")! > 3_000_000);
        cache.close();
        const temp = db.openColumnFamily("temp");
        assert.equal(temp.getString("x"), "z");
        temp.close();
      } finally {
        db.close();
      }
    }
    // And read-only once more after the changes.
    const ro = new KVStore(path, { readOnly: true });
    try {
      ro.integrityCheck();
      assert.equal(ro.getString("new:1"), "hello");
    } finally {
      ro.close();
    }
  });
}

test("delete4k.db opened with default options is usable and stays consistent", () => {
  const path = fixture("delete4k.db");
  const db = new KVStore(path);
  try {
    assert.equal(db.count(), 2906);
    db.put("added", "1");
    db.integrityCheck();
  } finally {
    db.close();
  }
  const re = new KVStore(path, { readOnly: true });
  try {
    assert.equal(re.getString("added"), "1");
    re.integrityCheck();
  } finally {
    re.close();
  }
});
