// Shared set-up for the npm / deno task scripts: paths, running commands, installing the
// pinned runtimes and building the native library. Node 20 built-ins only (Deno runs these
// scripts too, through `deno task`).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const isWindows = process.platform === "win32";
export const platform = `${process.platform}-${process.arch}`;
export const buildDir = process.env.SNKV_BUILD_DIR || join(root, "build");
const libName = process.platform === "darwin" ? "libsnkv.dylib" : isWindows ? "libsnkv.dll" : "libsnkv.so";
export const libPath = join(root, "lib", platform, libName);

/** Path of an npm-installed binary (deno, bun). */
export function bin(name) {
  return join(root, "node_modules", ".bin", isWindows ? `${name}.cmd` : name);
}

/** Runs a command with inherited stdio; returns its exit code. */
export function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, shell: isWindows, ...opts });
  if (r.error) {
    console.error(`cannot run ${cmd}: ${r.error.message}`);
    return 127;
  }
  return r.status ?? 1;
}

/**
 * Runs a command, streaming its output while keeping a copy for parsing.
 * Resolves to { code, output }; a command that cannot start gives code 127.
 */
export function runCaptured(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  return new Promise((resolve) => {
    let output = "";
    // Plain output, for parsing and for tests that compare a child's output. FORCE_COLOR
    // is removed: Deno turns colours on when it is set at all, even to "0".
    const env = { ...process.env, NO_COLOR: "1" };
    delete env.FORCE_COLOR;
    const child = spawn(cmd, args, { cwd: root, shell: isWindows, env, ...opts });
    const take = (stream, sink) =>
      stream.on("data", (d) => {
        output += d.toString();
        sink.write(d);
      });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on("error", (e) => {
      output += `\ncannot run ${cmd}: ${e.message}\n`;
      console.error(`cannot run ${cmd}: ${e.message}`);
      resolve({ code: 127, output });
    });
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** The Deno to run: this one under `deno task`, else the pinned one from npm. */
export function denoBin() {
  return globalThis.Deno ? globalThis.Deno.execPath() : bin("deno");
}

/**
 * Installs the pinned runtimes through npm (`npm install`) if one that is needed is missing.
 * Under `deno task`, Deno itself is already there.
 */
export function ensureRuntimes({ bun = true } = {}) {
  const missing = [];
  if (!globalThis.Deno && !existsSync(bin("deno"))) missing.push("deno");
  if (bun && !existsSync(bin("bun"))) missing.push("bun");
  if (missing.length === 0) return;
  console.log(`${missing.join(" and ")} missing from node_modules: running npm install`);
  const code = run("npm", ["install", "--no-audit", "--no-fund"]);
  const still = missing.filter((name) => !existsSync(bin(name)));
  if (code !== 0 || still.length > 0) {
    throw new Error(
      `npm install failed (exit ${code}) or did not provide node_modules/.bin/${still.join(", ")}`,
    );
  }
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

// The library's size and mtime after our last build. A library that differs was written by
// something else (e.g. a cross build whose output folder is also lib/<os>-<arch>): it is
// removed so that CMake links the host build again, since make would see it as up to date.
const stampPath = join(buildDir, "snkv-lib.stamp.json");

function libIdentity() {
  const st = statSync(libPath);
  return { size: st.size, mtimeMs: st.mtimeMs };
}

function foreignLibrary() {
  if (!existsSync(libPath)) return false;
  if (!existsSync(stampPath)) return true; // unknown origin: relinking costs a second
  try {
    const want = JSON.parse(readFileSync(stampPath, "utf8"));
    const got = libIdentity();
    return want.size !== got.size || want.mtimeMs !== got.mtimeMs;
  } catch {
    return false;
  }
}

/** True if the library is missing, older than any of its sources, or not our build's. */
export function libraryIsStale() {
  if (!existsSync(libPath) || foreignLibrary()) return true;
  const sources = ["c/snkv/src", "c/snkv/include", "CMakeLists.txt", "cmake"].map((p) => join(root, p));
  return Math.max(...sources.map(newestMtime)) > statSync(libPath).mtimeMs;
}

/**
 * Builds with CMake. `targets`: the targets to build, or none for everything configured.
 * `configure`: extra -D options; given, the configure step always runs (it is quick), so
 * a C test folder added since the last configure is picked up. Otherwise it runs only
 * when the build folder is new.
 */
export function cmakeBuild(targets = [], configure = null) {
  if (configure || !existsSync(join(buildDir, "CMakeCache.txt"))) {
    const code = run("cmake", ["-S", root, "-B", buildDir, ...(configure ?? [])]);
    if (code !== 0) return code;
  }
  if (foreignLibrary()) {
    console.log(`${libPath} was not made by this build folder: relinking it`);
    rmSync(libPath, { force: true });
  }
  const args = ["--build", buildDir, "-j2"];
  for (const t of targets) args.push("--target", t);
  const code = run("cmake", args);
  if (code === 0 && existsSync(libPath)) writeFileSync(stampPath, JSON.stringify(libIdentity()));
  return code;
}

/** Builds the library if it is missing or stale; returns an exit code. */
export function ensureLibrary() {
  if (!libraryIsStale()) {
    console.log(`native library is up to date: ${libPath}`);
    return 0;
  }
  const code = cmakeBuild(["snkv"]);
  if (code === 0 && !existsSync(libPath)) {
    console.error(`the build finished but ${libPath} is missing`);
    return 1;
  }
  return code;
}
