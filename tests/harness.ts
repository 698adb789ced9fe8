/**
 * The tiny test harness every test file uses, so one file runs under both `deno test` and
 * `bun test`. Each runtime only touches its own APIs (bun:test is imported through a
 * variable, so Deno never resolves it).
 * @module
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

/** The runtime running the tests. */
export const runtime: "deno" | "bun" = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined"
  ? "bun"
  : "deno";

type TestFn = () => void | Promise<void>;
type BunTest = (name: string, fn: TestFn, timeoutMs?: number) => void;
interface BunSpawned {
  exited: Promise<number>;
  stdout: ReadableStream<Uint8Array>;
  stderr: ReadableStream<Uint8Array>;
}
interface BunGlobal {
  spawn(
    cmd: string[],
    opts: { env: Record<string, string | undefined>; stdout: "pipe"; stderr: "pipe" },
  ): BunSpawned;
}

const BUN_TEST = "bun:test";
const bunTest: BunTest | null = runtime === "bun"
  ? ((await import(BUN_TEST)) as { test: BunTest }).test
  : null;

// bun:test's default per-test timeout (5 s) is too short for tests that spawn processes.
const DEFAULT_BUN_TIMEOUT = 60_000;

function withTimeout(fn: TestFn, ms: number, name: string): TestFn {
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`test "${name}" timed out after ${ms} ms`)), ms);
    });
    try {
      await Promise.race([fn(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Options of {@link test}. */
export interface TestOptions {
  /** Milliseconds before the test fails (Bun default here: 60 s; Deno: none unless given). */
  timeout?: number;
}

/**
 * Declares a test: Deno.test (with the op and resource sanitizers off, since FFI handles and
 * child processes are checked by the tests themselves) or bun:test's `test`. The options
 * may also come second, `test(name, { timeout }, fn)`, as in Deno.test.
 */
export function test(name: string, fn: TestFn, opts?: TestOptions): void;
export function test(name: string, opts: TestOptions, fn: TestFn): void;
export function test(name: string, a: TestFn | TestOptions, b?: TestFn | TestOptions): void {
  const fn = (typeof a === "function" ? a : b) as TestFn;
  const opts = (typeof a === "function" ? b : a) as TestOptions | undefined;
  if (typeof fn !== "function") throw new TypeError(`test "${name}": no test function`);
  if (bunTest) {
    bunTest(name, fn, opts?.timeout ?? DEFAULT_BUN_TIMEOUT);
    return;
  }
  Deno.test({
    name,
    fn: opts?.timeout ? withTimeout(fn, opts.timeout, name) : fn,
    sanitizeOps: false,
    sanitizeResources: false,
  });
}

const tempDirs: string[] = [];
let cleanupRegistered = false;

function cleanup(): void {
  for (const d of tempDirs.splice(0)) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort: a store left open by a failing test may still hold files on Windows
    }
  }
}

/** A fresh empty directory, removed when the process exits (if possible). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "snkv-test-"));
  tempDirs.push(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    if (runtime === "deno") globalThis.addEventListener("unload", cleanup);
    else process.on("exit", cleanup);
  }
  return dir;
}

const testsDir = fileURLToPath(new URL(".", import.meta.url));

/** Copies tests/fixtures/<name> into a fresh temporary directory and returns the copy's path. */
export function fixture(name: string): string {
  const to = join(tempDir(), name);
  copyFileSync(join(testsDir, "fixtures", name), to);
  return to;
}

/**
 * Words to put before the runtime's executable when starting a child process: from
 * SNKV_TEST_EXEC_PREFIX, e.g. "qemu-aarch64 -L /usr/aarch64-linux-gnu" when the tests run
 * under user-mode emulation (scripts/test-arm64.mjs), where the kernel cannot start the
 * emulated runtime's own executable by itself.
 */
export function execPrefix(): string[] {
  return (process.env.SNKV_TEST_EXEC_PREFIX ?? "").split(" ").filter(Boolean);
}

/**
 * Runs a TypeScript file with the current runtime (`deno run -A` or `bun`) in a child
 * process and collects its exit code and output. `env` adds to the current environment.
 */
export async function runScript(
  file: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const path = file.startsWith("file:") ? fileURLToPath(file) : file;
  if (runtime === "deno") {
    const [cmd, ...pre] = [...execPrefix(), Deno.execPath()];
    const out = await new Deno.Command(cmd, {
      args: [...pre, "run", "-A", path, ...args],
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  }
  const bun = (globalThis as unknown as { Bun: BunGlobal }).Bun;
  const child = bun.spawn([...execPrefix(), process.execPath, path, ...args], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, stdout, stderr };
}

/**
 * Path of the native library the tests use, for tests that pass `libraryPath`:
 * SNKV_LIB_PATH if set (the library under test), else the one `npm run build` makes.
 */
export function libPath(): string {
  const fromEnv = process.env.SNKV_LIB_PATH;
  if (fromEnv) return fromEnv;
  const os = process.platform;
  const file = os === "darwin" ? "libsnkv.dylib" : os === "win32" ? "libsnkv.dll" : "libsnkv.so";
  return join(testsDir, "..", "lib", `${os}-${process.arch}`, file);
}
