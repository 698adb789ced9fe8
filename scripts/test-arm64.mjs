// Runs the TypeScript test suite against lib/linux-arm64/libsnkv.so on an x86-64 Linux
// host, under user-mode emulation: the arm64 builds of Deno and Bun (npm packages
// @deno/linux-arm64-glibc and @oven/bun-linux-aarch64, the versions pinned in package.json)
// run in qemu-aarch64 with Debian's arm64 loader and libc as the sysroot.
//
//   node scripts/test-arm64.mjs [--runtime deno|bun|both] [test files...]   (default: both, tests/)
//
// Needs: Debian packages qemu-user, libc6-arm64-cross and libgcc-s1-arm64-cross (installed
// with apt-get when missing and running as root), the library (built with
// `npm run build:cross` when missing), and the npm registry once for the runtimes, which go
// to .snkv-tools/arm64 (never into package.json).
//
// Child processes: a test that starts the runtime again starts its arm64 executable, which
// the kernel only runs through a binfmt_misc handler for aarch64 (absent in most
// containers). Without one, SNKV_TEST_EXEC_PREFIX="qemu-aarch64 -L <sysroot>" is set and the
// test harness starts children through it. The summary names every failing test.
// On an arm64 Linux host the runtimes run natively and no emulation is used.
// Node 20 built-ins only. Ends with one line "N passed, M failed".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = join(root, ".snkv-tools", "arm64");
const sysroot = process.env.SNKV_ARM64_SYSROOT || "/usr/aarch64-linux-gnu";
const libPath = join(root, "lib", "linux-arm64", "libsnkv.so");
const native = process.platform === "linux" && process.arch === "arm64";

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const versions = { deno: pkg.devDependencies?.deno, bun: pkg.devDependencies?.bun };
const RUNTIMES = {
  deno: {
    pkg: "@deno/linux-arm64-glibc",
    exe: join(toolsDir, "node_modules", "@deno", "linux-arm64-glibc", "deno"),
  },
  bun: {
    pkg: "@oven/bun-linux-aarch64",
    exe: join(toolsDir, "node_modules", "@oven", "bun-linux-aarch64", "bin", "bun"),
  },
};

function log(msg) {
  console.log(msg);
}

function run(cmd, args, opts = {}) {
  log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  return r.error ? 127 : (r.status ?? 1);
}

function have(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** qemu-aarch64 and the arm64 sysroot (loader, libc, libgcc_s for Deno). */
function ensureEmulator() {
  const needed = [];
  if (!have("qemu-aarch64")) needed.push("qemu-user");
  if (!existsSync(join(sysroot, "lib", "ld-linux-aarch64.so.1"))) needed.push("libc6-arm64-cross");
  if (!existsSync(join(sysroot, "lib", "libgcc_s.so.1"))) needed.push("libgcc-s1-arm64-cross");
  if (!needed.length) return;
  const root_ = process.getuid?.() === 0;
  if (!root_ || !have("apt-get")) {
    throw new Error(`missing: ${needed.join(", ")} (Debian/Ubuntu: apt-get install ${needed.join(" ")})`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (
    run("apt-get", ["update"], { env }) !== 0 || run("apt-get", ["install", "-y", ...needed], { env }) !== 0
  ) {
    throw new Error(`apt-get install ${needed.join(" ")} failed`);
  }
}

function runtimeVersion(name) {
  const r = runEmulated(RUNTIMES[name].exe, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0] : null;
}

function ensureRuntime(name) {
  const { pkg: pkgName, exe } = RUNTIMES[name];
  const want = versions[name];
  if (!want) throw new Error(`package.json has no devDependencies.${name} version to match`);
  const have_ = existsSync(exe) ? runtimeVersion(name) : null;
  if (have_ && have_.includes(want)) return;
  // --force with --os/--cpu: npm otherwise skips a package built for another CPU.
  const code = run("npm", [
    "install",
    "--no-save",
    "--no-audit",
    "--no-fund",
    "--no-package-lock",
    "--force",
    "--os=linux",
    "--cpu=arm64",
    "--prefix",
    toolsDir,
    `${pkgName}@${want}`,
  ]);
  if (code !== 0 || !existsSync(exe)) throw new Error(`npm install ${pkgName}@${want} failed (exit ${code})`);
}

function emulated(exe, args) {
  return native ? [exe, args] : ["qemu-aarch64", ["-L", sysroot, exe, ...args]];
}

function runEmulated(exe, args, opts = {}) {
  const [cmd, argv] = emulated(exe, args);
  return spawnSync(cmd, argv, { cwd: root, env: testEnv(), ...opts });
}

function testEnv() {
  const env = {
    ...process.env,
    SNKV_LIB_PATH: libPath,
    // Used by qemu for any arm64 process it starts (and by a binfmt_misc handler, if any).
    QEMU_LD_PREFIX: sysroot,
    NO_COLOR: "1",
  };
  // Deno takes any FORCE_COLOR, even 0, as "colour on", and examples then print escape codes.
  delete env.FORCE_COLOR;
  // Without binfmt_misc the kernel cannot start an arm64 executable: the test harness puts
  // this in front of the runtime when a test starts a child process.
  if (!native && !binfmtAarch64()) env.SNKV_TEST_EXEC_PREFIX = `qemu-aarch64 -L ${sysroot}`;
  return env;
}

/** Is there a binfmt_misc handler for aarch64 ELF files (so child processes run too)? */
function binfmtAarch64() {
  const dir = "/proc/sys/fs/binfmt_misc";
  try {
    return readdirSync(dir).some((f) => {
      try {
        const text = readFileSync(join(dir, f), "utf8");
        return text.startsWith("enabled") && /magic 7f454c460201010000000000000000000200b700/.test(text);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

function runCaptured(exe, args) {
  const [cmd, argv] = emulated(exe, args);
  log(`$ ${[cmd, ...argv].join(" ")}`);
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(cmd, argv, { cwd: root, env: testEnv() });
    const take = (s, sink) =>
      s.on("data", (d) => {
        output += d.toString();
        sink.write(d);
      });
    take(child.stdout, process.stdout);
    take(child.stderr, process.stderr);
    child.on("error", (e) => resolve({ code: 127, output: output + `\ncannot run ${cmd}: ${e.message}\n` }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function parseDeno(out) {
  const m = [...out.matchAll(/(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].pop();
  if (!m) return null;
  // "name => ./tests/x.test.ts:12:3" lines in the ERRORS / FAILURES section
  const failedNames = [...out.matchAll(/^(.+?) => \.\/tests\/\S+$/gm)].map((x) => x[1]);
  return { passed: Number(m[1]), failed: Number(m[2]), failedNames: [...new Set(failedNames)] };
}

function parseBun(out) {
  const pass = [...out.matchAll(/^\s*(\d+) pass\s*$/gm)].pop();
  const fail = [...out.matchAll(/^\s*(\d+) fail\s*$/gm)].pop();
  const errors = [...out.matchAll(/^\s*(\d+) errors?\s*$/gm)].pop();
  if (!pass && !fail) return null;
  const failedNames = [...out.matchAll(/^\(fail\) (.+?)(?: \[[\d.]+m?s\])?$/gm)].map((x) => x[1]);
  return {
    passed: Number(pass?.[1] ?? 0),
    failed: Number(fail?.[1] ?? 0) + Number(errors?.[1] ?? 0),
    failedNames: [...new Set(failedNames)],
  };
}

async function main() {
  const args = process.argv.slice(2);
  let which = "both";
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--runtime") which = args[++i];
    else if (args[i].startsWith("--runtime=")) which = args[i].slice(10);
    else files.push(args[i]);
  }
  if (!["deno", "bun", "both"].includes(which)) {
    console.error(`--runtime must be deno, bun or both (got ${which})`);
    process.exit(2);
  }
  if (process.platform !== "linux" || (process.arch !== "x64" && !native)) {
    console.error(
      `this script needs Linux on x64 (emulating arm64) or arm64; this is ${process.platform}-${process.arch}`,
    );
    process.exit(2);
  }
  const runtimes = which === "both" ? ["deno", "bun"] : [which];
  const results = [];
  try {
    if (!native) ensureEmulator();
    if (!existsSync(libPath)) {
      log(`${libPath} is missing: building it`);
      if (run(process.execPath, [join(root, "scripts", "build-cross.mjs"), "linux-arm64"]) !== 0) {
        throw new Error("the linux-arm64 cross build failed");
      }
    }
    for (const r of runtimes) ensureRuntime(r);
  } catch (e) {
    console.error(e.message);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  const childrenRun = native || binfmtAarch64();
  log(`library: ${libPath}`);
  log(native ? "running natively (arm64 host)" : `emulating with qemu-aarch64 -L ${sysroot}`);
  if (!childrenRun) {
    log(
      `no binfmt_misc handler for aarch64: child processes are started as qemu-aarch64 -L ${sysroot} <runtime> ...`,
    );
    log(
      "(SNKV_TEST_EXEC_PREFIX, read by tests/harness.ts; a test that starts the runtime some other way fails with ENOEXEC)",
    );
  }
  for (const r of runtimes) {
    log(`\n=== ${r} ${runtimeVersion(r)} (linux-arm64) ===`);
    const testArgs = r === "deno" ? ["test", "-A", ...(files.length ? files : ["tests/"])] : [
      "test",
      ...(files.length
        ? files.map((f) => (f.startsWith(".") || f.startsWith("/") ? f : `./${f}`))
        : ["./tests/"]),
    ];
    const { code, output } = await runCaptured(RUNTIMES[r].exe, testArgs);
    // deno test colours its report even with NO_COLOR under emulation: strip ANSI codes.
    const plain = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
    const parsed = (r === "deno" ? parseDeno : parseBun)(plain);
    if (!parsed) {
      results.push({ r, passed: 0, failed: 1, note: `no summary (exit ${code})`, failedNames: [] });
    } else if (code !== 0 && parsed.failed === 0) {
      results.push({ r, ...parsed, failed: 1, note: `exit ${code} with no failed test reported` });
    } else results.push({ r, ...parsed });
  }
  log("\n=== linux-arm64 summary ===");
  for (const x of results) {
    log(`  ${x.r}: ${x.passed} ok / ${x.failed} not ok${x.note ? ` (${x.note})` : ""}`);
    for (const n of x.failedNames) log(`    failed: ${n}`);
  }
  const passed = results.reduce((n, x) => n + x.passed, 0);
  const failed = results.reduce((n, x) => n + x.failed, 0);
  log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
