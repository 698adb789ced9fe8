/**
 * The data operations shared by KVStore (on its default column family) and ColumnFamily:
 * written once, on a column family handle.
 *
 * Every method checks its arguments and the handle before the native call, so bad input
 * or a closed handle never reaches C.
 * @module
 */
import {
  snkv_clear,
  snkv_count,
  snkv_delete,
  snkv_delete_many,
  snkv_exists,
  snkv_get,
  snkv_get_many,
  snkv_iter_open,
  snkv_purge_expired,
  snkv_put,
  snkv_put_if_absent,
  snkv_put_many,
  snkv_ttl,
} from "../ffi/native.ts";
import {
  decodeUtf8,
  EMPTY,
  expiryOf,
  keyArg,
  keyLen,
  MAX_VALUE,
  Packer,
  prefixBytes,
  readI32,
  slabTail,
  slabTake,
  valueArg,
  valueLen,
} from "./codec.ts";
import { SnkvError } from "./errors.ts";
import { check, failure, type Handle } from "./handles.ts";
import { KVIterator } from "./iterator.ts";
import type { IteratorOptions, Key, PutOptions, Value } from "./types.ts";

const NOTFOUND = 12;

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const i32 = new Int32Array(1);
const i32Bytes = new Uint8Array(i32.buffer);

// getString() decodes from here instead of taking slab space for a value it discards.
let stringScratch = new Uint8Array(64 * 1024);

const packer = new Packer();

/**
 * The key-value operations of one column family. {@link KVStore} applies them to the
 * default family; {@link ColumnFamily} to a named one.
 */
export abstract class KVSurface implements Iterable<[Uint8Array, Uint8Array]> {
  readonly #fam: Handle;

  /**
   * @internal `makeHandle` creates the family handle with the new object as its owner
   * (the object the leak backstop watches).
   */
  constructor(makeHandle: (self: object) => Handle) {
    this.#fam = makeHandle(this);
  }

  /**
   * Inserts or replaces `key`. `opts.ttl` (ms from now) or `opts.expireAt` (epoch ms) set
   * an expiry; without either the entry is permanent (an earlier expiry is cleared).
   */
  put(key: Key, value: Value, opts?: PutOptions): void {
    const cf = check(this.#fam);
    const k = keyArg(key);
    const kn = keyLen;
    const v = valueArg(value);
    const expire = opts === undefined ? 0 : expiryOf(opts);
    this.#fam.store.writes++;
    const rc = snkv_put(cf, k, kn, v, valueLen, expire);
    if (rc < 0) throw failure(this.#fam.store, -rc);
  }

  /** Same as {@link put}, returning `this` (Map style). */
  set(key: Key, value: Value, opts?: PutOptions): this {
    this.put(key, value, opts);
    return this;
  }

  /** The value of `key` (a copy the caller owns), or undefined if absent or expired. */
  get(key: Key): Uint8Array | undefined {
    const cf = check(this.#fam);
    const k = keyArg(key);
    const kn = keyLen;
    let out = slabTail();
    let n = snkv_get(cf, k, kn, out, out.length);
    // Too big for the slab's free space: retry with room for it (it may have changed in
    // between, hence the loop).
    while (n > out.length) {
      out = slabTail(n);
      n = snkv_get(cf, k, kn, out, out.length);
    }
    if (n < 0) {
      if (n === -NOTFOUND) return undefined;
      throw failure(this.#fam.store, -n);
    }
    return slabTake(out, n);
  }

  /** The value of `key` decoded as UTF-8, or undefined if absent or expired. */
  getString(key: Key): string | undefined {
    const cf = check(this.#fam);
    const k = keyArg(key);
    const kn = keyLen;
    let n = snkv_get(cf, k, kn, stringScratch, stringScratch.length);
    while (n > stringScratch.length) {
      stringScratch = new Uint8Array(n);
      n = snkv_get(cf, k, kn, stringScratch, stringScratch.length);
    }
    if (n < 0) {
      if (n === -NOTFOUND) return undefined;
      throw failure(this.#fam.store, -n);
    }
    const s = decodeUtf8(stringScratch.subarray(0, n));
    if (stringScratch.length > 1024 * 1024) stringScratch = new Uint8Array(64 * 1024); // don't hoard
    return s;
  }

  /** True if `key` exists and has not expired. */
  has(key: Key): boolean {
    const cf = check(this.#fam);
    const k = keyArg(key);
    const rc = snkv_exists(cf, k, keyLen);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return rc === 1;
  }

  /** Removes `key`; true if it existed, false otherwise (never throws for a missing key). */
  delete(key: Key): boolean {
    const cf = check(this.#fam);
    const k = keyArg(key);
    this.#fam.store.writes++;
    const rc = snkv_delete(cf, k, keyLen);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return rc === 1;
  }

  /** Inserts `key` only if it is absent (an expired key counts as absent), atomically; true if inserted. */
  putIfAbsent(key: Key, value: Value, opts?: PutOptions): boolean {
    const cf = check(this.#fam);
    const k = keyArg(key);
    const kn = keyLen;
    const v = valueArg(value);
    const expire = opts === undefined ? 0 : expiryOf(opts);
    this.#fam.store.writes++;
    const rc = snkv_put_if_absent(cf, k, kn, v, valueLen, expire);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return rc === 1;
  }

  /**
   * Remaining time to live of `key` in milliseconds, or null if it never expires.
   * @throws {NotFoundError} if the key is absent or expired.
   */
  ttl(key: Key): number | null {
    const cf = check(this.#fam);
    const k = keyArg(key);
    const rc = snkv_ttl(cf, k, keyLen, f64Bytes);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return rc === 1 ? f64[0] : null;
  }

  /** Removes every expired entry; returns how many. */
  purgeExpired(): number {
    const cf = check(this.#fam);
    this.#fam.store.writes++;
    const rc = snkv_purge_expired(cf);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return rc;
  }

  /** Number of entries, including expired ones not yet purged. */
  count(): number {
    const cf = check(this.#fam);
    const rc = snkv_count(cf, f64Bytes);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return f64[0];
  }

  /** Removes every entry of this column family. */
  clear(): void {
    const cf = check(this.#fam);
    this.#fam.store.writes++;
    const rc = snkv_clear(cf);
    if (rc < 0) throw failure(this.#fam.store, -rc);
  }

  /**
   * Writes many entries in one native call and one transaction (or the caller's), all
   * with the same expiry options. Returns how many were written.
   */
  putMany(entries: Iterable<readonly [Key, Value]>, opts?: PutOptions): number {
    const cf = check(this.#fam);
    const expire = expiryOf(opts);
    packer.reset();
    for (const e of entries) {
      if (!Array.isArray(e) || e.length < 2) {
        throw new TypeError("putMany entries must be [key, value] pairs");
      }
      packer.entry(e[0], e[1]);
    }
    if (packer.count === 0) return 0;
    this.#fam.store.writes++;
    const rc = snkv_put_many(cf, packer.buf, packer.size, packer.count, expire);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return packer.count;
  }

  /**
   * Reads many keys; the result has one element per key: its value, or undefined if
   * absent or expired. One native call when the values fit the read buffer; otherwise
   * more, each its own snapshot (use a transaction for one snapshot of all of them).
   */
  getMany(keys: Iterable<Key>): (Uint8Array | undefined)[] {
    const cf = check(this.#fam);
    packer.reset();
    for (const k of keys) packer.key(k);
    const total = packer.count;
    const result: (Uint8Array | undefined)[] = new Array(total);
    let done = 0;
    let want = 4096;
    while (done < total) {
      const from = packer.offsets[done];
      const keys = done === 0 ? packer.buf : packer.buf.subarray(from);
      const out = slabTail(want);
      const got = snkv_get_many(cf, keys, packer.size - from, total - done, out, out.length, i32Bytes);
      if (got < 0) throw failure(this.#fam.store, -got);
      let o = 0;
      for (let i = 0; i < got; i++) {
        const n = readI32(out, o);
        o += 4;
        if (n < 0) {
          result[done + i] = undefined;
        } else {
          result[done + i] = out.subarray(o, o + n);
          o += n;
        }
      }
      slabTake(out, o); // the values above are views of this region: keep it
      done += got;
      const need = i32[0];
      if (got > 0) {
        want = Math.max(need, 4096);
      } else if (out.length >= MAX_VALUE + 4) {
        throw new SnkvError("snkv_get_many answered no key although the output had room", "ERROR", 1);
      } else {
        // Grow by at least 2x, so that progress never depends on `need` being exact.
        want = Math.min(Math.max(need, out.length * 2), MAX_VALUE + 4);
      }
    }
    return result;
  }

  /** Removes many keys in one native call and one transaction; returns how many existed. */
  deleteMany(keys: Iterable<Key>): number {
    const cf = check(this.#fam);
    packer.reset();
    for (const k of keys) packer.key(k);
    if (packer.count === 0) return 0;
    this.#fam.store.writes++;
    const rc = snkv_delete_many(cf, packer.buf, packer.size, packer.count);
    if (rc < 0) throw failure(this.#fam.store, -rc);
    return rc;
  }

  /**
   * A cursor over this column family, in key order (`reverse`: descending), optionally
   * only the keys starting with `prefix`. See {@link KVIterator} for positioning.
   */
  iterator(opts?: IteratorOptions): KVIterator {
    const cf = check(this.#fam);
    if (opts !== undefined && (opts === null || typeof opts !== "object")) {
      throw new TypeError("iterator options must be an object");
    }
    const hasPrefix = opts?.prefix !== undefined;
    const prefix = hasPrefix ? prefixBytes(opts!.prefix!) : EMPTY;
    const nPrefix = hasPrefix ? prefix.length : 0;
    const reverse = opts?.reverse === true;
    const ptr = snkv_iter_open(cf, prefix, nPrefix, reverse ? 1 : 0, i32Bytes);
    if (ptr === null) throw failure(this.#fam.store, i32[0] || 1);
    // A prefix iterator starts on its first entry, even with an empty prefix (= no limit).
    return new KVIterator(this.#fam, ptr, this, reverse, hasPrefix);
  }

  /** Shorthand for `iterator({ prefix })`. */
  prefixIterator(prefix: Key): KVIterator {
    return this.iterator({ prefix });
  }

  /** Shorthand for `iterator({ reverse: true })`. */
  reverseIterator(): KVIterator {
    return this.iterator({ reverse: true });
  }

  /** Shorthand for `iterator({ prefix, reverse: true })`. */
  reversePrefixIterator(prefix: Key): KVIterator {
    return this.iterator({ prefix, reverse: true });
  }

  /** Lazily yields `[key, value]` in order; closes its cursor when done, on `break` or on a throw. */
  *entries(opts?: IteratorOptions): Generator<[Uint8Array, Uint8Array], void, undefined> {
    const it = this.iterator(opts);
    try {
      for (it.start(); !it.eof; it.next()) yield [it.key, it.value];
    } finally {
      it.close();
    }
  }

  /** Lazily yields keys in order; closes its cursor when done, on `break` or on a throw. */
  *keys(opts?: IteratorOptions): Generator<Uint8Array, void, undefined> {
    const it = this.iterator(opts);
    try {
      for (it.start(); !it.eof; it.next()) yield it.key;
    } finally {
      it.close();
    }
  }

  /** Lazily yields values in key order; closes its cursor when done, on `break` or on a throw. */
  *values(opts?: IteratorOptions): Generator<Uint8Array, void, undefined> {
    const it = this.iterator(opts);
    try {
      for (it.start(); !it.eof; it.next()) yield it.value;
    } finally {
      it.close();
    }
  }

  /** Same as {@link entries}() with no options. */
  [Symbol.iterator](): Generator<[Uint8Array, Uint8Array], void, undefined> {
    return this.entries();
  }
}
