/**
 * Deno backend: opens the library with `Deno.dlopen`. Its factory is called only on Deno
 * (importing this module elsewhere is harmless: nothing runs at import time).
 * @module
 */
import type { Backend, OpenedLibrary } from "./loader.ts";
import { type NativeFunctions, type NativeType, symbols } from "./symbols.ts";

const DENO_TYPES = {
  ptr: "pointer",
  buf: "buffer",
  i32: "i32",
  f64: "f64",
  void: "void",
} as const satisfies Record<NativeType, Deno.NativeResultType>;

function denoSymbols(): Deno.ForeignLibraryInterface {
  const out: Deno.ForeignLibraryInterface = {};
  for (const [name, sig] of Object.entries(symbols)) {
    out[name] = {
      parameters: sig.params.map((p) => DENO_TYPES[p] as Deno.NativeType),
      result: DENO_TYPES[sig.result],
    };
  }
  return out;
}

const OS_NAMES: Record<string, string> = { windows: "win32" };
const ARCH_NAMES: Record<string, string> = { x86_64: "x64", aarch64: "arm64" };

/** Creates the Deno implementation of {@link Backend}; call only on Deno. */
export function createDenoBackend(): Backend {
  return {
    runtime: "deno",
    os: OS_NAMES[Deno.build.os] ?? Deno.build.os,
    arch: ARCH_NAMES[Deno.build.arch] ?? Deno.build.arch,
    open(path: string): OpenedLibrary {
      const lib = Deno.dlopen(path, denoSymbols());
      return {
        functions: lib.symbols as unknown as NativeFunctions,
        close: () => lib.close(),
      };
    },
    fileStatus(path: string): string | null {
      try {
        return Deno.statSync(path).isFile ? null : "not a file";
      } catch (e) {
        return e instanceof Deno.errors.NotFound ? "not found" : String((e as Error).message ?? e);
      }
    },
    env(name: string): string | undefined {
      return Deno.env.get(name);
    },
    cwd(): string {
      return Deno.cwd();
    },
  };
}
