// Small runtime-neutral helpers shared by the test files (not a test file itself).
// Only node: modules and web APIs, so the same code runs under Deno and Bun.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { SnkvError } from "../../mod.ts";
import { execPrefix } from "../harness.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string. */
export const enc = (s: string): Uint8Array => encoder.encode(s);
/** UTF-8 text of bytes (throws if `b` is undefined, so a missing value fails loudly). */
export function dec(b: Uint8Array | undefined): string {
  assert.ok(b instanceof Uint8Array, "expected a Uint8Array, got " + String(b));
  return decoder.decode(b);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function sha256hex(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Size of a file in bytes, or -1 if it does not exist. */
export function fileSize(path: string): number {
  try {
    return fs.statSync(path).size;
  } catch {
    return -1;
  }
}

export function exists(path: string): boolean {
  return fs.existsSync(path);
}

/** Absolute path of a file next to the tests (e.g. "helpers/writer.ts"). */
export function testFile(rel: string): string {
  return fileURLToPath(new URL("../" + rel, import.meta.url));
}

/** Bytes `0..n-1` each `(i * mul + add) % 256` — deterministic binary data. */
export function pattern(n: number, mul = 1, add = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * mul + add) & 0xff;
  return out;
}

/** Keys of an iterable of [key, value] pairs, decoded as UTF-8. */
export function keysOf(it: Iterable<[Uint8Array, Uint8Array]>): string[] {
  const out: string[] = [];
  for (const [k] of it) out.push(decoder.decode(k));
  return out;
}

/** [key, value] pairs of an iterable, both decoded as UTF-8. */
export function pairsOf(it: Iterable<[Uint8Array, Uint8Array]>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of it) out.push([decoder.decode(k), decoder.decode(v)]);
  return out;
}

/** Asserts that `fn` throws an instance of `cls` (and, if given, with this `code`). */
export function throwsCode(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  cls: new (...args: any[]) => Error,
  code?: string,
): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected ${cls.name}${code ? " " + code : ""}, nothing was thrown`);
  assert.ok(
    caught instanceof cls,
    `expected ${cls.name}, got ${(caught as Error)?.constructor?.name}: ${(caught as Error)?.message}`,
  );
  if (code !== undefined) {
    assert.ok(caught instanceof SnkvError, "expected a SnkvError with a code");
    assert.equal((caught as SnkvError).code, code, `message: ${(caught as Error).message}`);
  }
  return caught as Error;
}

/** Asserts `fn` throws SnkvError with code "CLOSED". */
export function throwsClosed(fn: () => unknown): void {
  throwsCode(fn, SnkvError, "CLOSED");
}

/** Command line that runs a TypeScript file with the current runtime. */
export function runtimeArgv(script: string, args: string[] = []): [string, string[]] {
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
  const [cmd, ...pre] = [...execPrefix(), process.execPath];
  return isDeno ? [cmd, [...pre, "run", "-A", script, ...args]] : [cmd, [...pre, script, ...args]];
}

export interface Child {
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  kill(signal?: "SIGKILL" | "SIGTERM"): void;
}

/**
 * Starts a TypeScript file in a child process of the current runtime and streams its output
 * (the harness' runScript waits for the exit; crash and concurrency tests need the process live).
 */
export function startScript(script: string, args: string[] = [], env: Record<string, string> = {}): Child {
  const [cmd, argv] = runtimeArgv(script, args);
  const child = spawn(cmd, argv, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => (out += d));
  child.stderr!.on("data", (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  return {
    exited,
    stdout: () => out,
    stderr: () => err,
    kill: (signal: "SIGKILL" | "SIGTERM" = "SIGKILL") => {
      child.kill(signal);
    },
  };
}

/** Resident set size of this process in bytes. */
export function rss(): number {
  return process.memoryUsage().rss;
}

/** Best-effort garbage collection (Bun always; Deno/Node only with --expose-gc). */
export function tryGc(): void {
  const g = globalThis as { Bun?: { gc(force: boolean): void }; gc?: () => void };
  if (g.Bun) g.Bun.gc(true);
  else if (typeof g.gc === "function") g.gc();
}
