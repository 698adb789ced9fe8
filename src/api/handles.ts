/**
 * Native handle lifetimes: a tree of store → column families → iterators.
 *
 * The engine frees a store's families when the store closes, so a child must be closed
 * before its parent, and never touched after. Each public object (KVStore, ColumnFamily,
 * KVIterator) owns one {@link Handle}; closing a handle closes its children first.
 *
 * A FinalizationRegistry per handle type closes handles whose object was collected without
 * close(). The registries hold the Handle records (never the public objects), and every
 * close goes through {@link closeHandle}, which checks and sets `closed` and unregisters:
 * whatever order the collector finalizes a store and its children in, nothing is freed
 * twice or after its parent.
 * @module
 */
import { kvstore_cf_close, kvstore_close, snkv_errmsg, snkv_iter_close } from "../ffi/native.ts";
import type { NativePtr } from "../ffi/symbols.ts";
import { closedError, errorFromStatus, type SnkvError } from "./errors.ts";

/** Kinds of native handle. */
export type HandleKind = "store" | "family" | "iterator";

/** One native handle and its place in the tree. */
export interface Handle {
  readonly kind: HandleKind;
  readonly ptr: NativePtr;
  /** The store handle at the root of the tree (itself for a store). */
  readonly store: StoreHandle;
  readonly parent: Handle | null;
  readonly children: Set<Handle>;
  /** Names the object in "… is closed" errors. */
  readonly label: string;
  closed: boolean;
}

/** The root: a store handle, with a counter of writes made through it. */
export interface StoreHandle extends Handle {
  /**
   * Bumped by every write through the store or any of its families. Iterators prefetch
   * entries in batches; a batch read before the latest write is stale, so they re-position
   * after the last key they handed out.
   */
  writes: number;
}

const registries: Record<HandleKind, FinalizationRegistry<Handle>> = {
  store: new FinalizationRegistry(closeQuietly),
  family: new FinalizationRegistry(closeQuietly),
  iterator: new FinalizationRegistry(closeQuietly),
};

function closeQuietly(h: Handle): void {
  try {
    closeHandle(h);
  } catch {
    // a leaked handle's close failure has no one to report to
  }
}

/** Creates the root handle of a store and registers `owner` for the leak backstop. */
export function newStoreHandle(owner: object, ptr: NativePtr, label: string): StoreHandle {
  const h = { kind: "store", ptr, parent: null, children: new Set(), label, closed: false, writes: 0 } as
    & Omit<StoreHandle, "store">
    & { store: StoreHandle };
  h.store = h as StoreHandle;
  registries.store.register(owner, h as StoreHandle, h);
  return h as StoreHandle;
}

/** Creates a child handle (family or iterator) under `parent`. */
export function newChildHandle(
  owner: object,
  kind: "family" | "iterator",
  ptr: NativePtr,
  parent: Handle,
  label: string,
): Handle {
  const h: Handle = { kind, ptr, store: parent.store, parent, children: new Set(), label, closed: false };
  parent.children.add(h);
  registries[kind].register(owner, h, h);
  return h;
}

/**
 * Closes a handle and, first, all its children. Idempotent. Throws only if closing the
 * store itself reports an error (the handle is closed all the same).
 */
export function closeHandle(h: Handle): void {
  if (h.closed) return;
  for (const c of h.children) closeHandle(c);
  h.closed = true;
  h.parent?.children.delete(h);
  registries[h.kind].unregister(h);
  if (h.kind === "iterator") {
    snkv_iter_close(h.ptr);
  } else if (h.kind === "family") {
    kvstore_cf_close(h.ptr);
  } else {
    const rc = kvstore_close(h.ptr);
    if (rc !== 0) throw errorFromStatus(rc, `closing ${h.label} failed`);
  }
}

/** Throws the CLOSED error if the handle is closed. */
export function check(h: Handle): NativePtr {
  if (h.closed) throw closedError(h.label);
  return h.ptr;
}

const msgBytes = new Uint8Array(1024);

/** The engine's latest error message for a store. */
export function lastMessage(store: StoreHandle): string {
  let buf = msgBytes;
  const n = snkv_errmsg(store.ptr, buf, buf.length);
  if (n >= buf.length) {
    buf = new Uint8Array(n + 1);
    snkv_errmsg(store.ptr, buf, buf.length);
  }
  return new TextDecoder().decode(buf.subarray(0, Math.min(n, buf.length - 1)));
}

/** The typed error for a failed call: `status` is the positive C status. */
export function failure(store: StoreHandle, status: number): SnkvError {
  return errorFromStatus(status, lastMessage(store));
}
