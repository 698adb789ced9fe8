/**
 * Bun backend: opens the library with `bun:ffi`. Its factory is called only on Bun.
 *
 * "bun:ffi" is required through a variable so that Deno's type checker, which cannot
 * resolve it, never looks at it; the few declarations used are typed locally below.
 * Typed arrays are passed to C as they are (never a cached `ptr()`): Bun takes the
 * pointer at call time, so a buffer the GC may move is never used stale.
 * @module
 */
import type { Backend, OpenedLibrary } from "./loader.ts";
import { type NativeFunctions, type NativeType, symbols } from "./symbols.ts";

interface BunFfiSignature {
  args: string[];
  returns: string;
}
interface BunFfi {
  dlopen(
    path: string,
    defs: Record<string, BunFfiSignature>,
  ): { symbols: Record<string, unknown>; close(): void };
}
interface BunProcess {
  platform: string;
  arch: string;
  env: Record<string, string | undefined>;
  cwd(): string;
}
interface BunFs {
  statSync(path: string, opts: { throwIfNoEntry: false }): { isFile(): boolean } | undefined;
}

// Loaded synchronously with import.meta.require: a top-level await here would make every
// importer's module evaluation asynchronous, and a Worker that sets `onmessage` after
// importing SNKV would then miss the messages posted to it meanwhile.
const BUN_FFI = "bun:ffi";
const NODE_FS = "node:fs";

// Bun's FFIType names; "ptr" accepts both handles (numbers) and typed arrays.
const BUN_TYPES: Record<NativeType, string> = {
  ptr: "ptr",
  buf: "ptr",
  i32: "i32",
  f64: "f64",
  void: "void",
};

function bunSymbols(): Record<string, BunFfiSignature> {
  const out: Record<string, BunFfiSignature> = {};
  for (const [name, sig] of Object.entries(symbols)) {
    out[name] = { args: sig.params.map((p) => BUN_TYPES[p]), returns: BUN_TYPES[sig.result] };
  }
  return out;
}

/** Creates the Bun implementation of {@link Backend}; call only on Bun. */
export function createBunBackend(): Backend {
  const req = (import.meta as unknown as { require(id: string): unknown }).require;
  const ffi = req(BUN_FFI) as BunFfi;
  const fs = req(NODE_FS) as BunFs;
  const proc = (globalThis as unknown as { process: BunProcess }).process;
  return {
    runtime: "bun",
    os: proc.platform,
    arch: proc.arch,
    open(path: string): OpenedLibrary {
      const lib = ffi.dlopen(path, bunSymbols());
      return {
        functions: lib.symbols as unknown as NativeFunctions,
        close: () => lib.close(),
      };
    },
    fileStatus(path: string): string | null {
      try {
        const st = fs.statSync(path, { throwIfNoEntry: false });
        if (!st) return "not found";
        return st.isFile() ? null : "not a file";
      } catch (e) {
        return String((e as Error).message ?? e);
      }
    },
    env(name: string): string | undefined {
      return proc.env[name];
    },
    cwd(): string {
      return proc.cwd();
    },
  };
}
