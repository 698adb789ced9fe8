/** What every system file exports. @module */
import type { AsyncStore, SyncStore } from "../workloads.ts";

/** Settings shared by the SQLite-based systems (SNKV, bun:sqlite, node:sqlite). */
export interface Settings {
  /** "ref": the reference settings; "fast": bigger cache + memory-mapped reads. */
  name: "ref" | "fast";
  /** Page cache in pages (4096-byte pages). */
  cacheSize: number;
  /** Bytes memory-mapped for reads; 0 = off. */
  mmapSize: number;
  /** Checkpoint automatically once the WAL holds this many frames; 0 = never (until close). */
  walAutoCheckpoint: number;
}

export interface System {
  /** Version of the system (library or runtime). */
  version: string;
  /** How it was set up, one line (for the JSON and the README). */
  setup(s: Settings): string;
  /** Opens (creates) a store at `path`. */
  open(path: string, s: Settings): SyncStore | AsyncStore;
  async?: boolean;
}
