/**
 * KVIterator: an ordered cursor over one column family, read in batches.
 *
 * Each native call (snkv_iter_fill) copies many entries into the value slab; the cursor
 * then walks that batch in JavaScript. The engine iterator is a live view that resumes
 * after the last entry it delivered, but a prefetched batch is a copy: if the store was
 * written to since the batch was read, the rest of the batch is dropped and the engine is
 * re-positioned after the current key (SNKV_SEEK_AFTER), so later entries reflect the
 * write.
 * @module
 */
import { snkv_iter_fill, snkv_iter_seek } from "../ffi/native.ts";
import { EMPTY, keyArg, keyLen, readU32, slabTail, slabTake } from "./codec.ts";
import { SnkvError } from "./errors.ts";
import type { NativePtr } from "../ffi/symbols.ts";
import { check, closeHandle, failure, type Handle, newChildHandle } from "./handles.ts";
import type { Key } from "./types.ts";

const SEEK_FIRST = 0;
const SEEK_KEY = 2;
const SEEK_AFTER = 3;

// Batches start small (a cursor that reads one entry wastes little) and grow while a
// scan keeps going.
const FIRST_BATCH = 16;
const MAX_BATCH = 1024;

const neededBuf = new Int32Array(1);
const neededBytes = new Uint8Array(neededBuf.buffer);

/**
 * An ordered cursor over a store or column family. Forward iterators move from the
 * smallest key up (`first()`, `next()`); reverse iterators from the largest down
 * (`last()`, `next()` or `prev()`). A prefix limits both to keys starting with it.
 *
 * Plain iterators start unpositioned (`eof` is true until `first()`/`last()`/`seek()`);
 * prefix iterators start on their first entry in their direction. `key` and `value` are
 * the caller's own copies. Close it (or use `using`) when done; iterating it with
 * `for…of` closes it at the end, on `break` and on a throw.
 */
export class KVIterator implements Iterable<[Uint8Array, Uint8Array]>, Disposable {
  readonly #h: Handle;
  // Keeps the store or family this iterator reads alive while the iterator is reachable.
  readonly #owner: object;
  readonly #reverse: boolean;
  #buf: Uint8Array = EMPTY; // the current batch
  #off = 0; // offset of the current entry in #buf
  #left = 0; // entries in the batch from the current one on
  #seq = 0; // store.writes when the batch was read
  #batch = FIRST_BATCH;
  #positioned = false;
  #eof = true;
  #key: Uint8Array | null = null;
  #value: Uint8Array | null = null;

  /**
   * @internal Created by `iterator()` of a store or family, which passes the native cursor
   * and itself as `owner`: the iterator keeps its owner reachable, so the owner is never
   * finalized under a live iterator.
   */
  constructor(family: Handle, ptr: NativePtr, owner: object, reverse: boolean, hasPrefix: boolean) {
    this.#h = newChildHandle(this, "iterator", ptr, family, "iterator");
    this.#owner = owner;
    this.#reverse = reverse;
    if (hasPrefix) {
      try {
        this.#seek(SEEK_FIRST, null);
      } catch (e) {
        this.close();
        throw e;
      }
    }
  }

  /** True for a reverse iterator. */
  get reverse(): boolean {
    return this.#reverse;
  }

  /** True when the iterator is not on an entry: not yet positioned, or past the end. */
  get eof(): boolean {
    check(this.#h);
    return this.#eof;
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#h.closed;
  }

  /** The current key (a copy the caller owns). Throws at eof. */
  get key(): Uint8Array {
    this.#current();
    return (this.#key ??= this.#buf.subarray(this.#off + 8, this.#off + 8 + readU32(this.#buf, this.#off)));
  }

  /** The current value (a copy the caller owns). Throws at eof. */
  get value(): Uint8Array {
    this.#current();
    if (this.#value === null) {
      const k = readU32(this.#buf, this.#off);
      const v = readU32(this.#buf, this.#off + 4);
      this.#value = this.#buf.subarray(this.#off + 8 + k, this.#off + 8 + k + v);
    }
    return this.#value;
  }

  /** Positions on the smallest key (within the prefix). Forward iterators only. */
  first(): this {
    check(this.#h);
    if (this.#reverse) {
      throw new SnkvError("first() is not available on a reverse iterator: use last()", "ERROR", 1);
    }
    this.#seek(SEEK_FIRST, null);
    return this;
  }

  /** Positions on the largest key (within the prefix). Reverse iterators only. */
  last(): this {
    check(this.#h);
    if (!this.#reverse) {
      throw new SnkvError(
        "last() is not available on a forward iterator: use a reverse iterator (reverse: true)",
        "ERROR",
        1,
      );
    }
    this.#seek(SEEK_FIRST, null);
    return this;
  }

  /**
   * Forward: the first key >= `key`; reverse: the last key <= `key`. The prefix boundary
   * still holds: a key outside it leaves the iterator at eof.
   */
  seek(key: Key): this {
    check(this.#h);
    this.#seek(SEEK_KEY, key);
    return this;
  }

  /**
   * Moves one entry in the iterator's direction (down for a reverse iterator); past the
   * last one `eof` becomes true. On an unpositioned iterator or at eof it does nothing.
   */
  next(): this {
    check(this.#h);
    if (this.#eof) return this;
    this.#key = this.#value = null;
    if (this.#seq !== this.#h.store.writes) {
      // The batch predates a write: resume after the current key from fresh data. Start
      // again from one entry, since a loop that writes at every step (update each entry)
      // would throw most of a bigger batch away.
      const cur = this.#buf.subarray(this.#off + 8, this.#off + 8 + readU32(this.#buf, this.#off));
      this.#seek(SEEK_AFTER, cur, 1);
      return this;
    }
    if (--this.#left > 0) {
      this.#off += 8 + readU32(this.#buf, this.#off) + readU32(this.#buf, this.#off + 4);
      return this;
    }
    this.#fill();
    return this;
  }

  /** Reverse iterators only: the same as {@link next} (moves to the next smaller key). */
  prev(): this {
    check(this.#h);
    if (!this.#reverse) {
      throw new SnkvError(
        "prev() is not available on a forward iterator: use a reverse iterator (reverse: true)",
        "ERROR",
        1,
      );
    }
    return this.next();
  }

  /** Closes the native cursor. Idempotent. */
  close(): void {
    closeHandle(this.#h);
    this.#buf = EMPTY;
    this.#eof = true;
  }

  /** Same as {@link close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Yields `[key, value]` from the current position (from the first entry in the
   * iterator's direction if not yet positioned), then closes the iterator.
   */
  *[Symbol.iterator](): Generator<[Uint8Array, Uint8Array], void, undefined> {
    try {
      check(this.#h);
      if (!this.#positioned) this.#seek(SEEK_FIRST, null);
      while (!this.#eof) {
        yield [this.key, this.value];
        this.next();
      }
    } finally {
      this.close();
    }
  }

  /** @internal Positions on the first entry if not yet positioned (for entries()/keys()/values()). */
  start(): this {
    if (!this.#positioned) this.#seek(SEEK_FIRST, null);
    return this;
  }

  #current(): void {
    check(this.#h);
    if (this.#eof) {
      throw new SnkvError(
        "the iterator is not on an entry (eof): position it with first(), last() or seek()",
        "ERROR",
        1,
      );
    }
  }

  #seek(mode: number, key: Key | null, batch = FIRST_BATCH): void {
    let k: Uint8Array = EMPTY;
    let n = 0;
    if (key !== null) {
      k = keyArg(key);
      n = keyLen;
    }
    this.#positioned = true;
    this.#eof = true;
    this.#left = 0;
    this.#key = this.#value = null;
    this.#batch = batch;
    const rc = snkv_iter_seek(this.#h.ptr, mode, k, n);
    if (rc < 0) throw failure(this.#h.store, -rc);
    this.#fill();
  }

  #fill(): void {
    const ptr = this.#h.ptr;
    let tail = slabTail();
    this.#seq = this.#h.store.writes;
    let got = snkv_iter_fill(ptr, tail, tail.length, this.#batch, neededBytes);
    while (got === 0 && neededBuf[0] > 0) {
      // The next entry alone does not fit: give it a buffer that does.
      tail = slabTail(neededBuf[0]);
      got = snkv_iter_fill(ptr, tail, tail.length, this.#batch, neededBytes);
    }
    if (got < 0) {
      this.#eof = true;
      throw failure(this.#h.store, -got);
    }
    if (got === 0) {
      this.#eof = true;
      this.#left = 0;
      return;
    }
    let end = 0;
    for (let i = 0; i < got; i++) end += 8 + readU32(tail, end) + readU32(tail, end + 4);
    this.#buf = slabTake(tail, end);
    this.#off = 0;
    this.#left = got;
    this.#eof = false;
    if (this.#batch < MAX_BATCH) this.#batch *= 2;
  }
}
