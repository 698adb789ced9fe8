/**
 * Finds and opens the native library, in this order:
 *   1. the `libraryPath` option of the first store opened;
 *   2. the `SNKV_LIB_PATH` environment variable;
 *   3. `lib/<os>-<arch>/libsnkv.{so,dylib,dll}` next to this module (a local build);
 *   4. the npm platform package `@snkv/snkv-<os>-<arch>` (an optional dependency of the
 *      main package), then a checksum-verified download cache (not available yet: see
 *      {@link packagedLibraryCandidates}).
 * An explicit path (1 or 2) is authoritative: if it fails, nothing else is tried, so a
 * typo never silently loads some other build. A failure names every place tried, the
 * platform and the reason. After loading, the library's ABI version must equal
 * {@link ABI_VERSION}. The library stays open for the life of the process.
 * @module
 */
import { createBunBackend } from "./bun.ts";
import { createDenoBackend } from "./deno.ts";
import type { NativeFunctions } from "./symbols.ts";

/** The ABI version of the snkv_* calls this layer was written for (snkv.h SNKV_ABI_VERSION). */
export const ABI_VERSION = 1;

/** A loaded library: its bound functions, and how to unload it (only if it is rejected). */
export interface OpenedLibrary {
  readonly functions: NativeFunctions;
  close(): void;
}

/** What the loader needs from a runtime (Deno or Bun). */
export interface Backend {
  readonly runtime: "deno" | "bun";
  /** Node-style names: linux, darwin, win32. */
  readonly os: string;
  /** Node-style names: x64, arm64. */
  readonly arch: string;
  /** Opens the library at `path`; throws if the runtime cannot. */
  open(path: string): OpenedLibrary;
  /** null if `path` is a readable file, else why not. */
  fileStatus(path: string): string | null;
  env(name: string): string | undefined;
  cwd(): string;
}

/** Thrown when no usable native library was found; the message lists every place tried. */
export class LibraryLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LibraryLoadError";
  }
}

const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";
const isDeno = !isBun && typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";

// Both backend modules are imported (nothing in them runs at import time: no top-level
// await, which would make importing SNKV asynchronous), but only this runtime's factory
// is called: bun:ffi is never touched on Deno, nor Deno.dlopen on Bun.
const backend: Backend | null = isBun ? createBunBackend() : isDeno ? createDenoBackend() : null;

/** The platform folder name under lib/, e.g. "linux-x64". */
export const platform: string = backend ? `${backend.os}-${backend.arch}` : "unknown";

// Path helpers written here rather than imported from node:path / node:url: a Deno project
// whose node_modules is managed by npm needs @types/node to type-check any node: import,
// and this module should not impose that on its users.
const isWindows = () => backend?.os === "win32";

/** An absolute form of `p` (relative paths are taken from the working directory). */
function absolute(p: string): string {
  if (p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\")) return p;
  const sep = isWindows() ? "\\" : "/";
  const cwd = backend!.cwd();
  return (cwd.endsWith(sep) ? cwd : cwd + sep) + (p.startsWith("./") ? p.slice(2) : p);
}

/** The file-system path of a file: URL. */
function urlToPath(url: URL): string {
  const path = decodeURIComponent(url.pathname);
  if (!isWindows()) return path;
  const local = path.replace(/^\/([A-Za-z]:)/, "$1").replaceAll("/", "\\");
  return url.host ? `\\\\${url.host}${local}` : local;
}

/** The library's file name on this platform. */
export function libraryFileName(os: string = backend?.os ?? ""): string {
  if (os === "darwin") return "libsnkv.dylib";
  if (os === "win32") return "libsnkv.dll";
  return "libsnkv.so";
}

interface Candidate {
  readonly source: string;
  readonly path: string | null;
  /** Why there is no path (when path is null). */
  readonly reason?: string;
  /** Authoritative: if it fails, stop. */
  readonly explicit: boolean;
}

/** The npm package that carries this platform's library (see scripts/pack-platforms.mjs). */
const platformPackage = `@snkv/snkv-${platform}`;

/** This module's folder, or null when it is not on the file system. */
function moduleDir(): string | null {
  const url = new URL(".", import.meta.url);
  return url.protocol === "file:" ? urlToPath(url).replace(/[\\/]+$/, "") : null;
}

/** The folder above `dir`, or null at a root ("/", "C:\\"). */
function parentDir(dir: string): string | null {
  const i = Math.max(dir.lastIndexOf("/"), dir.lastIndexOf("\\"));
  if (i < 0) return null;
  if (i === 0) return dir.length > 1 ? "/" : null;
  if (i === 2 && dir[1] === ":") return dir.length > 3 ? dir.slice(0, 3) : null;
  return dir.slice(0, i);
}

/**
 * Where npm put the platform package: the node_modules folders above this module (Node's
 * search order) and, for Deno's global npm
 * cache, beside this package's own folder. A download cache verified against a pinned
 * SHA-256 (for JSR users) would be tried after it; it does not exist yet.
 */
function packagedLibraryCandidates(): Candidate[] {
  const source = `platform package ${platformPackage}`;
  const file = libraryFileName();
  const sep = isWindows() ? "\\" : "/";
  const found = (path: string): Candidate[] => [{ source, path, explicit: false }];
  // (Not import.meta.resolve: `deno publish` rejects it as unanalyzable, and the walk
  // below finds the same folder.)
  const here = moduleDir();
  if (here !== null) {
    for (let dir: string | null = here; dir !== null; dir = parentDir(dir)) {
      const path = [dir.replace(/[\\/]$/, ""), "node_modules", ...platformPackage.split("/"), file].join(sep);
      if (backend!.fileStatus(path) === null) return found(path);
    }
    // Deno's npm cache: .../registry.npmjs.org/@snkv/snkv/<version>/... beside
    //                   .../registry.npmjs.org/@snkv/snkv-<platform>/<version>/
    const m = /^(.*[\\/]@snkv[\\/])snkv([\\/][^\\/]+[\\/])/.exec(here);
    if (m) {
      const path = `${m[1]}snkv-${platform}${m[2]}${file}`;
      if (backend!.fileStatus(path) === null) return found(path);
    }
  }
  return [
    {
      source,
      path: null,
      reason: "not installed (not in any node_modules above the module)",
      explicit: false,
    },
    { source: "download cache", path: null, reason: "not available yet in this version", explicit: false },
  ];
}

/**
 * The lib/ folder of a checkout: the package root is two folders above src/ffi/loader.ts
 * (three above the transpiled dist/src/ffi/loader.js of the npm package).
 */
function localBuildCandidate(): Candidate {
  const source = "local build next to the module";
  const up = /[\\/]dist[\\/]src[\\/]ffi[\\/][^\\/]+$/.test(import.meta.url) ? "../../../" : "../../";
  const url = new URL(`${up}lib/${platform}/${libraryFileName()}`, import.meta.url);
  if (url.protocol !== "file:") {
    return { source, path: null, reason: `module is not on the file system (${url.href})`, explicit: false };
  }
  return { source, path: urlToPath(url), explicit: false };
}

function candidates(libraryPath: string | undefined): Candidate[] {
  if (libraryPath !== undefined) {
    return [{ source: "libraryPath option", path: absolute(libraryPath), explicit: true }];
  }
  let fromEnv: string | undefined;
  let envReason: string | undefined;
  try {
    fromEnv = backend!.env("SNKV_LIB_PATH");
  } catch (e) {
    envReason = `cannot read it (${(e as Error).message})`;
  }
  if (fromEnv) return [{ source: "SNKV_LIB_PATH", path: absolute(fromEnv), explicit: true }];
  return [
    { source: "SNKV_LIB_PATH", path: null, reason: envReason ?? "not set", explicit: false },
    localBuildCandidate(),
    ...packagedLibraryCandidates(),
  ];
}

function tryOpen(path: string): { lib?: OpenedLibrary; reason?: string } {
  const status = backend!.fileStatus(path);
  if (status !== null) return { reason: status };
  let lib: OpenedLibrary;
  try {
    lib = backend!.open(path);
  } catch (e) {
    return { reason: `cannot load: ${(e as Error).message ?? e}` };
  }
  let abi: number;
  try {
    abi = lib.functions.snkv_abi_version();
  } catch (e) {
    lib.close();
    return { reason: `no usable snkv_abi_version(): ${(e as Error).message ?? e}` };
  }
  if (abi !== ABI_VERSION) {
    lib.close();
    return { reason: `ABI version ${abi}, this module needs ${ABI_VERSION}` };
  }
  return { lib };
}

let loaded: { path: string; lib: OpenedLibrary } | null = null;

/**
 * Opens the native library (once per process) and returns its functions. A later call
 * naming a different `libraryPath` throws: one process uses one library.
 */
export function loadLibrary(libraryPath?: string): { path: string; functions: NativeFunctions } {
  if (loaded) {
    if (libraryPath !== undefined && absolute(libraryPath) !== loaded.path) {
      throw new LibraryLoadError(
        `the SNKV library is already loaded from ${loaded.path}; ` +
          `libraryPath ${absolute(libraryPath)} cannot be loaded as well (one library per process)`,
      );
    }
    return { path: loaded.path, functions: loaded.lib.functions };
  }
  if (!backend) {
    throw new LibraryLoadError("SNKV needs Deno or Bun (no FFI backend for this runtime)");
  }
  const tried: string[] = [];
  for (const c of candidates(libraryPath)) {
    if (c.path === null) {
      tried.push(`  - ${c.source}: ${c.reason}`);
      continue;
    }
    const { lib, reason } = tryOpen(c.path);
    if (lib) {
      loaded = { path: c.path, lib };
      return { path: c.path, functions: lib.functions };
    }
    tried.push(`  - ${c.source}: ${c.path}: ${reason}`);
    if (c.explicit) break;
  }
  const hint = backend.runtime === "deno" ? " (Deno needs --allow-ffi, --allow-read and --allow-env)" : "";
  throw new LibraryLoadError(
    `cannot load the SNKV native library for ${platform} on ${backend.runtime}${hint}. Tried:\n` +
      tried.join("\n") +
      "\nBuild it with `npm run build`, or pass libraryPath / set SNKV_LIB_PATH.",
  );
}
