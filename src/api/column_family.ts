/**
 * ColumnFamily: a named, isolated keyspace of a store, sharing its file and transaction.
 * @module
 */
import type { NativePtr } from "../ffi/symbols.ts";
import { closeHandle, type Handle, newChildHandle, type StoreHandle } from "./handles.ts";
import { KVSurface } from "./surface.ts";

/**
 * A column family of a {@link KVStore}: the same data operations as the store, on its own
 * keyspace (counts, clears and iteration are per family). Families share the store's
 * transaction: `begin()` on the store covers writes to every family.
 *
 * Close a family when done with it (or use `using`): `dropColumnFamily(name)` fails with
 * BusyError while a handle to that family is open in the same store. Closing the store
 * closes its families; any later call on them throws SnkvError code "CLOSED".
 */
export class ColumnFamily extends KVSurface implements Disposable {
  /** The family's name ("default" for the default family). */
  readonly name: string;
  readonly #h: Handle;
  // Keeps the store object reachable while this family is, so the store is never
  // finalized under a live family.
  readonly #store: object;

  /** @internal Created by KVStore's createColumnFamily / openColumnFamily / defaultColumnFamily. */
  constructor(store: StoreHandle, ptr: NativePtr, name: string, storeObject: object) {
    let h!: Handle;
    super((self) => (h = newChildHandle(self, "family", ptr, store, `column family "${name}"`)));
    this.#h = h;
    this.#store = storeObject;
    this.name = name;
  }

  /** True once this family (or its store) is closed. */
  get closed(): boolean {
    return this.#h.closed;
  }

  /** Closes this handle and its iterators (the data stays). Idempotent. */
  close(): void {
    closeHandle(this.#h);
  }

  /** Same as {@link close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
